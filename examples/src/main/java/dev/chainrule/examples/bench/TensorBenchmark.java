package dev.chainrule.examples.bench;

import dev.chainrule.core.DType;
import dev.chainrule.core.Tensor;
import dev.chainrule.examples.Cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmarks of the tensor engine, the same work as W2, W3 and W4 of the peer reference workloads (PyTorch,
 * NumPy over OpenBLAS), printed as RESULT lines to put beside theirs.
 *
 * <ul>
 *   <li>W2: MLP 784-256-128-10, ReLU, softmax cross-entropy, batch 128, SGD lr 0.01, one fixed seeded batch:
 *       training steps per second.</li>
 *   <li>W3: MLP 2-64-64-2, tanh, softmax cross-entropy, batch 64: training steps per second.</li>
 *   <li>W4: square matmul, n = 128, 256, 512, 1024: GFLOPS.</li>
 * </ul>
 * Each in float64, float32 or both (the default): the same network, its parameters and batch rounded.
 *
 * <p>Each figure is the median of 7 timed samples, over the clean ones when at least 3 are: samples during which
 * the benchmark's threads waited for a CPU, or the JIT compiler threads ran, for 5% of the time or more are
 * left out, and the line says how many were clean ({@link Disturbance}).
 *
 * <p>Usage {@code [w2|w3|w4|all] [seconds per sample] [f64|f32|both] [--peers DIR]}: with {@code --peers}, the
 * peers' {@code run.sh} in DIR (such as {@code ../shared/bench}) runs right after, its lines are printed beside
 * these, and a table gives each workload's ratio to the best peer of the sitting. Run with a fixed, pre-touched heap
 * ({@code -Xms2g -Xmx2g -XX:+AlwaysPreTouch}) and {@code --add-modules jdk.incubator.vector}.
 */
public final class TensorBenchmark {
    private TensorBenchmark() {
    }

    /** The usage line. */
    public static final String USAGE = "TensorBenchmark [w2|w3|w4|all] [seconds per sample=0.5] [f64|f32|both] "
            + "[--peers DIR]";

    /**
     * Runs the workloads asked for and prints their RESULT lines.
     *
     * @param args {@code [w2|w3|w4|all] [seconds per sample]}: see {@link #run}
     */
    public static void main(String[] args) {
        Cli.main("TensorBenchmark", USAGE, args, TensorBenchmark::run);
    }

