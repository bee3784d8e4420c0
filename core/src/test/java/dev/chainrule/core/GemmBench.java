package dev.chainrule.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark of {@link Gemm}: GFLOPS of square products for the fast and the plain path on 1 and 2 threads, and
 * microseconds per call for small products. Not a test; run it with a fixed heap:
 *
 * <pre>
 * mvn -q -B -pl core test-compile
 * java -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector \
 *     -cp core/target/classes:core/target/test-classes dev.chainrule.core.GemmBench [sizes...] [-small] [-split]
 *     [-shapes]
 * </pre>
 * With no arguments it measures n = 128, 256, 512, 1024. {@code -small} measures small products (which path the
 * size thresholds should pick), {@code -split} the square sizes around the threading threshold, {@code -shapes}
 * the rectangular products of two MLP training steps (see {@link #SHAPES}), each on its own (automatic path, and
 * one thread) and each model's eight in sequence. Machines with 2 cores: run one benchmark at a time.
 *
 * <p>Timing: after a warm-up, samples of 10 ms are taken until 15 are clean, that is until 15 passed without any
 * thread of the benchmark waiting for a CPU (Linux scheduler statistics; on a shared machine the other samples
 * are disturbed by other processes). The square, split and small modes print the median, the shapes mode the
 * best and the median, and how many samples were clean ("!" when fewer than 3 were, and all were used).
 */
public final class GemmBench {
    private GemmBench() {
    }

    /** A product to time; one call does one product. */
    private interface Product {
        void run();
    }

    public static void main(String[] args) {
        boolean small = false;
        boolean split = false;
        boolean mlp = false;
        int[] sizes = new int[0];
        for (String arg : args) {
            if (arg.equals("-small")) {
                small = true;
            } else if (arg.equals("-split")) {
                split = true;
            } else if (arg.equals("-shapes")) {
                mlp = true;
            } else {
                sizes = Arrays.copyOf(sizes, sizes.length + 1);
                sizes[sizes.length - 1] = Integer.parseInt(arg);
            }
        }
        if (!small && !split && !mlp && sizes.length == 0) {
            sizes = new int[] {128, 256, 512, 1024};
        }
        System.out.printf(Locale.ROOT, "vectorized=%s, cores=%d%n", Gemm.vectorized(),
                Runtime.getRuntime().availableProcessors());
        warmUp();
        if (sizes.length > 0) {
            System.out.printf(Locale.ROOT, "%6s %10s %10s %10s %10s %10s%n", "n", "fast 1T", "fast 2T", "fast auto",
                    "plain 1T", "plain 2T");
            for (int n : sizes) {
                square(n);
            }
        }
        if (split) {
            System.out.printf(Locale.ROOT, "%6s %10s %10s   (fast path, GFLOPS)%n", "n", "1 thread", "2 threads");
            for (int n : new int[] {96, 128, 144, 160, 176, 192, 256}) {
                double[] a = random(n * n, 1);
                double[] b = random(n * n, 2);
                double[] c = new double[n * n];
                double flops = 2.0 * n * n * n;
                double t1 = time(() -> Gemm.gemmWith(true, 1, false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n,
                        false));
                double t2 = time(() -> Gemm.gemmWith(true, 2, false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n,
                        false));
                System.out.printf(Locale.ROOT, "%6d %10.1f %10.1f%n", n, flops / t1, flops / t2);
            }
        }
        if (mlp) {
            shapes();
        }
        if (small) {
            System.out.printf(Locale.ROOT, "%14s %10s %10s %10s   (microseconds per call)%n", "m x k x n", "gemm",
                    "plain", "packed");
            int[][] shapes = {{2, 2, 2}, {4, 4, 4}, {3, 5, 7}, {6, 6, 6}, {8, 8, 8}, {16, 16, 16}, {32, 32, 32},
                {64, 2, 64}, {64, 8, 64}, {64, 64, 64}, {100, 3, 100}, {128, 4, 128}, {16, 1000, 16},
                {1, 256, 256}, {256, 256, 1}, {1, 1000, 1000}, {1000, 1000, 1}, {2, 1000, 1000}};
            for (int[] s : shapes) {
                int m = s[0];
                int k = s[1];
                int n = s[2];
                double[] a = random(m * k, 1);
                double[] b = random(k * n, 2);
                double[] c = new double[m * n];
                double tg = time(() -> Gemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false));
                double tp = time(() -> Gemm.gemmPlain(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false));
                double tv = Gemm.vectorized()
                        ? time(() -> GemmVector.gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false))
                        : Double.NaN;
                System.out.printf(Locale.ROOT, "%14s %10.2f %10.2f %10.2f%n", m + "x" + k + "x" + n, tg / 1e3,
                        tp / 1e3, tv / 1e3);
            }
        }
    }

    /**
     * The products of one training step of two MLPs (auto path): W2 is a 784-256-128-10 MLP with batch 128, W3 a
     * 2-64-64-2 MLP with batch 64. Each row is {name, transA, transB, m, n, k} with the operands stored as
     * {@link Gemm#gemm} reads them (A k x m when transA, B n x k when transB). Each product is timed on its own,
     * then each model's products are timed in sequence, as a training step runs them.
     */
    private static final Object[][] SHAPES = {
        {"fwd1", false, false, 128, 256, 784}, {"fwd2", false, false, 128, 128, 256},
        {"fwd3", false, false, 128, 10, 128}, {"dW3", true, false, 128, 10, 128},
        {"dh2", false, true, 128, 128, 10}, {"dW2", true, false, 256, 128, 128},
        {"dh1", false, true, 128, 256, 128}, {"dW1", true, false, 784, 256, 128},
        {"w3a", false, false, 64, 64, 2}, {"w3b", false, false, 64, 64, 64},
        {"w3c", false, false, 64, 2, 64}, {"w3dWc", true, false, 64, 2, 64},
        {"w3dhc", false, true, 64, 64, 2}, {"w3dWb", true, false, 64, 64, 64},
        {"w3dhb", false, true, 64, 64, 64}, {"w3dWa", true, false, 2, 64, 64},
    };

    /** "clean/all" samples of a measurement, or "!" when too few were clean to use. */
    private static String clean(double[] t) {
        return t[2] >= 3 ? (int) t[2] + "/" + (int) t[3] : "!" + (int) t[2] + "/" + (int) t[3];
    }

    private static void shapes() {
        System.out.printf(Locale.ROOT, "%-6s %2s %5s %5s %5s %10s %8s %10s %10s %8s%n", "shape", "op", "m", "n", "k",
                "us best", "GFLOPS", "us median", "us 1T", "clean");
        Product[] products = new Product[SHAPES.length];
        Product[] single = new Product[SHAPES.length];
        double[] flops = new double[SHAPES.length];
        for (int s = 0; s < SHAPES.length; s++) {
            boolean transA = (Boolean) SHAPES[s][1];
            boolean transB = (Boolean) SHAPES[s][2];
            int m = (Integer) SHAPES[s][3];
            int n = (Integer) SHAPES[s][4];
            int k = (Integer) SHAPES[s][5];
            double[] a = random(m * k, 10 + s);
            double[] b = random(k * n, 40 + s);
            double[] c = new double[m * n];
            int lda = transA ? m : k;
            int ldb = transB ? k : n;
            products[s] = () -> Gemm.gemm(transA, transB, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
            single[s] = () -> Gemm.gemmWith(true, 1, transA, transB, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
            flops[s] = 2.0 * m * n * k;
        }
        for (int s = 0; s < SHAPES.length; s++) {
            double[] t = measure(products[s]);
            double[] t1 = measure(single[s]);
            boolean transA = (Boolean) SHAPES[s][1];
            boolean transB = (Boolean) SHAPES[s][2];
            System.out.printf(Locale.ROOT, "%-6s %2s %5d %5d %5d %10.2f %8.1f %10.2f %10.2f %8s%n", SHAPES[s][0],
                    (transA ? "T" : "N") + (transB ? "T" : "N"), SHAPES[s][3], SHAPES[s][4], SHAPES[s][5], t[0] / 1e3,
                    flops[s] / t[0], t[1] / 1e3, t1[0] / 1e3, clean(t) + " " + clean(t1));
        }
        for (int[] range : new int[][] {{0, 8}, {8, 16}}) {
            double total = 0;
            for (int s = range[0]; s < range[1]; s++) {
                total += flops[s];
            }
            double[] t = measure(() -> {
                for (int s = range[0]; s < range[1]; s++) {
                    products[s].run();
                }
            });
            System.out.printf(Locale.ROOT, "%-6s %2s %5s %5s %5s %10.2f %8.1f %10.2f %10s %8s   (all eight in"
                    + " sequence)%n", range[0] == 0 ? "W2" : "W3", "", "", "", "", t[0] / 1e3, total / t[0],
                    t[1] / 1e3, "", clean(t));
        }
    }

    /**
     * Compiles every path before anything is timed: the plain path, and on the fast path the packed and the
     * in-place kernels (narrow and wide C, every transpose combination) and the few-rows and few-columns kernels,
     * with k above the packing depth so that the kernels' profiles include adding to C (a later first use of a
     * branch would deoptimise and recompile them mid-measurement). Until C2 has compiled them, Vector API methods
     * run a thousand times slower than compiled, so this takes a couple of seconds.
     */
    private static void warmUp() {
        int[][] shapes = {{96, 96, 600}, {40, 200, 300}, {96, 3, 300}, {3, 96, 300}, {64, 64, 64}, {2, 64, 64},
            {64, 2, 64}, {64, 64, 2}};
        double[] a = random(96 * 600, 3);
        double[] b = random(600 * 200, 4);
        double[] c = new double[96 * 200];
        long end = System.nanoTime() + 2_000_000_000L;
        for (int round = 0; System.nanoTime() < end; round++) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                boolean transA = (round & 1) != 0;
                boolean transB = (round & 2) != 0;
                boolean acc = (round & 4) != 0;
                Gemm.gemmWith(true, 1, transA, transB, m, n, k, a, 0, transA ? m : k, b, 0, transB ? k : n, c, 0, n,
                        acc);
            }
            Gemm.gemmWith(false, 1, false, false, 96, 96, 600, a, 0, 600, b, 0, 96, c, 0, 96, false);
        }
    }

    private static void square(int n) {
        double[] a = random(n * n, 1);
        double[] b = random(n * n, 2);
        double[] c = new double[n * n];
        double flops = 2.0 * n * n * n;
        double f1 = flops / time(() -> Gemm.gemmWith(true, 1, false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n,
                false));
        double f2 = flops / time(() -> Gemm.gemmWith(true, 2, false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n,
                false));
        double fa = flops / time(() -> Gemm.gemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false));
        double p1 = flops / time(() -> Gemm.gemmWith(false, 1, false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n,
                false));
        double p2 = flops / time(() -> Gemm.gemmWith(false, 2, false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n,
                false));
        System.out.printf(Locale.ROOT, "%6d %10.1f %10.1f %10.1f %10.1f %10.1f%n", n, f1, f2, fa, p1, p2);
    }

    /** Length of one timed sample. */
    private static final long SAMPLE_NANOS = 10_000_000L;
    /** Clean samples wanted per measurement, and the most samples taken to get them. */
    private static final int CLEAN_SAMPLES = 15;
    private static final int MAX_SAMPLES = 80;

    /**
     * Nanoseconds per call: {best, median, clean samples, samples}, after a warm-up. A sample is clean when no
     * thread of this benchmark (the caller and the gemm workers) waited for a CPU during it, which filters out the
     * samples disturbed by other processes on a shared machine; only clean samples count when there are at least 3.
     */
    private static double[] measure(Product product) {
        long warmEnd = System.nanoTime() + 10 * SAMPLE_NANOS;
        int calls = 0;
        while (System.nanoTime() < warmEnd || calls < 3) {
            product.run();
            calls++;
        }
        double[] clean = new double[MAX_SAMPLES];
        double[] all = new double[MAX_SAMPLES];
        int nClean = 0;
        int nAll = 0;
        while (nAll < MAX_SAMPLES && nClean < CLEAN_SAMPLES) {
            long delay = runDelay();
            long start = System.nanoTime();
            long now;
            int reps = 0;
            do {
                product.run();
                reps++;
                now = System.nanoTime();
            } while (now - start < SAMPLE_NANOS);
            double perCall = (double) (now - start) / reps;
            all[nAll++] = perCall;
            if (runDelay() - delay < (now - start) / 200) {
                clean[nClean++] = perCall;
            }
        }
        double[] use = nClean >= 3 ? Arrays.copyOf(clean, nClean) : Arrays.copyOf(all, nAll);
        Arrays.sort(use);
        return new double[] {use[0], use[use.length / 2], nClean, nAll};
    }

    /** Median nanoseconds per call over clean samples (see {@link #measure}). */
    private static double time(Product product) {
        return measure(product)[1];
    }

    /**
     * Nanoseconds that this benchmark's threads (the main thread, named {@code java} by the launcher, and the gemm
     * workers) have spent waiting for a CPU, from Linux's {@code /proc/self/task/TID/schedstat}; 0 where that is
     * not available.
     */
    private static long runDelay() {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.US_ASCII)
                            .trim();
                    if (comm.equals("java") || comm.startsWith("chainrule-gemm")) {
                        String[] f = new String(Files.readAllBytes(task.resolve("schedstat")),
                                StandardCharsets.US_ASCII).trim().split(" ");
                        sum += Long.parseLong(f[1]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended, or no scheduler statistics
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return sum;
    }

    private static double[] random(int size, long seed) {
        Random random = new Random(seed);
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextDouble() * 2 - 1;
        }
        return x;
    }
}
