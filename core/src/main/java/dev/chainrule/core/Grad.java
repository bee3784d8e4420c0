package dev.chainrule.core;

/**
 * The grad-mode switch: while a {@link #disabled()} scope is open on a thread, ops on that thread record no
 * graph and their results require no gradient (like PyTorch's {@code torch.no_grad()}).
 *
 * <pre>{@code
 * try (var off = Grad.disabled()) {
 *     w.setValue(w.value() - lr * w.grad());   // an update that must not be recorded
 * }
 * }</pre>
 *
 * <p>Scopes nest and are per thread. The check on the hot path costs one plain read while no thread has a
 * scope open.
 */
public final class Grad {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** Number of disabled scopes open on all threads: 0 lets ops skip the thread-local look-up. */
    private static volatile int openAnywhere;
    private static final Object LOCK = new Object();

    private Grad() {
    }

    /** Whether ops on the current thread record a graph. */
    public static boolean isEnabled() {
        return openAnywhere == 0 || DEPTH.get()[0] == 0;
    }

    /** Opens a scope in which no graph is recorded on this thread; close it (try-with-resources) to restore. */
    public static Scope disabled() {
        int[] depth = DEPTH.get();
        depth[0]++;
        synchronized (LOCK) {
            openAnywhere++;
        }
        return new Scope(depth);
    }

    /** A grad-mode scope; closing it twice has no further effect. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("Grad.disabled(): a scope must be closed on the thread that "
                        + "opened it (" + owner.getName() + "); use try-with-resources on that thread");
            }
            closed = true;
            depth[0]--;
            synchronized (LOCK) {
                openAnywhere--;
            }
        }
    }
}
