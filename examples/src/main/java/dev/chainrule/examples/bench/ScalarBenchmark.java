package dev.chainrule.examples.bench;

import dev.chainrule.core.Scalar;
import dev.chainrule.examples.Cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmarks of the scalar engine, the same work as W1 and W5 of the peer reference workloads (PyTorch 0-dim
 * tensors, micrograd), printed as RESULT lines to put beside theirs.
 *
 * <ul>
 *   <li>W1: MLP 2-16-16-1 (ReLU hidden, linear output) on 100 two-moons points, SVM hinge loss + 1e-4 L2,
 *       built one scalar op at a time (about 65k nodes), one step = forward + zero grads + backward + SGD.</li>
 *   <li>W5: a chain of depth x (y = sin(y) * 1.0001 + 0.001) on one scalar, forward + backward.</li>
 * </ul>
 *
 * <p>Run with a fixed heap, e.g. {@code java -Xms2g -Xmx2g ...}: usage {@code [w1|w5|all] [steps] [depth]}.
 */
public final class ScalarBenchmark {
    private ScalarBenchmark() {
    }

    /** The usage line. */
    public static final String USAGE = "ScalarBenchmark [w1|w5|all] [steps=31] [depth=100000]";

    /**
     * Runs the workloads asked for and prints their RESULT lines.
     *
     * @param args {@code [w1|w5|all] [steps [depth]]}: see {@link #run}
     */
    public static void main(String[] args) {
        Cli.main("ScalarBenchmark", USAGE, args, ScalarBenchmark::run);
    }

