package dev.chainrule.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Gemm}'s fast path (Vector API, packed) and plain path against the naive triple loop: random sizes,
 * every transpose combination, offsets, padded strides, accumulation; products large enough to be blocked and
 * split across threads; argument checks; and the fallback when the Vector API is absent or disabled.
 */
class GemmTest {
    /** Marks the elements of C outside the product: they must come out unchanged. */
    private static final double SENTINEL = -12345.5;

    /** Which implementation a check runs. */
    private enum Path { AUTO, PLAIN, FAST_ONE_THREAD, FAST_TWO_THREADS, PLAIN_TWO_THREADS }

    /** Operands laid out with offsets and padded strides, and the expected C. */
    private static final class Case {
        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;
        final boolean accumulate;
        final double[] a;
        final double[] b;
        final double[] c0;
        final int aOff;
        final int bOff;
        final int cOff;
        final int lda;
        final int ldb;
        final int ldc;

        Case(boolean transA, boolean transB, int m, int n, int k, boolean accumulate, int off, int pad, long seed) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate;
            Random random = new Random(seed);
            int aRows = transA ? k : m;
            int bRows = transB ? n : k;
            lda = (transA ? m : k) + pad;
            ldb = (transB ? k : n) + (pad * 3) % 5;
            ldc = n + (pad * 7) % 4;
            aOff = off;
            bOff = (off * 5) % 7;
            cOff = (off * 3) % 4;
            // arrays end right after the last element: any read past it would throw
            a = random(random, aOff + (aRows - 1) * lda + (transA ? m : k), 1.0);
            b = random(random, bOff + (bRows - 1) * ldb + (transB ? k : n), 1.0);
            c0 = new double[cOff + (m - 1) * ldc + n];
            java.util.Arrays.fill(c0, SENTINEL);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c0[cOff + i * ldc + j] = accumulate ? random.nextDouble() * 2 - 1 : Double.NaN;
                }
            }
        }

        double[] expected() {
            double[] c = c0.clone();
            Gemm.gemmNaive(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return c;
        }

        double[] run(Path path) {
            double[] c = c0.clone();
            switch (path) {
                case AUTO:
                    Gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                    break;
                case PLAIN:
                    Gemm.gemmPlain(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                    break;
                case FAST_ONE_THREAD:
                case FAST_TWO_THREADS:
                case PLAIN_TWO_THREADS:
                    Gemm.gemmWith(path != Path.PLAIN_TWO_THREADS, path == Path.FAST_ONE_THREAD ? 1 : 2, transA,
                            transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                    break;
                default:
                    throw new AssertionError(path);
            }
            return c;
        }

        void check(Path path) {
            double[] want = expected();
            double[] got = run(path);
            double tol = 1e-12 * Math.max(1, k);
            for (int idx = 0; idx < want.length; idx++) {
                double w = want[idx];
                double g = got[idx];
                if (!(Math.abs(g - w) <= tol * (1 + Math.abs(w)))) {
                    int rel = idx - cOff;
                    String where = rel >= 0 && rel % ldc < n ? "C[" + rel / ldc + "][" + rel % ldc + "]"
                            : "outside the product, index " + idx;
                    fail(path + " " + this + ": " + where + " is " + g + ", naive gives " + w);
                }
            }
        }

        @Override
        public String toString() {
            return "gemm(transA=" + transA + ", transB=" + transB + ", m=" + m + ", n=" + n + ", k=" + k
                    + ", aOff=" + aOff + ", lda=" + lda + ", bOff=" + bOff + ", ldb=" + ldb + ", cOff=" + cOff
                    + ", ldc=" + ldc + ", accumulate=" + accumulate + ")";
        }
    }

    private static double[] random(Random random, int size, double scale) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = (random.nextDouble() * 2 - 1) * scale;
        }
        return x;
    }

    @Property(tries = 400)
    void bothPathsMatchNaive(@ForAll @IntRange(min = 1, max = 70) int m, @ForAll @IntRange(min = 1, max = 70) int n,
                             @ForAll @IntRange(min = 1, max = 70) int k, @ForAll boolean transA,
                             @ForAll boolean transB, @ForAll boolean accumulate,
                             @ForAll @IntRange(min = 0, max = 9) int off, @ForAll @IntRange(min = 0, max = 5) int pad,
                             @ForAll long seed) {
        Case c = new Case(transA, transB, m, n, k, accumulate, off, pad, seed);
        c.check(Path.AUTO);
        c.check(Path.PLAIN);
        c.check(Path.FAST_ONE_THREAD);
    }

    /** Forced splits, even of small products: slab boundaries, row and column splits, uneven slabs. */
    @Property(tries = 60)
    void splitProductsMatchNaive(@ForAll @IntRange(min = 1, max = 90) int m,
                                 @ForAll @IntRange(min = 1, max = 90) int n, @ForAll @IntRange(min = 1, max = 40) int k,
                                 @ForAll boolean transA, @ForAll boolean transB, @ForAll boolean accumulate,
                                 @ForAll long seed) {
        Case c = new Case(transA, transB, m, n, k, accumulate, 3, 2, seed);
        c.check(Path.FAST_TWO_THREADS);
        c.check(Path.PLAIN_TWO_THREADS);
    }

    /**
     * Products with few rows or columns (the matrix-vector kernels below {@code Gemm.THIN_M} / {@code THIN_N} and
     * the packed kernel just above), long and short k (a transposed B is copied or read by dot products), on one
     * and two threads.
     */
    @Property(tries = 300)
    void thinProductsMatchNaive(@ForAll @IntRange(min = 1, max = 9) int thin,
                                @ForAll @IntRange(min = 1, max = 150) int wide,
                                @ForAll @IntRange(min = 1, max = 70) int k, @ForAll boolean thinRows,
                                @ForAll boolean longK, @ForAll boolean transA, @ForAll boolean transB,
                                @ForAll boolean accumulate, @ForAll @IntRange(min = 0, max = 9) int off,
                                @ForAll @IntRange(min = 0, max = 5) int pad, @ForAll long seed) {
        int thinSize = thinRows ? thin : thin + 3;
        int kk = longK ? k + 60 : k % 20 + 1;
        Case c = thinRows ? new Case(transA, transB, thinSize, wide, kk, accumulate, off, pad, seed)
                : new Case(transA, transB, wide, thinSize, kk, accumulate, off, pad, seed);
        c.check(Path.AUTO);
        c.check(Path.FAST_ONE_THREAD);
        c.check(Path.FAST_TWO_THREADS);
    }

    /**
     * k cut into equal blocks of at most KC = 256 (k = 257..800, mostly not a multiple of the block), with C narrow
     * enough for op(A) to be read in place (n <= 128) or wide enough for it to be packed, and m not a multiple of
     * the register block.
     */
    @Property(tries = 40)
    void kBlocksMatchNaive(@ForAll @IntRange(min = 2, max = 40) int m, @ForAll @IntRange(min = 11, max = 140) int n,
                           @ForAll @IntRange(min = 257, max = 800) int k, @ForAll boolean transA,
                           @ForAll boolean transB, @ForAll boolean accumulate, @ForAll long seed) {
        Case c = new Case(transA, transB, m, n, k, accumulate, 1, 2, seed);
        c.check(Path.FAST_ONE_THREAD);
        c.check(Path.AUTO);
    }

    @Test
    void trainingStepShapes() {
        // the products of a 784-256-128-10 MLP step (batch 128) and of a 2-64-64-2 one (batch 64), as the -shapes
        // mode of GemmBench times them; each transpose combination also on the others' sizes
        int[][] shapes = {{128, 256, 784}, {128, 128, 256}, {128, 10, 128}, {128, 128, 10}, {256, 128, 128},
            {784, 256, 128}, {64, 64, 2}, {64, 64, 64}, {64, 2, 64}, {2, 64, 64}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                Case c = new Case((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], t == 3, 0, 0, t);
                c.check(Path.AUTO);
            }
        }
    }

    @Test
    void sizesAboveTheBlockSizes() {
        // m > MC, k > KC, n not a multiple of the panel width; every transpose combination, both modes
        for (int t = 0; t < 8; t++) {
            boolean transA = (t & 1) != 0;
            boolean transB = (t & 2) != 0;
            boolean accumulate = (t & 4) != 0;
            Case c = new Case(transA, transB, 130, 300, 260, accumulate, 5, 3, t);
            c.check(Path.AUTO);
            c.check(Path.PLAIN);
        }
        new Case(false, false, 263, 17, 517, false, 1, 1, 9).check(Path.FAST_ONE_THREAD);
        // m > MC with op(A) read in place (n <= 128), a last panel of fewer than MR rows, every transpose
        for (int t = 0; t < 4; t++) {
            new Case((t & 1) != 0, (t & 2) != 0, 267, 100, 300, t == 2, 2, 1, 20 + t).check(Path.FAST_ONE_THREAD);
            new Case((t & 1) != 0, (t & 2) != 0, 133, 129, 61, t == 1, 0, 3, 30 + t).check(Path.FAST_ONE_THREAD);
        }
        new Case(true, false, 9, 2100, 3, true, 0, 0, 10).check(Path.FAST_ONE_THREAD);
    }

    @Test
    void largeProductsAreSplitAcrossThreads() {
        assertTrue(400L * 400 * 400 >= GemmThreads.PARALLEL_MIN_WORK, "400^3 should be above the threading threshold");
        new Case(false, false, 400, 400, 400, false, 0, 0, 1).check(Path.AUTO);
        new Case(true, true, 400, 400, 400, true, 2, 1, 2).check(Path.AUTO);
        // row split (m > n) with transposed operands, column split with an uneven last slab
        new Case(true, false, 520, 240, 300, false, 1, 2, 3).check(Path.AUTO);
        new Case(false, true, 240, 529, 300, true, 4, 0, 4).check(Path.AUTO);
        new Case(false, false, 300, 300, 300, false, 0, 0, 5).check(Path.PLAIN);
        // m > 4 n: split into row slabs
        new Case(true, false, 784, 100, 200, false, 3, 1, 6).check(Path.AUTO);
        new Case(false, true, 700, 60, 150, true, 0, 2, 7).check(Path.AUTO);
    }

    @Test
    void concurrentCallersGetTheRightAnswer() throws Exception {
        // one caller at a time has the workers; the others compute alone. Each thread checks its own products.
        int threads = 4;
        List<Thread> running = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int r = 0; r < 6; r++) {
                        Case c = new Case((id & 1) != 0, (r & 1) != 0, 90 + id * 7, 120 - r * 5, 70 + r, r == 2, id,
                                r % 3, 100 * id + r);
                        c.check(Path.AUTO);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            running.add(thread);
            thread.start();
        }
        for (Thread thread : running) {
            thread.join(60_000);
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
    }

    @Test
    void matrixVectorShapes() {
        // a C with one row or column goes to the matrix-vector form; strided x and y included
        int[][] shapes = {{1, 300, 1}, {1, 1, 300}, {300, 1, 1}, {1, 77, 45}, {45, 77, 1}, {1, 1000, 200},
            {200, 1000, 1}, {1, 3, 33}, {33, 3, 1}};
        for (int[] s : shapes) {
            for (int t = 0; t < 8; t++) {
                Case c = new Case((t & 1) != 0, (t & 2) != 0, s[0], s[2], s[1], (t & 4) != 0, t, t % 3, t);
                c.check(Path.AUTO);
                c.check(Path.PLAIN);
            }
        }
    }

    @Test
    void zeroSizes() {
        double[] a = {1, 2, 3, 4};
        double[] b = {5, 6, 7, 8};
        double[] c = {9, 9, 9, 9, 9};
        // k == 0: C = 0, or unchanged when accumulating; elements outside the 2 x 2 block untouched
        Gemm.gemm(false, false, 2, 2, 0, a, 0, 0, b, 0, 2, c, 0, 2, true);
        assertArrayEquals(new double[] {9, 9, 9, 9, 9}, c);
        Gemm.gemm(false, false, 2, 2, 0, a, 0, 0, b, 0, 2, c, 0, 2, false);
        assertArrayEquals(new double[] {0, 0, 0, 0, 9}, c);
        Gemm.gemmPlain(true, true, 1, 2, 0, a, 0, 1, b, 0, 0, c, 3, 2, false);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0}, c);
        // m == 0 or n == 0: nothing happens, even with empty arrays
        double[] d = {7};
        Gemm.gemm(false, false, 0, 5, 5, new double[0], 0, 5, new double[25], 0, 5, new double[0], 0, 5, false);
        Gemm.gemm(false, false, 3, 0, 0, a, 0, 0, new double[0], 0, 0, d, 0, 0, false);
        assertArrayEquals(new double[] {7}, d);
        // a known answer: [1 2; 3 4] * [5 6; 7 8] = [19 22; 43 50]
        double[] e = new double[4];
        Gemm.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, e, 0, 2, false);
        assertArrayEquals(new double[] {19, 22, 43, 50}, e);
        // transposed: [1 3; 2 4] * [5 7; 6 8] = [23 31; 34 46]
        Gemm.gemm(true, true, 2, 2, 2, a, 0, 2, b, 0, 2, e, 0, 2, false);
        assertArrayEquals(new double[] {23, 31, 34, 46}, e);
    }

    @Test
    void badArgumentsAreRejected() {
        double[] a = new double[12];
        double[] b = new double[12];
        double[] c = new double[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, -1, 3, 4, a, 0, 4, b, 0, 3, c, 0, 3, false));
        assertTrue(e.getMessage().startsWith("gemm:") && e.getMessage().contains("m=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 3, 3, -2, a, 0, 4, b, 0, 3, c, 0, 3, false));
        assertTrue(e.getMessage().contains("gemm") && e.getMessage().contains("k=-2"), e.getMessage());
        // A is 3 x 4 at offset 1: needs 13 elements, has 12
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 3, 3, 4, a, 1, 4, b, 0, 3, c, 0, 3, false));
        assertTrue(e.getMessage().startsWith("gemm: A") && e.getMessage().contains("3 x 4")
                && e.getMessage().contains("needs 13") && e.getMessage().contains("m=3, n=3, k=4"), e.getMessage());
        // transposed B stored n x k = 4 x 3 with stride 4: needs 15
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemmPlain(false, true, 3, 4, 3, a, 0, 3, b, 0, 4, c, 0, 4, false));
        assertTrue(e.getMessage().startsWith("gemm: B") && e.getMessage().contains("4 x 3")
                && e.getMessage().contains("needs 15"), e.getMessage());
        // C: 4 x 3 needs 12 elements, has 11 from offset 1
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 4, 3, 3, a, 0, 3, b, 0, 3, c, 1, 3, true));
        assertTrue(e.getMessage().startsWith("gemm: C") && e.getMessage().contains("needs 13"), e.getMessage());
        // a stride shorter than the row
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 2, 3, a, 0, 2, b, 0, 2, c, 0, 2, false));
        assertTrue(e.getMessage().contains("lda=2") && e.getMessage().contains("row length 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(false, false, 2, 2, 2, a, -1, 2, b, 0, 2, c, 0, 2, false));
        assertTrue(e.getMessage().contains("gemm") && e.getMessage().contains("aOff=-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemmNaive(false, false, 2, 2, 2, a, 0, 2, null, 0, 2, c, 0, 2, false));
        assertTrue(e.getMessage().contains("gemm: B is null"), e.getMessage());
        // nothing was written
        assertArrayEquals(new double[12], c);
    }

    @Test
    void fastPathIsOnWhenTheModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean disabled = "false".equalsIgnoreCase(System.getProperty("chainrule.vector", ""));
        // with the module present, the fast path also needs at least 4 lanes (e.g. not with -XX:MaxVectorSize=16)
        assertEquals(present && !disabled && GemmVector.usable(), Gemm.vectorized());
    }

    /** Run in a fresh JVM by {@link #fallsBackQuietlyWithoutTheVectorApi}: prints the path and a checksum. */
    static final class Child {
        public static void main(String[] args) {
            Case c = new Case(false, true, 37, 41, 43, true, 1, 1, 7);
            c.check(Path.AUTO);
            System.out.println("vectorized=" + Gemm.vectorized());
        }
    }

    @Test
    void fallsBackQuietlyWithoutTheVectorApi() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        // no --add-modules: the module is not in the boot layer
        assertEquals("vectorized=false", runChild(List.of(java, "-cp", cp, Child.class.getName())));
        // present but switched off by the property
        assertEquals("vectorized=false", runChild(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-Dchainrule.vector=false", "-cp", cp, Child.class.getName())));
    }

    /** Runs a JVM, expects exit 0 and nothing on stderr but the JDK's own incubator notice; returns stdout. */
    private static String runChild(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child JVM timed out: " + command);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        err = err.replace("WARNING: Using incubator modules: jdk.incubator.vector", "").trim();
        assertEquals(0, p.exitValue(), "child JVM failed: " + out + "\n" + err);
        assertEquals("", err, "the child JVM wrote to stderr");
        return out;
    }
}
