package dev.chainrule.check.tex;

import dev.chainrule.check.tex.Tex.Abs;
import dev.chainrule.check.tex.Tex.Apply;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Cases;
import dev.chainrule.check.tex.Tex.Chain;
import dev.chainrule.check.tex.Tex.Cmp;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Ellipsis;
import dev.chainrule.check.tex.Tex.Frac;
import dev.chainrule.check.tex.Tex.Indices;
import dev.chainrule.check.tex.Tex.Matrix;
import dev.chainrule.check.tex.Tex.Neg;
import dev.chainrule.check.tex.Tex.Pow;
import dev.chainrule.check.tex.Tex.Sqrt;
import dev.chainrule.check.tex.Tex.Sum;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.Tex.Transpose;
import dev.chainrule.check.tex.Tex.Underbrace;
import dev.chainrule.core.Scalar;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every construct the derivation pages use, read into the tree it means, and every error named with its place. */
class TexParserTest {

    private static Tex side(String formula) {
        return TexParser.parse(formula).sides().get(0);
    }

    private static Tex side(String formula, Set<String> functions, Set<String> words) {
        Source s = new Source("page.md", formula);
        return TexParser.parse(s, 0, formula.length(), functions, words).sides().get(0);
    }

    /** Named values: a subscript is evaluated (a_{i} with i = 2 is a_{2}), a superscript is a power. */
    static TexEval.Scope<Scalar> scope(Map<String, Double> values) {
        return new TexEval.Scope<>() {
            @Override
            public Scalar constant(double value) {
                return Scalar.constant(value);
            }

            @Override
            public Scalar symbol(Sym s, Map<String, Integer> indices) {
                String key = s.name() + (s.sub() == null ? ""
                        : "_{" + (long) TexEval.eval(s.sub(), this, indices).value() + "}");
                Double v = values.get(key);
                if (v == null) {
                    throw new IllegalArgumentException("no value for " + key);
                }
                Scalar x = Scalar.constant(v);
                return s.sup() == null ? x : x.pow(TexEval.eval(s.sup(), this, indices).value());
            }
        };
    }

    private static double value(String formula, Map<String, Double> values) {
        return TexEval.value(side(formula), scope(values));
    }

    @Test
    void aParenthesisLeftOpenIsSuppliedOnlyWhereNoPlaceOfItChangesTheValue() {
        String f = "\\frac{\\partial (w h(n)}{\\partial n} = a \\frac{(b c}{2}";
        Source src = new Source("f", f);
        assertThrows(TexException.class, () -> TexParser.parse(src, 0, f.length(), Set.of("h"), Set.of()));
        TexParser.Repaired r = TexParser.parseClosingParens(src, 0, f.length(), Set.of("h"), Set.of());
        assertEquals(List.of(f.indexOf("}{"), f.lastIndexOf("}{")), r.suppliedAt(), "where each group ends");
        String closed = "\\frac{\\partial (w h(n))}{\\partial n} = a \\frac{(b c)}{2}";
        assertEquals(TexPrinter.print(TexParser.parse(new Source("c", closed), 0, closed.length(), Set.of("h"),
                Set.of())), TexPrinter.print(r.chain()));
        // a sum, a power or a prime inside, or the row's end (its continuation may follow): not guessed
        for (String open : List.of("\\frac{(a + b c}{2}", "\\frac{(a - b}{2}", "\\frac{(a / b}{c}",
                "\\frac{(a \\pm b}{2}", "\\frac{(a b^2}{2}", "\\frac{(a b'}{2}", "(a b c")) {
            Source s = new Source("s", open);
            assertThrows(TexException.class, () -> TexParser.parseClosingParens(s, 0, open.length(), Set.of(),
                    Set.of()), open);
        }
    }

