package dev.chainrule.core;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 matrix product against a naive reference accumulating in double, at odd sizes (1, 7, 17, 129, 255)
 * that leave partial register blocks and panels on every edge, for every transpose, overwriting and
 * accumulating, with offsets and strides, on one and two threads, on both paths.
 */
class SgemmTest {
    static final int[] SIZES = {1, 7, 17, 129, 255};

    @Test
    void matchesTheNaiveProductAtOddSizes() {
        SplittableRandom rnd = new SplittableRandom(42);
        int checked = 0;
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    // every transpose and path at the small sizes; a rotating choice at the large ones
                    int cases = (long) m * n * k > 200_000 ? 1 : 4;
                    for (int c = 0; c < cases; c++) {
                        int variant = cases == 1 ? (m + n + k + checked) % 4 : c;
                        check(rnd, m, n, k, (variant & 1) != 0, (variant & 2) != 0, rnd.nextBoolean(),
                                c % 2 == 0, checked % 3 == 0 ? 2 : 0);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 125);
    }

    private static void check(SplittableRandom rnd, int m, int n, int k, boolean ta, boolean tb, boolean acc,
                              boolean vector, int threads) {
        int pad = 3; // row strides longer than the rows, and offsets, so that no path assumes a dense matrix
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad;
        float[] a = random(rnd, 5 + (ta ? k : m) * lda);
        float[] b = random(rnd, 2 + (tb ? n : k) * ldb);
        float[] c = random(rnd, 1 + m * ldc);
        float[] expected = c.clone();
        Sgemm.gemmNaive(ta, tb, m, n, k, a, 5, lda, b, 2, ldb, expected, 1, ldc, acc);
        Sgemm.gemmWith(vector, threads, ta, tb, m, n, k, a, 5, lda, b, 2, ldb, c, 1, ldc, acc);
        String what = m + " x " + n + " x " + k + (ta ? " A^T" : "") + (tb ? " B^T" : "") + (acc ? " +C" : "")
                + (vector ? " vector" : " plain") + ", threads " + threads;
        // float32 accumulation over k terms of size <= 1: error below k eps (plus C's rounding)
        double tol = (k + 2) * Math.ulp(1.0f) * 2;
        for (int i = 0; i < c.length; i++) {
            boolean inC = i >= 1 && (i - 1) % ldc < n && (i - 1) / ldc < m;
            if (!inC) {
                assertEquals(expected[i], c[i], 0.0, what + ": element " + i + " outside C was written");
            } else {
                assertEquals(expected[i], c[i], tol, what + ": element " + i);
            }
        }
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextDouble(-1, 1);
        }
        return x;
    }

    @Test
    void emptyProductsWriteZerosOrNothing() {
        float[] c = {5f, 5f, 5f, 5f};
        Sgemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertEquals(5f, c[3], "k = 0, accumulating: C unchanged");
        Sgemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertEquals(0f, c[0] + c[1] + c[2] + c[3], "k = 0: C = 0");
        Sgemm.gemm(false, false, 0, 2, 3, new float[0], 0, 3, new float[6], 0, 2, new float[0], 0, 2, false);
    }

    @Test
    void refusesAnArrayTooShortNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sgemm.gemm(false, false,
                4, 4, 4, new float[15], 0, 4, new float[16], 0, 4, new float[16], 0, 4, false));
        assertTrue(e.getMessage().contains("A (4 x 4 stored") && e.getMessage().contains("sgemm"), e.getMessage());
    }

    @Test
    void theTensorProductUsesIt() {
        SplittableRandom rnd = new SplittableRandom(3);
        Tensor a = Tensor.randn(rnd, 129, 17);
        Tensor b = Tensor.randn(rnd, 17, 255);
        Tensor p64 = a.to(DType.F32).to(DType.F64).matmul(b.to(DType.F32).to(DType.F64));
        Tensor p32 = a.to(DType.F32).matmul(b.to(DType.F32));
        assertEquals(DType.F32, p32.dtype());
        double[] x = p64.toArray();
        double[] y = p32.toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], y[i], 1e-5 * 17 * 4, "element " + i);
        }
    }
}
