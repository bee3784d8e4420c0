package dev.chainrule.examples.documents;

import dev.chainrule.check.DerivationReport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Document 000 (CSDS 440 Problem 20): the sign error in the output bracket is found, with y = 1 in its
 * counterexample; the recursions hold where their conditions do; the corrections hold everywhere.
 */
class Document000Test {
    @Provide
    Arbitrary<Document000.Setting> settings() {
        return Arbitraries.of(Document000.settings());
    }

    @Property(tries = 12)
    void theCorrectedFormulasHoldInEverySetting(@ForAll("settings") Document000.Setting s, @ForAll long seed) {
        DerivationReport r = Document000.derivation(s).check(seed, 25);
        r.assertHolds(Document000.HO_FIXED);
        r.assertHolds(Document000.IH_LINE);
        r.assertHolds(Document000.IH_FIXED);
        r.assertHolds(Document000.GENERAL);
    }

    @Property(tries = 12)
    void theHiddenToOutputBracketIsWrongWhereYIsOne(@ForAll("settings") Document000.Setting s, @ForAll long seed) {
        DerivationReport r = Document000.derivation(s).check(seed, 40);
        if (s.yZero()) {
            r.assertHolds(Document000.HO);               // the y-term vanishes
            return;
        }
        DerivationReport.Counterexample cx = r.assertFails(Document000.HO);
        assertEquals(1.0, cx.instance().values("y")[0], "the sign error shows only where y = 1: " + cx);
        assertEquals(-cx.autograd()[0], cx.hand()[0], 1e-12 * Math.abs(cx.autograd()[0]), cx.toString());
    }

    @Property(tries = 8)
    void theRecursionWithDivisionHoldsUnlessAUnitIsDead(@ForAll long seed) {
        for (Document000.Setting s : Document000.settings()) {
            DerivationReport r = Document000.derivation(s).check(seed, 25);
            if (s.hidden() == Document000.RELU) {
                r.assertFails(Document000.IH);        // x_kj = 0 for a dead relu unit: 0/0
            } else {
                r.assertHolds(Document000.IH);
            }
        }
    }

    @Test
    void thePluggedInFormNeedsOneHiddenLayer() {
        Document000.Setting one = Document000.setting(1, Document000.SIGMOID, Document000.SIGMOID);
        Document000.Setting two = Document000.setting(2, Document000.SIGMOID, Document000.SIGMOID);
        Document000.derivation(one).check(5, 60).assertHolds(Document000.PLUGGED_SIGN);
        DerivationReport.Counterexample cx = Document000.derivation(two).check(5, 60)
                .assertFails(Document000.PLUGGED_SIGN);
        // with two hidden layers it fails for a reason other than the sign: also where y = 0
        Document000.Setting twoYZero = Document000.setting(2, Document000.SIGMOID, Document000.SIGMOID, true);
        Document000.derivation(twoYZero).check(5, 60).assertFails(Document000.PLUGGED_SIGN);
        assertTrue(Double.isFinite(cx.hand()[0]), cx.toString());
    }

    @Test
    void theReportSaysWhatFailsWhereAndNoClaimIsContradicted() {
        DocumentReport r = Document000.run(3, 20);
        assertEquals(0, r.contradicted(), r.text());
        assertTrue(r.text().contains("Hidden-to-output as written fails in every setting where y is 0 or 1"),
                r.text());
        assertTrue(!r.text().contains("CONTRADICTED"), r.text());
        List<DocumentReport.Row> rows = r.rows();
        assertEquals(11, rows.size());
        DocumentReport.Row ho = rows.stream().filter(x -> x.formula().equals(Document000.HO)).findFirst()
                .orElseThrow();
        assertEquals(6, ho.failed());
        assertEquals(7, ho.settings());
        assertEquals(DocumentReport.Kind.AS_WRITTEN, ho.kind());
        assertEquals(DocumentReport.Kind.CORRECTED, r.kindOf(Document000.GENERAL));
        assertEquals(DocumentReport.Kind.OURS, r.kindOf(Document000.PLUGGED_SIGN));
    }

    @Property(tries = 6)
    void theChainRuleStepsHold(@ForAll("settings") Document000.Setting s, @ForAll long seed) {
        DerivationReport r = Document000.derivation(s).check(seed, 25);
        r.assertHolds(Document000.HO_LINE3);
        r.assertHolds(Document000.IH_LINE3);
        r.assertHolds(Document000.IH_LINE4);
    }
}
