/**
 * Network building blocks on chainrule-core: {@link dev.chainrule.nn.Module} (named parameters found
 * recursively), {@link dev.chainrule.nn.Linear}, {@link dev.chainrule.nn.Sequential}, the
 * {@link dev.chainrule.nn.Mlp} builder, {@link dev.chainrule.nn.Activation}s and seeded
 * {@link dev.chainrule.nn.Init}ialisers. No module writes a derivative: all are core ops. The activations are
 * nn's one vocabulary: the neuron networks of {@link dev.chainrule.nn.graph} take the same values.
 *
 * <p>A worked example: one SGD step of a 2-8-1 network on a batch of four points.
 *
 * <pre>{@code
 * Sequential net = Mlp.of(2, 8, 1).hidden(Activation::tanh).build(42);
 * Tensor x = Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
 * Tensor y = Tensor.of(new double[] {0, 1, 1, 0}, 4, 1);
 * Tensor loss = Losses.squaredError(net.forward(x), y, Reduction.MEAN, true);
 * loss.backward();
 * new Sgd(net.parameters(), 0.5).step();
 * }</pre>
 */
package dev.chainrule.nn;
