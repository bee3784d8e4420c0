package dev.chainrule.core;

/**
 * The arithmetic that derivative rules are written in, implemented by every kind of graph node.
 *
 * <p>Each rule in the op table is written once over this interface, so the same code computes a gradient
 * eagerly (no graph recorded) or records it as new nodes that can be differentiated again (higher order).
 *
 * <pre>{@code
 * // d/dx tanh(x) = 1 - y^2, written once for every front end
 * <T extends Differentiable<T>> T tanhGrad(T y, T g) { return g.mul(y.square().neg().add(1.0)); }
 * }</pre>
 *
 * @param <T> the node type itself
 */
public interface Differentiable<T extends Differentiable<T>> {
    /**
     * {@return this + other} Tensors broadcast.
     *
     * @param other the addend, of the same node kind
     */
    T add(T other);

    /**
     * {@return this + c}
     *
     * @param c the constant addend; no gradient flows to it
     */
    T add(double c);

    /**
     * {@return this - other} Tensors broadcast.
     *
     * @param other the subtrahend, of the same node kind
     */
    T sub(T other);

    /**
     * {@return this - c}
     *
     * @param c the constant subtrahend; no gradient flows to it
     */
    T sub(double c);

    /**
     * {@return this * other} Tensors multiply elementwise and broadcast.
     *
     * @param other the factor, of the same node kind
     */
    T mul(T other);

    /**
     * {@return this * c}
     *
     * @param c the constant factor; no gradient flows to it
     */
    T mul(double c);

    /**
     * {@return this / other} Tensors divide elementwise and broadcast; d/d(other) = -this / other^2.
     *
     * @param other the divisor, of the same node kind
     */
    T div(T other);

    /**
     * {@return this / c}
     *
     * @param c the constant divisor; no gradient flows to it
     */
    T div(double c);

    /** {@return -this} */
    T neg();

    /** {@return this^2, elementwise} */
    T square();

    /** {@return the square root, elementwise}; derivative 1 / (2 sqrt x). */
    T sqrt();

    /** {@return e^x, elementwise} */
    T exp();

    /** {@return the natural logarithm, elementwise}; derivative 1 / x. */
    T log();

    /** {@return tanh, elementwise}; derivative 1 - tanh^2. */
    T tanh();

    /** {@return the logistic function 1 / (1 + e^-x), elementwise and stable}; derivative s (1 - s). */
    T sigmoid();

    /** {@return max(x, 0), elementwise} NOTE: relu'(0) = 0. */
    T relu();

    /** {@return ln(1 + e^x), elementwise and stable}; derivative sigmoid(x). */
    T softplus();

    /** {@return |x|, elementwise} NOTE: abs'(0) = 0. */
    T abs();

    /** {@return the sine, elementwise (radians)} */
    T sin();

    /** {@return the cosine, elementwise (radians)} */
    T cos();

    /**
     * {@return this ^ exponent, elementwise}; d/d(this) = exponent this^(exponent - 1).
     *
     * @param exponent the constant exponent; no gradient flows to it
     */
    T pow(double exponent);

    /**
     * {@return this ^ exponent, elementwise} Tensors broadcast. NOTE: d/d(exponent) = y ln(this) is NaN where this &lt;
     * 0.
     *
     * @param exponent the exponent, of the same node kind; it receives a gradient
     */
    T pow(T exponent);

    /**
     * {@return the larger of this and other, elementwise} Tensors broadcast. NOTE: at a tie the gradient goes to this.
     *
     * @param other the value compared with, of the same node kind
     */
    T max(T other);

    /**
     * {@return the smaller of this and other, elementwise} Tensors broadcast. NOTE: at a tie the gradient goes to this.
     *
     * @param other the value compared with, of the same node kind
     */
    T min(T other);

    /**
     * {@return a constant of the same kind as this (for a tensor, a 0-d one that broadcasts)}: no gradient flows to it.
     *
     * @param value the constant's value
     */
    T constantLike(double value);

    /** {@return the same value cut out of the graph}: no gradient flows through it (JAX's stop_gradient). */
    T detach();

    /** {@return the Heaviside step, 1 where this is &gt; 0 and 0 elsewhere}; its derivative is 0 (at the jump too). */
    T step();

    /** {@return the sign (-1, 0 or 1)}; its derivative is 0 (at the jump too), as in PyTorch. */
    T sign();
}
