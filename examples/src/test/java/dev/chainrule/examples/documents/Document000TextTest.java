package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Document 000 as text: the seed page verbatim under a notation, checked line by line from its own LaTeX. */
class Document000TextTest {

    private static String page() throws IOException {
        return SeedPages.page("000");
    }

    @Test
    void theBodyIsTheSeedPageVerbatim() throws IOException {
        SeedPages.assertBodyIsTheSeed("000");
    }

    @Test
    void theTextCheckFindsWhatTheJavaEncodingFinds() throws IOException {
        PageCheck.Report r = PageCheck.check("000.md", page(), Derivation.DEFAULT_SEED, 100);
        assertEquals(18, r.rows());
        assertEquals(List.of("holds", "holds", "holds", "holds", "holds", "FAILS", "FAILS", "FAILS", "holds", "holds",
                "holds", "holds", "holds", "holds", "holds", "FAILS", "FAILS", "FAILS", "holds"),
                r.lines().stream().map(PageCheck.Line::verdict).toList(), r.text());
        // the page's unbalanced parenthesis in \frac{\partial (w_{kj}h(n_{j})}{...}: a product, so its ')' can go
        // nowhere that changes the value; it is read with the ')' supplied, and the line says where
        assertTrue(r.lines().get(12).holds() && r.lines().get(12).detail().contains("read with a ')' supplied at "
                + "64:506"), r.text());
        // the hidden-to-output bracket's sign error: it fails where y = 1, with the opposite sign there
        PageCheck.Line bracket = r.lines().get(5);
        assertTrue(bracket.detail().contains("y = 1"), bracket.detail());
        // the recursion that divides by x_kj fails only for relu, whose dead units make x_kj = 0
        PageCheck.Line divides = r.lines().get(16);
        assertTrue(divides.detail().startsWith("relu") && !divides.detail().contains("sigmoid"), divides.detail());
        // the correction the notation writes, listed last with the place of the formula it corrects, holds
        PageCheck.Line correction = r.lines().get(18);
        assertTrue(correction.holds() && correction.formula().startsWith("(correction 'bracket sign' of "),
                correction.toString());
        // the page's \frac{\partial n_j}{w_{ji}} is read as a derivative, and said so
        assertTrue(r.lines().get(0).detail().contains("denominators lack the operator"), r.text());
    }
}
