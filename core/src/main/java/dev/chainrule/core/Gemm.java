package dev.chainrule.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

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
 * <p>Products above {@link #PARALLEL_MIN_WORK} are cut into column (or row) slabs, one per core, which the calling
 * thread and dedicated worker threads claim: each slab is a smaller gemm with its own pack buffers, so slabs never
 * share written memory. The workers spin for a while after each product instead of parking at once, so that the
 * next product of a training step finds them awake (handing a slab to a parked thread costs tens of
 * microseconds, as much as a whole 128 x 128 x 256 product); a slab nobody has claimed yet when the caller is done
 * with its own is computed by the caller, so a worker that is slow to wake only costs its share of parallelism.
 * (Not the common pool, nor any {@code ForkJoinPool}: in JDK 17 the common pool's workers erase their thread
 * locals after every task, so the per-thread pack buffers would be allocated and first touched on every call, and
 * a pool's hand-off took 20 to 30 microseconds per product even with a dedicated pool.)
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
     * Products with at least this many multiply-adds ({@code m n k}) are split across cores. With workers that are
     * awake, handing over a slab takes about a microsecond, but the slab's operands then have to cross from the
     * caller's cache to the worker's and its part of C back, which costs more than the time saved below a few
     * hundred thousand multiply-adds. The eight products of a 2-64-64-2 MLP step (three of them 64 x 64 x 64,
     * 262,144 multiply-adds) took 23 microseconds in sequence with the 64^3 ones on one thread and 28 to 30 with
     * them split, although a 64^3 product repeated on its own looks faster split (4.4 against 7.0). The products
     * of a 784-256-128-10 step from 128 x 128 x 256 up run about twice as fast on two threads.
     */
    static final long PARALLEL_MIN_WORK = 300_000;
    /**
     * A product with at most this many columns (and no more columns than rows) is computed as pairs of
     * matrix-vector products ({@link GemmVector#thinColumns}) rather than padded to a whole register block of
     * {@code NR = 16} columns. Measured (one thread, microseconds, thin / packed; m x n x k; T: transposed A):
     * 64 x 2 x 64: 0.7 / 2.0, 64 x 2 x 64 T: 0.4 / 1.9, 128 x 4 x 128: 4.5 / 6.8, 128 x 4 x 128 T: 3.7 / 6.3,
     * 512 x 4 x 512: 72 / 105, 128 x 6 x 128: 6.5 / 6.7, 512 x 6 x 512 T: 129 / 101, 128 x 8 x 128: 8.5 / 6.3,
     * 128 x 10 x 128: 10.7 / 6.4.
     */
    static final int THIN_N = 4;
    /**
     * Likewise for rows ({@link GemmVector#thinRows}); the packed path pads rows only to {@code MR = 8}, so the
     * crossing is higher: 2 x 64 x 64: 0.34 / 1.4, 4 x 128 x 128: 3.2 / 5.7, 4 x 512 x 512 T: 78 / 129,
     * 6 x 128 x 128: 4.7 / 5.8, 8 x 128 x 128: 6.6 / 5.9.
     */
    static final int THIN_M = 6;
    /** Each slab gets at least this many rows or columns (a register block), so that no slab is a sliver. */
    private static final int MIN_SLAB = 16;
    /** How long an idle worker spins for the next product before it parks. */
    private static final long SPIN_NANOS = 2_000_000L;

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    /**
     * The worker threads that help the caller with split products: daemon threads, created on first use, one per
     * core but the caller's. After a product a worker spins for {@link #SPIN_NANOS} waiting for the next one before
     * it parks (waking a parked thread takes tens of microseconds, as long as a whole mid-sized product); one
     * caller at a time uses them, others compute alone.
     */
    private static final class Workers {
        private static final Worker[] WORKERS = start();
        private static final AtomicBoolean BUSY = new AtomicBoolean();

        private static Worker[] start() {
            Worker[] workers = new Worker[Math.max(1, THREADS - 1)];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(i);
                workers[i].start();
            }
            return workers;
        }

        static boolean acquire() {
            return BUSY.compareAndSet(false, true);
        }

        static void release() {
            BUSY.set(false);
        }

        static void offer(Job job) {
            for (Worker w : WORKERS) {
                w.offer(job);
            }
        }
    }

    private static final class Worker extends Thread {
        private final AtomicReference<Job> job = new AtomicReference<>();
        private final int index;
        private volatile boolean parked;

        Worker(int index) {
            super("chainrule-gemm-" + index);
            this.index = index;
            setDaemon(true);
        }

        void offer(Job j) {
            job.set(j);
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            int spins = 0;
            while (true) {
                Job j = job.get();
                if (j != null) {
                    job.compareAndSet(j, null);
                    j.work(index + 1);
                    idleSince = System.nanoTime();
                    spins = 0;
                    continue;
                }
                Thread.onSpinWait();
                if ((++spins & 255) == 0) {
                    long idle = System.nanoTime() - idleSince;
                    if (idle > SPIN_NANOS) {
                        parked = true;
                        if (job.get() == null) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        idleSince = System.nanoTime();
                    } else if ((spins & 4095) == 0) {
                        // every few tens of microseconds, let any other runnable thread on this core go first
                        Thread.yield();
                    }
                }
            }
        }
    }

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
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
                }
            }
            return;
        }
        long work = (long) m * n * k;
        boolean fast = vector && VECTOR && work >= VECTOR_MIN_WORK;
        split(fast, threads, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * Runs a checked product with positive sizes on the calling thread, or cut into slabs for the workers when
     * it is large: the one threading rule of both precisions ({@code a}, {@code b}, {@code c} are all
     * {@code double[]} or all {@code float[]}, the latter computed by {@link Sgemm}).
     */
    static void split(boolean fast, int threads, boolean transA, boolean transB, int m, int n, int k,
                      Object a, int aOff, int lda, Object b, int bOff, int ldb, Object c, int cOff, int ldc,
                      boolean accumulate) {
        long work = (long) m * n * k;
        int parts = threads > 0 ? threads : work >= PARALLEL_MIN_WORK ? THREADS : 1;
        // split columns unless there are far more rows: a column slab reads op(A) in place, or packs it cheaply
        // (op(A) is only packed when a slab is wider than GemmVector.DIRECT_MAX_N), while each row slab packs the
        // whole of op(B). Measured (two threads, microseconds, columns / rows): 128 x 256 x 784: 310 / 337,
        // 784 x 256 x 128: 267 / 280, 784 x 128 x 256 (transA): 327 / 284, 512 x 64 x 512: 188 / 186 (m x n x k).
        // A slab never gets fewer than MIN_SLAB rows or columns (unless the caller forces the split).
        boolean splitColumns = 4L * n >= m;
        int dim = splitColumns ? n : m;
        if (threads == 0) {
            parts = Math.min(parts, Math.max(1, dim / MIN_SLAB));
        }
        parts = Math.min(parts, dim);
        if (parts <= 1 || !Workers.acquire()) {
            slabKernel(fast, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        try {
            Job job = new Job(fast, splitColumns, parts, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff,
                    ldc, accumulate);
            Workers.offer(job);
            job.work(0);
            job.await();
        } finally {
            Workers.release();
        }
    }

    /**
     * A product cut into slabs (multiples of 16 rows or columns where possible) that the calling thread and the
     * workers claim one at a time: a worker that is slow to wake leaves its slab to the caller instead of making
     * it wait. Each slab is a smaller gemm with its own pack buffers, so slabs never share written memory.
     */
    private static final class Job {
        private final boolean fast;
        private final boolean splitColumns;
        private final int parts;
        private final int unit;
        private final int units;
        private final boolean transA;
        private final boolean transB;
        private final int m;
        private final int n;
        private final int k;
        private final Object a;
        private final int aOff;
        private final int lda;
        private final Object b;
        private final int bOff;
        private final int ldb;
        private final Object c;
        private final int cOff;
        private final int ldc;
        private final boolean accumulate;
        /** Which slabs have been claimed (1) or not (0). */
        private final AtomicIntegerArray claimed;
        /** Slabs finished (or failed). */
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Job(boolean fast, boolean splitColumns, int parts, boolean transA, boolean transB, int m, int n, int k,
            Object a, int aOff, int lda, Object b, int bOff, int ldb, Object c, int cOff, int ldc,
            boolean accumulate) {
            this.fast = fast;
            this.splitColumns = splitColumns;
            this.parts = parts;
            this.claimed = new AtomicIntegerArray(parts);
            int dim = splitColumns ? n : m;
            // slab boundaries are multiples of a whole register block where possible: 16 on either float64 path,
            // 32 for the float32 kernel's two vectors of 16
            int block = c instanceof float[] ? 32 : 16;
            this.unit = dim >= parts * block ? block : 1;
            this.units = (dim + unit - 1) / unit;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.accumulate = accumulate;
        }

        /**
         * Claims and computes slabs until none is left, starting with slab {@code first}: the caller starts with
         * slab 0 and worker i with slab i + 1, so that on repeated products each core keeps its part of C (and of
         * the operands) in its own cache.
         */
        void work(int first) {
            for (int i = 0; i < parts; i++) {
                int t = (first + i) % parts;
                if (claimed.get(t) == 0 && claimed.compareAndSet(t, 0, 1)) {
                    try {
                        slab(t);
                    } catch (Throwable e) {
                        failure = e;
                    } finally {
                        done.incrementAndGet();
                    }
                }
            }
        }

        private void slab(int t) {
            int dim = splitColumns ? n : m;
            int lo = Math.min(dim, (int) ((long) units * t / parts) * unit);
            int hi = Math.min(dim, (int) ((long) units * (t + 1) / parts) * unit);
            if (hi <= lo) {
                return;
            }
            if (splitColumns) {
                slabKernel(fast, transA, transB, m, hi - lo, k, a, aOff, lda, b, bOff + (transB ? lo * ldb : lo),
                        ldb, c, cOff + lo, ldc, accumulate);
            } else {
                slabKernel(fast, transA, transB, hi - lo, n, k, a, aOff + (transA ? lo : lo * lda), lda, b, bOff,
                        ldb, c, cOff + lo * ldc, ldc, accumulate);
            }
        }

        /** Waits until every slab is finished (spinning: the other slabs are running on the other cores). */
        void await() {
            int spins = 0;
            while (done.get() < parts) {
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable e = failure;
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            } else if (e instanceof Error) {
                throw (Error) e;
            } else if (e != null) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One slab on the calling thread, in the precision of the arrays. */
    private static void slabKernel(boolean fast, boolean transA, boolean transB, int m, int n, int k,
                                   Object a, int aOff, int lda, Object b, int bOff, int ldb,
                                   Object c, int cOff, int ldc, boolean accumulate) {
        if (c instanceof float[]) {
            Sgemm.kernel(fast, transA, transB, m, n, k, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, (float[]) c,
                    cOff, ldc, accumulate);
        } else {
            kernel(fast, transA, transB, m, n, k, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, (double[]) c,
                    cOff, ldc, accumulate);
        }
    }

    /**
     * One float64 slab on the calling thread. A C with a single row or column is a matrix-vector product: packing it
     * would pad it to a whole register block, so it goes to {@code gemv}, with the other operand as the matrix; on
     * the fast path a C with a few columns ({@link #THIN_N}) or rows ({@link #THIN_M}) likewise goes to pairs of
     * matrix-vector products.
     */
    private static void kernel(boolean fast, boolean transA, boolean transB, int m, int n, int k,
                               double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double[] c, int cOff, int ldc, boolean accumulate) {
        if (n == 1) {
            // C[i][0] = sum_p op(A)[i][p] op(B)[p][0]: M(p, i) = op(A)[i][p], x = the column of op(B)
            gemv(fast, !transA, k, m, a, aOff, lda, b, bOff, transB ? 1 : ldb, c, cOff, ldc, accumulate);
        } else if (m == 1) {
            // C[0][j] = sum_p op(A)[0][p] op(B)[p][j]: M = op(B), x = the row of op(A)
            gemv(fast, transB, k, n, b, bOff, ldb, a, aOff, transA ? lda : 1, c, cOff, 1, accumulate);
        } else if (fast && n <= THIN_N && n <= m) {
            GemmVector.thinColumns(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (fast && m <= THIN_M) {
            GemmVector.thinRows(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
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
            GemmVector.gemv(transM, rows, len, mat, mOff, ldm, x, xOff, xs, y, yOff, ys, accumulate);
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
