package dev.chainrule.check.tex;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The single edits a diagnosis tries: each kind, printed as a report says it, each formula once. */
class TexEditsTest {
    private static List<String> edits(String tex) {
        return TexEdits.of(TexParser.parse(tex).sides().get(0), List.of(new Tex.Sym("N", 0, null, null, 0)), 500)
                .stream().map(TexEdits.Edit::text).toList();
    }

    @Test
    void aTermsSignIsFlippedAsThePageWritesIt() {
        List<String> e = edits("a - \\frac{b}{c}");
        assertTrue(e.contains("holds if -\\frac{b}{c} reads \\frac{b}{c} (the opposite sign)"), e.toString());
        assertTrue(e.contains("holds if a - \\frac{b}{c} reads -\\left(a - \\frac{b}{c}\\right) (the opposite sign)"),
                e.toString());
    }

    @Test
    void factorsAreDroppedTermsScaledMatricesTransposedIndicesSwapped() {
        List<String> e = edits("(p - y) x_i + 2 \\lambda w_{ji}");
        assertTrue(e.contains("holds if 2 \\lambda reads \\lambda (without the factor 2)"), e.toString());
        assertTrue(e.stream().anyMatch(s -> s.endsWith("(a factor 1/N)")), e.toString());
        assertTrue(e.contains("holds if w_{j i} reads w_{i j} (its two indices swapped)"), e.toString());
        List<String> t = edits("(\\Delta^1)^T X");
        assertTrue(t.contains("holds if \\left(\\Delta^{1}\\right)^{T} reads \\Delta^{1} (no transpose)"),
                t.toString());
        assertTrue(t.stream().anyMatch(s -> s.endsWith("(a transpose)")), t.toString());
    }

    @Test
    void aSumsUpperLimitIsReplacedByANamedConstant() {
        List<String> e = edits("\\frac{1}{N} \\sum_{n=1}^{C} \\delta_n");
        assertTrue(e.contains("holds if \\sum_{n=1}^{C} \\delta_{n} reads \\sum_{n=1}^{N} \\delta_{n} (the upper "
                + "limit N)"), e.toString());
    }

    @Test
    void eachEditedFormulaComesOnceAndDerivativesAreKeptWhole() {
        List<TexEdits.Edit> all = TexEdits.of(TexParser.parse("\\frac{\\partial L}{\\partial n_j} x_{ji}").sides()
                .get(0), List.of(), 500);
        assertEquals(all.size(), all.stream().map(x -> TexPrinter.print(x.formula())).distinct().count());
        assertTrue(all.stream().noneMatch(x -> TexPrinter.print(x.was()).equals("n_{j}")), "nothing inside d/dn_j");
        assertEquals(3, TexEdits.of(TexParser.parse("a + b + c").sides().get(0), List.of(), 3).size(), "the limit");
    }
}
