package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;

import java.util.Arrays;
import java.util.List;
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
 * <p>An in-place update of a tensor that a recorded op has used makes a later backward pass through that op throw (a
 * version check, as in PyTorch): update parameters after backward. A graph, leaves included, must not be used by two
 * threads at once: backward passes on other threads that share a leaf would lose some of its gradient updates.
 */
public final class Tensor extends TensorNode implements Differentiable<Tensor> {
    Tensor(double[] data, Shape shape) {
        super(data, shape);
    }

    Tensor(Tensor of, Shape shape) {
        super(of, shape);
    }

    // ================================================================ factories

    /** A tensor holding a copy of {@code data}, of the given shape (a 1-d tensor when no dims are given). */
    public static Tensor of(double[] data, int... dims) {
        return of(data, dims.length == 0 ? Shape.of(data.length) : Shape.of(dims));
    }

    /**
     * {@return a tensor holding a copy of {@code data}, of the given shape}
     * @param data  the values, row-major
     * @param shape the shape, whose size must be {@code data.length}
     * @throws IllegalArgumentException if the values do not fill the shape, or one is NaN (as {@link Scalar#of} refuses
     *                                  NaN: a graph does not start from NaN; infinities are accepted)
     */
    public static Tensor of(double[] data, Shape shape) {
        return Factories.of(data, shape);
    }

    /** A 2-d tensor from rows of equal length. */
    public static Tensor of(double[][] rows) {
        return Factories.of(rows);
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
        return Factories.full(value, dims);
    }

    /** The n x n identity matrix. */
    public static Tensor eye(int n) {
        return Factories.eye(n);
    }

    /**
     * {@return start, start + step, ... up to but excluding end (NumPy's arange)}
     * @param start the first value
     * @param end   the bound, excluded
     * @param step  the spacing, finite and non-zero (negative to count down)
     */
    public static Tensor arange(double start, double end, double step) {
        return Factories.arange(start, end, step);
    }

    /** 0, 1, ..., n - 1. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /**
     * {@return {@code n} evenly spaced values from start to end, both included}
     * @param start the first value
     * @param end   the last value (when n &gt; 1)
     * @param n     the number of values, &gt;= 0
     */
    public static Tensor linspace(double start, double end, int n) {
        return Factories.linspace(start, end, n);
    }

    /** Uniform samples from [0, 1) drawn from {@code rnd} (seed it for reproducible tensors). */
    public static Tensor rand(RandomGenerator rnd, int... dims) {
        return Factories.rand(rnd, dims);
    }

    /** Standard normal samples drawn from {@code rnd} (seed it for reproducible tensors). */
    public static Tensor randn(RandomGenerator rnd, int... dims) {
        return Factories.randn(rnd, dims);
    }

    /** One-hot rows: for class indices of shape S, a tensor of shape S + [classes] with a 1 at each index. */
    public static Tensor oneHot(Tensor indices, int classes) {
        return Factories.oneHot(indices, classes);
    }

    // ================================================================ pointwise

    /** this + other, broadcast. */
    @Override
    public Tensor add(Tensor other) {
        return Elementwise.binary(Binary.ADD, this, other);
    }

    /** this + c. */
    @Override
    public Tensor add(double c) {
        return Elementwise.binary(Binary.ADD, this, Elementwise.constant("add", c));
    }

    /** this - other, broadcast. */
    @Override
    public Tensor sub(Tensor other) {
        return Elementwise.binary(Binary.SUB, this, other);
    }

    /** this - c. */
    @Override
    public Tensor sub(double c) {
        return Elementwise.binary(Binary.SUB, this, Elementwise.constant("sub", c));
    }

    /** this * other elementwise, broadcast. */
    @Override
    public Tensor mul(Tensor other) {
        return Elementwise.binary(Binary.MUL, this, other);
    }

    /** this * c. */
    @Override
    public Tensor mul(double c) {
        return Elementwise.binary(Binary.MUL, this, Elementwise.constant("mul", c));
    }

    /** this / other elementwise, broadcast; d/d(other) = -this / other^2. */
    @Override
    public Tensor div(Tensor other) {
        return Elementwise.binary(Binary.DIV, this, other);
    }

    /** this / c. */
    @Override
    public Tensor div(double c) {
        return Elementwise.binary(Binary.DIV, this, Elementwise.constant("div", c));
    }

