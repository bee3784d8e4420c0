package dev.chainrule.examples.documents;

import dev.chainrule.check.DerivationReport;
import dev.chainrule.examples.documents.Document002.Act;
import dev.chainrule.examples.documents.Document002.Net;
import dev.chainrule.examples.documents.Document002.Task;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tests of document 002's check: every formula the document gets right holds on networks of generated depth
 * and widths, the summary's typeset recursion limit fails exactly where it differs from the body's, and the report
 * gives the expected verdicts.
 */
class Document002Test {
    private static final long SEED = 2002L;
    private static final int INSTANCES = 4;

    /** Formulas that are not claims of the document, or readings that hold only under a condition. */
    private static boolean conditional(String formula) {
        return formula.contains("(summary, as typeset)") || formula.contains("read literally")
                || formula.contains(Document002.CONTRAST_TAG);
    }

    @Provide
    Arbitrary<Net> nets() {
        Arbitrary<Integer> depth = Arbitraries.integers().between(2, 4);
        Arbitrary<List<Integer>> widths = Arbitraries.integers().between(1, 4).list().ofSize(4);
        Arbitrary<Integer> classes = Arbitraries.integers().between(2, 4);
        return Combinators.combine(depth, widths, classes, Arbitraries.of(Task.class), Arbitraries.of(Act.class))
                .as((big, w, c, task, act) -> {
                    int[] n = new int[big + 1];
                    for (int l = 0; l < big; l++) {
                        n[l] = w.get(l);
                    }
                    n[big] = task == Task.REGRESSION ? 1 : c;
                    return Net.of(task, act, n);
                });
    }

    @Property(tries = 15)
    void everyCorrectFormulaHolds(@ForAll("nets") Net net, @ForAll long seed) {
        DerivationReport r = Document002.network(net).check(seed, INSTANCES);
        for (DerivationReport.Verdict v : r.verdicts()) {
            if (!conditional(v.formula())) {
                r.assertHolds(v.formula());
            }
        }
        for (int l = 1; l < net.depth(); l++) {
            Document002.hiddenNode(net, l).check(seed, INSTANCES).assertAllHold();
        }
        Document002.outputNode(net).check(seed, INSTANCES).assertAllHold();
    }

    /**
     * The typeset limit n_L-l+2-1 holds up to the first level l where n_{L-l+2} != n_L - l + 2, fails there (with
     * sigmoid every term is nonzero, so a dropped or missing term shows), and the corrected limit holds.
     */
    @Property(tries = 15)
    void typesetLimitFailsExactlyWhereTheWidthsDiffer(@ForAll("nets") Net generated, @ForAll long seed) {
        Net net = Net.of(generated.task(), Act.SIGMOID, generated.n());
        DerivationReport r = Document002.network(net).check(seed, INSTANCES);
        r.assertHolds(Document002.literal(2));
        for (int l = 3; l <= net.depth(); l++) {
            r.assertHolds(Document002.corrected(l));
            if (net.literalLimitAgrees(l)) {
                r.assertHolds(Document002.literal(l));
            } else {
                r.assertFails(Document002.literal(l));
                break;
            }
        }
    }

    @Test
    void theReportGivesTheExpectedVerdicts() {
        DocumentReport report = Document002.run(SEED, 30);
        List<DocumentReport.SettingRow> rows = report.settingRows();
        assertTrue(rows.size() > 100, "rows: " + rows.size());
        for (DocumentReport.SettingRow row : rows) {
            assertEquals(Document002.FILE, row.document());
            if (!conditional(row.formula())) {
                assertEquals("holds", row.verdict(), row.setting() + ": " + row.formula());
            }
        }
        // the typeset limit: empty sum, truncated sum, past the layer, and agreeing widths
        setting(report, Net.of(Task.REGRESSION, Act.SIGMOID, 2, 3, 4, 1)).assertFails(Document002.literal(3));
        setting(report, Net.of(Task.REGRESSION, Act.RELU, 3, 2, 3, 2, 1)).assertFails(Document002.literal(3));
        setting(report, Net.of(Task.CLASSIFICATION, Act.RELU, 2, 4, 3, 3)).assertFails(Document002.literal(3));
        DerivationReport past = setting(report, Net.of(Task.CLASSIFICATION, Act.SIGMOID, 2, 3, 1, 3));
        past.assertFails(Document002.literal(3));
        assertTrue(past.verdict(Document002.literal(3)).error().contains("is outside shape"), past.toString());
        DerivationReport agreeing = setting(report, Net.of(Task.CLASSIFICATION, Act.SIGMOID, 2, 3, 1, 2, 3));
        agreeing.assertHolds(Document002.literal(3));
        agreeing.assertHolds(Document002.literal(4));
        for (DocumentReport.SettingRow row : rows) {
            if (row.formula().contains("(summary, as typeset), l = 2")) {
                assertEquals("holds", row.verdict(), row.setting());
            }
        }
        // the biases sentence read literally holds only where O_i^{L-n} = 1: at the input when x = 1
        Net plain = Net.of(Task.REGRESSION, Act.SIGMOID, 3, 4, 1);
        DerivationReport random = setting(report, plain.withBiasSentence(false));
        random.assertFails(Document002.biasSentence(1));
        random.assertFails(Document002.biasSentence(2));
        DerivationReport ones = setting(report, plain.withBiasSentence(true));
        ones.assertFails(Document002.biasSentence(1));
        ones.assertHolds(Document002.biasSentence(2));
        // batches: the contrasts fail by exactly the factor N (or 1/N)
        int contrasts = 0;
        for (DocumentReport.SettingRow row : rows) {
            if (row.formula().contains(Document002.CONTRAST_TAG)) {
                contrasts++;
                assertTrue(row.verdict().startsWith("FAILS"), row.formula());
                assertTrue(row.hint().startsWith("a constant factor of N")
                        || row.hint().startsWith("a constant factor of 1/N"), row.hint());
            }
        }
        assertEquals(6, contrasts);
        String text = report.text();
        for (String notation : List.of("O_i^l", "s_i^l", "omega_ij^l", "sigma_i^l", "Delta_i^n", "E(x)",
                "counterexample", "corrected")) {
            assertTrue(text.contains(notation), notation);
        }
    }

    /** The checker's report on the network E(x) of {@code net} in the document's report. */
    private static DerivationReport setting(DocumentReport report, Net net) {
        return report.report(Document002.network(net).title());
    }
}
