package dev.chainrule.nn;

import dev.chainrule.check.GradCheck;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every loss against central differences, known answers, and the stable forms against the textbook ones. */
class LossesTest {

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 40)
    void lossGradients(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 1 + rnd.nextInt(3);
        int c = 2 + rnd.nextInt(3);
        Reduction r = rnd.nextBoolean() ? Reduction.SUM : Reduction.MEAN;
        Tensor y = Tensor.randn(rnd, n, c);
        Tensor t = Tensor.randn(rnd, n, c);
        Tensor probs = Tensor.rand(rnd, n, c).mul(0.8).add(0.1);
        Tensor labels = Tensor.rand(rnd, n, c).gt(0.5);
        Tensor positive = Tensor.rand(rnd, n, c).add(0.2);
        Tensor positiveT = Tensor.rand(rnd, n, c).add(0.2);
        double[] cls = rnd.ints(n, 0, c).asDoubleStream().toArray();
        Tensor classes = Tensor.of(cls, n);
        Tensor oneHot = Tensor.oneHot(classes, c);
        boolean half = rnd.nextBoolean();
        GradCheck.tensors(in -> Losses.squaredError(in.get(0), t, r, half), List.of(y)).assertPassed();
        GradCheck.tensors(in -> Losses.binaryCrossEntropy(in.get(0), labels, r), List.of(probs)).assertPassed();
        GradCheck.tensors(in -> Losses.binaryCrossEntropyWithLogits(in.get(0), labels, r), List.of(y)).assertPassed();
        GradCheck.tensors(in -> Losses.softmaxCrossEntropy(in.get(0), classes, r), List.of(y)).assertPassed();
        GradCheck.tensors(in -> Losses.softmaxCrossEntropyOneHot(in.get(0), oneHot, r), List.of(y)).assertPassed();
        GradCheck.tensors(in -> Losses.nll(in.get(0).logSoftmax(1), classes, r), List.of(y)).assertPassed();
        GradCheck.tensors(in -> Losses.itakuraSaito(in.get(0), positiveT, r), List.of(positive)).assertPassed();
        // the stable forms agree with the textbook ones where both are finite
        assertEquals(Losses.binaryCrossEntropy(y.sigmoid(), labels, r).item(),
                Losses.binaryCrossEntropyWithLogits(y, labels, r).item(), 1e-12);
        assertEquals(Losses.softmaxCrossEntropy(y, classes, r).item(),
                Losses.softmaxCrossEntropyOneHot(y, oneHot, r).item(), 1e-12);
    }

    @Test
    void knownAnswers() {
        Tensor half = Tensor.of(new double[] {0.5, 0.5});
        assertEquals(Math.log(2), Losses.binaryCrossEntropy(half, Tensor.of(new double[] {1, 0}), Reduction.MEAN).item(),
                1e-15);
        assertEquals(Math.log(3), Losses.softmaxCrossEntropy(Tensor.zeros(2, 3), Tensor.of(new double[] {0, 2}),
                Reduction.MEAN).item(), 1e-15);
        assertEquals(2 * Math.log(3), Losses.softmaxCrossEntropy(Tensor.zeros(2, 3), Tensor.of(new double[] {0, 2}),
                Reduction.SUM).item(), 1e-15);
        Tensor y = Tensor.of(new double[] {1, 2, 3});
        Tensor t = Tensor.of(new double[] {1, 0, 0});
        assertEquals(13.0, Losses.squaredError(y, t, Reduction.SUM, false).item());
        assertEquals(6.5, Losses.squaredError(y, t, Reduction.SUM, true).item());
        assertEquals(13.0 / 3, Losses.squaredError(y, t, Reduction.MEAN, false).item(), 1e-15);
        assertEquals(0.0, Losses.itakuraSaito(y, y, Reduction.SUM).item(), 1e-15);
        assertEquals(2.0 - Math.log(2) - 1, Losses.itakuraSaito(Tensor.of(new double[] {1}),
                Tensor.of(new double[] {2}), Reduction.SUM).item(), 1e-15);
        // the gradient of mean softmax cross-entropy is (softmax - onehot) / N
        Tensor z = Tensor.of(new double[] {0.1, 0.7, -0.3, 2.0, 0.0, -1.0}, 2, 3).requiresGrad();
        Losses.softmaxCrossEntropy(z, Tensor.of(new double[] {1, 0}), Reduction.MEAN).backward();
        Tensor expected = z.detach().softmax(1).sub(Tensor.oneHot(Tensor.of(new double[] {1, 0}), 3)).div(2.0);
        assertArrayEquals(expected.toArray(), z.grad().toArray(), 1e-15);
    }

    @Test
    void textbookBinaryCrossEntropyIsNotClamped() {
        assertEquals(Double.POSITIVE_INFINITY, Losses.binaryCrossEntropy(Tensor.of(new double[] {0.0}),
                Tensor.of(new double[] {1.0}), Reduction.SUM).item());
        assertEquals(800.0, Losses.binaryCrossEntropyWithLogits(Tensor.of(new double[] {-800.0}),
                Tensor.of(new double[] {1.0}), Reduction.SUM).item(), 1e-9);
    }

    @Test
    void mismatchedShapesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.squaredError(Tensor.zeros(2, 3), Tensor.zeros(3, 2), Reduction.SUM, true));
        assertEquals("squaredError: predictions of shape [2, 3] and targets of shape [3, 2] differ", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(Tensor.zeros(2, 3), Tensor.of(new double[] {0, 3}), Reduction.SUM));
    }
}
