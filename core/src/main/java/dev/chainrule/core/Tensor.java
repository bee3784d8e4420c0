package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;


/**
 * An n-dimensional array that records the ops applied to it, so that gradients flow back through them: row-major
 * storage, {@code double[]} or {@code float[]} as its {@link DType}, with an immutable {@link Shape}. Factories
 * make float64 tensors ({@link #zeros(DType, int...)} and {@link #of(float[], int...)} float32 ones) and
 * {@link #to(DType)} converts; an op on both dtypes follows PyTorch's promotion rule ({@link DType}).
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
public final class Tensor extends TensorLayout implements Differentiable<Tensor> {
    Tensor(double[] data, Shape shape) {
        super(data, shape);
    }

    Tensor(float[] data, Shape shape) {
        super(data, shape);
    }

    Tensor(Tensor of, Shape shape) {
        super(of, shape);
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
        return Elementwise.binary(Binary.ADD, this, Elementwise.constant("add", c, this));
    }

    /** this - other, broadcast. */
    @Override
    public Tensor sub(Tensor other) {
        return Elementwise.binary(Binary.SUB, this, other);
    }

    /** this - c. */
    @Override
    public Tensor sub(double c) {
        return Elementwise.binary(Binary.SUB, this, Elementwise.constant("sub", c, this));
    }

    /** this * other elementwise, broadcast. */
    @Override
    public Tensor mul(Tensor other) {
        return Elementwise.binary(Binary.MUL, this, other);
    }

    /** this * c. */
    @Override
    public Tensor mul(double c) {
        return Elementwise.binary(Binary.MUL, this, Elementwise.constant("mul", c, this));
    }

    /** this / other elementwise, broadcast; d/d(other) = -this / other^2. */
    @Override
    public Tensor div(Tensor other) {
        return Elementwise.binary(Binary.DIV, this, other);
    }

    /** this / c. */
    @Override
    public Tensor div(double c) {
        return Elementwise.binary(Binary.DIV, this, Elementwise.constant("div", c, this));
    }

    /** this ^ exponent elementwise; d/d(this) = exponent this^(exponent - 1). */
    @Override
    public Tensor pow(double exponent) {
        return Elementwise.binary(Binary.POW, this, Elementwise.constant("pow", exponent, this));
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

    /**
     * {@return this clamped into [lo, hi]}: the gradient passes where lo &lt;= this &lt;= hi (ends included), else 0.
     * @param lo the least value
     * @param hi the greatest value, &gt;= lo
     */
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
        return Elementwise.constant("constantLike", value, this);
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

    /**
     * {@return 1 where this &gt; other, else 0 (a constant mask), broadcast}
     * @param other the tensor compared with
     */
    public Tensor gt(Tensor other) {
        return Elementwise.compare(this, other, "gt", 0);
    }

    /**
     * {@return 1 where this &gt;= other, else 0}
     * @param other the tensor compared with, broadcast
     */
    public Tensor ge(Tensor other) {
        return Elementwise.compare(this, other, "ge", 1);
    }

    /**
     * {@return 1 where this &lt; other, else 0}
     * @param other the tensor compared with, broadcast
     */
    public Tensor lt(Tensor other) {
        return Elementwise.compare(this, other, "lt", 2);
    }

    /**
     * {@return 1 where this &lt;= other, else 0}
     * @param other the tensor compared with, broadcast
     */
    public Tensor le(Tensor other) {
        return Elementwise.compare(this, other, "le", 3);
    }

    /**
     * {@return 1 where this == other, else 0}
     * @param other the tensor compared with, broadcast
     */
    public Tensor eq(Tensor other) {
        return Elementwise.compare(this, other, "eq", 4);
    }

    /**
     * {@return 1 where this &gt; c, else 0}
     * @param c the number compared with
     */
    public Tensor gt(double c) {
        return gt(Elementwise.constant("gt", c, this));
    }

    /**
     * {@return 1 where this &lt; c, else 0}
     * @param c the number compared with
     */
    public Tensor lt(double c) {
        return lt(Elementwise.constant("lt", c, this));
    }

    /**
     * {@return 1 where this &gt;= c, else 0}
     * @param c the number compared with
     */
    public Tensor ge(double c) {
        return ge(Elementwise.constant("ge", c, this));
    }

    /**
     * {@return 1 where this &lt;= c, else 0}
     * @param c the number compared with
     */
    public Tensor le(double c) {
        return le(Elementwise.constant("le", c, this));
    }

    /**
     * {@return 1 where this == c, else 0}
     * @param c the number compared with
     */
    public Tensor eq(double c) {
        return eq(Elementwise.constant("eq", c, this));
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

    /**
     * {@return this tensor broadcast to {@code target} (NumPy's broadcast_to, a copy)}; the gradient is summed back.
     * @param target a shape this one broadcasts to
     */
    public Tensor expand(Shape target) {
        return ShapeOps.expand(this, target);
    }

    /**
     * {@return this tensor broadcast to the given sizes}
     * @param dims the sizes of a shape this one broadcasts to
     */
    public Tensor expand(int... dims) {
        return expand(Shape.of(dims));
    }

    // ================================================================ reductions

    /** {@return the sum of all elements, a 0-d tensor} */
    public Tensor sum() {
        return sum(new int[0], false);
    }

    /**
     * {@return the sum over the given axes (all when none are given), dropping them unless {@code keepDims}}
     * @param axes     the axes to reduce; negative axes count from the end
     * @param keepDims keep each reduced axis with size 1, so that the result broadcasts against this tensor
     */
    public Tensor sum(int[] axes, boolean keepDims) {
        return Reductions.sum(this, axes, keepDims);
    }

    /**
     * {@return the sum over one axis}
     * @param axis     the axis to reduce; negative axes count from the end
     * @param keepDims keep it with size 1, so that the result broadcasts against this tensor
     */
    public Tensor sum(int axis, boolean keepDims) {
        return sum(new int[] {axis}, keepDims);
    }

    /** {@return the mean of all elements, a 0-d tensor} */
    public Tensor mean() {
        return mean(new int[0], false);
    }

    /**
     * {@return the mean over the given axes (all when none are given)}
     * @param axes     the axes to reduce; negative axes count from the end
     * @param keepDims keep each reduced axis with size 1, so that the result broadcasts against this tensor
     */
    public Tensor mean(int[] axes, boolean keepDims) {
        return Reductions.mean(this, axes, keepDims);
    }

    /**
     * {@return the mean over one axis}
     * @param axis     the axis to reduce; negative axes count from the end
     * @param keepDims keep it with size 1, so that the result broadcasts against this tensor
     */
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

    /**
     * {@return the standard deviation: sqrt of {@link #var(int[], boolean, int)}}
     * @param axes       the axes to reduce (all when none are given); negative axes count from the end
     * @param keepDims   keep each reduced axis with size 1
     * @param correction subtracted from N: 0 is NumPy's default, 1 the unbiased estimate (PyTorch's default)
     */
    public Tensor std(int[] axes, boolean keepDims, int correction) {
        return Reductions.std(this, axes, keepDims, correction);
    }

    /**
     * {@return the maximum over one axis} NOTE: at a tie the gradient goes to the first maximal element.
     * @param axis     the axis to reduce; negative axes count from the end
     * @param keepDims keep it with size 1
     */
    public Tensor max(int axis, boolean keepDims) {
        return Reductions.max(this, axis, keepDims);
    }

    /**
     * {@return the minimum over one axis} NOTE: at a tie the gradient goes to the first minimal element.
     * @param axis     the axis to reduce; negative axes count from the end
     * @param keepDims keep it with size 1
     */
    public Tensor min(int axis, boolean keepDims) {
        return Reductions.min(this, axis, keepDims);
    }

    /** {@return the maximum of all elements} */
    public Tensor max() {
        return reshape(size()).max(0, false);
    }

    /** {@return the minimum of all elements} */
    public Tensor min() {
        return reshape(size()).min(0, false);
    }

    /**
     * {@return the index of the first maximum along {@code axis}, as a constant tensor of integral values}
     * @param axis the axis searched, which the result drops; negative axes count from the end
     */
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

    /**
     * {@return the softmax along {@code axis}: exp(x - max) / sum(exp(x - max))}; d/dx: y (g - sum(g y)).
     * @param axis the axis along which the result sums to 1; negative axes count from the end
     */
    public Tensor softmax(int axis) {
        return Reductions.softmax(this, axis);
    }

    /**
     * {@return log(softmax(x)) along {@code axis}, stable}; d/dx: g - softmax(x) sum(g).
     * @param axis the axis of the softmax; negative axes count from the end
     */
    public Tensor logSoftmax(int axis) {
        return Reductions.logSoftmax(this, axis);
    }

    // ================================================================ matmul

    /**
     * {@return the matrix product with NumPy's matmul rules}: 2-d x 2-d; a 1-d operand is a row (left) or column
     * (right) vector whose dimension is dropped from the result; more dimensions are batches, broadcast. d/dA = G B^T,
     * d/dB = A^T G.
     * @param other the right operand
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
