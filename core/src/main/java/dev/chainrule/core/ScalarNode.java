package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;

/**
 * The graph-node half of {@link Scalar}: its value, gradient, op code and inputs, and its steps of the reverse
 * sweep ({@link Graph#reverse}), eager (double arithmetic, no allocation) and recording (engine ops, for higher
 * order). An op is one byte indexing the op table ({@link Pointwise}) or n-ary sum and dot, so that a node stays
 * small; a user's op ({@link ScalarOp}) keeps its partial derivatives beside its inputs. {@link Scalar} adds the
 * factories and the ops; users see one class.
 */
abstract class ScalarNode extends Node {
    static final Unary[] UNARY = Unary.values();
    static final Binary[] BINARY = Binary.values();
    static final int LEAF_OP = 0;
    static final int U0 = 1;
    static final int B0 = U0 + UNARY.length;
    static final int SUM = B0 + BINARY.length;
    static final int DOT = SUM + 1;
    /**
     * A user's op ({@link ScalarOp}): {@code args} holds its n inputs, then its n partial derivatives (Scalars,
     * recorded, so that they can be differentiated again), then a constant labelled with the op's name.
     */
    static final int CUSTOM = DOT + 1;

    double value;
    double grad;
    Scalar a;
    Scalar b;
    Scalar[] args;
    final byte op;

    ScalarNode(double value, byte flags) {
        this.value = value;
        this.flags = flags;
        this.op = LEAF_OP;
    }

    ScalarNode(double value, int op, Scalar a, Scalar b, Scalar[] args) {
        this.value = value;
        this.flags = REQUIRES_GRAD;
        this.op = (byte) op;
        this.a = a;
        this.b = b;
        this.args = args;
    }


    /** This node as the Scalar it is (every ScalarNode is one). */
    final Scalar self() {
        return (Scalar) this;
    }

    // ---------------------------------------------------------------- the sweep's steps and graph plumbing

    /** Adds this node's contribution to the gradients of its inputs (eager, double arithmetic). */
    @Override
    void propagate(boolean anomaly) {
        int o = op;
        if (o == LEAF_OP) {
            return;
        }
        if (anomaly) {
            propagate(false);
            checkInputGrads();
            return;
        }
        double g = grad;
        if (o < B0) {
            a.grad += UNARY[o - U0].grad(a.value, value, g);
        } else if (o < SUM) {
            Binary f = BINARY[o - B0];
            Scalar x = a;
            Scalar y = b;
            if ((x.flags & REQUIRES_GRAD) != 0) {
                x.grad += f.gradA(x.value, y.value, value, g);
            }
            if ((y.flags & REQUIRES_GRAD) != 0) {
                y.grad += f.gradB(x.value, y.value, value, g);
            }
        } else if (o == SUM) {
            for (Scalar t : args) {
                if ((t.flags & REQUIRES_GRAD) != 0) {
                    t.grad += g;
                }
            }
        } else if (o == DOT) {
            Scalar[] in = args;
            int n = in.length / 2;
            for (int i = 0; i < n; i++) {
                Scalar x = in[i];
                Scalar y = in[n + i];
                if ((x.flags & REQUIRES_GRAD) != 0) {
                    x.grad += g * y.value;
                }
                if ((y.flags & REQUIRES_GRAD) != 0) {
                    y.grad += g * x.value;
                }
            }
        } else {
            Scalar[] in = args;
            int n = in.length >> 1;
            for (int i = 0; i < n; i++) {
                Scalar x = in[i];
                if ((x.flags & REQUIRES_GRAD) != 0) {
                    x.grad += g * in[n + i].value;
                }
            }
        }
    }

    /** Under anomaly detection: the gradients this node just propagated must be finite. */
    private void checkInputGrads() {
        int n = inputCount();
        for (int i = 0; i < n; i++) {
            Scalar in = (Scalar) input(i);
            if (in.requiresGradFlag()) {
                Scalar[] all = new Scalar[n];
                for (int j = 0; j < n; j++) {
                    all[j] = (Scalar) input(j);
                }
                Anomaly.checkBackward(this, i, new double[] {in.grad}, Shape.scalar(), values(all));
            }
        }
    }

    /**
     * Adds this node's contribution to the gradients of its inputs with the rules written in engine ops, so that
     * the gradients are graph nodes themselves when grad mode is on (higher-order derivatives).
     */
    @Override
    void propagate(Node gradient, java.util.IdentityHashMap<Node, Node> grads) {
        Scalar g = (Scalar) gradient;
        int o = op;
        if (o == LEAF_OP) {
            return;
        }
        if (o < B0) {
            accumulate(grads, a, UNARY[o - U0].grad(a, self(), g));
        } else if (o < SUM) {
            Binary f = BINARY[o - B0];
            if (a.requiresGradFlag()) {
                accumulate(grads, a, f.gradA(a, b, self(), g));
            }
            if (b.requiresGradFlag()) {
                accumulate(grads, b, f.gradB(a, b, self(), g));
            }
        } else if (o == SUM) {
            for (Scalar t : args) {
                if (t.requiresGradFlag()) {
                    accumulate(grads, t, g);
                }
            }
        } else if (o == DOT) {
            int n = args.length / 2;
            for (int i = 0; i < n; i++) {
                Scalar x = args[i];
                Scalar y = args[n + i];
                if (x.requiresGradFlag()) {
                    accumulate(grads, x, g.mul(y));
                }
                if (y.requiresGradFlag()) {
                    accumulate(grads, y, g.mul(x));
                }
            }
        } else {
            int n = args.length >> 1;
            for (int i = 0; i < n; i++) {
                if (args[i].requiresGradFlag()) {
                    accumulate(grads, args[i], g.mul(args[n + i])); // the partial is recorded: differentiable
                }
            }
        }
    }

    private static void accumulate(java.util.IdentityHashMap<Node, Node> grads, Scalar node, Scalar g) {
        Graph.accumulate(grads, node, g);
    }

    @Override
    Node plus(Node other) {
        return self().add((Scalar) other);
    }

    /** The inputs' values, for anomaly messages. */
    static String values(Scalar... inputs) {
        double[] v = new double[inputs.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = inputs[i].value;
        }
        return java.util.Arrays.toString(v);
    }

    @Override
    int inputCount() {
        if (args != null) {
            return op == CUSTOM ? args.length >> 1 : args.length;
        }
        return b != null ? 2 : a != null ? 1 : 0;
    }

    @Override
    Node input(int i) {
        if (args != null) {
            return args[i];
        }
        return i == 0 ? a : b;
    }

    @Override
    void releaseInputs() {
        a = null;
        b = null;
        args = null;
    }

    @Override
    void clearInteriorGrad() {
        if (op != LEAF_OP) {
            grad = 0.0;
        }
    }

    @Override
    Object saveGrad() {
        return grad;
    }

    @Override
    void restoreGrad(Object saved) {
        grad = (Double) saved;
    }

    @Override
    String opName() {
        int o = op;
        if (o == LEAF_OP) {
            return requiresGradFlag() ? "leaf" : "constant";
        }
        if (o < B0) {
            return UNARY[o - U0].symbol;
        }
        if (o < SUM) {
            return BINARY[o - B0].symbol;
        }
        if (o == CUSTOM) {
            return args == null ? "custom op" : args[args.length - 1].label();
        }
        return o == SUM ? "sum" : "dot";
    }
}
