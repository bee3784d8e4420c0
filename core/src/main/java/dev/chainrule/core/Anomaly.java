package dev.chainrule.core;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Anomaly detection: while a {@link #detect()} scope is open on a thread, every value an op computes on that
 * thread, forward and backward, is checked for NaN and infinity, and the first bad one throws an
 * {@link ArithmeticException} naming the op, its inputs' shapes and, for a backward value, where the op was
 * created (the cause's stack trace). Like PyTorch's {@code detect_anomaly}: slow, for debugging. When gradients
 * are recorded ({@code Autograd.grad} with {@code createGraph}), a bad value from an op run inside a backward rule
 * is reported as the backward rule's, with the site of the op that rule belongs to. A backward pass stopped by
 * an anomaly changes nothing: every gradient stays as it was, and the graph stays whole (so a second pass may
 * run, for instance outside the detection scope).
 *
 * <pre>{@code
 * try (var on = Anomaly.detect()) {
 *     loss = model(x);       // throws at the op that first produces NaN or infinity
 *     loss.backward();       // and at the backward rule that first does
 * }
 * }</pre>
 */
public final class Anomaly {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static volatile int openAnywhere;
    private static final Object LOCK = new Object();
    /** Where each node recorded under detection was created (weak keys: no node is kept alive by this). */
    private static final Map<Node, Throwable> SITES = Collections.synchronizedMap(new WeakHashMap<>());
    /** The node whose backward rule is running on this thread, if any (only tracked under detection). */
    private static final ThreadLocal<Node[]> RUNNING = ThreadLocal.withInitial(() -> new Node[1]);

    private Anomaly() {
    }

    /**
     * Opens a detection scope on this thread; close it (try-with-resources) to stop checking.
     *
     * @return the open scope, to close on this thread
     */
    public static Scope detect() {
        int[] depth = DEPTH.get();
        depth[0]++;
        synchronized (LOCK) {
            openAnywhere++;
        }
        return new Scope(depth);
    }

    /** Whether values are checked on the current thread (one plain read when no scope is open anywhere). */
    static boolean enabled() {
        return openAnywhere != 0 && DEPTH.get()[0] > 0;
    }

    /** Remembers where {@code node} is being created. */
    static void recordSite(Node node) {
        SITES.put(node, new Throwable("'" + node.opName() + "' was created here"));
    }

    /** Runs the backward rule of {@code node}, so that an anomaly in the ops it runs is reported as its own. */
    static <T> T inBackwardOf(Node node, Supplier<T> rule) {
        Node[] running = RUNNING.get();
        Node outer = running[0];
        running[0] = node;
        try {
            return rule.get();
        } finally {
            running[0] = outer;
        }
    }

    /** Checks a forward result; {@code inputs} describes the op's inputs for the message. */
    static void checkForward(String op, double[] values, Shape shape, String inputs) {
        int bad = firstBad(values);
        if (bad >= 0) {
            Node rule = RUNNING.get()[0];
            if (rule == null) {
                throw new ArithmeticException("Anomaly: '" + op + "' produced " + values[bad] + " at element " + bad
                        + " of its output of shape " + shape + " (inputs: " + inputs + ")");
            }
            ArithmeticException e = new ArithmeticException("Anomaly: the backward rule of '" + rule.opName()
                    + "' produced " + values[bad] + " (in its step '" + op + "', at element " + bad + " of shape "
                    + shape + "; inputs of that step: " + inputs + "); where '" + rule.opName()
                    + "' was created is the cause");
            e.initCause(SITES.get(rule));
            throw e;
        }
    }

    /** Checks the gradient that the backward rule of {@code node} computed for its input {@code index}. */
    static void checkBackward(Node node, int index, double[] values, Shape shape, String inputs) {
        int bad = firstBad(values);
        if (bad >= 0) {
            ArithmeticException e = new ArithmeticException("Anomaly: the backward rule of '" + node.opName()
                    + "' produced " + values[bad] + " at element " + bad + " of the gradient for its input " + index
                    + " of shape " + shape + " (inputs: " + inputs + "); where the op was created is the cause");
            e.initCause(SITES.get(node));
            throw e;
        }
    }

    private static int firstBad(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** A detection scope; closing it twice has no further effect. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (Thread.currentThread() != owner && !closed) {
                throw new IllegalStateException("Anomaly scope: close it on the thread that opened it ("
                        + owner.getName() + ")");
            }
            if (!closed) {
                closed = true;
                depth[0]--;
                synchronized (LOCK) {
                    openAnywhere--;
                }
            }
        }
    }
}
