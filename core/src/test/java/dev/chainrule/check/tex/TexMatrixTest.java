package dev.chainrule.check.tex;

import dev.chainrule.check.tex.TexMatrix.M;
import dev.chainrule.core.Dual;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Matrix notation's rules: products, broadcasting, transposes, norms, sums, bmatrix and cases. */
class TexMatrixTest {
    /** A scope of named constant matrices; {@code x_i} reads element i (from 1) of a vector. */
    private static TexMatrix.Scope<Dual> scope(Map<String, M<Dual>> symbols) {
        return new TexMatrix.Scope<>() {
            @Override
            public Dual constant(double value) {
                return Dual.of(value, 0);
            }

            @Override
            public M<Dual> symbol(Tex.Sym s, Map<String, Integer> indices) {
                M<Dual> m = symbols.get(s.name());
                if (m == null) {
                    throw new IllegalArgumentException("unknown " + s.name());
                }
                if (s.sub() == null) {
                    return m;
                }
                int i = (int) TexMatrix.eval(s.sub(), this, indices).scalar().value();
                return M.of(m.e().get(i - 1));
            }
        };
    }

    private static M<Dual> m(int rows, int cols, double... v) {
        List<Dual> e = new ArrayList<>();
        for (double x : v) {
            e.add(Dual.of(x, 0));
        }
        return new M<>(rows, cols, e);
    }

    private static double[] values(M<Dual> m) {
        return m.e().stream().mapToDouble(Dual::value).toArray();
    }

    private static M<Dual> eval(String tex, Map<String, M<Dual>> symbols) {
        return TexMatrix.eval(TexParser.parse(tex).sides().get(0), scope(symbols), new HashMap<>());
    }

    private static final Map<String, M<Dual>> LAYER = Map.of(
            "W", m(2, 3, 1, 2, 3, 4, 5, 6),
            "x", m(3, 1, 1, 0, -1),
            "b", m(2, 1, 0.5, -0.5),
            "X", m(3, 2, 1, 2, 0, 1, -1, 0),
            "d", m(2, 1, 2, -1));

    @Test
    void aLayerIsAMatrixProductPlusABias() {
        M<Dual> z = eval("W x + b", LAYER);
        assertEquals("2 x 1", z.shape());
        assertArrayEquals(new double[] {-1.5, -2.5}, values(z), 1e-12);
    }

    @Test
    void aBiasColumnIsBroadcastOverTheColumnsOfABatch() {
        M<Dual> z = eval("W X + b", LAYER);
        assertEquals("2 x 2", z.shape());
        assertArrayEquals(new double[] {-2 + 0.5, 4 + 0.5, -2 - 0.5, 13 - 0.5}, values(z), 1e-12);
    }

    @Test
    void transposeHadamardAndFunctionsWorkAsTheBackwardPassWritesThem() {
        M<Dual> g = eval("W^T d \\odot \\tanh(x)", LAYER);
        assertEquals("3 x 1", g.shape());
        double[] wtd = {1 * 2 - 4, 2 * 2 - 5, 3 * 2 - 6};
        assertArrayEquals(new double[] {wtd[0] * Math.tanh(1), 0, wtd[2] * Math.tanh(-1)}, values(g), 1e-12);
        assertArrayEquals(new double[] {2, 0, -2, -1, 0, 1}, values(eval("d x^T", LAYER)), 1e-12);
    }

    @Test
    void normsSumsAndMatricesOfEntries() {
        assertEquals(Math.sqrt(5), eval("\\lVert d \\rVert", LAYER).scalar().value(), 1e-12);
        assertEquals(5, eval("\\lVert d \\rVert^2", LAYER).scalar().value(), 1e-12);
        assertEquals(0, eval("\\sum_{i=1}^{3} x_i", LAYER).scalar().value(), 1e-12);
        M<Dual> m = eval("\\begin{bmatrix} x_1 & 2 \\\\ x_3 & 4 \\end{bmatrix}", LAYER);
        assertEquals("2 x 2", m.shape());
        assertArrayEquals(new double[] {1, 2, -1, 4}, values(m), 1e-12);
        M<Dual> relu = eval("\\begin{cases} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}", LAYER);
        assertArrayEquals(new double[] {1, 0, 0}, values(relu), 1e-12);
    }

    @Test
    void mismatchedShapesAreNamedWithTheirSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> eval("x W", LAYER));
        assertTrue(e.getMessage().contains("3 x 1") && e.getMessage().contains("2 x 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> eval("W d", LAYER));
        assertTrue(e.getMessage().contains("the left one transposed would agree"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> eval("x + d", LAYER));
        assertTrue(e.getMessage().contains("do not match element by element"), e.getMessage());
    }

    @Test
    void twoVectorsOfOneShapeAreAmbiguousUnlessTheScopeReadsThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> eval("x \\cdot x", LAYER));
        assertTrue(e.getMessage().contains("inner") && e.getMessage().contains("elementwise"), e.getMessage());
        TexMatrix.Scope<Dual> inner = new TexMatrix.Scope<>() {
            @Override
            public Dual constant(double value) {
                return Dual.of(value, 0);
            }

            @Override
            public M<Dual> symbol(Tex.Sym s, Map<String, Integer> indices) {
                return LAYER.get(s.name());
            }

            @Override
            public M<Dual> ambiguousProduct(M<Dual> a, M<Dual> b, Tex.Bin at) {
                return TexMatrix.inner(a, b);
            }
        };
        assertEquals(2, TexMatrix.eval(TexParser.parse("x \\cdot x").sides().get(0), inner, new HashMap<>())
                .scalar().value(), 1e-12);
    }

    @Property
    void theTransposeOfAProductIsTheProductOfTransposes(
            @ForAll @Size(6) List<@DoubleRange(min = -3, max = 3) Double> a,
            @ForAll @Size(6) List<@DoubleRange(min = -3, max = 3) Double> b) {
        Map<String, M<Dual>> s = Map.of("A", m(2, 3, a.stream().mapToDouble(x -> x).toArray()),
                "B", m(3, 2, b.stream().mapToDouble(x -> x).toArray()));
        M<Dual> left = eval("(A B)^T", s);
        M<Dual> right = eval("B^T A^T", s);
        assertArrayEquals(values(left), values(right), 1e-12);
        double c01 = a.get(0) * b.get(1) + a.get(1) * b.get(3) + a.get(2) * b.get(5);
        assertEquals(c01, eval("A B", s).get(0, 1).value(), 1e-12);
    }
}
