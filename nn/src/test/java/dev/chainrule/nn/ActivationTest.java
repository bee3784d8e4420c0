package dev.chainrule.nn;

import dev.chainrule.check.GradCheck;
import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Scalar;
import dev.chainrule.core.ScalarFunction;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.graph.NeuronNetwork;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nn's one activation vocabulary, tested by iterating over its members: {@link Activation#standard()} and leaky
 * relu, so that a new activation is checked against central differences the moment it exists, and fails the
 * known-answer test until its answers are written down below.
 */
class ActivationTest {
    private static final double LN3 = Math.log(3);

    /**
     * Answers worked out by hand for one activation.
     *
     * @param caption how a layer network prints it
     * @param z       the input, of shape {@code dims}
     * @param dims    the input's shape
     * @param value   the output
     * @param slope   d value / d z element by element, or null when the activation is not pointwise
     */
    record Known(String caption, double[] z, int[] dims, double[] value, double[] slope) {
    }

    /** By name, one entry for every member of {@link Activation#standard()} (and leaky relu with slope 0.1). */
    static final Map<String, Known> KNOWN = Map.of(
            "sigmoid", new Known("Sigmoid", new double[] {0, LN3, -LN3}, new int[] {3},
                    new double[] {0.5, 0.75, 0.25}, new double[] {0.25, 0.1875, 0.1875}),
            "tanh", new Known("Tanh", new double[] {0, LN3, -LN3}, new int[] {3},
                    new double[] {0, 0.8, -0.8}, new double[] {1, 0.36, 0.36}),
            "relu", new Known("ReLU", new double[] {-1.5, 0, 2}, new int[] {3},
                    new double[] {0, 0, 2}, new double[] {0, 0, 1}),             // relu'(0) = 0
            "softplus", new Known("Softplus", new double[] {0, LN3, -LN3}, new int[] {3},
                    new double[] {Math.log(2), Math.log(4), Math.log(4.0 / 3)}, new double[] {0.5, 0.75, 0.25}),
            "identity", new Known("Identity", new double[] {-1.5, 0, 2}, new int[] {3},
                    new double[] {-1.5, 0, 2}, new double[] {1, 1, 1}),
            "square", new Known("Square", new double[] {-1.5, 0, 2}, new int[] {3},
                    new double[] {2.25, 0, 4}, new double[] {-3, 0, 4}),
            "softmax", new Known("Softmax", new double[] {0, LN3, LN3, LN3}, new int[] {2, 2},
                    new double[] {0.25, 0.75, 0.5, 0.5}, null),                   // over the last axis
            "leaky_relu(0.1)", new Known("LeakyReLU(0.1)", new double[] {-2, 0, 3}, new int[] {3},
                    new double[] {-0.2, 0, 3}, new double[] {0.1, 0, 1}));       // its slope at 0 is 0 too

    /** The factories with arguments, each a family tested here (leaky relu by slope, custom ones by example). */
    private static final Set<String> FAMILIES = Set.of("leakyRelu", "pointwise", "of");

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Every member of the vocabulary, leaky relu with a slope drawn from [0.01, 0.5). */
    private static List<Activation> members(SplittableRandom rnd) {
        List<Activation> all = new ArrayList<>(Activation.standard());
        all.add(Activation.leakyRelu(rnd.nextDouble(0.01, 0.5)));
        return all;
    }

    /** A point in [-3, 3] at least 0.05 from 0, the kink of relu and leaky relu. */
    private static double awayFromKinks(SplittableRandom rnd) {
        double v = rnd.nextDouble(-3, 3);
        return Math.copySign(Math.abs(v) + 0.05, v);
    }

    private static ScalarFunction of(Activation a) {
        return new ScalarFunction() {
            @Override
            public <T extends Differentiable<T>> T apply(List<T> x) {
                return a.apply(x.get(0));
            }
        };
    }

    @Property(tries = 40)
    void everyMemberAgreesWithCentralDifferences(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = LayersTest.values(rnd, 1 + rnd.nextInt(3), 1 + rnd.nextInt(4));
        for (Activation a : members(rnd)) {
            GradCheck.tensors(xs -> a.forward(xs.get(0)), List.of(x)).assertPassed();
            if (!a.isPointwise()) {
                continue;
            }
            for (int i = 0; i < 3; i++) {
                double z = awayFromKinks(rnd);
                GradCheck.threeWay(of(a), z).assertPassed();        // reverse mode, forward mode, numeric
                double h = 1e-6;
                double numeric = (a.value(z + h) - a.value(z - h)) / (2 * h);
                assertEquals(numeric, a.derivative(z), 1e-7 + 1e-6 * Math.abs(numeric), a.name() + "'(" + z + ")");
            }
        }
    }

