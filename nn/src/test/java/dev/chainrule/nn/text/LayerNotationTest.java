package dev.chainrule.nn.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page in matrix notation ({@code network: layers}): the layers' symbols, their elements, free layer and element
 * indices, and a clear message, never a failing verdict, for a layer, an element or a key that is not there.
 */
class LayerNotationTest {
    private static final String NOTATION = """
            ---
            network: layers
            sizes: [2, 3, 1]
            convention: column
            activation: \\sigma
            settings: [tanh]
            activations: {2: identity}
            loss: \\frac{1}{2} (a^2 - y)^2
            target: {y: uniform}
            symbols: {W: weight, b: bias, z: preactivation, a: activity, x: input, L: loss, n: size}
            ---
            """;

    private static PageCheck.Report check(String body) {
        return PageCheck.check("layers.md", NOTATION + body, 5, 20);
    }

    private static PageCheck.Line line(PageCheck.Report r, String formulaPart) {
        return r.lines().stream().filter(l -> l.formula().contains(formulaPart)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + formulaPart + " in\n" + r.text()));
    }

    @Test
    void aFreeLayerLetterRunsOverEveryLayerThatHasTheSymbol() {
        PageCheck.Report r = check("""
                $$\\frac{\\partial L}{\\partial b^l} = \\frac{\\partial L}{\\partial z^l}$$
                $$\\frac{\\partial L}{\\partial W^l} = \\frac{\\partial L}{\\partial z^l} (a^{l-1})^T$$
                $$\\frac{\\partial L}{\\partial W^l_{ij}} = \\frac{\\partial L}{\\partial z^l_i} a^{l-1}_j$$
                $$\\frac{\\partial z^l_i}{\\partial W^l_{ij}} = a^{l-1}_j$$
                $$\\frac{\\partial L}{\\partial a^1} = (W^2)^T \\frac{\\partial L}{\\partial z^2}$$
                $$\\sum_{j=1}^{n_1} W^2_{1j} a^1_j + b^2_1 = z^2_1$$
                """);
        r.lines().forEach(l -> assertTrue(l.holds(), l + "\n" + r.text()));
        assertEquals(6, r.lines().size(), r.text());
    }

    @Test
    void aUsersTestAssertsThatTheirPageHolds() {
        check("$$\\frac{\\partial L}{\\partial b^2} = a^2 - y$$\n").assertAllHold();
        AssertionError e = assertThrows(AssertionError.class,
                () -> check("$$\\frac{\\partial L}{\\partial b^2} = y - a^2$$\n").assertAllHold());
        assertTrue(e.getMessage().contains("hint: opposite sign"), e.getMessage());
        assertThrows(AssertionError.class, () -> check("$$\\frac{\\partial L}{\\partial b^2} = q$$\n")
                .assertAllHold(), "a line that cannot be read is no pass either");
    }

    @Test
    void aJacobianIsLaidOutAsTheConventionReadsTheChainRule() {
        PageCheck.Report r = check("""
                $$\\frac{\\partial L}{\\partial a^1}
                  = \\left(\\frac{\\partial z^2}{\\partial a^1}\\right)^T \\frac{\\partial L}{\\partial z^2}$$
                $$\\frac{\\partial z^2}{\\partial a^1} = W^2$$
                """);
        r.lines().forEach(l -> assertTrue(l.holds(), l + "\n" + r.text()));
    }

    @Test
    void aLayerOrElementThatIsNotThereIsNamedNotJudged() {
        PageCheck.Report r = check("""
                $$\\frac{\\partial L}{\\partial W^3} = a^2$$
                $$\\frac{\\partial L}{\\partial b^2} = W^2_{4,1}$$
                $$\\frac{\\partial L}{\\partial b^2} = W^2_{1}$$
                $$\\frac{\\partial L}{\\partial b^2} = q^2$$
                $$\\frac{\\partial L}{\\partial b^2} = W^2 a^1 + x$$
                """);
        assertEquals("NOT READ", line(r, "W^3").verdict(), r.text());
        assertTrue(line(r, "W^3").detail().contains("there is no layer 3 (layers 1..2)"), r.text());
        assertTrue(line(r, "W^2_{4,1}").detail().contains("outside the 1 x 3 matrix"), r.text());
        assertTrue(line(r, "= W^2_{1}").detail().contains("has 1 indices; it needs 2"), r.text());
        assertTrue(line(r, "q^2").detail().contains("is not in the notation"), r.text());
        assertTrue(line(r, "W^2 a^1 + x").detail().contains("the side is a 2 x 1 matrix where"), r.text());
        assertTrue(r.lines().stream().noneMatch(PageCheck.Line::fails), r.text());
    }

    @Test
    void rowVectorsWithWeightsStoredOutByInAndTheNotationsOwnDefinitions() {
        String notation = NOTATION.replace("convention: column", "convention: row\nweights: out x in")
                .replace("n: size}", "n: size}\ndefinitions: {\\delta: \\frac{\\partial L}{\\partial z^2}}");
        PageCheck.Report r = PageCheck.check("rows.md", notation + """
                $$\\frac{\\partial L}{\\partial W^2} = \\delta (a^1)$$
                $$\\frac{\\partial L}{\\partial W_2} = \\delta a_1$$
                $$\\frac{\\partial L}{\\partial a^1} = \\delta W^2$$
                $$\\frac{d \\tanh(z^1)}{d z^1} = 1 - \\tanh(z^1)^2$$
                """, 3, 20);
        assertEquals(4, r.lines().size(), r.text());
        r.lines().forEach(l -> assertTrue(l.holds(), l + "\n" + r.text()));
    }

    @Test
    void aBadNotationIsRefusedWithTheKeyAndWhatToWrite() {
        NotationException e = assertThrows(NotationException.class, () -> PageCheck.check("n.md",
                NOTATION.replace("convention: column", "convention: diagonal") + "$$L = 1$$", 1, 1));
        assertTrue(e.getMessage().contains("convention: 'diagonal'; write column"), e.getMessage());
        e = assertThrows(NotationException.class, () -> PageCheck.check("n.md",
                NOTATION.replace("sizes: [2, 3, 1]", "sizes: [2, x, 1]") + "$$L = 1$$", 1, 1));
        assertTrue(e.getMessage().contains("sizes: 'x' is not a whole number"), e.getMessage());
        e = assertThrows(NotationException.class, () -> PageCheck.check("n.md",
                NOTATION.replace("z: preactivation", "z: prectivation") + "$$L = 1$$", 1, 1));
        assertTrue(e.getMessage().contains("known roles for layers"), e.getMessage());
        e = assertThrows(NotationException.class, () -> PageCheck.check("n.md",
                NOTATION.replace("network: layers", "network: layers\nlayer: 3") + "$$L = 1$$", 1, 1));
        assertTrue(e.getMessage().contains("unknown key 'layer'"), e.getMessage());
        e = assertThrows(NotationException.class, () -> PageCheck.check("n.md",
                NOTATION.replace("(a^2 - y)^2", "(a^1 - y)") + "$$L = 1$$", 1, 1));
        assertTrue(e.getMessage().contains("loss"), e.getMessage());
    }

    @Test
    void insideASumOverTheSampleIndexAQuantityWrittenWithoutItIsThatSamples() {
        String notation = NOTATION.replace("sizes: [2, 3, 1]", "sizes: [2, 3, 1]\nbatch: 4\nsample index: m")
                .replace("\\frac{1}{2} (a^2 - y)^2", "\\frac{1}{2 N} \\sum_{m=1}^{N} (a^2_{1,m} - y_{1,m})^2")
                .replace("n: size}", "n: size, N: batch}\ndefinitions: {\\delta: a^2 - y}");
        PageCheck.Report r = PageCheck.check("batch.md", notation + """
                $$\\frac{\\partial L}{\\partial b^2} = \\frac{1}{N} \\sum_{m=1}^{N} \\delta$$
                $$\\frac{\\partial L}{\\partial b^2} = \\frac{1}{N} \\sum_{m=1}^{2} \\delta$$
                $$\\frac{\\partial L}{\\partial b^2} = \\frac{1}{N} \\sum_{m=1}^{N} (a^2_{1,m} - y_{1,m})$$
                $$\\frac{\\partial L}{\\partial b^2} = \\frac{1}{N} \\sum_{m=1}^{5} \\delta$$
                """, 3, 20);
        assertEquals(List.of("holds", "FAILS", "holds", "NOT READ"), r.lines().stream().map(PageCheck.Line::verdict)
                .toList(), r.text());
        assertTrue(r.lines().get(3).detail().contains("sample 5 is outside 1..4"), r.text());
        NotationException e = assertThrows(NotationException.class, () -> PageCheck.check("n.md",
                NOTATION.replace("network: layers", "network: layers\nsample index: n") + "$$L = 1$$", 1, 1));
        assertTrue(e.getMessage().contains("needs a batch"), e.getMessage());
    }

    @Test
    void aChainOfDerivativesOfMatricesIsReadThroughEachFactorsJacobian() {
        String notation = NOTATION.replace("sizes: [2, 3, 1]", "sizes: [2, 3, 1]\nbatch: 4")
                .replace("\\frac{1}{2} (a^2 - y)^2", "\\frac{1}{2} \\sum_{m=1}^{2} (a^2_{1,m} - y_{1,m})^2");
        PageCheck.Report r = PageCheck.check("chain.md", notation + """
                $$\\frac{\\partial L}{\\partial W^1} = \\frac{\\partial L}{\\partial a^2}
                \\frac{\\partial a^2}{\\partial z^2}
                \\frac{\\partial z^2}{\\partial a^1} \\frac{\\partial a^1}{\\partial z^1}
                \\frac{\\partial z^1}{\\partial W^1}$$
                $$\\frac{\\partial L}{\\partial W^1} = \\underbrace{\\frac{\\partial L}{\\partial z^2}}_{\\delta}
                \\frac{\\partial z^2}{\\partial W^1}$$
                $$\\frac{\\partial L}{\\partial W^2} = \\frac{\\partial L}{\\partial z^2}
                \\frac{\\partial z^2}{\\partial a^1}
                \\frac{\\partial a^1}{\\partial W^2}$$
                $$\\frac{\\partial L}{\\partial W^1} = \\frac{\\partial L}{\\partial z^2}
                \\frac{\\partial a^1}{\\partial W^1}$$
                """, 3, 20);
        // the chain rule through every layer, and through a total derivative; a chain through a^1, which W^2 does
        // not reach, is 0 and fails; a chain whose links do not meet (z^2, then a^1) is not read
        assertEquals(List.of("holds", "holds", "FAILS", "NOT READ"), r.lines().stream().map(PageCheck.Line::verdict)
                .toList(), r.text());
    }

    @Test
    void coverageCountsTheRowsSomeReadingChecksAndListsTheRestWithTheirReason() {
        String page = NOTATION + """
                $$\\frac{\\partial L}{\\partial z^2} =$$

                $$\\frac{\\partial L}{\\partial a^2} = a^2 - y$$

                $$\\frac{\\partial L}{\\partial W^7} = 0$$
                """;
        PageCoverage c = PageCoverage.of("cov.md", page, List.of(PageCheck.check("cov.md", page, 3, 10)));
        assertEquals(3, c.rows());
        assertEquals(2, c.read()); // the "=" at the end of a display is continued by the next one
        assertEquals(1, c.unread().size());
        assertTrue(c.unread().get(0).why().contains("there is no layer 7"), c.unread().toString());
    }

    @Test
    void anIndexPairWrittenAsASuperscriptIsReadAsTheElementAndTheLineSaysSo() {
        PageCheck.Report r = check("""
                $$\\frac{\\partial L}{\\partial W_2^{(1,3)}} = (a^2 - y) a^1_3$$
                $$\\frac{\\partial L}{\\partial W^2_{(1,3)}} = (a^2 - y) a^{(3,1)}$$
                """);
        assertTrue(r.lines().get(0).holds(), r.text());
        assertTrue(r.lines().get(0).detail().contains("W_{2}^{(1,3)} as W_{(1,3)}^{2}"), r.text());
        assertEquals("NOT READ", r.lines().get(1).verdict(), "a^{(3,1)} has no layer to read: not a guess");
    }
}