    /** this ^ exponent elementwise; d/d(this) = exponent this^(exponent - 1). */
    @Override
    public Tensor pow(double exponent) {
        return Elementwise.binary(Binary.POW, this, Elementwise.constant("pow", exponent));
    }

    /** this ^ exponent elementwise, broadcast. NOTE: d/d(exponent) = y ln(this) is NaN where this &lt; 0. */
    @Override
    public Tensor pow(Tensor exponent) {
        return Elementwise.binary(Binary.POW, this, exponent);
    }

    /** Elementwise max, broadcast. NOTE: at a tie the gradient goes to this. */
    @Override
    public Tensor max(Tensor other) {
        return Elementwise.binary(Binary.MAX, this, other);
    }

    /** Elementwise min, broadcast. NOTE: at a tie the gradient goes to this. */
    @Override
    public Tensor min(Tensor other) {
        return Elementwise.binary(Binary.MIN, this, other);
    }

    /** Clamps into [lo, hi]: the gradient passes where lo &lt;= this &lt;= hi (ends included), else 0. */
    public Tensor clamp(double lo, double hi) {
        return Elementwise.clamp(this, lo, hi);
    }

    /** -this. */
    @Override
    public Tensor neg() {
        return Elementwise.unary(this, Unary.NEG);
    }

    /** this^2 elementwise. */
    @Override
    public Tensor square() {
        return Elementwise.unary(this, Unary.SQUARE);
    }

    /** sqrt elementwise; derivative 1 / (2 sqrt x). */
    @Override
    public Tensor sqrt() {
        return Elementwise.unary(this, Unary.SQRT);
    }

    /** e^x elementwise. */
    @Override
    public Tensor exp() {
        return Elementwise.unary(this, Unary.EXP);
    }

    /** ln x elementwise; derivative 1 / x. */
    @Override
    public Tensor log() {
        return Elementwise.unary(this, Unary.LOG);
    }

    /** tanh elementwise; derivative 1 - tanh^2. */
    @Override
    public Tensor tanh() {
        return Elementwise.unary(this, Unary.TANH);
    }

    /** The logistic function elementwise (stable); derivative s (1 - s). */
    @Override
    public Tensor sigmoid() {
        return Elementwise.unary(this, Unary.SIGMOID);
    }

    /** max(x, 0) elementwise. NOTE: relu'(0) = 0. */
    @Override
    public Tensor relu() {
        return Elementwise.unary(this, Unary.RELU);
    }

    /** ln(1 + e^x) elementwise (stable); derivative sigmoid(x). */
    @Override
    public Tensor softplus() {
        return Elementwise.unary(this, Unary.SOFTPLUS);
    }

    /** |x| elementwise. NOTE: abs'(0) = 0. */
    @Override
    public Tensor abs() {
        return Elementwise.unary(this, Unary.ABS);
    }

    /** sin elementwise. */
    @Override
    public Tensor sin() {
        return Elementwise.unary(this, Unary.SIN);
    }

    /** cos elementwise. */
    @Override
    public Tensor cos() {
        return Elementwise.unary(this, Unary.COS);
    }

    /** A 0-d constant tensor (it broadcasts against any shape): for code written over {@link Differentiable}. */
    @Override
    public Tensor constantLike(double value) {
        return scalar(value);
    }

    /** 1 where x &gt; 0, else 0: a constant. */
    @Override
    public Tensor step() {
        return Elementwise.unary(this, Unary.STEP);
    }

    /** sign(x) elementwise: a constant. */
    @Override
    public Tensor sign() {
        return Elementwise.unary(this, Unary.SIGN);
    }

    // ---------------------------------------------------------------- masks and where

    /** 1 where this &gt; other, else 0 (a constant mask), broadcast. */
    public Tensor gt(Tensor other) {
        return Elementwise.compare(this, other, "gt", 0);
    }

    /** 1 where this &gt;= other, else 0. */
    public Tensor ge(Tensor other) {
        return Elementwise.compare(this, other, "ge", 1);
    }

    /** 1 where this &lt; other, else 0. */
    public Tensor lt(Tensor other) {
        return Elementwise.compare(this, other, "lt", 2);
    }

    /** 1 where this &lt;= other, else 0. */
    public Tensor le(Tensor other) {
        return Elementwise.compare(this, other, "le", 3);
    }