    /**
     * Prints the Java version and the maximum heap, then runs W1, W5 or both (all, the default).
     *
     * @param args {@code [w1|w5|all] [steps [depth]]}: the workload, W1's timed training steps (31 if absent) and
     *             the depth of W5's chain (100000 if absent)
     * @throws Cli.UsageError if there are more than three arguments, the workload is none of those, or a count is
     *                        not a positive integer
     */
    public static void run(String[] args) throws Cli.UsageError {
        Cli.atMost(args, 3);
        String what = args.length > 0 ? Cli.oneOf("the workload", args[0], "w1", "w5", "all") : "all";
        int steps = args.length > 1 ? Cli.integer("steps", args[1], 1) : 31;
        int depth = args.length > 2 ? Cli.integer("depth", args[2], 1) : 100_000;
        System.out.println("java " + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        if (what.equals("w1") || what.equals("all")) {
            w1(steps);
        }
        if (what.equals("w5") || what.equals("all")) {
            w5(depth, 7);
        }
    }

    /** The W1 network: weights per neuron, uniform(-1, 1) from a seeded generator. */
    static final class Mlp {
        final int[] sizes = {2, 16, 16, 1};
        final List<Scalar[][]> weights = new ArrayList<>();
        final List<Scalar[]> biases = new ArrayList<>();
        final List<Scalar> params = new ArrayList<>();

        Mlp(SplittableRandom rnd) {
            for (int l = 0; l < 3; l++) {
                Scalar[][] w = new Scalar[sizes[l + 1]][sizes[l]];
                Scalar[] b = new Scalar[sizes[l + 1]];
                for (int j = 0; j < w.length; j++) {
                    for (int i = 0; i < w[j].length; i++) {
                        w[j][i] = Scalar.of(rnd.nextDouble(-1, 1));
                        params.add(w[j][i]);
                    }
                    b[j] = Scalar.of(0.0);
                    params.add(b[j]);
                }
                weights.add(w);
                biases.add(b);
            }
        }

        Scalar forward(Scalar[] x) {
            for (int l = 0; l < 3; l++) {
                Scalar[][] w = weights.get(l);
                Scalar[] out = new Scalar[w.length];
                for (int j = 0; j < w.length; j++) {
                    Scalar act = biases.get(l)[j];
                    for (int i = 0; i < x.length; i++) {
                        act = act.add(w[j][i].mul(x[i]));
                    }
                    out[j] = l < 2 ? act.relu() : act;
                }
                x = out;
            }
            return x[0];
        }

        Scalar loss(Scalar[][] xs, int[] ys) {
            Scalar data = null;
            for (int k = 0; k < xs.length; k++) {
                Scalar s = forward(xs[k]);
                Scalar l = s.mul(-ys[k]).add(1.0).relu();
                data = data == null ? l : data.add(l);
            }
            data = data.mul(1.0 / xs.length);
            Scalar reg = null;
            for (Scalar p : params) {
                Scalar sq = p.mul(p);
                reg = reg == null ? sq : reg.add(sq);
            }
            return data.add(reg.mul(1e-4));
        }
    }

    /** Two interleaving half circles with Gaussian noise, labels -1 and +1 (the construction of make_moons). */
    static double[][] moons(int n, double noise, SplittableRandom rnd, int[] labels) {
        int nOut = n / 2;
        int nIn = n - nOut;
        double[][] x = new double[n][2];
        for (int i = 0; i < nOut; i++) {
            double t = Math.PI * i / (nOut - 1);
            x[i][0] = Math.cos(t);
            x[i][1] = Math.sin(t);
            labels[i] = -1;
        }
        for (int i = 0; i < nIn; i++) {
            double t = Math.PI * i / (nIn - 1);
            x[nOut + i][0] = 1 - Math.cos(t);
            x[nOut + i][1] = 1 - Math.sin(t) - 0.5;
            labels[nOut + i] = 1;
        }
        for (double[] p : x) {
            p[0] += noise * gaussian(rnd);
            p[1] += noise * gaussian(rnd);
        }
        return x;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    static void w1(int steps) {
        SplittableRandom rnd = new SplittableRandom(1337);
        int[] ys = new int[100];
        double[][] data = moons(100, 0.1, rnd, ys);
        Scalar[][] xs = new Scalar[data.length][];
        for (int k = 0; k < data.length; k++) {
            xs[k] = new Scalar[] {Scalar.constant(data[k][0]), Scalar.constant(data[k][1])};
        }
        Mlp net = new Mlp(rnd);
        System.out.printf(Locale.ROOT, "W1: %d parameters, initial loss %.6f%n", net.params.size(),
                net.loss(xs, ys).value());
        int warmup = 200;
        double[] tf = new double[steps];
        double[] tb = new double[steps];
        double[] tt = new double[steps];
        double lastLoss = 0;
        for (int k = -warmup; k < steps; k++) {
            long t0 = System.nanoTime();
            Scalar loss = net.loss(xs, ys);
            long t1 = System.nanoTime();
            for (Scalar p : net.params) {
                p.zeroGrad();
            }
            loss.backward();
            long t2 = System.nanoTime();
            int step = Math.max(k, 0);
            double lr = 1.0 - 0.9 * step / 100;
            for (Scalar p : net.params) {
                p.setValue(p.value() - lr * p.grad());
            }
            long t3 = System.nanoTime();
            lastLoss = loss.value();
            if (k >= 0) {
                tf[k] = (t1 - t0) / 1e6;
                tb[k] = (t2 - t1) / 1e6;
                tt[k] = (t3 - t0) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "RESULT W1 chainrule step ms median %.3f min %.3f max %.3f | fwd %.3f bwd %.3f"
                        + " (medians of %d steps after %d warm-up steps; loss now %.4f; %d nodes a step)%n",
                median(tt), min(tt), max(tt), median(tf), median(tb), steps, warmup, lastLoss, nodesPerStep());
    }

    /** Nodes recorded by one W1 forward pass, counted from the network's shape. */
    static int nodesPerStep() {
        int perPoint = 16 * (2 * 2 + 1) + 16 * (2 * 16 + 1) + 2 * 16; // mul + add per weight, relu per hidden
        int loss = 100 * 4 + 1;                                          // mul, add, relu, sum per point; mean
        int reg = 337 * 2 + 2;                                           // square and add per parameter
        return 100 * perPoint + loss + reg;
    }

    static void w5(int depth, int reps) {
        double[] tf = new double[reps];
        double[] tb = new double[reps];
        double[] tt = new double[reps];
        for (int r = -3; r < reps; r++) {
            Scalar x = Scalar.of(0.5);
            long t0 = System.nanoTime();
            Scalar y = x;
            for (int i = 0; i < depth; i++) {
                y = y.sin().mul(1.0001).add(0.001);
            }
            long t1 = System.nanoTime();
            y.backward();
            long t2 = System.nanoTime();
            y = null;
            long t3 = System.nanoTime();
            if (r >= 0) {
                tf[r] = (t1 - t0) / 1e9;
                tb[r] = (t2 - t1) / 1e9;
                tt[r] = (t3 - t0) / 1e9;
            }
        }
        System.out.printf(Locale.ROOT, "RESULT W5 chainrule depth=%d total s median %.4f min %.4f max %.4f | fwd %.4f "
                        + "bwd %.4f | %.3f us per op%n", depth, median(tt), min(tt), max(tt), median(tf), median(tb),
                median(tt) / depth / 3 * 1e6);
        System.out.printf(Locale.ROOT, "RESULT W5 chainrule bytes per node %.1f (heap growth holding a %d-deep graph,"
                + " 5 nodes per link counting the constants)%n", bytesPerNode(depth), depth);
    }

    /** Heap bytes per recorded node, from the heap growth while a chain is held. */
    static double bytesPerNode(int depth) {
        long before = usedAfterGc();
        Scalar x = Scalar.of(0.5);
        Scalar y = x;
        for (int i = 0; i < depth; i++) {
            y = y.sin().mul(1.0001).add(0.001);
        }
        long after = usedAfterGc();
        double perNode = (after - before) / (5.0 * depth);
        if (y.value() == 42) {
            System.out.println(); // keeps y reachable until here
        }
        return perNode;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }
}
