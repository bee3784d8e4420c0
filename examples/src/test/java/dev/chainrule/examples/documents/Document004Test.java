package dev.chainrule.examples.documents;

import dev.chainrule.check.DerivationReport;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.graph.NeuronNetwork;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Document 004 (Itakura-Saito): every answer agrees with autograd, whatever sigma; the printed loss is a typo. */
class Document004Test {
    @Provide
    Arbitrary<Activation> sigmas() {
        return Arbitraries.of(Document004.SIGMAS);
    }

    @Property(tries = 12)
    void everyAnswerHolds(@ForAll("sigmas") Activation sigma, @ForAll long seed) {
        DerivationReport r = Document004.derivation(sigma, false).check(seed, 25);
        for (String f : List.of(Document004.A, Document004.A_LINE, Document004.B, Document004.B_UPDATE,
                Document004.C, Document004.C_UPDATE, Document004.D)) {
            r.assertHolds(f);
        }
        Document004.stepDerivation(sigma, "z_6").check(seed, 25).assertAllHold();
        Document004.stepDerivation(sigma, "x_3").check(seed, 25).assertHolds(Document004.D_X3);
        Document004.stepDerivation(sigma, "x_4").check(seed, 25).assertHolds(Document004.D_X4);
        Document004.stepDerivation(sigma, "x_5").check(seed, 25).assertHolds(Document004.D_X5);
    }

    @Property(tries = 5)
    void aHoldsWhereZ6IsNegativeToo(@ForAll long seed) {
        Document004.derivation(Activation.tanh(), false, true).check(seed, 25).assertHolds(Document004.A);
    }

    @Property(tries = 5)
    void againstThePrintedLossAFailsAndItsCorrectionHolds(@ForAll long seed) {
        DerivationReport r = Document004.derivation(Activation.sigmoid(), true).check(seed, 25);
        DerivationReport.Counterexample cx = r.assertFails(Document004.A_PRINTED);
        r.assertHolds(Document004.A_PRINTED_CORRECTED);
        // the counterexample reproduces from its seed
        assertEquals(cx.instance(), Document004.derivation(Activation.sigmoid(), true)
                .counterexample(Document004.A_PRINTED, cx.seed()).instance());
    }

    @Test
    void theUpdateRuleIsOneGradientDescentStep() {
        NeuronNetwork net = Document004.network(Activation.tanh());
        NeuronNetwork.Pass p = net.forward(Map.of("1", 0.4, "2", -1.1));
        double t = 1.3;
        dev.chainrule.core.Scalar ratio = p.x("6").pow(-1).mul(t);
        ratio.sub(ratio.log()).sub(1).backward();
        double z6 = p.z("6").value();
        double expected = net.get("w_46") - 2 * Document004.K * p.x("4").value() * (z6 * z6 - t) / (z6 * z6 * z6);
        net.step(p, Document004.K);
        assertEquals(expected, net.get("w_46"), 1e-12);
    }

    @Test
    void theReportHasARowPerAnswerAndNoContradictedClaim() {
        DocumentReport r = Document004.run(11, 20);
        List<DocumentReport.Row> rows = r.rows();
        DocumentReport.Row a = rows.stream().filter(x -> x.formula().equals(Document004.A)).findFirst().orElseThrow();
        assertEquals("holds", a.verdict());
        assertEquals(5, a.settings(), "four sigmas and the z_6 < 0 setting");
        DocumentReport.Row printed = rows.stream().filter(x -> x.formula().equals(Document004.A_PRINTED)).findFirst()
                .orElseThrow();
        assertEquals(1, printed.failed());
        assertEquals(DocumentReport.Kind.OURS, printed.kind());
        assertEquals(0, r.contradicted(), r.text());
        assertTrue(r.text().contains("(a) to (d), both updates and every expanded intermediate step"), r.text());
    }
}
