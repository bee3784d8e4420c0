package dev.chainrule.nn.text;

import dev.chainrule.check.Derivation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A side whose own product cannot be formed (inner sizes that differ) is wrong as written: it fails, whatever the
 * values, and the diagnosis finds the transpose or the order that mends it. Where another reading of the page reads
 * the row, the product's sizes are the reading's, not the page's, and the side is listed as not read there.
 */
class UndefinedProductTest {
    private static String page(String readings, String body) {
        return """
                ---
                network: layers
                sizes: [2, 3, 2]
                convention: column
                activation: \\sigma
                settings: [tanh]
                activations: {2: identity}
                loss: (a^2_1 - y_1)^2 + (a^2_2 - y_2)^2
                target: {y: uniform}
                symbols: {W: weight, b: bias, z: preactivation, a: activity, x: input, L: loss}
                readings:
                """ + readings + "---\n" + body;
    }

    /** W^2 is 2 x 3 and dL/dz^2 is 2 x 1: W^2 dL/dz^2 has no matrix product; (W^2)^T dL/dz^2 is dL/da^1. */
    private static final String NO_TRANSPOSE = "$$\\frac{\\partial L}{\\partial a^1} = W^2 "
            + "\\frac{\\partial L}{\\partial z^2}$$\n";

    @Test
    void aProductUndefinedInEveryReadingFailsAndTheDiagnosisFindsTheTranspose() {
        List<PageCheck.Report> reports = PageCheck.check("p.md", page("  tanh: {}\n  sigmoid: {settings: [sigmoid]}\n",
                NO_TRANSPOSE), Derivation.DEFAULT_SEED, 20, null, true);
        assertEquals(2, reports.size());
        for (PageCheck.Report r : reports) {
            PageCheck.Line l = r.lines().get(0);
            assertTrue(l.fails(), r.text());
            assertTrue(l.detail().startsWith("undefined whatever the values: 'W^{2} \\frac{\\partial L}{\\partial "
                    + "z^{2}}' multiplies a 2 x 3 by a 2 x 1 matrix"), l.detail());
            assertTrue(l.detail().contains("diagnosis: holds if W^{2} reads \\left(W^{2}\\right)^{T} (a transpose)"),
                    l.detail());
            assertEquals(0, r.unreadable(), r.text());
        }
    }

    @Test
    void whereAnotherReadingReadsTheRowTheUndefinedProductIsThatReadingsAndNotRead() {
        // (a^1)^T dL/dz^2 is dL/dW^2 in the row convention (3 x 1 times 1 x 2), and undefined in the column one
        List<PageCheck.Report> reports = PageCheck.check("p.md", page("  column: {}\n  row: {convention: row}\n",
                "$$\\frac{\\partial L}{\\partial W^2} = (a^1)^T \\frac{\\partial L}{\\partial z^2}$$\n"),
                Derivation.DEFAULT_SEED, 20, null);
        PageCheck.Line column = reports.get(0).lines().get(0);
        PageCheck.Line row = reports.get(1).lines().get(0);
        assertTrue(row.holds(), reports.get(1).text());
        assertEquals("NOT READ", column.verdict(), reports.get(0).text());
        assertTrue(column.detail().contains("multiplies a 1 x 3 by a 2 x 1 matrix")
                && column.detail().contains("(in this reading; another reads the row"), column.detail());
        assertEquals(1, reports.get(0).unreadable());
    }

    @Test
    void aProductInADefinitionItUsesIsNotTheSidesOwn() {
        // delta's definition has the undefined product; the side that uses delta is not read, not failed
        PageCheck.Report r = PageCheck.check("p.md", page("  tanh: {}\n", """
                $$\\delta = W^2 \\frac{\\partial L}{\\partial z^2}$$
                $$\\frac{\\partial L}{\\partial a^1} = \\delta$$
                """), Derivation.DEFAULT_SEED, 20, null).get(0);
        PageCheck.Line uses = r.lines().stream().filter(l -> l.formula().endsWith("= \\delta")).findFirst()
                .orElseThrow(() -> new AssertionError(r.text()));
        assertEquals("NOT READ", uses.verdict(), r.text());
        assertFalse(uses.detail().startsWith("undefined"), uses.detail());
    }
}
