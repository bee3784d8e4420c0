package dev.chainrule.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 fast path of {@link Sgemm}: both operands packed into cache-sized panels and an 8 x 2L register
 * block ({@code L} = 16 lanes on AVX-512, so 8 x 32 floats in 16 registers) updated by one vector FMA per
 * register and step, as {@link GemmVector} does for float64 with half the lanes. Loaded only when the Vector API
 * module is present.
 */
final class SgemmVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    private static final int L = S.length();
    /** Rows of the register block (the kernel below is unrolled over 8 rows). */
    static final int MR = 8;
    /** Columns of the register block: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block: a KC x NR panel of B (32 KiB at 32 columns) stays in L1. */
    static final int KC = 192;
    /** Rows of a packed block of A (a multiple of MR): MC x KC floats (128 KiB) stay in L2. */
    static final int MC = 128;
    /** Columns of a packed block of B (a multiple of NR). */
    static final int NC = 2048;
    /**
     * C at most this many columns wide reads a plain (not transposed) A in place ({@link #kernelRowA}) instead of
     * packing it, as {@link GemmVector#DIRECT_MAX_N}: packing pays off only when many B panels reuse a packed A
     * panel. A transposed A is always read in place (but for a last panel of fewer than MR rows, packed with zeros).
     */
    static final int DIRECT_MAX_N = 128;

    /** Per-thread pack buffers and the edge tile; grown, never shrunk. */
    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private SgemmVector() {
    }

    /** Whether this kernel suits the platform: it wants at least 8 float lanes (256-bit vectors). */
    static boolean usable() {
        return L >= 8;
    }

    /** C (+)= op(A) op(B) for positive m, n, k; the arguments were checked by {@link Sgemm}. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        // k in equal blocks of at most KC, so that no last block is a thin sliver (see GemmVector)
        int blocks = (k + KC - 1) / KC;
        int kcMax = (k + blocks - 1) / blocks;
        int needA = kcMax * roundUp(Math.min(m, MC), MR);
        int needB = kcMax * roundUp(Math.min(n, NC), NR);
        if (buf.a.length < needA) {
            buf.a = new float[needA];
        }
        if (buf.b.length < needB) {
            buf.b = new float[needB];
        }
        float[] ap = buf.a;
        float[] bp = buf.b;
        float[] tile = buf.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0, blk = 0; pc < k; blk++) {
                int kc = (k - pc + (blocks - blk) - 1) / (blocks - blk);
                boolean add = accumulate || pc > 0;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    // A is read in place when transposed (the MR values of a panel's column are contiguous in
                    // it) or when C is narrow; only a last panel with fewer than MR rows is packed (zero-padded)
                    boolean rowA = !transA && n <= DIRECT_MAX_N;
                    int mFull = transA || rowA ? mc - mc % MR : 0;
                    if (!transA && !rowA) {
                        packA(false, a, aOff, lda, ic, mc, pc, kc, ap);
                    } else if (mFull < mc) {
                        packA(transA, a, aOff, lda, ic + mFull, mc - mFull, pc, kc, ap);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            boolean whole = mr == MR && nr == NR;
                            float[] cc = whole ? c : tile;
                            int cci = whole ? ci : 0;
                            int ldcc = whole ? ldc : NR;
                            boolean addc = whole && add;
                            if (ir >= mFull) {
                                kernel(kc, ap, (ir - mFull) * kc, MR, bp, jr * kc, cc, cci, ldcc, addc);
                            } else if (transA) {
                                kernel(kc, a, aOff + pc * lda + ic + ir, lda, bp, jr * kc, cc, cci, ldcc, addc);
                            } else {
                                kernelRowA(kc, a, aOff + (ic + ir) * lda + pc, lda, bp, jr * kc, cc, cci, ldcc,
                                        addc);
                            }
                            if (whole) {
                                continue;
                            }
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
                pc += kc;
            }
        }
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    /** Packs {@code op(B)[pc:pc+kc, jc:jc+nc]} into NR-wide panels, rows of NR values; columns past nc are 0. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = jr * kc;
            if (!transB) {
                int src = bOff + pc * ldb + jc + jr;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                        FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
                        System.arraycopy(b, src, bp, dst, nr);
                        java.util.Arrays.fill(bp, dst + nr, dst + NR, 0f);
                    }
                }
            } else {
                // op(B)[p][j] = b[bOff + j ldb + p]: each column of the panel is a run of a row of B
                for (int j = 0; j < nr; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * NR + j] = b[src + p];
                    }
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    /** Packs {@code op(A)[ic:ic+mc, pc:pc+kc]} into MR-row panels, columns of MR values; rows past mc are 0. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            if (transA) {
                // op(A)[i][p] = a[aOff + p lda + i]: each column of the panel is MR contiguous values of A
                int src = aOff + pc * lda + ic + ir;
                for (int p = 0; p < kc; p++, src += lda, dst += MR) {
                    int r = 0;
                    for (; r < mr; r++) {
                        ap[dst + r] = a[src + r];
                    }
                    for (; r < MR; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    int src = aOff + (ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * MR + r] = a[src + p];
                    }
                }
                for (int r = mr; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * The micro-kernel: {@code C[0:MR, 0:NR] (+)= Apanel Bpanel} over {@code kc} steps with the block of C in 16
     * vector registers. Column {@code p} of the A panel (the MR values broadcast at step p) starts at
     * {@code ai + p aps}: {@code aps = MR} in a packed panel, {@code lda} for a transposed A read in place.
     * Written out in full for the reason given in {@link GemmVector}'s kernel: a vector passed to
     * a call C2 does not inline is boxed.
     */
    private static void kernel(int kc, float[] ap, int ai, int aps, float[] bp, int bi, float[] c, int ci, int ldc,
                               boolean add) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int p = 0; p < kc; p++) {
            int pb = bi + p * NR;
            int pa = ai + p * aps;
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + L);
            FloatVector x = FloatVector.broadcast(S, ap[pa]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[pa + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[pa + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[pa + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[pa + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[pa + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[pa + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[pa + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (add) {
            FloatVector.fromArray(S, c, ci).add(c00).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c01).intoArray(c, ci + L);
            FloatVector.fromArray(S, c, ci + ldc).add(c10).intoArray(c, ci + ldc);
            FloatVector.fromArray(S, c, ci + ldc + L).add(c11).intoArray(c, ci + ldc + L);
            FloatVector.fromArray(S, c, ci + 2 * ldc).add(c20).intoArray(c, ci + 2 * ldc);
            FloatVector.fromArray(S, c, ci + 2 * ldc + L).add(c21).intoArray(c, ci + 2 * ldc + L);
            FloatVector.fromArray(S, c, ci + 3 * ldc).add(c30).intoArray(c, ci + 3 * ldc);
            FloatVector.fromArray(S, c, ci + 3 * ldc + L).add(c31).intoArray(c, ci + 3 * ldc + L);
            FloatVector.fromArray(S, c, ci + 4 * ldc).add(c40).intoArray(c, ci + 4 * ldc);
            FloatVector.fromArray(S, c, ci + 4 * ldc + L).add(c41).intoArray(c, ci + 4 * ldc + L);
            FloatVector.fromArray(S, c, ci + 5 * ldc).add(c50).intoArray(c, ci + 5 * ldc);
            FloatVector.fromArray(S, c, ci + 5 * ldc + L).add(c51).intoArray(c, ci + 5 * ldc + L);
            FloatVector.fromArray(S, c, ci + 6 * ldc).add(c60).intoArray(c, ci + 6 * ldc);
            FloatVector.fromArray(S, c, ci + 6 * ldc + L).add(c61).intoArray(c, ci + 6 * ldc + L);
            FloatVector.fromArray(S, c, ci + 7 * ldc).add(c70).intoArray(c, ci + 7 * ldc);
            FloatVector.fromArray(S, c, ci + 7 * ldc + L).add(c71).intoArray(c, ci + 7 * ldc + L);
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
     * {@link #kernel} reading a plain (row-major, not transposed) A in place: row {@code r} of the panel is
     * {@code ap[ai + r lda ...]}, so step {@code p} broadcasts one value of each of 8 rows.
     */
    private static void kernelRowA(int kc, float[] ap, int ai, int lda, float[] bp, int bi, float[] c, int ci,
                                   int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        int a1 = ai + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            int pb = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[a7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        if (add) {
            FloatVector.fromArray(S, c, ci).add(c00).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + L).add(c01).intoArray(c, ci + L);
            FloatVector.fromArray(S, c, ci + ldc).add(c10).intoArray(c, ci + ldc);
            FloatVector.fromArray(S, c, ci + ldc + L).add(c11).intoArray(c, ci + ldc + L);
            FloatVector.fromArray(S, c, ci + 2 * ldc).add(c20).intoArray(c, ci + 2 * ldc);
            FloatVector.fromArray(S, c, ci + 2 * ldc + L).add(c21).intoArray(c, ci + 2 * ldc + L);
            FloatVector.fromArray(S, c, ci + 3 * ldc).add(c30).intoArray(c, ci + 3 * ldc);
            FloatVector.fromArray(S, c, ci + 3 * ldc + L).add(c31).intoArray(c, ci + 3 * ldc + L);
            FloatVector.fromArray(S, c, ci + 4 * ldc).add(c40).intoArray(c, ci + 4 * ldc);
            FloatVector.fromArray(S, c, ci + 4 * ldc + L).add(c41).intoArray(c, ci + 4 * ldc + L);
            FloatVector.fromArray(S, c, ci + 5 * ldc).add(c50).intoArray(c, ci + 5 * ldc);
            FloatVector.fromArray(S, c, ci + 5 * ldc + L).add(c51).intoArray(c, ci + 5 * ldc + L);
            FloatVector.fromArray(S, c, ci + 6 * ldc).add(c60).intoArray(c, ci + 6 * ldc);
            FloatVector.fromArray(S, c, ci + 6 * ldc + L).add(c61).intoArray(c, ci + 6 * ldc + L);
            FloatVector.fromArray(S, c, ci + 7 * ldc).add(c70).intoArray(c, ci + 7 * ldc);
            FloatVector.fromArray(S, c, ci + 7 * ldc + L).add(c71).intoArray(c, ci + 7 * ldc + L);
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