    /** 1 where this == other, else 0. */
    public Tensor eq(Tensor other) {
        return Elementwise.compare(this, other, "eq", 4);
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
     * {@return a where mask is non-zero, b elsewhere: an elementwise choice, broadcast} The mask is a constant; the
     * gradient goes to a where the mask is non-zero and to b elsewhere.
     * @param mask the choice, as a constant
     * @param a    the values where the mask is non-zero
     * @param b    the values where it is 0
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return IndexOps.where(mask, a, b);
    }

    // ================================================================ broadcasting ops

    /**
     * {@return this tensor summed down to {@code target}, a shape that broadcasts to this one}: the adjoint of
     * {@link #expand}, and the one place where gradients of broadcast operands are reduced.
     * @param target the shape to sum down to
     */
    public Tensor sumTo(Shape target) {
        return ShapeOps.sumTo(this, target);
    }

    /** This tensor broadcast to {@code target} (NumPy's broadcast_to, a copy); the gradient is summed back. */
    public Tensor expand(Shape target) {
        return ShapeOps.expand(this, target);
    }

    /** This tensor broadcast to the given sizes. */
    public Tensor expand(int... dims) {
        return expand(Shape.of(dims));
    }

    // ================================================================ reductions

    /** {@return the sum of all elements, a 0-d tensor} */
    public Tensor sum() {
        return sum(new int[0], false);
    }

    /** The sum over the given axes (all when none are given), dropping them unless {@code keepDims}. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return Reductions.sum(this, axes, keepDims);
    }

    /** The sum over one axis. */
    public Tensor sum(int axis, boolean keepDims) {
        return sum(new int[] {axis}, keepDims);
    }

    /** {@return the mean of all elements, a 0-d tensor} */
    public Tensor mean() {
        return mean(new int[0], false);
    }

    /** The mean over the given axes (all when none are given). */
    public Tensor mean(int[] axes, boolean keepDims) {
        return Reductions.mean(this, axes, keepDims);
    }

    /** The mean over one axis. */
    public Tensor mean(int axis, boolean keepDims) {
        return mean(new int[] {axis}, keepDims);
    }

    /**
     * {@return the variance over the given axes: sum((x - mean)^2) / (N - correction)}
     * @param axes       the axes to reduce (all when none are given); negative axes count from the end
     * @param keepDims   keep each reduced axis with size 1
     * @param correction subtracted from N: 0 is NumPy's default, 1 the unbiased estimate (PyTorch's default)
     */
    public Tensor var(int[] axes, boolean keepDims, int correction) {
        return Reductions.var(this, axes, keepDims, correction);
    }

    /** The standard deviation: sqrt of {@link #var(int[], boolean, int)}. */
    public Tensor std(int[] axes, boolean keepDims, int correction) {
        return Reductions.std(this, axes, keepDims, correction);
    }

    /** The maximum over one axis. NOTE: at a tie the gradient goes to the first maximal element. */
    public Tensor max(int axis, boolean keepDims) {
        return Reductions.max(this, axis, keepDims);
    }

    /** The minimum over one axis. NOTE: at a tie the gradient goes to the first minimal element. */
    public Tensor min(int axis, boolean keepDims) {
        return Reductions.min(this, axis, keepDims);
    }

    /** {@return the maximum of all elements} */
    public Tensor max() {
        return reshape(data.length).max(0, false);
    }

    /** {@return the minimum of all elements} */
    public Tensor min() {
        return reshape(data.length).min(0, false);
    }

    /** The index of the first maximum along {@code axis}, as a constant tensor of integral values. */
    public Tensor argmax(int axis) {
        return Reductions.argmax(this, axis);
    }

    /**
     * {@return log(sum(exp(x))) over the given axes, computed without overflow}; its gradient is the softmax. Over an
     * empty axis the sum is 0 and the result -infinity, as in PyTorch.
     * @param axes     the axes to reduce (all when none are given); negative axes count from the end
     * @param keepDims keep each reduced axis with size 1
     */
    public Tensor logSumExp(int[] axes, boolean keepDims) {
        return Reductions.logSumExp(this, axes, keepDims);
    }

    /** Softmax along {@code axis}: exp(x - max) / sum(exp(x - max)); d/dx: y (g - sum(g y)). */
    public Tensor softmax(int axis) {
        return Reductions.softmax(this, axis);
    }

    /** log(softmax(x)) along {@code axis}, stable; d/dx: g - softmax(x) sum(g). */
    public Tensor logSoftmax(int axis) {
        return Reductions.logSoftmax(this, axis);
    }