    @Test
    void symbolsKeepTheirScriptsAsWritten() {
        Sym w = assertInstanceOf(Sym.class, side("w_{ji}"));
        assertEquals("w", w.name());
        assertEquals("j i", TexPrinter.print(w.sub()));
        Sym big = assertInstanceOf(Sym.class, side("W^3_{(1,2)}"));
        Indices ix = assertInstanceOf(Indices.class, big.sub());
        assertEquals(2, ix.items().size());
        assertEquals("3", TexPrinter.print(big.sup()));
        Sym h = assertInstanceOf(Sym.class, side("h^2_{1,1}"));
        assertEquals(2, assertInstanceOf(Indices.class, h.sub()).items().size());
        Sym omega = assertInstanceOf(Sym.class, side("\\omega_{ij}^{L-n}"));
        assertEquals("\\omega", omega.name());
        assertInstanceOf(Bin.class, omega.sup());
        assertEquals("\\hat{y}", assertInstanceOf(Sym.class, side("\\hat{y}")).name());
        assertEquals("\\mathbf{a}", assertInstanceOf(Sym.class, side("\\mathbf{a}^1")).name());
        assertEquals("actFun", assertInstanceOf(Sym.class, side("\\operatorname{actFun}")).name());
        assertEquals(1, assertInstanceOf(Sym.class, side("f'")).primes());
    }

    @Test
    void productsSumsAndPowers() {
        Map<String, Double> v = Map.of("a", 2.0, "b", 3.0, "c", 5.0);
        assertEquals(2 + 3 * 5, value("a + b c", v));
        assertEquals(2 * 3 + 5, value("a \\cdot b + c", v));
        assertEquals(2 * 3 * 5, value("a \\times b \\times c", v));
        assertEquals(2.0 / 3 / 5, value("a / b / c", v), 1e-15);
        assertEquals(-2 - 3, value("-a - b", v));
        assertEquals(8, value("a^3", v));
        assertEquals(0.5, value("a^{-1}", v));
        assertEquals((2 + 3) / 5.0, value("\\frac{a + b}{c}", v));
        assertEquals(Math.sqrt(2 + 3 * 5), value("\\sqrt{a + b c}", v), 1e-15);
        assertEquals(5.0 / 2, value("\\frac 52", v));
        assertEquals(2 * (3 - 5), value("a \\left( b - c \\right)", v));
        assertEquals(Math.abs(2 - 5), value("|a - c|", v));
        assertEquals(Math.abs(2 - 5), value("\\left| a - c \\right|", v));
        assertInstanceOf(Abs.class, side("\\lVert x \\rVert"));
        assertEquals('⊙', assertInstanceOf(Bin.class, side("a \\odot b")).op());
    }

    @Test
    void transposesAreTranspositionsNotPowers() {
        assertInstanceOf(Transpose.class, side("x^T"));
        assertInstanceOf(Transpose.class, side("x^{T}"));
        assertInstanceOf(Transpose.class, side("x^\\top"));
        Transpose layer = assertInstanceOf(Transpose.class, side("W^{2T}"));
        assertEquals("2", TexPrinter.print(assertInstanceOf(Sym.class, layer.x()).sup()));
        assertInstanceOf(Transpose.class, side("\\left(\\mathbf{a}^1\\right)^T"));
    }

    @Test
    void functionsApplyWhenTheyAreFunctions() {
        Map<String, Double> v = Map.of("x", 0.3);
        assertEquals(Math.log(0.3), value("\\log(x)", v), 1e-15);
        assertEquals(Math.log(0.3), value("\\ln x", v), 1e-15);
        assertEquals(Math.exp(0.3), value("\\exp(x)", v), 1e-15);
        assertEquals(Math.exp(-0.3), value("e^{-x}", Map.of("x", 0.3, "e", Math.E)), 1e-15);
        assertEquals(1 / (1 + Math.exp(-0.3)), value("\\sigma(x)", v), 1e-15);
        assertEquals(Math.tanh(0.3), value("\\tanh\\left(x\\right)", v), 1e-15);
        assertEquals(Math.sinh(0.3) / Math.cosh(0.3), value("\\frac{\\sinh(x)}{\\cosh(x)}", v), 1e-15);
        assertEquals(0.3, value("\\max(0, x)", v));
        // h(n_j) applies h only when h is a function of the notation; otherwise it is the product h n_j
        assertInstanceOf(Apply.class, side("h(n_j)", Set.of("h"), Set.of()));
        assertInstanceOf(Bin.class, side("h(n_j)"));
        Apply prime = assertInstanceOf(Apply.class, side("f'(z^1)", Set.of("f"), Set.of()));
        assertEquals(1, prime.fn().primes());
        Apply sigma = assertInstanceOf(Apply.class, side("\\sigma'(s_i^{\\ell-1})"));
        assertEquals(1, sigma.fn().primes());
        assertInstanceOf(Apply.class, side("\\text{actFun}(z^1)", Set.of("actFun"), Set.of()));
    }

