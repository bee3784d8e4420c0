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

    /** The storage of a float64 tensor, row-major; null for float32. */
    final double[] data;
    /** The storage of a float32 tensor, row-major; null for float64. */
    final float[] fdata;
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
        this.fdata = null;
        this.shape = shape;
        this.version = new Version();
    }

    TensorNode(float[] data, Shape shape) {
        this.data = null;
        this.fdata = data;
        this.shape = shape;
        this.version = new Version();
    }

    /** A node over the same storage as {@code of}, sharing its version counter (a view). */
    TensorNode(TensorNode of, Shape shape) {
        this.data = of.data;
        this.fdata = of.fdata;
        this.shape = shape;
        this.version = of.version;
    }

    /** {@return the element type of the storage} */
    public DType dtype() {
        return data != null ? DType.F64 : DType.F32;
    }

    /** Whether the storage is float32. */
    final boolean isF32() {
        return data == null;
    }

    /**
     * The values as doubles, for kernels that have only a float64 loop: the storage itself for float64 (not to be
     * written), a widened copy for float32.
     */
    final double[] f64() {
        return data != null ? data : Storage.widen(fdata);
    }

    /** The values as floats: the storage itself for float32 (not to be written), a rounded copy for float64. */
    final float[] f32() {
        return fdata != null ? fdata : Storage.narrow(data);
    }

    /** The element at storage offset {@code i}, as a double. */
    final double at(int i) {
        return data != null ? data[i] : fdata[i];
    }

    /** The number of elements of the storage. */
    final int length() {
        return data != null ? data.length : fdata.length;
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
        return length();
    }

    /** {@return the value of a one-element tensor} Any other is refused. */
    public double item() {
        if (length() != 1) {
            throw new IllegalArgumentException("item: the tensor has shape " + shape + " (" + length()
                    + " elements); item() needs exactly one");
        }
        return at(0);
    }

    /**
     * {@return the element at the given index}
     *
     * @param index one index per dimension, each in [0, size along it)
     */
    public double get(int... index) {
        return at(offset(index, "get"));
    }

    /** {@return a copy of the elements in row-major order} (float32 values widened exactly to double) */
    public double[] toArray() {
        return data != null ? data.clone() : Storage.widen(fdata);
    }

    /** {@return a copy of the elements in row-major order, as floats} (float64 values rounded to nearest) */
    public float[] toFloatArray() {
        return fdata != null ? fdata.clone() : Storage.narrow(data);
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
        if (data != null) {
            double[] o = other.f64();
            for (int i = 0; i < data.length; i++) {
                data[i] += alpha * o[i];
            }
        } else if (other.fdata != null) {
            Kernels32.axpy(alpha, other.fdata, fdata);
        } else {
            double[] o = other.data;
            for (int i = 0; i < fdata.length; i++) {
                fdata[i] = (float) (fdata[i] + alpha * o[i]);
            }
        }
    }

    /**
     * Copies {@code values} into this leaf, not recorded; NaN is refused (nothing is written then).
     *
     * @param values the new values, of this tensor's shape
     */
    public void assign(Tensor values) {
        checkInPlace("assign", values);
        double[] v = values.f64(); // widened once for a float32 source
        Storage.checkNotNaN("assign", v, values.shape);
        if (data == null && values.data != null) {
            Storage.checkFloatRange("assign", v, values.shape);
        }
        version.value++;
        if (data != null) {
            System.arraycopy(v, 0, data, 0, data.length);
        } else {
            System.arraycopy(values.f32(), 0, fdata, 0, fdata.length);
        }
    }

    private void checkInPlace(String what, Tensor other) {
        if ((flags & READ_ONLY) != 0) {
            throw new IllegalStateException(what + ": this tensor is a gradient from a backward pass, which may "
                    + "share storage with other gradients; update a copy: Tensor.of(g.toArray(), g.shape())"
                    + ".to(g.dtype())");
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
     * Wraps a freshly computed result, recording the op when an input requires grad and grad mode is on. The
     * result has the inputs' dtype ({@link DType#of}): a float32 result computed by a float64 loop is rounded here
     * (for +, -, *, / and sqrt that is the correctly rounded float32 result; for the others it is at least as
     * accurate as a float32 loop).
     */
    static Tensor result(double[] data, Shape shape, String op, Backward backward, Tensor... inputs) {
        Tensor t = DType.of(inputs) == DType.F32 ? new Tensor(Storage.narrow(data), shape) : new Tensor(data, shape);
        return record(t, op, backward, inputs);
    }

    /** A tensor of the given dtype holding {@code values} (rounded to float32 for F32), not recorded. */
    static Tensor fresh(double[] values, Shape shape, DType dtype) {
        return dtype == DType.F64 ? new Tensor(values, shape) : new Tensor(Storage.narrow(values), shape);
    }

    /** A recorded view of {@code x}'s storage (either dtype) in shape {@code s}: reshape, and sum over nothing. */
    static Tensor view(Tensor x, Shape s, String op, Backward backward) {
        return record(x.data != null ? new Tensor(x.data, s) : new Tensor(x.fdata, s), op, backward, x);
    }

    /**
     * Records {@code out}, a fresh tensor whose dtype the op chose itself (a conversion, or a custom op's forward),
     * as the op {@code op} of {@code inputs}.
     */
    static Tensor recorded(Tensor out, String op, Backward backward, Tensor... inputs) {
        return record(out, op, backward, inputs);
    }

    /** {@link #result(double[], Shape, String, Backward, Tensor...)} for a float32 loop's result. */
    static Tensor result(float[] data, Shape shape, String op, Backward backward, Tensor... inputs) {
        return record(new Tensor(data, shape), op, backward, inputs);
    }

    private static Tensor record(Tensor t, String op, Backward backward, Tensor... inputs) {
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
            if (t.data != null ? in.data == t.data : in.fdata == t.fdata) {
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
            Anomaly.checkForward(op, t.f64(), t.shape, shapes(inputs));
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
        if (length() != 1) {
            throw new IllegalStateException("backward: the output has shape " + shape + "; backward() without a "
                    + "gradient needs a one-element output: reduce it first (sum(), mean()) or pass dL/d(output) "
                    + "of shape " + shape + " to backward(gradient)");
        }
        backward(Tensor.full(1.0, shape.raw()).to(dtype()), false);
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
            // a constant copy in this tensor's dtype (the seed is not differentiated through)
            Tensor seed = gradient.dtype() == dtype() ? copy(gradient) : gradient.detach().to(dtype());
            Graph.reverse(order, "Tensor.backward", retainGraph, null, true, () -> {
                grad = grad == null ? seed : sum(grad, seed);
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
                    in.grad = in.grad == null ? gs[i] : sum(in.grad, gs[i]);
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
        if (gs[i].isF32() != in.isF32()) {
            // a gradient has its input's dtype (a rule may have computed it in float64, or promoted by a mask)
            gs[i] = gs[i].to(in.dtype());
        }
        if (anomaly) {
            Anomaly.checkBackward(this, i, gs[i].f64(), gs[i].shape, shapes(inputs));
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

    /** A new tensor holding a copy of {@code t}'s storage. */
    static Tensor copy(Tensor t) {
        return t.data != null ? new Tensor(t.data.clone(), t.shape) : new Tensor(t.fdata.clone(), t.shape);
    }

    /** a + b for two gradients of one shape and dtype (not recorded). */
    private static Tensor sum(Tensor a, Tensor b) {
        if (a.data != null) {
            double[] x = a.data;
            double[] y = b.f64();
            double[] r = new double[x.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = x[i] + y[i];
            }
            return new Tensor(r, a.shape);
        }
        float[] x = a.fdata;
        float[] y = b.f32();
        float[] r = new float[x.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = x[i] + y[i];
        }
        return new Tensor(r, a.shape);
    }
}
