package dev.chainrule.nn.train;

import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A small training loop: epochs of shuffled mini-batches, a loss per batch, an optimizer step, and a report
 * per epoch (mean loss, accuracy on the training set, and on a test set when one is given) through a
 * callback.
 *
 * <pre>{@code
 * List<Epoch> history = Trainer.fit(net, train, test, (logits, y) -> Losses.softmaxCrossEntropy(logits, y,
 *         Reduction.MEAN), new Adam(net.parameters(), 0.01), 100, 32, 7, e -> System.out.println(e));
 * }</pre>
 */
public final class Trainer {
    private Trainer() {
    }

    /**
     * One epoch's figures.
     *
     * @param epoch         the epoch number, from 1
     * @param loss          the mean of the batch losses
     * @param trainAccuracy the classification accuracy on the training set after the epoch
     * @param testAccuracy  the accuracy on the test set, or NaN when none was given
     */
    public record Epoch(int epoch, double loss, double trainAccuracy, double testAccuracy) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "epoch %4d  loss %.6f  train accuracy %.4f%s", epoch, loss,
                    trainAccuracy, Double.isNaN(testAccuracy) ? "" : String.format(java.util.Locale.ROOT,
                            "  test accuracy %.4f", testAccuracy));
        }
    }

    /**
     * Trains {@code model} and returns the report of every epoch.
     *
     * @param model the network, whose parameters the optimizer changes in place
     * @param train the training set, dealt into freshly shuffled mini-batches each epoch
     * @param test the test set, on which only the accuracy is measured; null for none
     * @param loss the loss of a batch from the model's output and the batch's targets, a scalar tensor
     * @param optimizer the optimizer of the model's parameters; it zeroes the gradients and steps once a batch
     * @param epochs the number of passes over the training set
     * @param batchSize the number of examples a batch (the last of an epoch may be smaller); positive
     * @param seed the seed of the batch order; the same seed and model give the same run
     * @param callback the receiver of each epoch's report as the epoch ends; null for none
     * @return the reports, epoch 1 first
     */
    public static List<Epoch> fit(Module model, Dataset train, Dataset test, BiFunction<Tensor, Tensor, Tensor> loss,
                                  Optimizer optimizer, int epochs, int batchSize, long seed, Consumer<Epoch> callback) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Epoch> history = new ArrayList<>(epochs);
        for (int e = 1; e <= epochs; e++) {
            double total = 0;
            int count = 0;
            for (Dataset batch : train.batches(batchSize, rnd)) {
                optimizer.zeroGrad();
                Tensor l = loss.apply(model.forward(batch.x()), batch.y());
                l.backward();
                optimizer.step();
                total += l.item();
                count++;
            }
            Epoch report = new Epoch(e, total / count, accuracy(model, train),
                    test == null ? Double.NaN : accuracy(model, test));
            history.add(report);
            if (callback != null) {
                callback.accept(report);
            }
        }
        return history;
    }

    /**
     * {@return the predicted class of each row: the index of the largest output (or output &gt; 0.5 for one
     * output)} The classes are a tensor [N] of integral values; no graph is recorded.
     *
     * @param model the classifier, whose output has one column per class (or a single column)
     * @param x the inputs, one example a row
     */
    public static Tensor predict(Module model, Tensor x) {
        try (var off = Grad.disabled()) {
            Tensor out = model.forward(x);
            return out.dim(-1) == 1 ? out.reshape(-1).gt(0.5) : out.argmax(-1);
        }
    }

    /**
     * {@return the fraction of rows whose predicted class equals the class index in {@code data.y()}}
     *
     * @param model the classifier, run through {@link #predict}
     * @param data the examples, with class indices [N] as targets
     */
    public static double accuracy(Module model, Dataset data) {
        double[] p = predict(model, data.x()).toArray();
        double[] y = data.y().toArray();
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += p[i] == y[i] ? 1 : 0;
        }
        return (double) right / p.length;
    }
}
