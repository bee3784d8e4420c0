package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;

import java.util.List;

/**
 * A scalar node of a computation graph: one double, its gradient, and the op that produced it (like
 * micrograd's {@code Value}). Ops record the graph as they run; {@link #backward()} fills in gradients.
 *
 * <pre>{@code
 * Scalar a = Scalar.of(-4.0), b = Scalar.of(2.0);
 * Scalar g = a.mul(b).add(b.pow(3)).tanh();
 * g.backward();
 * double dgda = a.grad();
 * }</pre>
 *
 * <p>{@link #of(double)} makes a leaf that requires grad; {@link #constant(double)} one that does not. A double
 * is accepted wherever a Scalar operand is ({@code a.add(2.0)}) and becomes a constant. Results of ops require
 * grad when an operand does and grad mode is on ({@link Grad}).
 *
 * <p>Gradients of leaves accumulate across backward passes (call {@link #zeroGrad()}); the gradient of an
 * interior node holds the value of the latest pass through it. Nodes are compared by identity. A graph is not
 * safe to use from two threads at once. Each node costs about 48 bytes.
 */
public final class Scalar extends ScalarNode implements Differentiable<Scalar> {
    private String label;

    private Scalar(double value, byte flags) {
        super(value, flags);
    }

    private Scalar(double value, int op, Scalar a, Scalar b, Scalar[] args) {
        super(value, op, a, b, args);
    }

    // ---------------------------------------------------------------- factories

    /**
     * {@return a leaf that requires grad: a variable to differentiate with respect to}
     *
     * @param value the leaf's value; NaN is refused (a graph does not start from NaN)
     */
    public static Scalar of(double value) {
        checkNotNaN("Scalar.of", value);
        return new Scalar(value, (byte) (REQUIRES_GRAD | LEAF));
    }

    /**
     * {@return a labelled leaf that requires grad}; the label shows in {@link #toString()} and {@link Dot}.
     *
     * @param value the leaf's value; NaN is refused
     * @param label the name to display, such as "w1"
     */
    public static Scalar of(double value, String label) {
        return of(value).label(label);
    }

    /**
     * {@return a constant: a leaf that requires no grad}
     *
     * @param value the constant's value; NaN is refused
     */
    public static Scalar constant(double value) {
        checkNotNaN("Scalar.constant", value);
        return new Scalar(value, (byte) 0);
    }

    /**
     * {@return leaves that require grad, one per value, in order}
     *
     * @param values the leaves' values; NaN is refused
     */
    public static Scalar[] of(double... values) {
        Scalar[] out = new Scalar[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = of(values[i]);
        }
        return out;
    }

    // ---------------------------------------------------------------- accessors

    /** {@return the value computed by the forward pass} */
    public double value() {
        return value;
    }

    /**
     * {@return dL/d(this) from the backward passes through this node}: accumulated for leaves, the latest pass for
     * interior nodes; 0 before any pass.
     *
     * @throws IllegalStateException if this node does not require grad (a constant, or computed under
     *                               {@link Grad#disabled()})
     */
    public double grad() {
        if (!requiresGradFlag()) {
            throw new IllegalStateException("Scalar.grad: this Scalar (value " + value + ") does not require "
                    + "grad: it is a constant or was computed under Grad.disabled(); create it with Scalar.of(...) "
                    + "to get a gradient for it");
        }
        return grad;
    }

    /** {@return whether gradients flow to this node} */
    public boolean requiresGrad() {
        return requiresGradFlag();
    }

    /** {@return whether this node was created by a factory rather than by an op} */
    public boolean isLeaf() {
        return op == LEAF_OP;
    }

    /** {@return the label given with {@link #label(String)}, or null} */
    public String label() {
        return label;
    }

    /**
     * Sets a display label (for {@link #toString()} and {@link Dot}).
     *
     * @param label the name to display, or null for none
     * @return this node
     */
    public Scalar label(String label) {
        this.label = label;
        return this;
    }

    /** Sets this node's gradient to 0. */
    public void zeroGrad() {
        grad = 0.0;
    }

    /**
     * Replaces the value of a leaf (an optimizer step). Graphs already recorded read the new value in later
     * backward passes, so update only between passes.
     *
     * @param newValue the leaf's new value; NaN is refused
     * @throws IllegalStateException if this node was produced by an op
     */
    public void setValue(double newValue) {
        if (!isLeaf()) {
            throw new IllegalStateException("Scalar.setValue: this Scalar is the result of '" + opName()
                    + "', not a leaf; only leaves (Scalar.of / Scalar.constant) can be assigned; use detach() "
                    + "to get a leaf with this value");
        }
        checkNotNaN("Scalar.setValue", newValue);
        value = newValue;
    }

