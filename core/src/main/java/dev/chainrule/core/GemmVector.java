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
 *   for pc in 0..k step KC                    the shared dimension
 *     pack op(B)[pc:pc+KC, jc:jc+NC]           into NR-wide panels, each KC x NR, row by row   (L3 / L2)
 *     for ic in 0..m step MC                  rows of C and op(A)
 *       pack op(A)[ic:ic+MC, pc:pc+KC]         into MR-row panels, each KC x MR, column by column (L2)
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

    /** The fast path for positive m, n, k; the arguments were checked by {@link Gemm}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double[] c, int cOff, int ldc, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        int kcMax = Math.min(k, KC);
        int needA = kcMax * roundUp(Math.min(m, MC), MR);
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
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // the first block along k overwrites C unless accumulating; later blocks add to it
                boolean add = accumulate || pc > 0;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bi = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ai = ir * kc;
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                kernel(kc, ap, ai, bp, bi, c, ci, ldc, add);
                            } else {
                                kernel(kc, ap, ai, bp, bi, tile, 0, NR, false);
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
            if (transA) {
                // op(A)[i][p] = a[aOff + p lda + i]: each column of the panel is contiguous in A
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
     * vector registers. {@code ai}, {@code bi} index the packed panels, {@code ci} the block's first element of
     * C (row stride {@code ldc}); {@code add} adds to C instead of overwriting it.
     */
    private static void kernel(int kc, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc,
                               boolean add) {
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
            int pa = ai + p * MR;
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
}
