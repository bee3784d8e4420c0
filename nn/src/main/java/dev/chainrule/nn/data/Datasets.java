package dev.chainrule.nn.data;

import dev.chainrule.core.Tensor;

import java.util.SplittableRandom;

/**
 * Seeded synthetic data sets for classification, inputs [N, 2] and class indices [N]: the same seed gives the
 * same data.
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Two interleaving half circles with Gaussian noise (scikit-learn's make_moons construction; the data of
     * the COMP 576 assignment): class 0 is the upper moon, class 1 the lower.
     *
     * @param n the number of examples, at least 2 (half of them, rounded down, on the upper moon)
     * @param noise the standard deviation of the Gaussian noise added to each coordinate, not negative
     * @param seed the seed of the points, the noise and the order; the same seed gives the same data
     * @return the examples, inputs [n, 2] and class indices [n], shuffled
     */
    public static Dataset moons(int n, double noise, long seed) {
        checkSize("moons", n, 2);
        SplittableRandom rnd = new SplittableRandom(seed);
        int nOut = n / 2;
        int nIn = n - nOut;
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < nOut; i++) {
            double t = nOut == 1 ? 0 : Math.PI * i / (nOut - 1);
            x[2 * i] = Math.cos(t);
            x[2 * i + 1] = Math.sin(t);
        }
        for (int i = 0; i < nIn; i++) {
            double t = nIn == 1 ? 0 : Math.PI * i / (nIn - 1);
            x[2 * (nOut + i)] = 1 - Math.cos(t);
            x[2 * (nOut + i) + 1] = 1 - Math.sin(t) - 0.5;
            y[nOut + i] = 1;
        }
        addNoise(x, noise, rnd);
        return new Dataset(Tensor.of(x, n, 2), Tensor.of(y, n)).shuffle(rnd.nextLong());
    }

    /**
     * {@return two concentric circles, the inner of radius {@code factor} (class 1), with Gaussian noise} The outer
     * circle, of radius 1, is class 0; inputs are [n, 2], class indices [n], shuffled.
     *
     * @param n the number of examples, at least 2 (half of them, rounded down, on the outer circle)
     * @param noise the standard deviation of the Gaussian noise added to each coordinate, not negative
     * @param factor the radius of the inner circle, relative to the outer one's; in (0, 1)
     * @param seed the seed of the points, the noise and the order; the same seed gives the same data
     */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        checkSize("circles", n, 2);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("Datasets.circles: factor " + factor + " must be in (0, 1)");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        int nOut = n / 2;
        for (int i = 0; i < n; i++) {
            boolean inner = i >= nOut;
            int k = inner ? i - nOut : i;
            int m = inner ? n - nOut : nOut;
            double t = 2 * Math.PI * k / m;
            double r = inner ? factor : 1.0;
            x[2 * i] = r * Math.cos(t);
            x[2 * i + 1] = r * Math.sin(t);
            y[i] = inner ? 1 : 0;
        }
        addNoise(x, noise, rnd);
        return new Dataset(Tensor.of(x, n, 2), Tensor.of(y, n)).shuffle(rnd.nextLong());
    }

    /**
     * {@return {@code centers} Gaussian blobs of standard deviation {@code std}, centres uniform in [-5, 5]^2}
     * Blob k is class k; inputs are [n, 2], class indices [n], shuffled.
     *
     * @param n the number of examples, at least {@code centers}, dealt to the blobs in turn
     * @param centers the number of blobs and of classes, positive
     * @param std the standard deviation of each blob in each coordinate, not negative
     * @param seed the seed of the centres, the points and the order; the same seed gives the same data
     */
    public static Dataset blobs(int n, int centers, double std, long seed) {
        checkSize("blobs", n, centers);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] c = new double[2 * centers];
        for (int i = 0; i < c.length; i++) {
            c[i] = rnd.nextDouble(-5, 5);
        }
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int k = i % centers;
            x[2 * i] = c[2 * k] + std * gaussian(rnd);
            x[2 * i + 1] = c[2 * k + 1] + std * gaussian(rnd);
            y[i] = k;
        }
        return new Dataset(Tensor.of(x, n, 2), Tensor.of(y, n)).shuffle(rnd.nextLong());
    }

    /**
     * {@return XOR: points around the four corners of [0, 1]^2, class 1 where exactly one coordinate is near 1}
     * Inputs are [n, 2], class indices [n], shuffled.
     *
     * @param n the number of examples, at least 4, dealt to the corners in turn
     * @param noise the standard deviation of the Gaussian noise added to each coordinate, not negative
     * @param seed the seed of the points, the noise and the order; the same seed gives the same data
     */
    public static Dataset xor(int n, double noise, long seed) {
        checkSize("xor", n, 4);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int a = i & 1;
            int b = (i >> 1) & 1;
            x[2 * i] = a + noise * gaussian(rnd);
            x[2 * i + 1] = b + noise * gaussian(rnd);
            y[i] = a ^ b;
        }
        return new Dataset(Tensor.of(x, n, 2), Tensor.of(y, n)).shuffle(rnd.nextLong());
    }

    private static void checkSize(String name, int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException("Datasets." + name + ": n = " + n + " must be at least " + min);
        }
    }

    private static void addNoise(double[] x, double noise, SplittableRandom rnd) {
        if (noise < 0) {
            throw new IllegalArgumentException("Datasets: noise " + noise + " must be >= 0");
        }
        for (int i = 0; i < x.length; i++) {
            x[i] += noise * gaussian(rnd);
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        return rnd.nextGaussian();
    }
}
