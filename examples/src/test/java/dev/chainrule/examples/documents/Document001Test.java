package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.DerivationReport;
import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;
import dev.chainrule.examples.documents.Document001.ActFun;
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
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.chainrule.examples.documents.Document001.C;
import static dev.chainrule.examples.documents.Document001.D;
import static dev.chainrule.examples.documents.Document001.H;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests of document 001's report: the right formulas hold, the wrong ones fail with a counterexample (and the
 * transpose hint where the layout is the other convention's), each correction holds, and the conditions (N = 1,
 * N = C, the row convention) decide the verdicts they are stated to decide.
 */
class Document001Test {
    /** Formulas of the network setting that hold for every actFun and batch size. */
    private static final List<String> ALWAYS_HOLD = List.of(Document001.DZ2_FIXED, Document001.DW2_A3_FIXED,
            Document001.DW2_FIXED, Document001.DB2_FIXED, Document001.DW1_FIRST_FIXED, Document001.DZ1,
            Document001.DW1_OUTER, Document001.DW1_FIXED, Document001.DB1_FIXED);
    /** Formulas of the network setting that fail for every actFun and batch size. */
    private static final List<String> ALWAYS_FAIL = List.of(Document001.DW2_A3, Document001.DW2,
            Document001.DW1_FIRST, Document001.DW1);

    /** The verdict the report must give a formula of the network setting with batch size n. */
    private static boolean expectedToHold(String formula, int n) {
        if (ALWAYS_HOLD.contains(formula)) {
            return true;
        }
        if (ALWAYS_FAIL.contains(formula)) {
            return false;
        }
        if (formula.equals(Document001.DZ2) || formula.equals(Document001.DB1)) {
            return n == 1;
        }
        if (formula.equals(Document001.DB2)) {
            return n == C;
        }
        throw new AssertionError("no expected verdict for " + formula);
    }

    @Property(tries = 12)
    void networkFormulasHoldOrFailAsTheirConditionsSay(@ForAll("seeds") long seed, @ForAll ActFun act,
                                                       @ForAll @IntRange(min = 1, max = 4) int n) {
        Derivation d = Document001.network(act, n);
        DerivationReport r = d.check(seed, 8);
        assertEquals(8, r.instances(), r.toString());
        for (String f : d.formulas()) {
            if (expectedToHold(f, n)) {
                r.assertHolds(f);
            } else {
                DerivationReport.Counterexample cx = r.assertFails(f);
                if (f.equals(Document001.DB2) && n < C) {
                    assertTrue(cx.note().contains("outside shape"), cx.toString());
                }
            }
        }
        for (String transposed : List.of(Document001.DW2, Document001.DW1)) {
            assertTrue(r.verdict(transposed).hints().stream().anyMatch(h -> h.startsWith("matches the transpose")),
                    r.verdict(transposed).toString());
        }
    }

    @Property(tries = 6)
    void rowConventionMakesTheDocumentsMatrixFormsRight(@ForAll("seeds") long seed, @ForAll ActFun act,
                                                        @ForAll @IntRange(min = 1, max = 3) int n) {
        DerivationReport r = Document001.rowConvention(act, n).check(seed, 8);
        r.assertHolds(Document001.DW2);
        r.assertHolds(Document001.DW1);
        r.assertFails(Document001.ROW_DW2_COLUMN);
        r.assertFails(Document001.ROW_DW1_COLUMN);
    }

    @Property(tries = 5)
    void activationAndSoftmaxDerivativesHold(@ForAll("seeds") long seed) {
        for (ActFun act : ActFun.values()) {
            Document001.activation(act).check(seed, 20).assertAllHold();
        }
        Document001.softmax().check(seed, 20).assertAllHold();
    }

    @Test
    void theReportGivesEachFormulaItsExpectedVerdict() {
        DocumentReport report = Document001.run(7L, 30);
        assertEquals(Document001.FILE, report.document());
        List<DocumentReport.SettingRow> rows = report.settingRows();
        int networkRows = Document001.BATCH_SIZES.size() * ActFun.values().length * (ALWAYS_HOLD.size()
                + ALWAYS_FAIL.size() + 3);
        assertEquals(5 + 5 + networkRows + ActFun.values().length * 4, rows.size());
        Map<String, Integer> settingsSeen = new HashMap<>();
        for (DocumentReport.SettingRow row : rows) {
            boolean holds = row.verdict().equals("holds");
            settingsSeen.merge(row.setting(), 1, Integer::sum);
            if (row.setting().startsWith("1b") || row.setting().startsWith("1d softmax")) {
                assertTrue(holds, row.toString());
                continue;
            }
            boolean expected = expectedFor(row);
            assertEquals(expected, holds, row.toString());
            if (!holds) {
                assertTrue(row.verdict().startsWith("FAILS 30/30"), row.toString());
            }
        }
        for (ActFun act : ActFun.values()) {
            for (int n : Document001.BATCH_SIZES) {
                assertEquals(16, settingsSeen.get(Document001.networkSetting(act, n)), act + " N = " + n);
            }
            assertEquals(4, settingsSeen.get(Document001.rowSetting(act, Document001.ROW_N)), act.label());
        }
        String text = report.text();
        for (String s : List.of("z^1 = W^1 x + b^1", "a^2 = yhat = softmax(z^2)", "delta^3 = yhat - y",
                "Linear.weight is the document's W^T", "counterexample at", "matches the transpose", Document001.DB2,
                Document001.DB2_FIXED, "Tolerances:")) {
            assertTrue(text.contains(s), "the report mentions " + s);
        }
    }

    /** The expected verdict of a row of a network or row-convention setting. */
    private static boolean expectedFor(DocumentReport.SettingRow row) {
        for (ActFun act : ActFun.values()) {
            if (row.setting().equals(Document001.rowSetting(act, Document001.ROW_N))) {
                return row.formula().equals(Document001.DW2) || row.formula().equals(Document001.DW1);
            }
            for (int n : Document001.BATCH_SIZES) {
                if (row.setting().equals(Document001.networkSetting(act, n))) {
                    return expectedToHold(row.formula(), n);
                }
            }
        }
        throw new AssertionError("unknown setting " + row.setting());
    }

    @Test
    void theReportIsReproducibleFromItsSeed() {
        assertEquals(Document001.run(11L, 5).text(), Document001.run(11L, 5).text());
    }

    /**
     * Ties the document's network to nn: an {@link Mlp} whose Linear weights are the document's W^T (nn stores
     * [in, out]) gives the same loss, and its weight gradients are the transposes of dL/dW^1 and dL/dW^2.
     */
    @Property(tries = 10)
    void anNnMlpWithTransposedWeightsIsTheDocumentsNetwork(@ForAll("seeds") long seed, @ForAll ActFun act,
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
            Tensor a1 = act.module().forward(x.matmul(w1.transpose()).add(b1));
            Tensor docLoss = Losses.softmaxCrossEntropyOneHot(a1.matmul(w2.transpose()).add(b2), y, Reduction.MEAN);
            docLoss.backward();

            Sequential mlp = Mlp.of(D, H, C).hidden(act::module).build(seed);
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

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}
