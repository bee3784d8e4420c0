package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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
            List<PageCheck.Line> failing = r.lines().stream().filter(PageCheck.Line::fails)
                    .filter(l -> !(r.reading().startsWith("classification")
                            && forwardRuleAtTheOutput(l, r.reading().endsWith("depth 2") ? 2 : 3))).toList();
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
            // the sum over "all paths", its ellipsis completed, holds at every layer n it reaches; the nested sums
            // with their levels elided need n >= 4 (levels n - 1, n - 2, ..., 1), so a network of depth 4; the
            // equation inside \sigma(...) is read as two: O = \sigma(s), and s's definition made in passing
            boolean deep = r.reading().equals("regression, depth 4");
            assertTrue(lineAt(r, "17:").holds(), r.text());
            for (String row : List.of("21:", "33:")) {
                PageCheck.Line nested = lineAt(r, row);
                assertTrue(deep ? nested.holds() : nested.verdict().equals("NOT READ")
                        && nested.detail().contains("not one pattern's levels in order"), nested.toString());
            }
            assertEquals(deep ? 0 : 2, r.lines().stream().filter(l -> l.verdict().equals("NOT READ")).count() - 1,
                    r.text());
            assertTrue(r.lines().stream().anyMatch(l -> SeedPages.seedPosition("002", l).equals("25:38")
                    && l.holds()), r.text());
        }
        assertTrue(reports.get(2).lines().stream().anyMatch(l -> SeedPages.seedPosition("002", l).equals("47:43")
                && l.holds()), "the softmax's Jacobian through s^{L-1}");
    }

    private static PageCheck.Line lineAt(PageCheck.Report r, String row) {
        for (PageCheck.Line l : r.lines()) {
            if (SeedPages.seedPosition("002", l).startsWith(row)) {
                return l;
            }
        }
        throw new AssertionError("no line at " + row + " in\n" + r.text());
    }

    /**
     * On networks of generated depth and widths (the page's own text under one reading with those sizes), every line
     * but the summary's recursion holds wherever it is read, and the recursion with its typeset upper limit
     * n_L - l + 2 - 1 holds exactly when that limit equals n_{L-l+2} - 1 at every level l it reaches (with sigmoid
     * every term is nonzero, so a dropped or an extra term shows), while its correction holds on every network.
     */
    @Property(tries = 12)
    void theTypesetLimitFailsExactlyWhereTheWidthsDiffer(@ForAll @IntRange(min = 2, max = 4) int depth,
                                                         @ForAll @Size(4) List<@IntRange(min = 1, max = 4) Integer> w,
                                                         @ForAll boolean regression, @ForAll long seed)
            throws IOException {
        int[] sizes = new int[depth + 1];
        for (int l = 0; l < depth; l++) {
            sizes[l] = w.get(l);
        }
        sizes[depth] = regression ? 1 : 2;
        String list = java.util.Arrays.toString(sizes);
        String reading = regression
                ? "  generated:\n    sizes: " + list + "\n    activations: {" + depth + ": identity}\n"
                + "    target: {y: uniform}\n    loss: (y - O_0^L)^2\n    parts:\n"
                + "      \"For the regression problem, as stated in the assignment text\": aside\n"
                + "      \"For the loss functions, we have\": {}\n"
                + "      \"for the regression problem, where y is the ground truth\": aside\n"
                + "      \"for the classification problem, where l is the ground truth\": {}\n"
                : "  generated:\n    sizes: " + list + "\n    activations: {" + depth + ": softmax}\n"
                + "    target: {l: onehot}\n    loss: -\\sum_{i=0}^{1} l_i \\log O_i^L\n    parts:\n"
                + "      \"For the loss functions, we have\": aside\n"
                + "      \"for the regression problem, where y is the ground truth\": {}\n";
        String page = SeedPages.page("002");
        page = page.substring(0, page.indexOf("readings:\n")) + "settings: [sigmoid]\nreadings:\n" + reading
                + page.substring(page.indexOf("corrections:\n"));
        page = page.replaceFirst("settings: \\[sigmoid, tanh\\]\n", "");
        PageCheck.Report r = PageCheck.check("002.md", page, seed, 12, null).get(0);
        boolean agrees = true;
        for (int l = 3; l <= depth; l++) {
            agrees &= sizes[depth - l + 2] == sizes[depth] - l + 2;
        }
        for (PageCheck.Line line : r.lines()) {
            boolean typeset = line.formula().contains("\\sum_{j=0}^{n_L-\\ell+2-1}");
            if (line.formula().startsWith(FORWARD_RULE)) {
                assertTrue(regression ? line.holds() : forwardRuleAtTheOutput(line, depth), line.toString());
            } else if (typeset) {
                assertEquals(agrees, line.holds(), list + "\n" + r.text());
            } else if (!line.verdict().equals("NOT READ") && !line.verdict().equals("not checked")
                    && !line.verdict().equals("defined")) {
                assertTrue(line.holds(), list + " " + line + "\n" + r.text());
            }
        }
        assertTrue(r.lines().stream().filter(PageCheck.Line::holds).count() >= 14, list + "\n" + r.text());
    }

    private static final String FORWARD_RULE = "O_i^{\\ell} = \\sigma(s_i^{\\ell-1} =";

    /**
     * The page's forward rule O_i^l = sigma(s_i^{l-1}) is the hidden layers'; where the output is a softmax
     * (classification), it fails at l = L, as its counterexample names.
     */
    private static boolean forwardRuleAtTheOutput(PageCheck.Line l, int depth) {
        return l.formula().startsWith(FORWARD_RULE) && l.fails() && l.detail().contains("\\ell=" + depth + "}")
                && !l.detail().contains("\\ell=" + (depth - 1) + "}");
    }
}
