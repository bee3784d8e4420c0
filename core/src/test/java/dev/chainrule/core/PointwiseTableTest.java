package dev.chainrule.core;

import dev.chainrule.check.GradCheck;
import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The op table, driven by the table: every {@link Unary} and {@link Binary} op, the moment it exists, is checked
 * on both front ends and in forward mode against central differences (first and second order), its two
 * derivative rules (over doubles and over engine ops) against each other, and every specialised kernel against
 * the table. The switches below are exhaustive with no default: a new op does not compile here until it is
 * given its method and its domain.
 */
class PointwiseTableTest {

    /** The op through its fluent method, on any front end. */
    static <T extends Differentiable<T>> T apply(Unary u, T x) {
        return switch (u) {
            case NEG -> x.neg();
            case SQUARE -> x.square();
            case SQRT -> x.sqrt();
            case EXP -> x.exp();
            case LOG -> x.log();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case RELU -> x.relu();
            case SOFTPLUS -> x.softplus();
            case ABS -> x.abs();
            case SIN -> x.sin();
            case COS -> x.cos();
            case STEP -> x.step();
            case SIGN -> x.sign();
        };
    }

    static <T extends Differentiable<T>> T apply(Binary f, T a, T b) {
        return switch (f) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
        };
    }

    /** A point where the op is smooth: inside its domain, away from poles and kinks. */
    static double point(Unary u, SplittableRandom rnd) {
        double x = rnd.nextDouble(-4, 4);
        return switch (u) {
            case SQRT, LOG -> Math.abs(x) + 0.05;
            case RELU, ABS, STEP, SIGN -> Math.abs(x) < 1e-2 ? x + 0.5 : x;
            case NEG, SQUARE, EXP, TANH, SIGMOID, SOFTPLUS, SIN, COS -> x;
        };
    }

    /** A pair of operands where the op is smooth. */
    static double[] point(Binary f, SplittableRandom rnd) {
        double a = rnd.nextDouble(-4, 4);
        double b = rnd.nextDouble(-4, 4);
        return switch (f) {
            case ADD, SUB, MUL -> new double[] {a, b};
            case DIV -> new double[] {a, Math.abs(b) < 0.2 ? b + 1 : b};
            case POW -> new double[] {Math.abs(a) + 0.1, b / 1.5};
            case MAX, MIN -> new double[] {a, Math.abs(a - b) < 1e-2 ? b + 0.5 : b};
        };
    }

    @Property(tries = 30)
    void everyUnaryOpAgreesWithCentralDifferencesOnBothFrontEndsAndInForwardMode(@ForAll @LongRange long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Unary u : Unary.values()) {
            double x = point(u, rnd);
            GradCheck.threeWay(new ScalarFunction() {
                @Override
                public <T extends Differentiable<T>> T apply(List<T> in) {
                    return PointwiseTableTest.apply(u, in.get(0));
                }
            }, x).assertPassed();
            Tensor t = Tensor.of(new double[] {x, point(u, rnd), point(u, rnd)}, 3);
            GradCheck.tensors(in -> apply(u, in.get(0)).sum(), List.of(t)).assertPassed();
        }
    }

    @Property(tries = 30)
    void everyBinaryOpAgreesWithCentralDifferencesOnBothFrontEndsAndInForwardMode(@ForAll @LongRange long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Binary f : Binary.values()) {
            double[] p = point(f, rnd);
            GradCheck.threeWay(new ScalarFunction() {
                @Override
                public <T extends Differentiable<T>> T apply(List<T> in) {
                    return PointwiseTableTest.apply(f, in.get(0), in.get(1));
                }
            }, p).assertPassed();
            double[] q = point(f, rnd);
            GradCheck.tensors(in -> apply(f, in.get(0), in.get(1)).sum(),
                    List.of(Tensor.of(new double[] {p[0], q[0]}, 2), Tensor.of(new double[] {p[1], q[1]}, 2)))
                    .assertPassed();
        }
    }

    @Property(tries = 30)
    void theTwoFormsOfEachDerivativeAgreeToSecondOrder(@ForAll @LongRange long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Unary u : Unary.values()) {
            double x = point(u, rnd);
            double g = rnd.nextDouble(-2, 2);
            double y = u.apply(x);
            Scalar sx = Scalar.constant(x);
            assertEquals(u.grad(x, y, g), u.grad(sx, Scalar.constant(y), Scalar.constant(g)).value(),
                    1e-12 * Math.max(1, Math.abs(u.grad(x, y, g))), u + "'");
            // the engine-op rule, differentiated again, against central differences of the double rule
            double h = 1e-5 * Math.max(1, Math.abs(x));
            double numeric = (u.grad(x + h, u.apply(x + h), 1) - u.grad(x - h, u.apply(x - h), 1)) / (2 * h);
            double[][] second = Autograd.hessian(in -> apply(u, in.get(0)), x);
            assertEquals(numeric, second[0][0], 1e-5 + 1e-4 * Math.abs(numeric), u + "'' at " + x);
        }
        for (Binary f : Binary.values()) {
            double[] p = point(f, rnd);
            double y = f.apply(p[0], p[1]);
            double g = rnd.nextDouble(-2, 2);
            Scalar a = Scalar.constant(p[0]);
            Scalar b = Scalar.constant(p[1]);
            Scalar sy = Scalar.constant(y);
            Scalar sg = Scalar.constant(g);
            assertEquals(f.gradA(p[0], p[1], y, g), f.gradA(a, b, sy, sg).value(), 1e-10, f + " d/da");
            assertEquals(f.gradB(p[0], p[1], y, g), f.gradB(a, b, sy, sg).value(), 1e-10, f + " d/db");
            double[][] hess = Autograd.hessian(in -> apply(f, in.get(0), in.get(1)), p);
            assertEquals(hess[0][1], hess[1][0], 1e-8 * Math.max(1, Math.abs(hess[0][1])), f + " mixed");
        }
    }

    @Property(tries = 40)
    void everyBinaryKernelPathAgreesWithTheTable(@ForAll @IntRange(min = 1, max = 40) int n,
                                                 @ForAll @LongRange long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int rows = 1 + rnd.nextInt(4);
        for (Binary f : Binary.values()) {
            double[] a = new double[rows * n];
            double[] b = new double[rows * n];
            for (int i = 0; i < a.length; i++) {
                double[] p = point(f, rnd);
                a[i] = p[0];
                b[i] = p[1];
            }
            double[] row = java.util.Arrays.copyOf(b, n);
            double[] one = {b[0]};
            Shape full = Shape.of(rows, n);
            // equal shapes, a scalar on either side, a row broadcast down, a column broadcast across
            check(f, a, full, b, full, (i, j) -> f.apply(a[i * n + j], b[i * n + j]), rows, n);
            check(f, a, full, one, Shape.scalar(), (i, j) -> f.apply(a[i * n + j], one[0]), rows, n);
            check(f, one, Shape.scalar(), b, full, (i, j) -> f.apply(one[0], b[i * n + j]), rows, n);
            check(f, a, full, row, Shape.of(n), (i, j) -> f.apply(a[i * n + j], row[j]), rows, n);
            double[] col = java.util.Arrays.copyOf(b, rows);
            check(f, a, full, col, Shape.of(rows, 1), (i, j) -> f.apply(a[i * n + j], col[i]), rows, n);
        }
    }

    private interface Expected {
        double at(int i, int j);
    }

    private static void check(Binary f, double[] a, Shape sa, double[] b, Shape sb, Expected e, int rows, int n) {
        Shape so = Shape.broadcast(sa, sb, f.method);
        double[] out = new double[so.size()];
        Kernels.binary(f, a, sa, b, sb, out, so);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(e.at(i, j), out[i * n + j], 0.0, f + " " + sa + " " + sb + " at " + i + ", " + j);
            }
        }
    }
}
