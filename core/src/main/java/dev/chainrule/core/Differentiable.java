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
    T add(T other);

    T add(double c);

    T sub(T other);

    T sub(double c);

    T mul(T other);

    T mul(double c);

    T div(T other);

    T div(double c);

    T neg();

    T square();

    T sqrt();

    T exp();

    T log();

    T tanh();

    T sigmoid();

    T relu();

    T softplus();

    T abs();

    T sin();

    T cos();

    T pow(double exponent);

    T pow(T exponent);

    T max(T other);

    T min(T other);

    /** A constant of the same kind as this (for a tensor, a 0-d one that broadcasts): no gradient flows to it. */
    T constantLike(double value);

    /** The same value cut out of the graph: no gradient flows through it (JAX's stop_gradient). */
    T detach();

    /** The Heaviside step, 1 where this is &gt; 0 and 0 elsewhere; its derivative is 0 (at the jump too). */
    T step();

    /** The sign (-1, 0 or 1); its derivative is 0 (at the jump too), as in PyTorch. */
    T sign();
}
