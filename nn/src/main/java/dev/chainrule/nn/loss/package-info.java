/**
 * Losses with their conventions explicit (sum or mean, with or without 1/2, probabilities or logits, class
 * indices or one-hot), in textbook forms for checking derivations and stable forms for training.
 *
 * <p>A worked example: the textbook and the stable binary cross-entropy agree where both are finite.
 *
 * <pre>{@code
 * Tensor z = Tensor.of(new double[] {-1.5, 0.3, 2.0});
 * Tensor t = Tensor.of(new double[] {0, 1, 1});
 * double a = Losses.binaryCrossEntropy(z.sigmoid(), t, Reduction.MEAN).item();
 * double b = Losses.binaryCrossEntropyWithLogits(z, t, Reduction.MEAN).item();   // a == b to 1e-15
 * }</pre>
 */
package dev.chainrule.nn.loss;
