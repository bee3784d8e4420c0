package dev.chainrule.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API fast path of {@link Gemm}: a packed, register-blocked double-precision matrix multiply. Outside
 * the tests only {@link Gemm} refers to this class, and only after checking that {@code jdk.incubator.vector} is
 * in the boot layer, so it is never loaded where the module is absent.
 *
 * <p>Blocking scheme (Goto / BLIS):
 * <pre>
 * for jc in 0..n step NC                      columns of C and op(B)
 *   for pc in 0..k step kc                    the shared dimension, in equal blocks of at most KC
 *     pack op(B)[pc:pc+kc, jc:jc+NC]           into NR-wide panels, each kc x NR, row by row   (L3 / L2)
 *     for ic in 0..m step MC                  rows of C and op(A)
 *       pack op(A)[ic:ic+MC, pc:pc+kc]         into MR-row panels, each kc x MR, column by column (L2)
 *       for jr in 0..NC step NR               one B panel, reused by every A panel below        (L1)
 *         for ir in 0..MC step MR             one A panel, streamed from L2
 *           C[ir:ir+MR, jr:jr+NR] += Apanel * Bpanel   (micro-kernel)
 * </pre>
 * The micro-kernel keeps an {@code MR x NR = 8 x (2 lanes)} block of C in 16 vector registers (8 rows, two
 * vectors each; 8 x 16 doubles with 512-bit vectors). Each step of its loop over {@code p} loads one row of the B
 * panel (two vectors), broadcasts the 8 values of one column of the A panel, and does 16 fused multiply-adds.
 * Packing makes both panels contiguous whatever the operands' strides and transposition, and pads the edges with
 * zeros, so the kernel always computes a whole block; a block that overhangs C goes through a small buffer.
 * Pack buffers are kept per thread and grown when a larger product needs more.
 *
 * <p>Packing op(A) pays off when each packed panel is used by many B panels. When C is at most
 * {@link #DIRECT_MAX_N} columns wide (the common case for the rectangular products of a training step, and for
 * each thread's slab of a split product) op(A) is read in place instead: the 8 values the kernel broadcasts at
 * one step are consecutive in a transposed A (a panel is A itself, with stride {@code lda} between steps), and
 * at the same column of 8 rows in a plain A ({@link #kernelRowA}); only a last panel of fewer than MR rows is
 * packed. Packing a plain A costs about 0.33 ns per element (a scalar transpose), that is a quarter of the
 * multiply time when C is 64 columns wide, against a few percent for the in-place kernel.
 *
 * <p>Products with very few rows or columns go to {@link #thinRows} and {@link #thinColumns} instead, which
 * treat pairs of rows or columns of C as matrix-vector products.
 *
 * <p>C2 in JDK 17 only keeps vectors in registers when every Vector API call is inlined and intrinsified; a
 * vector that reaches a call C2 did not inline is boxed, one allocation per operation (50x slower). The kernels
 * below are therefore written without helper methods for vector values.
 */
final class GemmVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    private static final int L = S.length();
    /** Rows of the register block (fixed: the kernel below is unrolled over 8 rows). */
    static final int MR = 8;
    /** Columns of the register block: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block: a KC x NR panel of B stays in L1 while the A panels stream past it. */
    static final int KC = 256;
    /** Rows of a packed block of A (a multiple of MR): MC x KC doubles (256 KiB) stay in L2. */
    static final int MC = 128;
    /** Columns of a packed block of B (a multiple of NR): KC x NC doubles (4 MiB at most) per thread. */
    static final int NC = 2048;

    /** Per-thread pack buffers and the edge buffer; grown, never shrunk. */
    private static final class Buffers {
        double[] a = new double[0];
        double[] b = new double[0];
        /** A strided vector operand of {@link #gemv}, made contiguous. */
        double[] x = new double[0];
        final double[] tile = new double[MR * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private GemmVector() {
    }

    /** Whether this kernel suits the platform: it wants at least 4 lanes (256-bit vectors). */
    static boolean usable() {
        return L >= 4;
    }

    /** C at most this many columns wide reads op(A) in place instead of packing it (see the class comment). */
    static final int DIRECT_MAX_N = 128;
    /**
     * {@link #thinRows} copies a transposed B into rows of op(B) when the rows of B are at most this long, and
     * otherwise takes dot products with them (dot products want long rows: each ends in a reduction across lanes).
     */
    private static final int THIN_COPY_K = 16;

    /** The fast path for positive m, n, k; the arguments were checked by {@link Gemm}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        // k is cut into equal blocks of at most KC (784 = 4 x 196, not 3 x 256 + 16, whose thin last block would
        // load and store each block of C for 16 steps of work)
        int blocks = (k + KC - 1) / KC;
        int kcMax = (k + blocks - 1) / blocks;
        // op(A) is read in place when C is narrow (see the class comment)
        boolean direct = n <= DIRECT_MAX_N;
        int needA = kcMax * (direct ? MR : roundUp(Math.min(m, MC), MR));
        int needB = kcMax * roundUp(Math.min(n, NC), NR);
        if (buf.a.length < needA) {
            buf.a = new double[needA];
        }
        if (buf.b.length < needB) {
            buf.b = new double[needB];
        }
        double[] ap = buf.a;
        double[] bp = buf.b;
        double[] tile = buf.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0, blk = 0; pc < k; blk++) {
                int kc = (k - pc + (blocks - blk) - 1) / (blocks - blk);
                // the first block along k overwrites C unless accumulating; later blocks add to it
                boolean add = accumulate || pc > 0;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    // in place: only a last panel with fewer than MR rows is packed (zero-padded)
                    int mFull = direct ? mc - mc % MR : 0;
                    if (!direct) {
                        packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    } else if (mFull < mc) {
                        packA(transA, a, aOff, lda, ic + mFull, mc - mFull, pc, kc, ap);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bi = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            boolean whole = mr == MR && nr == NR;
                            double[] cc = whole ? c : tile;
                            int cci = whole ? ci : 0;
                            int ldcc = whole ? ldc : NR;
                            boolean addc = whole && add;
                            if (ir >= mFull) {
                                kernel(kc, ap, (ir - mFull) * kc, MR, bp, bi, cc, cci, ldcc, addc);
                            } else if (transA) {
                                kernel(kc, a, aOff + pc * lda + ic + ir, lda, bp, bi, cc, cci, ldcc, addc);
                            } else {
                                kernelRowA(kc, a, aOff + (ic + ir) * lda + pc, lda, bp, bi, cc, cci, ldcc, addc);
                            }
                            if (!whole) {
                                for (int r = 0; r < mr; r++) {
                                    int cr = ci + r * ldc;
                                    int tr = r * NR;
                                    if (add) {
                                        for (int j = 0; j < nr; j++) {
                                            c[cr + j] += tile[tr + j];
                                        }
                                    } else {
                                        System.arraycopy(tile, tr, c, cr, nr);
                                    }
                                }
                            }
                        }
                    }
                }
                pc += kc;
            }
        }
    }

    /**
     * The matrix-vector form, for a C with a single row or column (packing would pad it to a whole register
     * block): {@code y[j ys] (+)= sum_p x[p xs] M(p, j)} for {@code p < rows}, {@code j < len}, where
     * {@code M(p, j)} is {@code mat[mOff + p ldm + j]}, or {@code mat[mOff + j ldm + p]} when {@code transM}.
     * The first form adds scaled rows of M into four vectors of y held in registers, the second takes dot
     * products of x with rows of M, four rows at a time. Both read M once, in memory order.
     */
    static void gemv(boolean transM, int rows, int len, double[] mat, int mOff, int ldm,
                     double[] x, int xOff, int xs, double[] y, int yOff, int ys, boolean accumulate) {
        if (transM) {
            if (xs != 1) {
                Buffers buf = BUFFERS.get();
                if (buf.x.length < rows) {
                    buf.x = new double[rows];
                }
                for (int p = 0; p < rows; p++) {
                    buf.x[p] = x[xOff + p * xs];
                }
                x = buf.x;
                xOff = 0;
            }
            gemvDot(rows, len, mat, mOff, ldm, x, xOff, y, yOff, ys, accumulate);
        } else {
            gemvAxpy(rows, len, mat, mOff, ldm, x, xOff, xs, y, yOff, ys, accumulate);
        }
    }

    /** {@code y[j ys] (+)= sum_p x[p xs] mat[mOff + p ldm + j]}: 4 L columns of y at a time in registers. */
    private static void gemvAxpy(int rows, int len, double[] mat, int mOff, int ldm, double[] x, int xOff, int xs,
                                 double[] y, int yOff, int ys, boolean accumulate) {
        int j = 0;
        double[] tmp = ys == 1 ? null : BUFFERS.get().tile;
        for (; j + 4 * L <= len; j += 4 * L) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            for (int p = 0; p < rows; p++) {
                int mi = mOff + p * ldm + j;
                DoubleVector xp = DoubleVector.broadcast(S, x[xOff + p * xs]);
                s0 = DoubleVector.fromArray(S, mat, mi).fma(xp, s0);
                s1 = DoubleVector.fromArray(S, mat, mi + L).fma(xp, s1);
                s2 = DoubleVector.fromArray(S, mat, mi + 2 * L).fma(xp, s2);
                s3 = DoubleVector.fromArray(S, mat, mi + 3 * L).fma(xp, s3);
            }
            // stores written out per case: no vector value may merge at a phi or reach a call (see kernel)
            if (ys != 1) {
                s0.intoArray(tmp, 0);
                s1.intoArray(tmp, L);
                s2.intoArray(tmp, 2 * L);
                s3.intoArray(tmp, 3 * L);
                scatter(tmp, 4 * L, y, yOff + j * ys, ys, accumulate);
            } else if (accumulate) {
                int yi = yOff + j;
                DoubleVector.fromArray(S, y, yi).add(s0).intoArray(y, yi);
                DoubleVector.fromArray(S, y, yi + L).add(s1).intoArray(y, yi + L);
                DoubleVector.fromArray(S, y, yi + 2 * L).add(s2).intoArray(y, yi + 2 * L);
                DoubleVector.fromArray(S, y, yi + 3 * L).add(s3).intoArray(y, yi + 3 * L);
            } else {
                int yi = yOff + j;
                s0.intoArray(y, yi);
                s1.intoArray(y, yi + L);
                s2.intoArray(y, yi + 2 * L);
                s3.intoArray(y, yi + 3 * L);
            }
        }
        for (; j + L <= len; j += L) {
            DoubleVector s0 = DoubleVector.zero(S);
            for (int p = 0; p < rows; p++) {
                s0 = DoubleVector.fromArray(S, mat, mOff + p * ldm + j).fma(DoubleVector.broadcast(S, x[xOff + p * xs]),
                        s0);
            }
            if (ys != 1) {
                s0.intoArray(tmp, 0);
                scatter(tmp, L, y, yOff + j * ys, ys, accumulate);
            } else if (accumulate) {
                DoubleVector.fromArray(S, y, yOff + j).add(s0).intoArray(y, yOff + j);
            } else {
                s0.intoArray(y, yOff + j);
            }
        }
        for (; j < len; j++) {
            double s = 0.0;
            for (int p = 0; p < rows; p++) {
                s += x[xOff + p * xs] * mat[mOff + p * ldm + j];
            }
            int yi = yOff + j * ys;
            y[yi] = accumulate ? y[yi] + s : s;
        }
    }

    private static void scatter(double[] tmp, int count, double[] y, int yi, int ys, boolean accumulate) {
        for (int t = 0; t < count; t++, yi += ys) {
            y[yi] = accumulate ? y[yi] + tmp[t] : tmp[t];
        }
    }

    /**
     * {@code y[j ys] (+)= dot(x[xOff ...], mat row j)} with x contiguous: four rows of M at a time, two vector
     * accumulators per row (eight independent chains of fused multiply-adds), each load of x used four times.
     */
    private static void gemvDot(int rows, int len, double[] mat, int mOff, int ldm, double[] x, int xOff,
                                double[] y, int yOff, int ys, boolean accumulate) {
        int pv = rows - rows % (2 * L);
        int j = 0;
        for (; j + 4 <= len; j += 4) {
            int m0 = mOff + j * ldm;
            int m1 = m0 + ldm;
            int m2 = m1 + ldm;
            int m3 = m2 + ldm;
            DoubleVector a0 = DoubleVector.zero(S);
            DoubleVector b0 = a0;
            DoubleVector a1 = a0;
            DoubleVector b1 = a0;
            DoubleVector a2 = a0;
            DoubleVector b2 = a0;
            DoubleVector a3 = a0;
            DoubleVector b3 = a0;
            for (int p = 0; p < pv; p += 2 * L) {
                DoubleVector xa = DoubleVector.fromArray(S, x, xOff + p);
                DoubleVector xb = DoubleVector.fromArray(S, x, xOff + p + L);
                a0 = DoubleVector.fromArray(S, mat, m0 + p).fma(xa, a0);
                b0 = DoubleVector.fromArray(S, mat, m0 + p + L).fma(xb, b0);
                a1 = DoubleVector.fromArray(S, mat, m1 + p).fma(xa, a1);
                b1 = DoubleVector.fromArray(S, mat, m1 + p + L).fma(xb, b1);
                a2 = DoubleVector.fromArray(S, mat, m2 + p).fma(xa, a2);
                b2 = DoubleVector.fromArray(S, mat, m2 + p + L).fma(xb, b2);
                a3 = DoubleVector.fromArray(S, mat, m3 + p).fma(xa, a3);
                b3 = DoubleVector.fromArray(S, mat, m3 + p + L).fma(xb, b3);
            }
            double r0 = a0.add(b0).reduceLanes(VectorOperators.ADD);
            double r1 = a1.add(b1).reduceLanes(VectorOperators.ADD);
            double r2 = a2.add(b2).reduceLanes(VectorOperators.ADD);
            double r3 = a3.add(b3).reduceLanes(VectorOperators.ADD);
            for (int p = pv; p < rows; p++) {
                double xp = x[xOff + p];
                r0 += xp * mat[m0 + p];
                r1 += xp * mat[m1 + p];
                r2 += xp * mat[m2 + p];
                r3 += xp * mat[m3 + p];
            }
            int yi = yOff + j * ys;
            if (accumulate) {
                y[yi] += r0;
                y[yi + ys] += r1;
                y[yi + 2 * ys] += r2;
                y[yi + 3 * ys] += r3;
            } else {
                y[yi] = r0;
                y[yi + ys] = r1;
                y[yi + 2 * ys] = r2;
                y[yi + 3 * ys] = r3;
            }
        }
        for (; j < len; j++) {
            int m0 = mOff + j * ldm;
            DoubleVector a0 = DoubleVector.zero(S);
            DoubleVector b0 = a0;
            for (int p = 0; p < pv; p += 2 * L) {
                a0 = DoubleVector.fromArray(S, mat, m0 + p).fma(DoubleVector.fromArray(S, x, xOff + p), a0);
                b0 = DoubleVector.fromArray(S, mat, m0 + p + L).fma(DoubleVector.fromArray(S, x, xOff + p + L), b0);
            }
            double r0 = a0.add(b0).reduceLanes(VectorOperators.ADD);
            for (int p = pv; p < rows; p++) {
                r0 += x[xOff + p] * mat[m0 + p];
            }
            int yi = yOff + j * ys;
            y[yi] = accumulate ? y[yi] + r0 : r0;
        }
    }

    /**
     * A product with few columns ({@code n} small): each pair of columns of C is a matrix-vector product with two
     * right-hand sides, so op(A) is read once per pair instead of padding op(B) to a whole {@code NR}-wide panel.
     * A transposed A is read by rows (scaled rows added into the columns of C), a plain one by dot products with
     * its rows (the columns of op(B) made contiguous first).
     */
    static void thinColumns(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double[] c, int cOff, int ldc, boolean accumulate) {
        // op(B)[p][j] = b[bOff + p bs + j bj]
        int bs = transB ? 1 : ldb;
        int bj = transB ? ldb : 1;
        double[] x = b;
        int xOff = bOff;
        int xs = bs;
        int xj = bj;
        if (!transA && bs != 1) {
            // the dot products want each column of op(B) contiguous: copy them, column j at j k
            Buffers buf = BUFFERS.get();
            if (buf.x.length < n * k) {
                buf.x = new double[n * k];
            }
            x = buf.x;
            for (int p = 0; p < k; p++) {
                int src = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    x[j * k + p] = b[src + j];
                }
            }
            xOff = 0;
            xs = 1;
            xj = k;
        }
        int j = 0;
        for (; j + 1 < n; j += 2) {
            int x0 = xOff + j * xj;
            if (transA) {
                axpy2Strided(k, m, a, aOff, lda, x, x0, x0 + xj, xs, c, cOff + j, cOff + j + 1, ldc, accumulate);
            } else {
                dot2(k, m, a, aOff, lda, x, x0, x0 + xj, c, cOff + j, cOff + j + 1, ldc, accumulate);
            }
        }
        if (j < n) {
            gemv(!transA, k, m, a, aOff, lda, x, xOff + j * xj, xs, c, cOff + j, ldc, accumulate);
        }
    }

    /**
     * A product with few rows ({@code m} small): each pair of rows of C is a vector-matrix product with two
     * left-hand sides, reading op(B) once per pair: scaled rows of B added into the rows of C, or, with a
     * transposed B, dot products with the rows of B.
     */
    static void thinRows(boolean transA, boolean transB, int m, int n, int k,
                         double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                         double[] c, int cOff, int ldc, boolean accumulate) {
        // op(A)[i][p] = a[aOff + i ai + p as]
        int ai = transA ? 1 : lda;
        int as = transA ? lda : 1;
        double[] x = a;
        int xOff = aOff;
        int xs = as;
        int xi = ai;
        if (transB && as != 1 && k > THIN_COPY_K) {
            Buffers buf = BUFFERS.get();
            if (buf.x.length < m * k) {
                buf.x = new double[m * k];
            }
            x = buf.x;
            for (int p = 0; p < k; p++) {
                int src = aOff + p * lda;
                for (int i = 0; i < m; i++) {
                    x[i * k + p] = a[src + i];
                }
            }
            xOff = 0;
            xs = 1;
            xi = k;
        }
        // a transposed B is read by dot products with its rows, unless they are short (k small): then it is copied
        // into k contiguous rows of op(B) and read like a plain one
        double[] mat = b;
        int mOff = bOff;
        int ldm = ldb;
        boolean dot = transB;
        if (transB && k <= THIN_COPY_K) {
            Buffers buf = BUFFERS.get();
            if (buf.x.length < n * k) {
                buf.x = new double[n * k];
            }
            mat = buf.x;
            for (int j = 0; j < n; j++) {
                int src = bOff + j * ldb;
                for (int p = 0; p < k; p++) {
                    mat[p * n + j] = b[src + p];
                }
            }
            mOff = 0;
            ldm = n;
            dot = false;
        }
        int i = 0;
        for (; i + 1 < m; i += 2) {
            int x0 = xOff + i * xi;
            if (dot) {
                dot2(k, n, b, bOff, ldb, x, x0, x0 + xi, c, cOff + i * ldc, cOff + (i + 1) * ldc, 1, accumulate);
            } else {
                axpy2(k, n, mat, mOff, ldm, x, x0, x0 + xi, xs, c, cOff + i * ldc, cOff + (i + 1) * ldc, accumulate);
            }
        }
        if (i < m) {
            gemv(dot, k, n, mat, mOff, ldm, x, xOff + i * xi, xs, c, cOff + i * ldc, 1, accumulate);
        }
    }

    /**
     * Two {@link #gemvAxpy}s sharing the reads of M: {@code y[y0 + j ys] (+)= sum_p x[x0 + p xs] M[p][j]} and the
     * same with {@code x1}, {@code y1}, where {@code M[p][j] = mat[mOff + p ldm + j]}; 4 L columns of both in
     * eight vector registers. Here y is contiguous ({@code ys = 1}); {@link #axpy2Strided} writes a strided y.
     * (Two methods, not one with a branch: C2 in JDK 17 gives up inlining the Vector API calls of a method this
     * large once both branches have been taken, and then every vector is boxed.)
     */
    private static void axpy2(int rows, int len, double[] mat, int mOff, int ldm, double[] x, int x0, int x1, int xs,
                              double[] y, int y0, int y1, boolean accumulate) {
        int j = 0;
        for (; j + 4 * L <= len; j += 4 * L) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            DoubleVector t0 = s0;
            DoubleVector t1 = s0;
            DoubleVector t2 = s0;
            DoubleVector t3 = s0;
            for (int p = 0; p < rows; p++) {
                int mi = mOff + p * ldm + j;
                DoubleVector u = DoubleVector.broadcast(S, x[x0 + p * xs]);
                DoubleVector v = DoubleVector.broadcast(S, x[x1 + p * xs]);
                DoubleVector m0 = DoubleVector.fromArray(S, mat, mi);
                DoubleVector m1 = DoubleVector.fromArray(S, mat, mi + L);
                DoubleVector m2 = DoubleVector.fromArray(S, mat, mi + 2 * L);
                DoubleVector m3 = DoubleVector.fromArray(S, mat, mi + 3 * L);
                s0 = m0.fma(u, s0);
                s1 = m1.fma(u, s1);
                s2 = m2.fma(u, s2);
                s3 = m3.fma(u, s3);
                t0 = m0.fma(v, t0);
                t1 = m1.fma(v, t1);
                t2 = m2.fma(v, t2);
                t3 = m3.fma(v, t3);
            }
            if (accumulate) {
                int u0 = y0 + j;
                int v0 = y1 + j;
                DoubleVector.fromArray(S, y, u0).add(s0).intoArray(y, u0);
                DoubleVector.fromArray(S, y, u0 + L).add(s1).intoArray(y, u0 + L);
                DoubleVector.fromArray(S, y, u0 + 2 * L).add(s2).intoArray(y, u0 + 2 * L);
                DoubleVector.fromArray(S, y, u0 + 3 * L).add(s3).intoArray(y, u0 + 3 * L);
                DoubleVector.fromArray(S, y, v0).add(t0).intoArray(y, v0);
                DoubleVector.fromArray(S, y, v0 + L).add(t1).intoArray(y, v0 + L);
                DoubleVector.fromArray(S, y, v0 + 2 * L).add(t2).intoArray(y, v0 + 2 * L);
                DoubleVector.fromArray(S, y, v0 + 3 * L).add(t3).intoArray(y, v0 + 3 * L);
            } else {
                int u0 = y0 + j;
                int v0 = y1 + j;
                s0.intoArray(y, u0);
                s1.intoArray(y, u0 + L);
                s2.intoArray(y, u0 + 2 * L);
                s3.intoArray(y, u0 + 3 * L);
                t0.intoArray(y, v0);
                t1.intoArray(y, v0 + L);
                t2.intoArray(y, v0 + 2 * L);
                t3.intoArray(y, v0 + 3 * L);
            }
        }
        for (; j + L <= len; j += L) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector t0 = s0;
            for (int p = 0; p < rows; p++) {
                DoubleVector m0 = DoubleVector.fromArray(S, mat, mOff + p * ldm + j);
                s0 = m0.fma(DoubleVector.broadcast(S, x[x0 + p * xs]), s0);
                t0 = m0.fma(DoubleVector.broadcast(S, x[x1 + p * xs]), t0);
            }
            if (accumulate) {
                DoubleVector.fromArray(S, y, y0 + j).add(s0).intoArray(y, y0 + j);
                DoubleVector.fromArray(S, y, y1 + j).add(t0).intoArray(y, y1 + j);
            } else {
                s0.intoArray(y, y0 + j);
                t0.intoArray(y, y1 + j);
            }
        }
        for (; j < len; j++) {
            double s = 0.0;
            double t = 0.0;
            for (int p = 0; p < rows; p++) {
                double mv = mat[mOff + p * ldm + j];
                s += x[x0 + p * xs] * mv;
                t += x[x1 + p * xs] * mv;
            }
            y[y0 + j] = accumulate ? y[y0 + j] + s : s;
            y[y1 + j] = accumulate ? y[y1 + j] + t : t;
        }
    }

    /** {@link #axpy2} for a strided y (a column of C): the sums go through a buffer. */
    private static void axpy2Strided(int rows, int len, double[] mat, int mOff, int ldm, double[] x, int x0, int x1,
                                     int xs, double[] y, int y0, int y1, int ys, boolean accumulate) {
        int j = 0;
        double[] tmp = BUFFERS.get().tile;
        for (; j + 4 * L <= len; j += 4 * L) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            DoubleVector t0 = s0;
            DoubleVector t1 = s0;
            DoubleVector t2 = s0;
            DoubleVector t3 = s0;
            for (int p = 0; p < rows; p++) {
                int mi = mOff + p * ldm + j;
                DoubleVector u = DoubleVector.broadcast(S, x[x0 + p * xs]);
                DoubleVector v = DoubleVector.broadcast(S, x[x1 + p * xs]);
                DoubleVector m0 = DoubleVector.fromArray(S, mat, mi);
                DoubleVector m1 = DoubleVector.fromArray(S, mat, mi + L);
                DoubleVector m2 = DoubleVector.fromArray(S, mat, mi + 2 * L);
                DoubleVector m3 = DoubleVector.fromArray(S, mat, mi + 3 * L);
                s0 = m0.fma(u, s0);
                s1 = m1.fma(u, s1);
                s2 = m2.fma(u, s2);
                s3 = m3.fma(u, s3);
                t0 = m0.fma(v, t0);
                t1 = m1.fma(v, t1);
                t2 = m2.fma(v, t2);
                t3 = m3.fma(v, t3);
            }
            s0.intoArray(tmp, 0);
            s1.intoArray(tmp, L);
            s2.intoArray(tmp, 2 * L);
            s3.intoArray(tmp, 3 * L);
            t0.intoArray(tmp, 4 * L);
            t1.intoArray(tmp, 5 * L);
            t2.intoArray(tmp, 6 * L);
            t3.intoArray(tmp, 7 * L);
            scatter2(tmp, 4 * L, y, y0 + j * ys, y1 + j * ys, ys, accumulate);
        }
        for (; j + L <= len; j += L) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector t0 = s0;
            for (int p = 0; p < rows; p++) {
                DoubleVector m0 = DoubleVector.fromArray(S, mat, mOff + p * ldm + j);
                s0 = m0.fma(DoubleVector.broadcast(S, x[x0 + p * xs]), s0);
                t0 = m0.fma(DoubleVector.broadcast(S, x[x1 + p * xs]), t0);
            }
            s0.intoArray(tmp, 0);
            t0.intoArray(tmp, L);
            scatter2(tmp, L, y, y0 + j * ys, y1 + j * ys, ys, accumulate);
        }
        for (; j < len; j++) {
            double s = 0.0;
            double t = 0.0;
            for (int p = 0; p < rows; p++) {
                double mv = mat[mOff + p * ldm + j];
                s += x[x0 + p * xs] * mv;
                t += x[x1 + p * xs] * mv;
            }
            int u0 = y0 + j * ys;
            int v0 = y1 + j * ys;
            y[u0] = accumulate ? y[u0] + s : s;
            y[v0] = accumulate ? y[v0] + t : t;
        }
    }

    /** Writes (or adds) {@code tmp[0:count]} to {@code y[u ...]} and {@code tmp[count:2 count]} to {@code y[v ...]}. */
    private static void scatter2(double[] tmp, int count, double[] y, int u, int v, int ys, boolean accumulate) {
        for (int t = 0; t < count; t++, u += ys, v += ys) {
            y[u] = accumulate ? y[u] + tmp[t] : tmp[t];
            y[v] = accumulate ? y[v] + tmp[count + t] : tmp[count + t];
        }
    }

    /**
     * Two {@link #gemvDot}s sharing the reads of M: {@code y[y0 + j ys] (+)= dot(x[x0 ...], M row j)} and the same
     * with {@code x1}, {@code y1}, where row j of M is {@code mat[mOff + j ldm ...]} and both x are contiguous; four
     * rows of M at a time, eight vector accumulators.
     */
    private static void dot2(int rows, int len, double[] mat, int mOff, int ldm, double[] x, int x0, int x1,
                             double[] y, int y0, int y1, int ys, boolean accumulate) {
        int pv = rows - rows % L;
        int j = 0;
        for (; j + 4 <= len; j += 4) {
            int m0 = mOff + j * ldm;
            int m1 = m0 + ldm;
            int m2 = m1 + ldm;
            int m3 = m2 + ldm;
            DoubleVector a0 = DoubleVector.zero(S);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            DoubleVector b0 = a0;
            DoubleVector b1 = a0;
            DoubleVector b2 = a0;
            DoubleVector b3 = a0;
            for (int p = 0; p < pv; p += L) {
                DoubleVector u = DoubleVector.fromArray(S, x, x0 + p);
                DoubleVector v = DoubleVector.fromArray(S, x, x1 + p);
                DoubleVector r0 = DoubleVector.fromArray(S, mat, m0 + p);
                DoubleVector r1 = DoubleVector.fromArray(S, mat, m1 + p);
                DoubleVector r2 = DoubleVector.fromArray(S, mat, m2 + p);
                DoubleVector r3 = DoubleVector.fromArray(S, mat, m3 + p);
                a0 = r0.fma(u, a0);
                a1 = r1.fma(u, a1);
                a2 = r2.fma(u, a2);
                a3 = r3.fma(u, a3);
                b0 = r0.fma(v, b0);
                b1 = r1.fma(v, b1);
                b2 = r2.fma(v, b2);
                b3 = r3.fma(v, b3);
            }
            double s0 = a0.reduceLanes(VectorOperators.ADD);
            double s1 = a1.reduceLanes(VectorOperators.ADD);
            double s2 = a2.reduceLanes(VectorOperators.ADD);
            double s3 = a3.reduceLanes(VectorOperators.ADD);
            double t0 = b0.reduceLanes(VectorOperators.ADD);
            double t1 = b1.reduceLanes(VectorOperators.ADD);
            double t2 = b2.reduceLanes(VectorOperators.ADD);
            double t3 = b3.reduceLanes(VectorOperators.ADD);
            for (int p = pv; p < rows; p++) {
                double u = x[x0 + p];
                double v = x[x1 + p];
                s0 += u * mat[m0 + p];
                s1 += u * mat[m1 + p];
                s2 += u * mat[m2 + p];
                s3 += u * mat[m3 + p];
                t0 += v * mat[m0 + p];
                t1 += v * mat[m1 + p];
                t2 += v * mat[m2 + p];
                t3 += v * mat[m3 + p];
            }
            int u0 = y0 + j * ys;
            int v0 = y1 + j * ys;
            if (accumulate) {
                y[u0] += s0;
                y[u0 + ys] += s1;
                y[u0 + 2 * ys] += s2;
                y[u0 + 3 * ys] += s3;
                y[v0] += t0;
                y[v0 + ys] += t1;
                y[v0 + 2 * ys] += t2;
                y[v0 + 3 * ys] += t3;
            } else {
                y[u0] = s0;
                y[u0 + ys] = s1;
                y[u0 + 2 * ys] = s2;
                y[u0 + 3 * ys] = s3;
                y[v0] = t0;
                y[v0 + ys] = t1;
                y[v0 + 2 * ys] = t2;
                y[v0 + 3 * ys] = t3;
            }
        }
        for (; j < len; j++) {
            int m0 = mOff + j * ldm;
            DoubleVector a0 = DoubleVector.zero(S);
            DoubleVector b0 = a0;
            for (int p = 0; p < pv; p += L) {
                DoubleVector r0 = DoubleVector.fromArray(S, mat, m0 + p);
                a0 = r0.fma(DoubleVector.fromArray(S, x, x0 + p), a0);
                b0 = r0.fma(DoubleVector.fromArray(S, x, x1 + p), b0);
            }
            double s0 = a0.reduceLanes(VectorOperators.ADD);
            double t0 = b0.reduceLanes(VectorOperators.ADD);
            for (int p = pv; p < rows; p++) {
                s0 += x[x0 + p] * mat[m0 + p];
                t0 += x[x1 + p] * mat[m0 + p];
            }
            int u0 = y0 + j * ys;
            int v0 = y1 + j * ys;
            y[u0] = accumulate ? y[u0] + s0 : s0;
            y[v0] = accumulate ? y[v0] + t0 : t0;
        }
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    /**
     * Packs {@code op(B)[pc:pc+kc, jc:jc+nc]} into NR-wide panels: panel {@code q} holds columns
     * {@code jc + q NR ...} and starts at {@code q NR kc}; within it, row {@code p} is the NR values at
     * {@code p NR}. Columns past {@code nc} are zero.
     */
    private static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              double[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = jr * kc;
            if (!transB) {
                // op(B)[p][j] = b[bOff + p ldb + j]: rows of the panel are contiguous in B
                int src = bOff + pc * ldb + jc + jr;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                        DoubleVector.fromArray(S, b, src).intoArray(bp, dst);
                        DoubleVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                        System.arraycopy(b, src, bp, dst, nr);
                        java.util.Arrays.fill(bp, dst + nr, dst + NR, 0.0);
                    }
                }
            } else {
                // op(B)[p][j] = b[bOff + j ldb + p]: each column of the panel is a contiguous run of a row of B
                for (int j = 0; j < nr; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * NR + j] = b[src + p];
                    }
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * NR + j] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Packs {@code op(A)[ic:ic+mc, pc:pc+kc]} into MR-row panels: panel {@code q} holds rows {@code ic + q MR ...}
     * and starts at {@code q MR kc}; within it, column {@code p} is the MR values at {@code p MR}. Rows past
     * {@code mc} are zero.
     */
    private static void packA(boolean transA, double[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              double[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            if (transA && mr == MR) {
                // op(A)[i][p] = a[aOff + p lda + i]: each column of the panel is MR contiguous values of A
                int src = aOff + pc * lda + ic + ir;
                if (L == MR) {
                    for (int p = 0; p < kc; p++, src += lda, dst += MR) {
                        DoubleVector.fromArray(S, a, src).intoArray(ap, dst);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += lda, dst += MR) {
                        for (int r = 0; r < MR; r += L) {
                            DoubleVector.fromArray(S, a, src + r).intoArray(ap, dst + r);
                        }
                    }
                }
            } else if (transA) {
                int src = aOff + pc * lda + ic + ir;
                for (int p = 0; p < kc; p++, src += lda, dst += MR) {
                    int r = 0;
                    for (; r < mr; r++) {
                        ap[dst + r] = a[src + r];
                    }
                    for (; r < MR; r++) {
                        ap[dst + r] = 0.0;
                    }
                }
            } else {
                // op(A)[i][p] = a[aOff + i lda + p]: each row of the panel is a contiguous run of a row of A
                for (int r = 0; r < mr; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * MR + r] = a[src + p];
                    }
                }
                for (int r = mr; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * MR + r] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * The micro-kernel: {@code C[0:MR, 0:NR] (+)= Apanel * Bpanel} over {@code kc} steps, with the C block in 16
     * vector registers. {@code ai} indexes the A panel, whose column {@code p} (the MR values broadcast at step
     * {@code p}) starts at {@code ai + p aps}: {@code aps = MR} in a packed panel, {@code lda} when a transposed A
     * is read in place. {@code bi} indexes the packed B panel, {@code ci} the block's first element of C (row
     * stride {@code ldc}); {@code add} adds to C instead of overwriting it.
     */
    private static void kernel(int kc, double[] ap, int ai, int aps, double[] bp, int bi, double[] c, int ci,
                               int ldc, boolean add) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        DoubleVector c60 = c00;
        DoubleVector c61 = c00;
        DoubleVector c70 = c00;
        DoubleVector c71 = c00;
        for (int p = 0; p < kc; p++) {
            int pb = bi + p * NR;
            int pa = ai + p * aps;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, pb);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, pb + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[pa]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[pa + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[pa + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[pa + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[pa + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, ap[pa + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, ap[pa + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, ap[pa + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        // Written out rather than through a helper: in a method this large C2 (JDK 17) may stop inlining small
        // helpers, and a vector passed to a call that is not inlined is boxed, also inside the loop above (50x
        // slower). Likewise no vector value may merge at a phi after a branch, hence two separate stores.
        if (add) {
            DoubleVector.fromArray(S, c, ci).add(c00).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c01).intoArray(c, ci + L);
            DoubleVector.fromArray(S, c, ci + ldc).add(c10).intoArray(c, ci + ldc);
            DoubleVector.fromArray(S, c, ci + ldc + L).add(c11).intoArray(c, ci + ldc + L);
            DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20).intoArray(c, ci + 2 * ldc);
            DoubleVector.fromArray(S, c, ci + 2 * ldc + L).add(c21).intoArray(c, ci + 2 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c30).intoArray(c, ci + 3 * ldc);
            DoubleVector.fromArray(S, c, ci + 3 * ldc + L).add(c31).intoArray(c, ci + 3 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 4 * ldc).add(c40).intoArray(c, ci + 4 * ldc);
            DoubleVector.fromArray(S, c, ci + 4 * ldc + L).add(c41).intoArray(c, ci + 4 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 5 * ldc).add(c50).intoArray(c, ci + 5 * ldc);
            DoubleVector.fromArray(S, c, ci + 5 * ldc + L).add(c51).intoArray(c, ci + 5 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 6 * ldc).add(c60).intoArray(c, ci + 6 * ldc);
            DoubleVector.fromArray(S, c, ci + 6 * ldc + L).add(c61).intoArray(c, ci + 6 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 7 * ldc).add(c70).intoArray(c, ci + 7 * ldc);
            DoubleVector.fromArray(S, c, ci + 7 * ldc + L).add(c71).intoArray(c, ci + 7 * ldc + L);
        } else {
            c00.intoArray(c, ci);
            c01.intoArray(c, ci + L);
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
            c40.intoArray(c, ci + 4 * ldc);
            c41.intoArray(c, ci + 4 * ldc + L);
            c50.intoArray(c, ci + 5 * ldc);
            c51.intoArray(c, ci + 5 * ldc + L);
            c60.intoArray(c, ci + 6 * ldc);
            c61.intoArray(c, ci + 6 * ldc + L);
            c70.intoArray(c, ci + 7 * ldc);
            c71.intoArray(c, ci + 7 * ldc + L);
        }
    }

    /**
     * {@link #kernel} reading op(A) in place from a row-major (not transposed) A: row {@code r} of the panel is
     * {@code ap[ai + r lda ...]}.
     */
    private static void kernelRowA(int kc, double[] ap, int ai, int lda, double[] bp, int bi, double[] c, int ci,
                               int ldc, boolean add) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        DoubleVector c60 = c00;
        DoubleVector c61 = c00;
        DoubleVector c70 = c00;
        DoubleVector c71 = c00;
        int a1 = ai + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            int pb = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, pb);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, pb + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ai + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, ap[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(S, ap[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(S, ap[a7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        // Written out rather than through a helper: in a method this large C2 (JDK 17) may stop inlining small
        // helpers, and a vector passed to a call that is not inlined is boxed, also inside the loop above (50x
        // slower). Likewise no vector value may merge at a phi after a branch, hence two separate stores.
        if (add) {
            DoubleVector.fromArray(S, c, ci).add(c00).intoArray(c, ci);
            DoubleVector.fromArray(S, c, ci + L).add(c01).intoArray(c, ci + L);
            DoubleVector.fromArray(S, c, ci + ldc).add(c10).intoArray(c, ci + ldc);
            DoubleVector.fromArray(S, c, ci + ldc + L).add(c11).intoArray(c, ci + ldc + L);
            DoubleVector.fromArray(S, c, ci + 2 * ldc).add(c20).intoArray(c, ci + 2 * ldc);
            DoubleVector.fromArray(S, c, ci + 2 * ldc + L).add(c21).intoArray(c, ci + 2 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 3 * ldc).add(c30).intoArray(c, ci + 3 * ldc);
            DoubleVector.fromArray(S, c, ci + 3 * ldc + L).add(c31).intoArray(c, ci + 3 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 4 * ldc).add(c40).intoArray(c, ci + 4 * ldc);
            DoubleVector.fromArray(S, c, ci + 4 * ldc + L).add(c41).intoArray(c, ci + 4 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 5 * ldc).add(c50).intoArray(c, ci + 5 * ldc);
            DoubleVector.fromArray(S, c, ci + 5 * ldc + L).add(c51).intoArray(c, ci + 5 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 6 * ldc).add(c60).intoArray(c, ci + 6 * ldc);
            DoubleVector.fromArray(S, c, ci + 6 * ldc + L).add(c61).intoArray(c, ci + 6 * ldc + L);
            DoubleVector.fromArray(S, c, ci + 7 * ldc).add(c70).intoArray(c, ci + 7 * ldc);
            DoubleVector.fromArray(S, c, ci + 7 * ldc + L).add(c71).intoArray(c, ci + 7 * ldc + L);
        } else {
            c00.intoArray(c, ci);
            c01.intoArray(c, ci + L);
            c10.intoArray(c, ci + ldc);
            c11.intoArray(c, ci + ldc + L);
            c20.intoArray(c, ci + 2 * ldc);
            c21.intoArray(c, ci + 2 * ldc + L);
            c30.intoArray(c, ci + 3 * ldc);
            c31.intoArray(c, ci + 3 * ldc + L);
            c40.intoArray(c, ci + 4 * ldc);
            c41.intoArray(c, ci + 4 * ldc + L);
            c50.intoArray(c, ci + 5 * ldc);
            c51.intoArray(c, ci + 5 * ldc + L);
            c60.intoArray(c, ci + 6 * ldc);
            c61.intoArray(c, ci + 6 * ldc + L);
            c70.intoArray(c, ci + 7 * ldc);
            c71.intoArray(c, ci + 7 * ldc + L);
        }
    }
}
