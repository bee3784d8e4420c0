package dev.chainrule.check;

import dev.chainrule.core.Scalar;
import dev.chainrule.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The derivation checker: passes right formulas, catches planted errors of each hinted kind, reproduces. */
class DerivationTest {
    /** L = t/y - ln(t/y) - 1 with y = z^2, z = w x: the Itakura-Saito output of a one-weight network. */
    private static Derivation.Builder itakuraSaito() {
        return Derivation.builder("Itakura-Saito output")
                .scalar("w", Draw.uniform(-2, 2)).scalar("x", Draw.uniform(-2, 2)).scalar("t", Draw.uniform(0.5, 3))
                .scalarModel(c -> {
                    Scalar z = c.probe("z", c.scalar("w").mul(c.scalar("x")));
                    Scalar r = z.square().pow(-1).mul(c.value("t"));
                    return r.sub(r.log()).sub(1);
                })
                .require("|z| >= 0.2 (the loss has a pole at z = 0)", v -> Math.abs(v.get("z")) >= 0.2);
    }

    private static double dLdz(Derivation.Values v) {
        double z = v.get("z");
        return 2 * (z * z - v.get("t")) / (z * z * z);
    }

    @Test
    void rightFormulasHold() {
        DerivationReport r = itakuraSaito()
                .formula("dL/dz", "z", DerivationTest::dLdz)
                .formula("dL/dw", "w", v -> dLdz(v) * v.get("x"))
                .formula("dL/dx", "x", v -> dLdz(v) * v.get("w"))
                .update("w update", "w", 0.1, v -> v.get("w") - 0.1 * dLdz(v) * v.get("x"))
                .build().check();
        r.assertAllHold();
        assertEquals(Derivation.DEFAULT_INSTANCES, r.instances());
        assertTrue(r.rejected() > 0, "instances near the pole are redrawn");
        assertEquals(0.0, r.verdict("dL/dz").maxError(), 1e-9);
    }

    @Test
    void oppositeSignIsCaughtAndNamed() {
        DerivationReport r = itakuraSaito().formula("dL/dz flipped", "z", v -> -dLdz(v)).build().check();
        DerivationReport.Verdict v = r.verdict("dL/dz flipped");
        assertFalse(v.holds());
        assertTrue(v.hints().stream().anyMatch(h -> h.startsWith("opposite sign")), v.toString());
    }

    @Test
    void constantFactorsAreCaughtAndNamed() {
        DerivationReport r = itakuraSaito()
                .formula("twice", "z", v -> 2 * dLdz(v))
                .formula("over N", "z", v -> dLdz(v) / v.constant("N"))
                .constant("N", 3)
                .build().check();
        assertTrue(r.verdict("twice").hints().stream().anyMatch(h -> h.startsWith("a constant factor of 2:")),
                r.toString());
        assertTrue(r.verdict("over N").hints().stream().anyMatch(h -> h.startsWith("a constant factor of 1/N")),
                r.toString());
    }

    /** loss = (w2 relu(w1 x) - t)^2 / 2; the planted formula forgets relu'(z). */
    private static Derivation reluNeuron() {
        return Derivation.builder("one relu neuron")
                .scalar("w1", Draw.uniform(-2, 2)).scalar("w2", Draw.uniform(-2, 2))
                .scalar("x", Draw.uniform(-2, 2)).scalar("t", Draw.uniform(-2, 2))
                .scalarModel(c -> {
                    Scalar z = c.probe("z", c.scalar("w1").mul(c.scalar("x")));
                    Scalar y = c.probe("y", z.relu().mul(c.scalar("w2")));
                    return y.sub(c.value("t")).square().mul(0.5);
                })
                .awayFromZero(0.05, "z")
                .formula("dL/dw1 without relu'", "w1", v -> (v.get("y") - v.get("t")) * v.get("w2") * v.get("x"))
                .formula("dL/dw1", "w1", v -> (v.get("y") - v.get("t")) * v.get("w2") * (v.get("z") > 0 ? 1 : 0)
                        * v.get("x"))
                .build();
    }

