package dev.chainrule.check.tex;

import dev.chainrule.check.tex.Tex.Apply;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Frac;
import dev.chainrule.check.tex.Tex.Neg;
import dev.chainrule.check.tex.Tex.Num;
import dev.chainrule.check.tex.Tex.Pow;
import dev.chainrule.check.tex.Tex.Sqrt;
import dev.chainrule.check.tex.Tex.Sum;
import dev.chainrule.check.tex.Tex.Sym;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Random expression trees printed as LaTeX and parsed back evaluate equal, and print the same again. */
class TexRoundTripTest {
    private static final Map<String, Double> VALUES = Map.of("a", 0.7, "b", -1.3, "c", 2.1, "x_{1}", 0.4,
            "x_{2}", -0.9, "x_{3}", 1.6);

    @Provide
    Arbitrary<Tex> trees() {
        return tree(4);
    }

    private static Arbitrary<Tex> tree(int depth) {
        Arbitrary<Tex> leaf = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 9).map(i -> (Tex) new Num(i, String.valueOf(i), 0)),
                Arbitraries.of("a", "b", "c").map(n -> (Tex) new Sym(n, 0, null, null, 0)),
                Arbitraries.integers().between(1, 3).map(i -> (Tex) new Sym("x", 0, new Num(i, "" + i, 0), null, 0)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Tex> sub = tree(depth - 1);
        return Arbitraries.oneOf(leaf, leaf,
                Arbitraries.of('+', '-', '*', '/').flatMap(op -> sub.list().ofSize(2).flatMap(ab ->
                        Arbitraries.of(true, false).map(imp -> (Tex) new Bin(op, ab.get(0), ab.get(1),
                                imp && op == '*', 0)))),
                sub.map(x -> (Tex) new Neg(x, 0)),
                sub.list().ofSize(2).map(ab -> (Tex) new Frac(ab.get(0), ab.get(1), 0)),
                sub.map(x -> (Tex) new Pow(new Bin('+', x, new Num(3, "3", 0), false, 0), new Num(2, "2", 0), 0)),
                sub.map(x -> (Tex) new Sqrt(new Bin('*', x, x, false, 0), 0)),
                Arbitraries.of("\\exp", "\\tanh", "\\sin", "\\sigma").flatMap(f -> sub.map(x ->
                        (Tex) new Apply(new Sym(f, 0, null, null, 0), List.of(x), 0))),
                sub.map(x -> (Tex) new Sum(false, "i", new Num(1, "1", 0), new Num(3, "3", 0), null, null, null,
                        new Bin('*', new Sym("x", 0, new Sym("i", 0, null, null, 0), null, 0), x, true, 0), 0)));
    }

    @Property(tries = 300)
    void printedTreesParseBackToTheSameValue(@ForAll("trees") Tex t) {
        String text = TexPrinter.print(t);
        Tex back = TexParser.parse(text).sides().get(0);
        double expected = TexEval.value(t, TexParserTest.scope(VALUES));
        double actual = TexEval.value(back, TexParserTest.scope(VALUES));
        if (Double.isNaN(expected)) {
            assertEquals(Double.NaN, actual, text);
        } else {
            assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), text);
        }
        assertEquals(text, TexPrinter.print(back), "printing what was parsed gives the text back");
    }
}
