package dev.chainrule.core;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The graph-node half of {@link Tensor}: its storage and shape, its gradient, the op that recorded it, the
 * version counter of its storage, recording ({@link #result}) and its steps of the reverse sweep
 * ({@link Graph#reverse}). {@link Tensor} adds the factories and the ops; users see one class.
 */
abstract class TensorNode extends Node {
    /** The backward rule of an op: the gradient for each input, given dL/d(output) and the output. */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor g, Tensor y);
    }

    final double[] data;
    final Shape shape;
    Tensor grad;
    String op;
    Tensor[] inputs;
    Backward backward;
    /**
     * The version counter of {@link #data}: one per storage, shared by every tensor that shares the storage
     * (a {@link #detach()}, a {@link Tensor#reshape} view), and bumped by every in-place update through any of them.
     */
    Version version;
    /**
     * The versions of the inputs' storages (and, last, of this tensor's own storage, which rules such as exp's
     * read) when this op was recorded: a backward pass refuses an op whose saved values changed since.
     */
    int[] savedVersions;

    /** A mutable counter shared by the tensors of one storage. */
    static final class Version {
        int value;
    }

    TensorNode(double[] data, Shape shape) {
        this.data = data;
        this.shape = shape;
        this.version = new Version();
    }

    /** A node over the same storage as {@code of}, sharing its version counter (a view). */
    TensorNode(TensorNode of, Shape shape) {
        this.data = of.data;
        this.shape = shape;
        this.version = of.version;
    }

    /** This node as the tensor it is (every TensorNode is one). */
    final Tensor self() {
        return (Tensor) this;
    }

    // ================================================================ storage

    /** {@return the shape} */
    public Shape shape() {
        return shape;
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return shape.rank();
    }

    /**
     * {@return the size along {@code axis}}
     *
     * @param axis the dimension, in [-rank, rank); negative axes count from the end
     */
    public int dim(int axis) {
        return shape.dim(shape.axis(axis, "dim"));
    }

    /** {@return the number of elements} */
    public int size() {
        return data.length;
    }

    /** {@return the value of a one-element tensor} Any other is refused. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalArgumentException("item: the tensor has shape " + shape + " (" + data.length
                    + " elements); item() needs exactly one");
        }
        return data[0];
    }

    /**
     * {@return the element at the given index}
     *
     * @param index one index per dimension, each in [0, size along it)
     */
    public double get(int... index) {
        return data[offset(index, "get")];
    }

    /** {@return a copy of the elements in row-major order} */
    public double[] toArray() {
        return data.clone();
    }

    /**
     * {@return a tensor with the same values that is cut out of the graph} It shares storage (and its version counter)
     * with this tensor: an in-place update through it makes a later backward pass through an op that used this tensor
     * throw, as PyTorch does.
     */
    public Tensor detach() {
        Tensor t = new Tensor(self(), shape);
        t.flags |= (byte) (flags & READ_ONLY); // a view of a gradient is read-only too
        return t;
    }

    private int offset(int[] index, String op) {
        if (index.length != rank()) {
            throw new IllegalArgumentException(op + ": " + index.length + " indices " + Arrays.toString(index)
                    + " for shape " + shape);
        }
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            int n = shape.raw()[i];
            if (index[i] < 0 || index[i] >= n) {
                throw new IllegalArgumentException(op + ": index " + Arrays.toString(index) + " is out of range for "
                        + "shape " + shape);
            }
            off = off * n + index[i];
        }
        return off;
    }

    // ================================================================ gradients and in-place updates

    /**
     * {@return the gradient accumulated by backward passes, or null if none has reached this tensor} It is read-only:
     * in-place updates of it are refused, as it may share storage with other gradients.
     */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient (the next pass starts from 0). */
    public void zeroGrad() {
        grad = null;
    }

    /**
     * Marks this leaf as requiring grad.
     *
     * @return this tensor
     */
    public Tensor requiresGrad() {
        return requiresGrad(true);
    }

    /**
     * Marks this leaf as requiring grad or not.
     *
     * @param required whether backward passes should compute a gradient for this leaf
     * @return this tensor
     */
    public Tensor requiresGrad(boolean required) {
        if (!isLeaf()) {
            throw new IllegalStateException("requiresGrad: this tensor is the result of '" + op + "'; only leaves "
                    + "can be marked (use detach() to get a leaf)");
        }
        flags = (byte) (required ? flags | REQUIRES_GRAD | LEAF : flags & ~(REQUIRES_GRAD | LEAF));
        return self();
    }

    /** {@return whether gradients flow to this tensor} */
    public boolean isGradRequired() {
        return requiresGradFlag();
    }

    /** {@return whether this tensor was made by a factory rather than recorded by an op} */
    public boolean isLeaf() {
        return op == null;
    }

    /** {@return the op that produced this tensor, or "leaf" / "constant"} */
    public String op() {
        return opName();
    }

    /**
     * this += alpha * other, in place, not recorded: an optimizer's update of a leaf.
     *
     * @param alpha the scale of the update (a negative learning rate for a descent step)
     * @param other the update, of this tensor's shape
     * @throws IllegalStateException    if this tensor is not a leaf
     * @throws IllegalArgumentException if the shapes differ
     */
    public void addInPlace(double alpha, Tensor other) {
        checkInPlace("addInPlace", other);
        version.value++;
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] += alpha * o[i];
        }
    }

    /**
     * Copies {@code values} into this leaf, not recorded; NaN is refused (nothing is written then).
     *
     * @param values the new values, of this tensor's shape
     */
    public void assign(Tensor values) {
        checkInPlace("assign", values);
        checkNotNaN("assign", values.data, values.shape);
        version.value++;
        System.arraycopy(values.data, 0, data, 0, data.length);
    }

    private void checkInPlace(String what, Tensor other) {
        if ((flags & READ_ONLY) != 0) {
            throw new IllegalStateException(what + ": this tensor is a gradient from a backward pass, which may "
                    + "share storage with other gradients; update a copy: Tensor.of(g.toArray(), g.shape())");
        }
        if (!isLeaf()) {
            throw new IllegalStateException(what + ": this tensor is the result of '" + op + "'; only leaves can "
                    + "be updated in place");
        }
        if (!other.shape.equals(shape)) {
            throw new IllegalArgumentException(what + ": shapes " + shape + " and " + other.shape + " differ");
        }
    }

    /**
     * Refuses NaN in values a tensor is created from or assigned, naming the op and the element: the rule
     * {@link Scalar} applies too. NaN that ops compute from valid values (log(-1)) propagates as IEEE 754 says.
     */
    static void checkNotNaN(String op, double[] values, Shape shape) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(op + ": element " + i + " of the values for shape " + shape
                        + " is NaN; a tensor is not created from NaN, as a Scalar is not (NaN that ops compute from "
                        + "valid values propagates)");
            }
        }
    }

    /** Wraps a freshly computed result, recording the op when an input requires grad and grad mode is on. */
    static Tensor result(double[] data, Shape shape, String op, Backward backward, Tensor... inputs) {
        Tensor t = new Tensor(data, shape);
        boolean rg = false;
        for (Tensor in : inputs) {
            rg |= in.requiresGradFlag();
        }
        if (rg && Grad.isEnabled()) {
            t.flags = REQUIRES_GRAD;
            t.op = op;
            t.inputs = inputs;
            t.backward = backward;
        }
        for (Tensor in : inputs) {
            if (in.data == data) {
                t.version = in.version; // a view (reshape) shares the storage's counter
                t.flags |= (byte) (in.flags & READ_ONLY); // and a view of a gradient stays read-only
            }
        }
        if (t.op != null) {
            int[] v = new int[inputs.length + 1];
            for (int i = 0; i < inputs.length; i++) {
                v[i] = inputs[i].version.value;
            }
            v[inputs.length] = t.version.value;
            t.savedVersions = v;
        }
        if (Anomaly.enabled()) {
            Anomaly.checkForward(op, data, shape, shapes(inputs));
            if (t.op != null) {
                Anomaly.recordSite(t);
            }
        }
        return t;
    }

    @Override
    int inputCount() {
        return inputs == null ? 0 : inputs.length;
    }

    @Override
    Node input(int i) {
        return inputs[i];
    }

    @Override
    void releaseInputs() {
        inputs = null;
        backward = null;
        savedVersions = null;
    }

    @Override
    void clearInteriorGrad() {
        if (op != null) {
            grad = null;
        }
    }

    @Override
    String opName() {
        return op != null ? op : requiresGradFlag() ? "leaf" : "constant";
    }

    /**
     * Backpropagates from this one-element tensor with dL/dL = 1 and releases the graph.
     *
     * @throws IllegalStateException if this tensor has more than one element (pass a gradient), requires no
     *                               grad, or its graph was released
     */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward: the output has shape " + shape + "; backward() without a "
                    + "gradient needs a one-element output: reduce it first (sum(), mean()) or pass dL/d(output) "
                    + "of shape " + shape + " to backward(gradient)");
        }
        backward(Tensor.full(1.0, shape.raw()), false);
    }

    /**
     * Backpropagates dL/d(this) = {@code gradient} (same shape as this) and releases the graph.
     *
     * @param gradient dL/d(this), of this tensor's shape
     */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /**
     * Backpropagates dL/d(this) = {@code gradient}: adds dL/dx to the gradient of every leaf x that requires
     * grad. Unless {@code retainGraph}, the graph is released afterwards.
     *
     * @param gradient    dL/d(this), of this tensor's shape
     * @param retainGraph whether to keep the graph for another pass through it
     */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (!requiresGradFlag()) {
            throw new IllegalStateException("backward: this tensor does not require grad: no input of it was "
                    + "marked with requiresGrad(), or it was computed under Grad.disabled()");
        }
        if (!gradient.shape.equals(shape)) {
            throw new IllegalArgumentException("backward: the gradient has shape " + gradient.shape
                    + " but the output has shape " + shape + "; they must match");
        }
        try (Graph.Order order = Graph.order(this, "Tensor.backward", true)) {
            // a copy: the leaves' gradients must not share storage with the caller's seed
            Tensor seed = new Tensor(gradient.data.clone(), shape);
            Graph.reverse(order, "Tensor.backward", retainGraph, null, true, () -> {
                grad = grad == null ? seed : new Tensor(add(grad.data, seed.data), shape);
                grad.flags |= READ_ONLY;
            });
        }
    }

    /** The eager step of the sweep: dL/d(inputs) from this op's gradient; interior gradients are not kept. */
    @Override
    void propagate(boolean anomaly) {
        if (op == null) {
            return;
        }
        Tensor g = grad;
        if (g != null) {
            Tensor y = self();
            Tensor[] gs = anomaly ? Anomaly.inBackwardOf(this, () -> backward.apply(g, y)) : backward.apply(g, y);
            for (int i = 0; i < inputs.length; i++) {
                if (checked(gs, i, anomaly)) {
                    Tensor in = inputs[i];
                    in.grad = in.grad == null ? gs[i] : new Tensor(add(in.grad.data, gs[i].data), in.shape);
                    in.grad.flags |= READ_ONLY;
                }
            }
        }
        grad = null;
    }

    /** The recording step of the sweep: the same rule, its gradients accumulated in {@code grads}. */
    @Override
    void propagate(Node g, IdentityHashMap<Node, Node> grads) {
        if (op == null) {
            return;
        }
        Tensor[] gs = backward.apply((Tensor) g, self());
        boolean anomaly = Anomaly.enabled();
        for (int i = 0; i < inputs.length; i++) {
            if (checked(gs, i, anomaly)) {
                Graph.accumulate(grads, inputs[i], gs[i]);
            }
        }
    }

    /** Whether the rule gave input {@code i} a gradient that it needs, after checking its shape (and values). */
    private boolean checked(Tensor[] gs, int i, boolean anomaly) {
        Tensor in = inputs[i];
        if (gs[i] == null || !in.requiresGradFlag()) {
            return false;
        }
        if (!gs[i].shape.equals(in.shape)) {
            throw new IllegalStateException("internal error in the backward rule of '" + op + "': gradient of shape "
                    + gs[i].shape + " for an input of shape " + in.shape);
        }
        if (anomaly) {
            Anomaly.checkBackward(this, i, gs[i].data, gs[i].shape, shapes(inputs));
        }
        return true;
    }

    @Override
    Node plus(Node other) {
        return self().add((Tensor) other);
    }

    /** The inputs' shapes, for anomaly messages. */
    private static String shapes(Tensor... inputs) {
        StringBuilder s = new StringBuilder();
        for (Tensor t : inputs) {
            s.append(s.length() == 0 ? "" : ", ").append(t.shape());
        }
        return s.toString();
    }

    /** Refuses a backward pass through an op whose saved values were updated in place after it was recorded. */
    @Override
    void checkSaved(String what) {
        if (op == null) {
            return;
        }
        for (int i = 0; i <= inputs.length; i++) {
            TensorNode saved = i < inputs.length ? inputs[i] : this;
            if (saved.version.value != savedVersions[i]) {
                String which = i < inputs.length ? "input " + i + " (shape " + saved.shape + ")"
                        : "its output (shape " + shape + ")";
                throw new IllegalStateException(what + ": " + which + " of '" + op + "' was modified in place "
                        + "(addInPlace or assign, through this tensor or another sharing its storage: detach(), "
                        + "reshape()) after '" + op + "' was recorded, and a backward rule may read it, so the "
                        + "gradient could be computed from the new values; update parameters after backward, or "
                        + "recompute the forward pass. Nothing was changed: no gradient was written and the graph "
                        + "is intact.");
            }
        }
    }

    @Override
    Object saveGrad() {
        return grad;
    }

    @Override
    void restoreGrad(Object saved) {
        grad = (Tensor) saved;
    }

    private static double[] add(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = a[i] + b[i];
        }
        return r;
    }
}
