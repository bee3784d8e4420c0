package dev.chainrule.examples;

import dev.chainrule.nn.text.PageCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diagnosis on a corpus of planted errors across the team's derivation pages: each planted into a line that
 * holds (or planted by the page itself), of eleven kinds. For at least 80% of them the diagnosis names the kind of
 * edit and gives a corrected line; every corrected line it gives is checked again on its own, in a page of the
 * same notation, and must hold.
 */
class PlantedErrorsTest {
    /** A line that holds ({@code correct}, as the page writes it) made wrong ({@code planted}). */
    private record Plant(String page, String correct, String planted, String kind) {
    }

    private static final List<Plant> PLANTS = List.of(
            new Plant("batch-mean", "\\frac{\\partial L}{\\partial w} = \\frac{2}{N} X^T (\\hat{y} - y)",
                    "\\frac{\\partial L}{\\partial w} = \\frac{2}{N} X^T (y - \\hat{y})", "the opposite sign"),
            new Plant("batch-mean", "\\frac{\\partial L}{\\partial b} = \\frac{2}{N} \\sum_{n=1}^{N}",
                    "\\frac{\\partial L}{\\partial b} = \\frac{1}{N} \\sum_{n=1}^{N}", "a factor 2"),
            new Plant("batch-mean", "w \\leftarrow w - \\alpha \\frac{2}{N}", "w \\leftarrow w + \\alpha \\frac{2}{N}",
                    "the opposite sign"),
            new Plant("logistic-regression", "&= (\\sigma(n_3) - y) x_{3i} + \\lambda w_{3i}",
                    "&= (\\sigma(n_3) - y) x_{3i} - \\lambda w_{3i}", "the opposite sign"),
            new Plant("logistic-regression", "\\frac{\\partial L}{\\partial b_3} = \\sigma(n_3) - y$$",
                    "\\frac{\\partial L}{\\partial b_3} = \\sigma(n_3) - y + b_3$$", "without the term"),
            new Plant("logistic-regression", "- \\alpha \\left((\\sigma(n_3) - y) x_{3i} + \\lambda w_{3i}\\right)$$",
                    "- \\alpha \\left((\\sigma(n_3) - y) x_{3i} + \\lambda w_{3i}\\right) \\lambda$$",
                    "without the factor"),
            new Plant("mlp-column", "\\frac{\\partial L}{\\partial b^2} = \\delta^2",
                    "\\frac{\\partial L}{\\partial b^2} = -\\delta^2", "the opposite sign"),
            new Plant("mlp-column", "= (W^2)^T \\delta^2 \\odot \\sigma'(z^1)", "= (W^2)^T \\delta^2",
                    "a missing factor"),
            new Plant("mlp-column", "\\sum_{k=1}^{2} W^2_{ki}", "\\sum_{k=1}^{1} W^2_{ki}", "the upper limit one more"),
            new Plant("mlp-column", "\\frac{\\partial L}{\\partial W^2} = \\delta^2 (a^1)^T$$",
                    "\\frac{\\partial L}{\\partial W^2} = 2 \\delta^2 (a^1)^T$$", "without the factor 2"),
            new Plant("mlp-column", "\\frac{\\partial L}{\\partial W^1} = \\delta^1 x^T",
                    "\\frac{\\partial L}{\\partial W^1} = x \\delta^{1T}", "a transpose"),
            new Plant("mlp-row", "= \\frac{1}{N} (A^2 - Y)", "= (A^2 - Y)", "a factor 1/N"),
            new Plant("mlp-row", "\\sum_{n=1}^{N} \\Delta^2_{nj}", "\\sum_{n=2}^{N} \\Delta^2_{nj}",
                    "the lower limit one less"),
            new Plant("mlp-row", "= \\Delta^2 (W^2)^T \\odot \\sigma'(Z^1)", "= \\Delta^2 (W^2)^T", "a missing factor"),
            new Plant("mlp-row", "\\frac{\\partial L}{\\partial W^1} = X^T \\Delta^1$$",
                    "\\frac{\\partial L}{\\partial W^1} = \\frac{1}{2} X^T \\Delta^1$$", "without the factor"),
            new Plant("relu-cases", "g(n_5) - y & n_5 > 0", "y - g(n_5) & n_5 > 0", "the opposite sign"),
            new Plant("relu-cases", "= g'(n_j) w_{5j} \\frac{\\partial L}{\\partial n_5}",
                    "= w_{5j} \\frac{\\partial L}{\\partial n_5}", "a missing factor"),
            new Plant("skip-connection", "\\left( w_{43} \\frac{\\partial L}{\\partial n_4} + w_{53} "
                    + "\\frac{\\partial L}{\\partial n_5} \\right)",
                    "\\left( w_{53} \\frac{\\partial L}{\\partial n_5} \\right)", "a missing term"),
            new Plant("skip-connection", "= (h(n_5) - y) \\frac{\\partial h(n_5)}{\\partial n_5}",
                    "= (y - h(n_5)) \\frac{\\partial h(n_5)}{\\partial n_5}", "the opposite sign"),
            new Plant("skip-connection", "\\frac{\\partial L}{\\partial w_{ji}} = \\frac{\\partial L}{\\partial n_j} "
                    + "x_{ji}", "\\frac{\\partial L}{\\partial w_{ji}} = \\frac{\\partial L}{\\partial n_j} "
                    + "x_{ji} x_{ji}", "without the factor"),
            new Plant("softmax-regression", "\\frac{\\partial L}{\\partial Z} = \\frac{1}{N} (\\hat{Y} - Y)",
                    "\\frac{\\partial L}{\\partial Z} = \\frac{1}{N} (Y - \\hat{Y})", "the opposite sign"),
            new Plant("softmax-regression", "\\frac{1}{N} \\sum_{n=1}^{N} (\\hat{Y}_{kn} - Y_{kn})",
                    "\\frac{1}{N} \\sum_{n=1}^{N} (\\hat{Y}_{kn} - Y_{nk})", "its two indices swapped"),
            new Plant("softmax-regression", "(1\\{k = j\\} - \\hat{Y}_{jn})", "(1\\{k = j\\} - \\hat{Y}_{kn})",
                    "another symbol"));

