package dev.chainrule.core;

import java.util.Arrays;

/**
 * Single-precision matrix multiply, {@code C = op(A) op(B)} (optionally {@code + C}), on row-major
 * {@code float[]} arrays with offsets and row strides: BLAS {@code sgemm} with {@code alpha = 1} and
 * {@code beta} 0 or 1, the float32 twin of {@link Gemm}, whose threading it shares ({@link GemmThreads}).
 *
 * <p>Two paths: the packed Vector API kernel ({@link SgemmVector}) where {@link Gemm#vectorized()} holds and the
 * product has at least {@link Gemm#VECTOR_MIN_WORK} multiply-adds, and plain i-k-j loops otherwise. Both
 * accumulate in float32, as BLAS does; {@link #gemmNaive} (accumulating in double) is the tests' reference.
 */
final class Sgemm {
    private static final boolean VECTOR = Gemm.vectorized() && SgemmVector.usable();

    private Sgemm() {
    }

    /** C = op(A) op(B) (+ C when accumulate), with the argument conventions of {@link Gemm#gemm}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        gemmWith(VECTOR, 0, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * {@link #gemm} with the path and the thread count chosen by the caller (for tests and benchmarks).
     *
     * @param vector  use the Vector API kernel where it applies
     * @param threads the number of slabs; 0 chooses by size
     */
    static void gemmWith(boolean vector, int threads, boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        boolean fast = vector && VECTOR && (long) m * n * k >= Gemm.VECTOR_MIN_WORK;
        GemmThreads.split(fast, threads, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** One slab on the calling thread (called by {@link GemmThreads}' slabs). */
    static void kernel(boolean fast, boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
                       int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if (fast && m > 1 && n > 1) {
            SgemmVector.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            plain(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /**
     * The plain-Java path: for each row of C, the rows of op(B) scaled by op(A)'s entries are added into it (a
     * contiguous inner loop C2 vectorises when B is not transposed); a transposed B is read as dot products.
     */
    private static void plain(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int as = transA ? 1 : lda;
        int ps = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            int ai = aOff + i * as;
            if (transB) {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s += a[ai + p * ps] * b[bj + p];
                    }
                    c[ci + j] = accumulate ? c[ci + j] + s : s;
                }
                continue;
            }
            if (!accumulate) {
                Arrays.fill(c, ci, ci + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float x = a[ai + p * ps];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bp + j];
                }
            }
        }
    }

    /** Naive triple loop, accumulating in double (the tests' reference). */
    static void gemmNaive(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = (float) (accumulate ? c[ci] + s : s);
            }
        }
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        String sizes = "sgemm, m=" + m + ", n=" + n + ", k=" + k + ", transA=" + transA + ", transB=" + transB;
        Gemm.checkOperand("A", a == null ? -1 : a.length, transA ? k : m, transA ? m : k, aOff, lda, "aOff", "lda",
                sizes);
        Gemm.checkOperand("B", b == null ? -1 : b.length, transB ? n : k, transB ? k : n, bOff, ldb, "bOff", "ldb",
                sizes);
        Gemm.checkOperand("C", c == null ? -1 : c.length, m, n, cOff, ldc, "cOff", "ldc", sizes);
    }
}
