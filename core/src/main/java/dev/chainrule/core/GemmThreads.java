package dev.chainrule.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threading of the matrix products of both precisions ({@link Gemm}, {@link Sgemm}): one rule for when a
 * product is split, how, and who computes each part.
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
final class GemmThreads {
    private GemmThreads() {
    }

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

    /**
     * Runs a checked product (an empty one at once) on the calling thread, or cut into slabs for the workers when
     * it is large: the one threading rule of both precisions ({@code a}, {@code b}, {@code c} are all
     * {@code double[]} or all {@code float[]}, the latter computed by {@link Sgemm}).
     */
    static void split(boolean fast, int threads, boolean transA, boolean transB, int m, int n, int k,
                      Object a, int aOff, int lda, Object b, int bOff, int ldb, Object c, int cOff, int ldc,
                      boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) { // an empty sum: C = 0, or C unchanged when accumulating
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    if (c instanceof float[] fc) {
                        java.util.Arrays.fill(fc, cOff + i * ldc, cOff + i * ldc + n, 0f);
                    } else {
                        java.util.Arrays.fill((double[]) c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
                    }
                }
            }
            return;
        }
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
     * A product cut into slabs (multiples of a register block, 16 rows or columns, 32 for float32, where possible)
     * that the calling thread and the workers claim one at a time: a worker that is slow to wake leaves its slab to
     * the caller instead of making it wait. Each slab is a smaller gemm with its own pack buffers, so slabs never share written memory.
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
            Gemm.kernel(fast, transA, transB, m, n, k, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, (double[]) c,
                    cOff, ldc, accumulate);
        }
    }
}
