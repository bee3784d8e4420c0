package dev.chainrule.nn;

import dev.chainrule.check.GradCheck;
import dev.chainrule.core.Tensor;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layers and activations against central differences, and the Module API. */
class LayersTest {

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Values in [-2, 2] kept at least 0.05 from 0 (the kinks of relu and leaky relu). */
    static Tensor values(SplittableRandom rnd, int... dims) {
        double[] d = new double[Tensor.zeros(dims).size()];
        for (int i = 0; i < d.length; i++) {
            double v = rnd.nextDouble(-2, 2);
            d[i] = Math.copySign(Math.abs(v) + 0.05, v);
        }
        return Tensor.of(d, dims);
    }

    @Property(tries = 40)
    void linearLayerGradients(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 1 + rnd.nextInt(3);
        int in = 1 + rnd.nextInt(4);
        int out = 1 + rnd.nextInt(4);
        Linear layer = new Linear(in, out, rnd.nextBoolean(), Init.xavier(), rnd);
        if (layer.bias() != null) {
            layer.bias().assign(values(rnd, out));
        }
        Tensor x = values(rnd, n, in);
        ModuleGradCheck.check(layer, x, seed);
        GradCheck.tensors(xs -> layer.forward(xs.get(0)), List.of(x)).assertPassed();
    }

    @Property(tries = 40)
    void activationGradients(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = values(rnd, 1 + rnd.nextInt(3), 1 + rnd.nextInt(4));
        for (Activation a : List.of(Activation.sigmoid(), Activation.tanh(), Activation.relu(),
                Activation.leakyRelu(0.1), Activation.softplus(), Activation.identity(), Activation.square(),
                Activation.softmax())) {
            GradCheck.tensors(xs -> a.forward(xs.get(0)), List.of(x)).assertPassed();
        }
    }

    @Property(tries = 20)
    void mlpGradients(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Sequential net = Mlp.of(3, 4, 2).hidden(Activation::tanh).head(Activation::softmax).build(seed);
        ModuleGradCheck.check(net, values(rnd, 2, 3), seed);
    }

    @Test
    void parametersAreFoundAndNamed() {
        Sequential net = Mlp.of(2, 3, 1).build(7);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"),
                List.copyOf(net.namedParameters().keySet()));
        assertEquals(2 * 3 + 3 + 3 + 1, net.parameterCount());
        assertEquals(4, net.parameters().size());
        assertEquals("Sequential  [13 parameters in all]\n"
                + "  (0) Linear(2 -> 3)  [9 parameters]\n"
                + "  (1) ReLU  [0 parameters]\n"
                + "  (2) Linear(3 -> 1)  [4 parameters]\n"
                + "  (3) Identity  [0 parameters]", net.toString());
    }

    @Test
    void sameSeedSameNetwork() {
        Tensor x = Tensor.of(new double[] {0.3, -0.7}, 1, 2);
        assertArrayEquals(Mlp.of(2, 5, 1).build(3).forward(x).toArray(), Mlp.of(2, 5, 1).build(3).forward(x).toArray());
        assertTrue(Mlp.of(2, 5, 1).build(3).forward(x).item() != Mlp.of(2, 5, 1).build(4).forward(x).item());
    }

    @Test
    void zeroGradZeroes() {
        Sequential net = Mlp.of(2, 3, 1).build(1);
        net.forward(Tensor.ones(4, 2)).sum().backward();
        assertTrue(net.parameters().stream().allMatch(p -> p.grad() != null));
        net.zeroGrad();
        for (Tensor p : net.parameters()) {
            assertNull(p.grad());
        }
    }

    @Test
    void badInputIsNamed() {
        Linear layer = new Linear(3, 2, new SplittableRandom(1));
        var e = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.ones(4, 5)));
        assertEquals("Linear(3 -> 2): input of shape [4, 5] must end in a dimension of size 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mlp.of(3));
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 2, new SplittableRandom(1)));
    }

    @Test
    void initialisersHaveTheirScales() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] x = Init.xavier().create(rnd, 100, 200, 100, 200).toArray();
        double bound = Math.sqrt(6.0 / 300);
        assertTrue(java.util.Arrays.stream(x).allMatch(v -> Math.abs(v) <= bound));
        double[] h = Init.he().create(rnd, 200, 100, 200, 100).toArray();
        double var = java.util.Arrays.stream(h).map(v -> v * v).average().orElse(0);
        assertEquals(2.0 / 200, var, 0.1 * 2.0 / 200);
        assertArrayEquals(new double[] {0.5, 0.5}, Init.constant(0.5).create(rnd, 1, 2, 2).toArray());
    }
}
