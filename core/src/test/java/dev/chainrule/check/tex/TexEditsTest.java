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

    @Test
    void aSymbolIsReplacedByANeighbourItsLayerOrAnIndexTheFormulaUses() {
        List<String> e = edits("\\frac{1}{N} \\delta^3 (a^3)^T + x_{kj} w_{ji}");
        assertTrue(e.contains("holds if a^{3} reads a^{1} (another symbol: a^{1} for a^{3})"), e.toString());
        assertTrue(e.contains("holds if x_{k j} reads x_{i j} (another symbol: x_{i j} for x_{k j})"), e.toString());
        List<String> units = edits("(h(n_5) - y) x_{4i}");
        assertTrue(units.contains("holds if x_{4 i} reads x_{5 i} (another symbol: x_{5 i} for x_{4 i})"),
                units.toString());
    }

    @Test
    void aSumsLimitsMoveByOneAndASubscriptTakesInWhatFollowsIt() {
        List<String> e = edits("\\sum_{k=1}^{1} W_{ki} \\delta_k");
        assertTrue(e.stream().anyMatch(s -> s.endsWith("(the upper limit one more)") && s.contains("^{2}")),
                e.toString());
        List<String> typeset = edits("\\sum_{j=0}^{n_L-\\ell+2-1} \\omega_{ij} \\Delta_j");
        assertTrue(typeset.stream().anyMatch(s -> s.endsWith("(the upper limit's subscript n_{L - \\ell + 2} - 1)")),
                typeset.toString());
    }

    @Test
    void aTermTooManyIsDroppedAndAMissingOneIsAddedLikeAnotherWithOneUnitChanged() {
        List<String> e = edits("\\sigma(n_3) - y + \\lambda b_3");
        assertTrue(e.contains("holds if \\lambda b_{3} reads 0 (without the term \\lambda b_{3})"), e.toString());
        List<String> path = edits("g (w_{53} \\delta_5)");
        assertTrue(path.contains("holds if g \\left(w_{53} \\delta_{5}\\right) reads g \\left(w_{53} "
                + "\\delta_{5}\\right) + g \\left(w_{43} \\delta_{4}\\right) (a missing term g \\left(w_{43} "
                + "\\delta_{4}\\right))"), path.toString());
        List<String> inSum = edits("w_{43} \\delta_4 + w_{53} \\delta_5");
        assertTrue(inSum.stream().anyMatch(x -> x.endsWith("(a missing term w_{63} \\delta_{6})")), inSum.toString());
    }
}
