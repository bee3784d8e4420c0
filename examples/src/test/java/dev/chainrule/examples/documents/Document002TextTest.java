package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Document 002 as text: a derivation over symbolic layers (omega^l from layer l to l + 1, Delta^l defined by a
 * recursion whose base case the page gives later), read in its regression and classification readings, each
 * setting the other problem's lines aside. As the Java encoding found, every step holds but the summary's
 * recursion, whose upper limit is typeset n_L - l + 2 - 1 for n_{L-l+2} - 1.
 */
class Document002TextTest {
    @Test
    void theBodyIsTheSeedPageVerbatim() throws IOException {
        SeedPages.assertBodyIsTheSeed("002");
    }

    @Test
    void bothReadingsFindOnlyTheTypesetUpperLimit() throws IOException {
        List<PageCheck.Report> reports = PageCheck.check("002.md", SeedPages.page("002"), Derivation.DEFAULT_SEED,
                60, null);
        assertEquals(List.of("regression", "regression, depth 4", "classification", "classification, depth 2"),
                reports.stream().map(PageCheck.Report::reading).toList());
        for (PageCheck.Report r : reports) {
            List<PageCheck.Line> failing = r.lines().stream().filter(PageCheck.Line::fails).toList();
            // from depth 3 on the recursion reaches l = 3, where the typeset limit leaves out terms
            assertEquals(r.reading().endsWith("depth 2") ? 0 : 1, failing.size(), r.text());
            assertTrue(failing.stream().allMatch(l -> l.formula().contains("\\sum_{j=0}^{n_L-\\ell+2-1}")),
                    r.text());
            assertTrue(r.lines().stream().filter(PageCheck.Line::holds).count() >= 16, r.text());
            // the recursion is defined after the formula that uses it, and its base case in a later part
            PageCheck.Line uses = r.lines().stream()
                    .filter(l -> SeedPages.seedPosition("002", l).equals("37:65")).findFirst()
                    .orElseThrow();
            assertTrue(uses.holds(), r.text());
            // the derivations with "..." are read, and named as patterns no checker can evaluate
            assertEquals(4, r.lines().stream().filter(l -> l.verdict().equals("NOT READ")).count() - 1, r.text());
        }
        assertTrue(reports.get(2).lines().stream().anyMatch(l -> SeedPages.seedPosition("002", l).equals("47:43")
                && l.holds()), "the softmax's Jacobian through s^{L-1}");
    }
}
