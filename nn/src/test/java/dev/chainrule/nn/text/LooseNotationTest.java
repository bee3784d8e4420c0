package dev.chainrule.nn.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where pages are loose and the reading is still sure: the shorthand d(W a)/dW = a (only for an operand affine in
 * the parameter), a '(' left open, and a product of two matrices of one shape that the notation says is elementwise.
 * Each is said beside the line; a batch the size of a layer is refused, as it would let shapes agree by chance.
 */
class LooseNotationTest {
    private static final String NOTATION = """
            ---
            network: layers
            sizes: [2, 3, 1]
            convention: column
            batch: 4
            vector product: elementwise
            activation: \\sigma
            settings: [tanh]
            activations: {2: identity}
            loss: \\frac{1}{2} \\sum_{m=1}^{4} (a^2_{1,m} - y_{1,m})^2
            target: {y: uniform}
            symbols: {W: weight, b: bias, z: preactivation, a: activity, x: input, L: loss, n: size, N: batch}
            ---
            """;

    private static PageCheck.Report check(String notation, String body) {
        return PageCheck.check("loose.md", notation + body, 3, 20);
    }

    @Test
    void theShorthandDerivativeOfWaByWIsReadOnlyForAnAffineOperandAndSaid() {
        PageCheck.Report r = check(NOTATION, """
                $$\\frac{\\partial z^1}{\\partial W^1} = x$$
                $$\\frac{\\partial z^1}{\\partial W^1} = 2 x$$
                $$\\frac{\\partial z^1}{\\partial W^1} = \\frac{\\partial (W^1 x + b^1)}{\\partial W^1}$$
                $$\\frac{\\partial a^1}{\\partial W^1} = x$$
                $$\\frac{\\partial z^1}{\\partial W^1} = a^1$$
                """);
        assertEquals(List.of("holds", "FAILS", "holds", "NOT READ", "NOT READ"),
                r.lines().stream().map(PageCheck.Line::verdict).toList(), r.text());
        assertTrue(r.lines().get(0).detail().contains("read in the shorthand d(W a)/dW = a"), r.text());
        assertTrue(r.lines().get(3).detail().contains("is of a 3 x 4 matrix by a 3 x 2 one"),
                "tanh(W x) is not affine in W: no shorthand\n" + r.text());
        PageCheck.Report noBias = check(NOTATION.replace("network: layers", "network: layers\nbias: false")
                        .replace("b: bias, ", ""),
                "$$\\frac{\\partial a^1}{\\partial W^1} = x$$\n");
        assertEquals("NOT READ", noBias.lines().get(0).verdict(), "tanh' is even: negating W alone would not tell "
                + "tanh(W x) from W x\n" + noBias.text());
        PageCheck.Report one = check(NOTATION.replace("batch: 4\n", "").replace("\\sum_{m=1}^{4} (a^2_{1,m} - "
                + "y_{1,m})^2", "(a^2 - y)^2"), "$$\\frac{\\partial z^1}{\\partial b^1} = 1$$\n"
                + "$$\\frac{\\partial a^1}{\\partial z^1} = 1$$\n");
        assertEquals("holds", one.lines().get(0).verdict(), "dz/db = I, written 1\n" + one.text());
        assertEquals("NOT READ", one.lines().get(1).verdict(), "da/dz = diag(tanh'), no shorthand\n" + one.text());
    }

    @Test
    void aParenthesisLeftOpenIsClosedWhereItsGroupEndsWhenThatCannotChangeTheValueAndSaid() {
        String one = NOTATION.replace("batch: 4\n", "").replace("\\sum_{m=1}^{4} (a^2_{1,m} - y_{1,m})^2",
                "(a^2 - y)^2");
        PageCheck.Report r = check(one, """
                $$\\frac{\\partial L}{\\partial b^2} = \\frac{((a^2 - y) 2}{2}$$
                $$\\frac{\\partial L}{\\partial b^2} = ((a^2 - y) 2 / 2$$
                $$z^1 = \\frac{(W^1 x + b^1}{1}$$
                """);
        assertEquals(List.of("holds", "NOT READ", "NOT READ"), r.lines().stream().map(PageCheck.Line::verdict)
                .toList(), r.text());
        assertTrue(r.lines().get(0).detail().contains("read with a ')' supplied at 13:"), r.text());
        assertTrue(r.lines().get(1).detail().contains("expected ')' to close the '('"),
                "at a row's end its continuation may follow on the next row: not guessed\n" + r.text());
        assertTrue(r.lines().get(2).detail().contains("expected ')' to close the '('"),
                "a sum inside: where the ')' goes would change the value, so it is not guessed\n" + r.text());
    }