    @Test
    void missingActivationDerivativeIsCaughtAndNamed() {
        DerivationReport r = reluNeuron().check();
        r.assertHolds("dL/dw1");
        DerivationReport.Verdict v = r.verdict("dL/dw1 without relu'");
        assertFalse(v.holds());
        assertTrue(v.hints().stream().anyMatch(h -> h.contains("exactly where z > 0")
                && h.contains("missing activation derivative")), v.toString());
        // the counterexample is shrunk toward simple values and still fails there
        DerivationReport.Counterexample cx = v.counterexample();
        assertNotNull(cx);
        long simple = cx.instance().names().stream().map(cx.instance()::values)
                .filter(a -> a[0] == 0 || a[0] == 1 || a[0] == -1 || Math.abs(a[0]) == 0.5 || Math.abs(a[0]) == 2)
                .count();
        assertTrue(simple >= 3, "shrunk: " + cx);
        Derivation d = reluNeuron();
        assertTrue(d.admits(cx.instance()), "the shrunk instance is admissible");
        assertFalse(d.check(cx.instance()).verdict("dL/dw1 without relu'").holds(), "and the formula fails there");
    }

    @Test
    void shrinkingKeepsTheKindOfFailure() {
        // the planted error is an extra term x/w: shrinking w to 0 would trade it for a division by zero
        DerivationReport r = Derivation.builder("linear")
                .scalar("w", Draw.uniform(-2, 2)).scalar("x", Draw.uniform(-2, 2))
                .scalarModel(c -> c.scalar("w").mul(c.scalar("x")))
                .formula("dL/dw", "w", v -> v.get("x") + v.get("x") / v.get("w"))
                .build().check(2, 30);
        DerivationReport.Counterexample cx = r.assertFails("dL/dw");
        assertTrue(Double.isFinite(cx.hand()[0]) && cx.autograd()[0] != 0, cx.toString());
    }

