package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional array of doubles that records the ops applied to it, so that gradients flow back through
 * them: row-major {@code double[]} storage with an immutable {@link Shape}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * Tensor w = Tensor.randn(new SplittableRandom(7), 3, 4).requiresGrad();
 * Tensor loss = x.matmul(w).tanh().sum();
 * loss.backward();
 * Tensor dw = w.grad();
 * }</pre>
 *
 * <p>Binary ops broadcast with NumPy's rules; a double is accepted wherever a tensor operand is. Tensors are
 * values: no op changes its inputs, and ops that only change the shape ({@link #reshape}) share storage. The
 * only in-place updates are on leaves ({@link #addInPlace}, {@link #assign}), for optimizers.
 *
 * <p>A leaf's gradient accumulates across backward passes until {@link #zeroGrad()}; an interior tensor's
 * gradient is not kept (PyTorch's default). {@link #grad()} is null until a pass reaches the tensor.
 *
 * <p>An in-place update of a tensor that a recorded op has used makes a later backward pass through that op
 * throw (a version check, as in PyTorch): update parameters after backward. A graph, leaves included, must not
 * be used by two threads at once: backward passes on other threads that share a leaf would lose some of its
 * gradient updates.
 */
public final class Tensor extends Node implements Differentiable<Tensor> {
    /** The backward rule of an op: the gradient for each input, given dL/d(output) and the output. */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor g, Tensor y);
    }

    final double[] data;
    final Shape shape;
    private Tensor grad;
    private String op;
    private Tensor[] inputs;
    private Backward backward;
    /**
     * The version counter of {@link #data}: one per storage, shared by every tensor that shares the storage
     * (a {@link #detach()}, a {@link #reshape} view), and bumped by every in-place update through any of them.
     */
    private Version version;
    /**
     * The versions of the inputs' storages (and, last, of this tensor's own storage, which rules such as exp's
     * read) when this op was recorded: a backward pass refuses an op whose saved values changed since.
     */
    private int[] savedVersions;

    /** A mutable counter shared by the tensors of one storage. */
    private static final class Version {
        int value;
    }

    Tensor(double[] data, Shape shape) {
        this.data = data;
        this.shape = shape;
        this.version = new Version();
    }

    /** A tensor over the same storage as {@code of}, sharing its version counter. */
    private Tensor(Tensor of, Shape shape) {
        this.data = of.data;
        this.shape = shape;
        this.version = of.version;
    }

    // ================================================================ factories

    /** A tensor holding a copy of {@code data}, of the given shape (a 1-d tensor when no dims are given). */
    public static Tensor of(double[] data, int... dims) {
        return of(data, dims.length == 0 ? Shape.of(data.length) : Shape.of(dims));
    }

    /**
     * A tensor holding a copy of {@code data}, of the given shape.
     *
     * @throws IllegalArgumentException if the values do not fill the shape, or one is NaN (as {@link Scalar#of}
     *                                  refuses NaN: a graph does not start from NaN; infinities are accepted)
     */
    public static Tensor of(double[] data, Shape shape) {
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        checkNotNaN("Tensor.of", data, shape);
        return new Tensor(data.clone(), shape);
    }

    /**
     * Refuses NaN in values a tensor is created from or assigned, naming the op and the element: the rule
     * {@link Scalar} applies too. NaN that ops compute from valid values (log(-1)) propagates as IEEE 754 says.
     */
    private static void checkNotNaN(String op, double[] values, Shape shape) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(op + ": element " + i + " of the values for shape " + shape
                        + " is NaN; a tensor is not created from NaN, as a Scalar is not (NaN that ops compute from "
                        + "valid values propagates)");
            }
        }
    }

    /** A 2-d tensor from rows of equal length. */
    public static Tensor of(double[][] rows) {
        int m = rows.length;
        int n = m == 0 ? 0 : rows[0].length;
        double[] d = Shape.storage("Tensor.of(rows)", (double) m * n);
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n) {
                throw new IllegalArgumentException("Tensor.of: row " + i + " has " + rows[i].length
                        + " values, row 0 has " + n);
            }
            System.arraycopy(rows[i], 0, d, i * n, n);
        }
        checkNotNaN("Tensor.of", d, Shape.of(m, n));
        return new Tensor(d, Shape.of(m, n));
    }

    /** A 0-d tensor; NaN is refused, as by {@link #of(double[], Shape)}. */
    public static Tensor scalar(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("Tensor.scalar: the value is NaN; a graph cannot start from NaN");
        }
        return new Tensor(new double[] {value}, Shape.scalar());
    }

    /** Zeros of the given shape. */
    public static Tensor zeros(int... dims) {
        Shape s = Shape.of("Tensor.zeros", dims);
        return new Tensor(Shape.storage("Tensor.zeros", s.size()), s);
    }

    /** Ones of the given shape. */
    public static Tensor ones(int... dims) {
        return full(1.0, dims);
    }

    /** {@code value} everywhere in the given shape; NaN is refused, as by {@link #of(double[], Shape)}. */
    public static Tensor full(double value, int... dims) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("Tensor.full: the value is NaN; a graph cannot start from NaN");
        }
        Shape s = Shape.of("Tensor.full", dims);
        double[] d = Shape.storage("Tensor.full", s.size());
        Arrays.fill(d, value);
        return new Tensor(d, s);
    }

    /** The n x n identity matrix. */
    public static Tensor eye(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Tensor.eye: n = " + n + " must be >= 0");
        }
        double[] d = Shape.storage("Tensor.eye(" + n + ")", (double) n * n);
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1.0;
        }
        return new Tensor(d, Shape.of(n, n));
    }

    /** start, start + step, ... up to but excluding end (NumPy's arange). */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("Tensor.arange: start " + start + ", end " + end + ", step " + step
                    + ": the step must be finite and non-zero, the bounds finite");
        }
        double[] d = Shape.storage("Tensor.arange(" + start + ", " + end + ", " + step + ")",
                Math.max(0, Math.ceil((end - start) / step)));
        int n = d.length;
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        return new Tensor(d, Shape.of(n));
    }

    /** 0, 1, ..., n - 1. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** {@code n} evenly spaced values from start to end, both included. */
    public static Tensor linspace(double start, double end, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Tensor.linspace: n = " + n + " must be >= 0");
        }
        double[] d = Shape.storage("Tensor.linspace", n);
        for (int i = 0; i < n; i++) {
            d[i] = n == 1 ? start : start + (end - start) * i / (n - 1);
        }
        return new Tensor(d, Shape.of(n));
    }

    /** Uniform samples from [0, 1) drawn from {@code rnd} (seed it for reproducible tensors). */
    public static Tensor rand(RandomGenerator rnd, int... dims) {
        Shape s = Shape.of("Tensor.rand", dims);
        double[] d = Shape.storage("Tensor.rand", s.size());
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextDouble();
        }
        return new Tensor(d, s);
    }

    /** Standard normal samples drawn from {@code rnd} (seed it for reproducible tensors). */
    public static Tensor randn(RandomGenerator rnd, int... dims) {
        Shape s = Shape.of("Tensor.randn", dims);
        double[] d = Shape.storage("Tensor.randn", s.size());
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian();
        }
        return new Tensor(d, s);
    }

    /** One-hot rows: for class indices of shape S, a tensor of shape S + [classes] with a 1 at each index. */
    public static Tensor oneHot(Tensor indices, int classes) {
        if (classes < 0) {
            throw new IllegalArgumentException("Tensor.oneHot: classes = " + classes + " must be >= 0");
        }
        int[] idx = indices.indices("oneHot", classes);
        int n = idx.length;
        double[] d = Shape.storage("Tensor.oneHot(" + n + " indices, " + classes + " classes)", (double) n * classes);
        for (int i = 0; i < n; i++) {
            d[i * classes + idx[i]] = 1.0;
        }
        int[] dims = Arrays.copyOf(indices.shape.raw(), indices.shape.rank() + 1);
        dims[dims.length - 1] = classes;
        return new Tensor(d, Shape.of(dims));
    }

    // ================================================================ accessors

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.rank();
    }

    /** The size along {@code axis} (negative axes count from the end). */
    public int dim(int axis) {
        return shape.dim(shape.axis(axis, "dim"));
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalArgumentException("item: the tensor has shape " + shape + " (" + data.length
                    + " elements); item() needs exactly one");
        }
        return data[0];
    }

    /** The element at the given index (one index per dimension). */
    public double get(int... index) {
        return data[offset(index, "get")];
    }

    /** A copy of the elements in row-major order. */
    public double[] toArray() {
        return data.clone();
    }

    /**
     * The gradient accumulated by backward passes, or null if none has reached this tensor. It is read-only:
     * in-place updates of it are refused, as it may share storage with other gradients.
     */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient (the next pass starts from 0). */
    public void zeroGrad() {
        grad = null;
    }

    /** Marks this leaf as requiring grad; returns this. */
    public Tensor requiresGrad() {
        return requiresGrad(true);
    }

    /** Marks this leaf as requiring grad or not; returns this. */
    public Tensor requiresGrad(boolean required) {
        if (!isLeaf()) {
            throw new IllegalStateException("requiresGrad: this tensor is the result of '" + op + "'; only leaves "
                    + "can be marked (use detach() to get a leaf)");
        }
        flags = (byte) (required ? flags | REQUIRES_GRAD | LEAF : flags & ~(REQUIRES_GRAD | LEAF));
        return this;
    }

    /** Whether gradients flow to this tensor. */
    public boolean isGradRequired() {
        return requiresGradFlag();
    }

    /** Whether this tensor was made by a factory rather than recorded by an op. */
    public boolean isLeaf() {
        return op == null;
    }

    /** The op that produced this tensor, or "leaf" / "constant". */
    public String op() {
        return opName();
    }

    /**
     * A tensor with the same values that is cut out of the graph. It shares storage (and its version counter)
     * with this tensor: an in-place update through it makes a later backward pass through an op that used this
     * tensor throw, as PyTorch does.
     */
    @Override
    public Tensor detach() {
        Tensor t = new Tensor(this, shape);
        t.flags |= (byte) (flags & READ_ONLY); // a view of a gradient is read-only too
        return t;
    }

    /**
     * this += alpha * other, in place, not recorded: an optimizer's update of a leaf.
     *
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

    /** Copies {@code values} into this leaf, not recorded; NaN is refused (nothing is written then). */
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

    // ================================================================ recording

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

    // ================================================================ backward

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

    /** Backpropagates dL/d(this) = {@code gradient} (same shape as this) and releases the graph. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /**
     * Backpropagates dL/d(this) = {@code gradient}: adds dL/dx to the gradient of every leaf x that requires
     * grad. Unless {@code retainGraph}, the graph is released afterwards.
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
            Tensor[] gs = anomaly ? Anomaly.inBackwardOf(this, () -> backward.apply(g, this)) : backward.apply(g, this);
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
        Tensor[] gs = backward.apply((Tensor) g, this);
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
        return add((Tensor) other);
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
            Tensor saved = i < inputs.length ? inputs[i] : this;
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

    // ================================================================ pointwise

    private Tensor unary(Unary u) {
        double[] y = new double[data.length];
        Kernels.unary(u, data, y);
        Tensor x = this;
        return result(y, shape, u.symbol, (g, out) -> new Tensor[] {unaryGrad(u, x, out, g)}, x);
    }

    /** dL/dx for a pointwise op: the engine-op rule when recording, one fused loop otherwise. */
    private static Tensor unaryGrad(Unary u, Tensor x, Tensor y, Tensor g) {
        if (Grad.isEnabled()) {
            return u.grad(x, y, g);
        }
        double[] r = new double[x.data.length];
        Kernels.unaryGrad(u, x.data, y.data, g.data, r);
        return new Tensor(r, x.shape);
    }

    private static Tensor binary(Binary f, Tensor a, Tensor b) {
        Shape s = Shape.broadcast(a.shape, b.shape, f.method);
        double[] r = new double[s.size()];
        Kernels.binary(f, a.data, a.shape, b.data, b.shape, r, s);
        return result(r, s, f.symbol, (g, y) -> new Tensor[] {
            a.requiresGradFlag() ? f.gradA(a, b, y, g).sumTo(a.shape) : null,
            b.requiresGradFlag() ? f.gradB(a, b, y, g).sumTo(b.shape) : null}, a, b);
    }

    private static Tensor constant(String op, double c) {
        if (Double.isNaN(c)) {
            throw new IllegalArgumentException(op + ": the constant operand is NaN");
        }
        return scalar(c);
    }

    /** this + other, broadcast. */
    @Override
    public Tensor add(Tensor other) {
        return binary(Binary.ADD, this, other);
    }

    /** this + c. */
    @Override
    public Tensor add(double c) {
        return binary(Binary.ADD, this, constant("add", c));
    }

    /** this - other, broadcast. */
    @Override
    public Tensor sub(Tensor other) {
        return binary(Binary.SUB, this, other);
    }

    /** this - c. */
    @Override
    public Tensor sub(double c) {
        return binary(Binary.SUB, this, constant("sub", c));
    }

    /** this * other elementwise, broadcast. */
    @Override
    public Tensor mul(Tensor other) {
        return binary(Binary.MUL, this, other);
    }

    /** this * c. */
    @Override
    public Tensor mul(double c) {
        return binary(Binary.MUL, this, constant("mul", c));
    }

    /** this / other elementwise, broadcast; d/d(other) = -this / other^2. */
    @Override
    public Tensor div(Tensor other) {
        return binary(Binary.DIV, this, other);
    }

    /** this / c. */
    @Override
    public Tensor div(double c) {
        return binary(Binary.DIV, this, constant("div", c));
    }

    /** this ^ exponent elementwise; d/d(this) = exponent this^(exponent - 1). */
    @Override
    public Tensor pow(double exponent) {
        return binary(Binary.POW, this, constant("pow", exponent));
    }

    /** this ^ exponent elementwise, broadcast. NOTE: d/d(exponent) = y ln(this) is NaN where this &lt; 0. */
    @Override
    public Tensor pow(Tensor exponent) {
        return binary(Binary.POW, this, exponent);
    }

    /** Elementwise max, broadcast. NOTE: at a tie the gradient goes to this. */
    @Override
    public Tensor max(Tensor other) {
        return binary(Binary.MAX, this, other);
    }

    /** Elementwise min, broadcast. NOTE: at a tie the gradient goes to this. */
    @Override
    public Tensor min(Tensor other) {
        return binary(Binary.MIN, this, other);
    }

    /** Clamps into [lo, hi]: the gradient passes where lo &lt;= this &lt;= hi (ends included), else 0. */
    public Tensor clamp(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lo " + lo + " > hi " + hi);
        }
        return binary(Binary.MAX, this, scalar(lo)).min(scalar(hi));
    }

    /** -this. */
    @Override
    public Tensor neg() {
        return unary(Unary.NEG);
    }

    /** this^2 elementwise. */
    @Override
    public Tensor square() {
        return unary(Unary.SQUARE);
    }

    /** sqrt elementwise; derivative 1 / (2 sqrt x). */
    @Override
    public Tensor sqrt() {
        return unary(Unary.SQRT);
    }

    /** e^x elementwise. */
    @Override
    public Tensor exp() {
        return unary(Unary.EXP);
    }

    /** ln x elementwise; derivative 1 / x. */
    @Override
    public Tensor log() {
        return unary(Unary.LOG);
    }

    /** tanh elementwise; derivative 1 - tanh^2. */
    @Override
    public Tensor tanh() {
        return unary(Unary.TANH);
    }

    /** The logistic function elementwise (stable); derivative s (1 - s). */
    @Override
    public Tensor sigmoid() {
        return unary(Unary.SIGMOID);
    }

    /** max(x, 0) elementwise. NOTE: relu'(0) = 0. */
    @Override
    public Tensor relu() {
        return unary(Unary.RELU);
    }

    /** ln(1 + e^x) elementwise (stable); derivative sigmoid(x). */
    @Override
    public Tensor softplus() {
        return unary(Unary.SOFTPLUS);
    }

    /** |x| elementwise. NOTE: abs'(0) = 0. */
    @Override
    public Tensor abs() {
        return unary(Unary.ABS);
    }

    /** sin elementwise. */
    @Override
    public Tensor sin() {
        return unary(Unary.SIN);
    }

    /** cos elementwise. */
    @Override
    public Tensor cos() {
        return unary(Unary.COS);
    }

    /** A 0-d constant tensor (it broadcasts against any shape): for code written over {@link Differentiable}. */
    @Override
    public Tensor constantLike(double value) {
        return scalar(value);
    }

    /** 1 where x &gt; 0, else 0: a constant. */
    @Override
    public Tensor step() {
        return unary(Unary.STEP);
    }

    /** sign(x) elementwise: a constant. */
    @Override
    public Tensor sign() {
        return unary(Unary.SIGN);
    }

    // ---------------------------------------------------------------- masks and where

    private Tensor compare(Tensor other, String name, int kind) {
        Shape s = Shape.broadcast(shape, other.shape, name);
        double[] a = shape.equals(s) ? data : Kernels.expand(data, shape, s);
        double[] b = other.shape.equals(s) ? other.data : Kernels.expand(other.data, other.shape, s);
        double[] r = new double[s.size()];
        for (int i = 0; i < r.length; i++) {
            boolean v;
            switch (kind) {
                case 0: v = a[i] > b[i]; break;
                case 1: v = a[i] >= b[i]; break;
                case 2: v = a[i] < b[i]; break;
                case 3: v = a[i] <= b[i]; break;
                default: v = a[i] == b[i];
            }
            r[i] = v ? 1.0 : 0.0;
        }
        return new Tensor(r, s);
    }

    /** 1 where this &gt; other, else 0 (a constant mask), broadcast. */
    public Tensor gt(Tensor other) {
        return compare(other, "gt", 0);
    }

    /** 1 where this &gt;= other, else 0. */
    public Tensor ge(Tensor other) {
        return compare(other, "ge", 1);
    }

    /** 1 where this &lt; other, else 0. */
    public Tensor lt(Tensor other) {
        return compare(other, "lt", 2);
    }

    /** 1 where this &lt;= other, else 0. */
    public Tensor le(Tensor other) {
        return compare(other, "le", 3);
    }

    /** 1 where this == other, else 0. */
    public Tensor eq(Tensor other) {
        return compare(other, "eq", 4);
    }

    /** 1 where this &gt; c, else 0. */
    public Tensor gt(double c) {
        return gt(scalar(c));
    }

    /** 1 where this &lt; c, else 0. */
    public Tensor lt(double c) {
        return lt(scalar(c));
    }

    /** 1 where this &gt;= c, else 0. */
    public Tensor ge(double c) {
        return ge(scalar(c));
    }

    /** 1 where this &lt;= c, else 0. */
    public Tensor le(double c) {
        return le(scalar(c));
    }

    /** 1 where this == c, else 0. */
    public Tensor eq(double c) {
        return eq(scalar(c));
    }

    /**
     * Elementwise choice, broadcast: a where mask is non-zero, b elsewhere. The mask is a constant; the gradient
     * goes to a where the mask is non-zero and to b elsewhere.
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        Shape s = Shape.broadcast(Shape.broadcast(mask.shape, a.shape, "where"), b.shape, "where");
        double[] m = mask.shape.equals(s) ? mask.data : Kernels.expand(mask.data, mask.shape, s);
        double[] x = a.shape.equals(s) ? a.data : Kernels.expand(a.data, a.shape, s);
        double[] y = b.shape.equals(s) ? b.data : Kernels.expand(b.data, b.shape, s);
        double[] r = new double[s.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = m[i] != 0 ? x[i] : y[i];
        }
        Tensor zero = scalar(0.0);
        // a copy, not a view: the mask is no input of the op, so the version check cannot see it change
        Tensor constMask = new Tensor(mask.data.clone(), mask.shape);
        return result(r, s, "where", (g, out) -> new Tensor[] {
            a.requiresGradFlag() ? where(constMask, g, zero).sumTo(a.shape) : null,
            b.requiresGradFlag() ? where(constMask, zero, g).sumTo(b.shape) : null}, a, b);
    }

    // ================================================================ broadcasting ops

    /**
     * Sums this tensor down to {@code target}, a shape that broadcasts to this one: the adjoint of
     * {@link #expand}, and the one place where gradients of broadcast operands are reduced.
     */
    public Tensor sumTo(Shape target) {
        if (target.equals(shape)) {
            return this;
        }
        if (!target.broadcastsTo(shape)) {
            throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + shape);
        }
        Tensor x = this;
        return result(Kernels.sumTo(data, shape, target), target, "sumTo",
                (g, y) -> new Tensor[] {g.expand(x.shape)}, x);
    }

    /** This tensor broadcast to {@code target} (NumPy's broadcast_to, a copy); the gradient is summed back. */
    public Tensor expand(Shape target) {
        if (target.equals(shape)) {
            return this;
        }
        if (!shape.broadcastsTo(target)) {
            throw new IllegalArgumentException("expand: shape " + shape + " cannot be broadcast to " + target);
        }
        Tensor x = this;
        return result(Kernels.expand(data, shape, target), target, "expand",
                (g, y) -> new Tensor[] {g.sumTo(x.shape)}, x);
    }

    /** This tensor broadcast to the given sizes. */
    public Tensor expand(int... dims) {
        return expand(Shape.of(dims));
    }

    // ================================================================ reductions

    private int[] axesOrAll(int[] axes, String op) {
        if (axes.length == 0) {
            int[] all = new int[rank()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[rank()];
        for (int i = 0; i < axes.length; i++) {
            out[i] = shape.axis(axes[i], op);
            if (seen[out[i]]) {
                throw new IllegalArgumentException(op + ": axis " + axes[i] + " is given twice for shape " + shape);
            }
            seen[out[i]] = true;
        }
        return out;
    }

    private Shape reducedShape(int[] axes, boolean keepDims) {
        int[] d = shape.dims();
        boolean[] red = new boolean[d.length];
        for (int a : axes) {
            red[a] = true;
        }
        int[] out = new int[keepDims ? d.length : d.length - axes.length];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (red[i]) {
                if (keepDims) {
                    out[j++] = 1;
                }
            } else {
                out[j++] = d[i];
            }
        }
        return Shape.of(out);
    }

    /** The sum of all elements, a 0-d tensor. */
    public Tensor sum() {
        return sum(new int[0], false);
    }

    /** The sum over the given axes (all when none are given), dropping them unless {@code keepDims}. */
    public Tensor sum(int[] axes, boolean keepDims) {
        int[] ax = axesOrAll(axes, "sum");
        Shape keep = reducedShape(ax, true);
        Tensor s = sumTo(keep);
        if (s == this) {
            s = result(data, keep, "sum", (g, y) -> new Tensor[] {g}, this);
        }
        return keepDims ? s : s.reshape(reducedShape(ax, false).raw());
    }

    /** The sum over one axis. */
    public Tensor sum(int axis, boolean keepDims) {
        return sum(new int[] {axis}, keepDims);
    }

    /** The mean of all elements. */
    public Tensor mean() {
        return mean(new int[0], false);
    }

    /** The mean over the given axes (all when none are given). */
    public Tensor mean(int[] axes, boolean keepDims) {
        int[] ax = axesOrAll(axes, "mean");
        int count = 1;
        for (int a : ax) {
            count *= shape.raw()[a];
        }
        if (count == 0) {
            throw new IllegalArgumentException("mean: cannot average over an empty axis of shape " + shape);
        }
        return sum(ax, keepDims).div(count);
    }

    /** The mean over one axis. */
    public Tensor mean(int axis, boolean keepDims) {
        return mean(new int[] {axis}, keepDims);
    }

    /**
     * The variance over the given axes: sum((x - mean)^2) / (N - correction); correction 0 is NumPy's default,
     * 1 the unbiased estimate (PyTorch's default).
     */
    public Tensor var(int[] axes, boolean keepDims, int correction) {
        int[] ax = axesOrAll(axes, "var");
        int count = 1;
        for (int a : ax) {
            count *= shape.raw()[a];
        }
        if (count - correction <= 0) {
            throw new IllegalArgumentException("var: " + count + " elements per group with correction "
                    + correction + " leaves no degree of freedom (shape " + shape + ")");
        }
        Tensor centred = sub(mean(ax, true));
        return centred.square().sum(ax, keepDims).div(count - correction);
    }

    /** The standard deviation: sqrt of {@link #var(int[], boolean, int)}. */
    public Tensor std(int[] axes, boolean keepDims, int correction) {
        // NOTE: where a group is constant the variance is 0 and sqrt'(0) is infinite; as in PyTorch the gradient
        // there is 0, by taking the square root of a safe value and choosing 0 with where (a constant mask)
        Tensor v = var(axes, keepDims, correction);
        Tensor positive = v.gt(0.0);
        return where(positive, where(positive, v, scalar(1.0)).sqrt(), scalar(0.0));
    }

    private Tensor extreme(int axis, boolean keepDims, boolean max) {
        String name = max ? "max" : "min";
        int a = shape.axis(axis, name);
        if (shape.raw()[a] == 0) {
            throw new IllegalArgumentException(name + ": cannot reduce the empty axis " + axis + " of shape "
                    + shape);
        }
        Shape keep = reducedShape(new int[] {a}, true);
        double[] out = new double[keep.size()];
        int[] at = new int[keep.size()];
        Kernels.extreme(data, shape, a, max, out, at);
        Tensor x = this;
        Tensor index = new Tensor(toDoubles(at), keep);
        Tensor r = result(out, keep, name, (g, y) -> new Tensor[] {scatterAdd(g, a, index, x.shape)}, x);
        return keepDims ? r : r.reshape(reducedShape(new int[] {a}, false).raw());
    }

    /** The maximum over one axis. NOTE: at a tie the gradient goes to the first maximal element. */
    public Tensor max(int axis, boolean keepDims) {
        return extreme(axis, keepDims, true);
    }

    /** The minimum over one axis. NOTE: at a tie the gradient goes to the first minimal element. */
    public Tensor min(int axis, boolean keepDims) {
        return extreme(axis, keepDims, false);
    }

    /** The maximum of all elements. */
    public Tensor max() {
        return reshape(data.length).max(0, false);
    }

    /** The minimum of all elements. */
    public Tensor min() {
        return reshape(data.length).min(0, false);
    }

    /** The index of the first maximum along {@code axis}, as a constant tensor of integral values. */
    public Tensor argmax(int axis) {
        int a = shape.axis(axis, "argmax");
        if (shape.raw()[a] == 0) {
            throw new IllegalArgumentException("argmax: the axis " + axis + " of shape " + shape + " is empty");
        }
        Shape keep = reducedShape(new int[] {a}, true);
        double[] out = new double[keep.size()];
        int[] at = new int[keep.size()];
        Kernels.extreme(data, shape, a, true, out, at);
        return new Tensor(toDoubles(at), reducedShape(new int[] {a}, false));
    }

    /**
     * log(sum(exp(x))) over the given axes, computed without overflow; its gradient is the softmax. Over an empty
     * axis the sum is 0 and the result -infinity, as in PyTorch.
     */
    public Tensor logSumExp(int[] axes, boolean keepDims) {
        int[] ax = axesOrAll(axes, "logSumExp");
        for (int a : ax) {
            if (shape.raw()[a] == 0) {
                return sum(ax, keepDims).add(Double.NEGATIVE_INFINITY); // log(0) = -inf, as in PyTorch
            }
        }
        Tensor m = detach();
        for (int a : ax) {
            m = m.max(a, true);
        }
        Tensor finiteMax = Tensor.where(m.abs().lt(Double.POSITIVE_INFINITY), m, scalar(0.0));
        Tensor r = sub(finiteMax).exp().sum(ax, true).log().add(finiteMax);
        return keepDims ? r : r.reshape(reducedShape(ax, false).raw());
    }

    /** Softmax along {@code axis}: exp(x - max) / sum(exp(x - max)); d/dx: y (g - sum(g y)). */
    public Tensor softmax(int axis) {
        int a = shape.axis(axis, "softmax");
        double[] out = new double[data.length];
        Kernels.softmax(data, shape, a, false, out);
        return result(out, shape, "softmax", (g, y) -> new Tensor[] {Grad.isEnabled()
                ? y.mul(g.sub(g.mul(y).sum(a, true)))
                : fusedSoftmaxGrad(g, y, a, false)}, this);
    }

    /** log(softmax(x)) along {@code axis}, stable; d/dx: g - softmax(x) sum(g). */
    public Tensor logSoftmax(int axis) {
        int a = shape.axis(axis, "logSoftmax");
        double[] out = new double[data.length];
        Kernels.softmax(data, shape, a, true, out);
        return result(out, shape, "logSoftmax", (g, y) -> new Tensor[] {Grad.isEnabled()
                ? g.sub(y.exp().mul(g.sum(a, true)))
                : fusedSoftmaxGrad(g, y, a, true)}, this);
    }

    /** The eager form of the two rules above, in one pass (the same maths, see Kernels.softmaxGrad). */
    private static Tensor fusedSoftmaxGrad(Tensor g, Tensor y, int axis, boolean log) {
        double[] r = new double[y.data.length];
        Kernels.softmaxGrad(g.data, y.data, y.shape, axis, log, r);
        return new Tensor(r, y.shape);
    }

    // ================================================================ shape ops

    /** The same elements in a new shape (one size may be -1: inferred); shares storage. */
    public Tensor reshape(int... dims) {
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1 && infer < 0) {
                infer = i;
            } else if (d[i] < 0) {
                throw new IllegalArgumentException("reshape: bad size " + d[i] + " in " + Arrays.toString(dims));
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || data.length % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + shape + " (" + data.length
                        + " elements) into " + Arrays.toString(dims));
            }
            d[infer] = (int) (data.length / known);
        }
        Shape s = Shape.of(d);
        if (s.size() != data.length) {
            throw new IllegalArgumentException("reshape: cannot reshape " + shape + " (" + data.length
                    + " elements) into " + s + " (" + s.size() + " elements)");
        }
        if (s.equals(shape)) {
            return this;
        }
        Tensor x = this;
        return result(data, s, "reshape", (g, y) -> new Tensor[] {g.reshape(x.shape.raw())}, x);
    }

    /** A 1-d view of all elements. */
    public Tensor flatten() {
        return reshape(data.length);
    }

    /** Merges the dimensions from {@code startAxis} to the end into one (as nn.Flatten does from axis 1). */
    public Tensor flatten(int startAxis) {
        int a = shape.axis(startAxis, "flatten");
        int[] d = Arrays.copyOf(shape.raw(), a + 1);
        d[a] = Kernels.inner(shape, a) * shape.raw()[a];
        return reshape(d);
    }

    /** Removes every dimension of size 1. */
    public Tensor squeeze() {
        return reshape(Arrays.stream(shape.raw()).filter(d -> d != 1).toArray());
    }

    /** Removes dimension {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        int a = shape.axis(axis, "squeeze");
        if (shape.raw()[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + shape + " has size "
                    + shape.raw()[a] + ", not 1");
        }
        int[] d = new int[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i != a) {
                d[j++] = shape.raw()[i];
            }
        }
        return reshape(d);
    }

    /** Inserts a dimension of size 1 at {@code axis} (in [-rank - 1, rank]). */
    public Tensor unsqueeze(int axis) {
        int r = rank();
        if (axis < -r - 1 || axis > r) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + shape);
        }
        int a = axis < 0 ? axis + r + 1 : axis;
        int[] d = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            d[i] = i == a ? 1 : shape.raw()[j++];
        }
        return reshape(d);
    }

    /** The dimensions reordered: output dimension i is this tensor's dimension perm[i]. */
    public Tensor permute(int... perm) {
        int r = rank();
        if (perm.length != r) {
            throw new IllegalArgumentException("permute: " + perm.length + " axes " + Arrays.toString(perm)
                    + " for shape " + shape + " of rank " + r);
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        int[] d = new int[r];
        boolean identity = true;
        for (int i = 0; i < r; i++) {
            p[i] = shape.axis(perm[i], "permute");
            if (seen[p[i]]) {
                throw new IllegalArgumentException("permute: axis " + perm[i] + " appears twice in "
                        + Arrays.toString(perm));
            }
            seen[p[i]] = true;
            d[i] = shape.raw()[p[i]];
            identity &= p[i] == i;
        }
        if (identity) {
            return this;
        }
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) {
            inv[p[i]] = i;
        }
        return result(Kernels.permute(data, shape, p), Shape.of(d), "permute",
                (g, y) -> new Tensor[] {g.permute(inv)}, this);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int axis0, int axis1) {
        int[] p = new int[rank()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        int a = shape.axis(axis0, "transpose");
        int b = shape.axis(axis1, "transpose");
        p[a] = b;
        p[b] = a;
        return permute(p);
    }

    /** The transpose of a matrix (the last two dimensions swapped; a 1-d tensor is returned as it is). */
    public Tensor transpose() {
        return rank() < 2 ? this : transpose(-2, -1);
    }

    // ================================================================ slicing and indexing

    /** The elements [start, start + length) along {@code axis}; the gradient is padded back with zeros. */
    public Tensor narrow(int axis, int start, int length) {
        int a = shape.axis(axis, "narrow");
        int n = shape.raw()[a];
        if (start < 0 || length < 0 || start + length > n) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + (start + length) + ") is outside "
                    + "[0, " + n + ") along axis " + axis + " of shape " + shape);
        }
        if (start == 0 && length == n) {
            return this;
        }
        int[] d = shape.dims();
        d[a] = length;
        Shape s = Shape.of(d);
        double[] out = new double[s.size()];
        Kernels.narrow(data, shape, a, start, length, out, false);
        Shape full = shape;
        return result(out, s, "narrow", (g, y) -> new Tensor[] {padNarrow(g, a, start, full)}, this);
    }

    /** The adjoint of narrow: {@code part} placed at [start, ...) along axis in zeros of shape {@code full}. */
    private static Tensor padNarrow(Tensor part, int axis, int start, Shape full) {
        double[] out = new double[full.size()];
        Kernels.narrow(out, full, axis, start, part.shape.raw()[axis], part.data, true);
        int len = part.shape.raw()[axis];
        return result(out, full, "pad", (g, y) -> new Tensor[] {g.narrow(axis, start, len)}, part);
    }

    /** The elements [start, end) along {@code axis}; negative bounds count from the end (Python's slices). */
    public Tensor slice(int axis, int start, int end) {
        int a = shape.axis(axis, "slice");
        int n = shape.raw()[a];
        int s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
        int e = Math.max(s, Math.min(n, end < 0 ? end + n : end));
        return narrow(a, s, e - s);
    }

    /** The elements start, start + step, ... before end along {@code axis} (step &gt; 0). */
    public Tensor slice(int axis, int start, int end, int step) {
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step " + step + " must be > 0");
        }
        if (step == 1) {
            return slice(axis, start, end);
        }
        int a = shape.axis(axis, "slice");
        int n = shape.raw()[a];
        int s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
        int e = Math.max(s, Math.min(n, end < 0 ? end + n : end));
        int[] idx = new int[(e - s + step - 1) / step];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = s + i * step;
        }
        return indexSelect(a, idx);
    }

    /** The slice at {@code index} along {@code axis}, with that axis removed (negative index from the end). */
    public Tensor select(int axis, int index) {
        int a = shape.axis(axis, "select");
        int n = shape.raw()[a];
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException("select: index " + index + " is out of range for axis " + axis
                    + " of shape " + shape + " (size " + n + ")");
        }
        return narrow(a, i, 1).squeeze(a);
    }

    /** The slices at the given indices along {@code axis}, in that order (repeats allowed). */
    public Tensor indexSelect(int axis, int... indices) {
        int a = shape.axis(axis, "indexSelect");
        int n = shape.raw()[a];
        for (int j = 0; j < indices.length; j++) {
            if (indices[j] < 0 || indices[j] >= n) {
                throw new IllegalArgumentException("indexSelect: index " + indices[j] + " at position " + j
                        + " is out of range for axis " + axis + " of shape " + shape + " (size " + n + ")");
            }
        }
        int[] idx = indices.clone();
        int[] d = shape.dims();
        d[a] = idx.length;
        Shape s = Shape.of(d);
        double[] out = new double[s.size()];
        Kernels.indexSelect(data, shape, a, idx, out, false);
        Shape full = shape;
        return result(out, s, "indexSelect", (g, y) -> new Tensor[] {indexAdd(g, a, idx, full)}, this);
    }

    /** The adjoint of indexSelect: the slices of {@code part} added at the indices into zeros of shape full. */
    private static Tensor indexAdd(Tensor part, int axis, int[] idx, Shape full) {
        double[] out = new double[full.size()];
        Kernels.indexSelect(out, full, axis, idx, part.data, true);
        return result(out, full, "indexAdd", (g, y) -> new Tensor[] {g.indexSelect(axis, idx)}, part);
    }

    /**
     * PyTorch's gather: out[i][j] = this[i][index[i][j]] for axis 1 (and so on for other axes). The index
     * tensor holds integral values and has this tensor's shape except along {@code axis}.
     */
    public Tensor gather(int axis, Tensor index) {
        int a = shape.axis(axis, "gather");
        if (index.rank() != rank()) {
            throw new IllegalArgumentException("gather: index of shape " + index.shape + " for input of shape "
                    + shape + ": ranks differ");
        }
        for (int i = 0; i < rank(); i++) {
            if (i != a && index.shape.raw()[i] != shape.raw()[i]) {
                throw new IllegalArgumentException("gather: index of shape " + index.shape + " for input of shape "
                        + shape + ": sizes differ along axis " + i);
            }
        }
        int[] idx = index.indices("gather", shape.raw()[a]);
        double[] out = new double[index.size()];
        Kernels.gather(data, shape, a, idx, index.shape, out, false);
        Tensor constIndex = new Tensor(index.data.clone(), index.shape); // a copy, as where's mask
        Shape full = shape;
        return result(out, index.shape, "gather", (g, y) -> new Tensor[] {scatterAdd(g, a, constIndex, full)}, this);
    }

    /** The adjoint of gather: {@code src} added at the indices along axis into zeros of shape full. */
    static Tensor scatterAdd(Tensor src, int axis, Tensor index, Shape full) {
        int[] idx = index.indices("scatterAdd", full.raw()[axis]);
        double[] out = new double[full.size()];
        Kernels.gather(out, full, axis, idx, index.shape, src.data, true);
        return result(out, full, "scatterAdd", (g, y) -> new Tensor[] {g.gather(axis, index)}, src);
    }

    /** The tensors joined along {@code axis}; all other sizes must agree. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Tensor first = parts.get(0);
        int a = first.shape.axis(axis, "concat");
        int total = 0;
        for (Tensor t : parts) {
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: shapes " + first.shape + " and " + t.shape
                        + " have different ranks");
            }
            for (int i = 0; i < t.rank(); i++) {
                if (i != a && t.shape.raw()[i] != first.shape.raw()[i]) {
                    throw new IllegalArgumentException("concat: shapes " + first.shape + " and " + t.shape
                            + " differ along axis " + i + ", not only along the concatenation axis " + axis);
                }
            }
            total += t.shape.raw()[a];
        }
        int[] d = first.shape.dims();
        d[a] = total;
        Shape s = Shape.of(d);
        double[] out = new double[s.size()];
        int[] starts = new int[parts.size()];
        int at = 0;
        for (int k = 0; k < parts.size(); k++) {
            Tensor t = parts.get(k);
            starts[k] = at;
            Kernels.narrow(out, s, a, at, t.shape.raw()[a], t.data, true);
            at += t.shape.raw()[a];
        }
        Tensor[] in = parts.toArray(new Tensor[0]);
        return result(out, s, "concat", (g, y) -> {
            Tensor[] gs = new Tensor[in.length];
            for (int k = 0; k < in.length; k++) {
                if (in[k].requiresGradFlag()) {
                    gs[k] = g.narrow(a, starts[k], in[k].shape.raw()[a]);
                }
            }
            return gs;
        }, in);
    }

    /** The tensors, all of one shape, stacked along a new axis. */
    public static Tensor stack(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        List<Tensor> expanded = new ArrayList<>(parts.size());
        for (Tensor t : parts) {
            if (!t.shape.equals(parts.get(0).shape)) {
                throw new IllegalArgumentException("stack: shapes " + parts.get(0).shape + " and " + t.shape
                        + " differ");
            }
            expanded.add(t.unsqueeze(axis));
        }
        return concat(expanded, axis < 0 ? axis + parts.get(0).rank() + 1 : axis);
    }

    // ================================================================ matmul

    /**
     * Matrix product with NumPy's matmul rules: 2-d x 2-d; a 1-d operand is a row (left) or column (right)
     * vector whose dimension is dropped from the result; more dimensions are batches, broadcast.
     * d/dA = G B^T, d/dB = A^T G.
     */
    public Tensor matmul(Tensor other) {
        if (rank() == 0 || other.rank() == 0) {
            throw new IllegalArgumentException("matmul: shapes " + shape + " x " + other.shape + ": both operands "
                    + "need at least one dimension (use mul for a scalar)");
        }
        Tensor a = rank() == 1 ? reshape(1, data.length) : this;
        Tensor b = other.rank() == 1 ? other.reshape(other.size(), 1) : other;
        int ka = a.shape.dim(-1);
        int kb = b.shape.dim(-2);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: " + shape + " x " + other.shape + ": inner sizes " + ka
                    + " and " + kb + " differ");
        }
        Tensor r = mm(a, false, b, false);
        if (rank() == 1) {
            r = r.squeeze(-2);
        }
        if (other.rank() == 1) {
            r = r.squeeze(-1);
        }
        return r;
    }

    /** op(A) op(B) over the last two dimensions, batches broadcast; op(X) = X^T when its flag is set. */
    static Tensor mm(Tensor a, boolean ta, Tensor b, boolean tb) {
        int ra = a.rank();
        int rb = b.rank();
        int m = ta ? a.shape.dim(-1) : a.shape.dim(-2);
        int k = ta ? a.shape.dim(-2) : a.shape.dim(-1);
        int n = tb ? b.shape.dim(-2) : b.shape.dim(-1);
        Shape batchA = Shape.of(Arrays.copyOf(a.shape.raw(), ra - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b.shape.raw(), rb - 2));
        Shape batch;
        try {
            batch = Shape.broadcast(batchA, batchB, "matmul");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: " + a.shape + " x " + b.shape + ": the batch dimensions "
                    + batchA + " and " + batchB + " cannot be broadcast together");
        }
        int[] d = Arrays.copyOf(batch.raw(), batch.rank() + 2);
        d[d.length - 2] = m;
        d[d.length - 1] = n;
        Shape s = Shape.of(d);
        double[] out = new double[s.size()];
        int lda = a.shape.dim(-1);
        int ldb = b.shape.dim(-1);
        int nb = batch.size();
        if (nb == 1) {
            Gemm.gemm(ta, tb, m, n, k, a.data, 0, lda, b.data, 0, ldb, out, 0, n, false);
        } else if (nb > 0) {
            int[] ia = Kernels.broadcastIndex(batchA, batch);
            int[] ib = Kernels.broadcastIndex(batchB, batch);
            int sizeA = m * k;
            int sizeB = k * n;
            for (int i = 0; i < nb; i++) {
                Gemm.gemm(ta, tb, m, n, k, a.data, ia[i] * sizeA, lda, b.data, ib[i] * sizeB, ldb, out, i * m * n,
                        n, false);
            }
        }
        return result(out, s, "matmul", (g, y) -> new Tensor[] {
            a.requiresGradFlag() ? (ta ? mm(b, tb, g, true) : mm(g, false, b, !tb)).sumTo(a.shape) : null,
            b.requiresGradFlag() ? (tb ? mm(g, true, a, ta) : mm(a, !ta, g, false)).sumTo(b.shape) : null}, a, b);
    }

    // ================================================================ helpers

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

    /** The elements as integer indices in [0, bound), or an exception naming the op and the bad element. */
    int[] indices(String op, int bound) {
        int[] out = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            double v = data[i];
            if (v != Math.rint(v) || v < 0 || v >= bound) {
                throw new IllegalArgumentException(op + ": index " + v + " at position " + i + " of shape " + shape
                        + " is not an integer in [0, " + bound + ")");
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static double[] toDoubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("tensor(");
        format(s, 0, 0, 7);
        if (rank() > 1 || data.length > 6) {
            s.append(", shape=").append(shape);
        }
        if (op != null) {
            s.append(", op=").append(op);
        } else if (requiresGradFlag()) {
            s.append(", requiresGrad");
        }
        if (grad != null) {
            s.append(",\n  grad=");
            grad.format(s, 0, 0, 7);
        }
        return s.append(')').toString();
    }

    /** NumPy-like nested brackets, eliding the middle of dimensions longer than 6. */
    private void format(StringBuilder s, int axis, int offset, int indent) {
        if (rank() == 0) {
            s.append(num(data[0]));
            return;
        }
        int n = shape.raw()[axis];
        int stride = Kernels.inner(shape, axis);
        s.append('[');
        for (int i = 0; i < n; i++) {
            if (n > 6 && i == 3) {
                s.append("...");
                i = n - 3;
                s.append(axis == rank() - 1 ? ", " : ",\n" + " ".repeat(indent + axis + 1));
            }
            if (axis == rank() - 1) {
                s.append(num(data[offset + i]));
            } else {
                format(s, axis + 1, offset + i * stride, indent);
            }
            if (i < n - 1) {
                s.append(axis == rank() - 1 ? ", " : ",\n" + " ".repeat(indent + axis + 1));
            }
        }
        s.append(']');
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