    // ================================================================ shape ops

    /** The same elements in a new shape (one size may be -1: inferred); shares storage. */
    public Tensor reshape(int... dims) {
        return ShapeOps.reshape(this, dims);
    }

    /** {@return a 1-d view of all elements} */
    public Tensor flatten() {
        return reshape(data.length);
    }

    /** Merges the dimensions from {@code startAxis} to the end into one (as nn.Flatten does from axis 1). */
    public Tensor flatten(int startAxis) {
        return ShapeOps.flatten(this, startAxis);
    }

    /** {@return this tensor with every dimension of size 1 removed} */
    public Tensor squeeze() {
        return reshape(Arrays.stream(shape.raw()).filter(d -> d != 1).toArray());
    }

    /** Removes dimension {@code axis}, which must have size 1. */
    public Tensor squeeze(int axis) {
        return ShapeOps.squeeze(this, axis);
    }

    /** Inserts a dimension of size 1 at {@code axis} (in [-rank - 1, rank]). */
    public Tensor unsqueeze(int axis) {
        return ShapeOps.unsqueeze(this, axis);
    }

    /** The dimensions reordered: output dimension i is this tensor's dimension perm[i]. */
    public Tensor permute(int... perm) {
        return ShapeOps.permute(this, perm);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int axis0, int axis1) {
        return ShapeOps.transpose(this, axis0, axis1);
    }

    /** {@return the transpose of a matrix (the last two dimensions swapped; a 1-d tensor is returned as it is)} */
    public Tensor transpose() {
        return rank() < 2 ? this : transpose(-2, -1);
    }

    // ================================================================ slicing and indexing

    /** The elements [start, start + length) along {@code axis}; the gradient is padded back with zeros. */
    public Tensor narrow(int axis, int start, int length) {
        return IndexOps.narrow(this, axis, start, length);
    }

    /** The elements [start, end) along {@code axis}; negative bounds count from the end (Python's slices). */
    public Tensor slice(int axis, int start, int end) {
        int a = shape.axis(axis, "slice");
        int n = shape.raw()[a];
        int s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
        int e = Math.max(s, Math.min(n, end < 0 ? end + n : end));
        return narrow(a, s, e - s);
    }

    /**
     * {@return the elements start, start + step, ... before end along {@code axis}}
     * @param axis  the dimension to cut; negative axes count from the end
     * @param start the first index kept; negative counts from the end, and it is clamped to the dimension
     * @param end   the bound, excluded; negative counts from the end, and it is clamped to the dimension
     * @param step  the spacing, &gt; 0
     */
    public Tensor slice(int axis, int start, int end, int step) {
        return IndexOps.slice(this, axis, start, end, step);
    }

    /** The slice at {@code index} along {@code axis}, with that axis removed (negative index from the end). */
    public Tensor select(int axis, int index) {
        return IndexOps.select(this, axis, index);
    }

    /** The slices at the given indices along {@code axis}, in that order (repeats allowed). */
    public Tensor indexSelect(int axis, int... indices) {
        return IndexOps.indexSelect(this, axis, indices);
    }

    /**
     * {@return PyTorch's gather: out[i][j] = this[i][index[i][j]] for axis 1 (and so on for other axes)} The index
     * tensor holds integral values and has this tensor's shape except along {@code axis}.
     * @param axis  the dimension indexed; negative axes count from the end
     * @param index the positions along it, integral values; the result has its shape
     */
    public Tensor gather(int axis, Tensor index) {
        return IndexOps.gather(this, axis, index);
    }

    /** The tensors joined along {@code axis}; all other sizes must agree. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        return IndexOps.concat(parts, axis);
    }

    /** The tensors, all of one shape, stacked along a new axis. */
    public static Tensor stack(List<Tensor> parts, int axis) {
        return IndexOps.stack(parts, axis);
    }

    // ================================================================ matmul

    /**
     * Matrix product with NumPy's matmul rules: 2-d x 2-d; a 1-d operand is a row (left) or column (right) vector whose
     * dimension is dropped from the result; more dimensions are batches, broadcast. d/dA = G B^T, d/dB = A^T G.
     */
    public Tensor matmul(Tensor other) {
        return Matmul.matmul(this, other);
    }

    // ================================================================ text

    /** NumPy-like text: the values (the middle of long dimensions elided), the shape, the op and the gradient. */
    @Override
    public String toString() {
        return TensorFormat.text(this);
    }
}
