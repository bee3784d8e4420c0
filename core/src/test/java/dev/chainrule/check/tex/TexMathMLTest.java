package dev.chainrule.check.tex;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Formulas as MathML: known answers for the constructs a report shows, and nothing from a page left as markup. */
class TexMathMLTest {
    private static String ml(String latex) {
        return TexMathML.inline(TexParser.parse(latex));
    }

    @Test
    void constructsHaveTheirMathMLElements() {
        assertEquals("<math><mrow><mfrac><mrow><mo>∂</mo><mi>L</mi></mrow><mrow><mo>∂</mo><msubsup><mi>w</mi>"
                + "<mrow><mi>j</mi></mrow><mrow><mn>2</mn></mrow></msubsup></mrow></mfrac><mo>=</mo><mi>δ</mi>"
                + "</mrow></math>", ml("\\frac{\\partial L}{\\partial w_j^2} = \\delta"));
        assertTrue(ml("(a + b) c").contains("<mo>(</mo>"), "a sum inside a product keeps its parentheses");
        assertTrue(!ml("a + b c").contains("<mo>(</mo>"), "and a product inside a sum needs none");
        assertTrue(ml("\\sum_{i=1}^{n} x_i").contains("<munderover><mo largeop=\"true\" movablelimits=\"false\">∑"));
        assertTrue(ml("W^T").contains("<msup><mi>W</mi><mi mathvariant=\"normal\">T</mi></msup>"), ml("W^T"));
        assertTrue(ml("\\hat{y}").matches(".*<mover accent=\"true\">(<mrow>)*<mi>y</mi>(</mrow>)*<mo>\\^</mo></mover>.*"),
                ml("\\hat{y}"));
        assertTrue(ml("(W^2)^T").contains("<msup><mrow><mo>(</mo><msup><mi>W</mi>"), "a base with its own script");
        assertTrue(ml("x \\le 0").contains("<mo>≤</mo>"), ml("x \\le 0"));
    }

    @Test
    void textFromAPageIsEscaped() {
        String t = ml("\\text{<script>alert('x') & \"y\"</script>}");
        assertTrue(t.contains("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"), t);
        assertEquals("a\uFFFDb", TexMathML.escape("a\uD800b"), "a lone surrogate, which XML refuses");
        assertEquals("\uD83D\uDE00", TexMathML.escape("\uD83D\uDE00"), "a pair stays");
    }
}