    @Test
    void derivativesWrittenAsFractions() {
        Deriv d = assertInstanceOf(Deriv.class, side("\\frac{\\partial L}{\\partial w_{ji}}"));
        assertEquals("L", TexPrinter.print(d.of()));
        assertEquals("w_{j i}", TexPrinter.print(d.wrt()));
        assertTrue(d.wellFormed());
        Deriv total = assertInstanceOf(Deriv.class, side("\\frac{d\\sigma(x)}{dx}"));
        assertEquals("d", total.operator());
        assertEquals("x", TexPrinter.print(total.wrt()));
        Deriv ofFunction = assertInstanceOf(Deriv.class, side("\\frac{\\partial h(n_j)}{\\partial n_j}",
                Set.of("h"), Set.of()));
        assertInstanceOf(Apply.class, ofFunction.of());
        Deriv operator = assertInstanceOf(Deriv.class, side("\\frac{\\partial}{\\partial y} (y^2 + 1)"));
        assertInstanceOf(Bin.class, operator.of());
        Deriv delta = assertInstanceOf(Deriv.class, side("\\frac{\\delta E(x)}{\\delta \\omega_{ij}^{\\ell}}",
                Set.of("E"), Set.of()));
        assertEquals("delta", delta.operator());
        // as written: a denominator without the operator is kept so, and printed so, never silently fixed
        Deriv sloppy = assertInstanceOf(Deriv.class, side("\\frac{\\partial n_j}{w_{ji}}"));
        assertFalse(sloppy.wellFormed());
        assertEquals("\\frac{\\partial n_{j}}{w_{j i}}", TexPrinter.print(sloppy));
        assertInstanceOf(Frac.class, side("\\frac{1}{N}"));
        assertInstanceOf(Frac.class, side("\\frac{d}{2}"));
    }

    @Test
    void sumsAndProductsWithTheirLimits() {
        Map<String, Double> v = Map.of("a_{1}", 1.0, "a_{2}", 10.0, "a_{3}", 100.0);
        assertEquals(111, value("\\sum_{i=1}^{3} a_{i}", v));
        assertEquals(1000, value("\\prod_{i=1}^{3} a_{i}", v));
        Sum in = assertInstanceOf(Sum.class, side("\\sum_{k \\in Downstream(j)} w_{kj}", Set.of("Downstream"),
                Set.of("Downstream")));
        assertEquals("k", in.index());
        assertInstanceOf(Apply.class, in.set());
        Sum neq = assertInstanceOf(Sum.class, side("\\sum_{j \\neq i}^{C} y_j"));
        assertEquals("j", neq.index());
        assertEquals("C", TexPrinter.print(neq.to()));
        assertEquals("i", TexPrinter.print(neq.excluded()));
        // the summand is the product after the sign, not what follows a + or -
        assertEquals(111 + 5, value("\\sum_{i=1}^{3} a_{i} + b", Map.of("a_{1}", 1.0, "a_{2}", 10.0, "a_{3}", 100.0,
                "b", 5.0)));
        assertEquals(1, value("1\\{i = i\\}", Map.of("i", 2.0)));
    }

    @Test
    void matricesCasesAndUnderbraces() {
        Matrix m = assertInstanceOf(Matrix.class, side("\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}"));
        assertEquals(2, m.rows().size());
        assertEquals(2, m.rows().get(1).size());
        Matrix column = assertInstanceOf(Matrix.class, side("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}"));
        assertEquals("pmatrix", column.kind());
        Cases c = assertInstanceOf(Cases.class, side("\\begin{cases} 1 & \\text{if } x > 0 \\\\ 0 & \\text{otherwise}"
                + " \\end{cases}"));
        assertEquals(">", assertInstanceOf(Cmp.class, c.conditions().get(0)).op());
        assertNull(c.conditions().get(1));
        Cases comma = assertInstanceOf(Cases.class, side("\\begin{cases} x, & x > 0 \\\\ 0, & \\text{otherwise} "
                + "\\end{cases}"));
        assertEquals(2, comma.values().size());
        Underbrace u = assertInstanceOf(Underbrace.class, side("\\underbrace{a b}_{\\delta^3}"));
        assertEquals("\\delta^{3}", TexPrinter.print(u.label()));
    }