    @Test
    void aValueThatIsAlsoALeafIsRefused() {
        Derivation d = Derivation.builder("misuse")
                .scalar("w", Draw.uniform(-2, 2)).scalar("x", Draw.uniform(-2, 2))
                .scalarModel(c -> c.scalar("w").mul(c.scalar("x")).add(0.001 * c.value("w")))
                .formula("dL/dw", "w", v -> v.get("x"))
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.check(1, 5));
        assertTrue(e.getMessage().contains("w is used both as a leaf"), e.getMessage());
    }

    @Test
    void aBoundParameterReadAsNumbersIsRefused() {
        Tensor weight = Tensor.zeros(2, 3).requiresGrad();
        Derivation d = Derivation.builder("bound")
                .tensor("x", Draw.uniform(-1, 1), 4, 2).tensor("W", Draw.uniform(-1, 1), 2, 3)
                .tensorModel(c -> {
                    Tensor w = c.bind("W", weight);
                    double extra = c.values("W")[0];                  // a path autograd cannot see
                    return c.tensor("x").matmul(w).sum().add(extra);
                })
                .tensorFormula("dL/dW", "W", v -> v.tensor("x").sum(0, true).transpose().matmul(Tensor.ones(1, 3)))
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.check(1, 3));
        assertTrue(e.getMessage().contains("W is used both as a leaf"), e.getMessage());
    }

    @Test
    void float32IsRefusedWithTheReasonWhetherBoundOrConvertedInTheModel() {
        Tensor weight = Tensor.zeros(dev.chainrule.core.DType.F32, 2, 3).requiresGrad();
        Derivation bound = Derivation.builder("bound in float32")
                .tensor("x", Draw.uniform(-1, 1), 4, 2).tensor("W", Draw.uniform(-1, 1), 2, 3)
                .tensorModel(c -> c.tensor("x").matmul(c.bind("W", weight)).sum())
                .tensorFormula("dL/dW", "W", v -> v.tensor("x").sum(0, true).transpose().matmul(Tensor.ones(1, 3)))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bound.check(1, 3));
        assertTrue(e.getMessage().contains("W is float32") && e.getMessage().contains("Build the layer in float64"),
                e.getMessage());
        Derivation converted = Derivation.builder("converted in the model")
                .tensor("x", Draw.uniform(-1, 1), 4, 2).tensor("W", Draw.uniform(-1, 1), 2, 3)
                .tensorModel(c -> c.tensor("x").matmul(c.tensor("W")).to(dev.chainrule.core.DType.F32).sum())
                .tensorFormula("dL/dW", "W", v -> v.tensor("x").sum(0, true).transpose().matmul(Tensor.ones(1, 3)))
                .build();
        e = assertThrows(IllegalArgumentException.class, () -> converted.check(1, 3));
        assertTrue(e.getMessage().contains("loss is float32") && e.getMessage().contains("1e-3"), e.getMessage());
    }

    @Test
    void aTransposedUpdateRuleIsNamed() {
        for (int[] dims : new int[][] {{2, 3}, {3, 3}}) {
            DerivationReport r = Derivation.builder("layer " + dims[0] + "x" + dims[1])
                    .tensor("x", Draw.uniform(-1, 1), 4, dims[0]).tensor("W", Draw.uniform(-1, 1), dims)
                    .tensor("c", Draw.uniform(-1, 1), 4, dims[1])
                    .tensorModel(c -> c.tensor("x").matmul(c.tensor("W")).mul(c.tensor("c")).sum())
                    .tensorUpdate("W - k dL/dW", "W", 0.1,
                            v -> v.tensor("W").sub(v.tensor("x").transpose().matmul(v.tensor("c")).mul(0.1)))
                    .tensorUpdate("W^T - k dL/dW^T", "W", 0.1, v -> v.tensor("W").transpose()
                            .sub(v.tensor("c").transpose().matmul(v.tensor("x")).mul(0.1)))
                    .build().check(2, 10);
            r.assertHolds("W - k dL/dW");
            DerivationReport.Verdict t = r.verdict("W^T - k dL/dW^T");
            assertTrue(t.hints().stream().anyMatch(h -> h.startsWith("matches the transpose")), t.toString());
            assertTrue(t.counterexample().note().contains("the gradient it implies"), t.toString());
        }
    }

    @Test
    void aGenericModelThatBranchesOnItsNumberTypeIsRefused() {
        Derivation d = Derivation.builder("branching")
                .scalar("w", Draw.uniform(-2, 2))
                .model(new Derivation.GenericModel() {
                    @Override
                    public <T extends dev.chainrule.core.Differentiable<T>> T loss(Derivation.Generic<T> c) {
                        // twice the slope in forward mode only: forward and reverse mode must disagree
                        return c.scalar("w").mul(c.context() == null ? 2.0 : 1.0);
                    }
                })
                .formula("dL/dw", "w", v -> 1.0)
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.check(1, 3));
        assertTrue(e.getMessage().contains("forward and reverse mode disagree"), e.getMessage());
    }

    @Test
    void anUpdateRuleIsJudgedOnTheScaleOfItsStep() {
        // a tiny gradient next to a large weight: w + k g differs from w - k g by far less than w's rounding scale
        DerivationReport r = Derivation.builder("tiny gradient")
                .scalar("w", Draw.uniform(50, 100)).scalar("x", Draw.uniform(-1e-3, 1e-3))
                .scalarModel(c -> c.scalar("w").mul(c.scalar("x")))
                .update("w - k dL/dw", "w", 0.1, v -> v.get("w") - 0.1 * v.get("x"))
                .update("w + k dL/dw", "w", 0.1, v -> v.get("w") + 0.1 * v.get("x"))
                .build().check(3, 40);
        r.assertHolds("w - k dL/dw");
        DerivationReport.Verdict v = r.verdict("w + k dL/dw");
        assertEquals(40, v.failures(), v.toString());
        assertTrue(v.hints().stream().anyMatch(h -> h.startsWith("opposite sign")), v.toString());
    }

    @Test
    void aTransposedSquareMatrixIsNamed() {
        DerivationReport r = Derivation.builder("square layer")
                .tensor("x", Draw.uniform(-1, 1), 4, 3).tensor("W", Draw.uniform(-1, 1), 3, 3)
                .tensor("c", Draw.uniform(-1, 1), 4, 3)
                .tensorModel(c -> c.tensor("x").matmul(c.tensor("W")).mul(c.tensor("c")).sum())
                .tensorFormula("dL/dW transposed", "W", v -> v.tensor("c").transpose().matmul(v.tensor("x")))
                .build().check(1, 10);
        assertTrue(r.verdict("dL/dW transposed").hints().stream().anyMatch(h -> h.startsWith("matches the transpose")),
                r.toString());
    }

    @Test
    void anExplicitInstanceIsNotShrunkAndHasNoSeed() {
        Derivation d = reluNeuron();
        Derivation.Instance i = d.instance(Map.of("w1", new double[] {-0.7}, "w2", new double[] {1.3},
                "x", new double[] {0.9}, "t", new double[] {0.4}));
        DerivationReport.Counterexample cx = d.check(i).assertFails("dL/dw1 without relu'");
        assertEquals(null, cx.seed());
        assertEquals(i, cx.instance());
        assertTrue(cx.toString().contains("(the instance given)"), cx.toString());
    }

    @Test
    void counterexamplesReproduceFromTheirSeed() {
        Derivation d = reluNeuron();
        DerivationReport.Counterexample cx = d.check().assertFails("dL/dw1 without relu'");
        DerivationReport.Counterexample again = d.counterexample("dL/dw1 without relu'", cx.seed());
        assertEquals(cx.instance(), again.instance());
        assertEquals(cx.hand()[0], again.hand()[0]);
        // and the whole check is reproducible from its seed
        assertEquals(d.check(7, 50).toString(), d.check(7, 50).toString());
    }

    /** loss = sum(tanh(x W) * c) with W [2, 3]: dL/dW = x^T (c * tanh'); the planted formula is transposed. */
    private static Derivation.Builder tanhLayer() {
        return Derivation.builder("tanh layer")
                .tensor("x", Draw.uniform(-1, 1), 4, 2).tensor("W", Draw.uniform(-1, 1), 2, 3)
                .tensor("c", Draw.uniform(-1, 1), 4, 3)
                .tensorModel(c -> {
                    Tensor a = c.tensor("x").matmul(c.tensor("W")).tanh();
                    c.record("a", a);
                    return a.mul(c.tensor("c")).sum();
                });
    }

    private static Tensor delta(Derivation.Values v) {
        Tensor a = v.tensor("a");
        return v.tensor("c").mul(a.square().neg().add(1));
    }

    @Test
    void transposedMatrixGradientIsCaughtAndNamed() {
        DerivationReport r = tanhLayer()
                .tensorFormula("dL/dW", "W", v -> v.tensor("x").transpose().matmul(delta(v)))
                .tensorFormula("dL/dW transposed", "W", v -> delta(v).transpose().matmul(v.tensor("x")))
                .tensorFormula("dL/dW without tanh'", "W", v -> v.tensor("x").transpose().matmul(v.tensor("c")))
                .build().check(1, 30);
        r.assertHolds("dL/dW");
        DerivationReport.Verdict t = r.verdict("dL/dW transposed");
        assertTrue(t.hints().stream().anyMatch(h -> h.startsWith("matches the transpose")), t.toString());
        assertTrue(t.error().contains("shape [3, 2] where d/dW has shape [2, 3]"), t.error());
        assertFalse(r.verdict("dL/dW without tanh'").holds());
    }

    @Test
    void aMissingFactorIsNamed() {
        DerivationReport r = Derivation.builder("least squares")
                .scalar("w", Draw.uniform(-2, 2)).scalar("x", Draw.uniform(-2, 2)).scalar("t", Draw.uniform(-2, 2))
                .scalarModel(c -> c.scalar("w").mul(c.scalar("x")).sub(c.value("t")).square().mul(0.5))
                .formula("dL/dw without x", "w", v -> v.get("w") * v.get("x") - v.get("t"))
                .formula("dL/dw times w", "w", v -> (v.get("w") * v.get("x") - v.get("t")) * v.get("x") * v.get("w"))
                .build().check(4, 40);
        assertTrue(r.verdict("dL/dw without x").hints().stream().anyMatch(h -> h.startsWith("a missing factor x")),
                r.toString());
        assertTrue(r.verdict("dL/dw times w").hints().stream().anyMatch(h -> h.startsWith("an extra factor w")),
                r.toString());
    }

    @Test
    void kinksAreRedrawnNotBlamedOnTheFormula() {
        // relu at exactly 0: autograd says 0, central differences say 1/2; such instances are redrawn
        DerivationReport r = Derivation.builder("relu at its kink")
                .scalar("x", Draw.of(0, 1, 2))
                .scalarModel(c -> c.scalar("x").relu())
                .formula("relu'", "x", v -> v.get("x") > 0 ? 1 : 0)
                .build().check(3, 40);
        r.assertAllHold();
        assertTrue(r.rejected() > 0);
    }

    @Test
    void anIndexOutsideAShapeIsAFailureOfTheFormulaAsWritten() {
        DerivationReport r = tanhLayer()
                .tensorFormula("out of range", "W", v -> Tensor.scalar(v.get("x", 9, 0)))
                .build().check(1, 5);
        DerivationReport.Verdict v = r.verdict("out of range");
        assertFalse(v.holds());
        assertTrue(v.error().contains("x[9, 0] is outside shape [4, 2]"), v.error());
    }

    @Test
    void aFormulaThatThrowsFailsWithItsMessage() {
        DerivationReport r = tanhLayer()
                .tensorFormula("throws", "W", v -> {
                    throw new ArithmeticException("no inverse here");
                })
                .build().check(1, 5);
        DerivationReport.Verdict v = r.verdict("throws");
        assertFalse(v.holds());
        assertTrue(v.error().contains("no inverse here"), v.error());
    }

    @Test
    void claimsAreJudgedAgainstTheirReferenceFormula() {
        DerivationReport r = itakuraSaito()
                .claim("z = w x", v -> v.get("w") * v.get("x"), v -> v.get("z"))
                .claim("z = -w x", v -> v.get("w") * v.get("x"), v -> -v.get("z"))
                .build().check(3, 40);
        assertTrue(r.verdict("z = w x").holds(), r.toString());
        DerivationReport.Verdict wrong = r.verdict("z = -w x");
        assertFalse(wrong.holds());
        assertNotNull(wrong.counterexample());
        assertTrue(wrong.hints().stream().anyMatch(h -> h.startsWith("opposite sign")), wrong.toString());
    }

    @Test
    void tensorClaimsCompareMatricesAndNameATranspose() {
        DerivationReport r = tanhLayer()
                .tensorClaim("W = W", v -> v.tensor("W"), v -> v.tensor("W").mul(1.0))
                .tensorClaim("x x^T symmetric", v -> v.tensor("x").matmul(v.tensor("x").transpose()),
                        v -> v.tensor("x").matmul(v.tensor("x").transpose()).transpose())
                .tensorClaim("x^T x as x x^T", v -> v.tensor("x").matmul(v.tensor("x").transpose()),
                        v -> v.tensor("x").transpose().matmul(v.tensor("x")))
                .tensorClaim("W^T as W", v -> v.tensor("W"), v -> v.tensor("W").transpose())
                .build().check(1, 10);
        DerivationReport.Verdict transposed = r.verdict("W^T as W");
        assertFalse(transposed.holds());
        assertTrue(transposed.hints().stream().anyMatch(h -> h.contains("transpose")), transposed.toString());
        assertTrue(r.verdict("W = W").holds(), r.toString());
        assertTrue(r.verdict("x x^T symmetric").holds(), r.toString());
        DerivationReport.Verdict shape = r.verdict("x^T x as x x^T");
        assertFalse(shape.holds());
        assertTrue(shape.error() != null && shape.error().contains("shape"), shape.toString());
    }

    @Test
    void aTypoInAFormulaIsAnErrorNamingItNotAFailingFormula() {
        Derivation typo = itakuraSaito().formula("dL/dz", "z", v -> 2 * v.get("zz")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, typo::check);
        String m = e.getMessage();
        assertTrue(m.contains("formula 'dL/dz'") && m.contains("'zz'") && m.contains("[w, x, t, z]"), m);
        Derivation constant = itakuraSaito().formula("dL/dz", "z", v -> v.constant("N")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, constant::check).getMessage().contains("'N'"));
        Derivation gradient = itakuraSaito().formula("dL/dz", "z", v -> v.grad("q")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, gradient::check).getMessage().contains("'q'"));
    }

    @Test
    void misuseIsRefusedWithTheFix() {
        Derivation unknown = itakuraSaito().formula("dL/dq", "q", v -> 0.0).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, unknown::check);
        assertTrue(e.getMessage().contains("dL/dq") && e.getMessage().contains("never used"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Derivation.builder("x").scalar("a", Draw.uniform(0, 1))
                .formula("f", "a", v -> 0.0).build());
        assertThrows(IllegalArgumentException.class, () -> Derivation.builder("x").scalar("a", Draw.uniform(0, 1))
                .scalar("a", Draw.uniform(0, 1)));
        Derivation d = itakuraSaito().formula("dL/dz", "z", DerivationTest::dLdz).build();
        assertThrows(IllegalArgumentException.class, () -> d.instance(Map.of("w", new double[] {1})));
    }

    /** The jqwik form: a property over explicit instances is a few lines. */
    @Property(tries = 50)
    void jqwikPropertyOverInstances(@ForAll("weights") double w, @ForAll("weights") double x) {
        Derivation d = itakuraSaito().formula("dL/dw", "w", v -> dLdz(v) * v.get("x")).build();
        Derivation.Instance i = d.instance(Map.of("w", new double[] {w}, "x", new double[] {x},
                "t", new double[] {1.5}));
        if (d.admits(i)) {
            d.check(i).assertAllHold();
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Double> weights() {
        return net.jqwik.api.Arbitraries.doubles().between(-2, 2);
    }

    private static final Derivation RELU_NEURON = reluNeuron();

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Derivation.Instance> reluInstances() {
        return DerivationArbitraries.instances(RELU_NEURON);
    }

    /** The arbitraries form: jqwik draws (and shrinks) the instances, the checker judges each. */
    @Property(tries = 60)
    void jqwikArbitrariesOfInstances(@ForAll("reluInstances") Derivation.Instance i) {
        DerivationReport r = RELU_NEURON.check(i);
        r.assertHolds("dL/dw1");
        double z = i.values("w1")[0] * i.values("x")[0];
        assertEquals(z > 0 || agreesWithoutReluPrime(i),
                r.verdict("dL/dw1 without relu'").holds(), r.toString());
    }

    /** Without relu' the formula is still right where z > 0, or where its value happens to be 0 anyway. */
    private static boolean agreesWithoutReluPrime(Derivation.Instance i) {
        double t = i.values("t")[0];
        double w2 = i.values("w2")[0];
        double x = i.values("x")[0];
        return Math.abs((0 - t) * w2 * x) <= 1e-9;
    }

    /** The relu neuron again, written once over Differentiable: forward mode joins as a fourth witness. */
    private static Derivation genericReluNeuron() {
        return Derivation.builder("one relu neuron, generic")
                .scalar("w1", Draw.uniform(-2, 2)).scalar("w2", Draw.uniform(-2, 2))
                .scalar("x", Draw.uniform(-2, 2)).scalar("t", Draw.uniform(-2, 2))
                .model(new Derivation.GenericModel() {
                    @Override
                    public <T extends dev.chainrule.core.Differentiable<T>> T loss(Derivation.Generic<T> c) {
                        T z = c.probe("z", c.scalar("w1").mul(c.scalar("x")));
                        T y = c.probe("y", z.relu().mul(c.scalar("w2")));
                        return y.sub(c.value("t")).square().mul(0.5);
                    }
                })
                .awayFromZero(0.05, "z")
                .formula("dL/dw1 without relu'", "w1", v -> (v.get("y") - v.get("t")) * v.get("w2") * v.get("x"))
                .formula("dL/dz", "z", v -> (v.get("y") - v.get("t")) * v.get("w2") * (v.get("z") > 0 ? 1 : 0))
                .build();
    }

    @Test
    void aGenericModelAddsForwardModeAndGivesTheSameVerdicts() {
        DerivationReport generic = genericReluNeuron().check(9, 80);
        DerivationReport scalar = reluNeuron().check(9, 80);
        generic.assertHolds("dL/dz");
        assertEquals(scalar.verdict("dL/dw1 without relu'").failures(), generic.verdict("dL/dw1 without relu'")
                .failures(), "the same instances, the same verdicts");
        DerivationReport.Counterexample cx = generic.assertFails("dL/dw1 without relu'");
        assertNotNull(cx.forward());
        assertEquals(cx.autograd()[0], cx.forward()[0], 1e-12);
        assertTrue(cx.toString().contains("forward mode:"), cx.toString());
        assertEquals(null, scalar.verdict("dL/dw1 without relu'").counterexample().forward());
    }

    @Test
    void reportNamesTolerancesAndCounts() {
        DerivationReport r = reluNeuron().check(5, 20);
        String s = r.toString();
        assertTrue(s.contains("20 instances from seed 5"), s);
        assertTrue(DerivationReport.tolerances().contains("1.0E-9"));
        assertEquals(List.of("dL/dw1 without relu'", "dL/dw1"), reluNeuron().formulas());
    }

    /**
     * Hints for a formula given as a Java lambda, where no tree is at hand: a term too many is named with its
     * coefficient, and a path the formula misses is found by setting each drawn number to 0 in turn.
     */
    @Test
    void aLambdaFormulaGetsTheTermItDiffersByAndTheNumberWhoseZeroMakesItHold() {
        DerivationReport r = Derivation.builder("two paths")
                .scalar("a", Draw.uniform(-2, 2)).scalar("w1", Draw.uniform(-2, 2))
                .scalar("w2", Draw.uniform(-2, 2)).scalar("w3", Draw.uniform(-2, 2))
                .scalarModel(c -> {
                    Scalar a = c.scalar("a");
                    Scalar out = c.probe("out", a.mul(c.scalar("w1")).add(a.mul(c.scalar("w2")).mul(c.scalar("w3"))));
                    return out.square().mul(0.5);
                })
                .formula("dL/da, one path", "a", v -> v.get("out") * v.get("w1"))
                .formula("dL/dw1 with a decay", "w1", v -> v.get("out") * v.get("a") + 0.1 * v.get("w1"))
                .build().check(4, 30);
        List<String> path = r.verdict("dL/da, one path").hints();
        assertTrue(path.stream().anyMatch(h -> h.startsWith("holds where w2 = 0")), path.toString());
        assertTrue(path.stream().anyMatch(h -> h.startsWith("holds where w3 = 0")), path.toString());
        List<String> decay = r.verdict("dL/dw1 with a decay").hints();
        assertTrue(decay.stream().anyMatch(h -> h.startsWith("differs by a term: wherever it fails, the formula "
                + "minus autograd is 0.100000 x w1")), decay.toString());
    }
}
