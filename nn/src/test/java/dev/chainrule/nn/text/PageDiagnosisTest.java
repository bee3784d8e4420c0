package dev.chainrule.nn.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diagnosis of a failing line: the single edit of its formula under which it holds, checked like the line
 * itself, and a plain statement when none is found; only asked for, and only for lines that fail.
 */
class PageDiagnosisTest {
    private static final String LOGISTIC = """
            ---
            network: neurons
            inputs: [1, 2]
            units: [3]
            edges: [1->3, 2->3]
            bias: true
            output: 3
            activation: \\sigma
            settings: [sigmoid]
            loss: -y \\log \\sigma(n_3) - (1 - y) \\log(1 - \\sigma(n_3)) + \\frac{\\lambda}{2} (w_{31}^2 + w_{32}^2)
            target: {y: [0, 1]}
            constants: {\\lambda: 0.1}
            symbols: {n: preactivation, x: input to from, w: weight to from, b: bias, L: loss}
            ---
            """;

    private static String detail(String page, int line) {
        List<PageCheck.Report> r = PageCheck.check("d.md", page, 3, 40, null, true);
        return r.get(0).lines().get(line).detail();
    }

    @Test
    void aFactorOnOneTermIsNamedWithTheLineThatHolds() {
        String page = LOGISTIC + """
                $$\\frac{\\partial L}{\\partial w_{3i}} = (\\sigma(n_3) - y) x_{3i} + 2 \\lambda w_{3i}$$
                $$\\frac{\\partial L}{\\partial w_{3i}} = (\\sigma(n_3) - y) x_{3i} + \\lambda w_{3i}$$
                $$\\frac{\\partial L}{\\partial b_3} = y - \\sigma(n_3)$$
                """;
        String d = detail(page, 0);
        assertTrue(d.contains("diagnosis: holds if 2 \\lambda reads \\lambda (without the factor 2), that is "
                + "\\left(\\sigma\\left(n_{3}\\right) - y\\right) x_{3 i} + \\lambda w_{3 i}"), d);
        assertTrue(detail(page, 2).contains("diagnosis: holds if y - \\sigma\\left(n_{3}\\right) reads "
                + "-\\left(y - \\sigma\\left(n_{3}\\right)\\right) (the opposite sign)"), detail(page, 2));
        List<PageCheck.Report> plain = PageCheck.check("d.md", page, 3, 40, null);
        assertTrue(plain.get(0).lines().stream().noneMatch(l -> l.detail() != null && l.detail().contains("diagnosis")),
                "no diagnosis unless asked for");
        assertTrue(PageCheck.check("d.md", page, 3, 40, null, true).get(0).lines().get(1).holds());
    }

    @Test
    void aMissingBatchMeanAndALayoutForTheOtherConventionAreFound() {
        String page = """
                ---
                network: layers
                sizes: [3, 2]
                convention: row
                batch: 4
                activations: {1: identity}
                loss: \\frac{1}{2N} \\lVert A - Y \\rVert^2
                target: {Y: uniform}
                symbols: {W: weight, b: bias, A: activity, X: input, N: batch, L: loss}
                ---
                $$\\frac{\\partial L}{\\partial W} = X^T (A - Y)$$
                $$\\frac{\\partial L}{\\partial W} = \\frac{1}{N} (A - Y)^T X$$
                """;
        assertTrue(detail(page, 0).contains("(a factor 1/N)"), detail(page, 0));
        assertTrue(detail(page, 1).contains("(a transpose)"), detail(page, 1));
    }

    @Test
    void aMissingActivationDerivativeAtAPreactivationTheLineNamesIsFound() {
        String page = """
                ---
                network: neurons
                inputs: [1, 2]
                units: [3, 4]
                edges: [1->3, 2->3, 3->4]
                output: 4
                activation: h
                settings: [sigmoid, tanh]
                loss: \\frac{1}{2} (h(n_4) - y)^2
                target: {y: [0, 1]}
                symbols: {n: preactivation, x: input to from, w: weight to from, L: loss}
                ---
                $$\\frac{\\partial L}{\\partial n_3} = w_{43} \\frac{\\partial L}{\\partial n_4}$$
                """;
        String d = detail(page, 0);
        assertTrue(d.contains("(a missing factor h'\\left(n_{3}\\right))"), d);
    }

    @Test
    void whenNoSingleEditMakesItHoldTheReportSaysSo() {
        String page = LOGISTIC + "$$\\frac{\\partial L}{\\partial b_3} = x_{31} x_{32}$$\n";
        String d = detail(page, 0);
        assertTrue(d.contains("diagnosis: no edit of a sign, a factor, a limit, a term, a symbol, a transpose or two "
                + "indices makes it hold"), d);
        assertTrue(d.contains("pairs)"), "a short formula is tried with two edits too: " + d);
        assertEquals(1, d.lines().filter(l -> l.contains("diagnosis")).count(), d);
    }

    @Test
    void aLineNotReadForASymbolThatNamesNothingIsToldTheNeighbourUnderWhichItReadsAndHolds() {
        String page = """
                ---
                network: layers
                sizes: [2, 3, 1]
                convention: column
                settings: [tanh]
                activations: {2: identity}
                loss: \\frac{1}{2} (a^2 - y)^2
                target: {y: uniform}
                symbols: {W: weight, b: bias, z: preactivation, a: activity, x: input, L: loss}
                definitions: {\\delta: a^2 - y}
                ---
                $$\\frac{\\partial L}{\\partial W^2} = \\delta (a^3)^T$$
                $$\\frac{\\partial L}{\\partial W^2} = \\delta a^3$$
                """;
        List<PageCheck.Report> r = PageCheck.check("u.md", page, 3, 30, null, true);
        PageCheck.Line single = r.get(0).lines().get(0);
        assertEquals("NOT READ", single.verdict(), "a slip is not a wrong formula");
        assertTrue(single.detail().contains("diagnosis: it reads, and holds if a^{3} reads a^{1} (another symbol"),
                single.detail());
        // a vector is compared element by element whatever its orientation: a^1 alone makes the second hold too
        assertTrue(r.get(0).lines().get(1).detail().contains("holds if a^{3} reads a^{1}"),
                r.get(0).lines().get(1).detail());
        assertTrue(PageCheck.check("u.md", page, 3, 30, null).get(0).lines().get(0).detail()
                .lines().noneMatch(x -> x.contains("diagnosis")), "only when asked for");
    }
}
