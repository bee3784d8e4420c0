package dev.chainrule.core;

import dev.chainrule.check.GradCheck;
import dev.chainrule.check.GradCheckReport;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's scalar op ({@link ScalarOp}): custom tanh, softsign and hypot match the built-in expressions in first
 * and second order and in forward mode; their gradient check passes three ways and a planted wrong partial fails
 * it; a wrong number of partials, NaN under anomaly mode and a second pass through a released graph are named.
 */
class UserScalarOpTest {
    static final ScalarOp TANH = ScalarOp.named("myTanh")
            .forward(x -> Math.tanh(x[0]))
            .partials((x, y) -> new Scalar[] {y.square().neg().add(1.0)})
            .build();

    static final ScalarOp SOFTSIGN = ScalarOp.named("softsign")
            .forward(x -> x[0] / (1 + Math.abs(x[0])))
            .partials((x, y) -> new Scalar[] {x[0].abs().add(1.0).pow(-2)})
            .build();

    static final ScalarOp HYPOT = ScalarOp.named("hypot")
            .forward(x -> Math.sqrt(x[0] * x[0] + x[1] * x[1]))
            .partials((x, y) -> new Scalar[] {x[0].div(y), x[1].div(y)})
            .build();

    private static double[] grad(Function<List<Scalar>, Scalar> f, double... at) {
        return Autograd.gradient(f, at);
    }

    private static void assertMatrixEquals(double[][] a, double[][] b, double tol) {
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], tol, "row " + i);
        }
    }

    @Property(tries = 50)
    void customOpsMatchTheBuiltInExpressionsInFirstAndSecondOrder(@ForAll @DoubleRange(min = -3, max = 3) double a,
                                                                  @ForAll @DoubleRange(min = 0.2, max = 3) double b) {
        Function<List<Scalar>, Scalar> builtIn = x -> x.get(0).tanh().mul(x.get(1));
        Function<List<Scalar>, Scalar> custom = x -> TANH.apply(x.get(0)).mul(x.get(1));
        assertArrayEquals(grad(builtIn, a, b), grad(custom, a, b), 0.0, "tanh with the built-in's rule, to the ulp");
        assertMatrixEquals(Autograd.hessian(builtIn, a, b), Autograd.hessian(custom, a, b), 1e-14);
        Function<List<Scalar>, Scalar> soft = x -> x.get(1).div(x.get(1).abs().add(1.0)).mul(x.get(0));
        Function<List<Scalar>, Scalar> mySoft = x -> SOFTSIGN.apply(x.get(1)).mul(x.get(0));
        assertArrayEquals(grad(soft, a, b), grad(mySoft, a, b), 1e-14);
        assertMatrixEquals(Autograd.hessian(soft, a, b), Autograd.hessian(mySoft, a, b), 1e-13);
        Function<List<Scalar>, Scalar> hyp = x -> x.get(0).square().add(x.get(1).square()).sqrt();
        Function<List<Scalar>, Scalar> myHyp = x -> HYPOT.apply(x.get(0), x.get(1));
        assertArrayEquals(grad(hyp, a, b), grad(myHyp, a, b), 1e-14);
        assertMatrixEquals(Autograd.hessian(hyp, a, b), Autograd.hessian(myHyp, a, b), 1e-13);
    }

    private static final ScalarFunction USES_OPS = new ScalarFunction() {
        @Override
        public <T extends Differentiable<T>> T apply(List<T> x) {
            return HYPOT.apply(List.of(TANH.apply(List.of(x.get(0))), x.get(1))).mul(x.get(0));
        }
    };

    @Property(tries = 30)
    void aFunctionUsingCustomOpsPassesTheThreeWayCheckAndForwardModeAgrees(
            @ForAll @DoubleRange(min = -2, max = 2) double a, @ForAll @DoubleRange(min = 0.3, max = 2) double b) {
        GradCheck.threeWay(USES_OPS, a, b).assertPassed();
        double[] g = Autograd.gradient(x -> USES_OPS.apply(x), a, b);
        assertEquals(g[0] * 0.5 - g[1] * 2, Autograd.jvp(USES_OPS, new double[] {a, b}, new double[] {0.5, -2}),
                1e-12, "forward mode through the op's partials");
    }

    @Test
    void aPlantedWrongPartialFailsTheCheck() {
        ScalarOp wrong = ScalarOp.named("softsignSquaredMissing")
                .forward(x -> x[0] / (1 + Math.abs(x[0])))
                .partials((x, y) -> new Scalar[] {x[0].abs().add(1.0).pow(-1)})
                .build();
        ScalarFunction f = new ScalarFunction() {
            @Override
            public <T extends Differentiable<T>> T apply(List<T> x) {
                return wrong.apply(List.of(x.get(0)));
            }
        };
        GradCheckReport r = GradCheck.threeWay(f, 0.7);
        assertFalse(r.passed(), r.toString());
    }

    @Test
    void aWrongNumberOfPartialsNaNUnderAnomalyAndAReleasedGraphAreNamed() {
        ScalarOp one = ScalarOp.named("pairSum").forward(x -> x[0] + x[1])
                .partials((x, y) -> new Scalar[] {Scalar.constant(1.0)}).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> one.apply(Scalar.of(1.0), Scalar.of(2.0)));
        assertTrue(e.getMessage().contains("'pairSum'") && e.getMessage().contains("1 derivatives for 2 inputs"),
                e.getMessage());
        ScalarOp badLog = ScalarOp.named("badLog").forward(x -> Math.log(x[0]))
                .partials((x, y) -> new Scalar[] {x[0].sub(x[0]).div(x[0].sub(x[0]))}).build();
        try (var anomaly = Anomaly.detect()) {
            Scalar x = Scalar.of(2.0);
            RuntimeException n = assertThrows(RuntimeException.class, () -> badLog.apply(x).backward());
            assertTrue(n.getMessage().contains("badLog"), n.getMessage());
        }
        Scalar x = Scalar.of(0.5);
        Scalar y = TANH.apply(x);
        assertEquals("myTanh", y.op());
        assertEquals(List.of(x), y.inputs(), "the partials are not inputs of the graph");
        y.backward();
        assertEquals(1 - Math.tanh(0.5) * Math.tanh(0.5), x.grad(), 1e-15);
        assertThrows(IllegalStateException.class, y::backward, "the graph is released");
        ScalarOp nullPartial = ScalarOp.named("first").forward(v -> v[0])
                .partials((v, out) -> new Scalar[] {Scalar.constant(1.0), null}).build();
        Scalar p = Scalar.of(1.0);
        Scalar q = Scalar.of(2.0);
        assertArrayEquals(new double[] {1, 0}, Autograd.grad(nullPartial.apply(p, q), List.of(p, q), false)
                .stream().mapToDouble(Scalar::value).toArray(), 0.0, "null is 0");
        try (var off = Grad.disabled()) {
            assertFalse(TANH.apply(Scalar.of(0.3)).requiresGrad(), "grad mode off: nothing recorded");
        }
        assertThrows(IllegalStateException.class, () -> ScalarOp.named("half").forward(v -> v[0]).build());
    }
}
