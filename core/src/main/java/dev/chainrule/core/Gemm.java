package dev.chainrule.core;

/**
 * Double-precision matrix multiply, {@code C = op(A) op(B)} (optionally {@code + C}), on row-major arrays with
 * offsets and row strides, like BLAS {@code dgemm} with {@code alpha = 1} and {@code beta} 0 or 1.
 *
 * <p>Three paths compute the same product:
 * <ul>
 *   <li>the fast path ({@link GemmVector}): operands packed into cache-sized panels (or read in place where their
 *       layout allows) and a register-blocked micro-kernel written with the Vector API, plus matrix-vector style
 *       kernels for products with very few rows or columns; chosen when the {@code jdk.incubator.vector} module
 *       is in the boot layer, the preferred species has at least 4 lanes, and the system property
 *       {@code chainrule.vector} is not {@code false};</li>
 *   <li>the plain-Java path: blocked i-k-j loops that C2 can vectorise a little; used when the Vector API is
 *       unavailable, and for tiny products where packing costs more than it saves;</li>
 *   <li>a naive triple loop, the reference the tests compare both paths with.</li>
 * </ul>
 *
 * <p>Products above {@link GemmThreads#PARALLEL_MIN_WORK} are cut into slabs for both cores
 * ({@link GemmThreads}, shared with the float32 product {@link Sgemm}).
 */
final class Gemm {
    /** Whether the fast path is in use; decided once, when this class is initialised. */
    private static final boolean VECTOR = vectorAvailable();

    /**
     * Products with fewer multiply-adds than this ({@code m n k}) take the plain path even when the fast path is
     * available: for a handful of elements, packing and the register-block overhead cost more than they save.
     * (Measured: plain wins at 4 x 4 x 4, packed at 6 x 6 x 6, and at 64 x 2 x 64 by 6x.)
     */
    static final long VECTOR_MIN_WORK = 128;

    /**
     * A product with at most this many columns (and no more columns than rows) is computed as pairs of
     * matrix-vector products ({@link GemvVector#thinColumns}) rather than padded to a whole register block of
     * {@code NR = 16} columns. Measured (one thread, microseconds, thin / packed; m x n x k; T: transposed A):
     * 64 x 2 x 64: 0.7 / 2.0, 64 x 2 x 64 T: 0.4 / 1.9, 128 x 4 x 128: 4.5 / 6.8, 128 x 4 x 128 T: 3.7 / 6.3,
     * 512 x 4 x 512: 72 / 105, 128 x 6 x 128: 6.5 / 6.7, 512 x 6 x 512 T: 129 / 101, 128 x 8 x 128: 8.5 / 6.3,
     * 128 x 10 x 128: 10.7 / 6.4.
     */
    static final int THIN_N = 4;
    /**
     * Likewise for rows ({@link GemvVector#thinRows}); the packed path pads rows only to {@code MR = 8}, so the
     * crossing is higher: 2 x 64 x 64: 0.34 / 1.4, 4 x 128 x 128: 3.2 / 5.7, 4 x 512 x 512 T: 78 / 129,
     * 6 x 128 x 128: 4.7 / 5.8, 8 x 128 x 128: 6.6 / 5.9.
     */
    static final int THIN_M = 6;
    /** Plain-path blocking: a {@code PLAIN_KC x PLAIN_NC} block of {@code op(B)} (512 KiB) stays in L2. */
    private static final int PLAIN_KC = 128;
    private static final int PLAIN_NC = 512;
    /** Per-thread buffer for a transposed block of B on the plain path (only used when transB). */
    private static final ThreadLocal<double[]> PLAIN_B = ThreadLocal.withInitial(() -> new double[0]);

    private Gemm() {
    }