    @Test
    void aProductOfTwoMatricesOfOneShapeIsElementwiseWhereTheNotationSaysSo() {
        PageCheck.Report r = check(NOTATION, """
                $$\\frac{\\partial L}{\\partial z^1} = (W^2)^T \\frac{\\partial L}{\\partial z^2} \\sigma'(z^1)$$
                $$\\frac{\\partial L}{\\partial z^1} = (W^2)^T \\frac{\\partial L}{\\partial z^2} \\odot \\sigma'(z^1)$$
                """);
        assertEquals(List.of("holds", "holds"), r.lines().stream().map(PageCheck.Line::verdict).toList(), r.text());
        PageCheck.Report refused = check(NOTATION.replace("vector product: elementwise\n", ""),
                "$$\\frac{\\partial L}{\\partial z^1} = (W^2)^T \\frac{\\partial L}{\\partial z^2} \\sigma'(z^1)$$\n");
        assertTrue(refused.lines().get(0).detail().contains("matrices, which have no matrix product"),
                refused.text());
    }

    @Test
    void aColumnTimesAColumnIsTheOuterProductAndARowAfterADefinitionContinuesTheChainBeforeIt() {
        String one = NOTATION.replace("batch: 4\n", "").replace("\\sum_{m=1}^{4} (a^2_{1,m} - y_{1,m})^2",
                "(a^2 - y)^2");
        PageCheck.Report r = check(one, """
                $$\\frac{\\partial L}{\\partial W^1} = \\frac{\\partial L}{\\partial z^1} x^T$$
                $$\\text{Let } \\delta = \\frac{\\partial L}{\\partial z^1}$$
                $$= \\delta x$$
                $$\\frac{\\partial L}{\\partial W^1} = 2 \\delta x$$
                """);
        assertEquals(List.of("holds", "defined", "holds", "FAILS"), r.lines().stream().map(PageCheck.Line::verdict)
                .toList(), r.text());
        assertTrue(r.lines().get(2).formula().startsWith("\\frac{\\partial L}{\\partial W^1} = \\delta x")
                && r.lines().get(2).detail().contains("read as the outer product a b^T"),
                "continues dL/dW^1, not delta's own definition, and says how delta x is read\n" + r.text());
        PageCheck.Report row = check(one.replace("convention: column", "convention: row"),
                "$$\\frac{\\partial L}{\\partial W^1} = x^T \\frac{\\partial L}{\\partial z^1}$$\n"
                        + "$$\\frac{\\partial L}{\\partial W^1} = x \\frac{\\partial L}{\\partial z^1}$$\n");
        // with row vectors no outer product is guessed: a 1 x 2 times a 1 x 3 is undefined, so the line is wrong
        assertEquals(List.of("holds", "FAILS"), row.lines().stream().map(PageCheck.Line::verdict).toList(),
                row.text());
        assertTrue(row.lines().get(1).detail().startsWith("undefined whatever the values: 'x \\frac")
                && row.lines().get(1).detail().contains("the inner sizes 2 and 1 differ"), row.text());
    }

    @Test
    void aBatchTheSizeOfALayerIsRefused() {
        NotationException e = assertThrows(NotationException.class, () -> check(NOTATION.replace("batch: 4",
                "batch: 3"), "$$L = 1$$\n"));
        assertTrue(e.getMessage().contains("batch 3 is the size of layer 1") && e.getMessage().contains("by chance"),
                e.getMessage());
    }
}
