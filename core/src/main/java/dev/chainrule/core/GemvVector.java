package dev.chainrule.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API paths of {@link Gemm} for products too thin to pack: a C with one row or column
 * ({@link #gemv}), and a C with a few rows or columns ({@link #thinRows}, {@link #thinColumns}), which treat
 * pairs of rows or columns of C as matrix-vector products with two right-hand sides. Packing would pad such a C
 * to a whole register block of {@link GemmVector}; these read each operand once, in memory order. Like
 * {@link GemmVector}, this class is loaded only where {@code jdk.incubator.vector} is in the boot layer, and its
 * loops keep every vector value inside one method (see {@link GemmVector} on C2 and boxing).
 */
final class GemvVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    private static final int L = S.length();

    /** Per-thread buffers: a strided vector operand made contiguous, and sums on their way to a strided y. */
    private static final class Buffers {
        double[] x = new double[0];
        final double[] tmp = new double[8 * L];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * {@link #thinRows} copies a transposed B into rows of op(B) when the rows of B are at most this long, and
     * otherwise takes dot products with them (dot products want long rows: each ends in a reduction across lanes).
     */
    private static final int THIN_COPY_K = 16;

    private GemvVector() {
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
        double[] tmp = ys == 1 ? null : BUFFERS.get().tmp;
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
        double[] tmp = BUFFERS.get().tmp;
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
}