    private static boolean vectorAvailable() {
        if ("false".equalsIgnoreCase(System.getProperty("chainrule.vector", "").trim())) {
            return false;
        }
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            return false;
        }
        try {
            return GemmVector.usable();
        } catch (LinkageError | RuntimeException e) {
            // the module is present but unusable (e.g. a VM without the intrinsics): use the plain path quietly
            return false;
        }
    }

    /** Whether the Vector API fast path is in use (jdk.incubator.vector present and not disabled). */
    static boolean vectorized() {
        return VECTOR;
    }

    /**
     * C = op(A) * op(B) (+ C when accumulate), all row-major.
     * op(A) is m x k: A is stored m x k with row stride lda when !transA, or k x m with row stride lda when transA
     * (so op(A) = A^T).
     * op(B) is k x n: B is stored k x n (stride ldb) when !transB, or n x k (stride ldb) when transB.
     * C is m x n with row stride ldc. Offsets aOff, bOff, cOff index the first element.
     *
     * <p>A stride must be at least the stored row length whenever there is more than one row.
     *
     * @throws IllegalArgumentException if a size, offset or stride is negative or too small, or an array is too
     *                                  short for the sizes, offsets and strides given
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        gemmWith(VECTOR, 0, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** Same as {@link #gemm} but forces the plain-Java path (for tests comparing both paths). */
    static void gemmPlain(boolean transA, boolean transB, int m, int n, int k,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double[] c, int cOff, int ldc, boolean accumulate) {
        gemmWith(false, 0, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * {@link #gemm} with the path and the thread count chosen by the caller (for tests and benchmarks).
     *
     * @param vector  use the fast path where it applies (ignored when the Vector API is unavailable)
     * @param threads the number of slabs to split into; 0 chooses by size as {@link #gemm} does
     */
    static void gemmWith(boolean vector, int threads, boolean transA, boolean transB, int m, int n, int k,
                         double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                         double[] c, int cOff, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        long work = (long) m * n * k;
        boolean fast = vector && VECTOR && work >= VECTOR_MIN_WORK;
        GemmThreads.split(fast, threads, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                accumulate);
    }


    /**
     * One float64 slab on the calling thread. A C with a single row or column is a matrix-vector product: packing it
     * would pad it to a whole register block, so it goes to {@code gemv}, with the other operand as the matrix; on
     * the fast path a C with a few columns ({@link #THIN_N}) or rows ({@link #THIN_M}) likewise goes to pairs of
     * matrix-vector products.
     */
    static void kernel(boolean fast, boolean transA, boolean transB, int m, int n, int k,
                               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double[] c, int cOff, int ldc, boolean accumulate) {
        if (n == 1) {
            // C[i][0] = sum_p op(A)[i][p] op(B)[p][0]: M(p, i) = op(A)[i][p], x = the column of op(B)
            gemv(fast, !transA, k, m, a, aOff, lda, b, bOff, transB ? 1 : ldb, c, cOff, ldc, accumulate);
        } else if (m == 1) {
            // C[0][j] = sum_p op(A)[0][p] op(B)[p][j]: M = op(B), x = the row of op(A)
            gemv(fast, transB, k, n, b, bOff, ldb, a, aOff, transA ? lda : 1, c, cOff, 1, accumulate);
        } else if (fast && n <= THIN_N && n <= m) {
            GemvVector.thinColumns(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (fast && m <= THIN_M) {
            GemvVector.thinRows(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (fast) {
            GemmVector.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            plain(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /**
     * {@code y[j ys] (+)= sum_p x[p xs] M(p, j)} for {@code p < rows}, {@code j < len}, where {@code M(p, j)} is
     * {@code mat[mOff + p ldm + j]}, or {@code mat[mOff + j ldm + p]} when {@code transM}.
     */
    private static void gemv(boolean fast, boolean transM, int rows, int len, double[] mat, int mOff, int ldm,
                             double[] x, int xOff, int xs, double[] y, int yOff, int ys, boolean accumulate) {
        if (fast) {
            GemvVector.gemv(transM, rows, len, mat, mOff, ldm, x, xOff, xs, y, yOff, ys, accumulate);
        } else if (transM) {
            // dot products of x with rows of M; four partial sums break the dependency chain
            for (int j = 0; j < len; j++) {
                int mj = mOff + j * ldm;
                double s0 = 0.0;
                double s1 = 0.0;
                double s2 = 0.0;
                double s3 = 0.0;
                int p = 0;
                for (; p + 3 < rows; p += 4) {
                    int xi = xOff + p * xs;
                    s0 += x[xi] * mat[mj + p];
                    s1 += x[xi + xs] * mat[mj + p + 1];
                    s2 += x[xi + 2 * xs] * mat[mj + p + 2];
                    s3 += x[xi + 3 * xs] * mat[mj + p + 3];
                }
                for (; p < rows; p++) {
                    s0 += x[xOff + p * xs] * mat[mj + p];
                }
                double s = (s0 + s1) + (s2 + s3);
                int yi = yOff + j * ys;
                y[yi] = accumulate ? y[yi] + s : s;
            }
        } else {
            // scaled rows of M added into y, which stays in cache
            if (!accumulate) {
                for (int j = 0; j < len; j++) {
                    y[yOff + j * ys] = 0.0;
                }
            }
            for (int p = 0; p < rows; p++) {
                double xp = x[xOff + p * xs];
                int mp = mOff + p * ldm;
                if (ys == 1) {
                    for (int j = 0; j < len; j++) {
                        y[yOff + j] += xp * mat[mp + j];
                    }
                } else {
                    for (int j = 0; j < len; j++) {
                        y[yOff + j * ys] += xp * mat[mp + j];
                    }
                }
            }
        }
    }

    /**
     * The plain-Java path, for m, n, k all positive. Blocking: op(B) is walked in {@code PLAIN_KC x PLAIN_NC}
     * blocks (L2-sized); for every row i of C the block's rows are added, four at a time, into the row segment of
     * C (L1-sized), so the innermost loop is a contiguous {@code c[j] += a0 b0[j] + ... + a3 b3[j]} that C2 can
     * vectorise. A transposed B is copied block by block into a per-thread buffer to make its rows contiguous.
     */
    private static void plain(boolean transA, boolean transB, int m, int n, int k,
                              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                              double[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            }
        }
        double[] packed = null;
        if (transB) {
            int need = Math.min(k, PLAIN_KC) * Math.min(n, PLAIN_NC);
            packed = PLAIN_B.get();
            if (packed.length < need) {
                packed = new double[need];
                PLAIN_B.set(packed);
            }
        }
        // op(A)[i][p] is a[aOff + i * as + p * ps]
        int as = transA ? 1 : lda;
        int ps = transA ? lda : 1;
        for (int pc = 0; pc < k; pc += PLAIN_KC) {
            int kc = Math.min(PLAIN_KC, k - pc);
            for (int jc = 0; jc < n; jc += PLAIN_NC) {
                int nc = Math.min(PLAIN_NC, n - jc);
                double[] bb;
                int bBase;
                int bStride;
                if (transB) {
                    // op(B)[p][j] = b[bOff + j * ldb + p]: gather the block into rows of length nc
                    for (int j = 0; j < nc; j++) {
                        int src = bOff + (jc + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            packed[p * nc + j] = b[src + p];
                        }
                    }
                    bb = packed;
                    bBase = 0;
                    bStride = nc;
                } else {
                    bb = b;
                    bBase = bOff + pc * ldb + jc;
                    bStride = ldb;
                }
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + jc;
                    int ai = aOff + i * as + pc * ps;
                    int p = 0;
                    for (; p + 3 < kc; p += 4) {
                        double a0 = a[ai + p * ps];
                        double a1 = a[ai + (p + 1) * ps];
                        double a2 = a[ai + (p + 2) * ps];
                        double a3 = a[ai + (p + 3) * ps];
                        int b0 = bBase + p * bStride;
                        int b1 = b0 + bStride;
                        int b2 = b1 + bStride;
                        int b3 = b2 + bStride;
                        for (int j = 0; j < nc; j++) {
                            c[ci + j] += a0 * bb[b0 + j] + a1 * bb[b1 + j] + a2 * bb[b2 + j] + a3 * bb[b3 + j];
                        }
                    }
                    for (; p < kc; p++) {
                        double a0 = a[ai + p * ps];
                        int b0 = bBase + p * bStride;
                        for (int j = 0; j < nc; j++) {
                            c[ci + j] += a0 * bb[b0 + j];
                        }
                    }
                }
            }
        }
    }

    /** Naive triple loop reference (for tests). */
    static void gemmNaive(boolean transA, boolean transB, int m, int n, int k,
                          double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double[] c, int cOff, int ldc, boolean accumulate) {
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
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k,
                              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                              double[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        String sizes = "m=" + m + ", n=" + n + ", k=" + k + ", transA=" + transA + ", transB=" + transB;
        checkOperand("A", a, transA ? k : m, transA ? m : k, aOff, lda, "aOff", "lda", sizes);
        checkOperand("B", b, transB ? n : k, transB ? k : n, bOff, ldb, "bOff", "ldb", sizes);
        checkOperand("C", c, m, n, cOff, ldc, "cOff", "ldc", sizes);
    }

    /** Checks that {@code array} holds a {@code rows x cols} matrix at {@code off} with row stride {@code ld}. */
    static void checkOperand(String name, double[] array, int rows, int cols, int off, int ld,
                             String offName, String ldName, String sizes) {
        checkOperand(name, array == null ? -1 : array.length, rows, cols, off, ld, offName, ldName, sizes);
    }

    /** {@link #checkOperand(String, double[], int, int, int, int, String, String, String)} by length (-1: null). */
    static void checkOperand(String name, int length, int rows, int cols, int off, int ld,
                             String offName, String ldName, String sizes) {
        if (length < 0) {
            throw new IllegalArgumentException("gemm: " + name + " is null (" + sizes + ")");
        }
        if (off < 0 || ld < 0) {
            throw new IllegalArgumentException("gemm: negative " + (off < 0 ? offName + "=" + off : ldName + "=" + ld)
                    + " for " + name + " (" + sizes + ")");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        if (rows > 1 && ld < cols) {
            throw new IllegalArgumentException("gemm: " + ldName + "=" + ld + " is less than the row length " + cols
                    + " of " + name + " (" + rows + " x " + cols + " stored; " + sizes + ")");
        }
        long end = off + (long) (rows - 1) * ld + cols;
        if (end > length) {
            throw new IllegalArgumentException("gemm: " + name + " (" + rows + " x " + cols + " stored, " + offName
                    + "=" + off + ", " + ldName + "=" + ld + ") needs " + end + " elements but has " + length
                    + " (" + sizes + ")");
        }
    }
}