    /** A constant with this node's value, cut out of the graph: no gradient flows back through it. */
    @Override
    public Scalar detach() {
        return new Scalar(value, (byte) 0);
    }

    // ---------------------------------------------------------------- binary ops

    /** this + other. */
    @Override
    public Scalar add(Scalar other) {
        return binary(Binary.ADD, this, other);
    }

    /** this + c. */
    @Override
    public Scalar add(double c) {
        return binary(Binary.ADD, this, operand("add", c));
    }

    /** this - other. */
    @Override
    public Scalar sub(Scalar other) {
        return binary(Binary.SUB, this, other);
    }

    /** this - c. */
    @Override
    public Scalar sub(double c) {
        return binary(Binary.SUB, this, operand("sub", c));
    }

    /** this * other. */
    @Override
    public Scalar mul(Scalar other) {
        return binary(Binary.MUL, this, other);
    }

    /** this * c. */
    @Override
    public Scalar mul(double c) {
        return binary(Binary.MUL, this, operand("mul", c));
    }

    /** this / other; d/d(other) = -this / other^2. */
    @Override
    public Scalar div(Scalar other) {
        return binary(Binary.DIV, this, other);
    }

    /** this / c. */
    @Override
    public Scalar div(double c) {
        return binary(Binary.DIV, this, operand("div", c));
    }

    /** this ^ exponent for a constant exponent; d/d(this) = exponent * this^(exponent - 1). */
    @Override
    public Scalar pow(double exponent) {
        return binary(Binary.POW, this, operand("pow", exponent));
    }

    /**
     * this ^ exponent; d/d(exponent) = this^exponent * ln(this). NOTE: that derivative is NaN for a negative base,
     * where the power is only defined for integer exponents.
     */
    @Override
    public Scalar pow(Scalar exponent) {
        return binary(Binary.POW, this, exponent);
    }

    /** max(this, other). NOTE: at a tie the whole gradient goes to this. */
    @Override
    public Scalar max(Scalar other) {
        return binary(Binary.MAX, this, other);
    }

    /**
     * {@return max(this, c)} NOTE: at a tie the whole gradient goes to this.
     *
     * @param c the constant compared with; no gradient flows to it
     */
    public Scalar max(double c) {
        return binary(Binary.MAX, this, operand("max", c));
    }

    /** min(this, other). NOTE: at a tie the whole gradient goes to this. */
    @Override
    public Scalar min(Scalar other) {
        return binary(Binary.MIN, this, other);
    }

    /**
     * {@return min(this, c)} NOTE: at a tie the whole gradient goes to this.
     *
     * @param c the constant compared with; no gradient flows to it
     */
    public Scalar min(double c) {
        return binary(Binary.MIN, this, operand("min", c));
    }

    // ---------------------------------------------------------------- unary ops

    /** -this. */
    @Override
    public Scalar neg() {
        return unary(Unary.NEG);
    }

    /** this^2; derivative 2 this. */
    @Override
    public Scalar square() {
        return unary(Unary.SQUARE);
    }

    /** sqrt(this); derivative 1 / (2 sqrt(this)), a pole at 0. */
    @Override
    public Scalar sqrt() {
        return unary(Unary.SQRT);
    }

    /** e^this; derivative e^this. */
    @Override
    public Scalar exp() {
        return unary(Unary.EXP);
    }

    /** ln(this); derivative 1 / this, a pole at 0. */
    @Override
    public Scalar log() {
        return unary(Unary.LOG);
    }

    /** tanh(this); derivative 1 - tanh^2. */
    @Override
    public Scalar tanh() {
        return unary(Unary.TANH);
    }

    /** 1 / (1 + e^-this); derivative sigmoid (1 - sigmoid). */
    @Override
    public Scalar sigmoid() {
        return unary(Unary.SIGMOID);
    }

    /** max(this, 0); derivative 1 above 0, else 0. NOTE: relu'(0) = 0. */
    @Override
    public Scalar relu() {
        return unary(Unary.RELU);
    }

