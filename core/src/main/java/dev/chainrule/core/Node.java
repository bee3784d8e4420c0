package dev.chainrule.core;

/**
 * A vertex of a computation graph: the part that {@link Scalar} and (later) {@code Tensor} share, so that one
 * traversal, one release rule and one grad-mode switch serve both front ends.
 *
 * <p>A node knows its inputs only while the graph is alive; {@link #release()} drops them (and any saved
 * values) after a backward pass that did not ask to retain the graph.
 */
abstract class Node {
    static final byte REQUIRES_GRAD = 1;
    static final byte LEAF = 2;
    static final byte RELEASED = 4;
    /** A gradient handed out by a backward pass: it may share storage with other gradients, so no in-place op. */
    static final byte READ_ONLY = 8;

    /** Stamp of the last traversal that visited this node (identity-based visited set, no hashing). */
    int mark;
    byte flags;

    /** Number of inputs this node was computed from (0 for leaves, constants and released nodes). */
    abstract int inputCount();

    /** Input {@code i}, {@code 0 <= i < inputCount()}. */
    abstract Node input(int i);

    /** Drops the inputs and saved values so that the graph behind this node can be collected. */
    abstract void releaseInputs();

    /** Resets the gradient of an interior node before a backward pass; leaves keep theirs (they accumulate). */
    abstract void clearInteriorGrad();

    /** Short name of the op that produced this node, for error messages and graph export. */
    abstract String opName();

    /**
     * Throws if a value this node's backward rule reads was changed in place since the node was recorded; called
     * for every node of a pass before the pass writes anything. {@code what} names the pass for the message.
     */
    void checkSaved(String what) {
    }

    /**
     * The eager step of the reverse sweep ({@link Graph#reverse}): adds this node's contribution to its inputs'
     * gradients, from its own gradient, without recording. Under anomaly detection, checks what it computed.
     */
    abstract void propagate(boolean anomaly);

    /**
     * The recording step of the reverse sweep: adds this node's contribution to its inputs' gradients in
     * {@code grads} ({@link Graph#accumulate}), written with engine ops so that it can be differentiated again.
     */
    abstract void propagate(Node g, java.util.IdentityHashMap<Node, Node> grads);

    /** this + other, for gradients of the same kind (a recording pass sums them with it). */
    abstract Node plus(Node other);

    /** This node's gradient, to hand back to {@link #restoreGrad} if a pass fails. */
    abstract Object saveGrad();

    /** Puts back a gradient taken by {@link #saveGrad}. */
    abstract void restoreGrad(Object saved);

    final boolean requiresGradFlag() {
        return (flags & REQUIRES_GRAD) != 0;
    }

    final boolean isLeafFlag() {
        return (flags & LEAF) != 0;
    }

    final boolean isReleased() {
        return (flags & RELEASED) != 0;
    }

    final void release() {
        releaseInputs();
        flags |= RELEASED;
    }
}
