/**
 * The graph engine: {@link dev.chainrule.core.Scalar} nodes recorded as ops run, a reverse pass that fills in
 * gradients, grad mode ({@link dev.chainrule.core.Grad}), gradients as values and higher-order derivatives
 * ({@link dev.chainrule.core.Autograd}), and Graphviz export ({@link dev.chainrule.core.Dot}).
 *
 * <p>A worked example: for {@code L = (w x + b - t)^2} the hand derivation gives
 * {@code dL/dw = 2 (w x + b - t) x}; autograd agrees.
 *
 * <pre>{@code
 * Scalar w = Scalar.of(0.5), b = Scalar.of(-1.0);
 * double x = 3.0, t = 2.0;
 * Scalar loss = w.mul(x).add(b).sub(t).square();
 * loss.backward();
 * double hand = 2 * (0.5 * x - 1.0 - t) * x;    // -9.0
 * assert w.grad() == hand;
 * }</pre>
 */
package dev.chainrule.core;
