package dev.chainrule.core;

import java.util.List;

/**
 * A function of a few scalars written once over {@link Differentiable}, so that it can be evaluated on
 * {@link Scalar}s (reverse mode), {@link Dual}s (forward mode) or any other node kind. Java lambdas cannot be
 * generic, so it is written as an anonymous class:
 *
 * <pre>{@code
 * ScalarFunction rosenbrock = new ScalarFunction() {
 *     public <T extends Differentiable<T>> T apply(List<T> x) {
 *         T a = x.get(0), b = x.get(1);
 *         return a.neg().add(1).square().add(b.sub(a.square()).square().mul(100));
 *     }
 * };
 * }</pre>
 */
public interface ScalarFunction {
    /**
     * {@return the function's value at {@code x}, built with the ops of {@code T}}
     *
     * @param x   the arguments, in the order the function names them
     * @param <T> the number type the function is evaluated on ({@link Scalar}, {@link Dual}, ...)
     */
    <T extends Differentiable<T>> T apply(List<T> x);
}
