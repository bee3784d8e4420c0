package dev.chainrule.nn.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page that derives a function of a few numbers (network: function), on its own or as a part of a page about a
 * network, and conditions stated in prose ("if $j \neq i$").
 */
class FunctionNotationTest {
    private static final String SIGMOID = """
            ---
            network: function
            variables: {x: [-4, 4]}
            functions: {f: [sigmoid, tanh]}
            ---
            """;

    @Test
    void eachLinkOfAnActivationsDerivationIsCheckedInEachMeaningOfTheFunction() {
        PageCheck.Report r = PageCheck.check("f.md", SIGMOID + """
                $$f(x) = \\frac{1}{1 + e^{-x}} = (1 + e^{-x})^{-1}$$
                $$\\frac{d}{dx} (1 + e^{-x})^{-1} = \\frac{e^{-x}}{(1 + e^{-x})^2} = f(x)(1 + f(x))$$
                $$\\tanh(x) = \\frac{\\sinh(x)}{\\cosh(x)}$$
                $$\\frac{d \\tanh(x)}{dx} = 1 - \\tanh^2(x) \\quad \\frac{d}{dx} x = 1$$
                """, 4, 30);
        assertEquals("FAILS", r.lines().get(0).verdict(), "f is tanh in the second setting\n" + r.text());
        assertTrue(r.lines().get(0).detail().startsWith("tanh"), r.text());
        assertTrue(r.lines().get(1).holds() && r.lines().get(2).holds(), r.text());
        assertEquals("FAILS", r.lines().get(3).verdict(), "the planted sign: (1 + f) for (1 - f)\n" + r.text());
        assertTrue(r.lines().get(3).detail().contains("sigmoid: FAILS"), r.text());
        assertTrue(r.lines().get(4).holds(), r.text());
        assertEquals("NOT READ", r.lines().get(5).verdict(), "what follows \\quad is no condition on indices\n"
                + r.text());
        assertEquals(6, r.lines().size(), r.text());
    }

    @Test
    void aTypoOrAnUnknownVariableIsNamedNotJudged() {
        PageCheck.Report r = PageCheck.check("f.md", SIGMOID + """
                $$f(x) = g(y)$$
                $$\\frac{d f(x)}{d t} = 1$$
                """, 4, 10);
        assertEquals("NOT READ", r.lines().get(0).verdict(), r.text());
        assertTrue(r.lines().get(0).detail().contains("the symbol g is not in the notation"), r.text());
        assertTrue(r.lines().get(1).detail().contains("the variable must be one of [x]"), r.text());
        NotationException e = assertThrows(NotationException.class, () -> PageCheck.check("f.md",
                SIGMOID.replace("[-4, 4]", "[4, -4]") + "$$f(x) = 1$$", 1, 1));
        assertTrue(e.getMessage().contains("lo < hi"), e.getMessage());
    }

    @Test
    void aCorrectionInTheNotationIsCheckedAndListedAfterThePage() {
        String notation = SIGMOID.replace("---\n", "").replace("functions: {f: [sigmoid, tanh]}",
                "functions: {f: [sigmoid]}\ncorrections:\n  sign:\n    of: f(x)(1 + f(x))\n"
                + "    reads: \\frac{d f(x)}{dx}"
                + " = f(x)(1 - f(x))\n");
        PageCheck.Report r = PageCheck.check("c.md", "---\n" + notation + "---\n"
                + "$$\\frac{d f(x)}{dx} = f(x)(1 + f(x))$$\n", 4, 20);
        assertEquals(2, r.lines().size(), r.text());
        assertTrue(r.lines().get(0).fails(), r.text());
        assertTrue(r.lines().get(1).holds() && r.lines().get(1).formula().startsWith("(correction 'sign' of 11:23)"),
                r.text());
        String claims = notation + "findings:\n  right:\n    at: \"1:23\"\n    verdict: FAILS\n    says: It fails.\n"
                + "  wrong:\n    at: \"1:23\"\n    verdict: holds\n    says: It holds.\n";
        PageCheck.Report judged = PageCheck.check("c.md", "---\n" + claims + "---\n"
                + "$$\\frac{d f(x)}{dx} = f(x)(1 + f(x))$$\n", 4, 20);
        assertEquals(2, judged.findings().size(), judged.text());
        assertTrue(judged.findings().get(0).confirmed(), judged.text());
        assertTrue(judged.anyContradicted() && judged.text().contains("finding 'wrong' CONTRADICTED (the line at "
                + "1:23 FAILS): It holds."), judged.text());
        NotationException e = assertThrows(NotationException.class, () -> PageCheck.check("c.md", "---\n"
                + notation.replace("of: f(x)(1 + f(x))", "of: g(x)") + "---\n$$f(x) = 1$$\n", 4, 20));
        assertTrue(e.getMessage().contains("corrections: sign: 'g(x)' is not in the page"), e.getMessage());
    }

    @Test
    void aPartOfAPageHasItsOwnNotationAndProseStatesConditions() {
        String page = """
                ---
                network: layers
                sizes: [2, 3]
                activations: {1: softmax}
                loss: -\\sum_{k=1}^{3} y_k \\log a^1_k
                target: {y: onehot}
                symbols: {W: weight, b: bias, z: preactivation, a: activity, x: input, L: loss}
                parts:
                  "## Sigmoid": {network: function, variables: {u: [-3, 3]}, functions: {s: sigmoid}}
                  "## The network": {}
                ---
                ## Sigmoid
                $$\\frac{d s(u)}{du} = s(u)(1 - s(u))$$
                ## The network
                if $j = k$
                $$\\frac{\\partial a^1_k}{\\partial z^1_j} = a^1_k (1 - a^1_k)$$
                if $j \\neq k$
                $$\\frac{\\partial a^1_k}{\\partial z^1_j} = -a^1_k a^1_j$$
                $$\\frac{\\partial L}{\\partial z^1} = a^1 - y$$
                """;
        PageCheck.Report r = PageCheck.check("parts.md", page, 2, 30);
        assertEquals(4, r.lines().size(), r.text());
        r.lines().forEach(l -> assertTrue(l.holds(), l + "\n" + r.text()));
        NotationException e = assertThrows(NotationException.class, () -> PageCheck.check("parts.md",
                page.replace("\"## The network\": {}", "\"## Elsewhere\": {}"), 2, 30));
        assertTrue(e.getMessage().contains("'## Elsewhere' is no line of the page"), e.getMessage());
    }
}
