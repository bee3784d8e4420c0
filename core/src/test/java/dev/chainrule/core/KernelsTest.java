package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Unary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The specialised loops (Vector API and plain) against the op table's per-element maths. */
class KernelsTest {

    private static double[] sample(SplittableRandom rnd, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextDouble(-scale, scale);
        }
        return x;
    }

    @Property(tries = 50)
    void unaryLoopsMatchTheTable(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll @IntRange(min = 1, max = 40) int scale) {
        SplittableRandom rnd = new SplittableRandom(n * 31L + scale);
        double[] x = sample(rnd, n, scale);
        double[] g = sample(rnd, n, 2);
        for (Unary u : Unary.values()) {
            double[] input = u == Unary.LOG || u == Unary.SQRT ? abs(x) : x;
            double[] fast = new double[n];
            double[] plain = new double[n];
            Kernels.unary(u, input, fast);
            Kernels.unaryPlain(u, input, plain);
            double[] gFast = new double[n];
            double[] gPlain = new double[n];
            Kernels.unaryGrad(u, input, plain, g, gFast);
            Kernels.unaryGradPlain(u, input, plain, g, gPlain);
            for (int i = 0; i < n; i++) {
                double expected = u.apply(input[i]);
                assertClose(expected, plain[i], u + " plain at " + input[i]);
                assertClose(expected, fast[i], u + " fast at " + input[i]);
                double expectedGrad = u.grad(input[i], plain[i], g[i]);
                assertClose(expectedGrad, gPlain[i], u + "' plain at " + input[i]);
                assertClose(expectedGrad, gFast[i], u + "' fast at " + input[i]);
            }
        }
    }

    private static double[] abs(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.abs(x[i]) + 1e-3;
        }
        return out;
    }

    /** Within 4 units in the last place (the JDK's vectorised functions may differ from Math by one or two). */
    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 4 * Math.ulp(expected) + 1e-300, what);
    }

    @Test
    void edgeValuesFollowTheTable() {
        double[] x = {0.0, -0.0, Double.NaN, 800, -800, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-300,
            -1e-300, 20, -20, 0.5, -0.5, 3, -3, 1};
        for (Unary u : Unary.values()) {
            double[] y = new double[x.length];
            Kernels.unary(u, x, y);
            for (int i = 0; i < x.length; i++) {
                double e = u.apply(x[i]);
                assertTrue(Double.compare(e, y[i]) == 0 || Math.abs(e - y[i]) <= 4 * Math.ulp(e),
                        u + " at " + x[i] + ": table " + e + ", kernel " + y[i]);
            }
        }
        double[] g = new double[x.length];
        java.util.Arrays.fill(g, 1.0);
        double[] out = new double[x.length];
        Kernels.unaryGrad(Unary.RELU, x, x, g, out);
        assertEquals(0.0, out[0], "relu'(0) = 0");
        assertEquals(0.0, out[1], "relu'(-0) = 0");
    }

    /**
     * The float32 loops (Vector API and plain) against the table's rule on the same floats, rounded: within 4
     * float ulps (the JDK's vectorised tanh may differ by one or two), and relu's rules exactly.
     */
    @Property(tries = 50)
    void float32LoopsMatchTheTable(@ForAll @IntRange(min = 0, max = 70) int n,
                                   @ForAll @IntRange(min = 1, max = 40) int scale) {
        SplittableRandom rnd = new SplittableRandom(n * 17L + scale);
        float[] x = Storage.narrow(sample(rnd, n, scale));
        float[] g = Storage.narrow(sample(rnd, n, 2));
        for (Unary u : Unary.values()) {
            float[] input = x.clone();
            if (u == Unary.LOG || u == Unary.SQRT) {
                for (int i = 0; i < n; i++) {
                    input[i] = Math.abs(input[i]) + 1e-3f;
                }
            }
            float[] fast = new float[n];
            float[] plain = new float[n];
            Kernels32.unary(u, input, fast);
            Kernels32.unaryPlain(u, input, plain);
            float[] gFast = new float[n];
            float[] gPlain = new float[n];
            Kernels32.unaryGrad(u, input, plain, g, gFast);
            Kernels32.unaryGradPlain(u, input, plain, g, gPlain);
            for (int i = 0; i < n; i++) {
                float expected = (float) u.apply(input[i]);
                assertEquals(expected, plain[i], 4 * Math.ulp(expected) + 1e-38f, u + " plain at " + input[i]);
                assertEquals(expected, fast[i], 4 * Math.ulp(expected) + 1e-38f, u + " fast at " + input[i]);
                float expectedGrad = (float) u.grad(input[i], plain[i], g[i]);
                float tol = 4 * Math.ulp(expectedGrad) + 4 * Math.ulp(1f) * Math.abs(g[i]) + 1e-38f;
                assertEquals(expectedGrad, gPlain[i], tol, u + "' plain at " + input[i]);
                assertEquals(expectedGrad, gFast[i], tol, u + "' fast at " + input[i]);
            }
        }
    }

    @Test
    void theFastPathIsOnInTheBuild() {
        assertTrue(Kernels.VECTOR, "the tests run with --add-modules jdk.incubator.vector");
    }
}
