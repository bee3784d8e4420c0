package dev.chainrule.nn;

import dev.chainrule.core.Tensor;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.data.Datasets;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.train.Trainer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataAndTrainingTest {

    @Test
    void dataSetsAreSeededAndShaped() {
        for (Dataset d : List.of(Datasets.moons(100, 0.1, 3), Datasets.circles(100, 0.05, 0.5, 3),
                Datasets.blobs(100, 3, 0.5, 3), Datasets.xor(100, 0.1, 3))) {
            assertEquals(List.of(100, 2), List.of(d.x().dim(0), d.x().dim(1)));
            assertEquals(100, d.y().dim(0));
        }
        assertArrayEquals(Datasets.moons(50, 0.2, 9).x().toArray(), Datasets.moons(50, 0.2, 9).x().toArray());
        double ones = Datasets.moons(100, 0.1, 1).y().sum().item();
        assertEquals(50.0, ones, "half the points in each moon");
        assertEquals(3.0, Datasets.blobs(30, 3, 0.1, 1).y().max().item() + 1);
    }

    @Test
    void splitsAndBatchesCoverEveryExampleOnce() {
        Dataset d = new Dataset(Tensor.arange(10).reshape(10, 1), Tensor.arange(10));
        List<Dataset> parts = d.split(0.7, 1);
        assertEquals(7, parts.get(0).size());
        assertEquals(3, parts.get(1).size());
        double[] all = Tensor.concat(List.of(parts.get(0).y(), parts.get(1).y()), 0).toArray();
        Arrays.sort(all);
        assertArrayEquals(Tensor.arange(10).toArray(), all);
        List<Dataset> batches = d.batches(4, new SplittableRandom(2));
        assertEquals(List.of(4, 4, 2), batches.stream().map(Dataset::size).toList());
        for (Dataset b : batches) {
            assertArrayEquals(b.x().reshape(-1).toArray(), b.y().toArray(), "rows stay paired");
        }
        assertThrows(IllegalArgumentException.class, () -> new Dataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
    }

    @Test
    void theMoonsNetworkReaches97PercentOnHeldOutPoints() {
        List<Dataset> parts = Datasets.moons(1000, 0.1, 2017).split(0.8, 1);
        Sequential net = Mlp.of(2, 16, 16, 2).hidden(Activation::tanh).build(5);
        List<Trainer.Epoch> history = Trainer.fit(net, parts.get(0), parts.get(1),
                (logits, y) -> Losses.softmaxCrossEntropy(logits, y, Reduction.MEAN), new Adam(net.parameters(), 0.02),
                60, 32, 3, null);
        Trainer.Epoch last = history.get(history.size() - 1);
        assertTrue(last.testAccuracy() >= 0.97, last.toString());
        assertTrue(last.loss() < history.get(0).loss(), "the loss decreases");
    }
}