    /** ln(1 + e^this) (stable for large |this|); derivative sigmoid(this). */
    @Override
    public Scalar softplus() {
        return unary(Unary.SOFTPLUS);
    }

    /** |this|; derivative sign(this). NOTE: abs'(0) = 0. */
    @Override
    public Scalar abs() {
        return unary(Unary.ABS);
    }

    /** sin(this); derivative cos(this). */
    @Override
    public Scalar sin() {
        return unary(Unary.SIN);
    }

    /** cos(this); derivative -sin(this). */
    @Override
    public Scalar cos() {
        return unary(Unary.COS);
    }

    /** A constant Scalar (the receiver's value is not used): for code written over {@link Differentiable}. */
    @Override
    public Scalar constantLike(double value) {
        return Scalar.constant(value);
    }

    /** 1 if this &gt; 0 else 0; its derivative is 0 (recorded, so a loss built from it has a zero gradient). */
    @Override
    public Scalar step() {
        return unary(Unary.STEP);
    }

    /** sign(this) in {-1, 0, 1}; its derivative is 0, as for {@link #step()}. */
    @Override
    public Scalar sign() {
        return unary(Unary.SIGN);
    }

    // ---------------------------------------------------------------- n-ary ops

    /**
     * {@return the sum of the terms as one node (not a chain of additions)}: d/d(term_i) = 1.
     *
     * @param terms the terms, none null; an empty list sums to 0
     */
    public static Scalar sum(List<Scalar> terms) {
        Scalar[] in = terms.toArray(new Scalar[0]);
        double s = 0.0;
        boolean grad = false;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == null) {
                throw new IllegalArgumentException("Scalar.sum: term " + i + " of " + in.length + " is null");
            }
            s += in[i].value;
            grad |= in[i].requiresGradFlag();
        }
        return checked(grad && Grad.isEnabled() ? new Scalar(s, SUM, null, null, in) : new Scalar(s, (byte) 0),
                null, null, in);
    }

    /**
     * {@return sum_i xs_i ys_i as one node}: d/d(xs_i) = ys_i, d/d(ys_i) = xs_i.
     *
     * @param xs the left factors, none null
     * @param ys the right factors, as many as {@code xs}, none null
     */
    public static Scalar dot(List<Scalar> xs, List<Scalar> ys) {
        int n = xs.size();
        if (ys.size() != n) {
            throw new IllegalArgumentException("Scalar.dot: " + n + " and " + ys.size()
                    + " elements; both lists must have the same length");
        }
        Scalar[] in = new Scalar[2 * n];
        double s = 0.0;
        boolean grad = false;
        for (int i = 0; i < n; i++) {
            Scalar x = xs.get(i);
            Scalar y = ys.get(i);
            if (x == null || y == null) {
                throw new IllegalArgumentException("Scalar.dot: element " + i + " of " + n + " is null");
            }
            in[i] = x;
            in[n + i] = y;
            s += x.value * y.value;
            grad |= x.requiresGradFlag() | y.requiresGradFlag();
        }
        return checked(grad && Grad.isEnabled() ? new Scalar(s, DOT, null, null, in) : new Scalar(s, (byte) 0),
                null, null, in);
    }

    /**
     * The node of a user's op ({@link ScalarOp}) before its partials are known: its inputs, room for the partials
     * ({@link #customPartials}), and its name.
     */
    static Scalar customNode(double value, String name, Scalar[] x) {
        Scalar[] args = new Scalar[2 * x.length + 1];
        System.arraycopy(x, 0, args, 0, x.length);
        args[2 * x.length] = new Scalar(0.0, (byte) 0).label(name);
        return new Scalar(value, CUSTOM, null, null, args);
    }

    /** Completes a {@link #customNode} with the op's partial derivatives (checked under anomaly detection). */
    static Scalar customPartials(Scalar node, Scalar[] partials) {
        int n = partials.length;
        System.arraycopy(partials, 0, node.args, n, n);
        return checked(node, null, null, java.util.Arrays.copyOf(node.args, n));
    }

    /** The result of a user's op that records nothing (no input requires grad, or grad mode is off). */
    static Scalar customConstant(double value, String name, Scalar[] x) {
        if (Anomaly.enabled()) {
            Anomaly.checkForward(name, new double[] {value}, Shape.scalar(), values(x));
        }
        return new Scalar(value, (byte) 0);
    }

    // ---------------------------------------------------------------- backward

    /** Backpropagates from this node with dL/dL = 1, then releases the graph. */
    public void backward() {
        backward(false);
    }

    /**
     * Backpropagates from this node with dL/dL = 1: adds dL/dx to the gradient of every leaf x that requires
     * grad, and sets the gradient of every interior node on the way. Unless {@code retainGraph}, the graph is
     * released afterwards, and a second pass through it throws {@link IllegalStateException}.
     *
     * @param retainGraph whether to keep the graph for another pass (or for {@link Dot} after this one)
     * @throws IllegalStateException if this node requires no grad, or the graph was released by an earlier pass
     */
    public void backward(boolean retainGraph) {
        if (!requiresGradFlag()) {
            throw new IllegalStateException("Scalar.backward: this Scalar (value " + value + ") does not require "
                    + "grad: no input of the expression was created with Scalar.of(...), or it was computed "
                    + "under Grad.disabled()");
        }
        // a Scalar pass can only stop midway under anomaly detection: then it is guarded (all or nothing), and
        // interior gradients are cleared inside it, so that a stopped pass leaves them as they were too
        boolean anomaly = Anomaly.enabled();
        try (Graph.Order order = Graph.order(this, "Scalar.backward", !anomaly)) {
            Graph.reverse(order, "Scalar.backward", retainGraph, null, anomaly, () -> {
                if (anomaly) {
                    for (int k = 0; k < order.size; k++) {
                        order.nodes[k].clearInteriorGrad();
                    }
                }
                grad += 1.0;
            });
        }
    }

    // ---------------------------------------------------------------- graph

    /** {@return the op that produced this node ("leaf", "constant", "+", "tanh", ...)} */
    public String op() {
        return opName();
    }

    /** {@return the inputs of the op that produced this node (empty for leaves, constants and released nodes)} */
    public List<Scalar> inputs() {
        int n = inputCount();
        Scalar[] in = new Scalar[n];
        for (int i = 0; i < n; i++) {
            in[i] = (Scalar) input(i);
        }
        return List.of(in);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Scalar(");
        if (label != null) {
            s.append(label).append(": ");
        }
        s.append("value=").append(value);
        if (requiresGradFlag()) {
            s.append(", grad=").append(grad);
        } else {
            s.append(", constant");
        }
        if (op != LEAF_OP) {
            s.append(", op=").append(opName());
        }
        return s.append(')').toString();
    }

    // ---------------------------------------------------------------- helpers

    private Scalar unary(Unary f) {
        double v = f.apply(value);
        if ((flags & REQUIRES_GRAD) != 0 && Grad.isEnabled()) {
            return checked(new Scalar(v, U0 + f.ordinal(), this, null, null), this, null, null);
        }
        return checked(new Scalar(v, (byte) 0), this, null, null);
    }

    /**
     * Under anomaly detection, checks a new node's value and remembers where it was created. The inputs are
     * passed as {@code a} and {@code b} or as {@code many} (no varargs: this runs on every op).
     */
    private static Scalar checked(Scalar s, Scalar a, Scalar b, Scalar[] many) {
        if (Anomaly.enabled()) {
            Scalar[] in = many != null ? many : b != null ? new Scalar[] {a, b} : new Scalar[] {a};
            Anomaly.checkForward(s.opName(), new double[] {s.value}, Shape.scalar(), values(in));
            if (s.op != LEAF_OP) {
                Anomaly.recordSite(s);
            }
        }
        return s;
    }

    private static Scalar binary(Binary f, Scalar x, Scalar y) {
        if (y == null) {
            throw new NullPointerException("Scalar." + f.method + ": the operand is null");
        }
        double v = f.apply(x.value, y.value);
        if (((x.flags | y.flags) & REQUIRES_GRAD) != 0 && Grad.isEnabled()) {
            return checked(new Scalar(v, B0 + f.ordinal(), x, y, null), x, y, null);
        }
        return checked(new Scalar(v, (byte) 0), x, y, null);
    }

    private static Scalar operand(String op, double c) {
        if (Double.isNaN(c)) {
            throw new IllegalArgumentException("Scalar." + op + ": the constant operand is NaN");
        }
        return new Scalar(c, (byte) 0);
    }

    private static void checkNotNaN(String op, double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException(op + ": the value is NaN; a graph cannot start from NaN (ops that "
                    + "produce NaN from valid inputs, such as log(-1), propagate it as IEEE 754 says)");
        }
    }
}