    @Test
    void everyMemberHasKnownAnswers() {
        Set<String> names = new HashSet<>();
        for (Activation a : Activation.standard()) {
            assertTrue(names.add(a.name()), "two members named " + a.name());
        }
        names.add(Activation.leakyRelu(0.1).name());
        assertEquals(KNOWN.keySet(), names, "every member needs known answers");
        List<Activation> all = new ArrayList<>(Activation.standard());
        all.add(Activation.leakyRelu(0.1));
        for (Activation a : all) {
            Known k = KNOWN.get(a.name());
            assertEquals(k.caption(), a.describe(), a.name());
            assertEquals(k.caption() + "  [0 parameters]", a.toString(), a.name());
            assertClose(k.value(), a.forward(Tensor.of(k.z(), k.dims())).toArray(), a.name() + " on a tensor");
            assertEquals(k.slope() != null, a.isPointwise(), a.name());
            if (k.slope() == null) {
                assertThrows(UnsupportedOperationException.class, () -> a.apply(Scalar.of(1.0)), a.name());
                assertThrows(UnsupportedOperationException.class, () -> a.derivative(1.0), a.name());
                continue;
            }
            for (int i = 0; i < k.z().length; i++) {
                double z = k.z()[i];
                String at = a.name() + " at " + z;
                assertClose(k.value()[i], a.value(z), at);
                assertClose(k.slope()[i], a.derivative(z), at + ", forward mode");
                Scalar s = Scalar.of(z);
                Scalar y = a.apply(s);
                y.backward();
                assertClose(k.value()[i], y.value(), at + ", on a Scalar");
                assertClose(k.slope()[i], s.grad(), at + ", reverse mode");
            }
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-15 * Math.max(1, Math.abs(expected)), what);
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], what + " [" + i + "]");
        }
    }

    @Test
    void everyFactoryIsAMemberOrATestedFamily() throws ReflectiveOperationException {
        for (Method m : Activation.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())
                    || m.getReturnType() != Activation.class) {
                continue;
            }
            if (m.getParameterCount() == 0) {
                Activation a = (Activation) m.invoke(null);
                assertTrue(Activation.standard().contains(a), "Activation." + m.getName() + "() must be listed by "
                        + "standard() (and given known answers here)");
                assertSame(a, m.invoke(null), "Activation." + m.getName() + "() must return one shared instance");
            } else {
                assertTrue(FAMILIES.contains(m.getName()), "Activation." + m.getName() + "(...) is a new family: "
                        + "test it here");
            }
        }
        assertThrows(UnsupportedOperationException.class, () -> Activation.standard().add(Activation.tanh()));
    }

    @Test
    void customActivationsKeepTheirName() {
        Activation gaussian = Activation.pointwise("exp(-u^2)", new Activation.Formula() {
            @Override
            public <T extends Differentiable<T>> T apply(T z) {
                return z.square().neg().exp();
            }
        });
        assertEquals("exp(-u^2)", gaussian.name());
        assertEquals("exp(-u^2)", gaussian.describe());
        assertTrue(gaussian.isPointwise());
        assertClose(-2 * 0.5 * Math.exp(-0.25), gaussian.derivative(0.5), "the gaussian's slope");
        GradCheck.threeWay(of(gaussian), 0.7).assertPassed();
        Activation doubled = Activation.of("Doubled", z -> z.mul(2.0));
        assertEquals("Doubled", doubled.name());
        assertFalse(doubled.isPointwise());
        assertArrayEquals(new double[] {2, -4}, doubled.forward(Tensor.of(new double[] {1, -2}, 2)).toArray());
        assertThrows(IllegalArgumentException.class, () -> Activation.of("", z -> z));
        assertThrows(IllegalArgumentException.class, () -> Activation.pointwise("none", null));
    }

    @Test
    void aNeuronTakesOnlyAPointwiseActivation() {
        for (Activation a : List.of(Activation.softmax(), Activation.of("Doubled", z -> z.mul(2.0)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NeuronNetwork.builder().input("x").neuron("o", a));
            assertEquals("NeuronNetwork: neuron 'o' needs a pointwise activation, and '" + a.name() + "' runs on whole"
                    + " tensors only", e.getMessage());
        }
        assertEquals("NeuronNetwork: neuron 'o' needs a pointwise activation, got none",
                assertThrows(IllegalArgumentException.class,
                        () -> NeuronNetwork.builder().input("x").neuron("o", null)).getMessage());
    }

    /** A neuron network and its layers hold the very same activation value and agree on value and gradient. */
    @Property(tries = 20)
    void bothKindsOfNetworkShareEveryPointwiseMember(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Activation a : members(rnd)) {
            if (!a.isPointwise()) {
                continue;
            }
            NeuronNetwork net = NeuronNetwork.builder().input("a").input("b").neuron("o", a)
                    .edge("a", "o").edge("b", "o").bias("o").build(seed);
            assertSame(a, net.activation("o"));
            double xa = rnd.nextDouble(-2, 2);
            double xb = rnd.nextDouble(-2, 2);
            NeuronNetwork.Pass p = net.forward(Map.of("a", xa, "b", xb));
            if (Math.abs(p.z("o").value()) < 0.05) {
                continue;                                            // at a kink the check is not meaningful
            }
            p.x("o").backward();
            NeuronNetwork.Layered layered = net.asLayers();
            assertSame(a, layered.network().layers().get(1));
            assertTrue(layered.network().toString().contains("(1) " + a.describe() + "  [0 parameters]"));
            Tensor out = layered.network().forward(Tensor.of(new double[] {xa, xb}, 1, 2));
            out.sum().backward();
            assertEquals(p.x("o").value(), out.item(), 1e-12 * Math.max(1, Math.abs(out.item())), a.name());
            double delta = a.derivative(p.z("o").value());        // dx_o/dz_o, from the vocabulary
            for (String name : net.parameters().keySet()) {
                assertEquals(p.param(name).grad(), layered.grad(name), 1e-12, a.name() + " " + name);
            }
            assertEquals(delta, p.param("b_o").grad(), 1e-12, a.name() + ": dx_o/db_o = act'(z_o)");
        }
    }
}
