package dev.chainrule.examples;

import dev.chainrule.check.GradCheck;
import dev.chainrule.check.GradCheckReport;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.Linear;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.data.Datasets;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.Trainer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's own layer with a fused hand-derived backward: layer normalisation passes the custom-op check (against
 * central differences and its forward differentiated by autograd), its planted variant without the mean's term
 * fails with the hint that points at it, and the layer trains in a network on two moons.
 */
class FusedLayerNormTest {
    @Property(tries = 15)
    void theFusedBackwardPassesTheCheck(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int rows,
                                        @ForAll @IntRange(min = 2, max = 5) int features) {
        Tensor x = Tensor.randn(new SplittableRandom(seed), rows, features).mul(2).add(0.5);
        GradCheck.customOp(FusedLayerNorm.OP, List.of(x)).assertPassed();
    }

    @Test
    void thePlantedMistakeIsCaughtWithAHintAtTheMeansTerm() {
        Tensor x = Tensor.randn(new SplittableRandom(3), 3, 4).mul(2);
        GradCheckReport r = GradCheck.customOp(FusedLayerNorm.PLANTED, List.of(x));
        assertFalse(r.passed(), r.toString());
        assertTrue(r.hints().stream().anyMatch(h -> h.contains("the same all along axis 1")
                && h.contains("a mean")), r.toString());
        assertTrue(r.toString().contains("against the forward's autograd"), r.toString());
    }

    @Test
    void theLayerTrainsInANetworkOnTwoMoons() {
        List<Dataset> parts = Datasets.moons(300, 0.1, 5).split(0.75, 1);
        Sequential net = new Sequential(new Linear(2, 16, new SplittableRandom(1)), new FusedLayerNorm(16),
                Activation.tanh(), new Linear(16, 2, new SplittableRandom(2)));
        List<Trainer.Epoch> h = Trainer.fit(net, parts.get(0), parts.get(1),
                (z, y) -> Losses.softmaxCrossEntropy(z, y, Reduction.MEAN), new Sgd(net.parameters(), 0.3),
                60, 32, 3, e -> { });
        assertTrue(h.get(h.size() - 1).testAccuracy() > 0.9, h.get(h.size() - 1).toString());
    }
}
