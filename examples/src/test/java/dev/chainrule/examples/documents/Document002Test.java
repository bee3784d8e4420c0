package dev.chainrule.examples.documents;

import dev.chainrule.check.DerivationReport;
import dev.chainrule.examples.documents.Document002.Act;
import dev.chainrule.examples.documents.Document002.Net;
import dev.chainrule.examples.documents.Document002.Task;
import dev.chainrule.nn.loss.Reduction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tests of document 002's check: every formula the document gets right holds on networks of generated depth
 * and widths, the summary's typeset recursion limit fails exactly where it differs from the body's, the batch
 * sentence holds (and its contrasts fail by the factor N), and the report gives the expected verdicts with every
 * claim borne out.
 */
class Document002Test {
    private static final long SEED = 2002L;
    /** Instances per formula and generated network. */
    private static final int INSTANCES = 20;
    private static final Pattern VERDICT_WORD = Pattern.compile("(?i)\\b(holds?|fails?|wrong|correct|contradicted)\\b");

    /** Formulas that are not claims of the document, or readings that hold only under a condition. */
    private static boolean conditional(String formula) {
        return formula.contains(Document002.TYPESET_TAG) || formula.contains(Document002.LITERAL_TAG)
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

    @Property(tries = 25)
    void everyCorrectFormulaHolds(@ForAll("nets") Net net, @ForAll long seed) {
        DerivationReport r = Document002.network(net).check(seed, INSTANCES);
        int checked = 0;
        for (DerivationReport.Verdict v : r.verdicts()) {
            if (!conditional(v.formula())) {
                r.assertHolds(v.formula());
                checked++;
            }
        }
        assertTrue(checked >= 10, "only " + checked + " formulas checked: " + r);
        for (int l = 1; l < net.depth(); l++) {
            Document002.hiddenNode(net, l).check(seed, INSTANCES).assertAllHold();
        }
        Document002.outputNode(net).check(seed, INSTANCES).assertAllHold();
    }

    /**
     * The typeset limit n_L-l+2-1 holds up to the first level l where n_{L-l+2} != n_L - l + 2, fails there (with
     * sigmoid every term is nonzero, so a dropped or missing term shows), and the corrected limit holds.
     */
    @Property(tries = 25)
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

    /**
     * On a batch, the batch sentence's formulas hold: divided by N when E is the mean, unmodified when it is the sum;
     * the other choice fails by the factor N or 1/N.
     */
    @Property(tries = 20)
    void theBatchSentenceHolds(@ForAll("nets") Net generated, @ForAll @IntRange(min = 2, max = 4) int size,
                               @ForAll boolean mean, @ForAll long seed) {
        Net net = generated.batch(size, mean ? Reduction.MEAN : Reduction.SUM);
        DerivationReport r = Document002.network(net).check(seed, INSTANCES);
        int sentence = 0;
        int contrasts = 0;
        for (DerivationReport.Verdict v : r.verdicts()) {
            if (v.formula().contains(Document002.CONTRAST_TAG)) {
                contrasts++;
                r.assertFails(v.formula());
                assertTrue(v.hints().get(0).startsWith(mean ? "a constant factor of N " : "a constant factor of 1/N "),
                        v.toString());
            } else {
                assertTrue(v.formula().contains(Document002.BATCH_TAG), v.formula());
                assertEquals(mean, v.formula().contains("/ N") || v.formula().contains("(N O_i^L)"), v.formula());
                r.assertHolds(v.formula());
                sentence++;
            }
        }
        assertEquals(2 + 2 * net.depth(), sentence, r.toString());
        assertEquals(2, contrasts, r.toString());
    }

    @Test
    void theReportGivesTheExpectedVerdicts() {
        DocumentReport report = Document002.run(SEED, 30);
        assertEquals(0, report.contradicted(), report.text());
        assertFalse(report.text().contains("CONTRADICTED"), report.text());
        List<DocumentReport.SettingRow> rows = report.settingRows();
        assertTrue(rows.size() > 100, "rows: " + rows.size());
        int unconditional = 0;
        for (DocumentReport.SettingRow row : rows) {
            assertEquals(Document002.FILE, row.document());
            if (!conditional(row.formula())) {
                assertEquals("holds", row.verdict(), row.setting() + ": " + row.formula());
                unconditional++;
            }
        }
        assertTrue(unconditional > 100, "unconditional rows: " + unconditional);
        // kinds: our own checks, corrections, and the document's formulas; no label states a verdict
        List<DocumentReport.Row> summary = report.rows();
        assertFalse(summary.isEmpty(), report.text());
        for (DocumentReport.Row row : summary) {
            assertFalse(VERDICT_WORD.matcher(row.formula()).find(), row.formula());
            assertFalse(row.verdict().equals("NOT CHECKED"), row.formula());
            DocumentReport.Kind expected = Document002.ours(row.formula()) ? DocumentReport.Kind.OURS
                    : row.formula().contains("corrected") ? DocumentReport.Kind.CORRECTED
                    : DocumentReport.Kind.AS_WRITTEN;
            assertEquals(expected, row.kind(), row.formula());
        }
        List<String> ours = summary.stream().filter(row -> row.kind() == DocumentReport.Kind.OURS)
                .map(DocumentReport.Row::formula).toList();
        assertTrue(ours.contains(Document002.RELU_FROM_O), ours.toString());
        assertTrue(ours.contains(Document002.sgd(0)), ours.toString());
        assertEquals(6, ours.stream().filter(f -> f.contains(Document002.CONTRAST_TAG)).count(), ours.toString());
        // the biases sentence read literally is our reading, not the document's formula (which we read as an analogy)
        for (int n = 1; n <= 2; n++) {
            assertTrue(Document002.biasSentence(n).contains("read literally"), Document002.biasSentence(n));
            assertTrue(ours.contains(Document002.biasSentence(n)), ours.toString());
            assertEquals(DocumentReport.Kind.OURS, report.kindOf(Document002.biasSentence(n)));
        }
        assertTrue(report.text().contains("As the analogy it holds: a bias is a weight from a node fixed at 1."),
                report.text());
        List<DocumentReport.Row> corrected = summary.stream()
                .filter(row -> row.kind() == DocumentReport.Kind.CORRECTED).toList();
        assertEquals(2, corrected.size(), corrected.toString());
        assertTrue(corrected.stream().allMatch(row -> row.verdict().equals("holds")), corrected.toString());
        // every formula of the document that fails has a corrected version that holds and a claim of its condition
        List<DocumentReport.Row> failing = summary.stream()
                .filter(row -> row.kind() == DocumentReport.Kind.AS_WRITTEN && !row.verdict().equals("holds")).toList();
        assertEquals(List.of(Document002.literal(3), Document002.literal(4)),
                failing.stream().map(DocumentReport.Row::formula).toList(), failing.toString());
        for (DocumentReport.Row row : failing) {
            int l = Integer.parseInt(row.formula().substring(row.formula().lastIndexOf('=') + 1).trim());
            assertTrue(report.holds(Document002.corrected(l)), row.formula());
            assertEquals(DocumentReport.Kind.CORRECTED, report.kindOf(Document002.corrected(l)));
        }
        assertTrue(report.text().contains("typeset recursion holds exactly where the widths grow by one"),
                report.text());
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
        List<DocumentReport.SettingRow> atTwo = rows.stream()
                .filter(row -> row.formula().equals(Document002.literal(2))).toList();
        assertEquals(8, atTwo.size(), atTwo.toString());
        assertTrue(atTwo.stream().allMatch(row -> row.verdict().equals("holds")), atTwo.toString());
        // the biases sentence read literally holds only where O_i^{L-n} = 1: at the input when x = 1
        Net plain = Net.of(Task.REGRESSION, Act.SIGMOID, 3, 4, 1);
        DerivationReport random = setting(report, plain.withBiasSentence(false));
        random.assertFails(Document002.biasSentence(1));
        random.assertFails(Document002.biasSentence(2));
        DerivationReport ones = setting(report, plain.withBiasSentence(true));
        ones.assertFails(Document002.biasSentence(1));
        ones.assertHolds(Document002.biasSentence(2));
        // batches: the labels say when dE/dO^L is divided by N; the contrasts fail by exactly the factor N (or 1/N)
        List<DocumentReport.SettingRow> batch = rows.stream()
                .filter(row -> row.formula().contains(Document002.BATCH_TAG)).toList();
        assertEquals(2 * (2 + 2 * 2) + (2 + 2 * 3), batch.size(), batch.toString());
        for (DocumentReport.SettingRow row : batch) {
            boolean mean = row.setting().contains("E the mean");
            assertEquals(mean, row.formula().contains("/ N") || row.formula().contains("(N O_i^L)"), row.formula());
            assertEquals("holds", row.verdict(), row.setting() + ": " + row.formula());
        }
        List<DocumentReport.SettingRow> contrasts = rows.stream()
                .filter(row -> row.formula().contains(Document002.CONTRAST_TAG)).toList();
        assertEquals(6, contrasts.size(), contrasts.toString());
        for (DocumentReport.SettingRow row : contrasts) {
            assertTrue(row.verdict().startsWith("FAILS"), row.formula());
            String factor = row.setting().contains("E the mean") ? "a constant factor of N " : "a constant "
                    + "factor of 1/N ";
            assertTrue(row.hint().startsWith(factor), row.hint());
        }
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