    /** The mistakes the pages plant themselves (each line as the page writes it), and the kind each is. */
    private static final List<Plant> OWN = List.of(
            new Plant("batch-mean", null, "\\frac{\\partial L}{\\partial w} = 2 X^T (\\hat{y} - y)", "a factor 1/N"),
            new Plant("logistic-regression", null, "(\\sigma(n_3) - y) x_{3i} + 2 \\lambda w_{3i}",
                    "without the factor 2"),
            new Plant("logistic-regression", null, "= \\sigma(n_3) - y + \\lambda b_3", "without the term"),
            new Plant("mlp-column", null, "\\frac{\\partial L}{\\partial W^2} = a^1 (\\delta^2)^T", "a transpose"),
            new Plant("mlp-row", null, "\\frac{\\partial L}{\\partial W^2} = (A^1)^T (A^2 - Y)", "a factor 1/N"),
            new Plant("mlp-row", null, "\\frac{\\partial L}{\\partial W^1} = (\\Delta^1)^T X", "a transpose"),
            new Plant("skip-connection", null, "&= \\frac{\\partial h(n_3)}{\\partial n_3} w_{53}", "a missing term"),
            new Plant("skip-connection", null, "\\frac{\\partial L}{\\partial w_{5i}} = (h(n_5) - y) x_{5i}",
                    "a missing factor"),
            new Plant("softmax-regression", null, "\\frac{\\partial L}{\\partial W} = (\\hat{Y} - Y) X^T",
                    "a factor 1/N"),
            new Plant("softmax-regression", null, "\\frac{\\partial L}{\\partial W} = \\frac{1}{N} (Y - \\hat{Y}) X^T",
                    "the opposite sign"));

