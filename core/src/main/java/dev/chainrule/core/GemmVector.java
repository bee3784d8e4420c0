package dev.chainrule.core;

import jdk.incubator.vector.DoubleVector;
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
 * <p>Products with very few rows or columns go to {@link GemvVector#thinRows} and
 * {@link GemvVector#thinColumns} instead, which treat pairs of rows or columns of C as matrix-vector products.
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