    /**
     * Prints the Java version, the cores and whether the Vector API is on, then runs W2, W3, W4 or all (the default).
     *
     * @param args {@code [w2|w3|w4|all] [seconds per sample] [f64|f32|both] [--peers DIR]}: the workload, the least
     *             time each of the 7 timed samples runs for (0.5 if absent), after a warm-up of twice that, the
     *             precision, and the directory of the peers' run.sh to compare with
     * @throws Cli.UsageError if there are more than three arguments besides {@code --peers DIR}, the workload or
     *                        precision is none of those, the seconds are not a finite number greater than 0, or
     *                        {@code --peers} has no directory
     */
    public static void run(String[] args) throws Cli.UsageError {
        List<String> rest = new ArrayList<>(List.of(args));
        Path peerDir = null;
        int at = rest.indexOf("--peers");
        if (at >= 0) {
            if (at + 1 >= rest.size()) {
                throw new Cli.UsageError("--peers needs the directory of the peers' run.sh, such as ../shared/bench");
            }
            peerDir = Path.of(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        args = rest.toArray(String[]::new);
        Cli.atMost(args, 3);
        String what = args.length > 0 ? Cli.oneOf("the workload", args[0], "w2", "w3", "w4", "all") : "all";
        double seconds = args.length > 1 ? Cli.positive("seconds per sample", args[1]) : 0.5;
        String precision = args.length > 2 ? Cli.oneOf("the precision", args[2], "f64", "f32", "both") : "both";
        List<DType> dtypes = precision.equals("both") ? List.of(DType.F64, DType.F32)
                : List.of(precision.equals("f64") ? DType.F64 : DType.F32);
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime()
                .availableProcessors() + " cores, vector API "
                + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "off"));
        PeerComparison comparison = new PeerComparison();
        for (DType dtype : dtypes) {
            if (what.equals("w2") || what.equals("all")) {
                comparison.record(mlp("W2 784-256-128-10 relu b128", new int[] {784, 256, 128, 10}, true, 128,
                        dtype, seconds));
            }
            if (what.equals("w3") || what.equals("all")) {
                comparison.record(mlp("W3 2-64-64-2 tanh b64", new int[] {2, 64, 64, 2}, false, 64, dtype,
                        seconds));
            }
            if (what.equals("w4") || what.equals("all")) {
                for (int n : new int[] {128, 256, 512, 1024}) {
                    comparison.record(matmul(n, dtype, seconds));
                }
            }
        }
        if (peerDir != null) {
            List<String> groups = new ArrayList<>();
            if (!what.equals("w4")) {
                groups.add("w23");
            }
            if (what.equals("w4") || what.equals("all")) {
                groups.add("w4");
            }
            try {
                if (comparison.runPeers(peerDir, groups)) {
                    System.out.println("# ratio to the best peer of this sitting (higher is faster)");
                    comparison.table().forEach(System.out::println);
                }
            } catch (java.io.IOException e) {
                System.err.println("no peer comparison: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An MLP training step on one fixed batch: forward, softmax cross-entropy, backward, SGD. */
    static final class Mlp {
        final List<Tensor> weights = new ArrayList<>();
        final List<Tensor> biases = new ArrayList<>();
        final boolean relu;
        final Tensor x;
        final Tensor target;
        final double lr = 0.01;

        Mlp(int[] sizes, boolean relu, int batch, DType dtype) {
            SplittableRandom rnd = new SplittableRandom(0);
            this.relu = relu;
            for (int i = 0; i + 1 < sizes.length; i++) {
                double bound = 1 / Math.sqrt(sizes[i]);
                weights.add(Tensor.rand(rnd, sizes[i], sizes[i + 1]).mul(2 * bound).sub(bound).to(dtype)
                        .requiresGrad());
                biases.add(Tensor.rand(rnd, sizes[i + 1]).mul(2 * bound).sub(bound).to(dtype).requiresGrad());
            }
            x = Tensor.randn(rnd, batch, sizes[0]).to(dtype);
            double[] y = new double[batch];
            for (int i = 0; i < batch; i++) {
                y[i] = rnd.nextInt(sizes[sizes.length - 1]);
            }
            target = Tensor.of(y, batch, 1);
        }

        Tensor loss() {
            Tensor h = x;
            for (int i = 0; i < weights.size(); i++) {
                h = h.matmul(weights.get(i)).add(biases.get(i));
                if (i < weights.size() - 1) {
                    h = relu ? h.relu() : h.tanh();
                }
            }
            return h.logSoftmax(1).gather(1, target).mean().neg();
        }

        double step() {
            Tensor loss = loss();
            loss.backward();
            for (int i = 0; i < weights.size(); i++) {
                update(weights.get(i));
                update(biases.get(i));
            }
            return loss.item();
        }

        private void update(Tensor p) {
            p.addInPlace(-lr, p.grad());
            p.zeroGrad();
        }
    }

    /** Runs and prints an MLP workload; returns its RESULT line. */
    static String mlp(String label, int[] sizes, boolean relu, int batch, DType dtype, double seconds) {
        Mlp net = new Mlp(sizes, relu, batch, dtype);
        double l0 = net.loss().item();
        Samples samples = samples(() -> net.step(), seconds);
        double[] sps = samples.used();
        return print(String.format(Locale.ROOT, "RESULT %s chainrule %s steps/s median %10.1f min %10.1f max %10.1f "
                        + "(ms/step %.3f; loss %.4f -> %.4f; %s)", label, dtype.numpyName(), median(sps), min(sps),
                max(sps), 1e3 / median(sps), l0, net.loss().item(), samples.note()));
    }

    private static String print(String line) {
        System.out.println(line);
        return line;
    }

    /** Runs and prints a square product's GFLOPS; returns its RESULT line. */
    static String matmul(int n, DType dtype, double seconds) {
        SplittableRandom rnd = new SplittableRandom(n);
        Tensor a = Tensor.randn(rnd, n, n).to(dtype);
        Tensor b = Tensor.randn(rnd, n, n).to(dtype);
        Samples samples = samples(() -> a.matmul(b).size(), seconds);
        double[] rate = samples.used();
        double flop = 2.0 * n * n * n;
        double[] gflops = Arrays.stream(rate).map(r -> r * flop / 1e9).toArray();
        return print(String.format(Locale.ROOT, "RESULT W4 matmul n=%d chainrule %s GFLOPS median %.1f min %.1f "
                + "max %.1f (%s)", n, dtype.numpyName(), median(gflops), min(gflops), max(gflops), samples.note()));
    }

    /**
     * Calls per second, 7 samples of at least {@code seconds} each after a warm-up of twice that (and longer, until
     * the JIT is quiet), with what disturbed them: a sample is clean when the benchmark's threads waited for a CPU,
     * and the JIT compiler threads ran, for less than 5% of its time ({@link Disturbance}).
     */
    record Samples(double[] rates, boolean[] clean) {
        /** {@return the clean samples' rates when at least 3 are clean, else all} */
        double[] used() {
            double[] c = java.util.stream.IntStream.range(0, rates.length).filter(i -> clean[i])
                    .mapToDouble(i -> rates[i]).toArray();
            return c.length >= 3 ? c : rates;
        }

        /** {@return how many samples were clean, as "clean k/7"} */
        String note() {
            long k = java.util.stream.IntStream.range(0, clean.length).filter(i -> clean[i]).count();
            return "clean " + k + "/" + clean.length;
        }
    }

    static Samples samples(Runnable work, double seconds) {
        long warm = System.nanoTime() + (long) (2 * seconds * 1e9);
        int calls = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < warm || calls < 2) {
            work.run();
            calls++;
        }
        double per = (System.nanoTime() - t0) / 1e9 / calls;
        int inner = Math.max(1, (int) (seconds / per));
        // and on until the JIT has settled: a warm-up sample in which the compiler threads ran for under 5%
        // (measured: the first sample of the first product size had the JIT on the second core a third of the time)
        for (int extra = 0; extra < 10; extra++) {
            Disturbance.Reading before = Disturbance.read();
            long start = System.nanoTime();
            for (int i = 0; i < inner; i++) {
                work.run();
            }
            if (Disturbance.read().since(before).others() < (System.nanoTime() - start) / 20) {
                break;
            }
        }
        double[] out = new double[7];
        boolean[] clean = new boolean[out.length];
        for (int s = 0; s < out.length; s++) {
            Disturbance.Reading before = Disturbance.read();
            long start = System.nanoTime();
            for (int i = 0; i < inner; i++) {
                work.run();
            }
            long elapsed = System.nanoTime() - start;
            Disturbance.Reading d = Disturbance.read().since(before);
            out[s] = inner / (elapsed / 1e9);
            clean[s] = d.waited() < elapsed / 20 && d.others() < elapsed / 20;
        }
        return new Samples(out, clean);
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }
}