    private static String page(String name) throws IOException {
        try (InputStream in = PlantedErrorsTest.class.getResourceAsStream("/derivations/" + name + ".md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The failing line on the page's line {@code line}, or null. */
    private static PageCheck.Line failing(List<PageCheck.Report> reports, String file, int line) {
        for (PageCheck.Report r : reports) {
            for (PageCheck.Line l : r.lines()) {
                if (l.position().startsWith(file + ":" + line + ":") && l.fails()) {
                    return l;
                }
            }
        }
        return null;
    }

    private static String diagnosis(PageCheck.Line l) {
        return l == null ? "no failing line" : l.detail().lines().filter(s -> s.strip().startsWith("diagnosis:"))
                .findFirst().orElse("no diagnosis in " + l.detail()).strip();
    }

    /**
     * The page with the failing side replaced by the corrected one, checked again on other instances: "holds", or
     * the report; null when the side is too long to be taken from the report as written.
     */
    private static String recheck(String file, String page, PageCheck.Line l, String corrected) {
        Matcher rel = Pattern.compile(" (=|\\\\leftarrow) ").matcher(l.formula());
        if (l.formula().endsWith("...") || !rel.find()) {
            return null;
        }
        String right = l.formula().substring(rel.end()).replaceFirst(" \\\\quad .*$", ""); // its condition kept
        String[] at = l.position().split(":");
        int from = 0;
        for (int i = 1; i < Integer.parseInt(at[at.length - 2]); i++) {
            from = page.indexOf('\n', from) + 1;
        }
        int side = page.indexOf(right, from + Integer.parseInt(at[at.length - 1]) - 1); // at the side's column
        if (side < 0) {
            return null;
        }
        String fixed = page.substring(0, side) + corrected + page.substring(side + right.length());
        for (PageCheck.Report r : PageCheck.check(file, fixed, 11, 20, null)) {
            for (PageCheck.Line again : r.lines()) {
                if (again.position().equals(l.position())) {
                    return again.holds() ? "holds" : again.toString();
                }
            }
        }
        return "no line at " + l.position() + " once corrected";
    }

    @Test
    void theDiagnosisNamesMostPlantedErrorsAndEveryCorrectionItGivesHolds() throws IOException {
        Map<String, List<Plant>> byPage = new LinkedHashMap<>();
        for (Plant p : PLANTS) {
            byPage.computeIfAbsent(p.page(), k -> new ArrayList<>()).add(p);
        }
        OWN.forEach(p -> byPage.computeIfAbsent(p.page(), k -> new ArrayList<>()).add(p));
        List<String> missed = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        int named = 0;
        int rechecked = 0;
        java.util.Set<String> kindSet = new java.util.HashSet<>();
        for (Map.Entry<String, List<Plant>> e : byPage.entrySet()) {
            String file = e.getKey() + ".md";
            String page = page(e.getKey());
            for (Plant p : e.getValue()) {
                if (p.correct() != null) {
                    assertTrue(page.contains(p.correct()), file + " has no '" + p.correct() + "'");
                    page = page.replaceFirst(Pattern.quote(p.correct()), Matcher.quoteReplacement(p.planted()));
                }
            }
            List<PageCheck.Report> reports = PageCheck.check(file, page, 7, 30, null, true);
            for (Plant p : e.getValue()) {
                kindSet.add(p.kind().replaceAll(" [0-9N/]+$", ""));
                int at = page.indexOf(p.planted());
                assertTrue(at >= 0, file + ": '" + p.planted() + "'");
                int line = (int) page.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
                PageCheck.Line failing = failing(reports, file, line);
                String d = diagnosis(failing);
                if (!d.contains("holds if") || !d.contains(p.kind())) {
                    missed.add(file + ":" + line + " " + p.kind() + ": " + d);
                } else {
                    named++;
                }
                // every correction given holds when checked again on its own, on other instances
                for (String alternative : d.replace("diagnosis: ", "").split("; also ")) {
                    if (!alternative.startsWith("holds if")) {
                        continue;
                    }
                    int whole = alternative.lastIndexOf(", that is ");
                    String corrected = whole >= 0 ? alternative.substring(whole + ", that is ".length())
                            : alternative.substring(alternative.indexOf(" reads ") + 7, alternative.lastIndexOf(" ("));
                    String verdict = recheck(file, page, failing, corrected);
                    if (verdict == null) {
                        continue;
                    }
                    rechecked++;
                    if (!verdict.equals("holds")) {
                        wrong.add(file + ":" + line + " " + alternative + "\n" + verdict);
                    }
                }
            }
        }
        int total = PLANTS.size() + OWN.size();
        assertTrue(total >= 30 && kindSet.size() >= 8, total + " planted, kinds " + kindSet);
        assertTrue(named >= 0.8 * total, named + " of " + total + " named; missed:\n" + String.join("\n", missed));
        assertTrue(rechecked >= named / 2, "only " + rechecked + " corrections checked again");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }
}
