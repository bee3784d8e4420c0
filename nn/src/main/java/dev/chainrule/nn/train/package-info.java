/**
 * A small training loop ({@link dev.chainrule.nn.train.Trainer}) reporting loss and accuracy per epoch
 * through a callback, with {@code predict} and {@code accuracy} helpers.
 *
 * <p>A worked example: train on two moons and print each epoch.
 *
 * <pre>{@code
 * Trainer.fit(net, train, test, (z, y) -> Losses.softmaxCrossEntropy(z, y, Reduction.MEAN),
 *         new Adam(net.parameters(), 0.02), 60, 32, 3, System.out::println);
 * }</pre>
 */
package dev.chainrule.nn.train;
