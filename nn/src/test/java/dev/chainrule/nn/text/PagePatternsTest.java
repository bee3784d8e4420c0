package dev.chainrule.nn.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Patterns a page leaves to the reader, completed and checked: indexed indices ({@code i_{n-1}}), an ellipsis in a
 * chain of derivatives, an ellipsis between nested sums and a sum over "all paths", on networks deep enough that
 * the ellipsis stands for one and two terms; a pattern written wrong fails, and one that cannot be completed is
 * not read, with the reason.
 */
class PagePatternsTest {
    private static String notation(String sizes) {
        return """
                ---
                network: layers
                convention: row
                weights: in x out
                bias: false
                index: 0
                activation: \\sigma
                settings: [sigmoid]
                layer offsets: {\\omega: 1, s: 1}
                functions: [E]
                symbols: {\\omega: weight, O: activity, s: preactivation, E: loss, L: depth, n: size}
                definitions:
                  \\sigma_i^{\\ell}: \\sigma'(s_i^{\\ell})
                sizes: %s
                activations: {%d: identity}
                target: {y: uniform}
                loss: (y - O_0^L)^2
                ---
                """.formatted(sizes, sizes.split(",").length - 1);
    }

    private static PageCheck.Report check(String sizes, String body) {
        return PageCheck.check("patterns.md", notation(sizes) + body, 3, 12);
    }

    /** The chain rule over every path, written with an ellipsis, as page 002 writes it. */
    private static final String ALL_PATHS = "$$\\frac{\\delta E(x)}{\\delta \\omega_{i_j i_n}^{L-n}} = "
            + "\\sum_{\\text{all paths to } O_{i_n}^{L-n+1}} \\frac{\\delta E(x)}{\\delta O_{i_1}^L} "
            + "\\frac{\\delta O_{i_1}^L}{\\delta O_{i_2}^{L-1}} ... \\frac{\\delta O_{i_n}^{L-n+1}}"
            + "{\\delta \\omega_{i_j i_n}^{L-n}}$$\n";

    /** The same sum with the paths' sums nested and their levels elided, with sigma' and omega substituted. */
    private static String nested(String sigmaLayerNMinus1, String sigmaLayerNMinus2) {
        return "$$\\frac{\\delta E(x)}{\\delta \\omega_{i_{j}i_{n}}^{L-n}} = (\\sum_{i_{n-1}=0}^{n_{L-n+2}-1} "
                + "(\\sum_{i_{n-2}=0}^{n_{L-n+3}-1} (... (\\sum_{i_{1}=0}^{n_{L}-1} \\frac{\\delta E(x)}"
                + "{\\delta O_{i_{1}}^{L}} \\frac{\\delta O_{i_{1}}^{L}}{\\delta O_{i_{2}}^{L-1}})...) "
                + "\\sigma_{i_{n-2}}^{" + sigmaLayerNMinus2 + "} \\omega_{i_{n-1}i_{n-2}}^{L-n+2}) "
                + "\\sigma_{i_{n-1}}^{" + sigmaLayerNMinus1 + "} \\omega_{i_{n}i_{n-1}}^{L-n+1}) "
                + "\\sigma_{i_{n}}^{L-n} O_{i_{j}}^{L-n}$$\n";
    }

    private static PageCheck.Line only(PageCheck.Report r) {
        assertEquals(1, r.lines().size(), r.text());
        return r.lines().get(0);
    }

    @Test
    void theChainOverAllPathsHoldsAtEveryLayerItReaches() {
        PageCheck.Line l = only(check("[2, 3, 2, 3, 1]", ALL_PATHS));
        assertTrue(l.holds(), l.toString());
        // n = 1 would put O_{i_1}^L after O_{i_2}^{L-1}: the written step does not reach it, so n = 1 is left out
        assertTrue(l.detail().contains("completed at n = 2, 3, 4"), l.detail());
        assertTrue(l.detail().contains("not at n = 0, 1 (at n = 1: "), l.detail());
    }

    @Test
    void nestedSumsHoldWhereTheEllipsisStandsForNoneOneAndTwoLevels() {
        PageCheck.Line l = only(check("[2, 3, 2, 2, 3, 2, 1]", nested("L-n+1", "L-n+2")));
        assertTrue(l.holds(), l.toString());
        assertTrue(l.detail().contains("completed at n = 4, 5, 6"), l.detail());
    }

    @Test
    void aPatternWrittenWrongFailsInTheTermsTheEllipsisStandsForToo() {
        // sigma' one layer too shallow at both written levels: the levels completed from them are wrong the same way
        // (hidden layers of one width, so that the wrong layer's units are there to be read)
        PageCheck.Line l = only(check("[3, 3, 3, 3, 3, 1]", nested("L-n", "L-n+1")));
        assertTrue(l.fails(), l.toString());
    }

    @Test
    void aPatternWhoseEndTheStepNeverReachesIsNotReadAndSaysWhy() {
        // the last derivative's variable is one layer too low: O_{i_n}^{L-n} is not n - 2 steps from O_{i_2}^{L-1}
        String page = ALL_PATHS.replace("\\frac{\\delta O_{i_n}^{L-n+1}}", "\\frac{\\delta O_{i_n}^{L-n}}");
        PageCheck.Line l = only(check("[2, 3, 2, 1]", page));
        assertEquals("NOT READ", l.verdict(), l.toString());
        assertTrue(l.detail().contains("is not reached from O_{i_{2}}^{L - 1}"), l.detail());
    }

    @Test
    void anEllipsisOfAnotherKindIsNotReadAndSaysWhichAreRead() {
        PageCheck.Line l = only(check("[2, 3, 1]",
                "$$\\frac{\\delta E(x)}{\\delta s_0^1} = O_0^1 + ... + O_2^1$$\n"));
        assertEquals("NOT READ", l.verdict(), l.toString());
        assertTrue(l.detail().contains("a chain of derivatives"), l.detail());
    }

    @Test
    void nestedSumsThatAreOneLevelShortAreNotRead() {
        // levels n - 1 and n - 2 are written, and level 1 inside: a network of three layers has no n that has all
        PageCheck.Line l = only(check("[2, 3, 2, 1]", nested("L-n+1", "L-n+2")));
        assertEquals("NOT READ", l.verdict(), l.toString());
        assertTrue(l.detail().contains("are not one pattern's levels in order"), l.detail());
    }
}
