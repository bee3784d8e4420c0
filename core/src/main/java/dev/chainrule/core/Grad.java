package dev.chainrule.core;

/**
 * The grad-mode switch: while a {@link #disabled()} scope is open on a thread, ops on that thread record no
 * graph and their results require no gradient (like PyTorch's {@code torch.no_grad()}); an {@link #enabled()}
 * scope inside it records again (PyTorch's {@code enable_grad}).
 *
 * <pre>{@code
 * try (var off = Grad.disabled()) {
 *     w.setValue(w.value() - lr * w.grad());   // an update that must not be recorded
 * }
 * }</pre>
 *
 * <p>Scopes nest and are per thread; close them in the reverse order of opening (try-with-resources does). The
 * check on the hot path costs one plain read while no thread has a scope open.
 */
public final class Grad {
    /** Per thread: the number of disabled scopes in force (an enabled scope sets it to 0 until it closes). */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** Number of scopes open on all threads: 0 lets ops skip the thread-local look-up. */
    private static volatile int openAnywhere;
    private static final Object LOCK = new Object();

    private Grad() {
    }

    /** {@return whether ops on the current thread record a graph} */
    public static boolean isEnabled() {
        return openAnywhere == 0 || DEPTH.get()[0] == 0;
    }

    /**
     * Opens a scope in which no graph is recorded on this thread; close it (try-with-resources) to restore.
     *
     * @return the open scope, to close on this thread
     */
    public static Scope disabled() {
        int[] depth = DEPTH.get();
        Scope s = new Scope(depth, depth[0], depth[0] + 1);
        depth[0]++;
        return s;
    }

    /**
     * Opens a scope in which ops record a graph again, even inside a {@link #disabled()} scope.
     *
     * @return the open scope, to close on this thread
     */
    public static Scope enabled() {
        int[] depth = DEPTH.get();
        Scope s = new Scope(depth, depth[0], 0);
        depth[0] = 0;
        return s;
    }

    /** A grad-mode scope: closing it restores the mode in force when it was opened; a second close does nothing. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private final int saved;
        private final int set;
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        private Scope(int[] depth, int saved, int set) {
            this.depth = depth;
            this.saved = saved;
            this.set = set;
            synchronized (LOCK) {
                openAnywhere++;
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("Grad scope: a scope must be closed on the thread that opened it ("
                        + owner.getName() + "); use try-with-resources on that thread");
            }
            if (depth[0] != set) {
                throw new IllegalStateException("Grad scope: scopes must be closed in the reverse order of opening; "
                        + "a scope opened later is still open (use try-with-resources)");
            }
            closed = true;
            depth[0] = saved;
            synchronized (LOCK) {
                openAnywhere--;
            }
        }
    }
}
