package dev.chainrule.nn;

import dev.chainrule.core.Scalar;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.graph.NeuronNetwork;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Neuron-level networks: builder checks, hand formulas in neuron notation, and equivalence with layers. */
class NeuronNetworkTest {

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Inputs 1, 2; hidden 3, 4 (4 also fed by 3); output 5 fed by 3 and 4: a DAG that is not layered. */
    static NeuronNetwork skipNetwork(Activation hidden, Activation out, long seed) {
        return NeuronNetwork.builder().input("1").input("2")
                .neuron("3", hidden).neuron("4", hidden).neuron("5", out)
                .edge("1", "3").edge("2", "3").edge("1", "4").edge("2", "4").edge("3", "4")
                .edge("3", "5").edge("4", "5")
                .bias("3").bias("4").bias("5")
                .build(seed);
    }

    @Property(tries = 100)
    void handFormulasInNeuronNotationAgreeWithAutograd(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Activation[] acts = {Activation.sigmoid(), Activation.tanh(), Activation.softplus()};
        Activation h = acts[rnd.nextInt(acts.length)];
        NeuronNetwork net = skipNetwork(h, Activation.square(), seed);
        double y = rnd.nextDouble(-1, 1);
        NeuronNetwork.Pass p = net.forward(Map.of("1", rnd.nextDouble(-2, 2), "2", rnd.nextDouble(-2, 2)));
        Scalar loss = p.x("5").sub(y).square().mul(0.5);          // E = (x5 - y)^2 / 2, output rho(z) = z^2
        loss.backward();
        // delta_j = dE/dz_j, written by hand as a document would
        double d5 = (p.x("5").value() - y) * net.activation("5").derivative(p.z("5").value());
        double d4 = d5 * p.w("w_45") * h.derivative(p.z("4").value());
        double d3 = (d5 * p.w("w_35") + d4 * p.w("w_34")) * h.derivative(p.z("3").value());
        assertClose(d5 * p.x("4").value(), p.param("w_45").grad());
        assertClose(d5 * p.x("3").value(), p.param("w_35").grad());
        assertClose(d4 * p.x("3").value(), p.param("w_34").grad());
        assertClose(d3 * p.x("1").value(), p.param("w_13").grad());
        assertClose(d3, p.param("b_3").grad());
        assertEquals(List.of("4", "5"), net.downstream("3"));
        // a sum over Downstream(3) in the document's notation
        double viaDownstream = 0;
        for (String k : net.downstream("3")) {
            double dk = k.equals("5") ? d5 : d4;
            viaDownstream += dk * p.w(net.weight("3", k));
        }
        assertClose(viaDownstream * h.derivative(p.z("3").value()) * p.x("2").value(), p.param("w_23").grad());
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)));
    }

    @Property(tries = 30)
    void parameterGradientsMatchCentralDifferences(@ForAll("seeds") long seed) {
        NeuronNetwork net = skipNetwork(Activation.tanh(), Activation.sigmoid(), seed);
        Map<String, Double> x = Map.of("1", 0.3, "2", -0.8);
        NeuronNetwork.Pass p = net.forward(x);
        p.x("5").sub(0.25).square().backward();
        for (String name : new ArrayList<>(net.parameters().keySet())) {
            double v = net.get(name);
            double h = 1e-6;
            net.set(name, v + h);
            double up = net.forward(x).x("5").sub(0.25).square().value();
            net.set(name, v - h);
            double down = net.forward(x).x("5").sub(0.25).square().value();
            net.set(name, v);
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, p.param(name).grad(), 1e-7 + 1e-5 * Math.abs(numeric), name);
        }
    }

    @Property(tries = 50)
    void aLayeredNetworkGivesTheSameGradientsAsLayers(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        NeuronNetwork.Builder b = NeuronNetwork.builder().input("a").input("b");
        String[] hidden = {"h1", "h2", "h3"};
        for (String h : hidden) {
            b.neuron(h, Activation.tanh()).edge("a", h).edge("b", h).bias(h);
        }
        b.neuron("o", Activation.sigmoid()).bias("o");
        for (String h : hidden) {
            b.edge(h, "o");
        }
        NeuronNetwork net = b.build(seed);
        double xa = rnd.nextDouble(-2, 2);
        double xb = rnd.nextDouble(-2, 2);
        NeuronNetwork.Pass p = net.forward(Map.of("a", xa, "b", xb));
        p.x("o").sub(1.0).square().backward();
        NeuronNetwork.Layered layered = net.asLayers();
        Tensor out = layered.network().forward(Tensor.of(new double[] {xa, xb}, 1, 2));
        out.sub(1.0).square().sum().backward();
        assertClose(p.x("o").value(), out.item());
        for (String name : net.parameters().keySet()) {
            assertClose(p.param(name).grad(), layered.grad(name));
        }
    }

    @Property(tries = 30)
    void aHookOnTheCurrentsGivesDLdz(@ForAll("seeds") long seed) {
        NeuronNetwork net = skipNetwork(Activation.tanh(), Activation.identity(), seed);
        Map<String, Scalar> probes = new java.util.HashMap<>();
        NeuronNetwork.Pass p = net.forward(Map.of("1", 0.3, "2", -0.7), false, (j, z) -> {
            Scalar eps = Scalar.of(0.0);
            probes.put(j, eps);
            return z.add(eps);
        });
        p.x("5").square().mul(0.5).backward();
        // dE/dz_5 = x_5 (identity output), dE/dz_4 = dE/dz_5 w_45 tanh'(z_4)
        double d5 = p.x("5").value();
        assertClose(d5, probes.get("5").grad());
        assertClose(d5 * p.w("w_45") * (1 - Math.pow(Math.tanh(p.z("4").value()), 2)), probes.get("4").grad());
        assertThrows(IllegalArgumentException.class,
                () -> net.forward(Map.of("1", 0.3, "2", -0.7), false, (j, z) -> null));
    }

    @Property(tries = 30)
    void evaluateOnDualNumbersIsForwardMode(@ForAll("seeds") long seed) {
        NeuronNetwork net = skipNetwork(Activation.sigmoid(), Activation.square(), seed);
        NeuronNetwork.Pass p = net.forward(Map.of("1", 0.3, "2", -0.7));
        p.x("5").backward();
        // tangent 1 on w_34: the dual number's tangent at x_5 is dx_5/dw_34
        NeuronNetwork.Evaluation<dev.chainrule.core.Dual> e = net.evaluate(
                name -> dev.chainrule.core.Dual.of(net.get(name), name.equals("w_34") ? 1 : 0),
                i -> dev.chainrule.core.Dual.of(i.equals("1") ? 0.3 : -0.7, 0), (j, z) -> z);
        assertClose(p.x("5").value(), e.x().get("5").value());
        assertClose(p.z("4").value(), e.z().get("4").value());
        assertClose(p.param("w_34").grad(), e.x().get("5").tangent());
    }

    @org.junit.jupiter.api.Test
    void evaluateNamesAMissingParameterOrInput() {
        NeuronNetwork net = skipNetwork(Activation.tanh(), Activation.identity(), 3);
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> net.evaluate(
                name -> name.equals("w_34") ? null : dev.chainrule.core.Dual.of(0.5, 0),
                i -> dev.chainrule.core.Dual.of(1, 0), (j, z) -> z));
        assertTrue(p.getMessage().contains("parameter 'w_34'"), p.getMessage());
        IllegalArgumentException i = assertThrows(IllegalArgumentException.class, () -> net.evaluate(
                name -> dev.chainrule.core.Dual.of(0.5, 0), in -> null, (j, z) -> z));
        assertTrue(i.getMessage().contains("no value for input '1'"), i.getMessage());
    }

    /** The derivation checker on a Scalar pass: parameters bound by name, currents probed through the hook. */
    @Test
    void aDerivationChecksAHandFormulaOnAPass() {
        NeuronNetwork net = skipNetwork(Activation.tanh(), Activation.identity(), 1);
        dev.chainrule.check.Derivation.Builder b = dev.chainrule.check.Derivation.builder("skip network");
        for (String name : net.parameters().keySet()) {
            b.scalar(name, dev.chainrule.check.Draw.uniform(-1, 1));
        }
        dev.chainrule.check.DerivationReport r = b.scalarModel(c -> {
            for (String name : net.parameters().keySet()) {
                net.set(name, c.value(name));
            }
            NeuronNetwork.Pass p = net.forward(Map.of("1", 0.5, "2", -1.0), false, (j, z) -> c.probe("z_" + j, z));
            for (String name : net.parameters().keySet()) {
                c.bind(name, p.param(name));
            }
            c.record("x_3", p.x("3"));
            return p.x("5").square().mul(0.5);
        }).formula("dE/dw_35 = z_5 x_3", "w_35", v -> v.get("z_5") * v.get("x_3"))
                .formula("dE/dz_5 = z_5", "z_5", v -> v.get("z_5"))
                .build().check(2, 30);
        r.assertAllHold();
    }

    @Test
    void builderRejectsBadGraphs() {
        assertEquals("NeuronNetwork: the edges form a cycle through [p, q]; a network must be a DAG",
                assertThrows(IllegalArgumentException.class, () -> NeuronNetwork.builder().input("x")
                        .neuron("p", Activation.tanh()).neuron("q", Activation.tanh())
                        .edge("x", "p").edge("p", "q").edge("q", "p").build(1)).getMessage());
        assertEquals("NeuronNetwork: edge x -> r ends at an unknown neuron 'r'",
                assertThrows(IllegalArgumentException.class, () -> NeuronNetwork.builder().input("x")
                        .edge("x", "r").build(1)).getMessage());
        assertEquals("NeuronNetwork: duplicate edge x -> p",
                assertThrows(IllegalArgumentException.class, () -> NeuronNetwork.builder().input("x")
                        .neuron("p", Activation.tanh()).edge("x", "p").edge("x", "p")).getMessage());
        assertEquals("NeuronNetwork: edge p -> x ends at the input 'x'",
                assertThrows(IllegalArgumentException.class, () -> NeuronNetwork.builder().input("x")
                        .neuron("p", Activation.tanh()).edge("p", "x").build(1)).getMessage());
        assertEquals("NeuronNetwork: 'x' is declared twice",
                assertThrows(IllegalArgumentException.class, () -> NeuronNetwork.builder().input("x").input("x"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> skipNetwork(Activation.tanh(),
                Activation.tanh(), 1).asLayers()).getMessage().contains("not layered"));
    }

    @Test
    void derivativesComeFromAutograd() {
        assertEquals(0.25, Activation.sigmoid().derivative(0.0), 1e-15);
        assertEquals(1 - Math.pow(Math.tanh(0.7), 2), Activation.tanh().derivative(0.7), 1e-15);
        assertEquals(0.0, Activation.relu().derivative(0.0), "relu'(0) = 0");
        assertEquals(3.0, Activation.square().derivative(1.5), 1e-15);
    }

    @Test
    void gradientDescentStep() {
        NeuronNetwork net = skipNetwork(Activation.tanh(), Activation.identity(), 3);
        double before = net.get("w_35");
        NeuronNetwork.Pass p = net.forward(Map.of("1", 1.0, "2", 0.5));
        p.x("5").square().backward();
        net.step(p, 0.1);
        assertEquals(before - 0.1 * p.param("w_35").grad(), net.get("w_35"), 1e-15);
    }
}
