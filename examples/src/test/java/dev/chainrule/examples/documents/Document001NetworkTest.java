package dev.chainrule.examples.documents;

import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.Linear;
import dev.chainrule.nn.Mlp;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Document 001's network (eqs 1-5: 3 inputs, 4 hidden units with actFun, a softmax over 2 classes, the mean
 * cross-entropy over a batch) is nn's: an {@link Mlp} whose Linear weights are the page's W^T (nn stores
 * [in, out]) gives the same loss, and its weight gradients are the transposes of dL/dW^1 and dL/dW^2. This is the
 * one fact about document 001 that its page cannot state, since it is about nn, not about the page's formulas.
 */
class Document001NetworkTest {
    private static final int D = 3;
    private static final int H = 4;
    private static final int C = 2;

    @Provide
    Arbitrary<Supplier<Activation>> actFuns() {
        return Arbitraries.of(Activation::sigmoid, Activation::tanh, Activation::relu);
    }

    @Property(tries = 10)
    void anNnMlpWithTransposedWeightsIsTheDocumentsNetwork(@ForAll long seed,
                                                          @ForAll("actFuns") Supplier<Activation> act,
                                                          @ForAll @IntRange(min = 1, max = 4) int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = Tensor.rand(rnd, n, D).mul(4).sub(2);
        Tensor w1 = Tensor.rand(rnd, H, D).sub(0.5).mul(3).requiresGrad();
        Tensor b1 = Tensor.rand(rnd, H).sub(0.5).requiresGrad();
        Tensor w2 = Tensor.rand(rnd, C, H).sub(0.5).mul(3).requiresGrad();
        Tensor b2 = Tensor.rand(rnd, C).sub(0.5).requiresGrad();
        double[] classes = new double[n];
        for (int i = 0; i < n; i++) {
            classes[i] = rnd.nextInt(C);
        }
        Tensor y = Tensor.oneHot(Tensor.of(classes, n), C);
        try (var on = Grad.enabled()) {
            // the document's eqs (1)-(5), samples as rows
            Tensor a1 = act.get().forward(x.matmul(w1.transpose()).add(b1));
            Tensor docLoss = Losses.softmaxCrossEntropyOneHot(a1.matmul(w2.transpose()).add(b2), y, Reduction.MEAN);
            docLoss.backward();

            Sequential mlp = Mlp.of(D, H, C).hidden(act).build(seed);
            Linear l1 = (Linear) mlp.layers().get(0);
            Linear l2 = (Linear) mlp.layers().get(2);
            l1.weight().assign(w1.detach().transpose());
            l1.bias().assign(b1.detach());
            l2.weight().assign(w2.detach().transpose());
            l2.bias().assign(b2.detach());
            Tensor nnLoss = Losses.softmaxCrossEntropyOneHot(mlp.forward(x), y, Reduction.MEAN);
            nnLoss.backward();

            assertEquals(docLoss.item(), nnLoss.item(), 1e-12);
            assertArrayEquals(w1.grad().transpose().toArray(), l1.weight().grad().toArray(), 1e-12);
            assertArrayEquals(b1.grad().toArray(), l1.bias().grad().toArray(), 1e-12);
            assertArrayEquals(w2.grad().transpose().toArray(), l2.weight().grad().toArray(), 1e-12);
            assertArrayEquals(b2.grad().toArray(), l2.bias().grad().toArray(), 1e-12);
        }
    }
}
