package dev.chainrule.core;

import dev.chainrule.check.GradCheck;
import dev.chainrule.check.GradCheckReport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The differentiation API: higher order, the functional forms, forward mode, GradCheck itself, anomaly mode. */
class DifferentiationApiTest {

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<List<RandomExpressionTest.Instr>> programs() {
        return new RandomExpressionTest().programs();
    }

    // ------------------------------------------------------------ second derivatives

    @Property(tries = 25)
    void secondDerivativesOfEveryPointwiseTensorOp(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] dims = {1 + rnd.nextInt(3), 1 + rnd.nextInt(3)};
        Tensor x = TensorOpsTest.values(rnd, dims, 0.1);
        Tensor positive = x.abs().add(0.2);
        List<UnaryOperator<Tensor>> smooth = List.of(Tensor::neg, Tensor::square, Tensor::exp, Tensor::tanh,
                Tensor::sigmoid, Tensor::softplus, Tensor::sin, Tensor::cos, t -> t.pow(3), t -> t.softmax(1),
                t -> t.logSoftmax(0), t -> t.mul(t.sum(1, true)), t -> t.div(t.square().add(1.0)),
                Tensor::relu, Tensor::abs, t -> t.logSumExp(new int[0], false));
        for (UnaryOperator<Tensor> f : smooth) {
            GradCheck.second(in -> f.apply(in.get(0)), List.of(x)).assertPassed();
        }
        for (UnaryOperator<Tensor> f : List.<UnaryOperator<Tensor>>of(Tensor::sqrt, Tensor::log, t -> t.pow(t))) {
            GradCheck.second(in -> f.apply(in.get(0)), List.of(positive)).assertPassed();
        }
        Tensor w = TensorOpsTest.values(rnd, new int[] {dims[1], 2}, 0.0);
        GradCheck.second(in -> in.get(0).matmul(in.get(1)).tanh(), List.of(x, w)).assertPassed();
    }

    @Property(tries = 200)
    void hessiansOfRandomExpressionsAreSymmetricAndMatchDifferences(
            @ForAll("programs") List<RandomExpressionTest.Instr> program,
            @ForAll @Size(3) List<@DoubleRange(min = -2, max = 2) Double> at) {
        double[] x = at.stream().mapToDouble(Double::doubleValue).toArray();
        double[] margin = {Double.POSITIVE_INFINITY};
        List<Scalar> probe = new ArrayList<>();
        for (double v : x) {
            probe.add(Scalar.constant(v));
        }
        double value = RandomExpressionTest.run(program, probe, margin).value();
        Assume.that(margin[0] > 0.05 && Double.isFinite(value) && Math.abs(value) < 1e3);
        Function<List<Scalar>, Scalar> f = in -> RandomExpressionTest.run(program, in, null);
        double[][] h = Autograd.hessian(f, x);
        for (int i = 0; i < 3; i++) {
            double hh = 1e-5 * Math.max(1, Math.abs(x[i]));
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += hh;
            down[i] -= hh;
            double[] gu = Autograd.gradient(f, up);
            double[] gd = Autograd.gradient(f, down);
            for (int j = 0; j < 3; j++) {
                Assume.that(Math.abs(h[i][j]) < 1e4);
                assertEquals(h[j][i], h[i][j], 1e-8 * Math.max(1, Math.abs(h[i][j])), "symmetric");
                double numeric = (gu[j] - gd[j]) / (up[i] - down[i]);
                assertEquals(numeric, h[i][j], 1e-4 + 1e-3 * Math.abs(numeric), "H[" + i + "][" + j + "]");
            }
        }
        double[] v = {0.3, -1.1, 0.7};
        double[] hv = Autograd.hvp(f, x, v);
        for (int i = 0; i < 3; i++) {
            double expected = h[i][0] * v[0] + h[i][1] * v[1] + h[i][2] * v[2];
            assertEquals(expected, hv[i], 1e-8 * Math.max(1, Math.abs(expected)), "hvp = H v");
        }
    }

    @Property(tries = 40)
    void tensorHvpEqualsHessianTimesVector(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = TensorOpsTest.values(rnd, new int[] {2, 3}, 0.1);
        Tensor v = TensorOpsTest.values(rnd, new int[] {2, 3}, 0.0);
        UnaryOperator<Tensor> f = t -> t.tanh().matmul(t.transpose()).sin().sum().add(t.logSumExp(new int[] {1}, false).sum());
        Tensor h = Autograd.hessian(f, x);
        assertEquals(Shape.of(2, 3, 2, 3), h.shape());
        double[] expected = h.reshape(6, 6).matmul(v.reshape(6)).toArray();
        double[] hv = Autograd.hvp(f, x, v).toArray();
        double[] hd = h.reshape(6, 6).toArray();
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], hv[i], 1e-10 * Math.max(1, Math.abs(expected[i])));
            for (int j = 0; j < 6; j++) {
                assertEquals(hd[i * 6 + j], hd[j * 6 + i], 1e-10 * Math.max(1, Math.abs(hd[i * 6 + j])));
            }
        }
    }

    // ------------------------------------------------------------ forward mode

    private static final ScalarFunction TANGLE = new ScalarFunction() {
        @Override
        public <T extends Differentiable<T>> T apply(List<T> x) {
            T a = x.get(0);
            T b = x.get(1);
            T c = x.get(2);
            return a.mul(b).tanh().add(c.sigmoid().pow(a.abs().add(0.5))).div(b.square().add(1.0))
                    .sub(a.max(c).mul(b.sin())).add(c.exp().softplus().log()).add(a.constantLike(2.0).mul(c.cos()));
        }
    };

    @Property(tries = 200)
    void forwardModeJvpEqualsReverseModeContraction(@ForAll @DoubleRange(min = -2, max = 2) double a,
                                                    @ForAll @DoubleRange(min = -2, max = 2) double b,
                                                    @ForAll @DoubleRange(min = -2, max = 2) double c,
                                                    @ForAll("seeds") long seed) {
        Assume.that(Math.abs(a - c) > 1e-3 && Math.abs(a) > 1e-3);
        double[] x = {a, b, c};
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] t = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double forward = Autograd.jvp(TANGLE, x, t);
        double[] g = Autograd.gradient(TANGLE::apply, x);
        double reverse = g[0] * t[0] + g[1] * t[1] + g[2] * t[2];
        assertEquals(reverse, forward, 1e-12 * Math.max(1, Math.abs(reverse)));
        GradCheck.threeWay(TANGLE, x).assertPassed();
    }

    @Property(tries = 40)
    void tensorJvpAndVjpAgree(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = TensorOpsTest.values(rnd, new int[] {3, 2}, 0.1);
        Tensor w = TensorOpsTest.values(rnd, new int[] {2, 4}, 0.0);
        UnaryOperator<Tensor> f = t -> t.matmul(w).tanh().softmax(1).mul(t.sum(1, true));
        Tensor t = TensorOpsTest.values(rnd, new int[] {3, 2}, 0.0);
        Tensor c = TensorOpsTest.values(rnd, new int[] {3, 4}, 0.0);
        double left = Autograd.jvp(f, x, t).mul(c).sum().item();     // <c, J t>
        double right = Autograd.vjp(f, x, c).mul(t).sum().item();    // <J^T c, t>
        assertEquals(left, right, 1e-12 * Math.max(1, Math.abs(left)));
        Tensor jac = Autograd.jacobian(f, x);
        assertEquals(Shape.of(3, 4, 3, 2), jac.shape());
        double viaJacobian = c.reshape(1, 12).matmul(jac.reshape(12, 6)).matmul(t.reshape(6, 1)).item();
        assertEquals(left, viaJacobian, 1e-12 * Math.max(1, Math.abs(left)));
    }

    @Test
    void dualNumbersKnownAnswers() {
        Dual y = TANGLE.apply(List.of(Dual.of(0.5, 1), Dual.of(-1, 0), Dual.of(2, 0)));
        assertEquals(Autograd.gradient(TANGLE::apply, 0.5, -1, 2)[0], y.tangent(), 1e-14);
        Dual s = Dual.of(2, 1).mul(Dual.of(3, 0)).sin();
        assertEquals(Math.sin(6), s.value(), 1e-15);
        assertEquals(3 * Math.cos(6), s.tangent(), 1e-15);
    }

    // ------------------------------------------------------------ known answers

    private static final ScalarFunction ROSENBROCK = new ScalarFunction() {
        @Override
        public <T extends Differentiable<T>> T apply(List<T> x) {
            T a = x.get(0);
            T b = x.get(1);
            return a.neg().add(1).square().add(b.sub(a.square()).square().mul(100));
        }
    };

    @Test
    void rosenbrockHessianAtTheMinimum() {
        double[][] h = Autograd.hessian(ROSENBROCK::apply, 1, 1);
        assertArrayEquals(new double[] {802, -400}, h[0], 1e-9);
        assertArrayEquals(new double[] {-400, 200}, h[1], 1e-9);
        Tensor ht = Autograd.hessian(t -> t.select(0, 0).neg().add(1).square()
                .add(t.select(0, 1).sub(t.select(0, 0).square()).square().mul(100)), Tensor.of(new double[] {1, 1}));
        assertArrayEquals(new double[] {802, -400, -400, 200}, ht.toArray(), 1e-9);
    }

    @Test
    void softmaxCrossEntropyHessianIsDiagPMinusPpT() {
        Tensor z = Tensor.of(new double[] {0.2, -1.0, 0.7, 1.5});
        Tensor target = Tensor.of(new double[] {2}, 1);
        Tensor h = Autograd.hessian(t -> t.logSoftmax(0).gather(0, target).neg().sum(), z);
        double[] p = z.softmax(0).toArray();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double expected = (i == j ? p[i] : 0) - p[i] * p[j];
                assertEquals(expected, h.get(i, j), 1e-12, "H[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void severalOutputsWithSeeds() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor y1 = x.square();
        Tensor y2 = x.sum().mul(3.0);
        List<Tensor> g = Autograd.grad(List.of(y1, y2), java.util.Arrays.asList(Tensor.of(new double[] {1, 10}), null),
                List.of(x), false, false, false);
        assertArrayEquals(new double[] {2 + 3, 40 + 3}, g.get(0).toArray(), 1e-15);
        Scalar a = Scalar.of(2.0);
        List<Scalar> gs = Autograd.grad(List.of(a.square(), a.mul(5.0)), new double[] {1, 2}, List.of(a), false,
                false, false);
        assertEquals(4 + 10, gs.get(0).value(), 1e-15);
    }

    // ------------------------------------------------------------ GradCheck itself

    @Test
    void gradCheckPassesCorrectAndCatchesPlantedErrors() {
        SplittableRandom rnd = new SplittableRandom(5);
        Tensor x = TensorOpsTest.values(rnd, new int[] {3, 3}, 0.1);
        GradCheck.tensors(in -> in.get(0).tanh().matmul(in.get(0)), List.of(x)).assertPassed();
        GradCheck.tensorsFast(in -> in.get(0).tanh().matmul(in.get(0)), List.of(x)).assertPassed();

        // a sign flip: value g(x), gradient -g'(x)
        GradCheckReport sign = GradCheck.tensors(in -> in.get(0).tanh().detach().mul(2.0).sub(in.get(0).tanh()),
                List.of(x));
        assertFalse(sign.passed());
        String m = assertThrows(AssertionError.class, sign::assertPassed).getMessage();
        assertTrue(m.startsWith("gradient check FAILED for 9 of 9 inputs"), m);
        assertTrue(m.contains("x0[0, 0] = "), m);
        // a factor of 2: x * detach(x) has autograd gradient x, true gradient 2x
        GradCheckReport factor = GradCheck.tensors(in -> in.get(0).mul(in.get(0).detach()), List.of(x));
        assertFalse(factor.passed());
        GradCheckReport.Entry e = factor.failures().get(0);
        assertEquals(2.0, e.numeric() / e.analytic(), 1e-6);
        // a transposed gradient: value <C, W>, autograd gradient C^T
        Tensor cm = TensorOpsTest.values(rnd, new int[] {3, 3}, 0.0);
        Function<List<Tensor>, Tensor> transposed = in -> {
            Tensor w = in.get(0);
            return cm.mul(w.detach()).sum().add(cm.transpose().mul(w).sum()).sub(cm.transpose().mul(w.detach()).sum());
        };
        assertFalse(GradCheck.tensors(transposed, List.of(x)).passed());
        assertFalse(GradCheck.tensorsFast(transposed, List.of(x)).passed(), "a random direction catches it too");
        // second order: right first derivative, wrong (zero) second derivative
        Function<List<Tensor>, Tensor> firstOnly = in -> {
            Tensor t = in.get(0);
            Tensor d = t.detach();
            return t.sub(d).mul(d.tanh().square().neg().add(1.0)).add(d.tanh());
        };
        GradCheck.tensors(firstOnly, List.of(x)).assertPassed();
        GradCheckReport second = GradCheck.second(firstOnly, List.of(x));
        assertFalse(second.passed(), second.toString());
        GradCheck.second(in -> in.get(0).tanh(), List.of(x)).assertPassed();
    }

    @Test
    void threeWayReportShowsForwardMode() {
        GradCheckReport r = GradCheck.threeWay(ROSENBROCK, 0.5, 0.5);
        assertTrue(r.passed(), r.toString());
        assertTrue(r.toString().contains("forward"), r.toString());
        assertEquals(r.entries().get(0).analytic(), r.entries().get(0).forward(), 1e-12);
    }

    // ------------------------------------------------------------ anomaly mode

    @Test
    void anomalyModeNamesTheOpThatProducedNaN() {
        Tensor x = Tensor.of(new double[] {1, -1, 2}).requiresGrad();
        try (var on = Anomaly.detect()) {
            var e = assertThrows(ArithmeticException.class, () -> x.log());
            assertTrue(e.getMessage().contains("'log' produced NaN at element 1 of its output of shape [3]")
                    && e.getMessage().contains("inputs: [3]"), e.getMessage());
            Tensor z = Tensor.of(new double[] {0, 4}).requiresGrad();
            Tensor y = z.sqrt().sum();                       // forward fine, backward 1/(2 sqrt 0) = inf
            var b = assertThrows(ArithmeticException.class, y::backward);
            assertTrue(b.getMessage().contains("backward rule of 'sqrt' produced Infinity"), b.getMessage());
            assertNotNull(b.getCause(), "the cause says where the op was created");
            assertTrue(b.getCause().getMessage().contains("'sqrt' was created here"), b.getCause().getMessage());
            Scalar s = Scalar.of(0.0);
            var sb = assertThrows(ArithmeticException.class, () -> s.sqrt().backward());
            assertTrue(sb.getMessage().contains("'sqrt'"), sb.getMessage());
        }
        assertTrue(Double.isNaN(x.log().toArray()[1]), "outside the scope NaN propagates as usual");
    }
}
