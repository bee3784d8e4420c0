package dev.chainrule.nn;

import dev.chainrule.core.Tensor;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.Momentum;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The update rules exactly, and that each optimizer lowers the loss of a fixed seeded problem. */
class OptimizersTest {

    @Test
    void sgdIsTheDocumentsRule() {
        Tensor w = Tensor.of(new double[] {1, -2}).requiresGrad();
        w.mul(Tensor.of(new double[] {3, 4})).sum().backward();
        new Sgd(List.of(w), 0.1).step();
        assertArrayEquals(new double[] {1 - 0.3, -2 - 0.4}, w.toArray(), 1e-15);
    }

    @Test
    void momentumAccumulatesVelocity() {
        Tensor w = Tensor.of(new double[] {1}).requiresGrad();
        Optimizer opt = new Momentum(List.of(w), 0.1, 0.9);
        for (int i = 0; i < 2; i++) {
            opt.zeroGrad();
            w.mul(2.0).sum().backward();     // g = 2 each step
            opt.step();
        }
        assertEquals(1 - 0.1 * 2 - 0.1 * (0.9 * 2 + 2), w.item(), 1e-15);
    }

    @Test
    void adamFirstStepHasTheLearningRateAsItsSize() {
        Tensor w = Tensor.of(new double[] {1, 1}).requiresGrad();
        w.mul(Tensor.of(new double[] {5, -0.01})).sum().backward();
        new Adam(List.of(w), 0.01).step();
        assertArrayEquals(new double[] {1 - 0.01, 1 + 0.01}, w.toArray(), 1e-6);
    }

    @Test
    void scheduleSetsTheRatePerStep() {
        Tensor w = Tensor.of(new double[] {0}).requiresGrad();
        Optimizer opt = new Sgd(List.of(w), 1.0).schedule(k -> 1.0 / (k + 1));
        for (int k = 0; k < 3; k++) {
            opt.zeroGrad();
            w.sum().backward();              // g = 1
            opt.step();
        }
        assertEquals(-(1 + 0.5 + 1.0 / 3), w.item(), 1e-15);
        assertEquals(3, opt.steps());
        assertEquals(0.25, opt.learningRate());
    }

    @Test
    void badSettingsAreRefused() {
        Tensor w = Tensor.zeros(1).requiresGrad();
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(w), 0));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(List.of(w), 0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(Tensor.zeros(1)), 0.1));
    }

    @Test
    void everyOptimizerLowersTheLossOfAFixedProblem() {
        for (Function<List<Tensor>, Optimizer> make : List.<Function<List<Tensor>, Optimizer>>of(
                p -> new Sgd(p, 0.1), p -> new Momentum(p, 0.05, 0.9), p -> new Adam(p, 0.01))) {
            SplittableRandom rnd = new SplittableRandom(42);
            Tensor x = Tensor.randn(rnd, 64, 3);
            Tensor y = x.matmul(Tensor.of(new double[] {1.5, -2, 0.5}, 3, 1)).tanh();
            Sequential net = Mlp.of(3, 16, 1).hidden(Activation::tanh).build(1);
            Optimizer opt = make.apply(net.parameters());
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 200; step++) {
                opt.zeroGrad();
                Tensor loss = Losses.squaredError(net.forward(x), y, Reduction.MEAN, true);
                loss.backward();
                opt.step();
                if (step == 0) {
                    first = loss.item();
                }
                last = loss.item();
            }
            assertTrue(last < 0.2 * first, opt.getClass().getSimpleName() + ": " + first + " -> " + last);
        }
    }
}
