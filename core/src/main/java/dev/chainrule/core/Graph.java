package dev.chainrule.core;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The graph traversal shared by both front ends: a topological order found with an explicit stack (no
 * recursion, so graphs millions of nodes deep work on the default thread stack), visiting nodes by identity
 * through a per-traversal stamp, in a deterministic order (inputs in argument order).
 *
 * <p>A graph must not be traversed by two threads at once; separate graphs may be.
 */
final class Graph {
    private static final AtomicInteger EPOCH = new AtomicInteger();

    private Graph() {
    }

    /** A topological order: every node appears after all of its inputs; the root is last. */
    static final class Order {
        final Node[] nodes;
        final int size;

        Order(Node[] nodes, int size) {
            this.nodes = nodes;
            this.size = size;
        }
    }

    /**
     * The nodes that require grad and are reachable from {@code root} through nodes that require grad, in
     * post-order (inputs before the nodes computed from them). Checks every node before anything is changed:
     * a released interior node makes it throw, so a failed backward leaves no gradient half-accumulated.
     */
    static Order order(Node root, String what) {
        int epoch = EPOCH.incrementAndGet();
        Node[] out = new Node[64];
        Node[] stack = new Node[64];
        int[] next = new int[64];
        int sp = 0;
        int n = 0;
        checkNotReleased(root, what);
        root.mark = epoch;
        stack[sp] = root;
        next[sp] = 0;
        sp++;
        while (sp > 0) {
            Node node = stack[sp - 1];
            int i = next[sp - 1];
            if (i < node.inputCount()) {
                next[sp - 1] = i + 1;
                Node in = node.input(i);
                if (in.mark != epoch && in.requiresGradFlag()) {
                    checkNotReleased(in, what);
                    in.mark = epoch;
                    if (sp == stack.length) {
                        stack = Arrays.copyOf(stack, sp * 2);
                        next = Arrays.copyOf(next, sp * 2);
                    }
                    stack[sp] = in;
                    next[sp] = 0;
                    sp++;
                }
            } else {
                sp--;
                stack[sp] = null;
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = node;
            }
        }
        return new Order(out, n);
    }

    private static void checkNotReleased(Node node, String what) {
        if (node.isReleased()) {
            throw new IllegalStateException(what + ": the graph through '" + node.opName()
                    + "' was already released by an earlier backward pass, which frees saved values. "
                    + "Pass retainGraph = true to the first backward (e.g. backward(true)) to differentiate "
                    + "the same graph again, or recompute the forward pass.");
        }
    }
}
