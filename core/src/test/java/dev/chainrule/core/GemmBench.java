package dev.chainrule.core;

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
 * </pre>
 * With no arguments it measures n = 128, 256, 512, 1024. {@code -small} measures small products (which path the
 * size thresholds should pick), {@code -split} the square sizes around the threading threshold. Machines with
 * 2 cores: run one benchmark at a time.
 */
public final class GemmBench {
    /** Timed samples per configuration; the median is reported. */
    private static final int SAMPLES = 7;
    /** Each sample repeats the product until it has run at least this long. */
    private static final long SAMPLE_NANOS = 40_000_000L;

    private GemmBench() {
    }

    /** A product to time; one call does one product. */
    private interface Product {
        void run();
    }

    public static void main(String[] args) {
        boolean small = false;
        boolean split = false;
        int[] sizes = new int[0];
        for (String arg : args) {
            if (arg.equals("-small")) {
                small = true;
            } else if (arg.equals("-split")) {
                split = true;
            } else {
                sizes = Arrays.copyOf(sizes, sizes.length + 1);
                sizes[sizes.length - 1] = Integer.parseInt(arg);
            }
        }
        if (!small && !split && sizes.length == 0) {
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
     * Compiles both paths before anything is timed, with k above the packing depth so that the kernels' profiles
     * include adding to C (a later first use of a branch would deoptimise and recompile them mid-measurement).
     */
    private static void warmUp() {
        int m = 96;
        int k = 600;
        double[] a = random(m * k, 3);
        double[] b = random(k * m, 4);
        double[] c = new double[m * m];
        long end = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < end) {
            Gemm.gemmWith(true, 1, false, false, m, m, k, a, 0, k, b, 0, m, c, 0, m, false);
            Gemm.gemmWith(true, 1, true, true, m, m, k, a, 0, m, b, 0, k, c, 0, m, true);
            Gemm.gemmWith(false, 1, false, false, m, m, k, a, 0, k, b, 0, m, c, 0, m, false);
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

    /** Median nanoseconds per call, after a warm-up. */
    private static double time(Product product) {
        long warmEnd = System.nanoTime() + 3 * SAMPLE_NANOS;
        int calls = 0;
        while (System.nanoTime() < warmEnd || calls < 3) {
            product.run();
            calls++;
        }
        double[] samples = new double[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            long start = System.nanoTime();
            long now;
            int reps = 0;
            do {
                product.run();
                reps++;
                now = System.nanoTime();
            } while (now - start < SAMPLE_NANOS);
            samples[s] = (double) (now - start) / reps;
        }
        Arrays.sort(samples);
        return samples[SAMPLES / 2];
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
