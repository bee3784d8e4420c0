/**
 * Optimizers: {@link dev.chainrule.nn.optim.Sgd} (w &lt;- w - alpha dE/dw), {@link dev.chainrule.nn.optim.Momentum}
 * and {@link dev.chainrule.nn.optim.Adam}, each with an optional learning-rate schedule.
 *
 * <p>A worked example: gradient descent with a decaying rate.
 *
 * <pre>{@code
 * Optimizer opt = new Sgd(net.parameters(), 0.1).schedule(k -> 0.1 / (1 + 0.01 * k));
 * for (int step = 0; step < 100; step++) {
 *     opt.zeroGrad();
 *     loss(net).backward();
 *     opt.step();
 * }
 * }</pre>
 */
package dev.chainrule.nn.optim;
