package dev.chainrule.check.tex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding the display formulas of a page: every delimiter, rows and their places, and nothing skipped silently. */
class DisplayMathTest {

    private static List<DisplayMath.Row> rows(String page) {
        return DisplayMath.rows(new Source("page.md", page));
    }

    @Test
    void everyDelimiterIsFoundWithItsPlace() {
        String page = "# Title\n\nProse with $x$ inline and a price of \\$5.\n\n$$a = b$$\n\nMore.\n"
                + "\\[ c = d \\]\n\\begin{equation} e = f \\end{equation}\n\\begin{align*} g &= h \\end{align*}\n";
        List<DisplayMath.Row> r = rows(page);
        assertEquals(List.of("a = b", " c = d ", " e = f ", " g &= h "), r.stream().map(DisplayMath.Row::text)
                .toList());
        assertEquals("page.md:5:3", r.get(0).position());
        assertEquals("page.md:8:3", r.get(1).position());
        assertEquals(4, r.stream().map(DisplayMath.Row::block).distinct().count());
    }

    @Test
    void alignmentEnvironmentsSplitIntoRowsThatContinueTheirChain() {
        String page = "$$\\begin{split} L &= a + b \\\\ &= c \\\\ &= \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}"
                + " \\end{split}$$";
        List<DisplayMath.Row> r = rows(page);
        assertEquals(3, r.size(), r.toString());
        assertEquals(1, r.stream().map(DisplayMath.Row::block).distinct().count());
        Tex.Chain first = TexParser.parse(r.get(0).source(), r.get(0).from(), r.get(0).to(), Set.of(), Set.of());
        assertEquals(2, first.sides().size());
        Tex.Chain last = TexParser.parse(r.get(2).source(), r.get(2).from(), r.get(2).to(), Set.of(), Set.of());
        assertEquals(last.sides().size(), last.relations().size(), "a continuation row has a leading relation");
        assertTrue(last.sides().get(0) instanceof Tex.Matrix, "the matrix's own \\\\ does not split the row");
    }

    @Test
    void anUnclosedBlockIsReportedAndTheRestIsStillRead() {
        List<DisplayMath.Row> r = rows("$$ a = b\n\nprose\n\n\\[ c = d \\]");
        assertEquals("$$ is never closed", r.get(0).error());
        assertEquals("page.md:1:1", r.get(0).position());
        assertEquals(" c = d ", r.get(r.size() - 1).text());
        assertNull(r.get(r.size() - 1).error());
    }

    @Test
    void codeFencesAndEmptyPagesHoldNoFormula() {
        assertEquals(0, rows("```\n$$a = b$$\n```\nno math here").size());
        assertEquals(0, rows("").size());
        assertEquals(1, rows("~~~\n$$x$$\n~~~\n$$y = 1$$").size());
    }

    @Test
    @Timeout(60) // a hang, not a speed target: the page is read in one pass
    void aTenMegabytePageIsReadInOnePass() {
        StringBuilder page = new StringBuilder();
        String block = "Some prose about the weights $w$ and a formula\n$$\\frac{\\partial L}{\\partial w} = x "
                + "\\delta$$\n";
        while (page.length() < 10_000_000) {
            page.append(block);
        }
        Source s = new Source("big.md", page.toString());
        List<DisplayMath.Row> r = DisplayMath.rows(s);
        assertEquals(page.length() / block.length(), r.size());
        DisplayMath.Row last = r.get(r.size() - 1);
        assertEquals(2, TexParser.parse(s, last.from(), last.to(), Set.of(), Set.of()).sides().size());
        String unclosed = "$$" + "x + ".repeat(2_500_000);
        assertEquals("$$ is never closed", rows(unclosed).get(0).error());
    }
}
