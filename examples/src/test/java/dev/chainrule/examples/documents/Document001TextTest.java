package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Document 001 as text: the seed page verbatim, its activation section read as functions of x (a part of the
 * notation of its own), its network in three readings (a batch in the column convention, one sample, and the row
 * convention its loss's y_{n,i} and a^{1T} delta^3 are written in), with the Java encoding's findings.
 */
class Document001TextTest {
    @Test
    void theBodyIsTheSeedPageVerbatim() throws IOException {
        SeedPages.assertBodyIsTheSeed("001");
    }

    private static Map<String, PageCheck.Line> lines(PageCheck.Report r) {
        return r.lines().stream().collect(Collectors.toMap(l -> SeedPages.seedPosition("001", l),
                l -> l, (a, b) -> a));
    }

    @Test
    void eachReadingFindsWhatTheJavaEncodingFound() throws IOException {
        List<PageCheck.Report> reports = PageCheck.check("001.md", SeedPages.page("001"), Derivation.DEFAULT_SEED,
                60, null);
        assertEquals(List.of("column", "per-sample", "row"), reports.stream().map(PageCheck.Report::reading)
                .toList());
        for (PageCheck.Report r : reports) {
            // 1b: the sigmoid's, tanh's and relu's derivatives hold, link by link, in every reading
            long activations = r.lines().stream()
                    .filter(l -> SeedPages.seedPosition("001", l).matches("(17|21|25|27|29):.*"))
                    .filter(PageCheck.Line::holds).count();
            assertEquals(17, activations, r.text());
        }
        Map<String, PageCheck.Line> sample = lines(reports.get(1));
        for (String softmax : List.of("57:47", "61:5", "61:110", "63:47", "67:47", "69:47")) {
            assertTrue(sample.get(softmax).holds(), "the softmax's Jacobian, j = i and j != i: " + softmax);
        }
        for (String dyhat : List.of("71:43", "71:141", "75:5", "77:5", "79:5", "81:5", "85:31")) {
            assertTrue(sample.get(dyhat).fails(), "dL/dyhat_i: the class sum kept under d/dyhat_i: " + dyhat);
        }
        assertTrue(sample.get("87:50").holds(), "dL/dz_i^2 = (1/N) sum_n (yhat_i - y_i), per sample");
        assertTrue(sample.get("99:37").fails() && sample.get("99:37").detail().contains("a constant factor of 2"),
                "sum_{n=1}^{C}: C = 2 terms of one sample\n" + sample.get("99:37").detail());
        assertTrue(sample.get("111:37").holds(), "dL/db^1 = (1/N) delta^2");
        // over a batch of N = 5, each sample's delta^3 summed inside sum_n (the column reading's sample index n):
        // sum_{n=1}^{C} takes the first C = 2 samples only, and the correction sum_{n=1}^{N} holds
        Map<String, PageCheck.Line> batch = lines(reports.get(0));
        assertTrue(batch.get("99:37").fails(), reports.get(0).text());
        for (PageCheck.Report r : reports.subList(0, 2)) {
            assertTrue(r.lines().stream().filter(l -> l.formula().startsWith("(correction 'sum over the batch'"))
                    .allMatch(PageCheck.Line::holds), r.text());
            assertTrue(r.findings().stream().allMatch(PageCheck.Finding::confirmed), r.text());
        }
        Map<String, PageCheck.Line> row = lines(reports.get(2));
        assertTrue(row.get("45:19").holds(), "the loss's y_{n,i}: sample n's class i, the row convention");
        assertTrue(row.get("93:37").holds(), "(1/N) a^{1T} delta^3 is the row convention's dL/dW^2");
        assertEquals("NOT READ", sample.get("93:37").verdict());
        assertTrue(sample.get("93:37").detail().contains("multiplies a 1 x 4 by a 2 x 1 matrix"),
                sample.get("93:37").detail());
        // x^T delta^2 has no product in the column reading and per sample, and in the row reading delta^2 itself
        // has none: wrong as written wherever it can be formed, so it fails (93:37 is the row reading's, so not)
        for (Map<String, PageCheck.Line> reading : List.of(batch, sample)) {
            assertTrue(reading.get("107:37").fails() && reading.get("107:37").detail()
                    .startsWith("undefined whatever the values: '\\frac{1}{N} \\left(x\\right)^{T} \\delta^{2}'"),
                    reading.get("107:37").detail());
        }
        assertEquals("NOT READ", row.get("107:37").verdict());
    }

    @Test
    void theDiagnosisFindsTheSumToNAndA1ForA3() throws IOException {
        PageCheck.Report batch = PageCheck.check("001.md", SeedPages.page("001"), Derivation.DEFAULT_SEED, 30,
                "column", true).get(0);
        Map<String, PageCheck.Line> at = lines(batch);
        assertTrue(at.get("99:37").detail().contains("holds if \\sum_{n=1}^{C} \\delta^{3} reads \\sum_{n=1}^{N} "
                + "\\delta^{3} (the upper limit N)"), at.get("99:37").detail());
        // not read as written (there is no layer 3), and read with a^1 it holds: the column delta^3 times the
        // column a^1 is their outer product
        assertEquals("NOT READ", at.get("91:37").verdict());
        assertTrue(at.get("91:37").detail().contains("it reads, and holds if a^{3} reads a^{1} (another symbol: a^{1}"
                + " for a^{3})"), at.get("91:37").detail());
        assertTrue(at.get("107:37").detail().contains("diagnosis: holds if \\frac{1}{N} \\left(x\\right)^{T} "
                + "\\delta^{2} reads \\delta^{2} \\left(\\frac{1}{N} \\left(x\\right)^{T}\\right) "
                + "(the product's factors in the other order)"), at.get("107:37").detail());
    }
}