    @Test
    void chainsAndContinuations() {
        Chain c = TexParser.parse("a = b = c");
        assertEquals(3, c.sides().size());
        assertEquals(List.of("=", "="), c.relations());
        Chain cont = TexParser.parse("&= b \\cdot c");
        assertEquals(1, cont.sides().size());
        assertEquals(List.of("="), cont.relations(), "a row continuing the chain before it");
        Chain update = TexParser.parse("w \\leftarrow w - \\alpha \\frac{\\partial E}{\\partial w}");
        assertEquals(List.of("\\leftarrow"), update.relations());
        assertEquals(List.of("\\implies"), TexParser.parse("a = b \\implies c").relations().subList(1, 2));
    }

    @Test
    void decorationsAreDropped() {
        assertEquals(2, TexParser.parse("a = b \\quad (1)").sides().size());
        assertEquals(2, TexParser.parse("a = b \\tag{3}").sides().size());
        assertEquals(2, TexParser.parse("a = b,").sides().size());
        assertEquals(2, TexParser.parse("a = b.").sides().size());
        assertEquals(2, TexParser.parse("\\therefore a = b").sides().size());
        assertEquals(2, TexParser.parse("a_i = b_i \\quad \\forall i").sides().size());
        assertEquals(2, TexParser.parse("a = b \\qquad \\text{for regression}").sides().size());
        Chain listed = TexParser.parse("a_j = b_j, \\; j = 3, 4");
        assertEquals("j \\in \\{3, 4\\}", TexPrinter.print(listed.conditions().get(0)), "a list of values");
        assertEquals("j \\in \\{3, 4\\}", TexPrinter.print(TexParser.parse("a_j = b_j \\quad j \\in \\{3, 4\\}")
                .conditions().get(0)), "printed as it parses");
        Chain worded = TexParser.parse("a_j = b_j \\quad \\text{for } j = 5");
        assertEquals("j = 5", TexPrinter.print(worded.conditions().get(0)));
        assertEquals("a \\cdot b", TexPrinter.print(TexParser.parse("a \\, \\cdot \\; b").sides().get(0)));
        assertInstanceOf(Ellipsis.class, ((Bin) side("a + \\ldots")).right());
        assertInstanceOf(Ellipsis.class, ((Bin) side("a + ...")).right());
        assertInstanceOf(Neg.class, side("-x"));
        assertInstanceOf(Pow.class, side("(a+b)^2"));
        assertInstanceOf(Sqrt.class, side("\\sqrt x"));
    }

    @Test
    void errorsNameTheConstructAndThePlace() {
        assertError("a + \\foo{b}", "page.md:1:5", "unknown macro \\foo");
        assertError("\\frac{a}{b", "page.md:1:", "'}'");
        assertError("(a + b", "page.md:1:7", "expected ')' to close the '(' at page.md:1:1");
        assertError("a = ", "page.md:1:", "its right side is missing");
        assertError("\\frac{\\partial L}{\\partial}", "page.md:1:", "with respect to nothing");
        assertError("a \\partial b", "page.md:1:3", "a \\partial outside a fraction");
        assertError("\\begin{array}{cc} a \\end{array}", "page.md:1:1", "the environment array");
        assertError("L(x, t)", "page.md:1:4", "name it among the notation's functions");
        assertError("a \\\\", "page.md:1:3", "unexpected '\\\\'");
    }

    @Test
    void tenThousandNestedBracesAreRefusedWithoutAStackOverflow() {
        String deep = "{".repeat(10_000) + "x" + "}".repeat(10_000);
        TexException e = assertThrows(TexException.class, () -> side(deep, Set.of(), Set.of()));
        assertTrue(e.getMessage().contains("nests deeper than " + TexParser.MAX_DEPTH), e.getMessage());
        String parens = "(".repeat(10_000) + "x" + ")".repeat(10_000);
        assertThrows(TexException.class, () -> side(parens, Set.of(), Set.of()));
        String fracs = "\\frac{1}{".repeat(5_000) + "x" + "}".repeat(5_000);
        assertThrows(TexException.class, () -> side(fracs, Set.of(), Set.of()));
    }

    @Test
    void aHugeFormulaIsRefusedByItsLength() {
        String huge = "a + ".repeat(100_000) + "a";
        TexException e = assertThrows(TexException.class, () -> side(huge, Set.of(), Set.of()));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    private static void assertError(String formula, String place, String reason) {
        TexException e = assertThrows(TexException.class, () -> side(formula, Set.of(), Set.of()), formula);
        assertTrue(e.getMessage().startsWith(place), formula + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), formula + ": " + e.getMessage());
    }
}
