package dev.chainrule.core;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The derivative rules written with engine ops: they agree with the eager double rules, and recording them
 * gives correct second derivatives.
 */
class HigherOrderTest {
    private static final List<UnaryOperator<Scalar>> SMOOTH = List.of(Scalar::neg, Scalar::square, Scalar::exp,
            Scalar::tanh, Scalar::sigmoid, Scalar::softplus, Scalar::sin, Scalar::cos, x -> x.pow(3),
            x -> x.mul(x.sin()), x -> x.div(x.square().add(1)), x -> Scalar.constant(1.5).pow(x),
            x -> x.max(x.mul(0.5)), x -> x.min(x.square()), x -> x.relu().mul(x), x -> x.abs().mul(x));
    private static final List<UnaryOperator<Scalar>> POSITIVE = List.of(Scalar::sqrt, Scalar::log,
            x -> x.pow(x), x -> x.pow(-1.5));

    private static double first(UnaryOperator<Scalar> f, double at) {
        Scalar x = Scalar.of(at);
        f.apply(x).backward();
        return x.grad();
    }

    private static void check(UnaryOperator<Scalar> f, double at) {
        Scalar x = Scalar.of(at);
        Scalar dy = Autograd.grad(f.apply(x), List.of(x), true).get(0);
        assertEquals(first(f, at), dy.value(), 1e-12 * Math.max(1, Math.abs(dy.value())),
                "recorded rule equals the eager rule");
        // a first derivative that is a constant (neg, max(x, x/2)) has a zero second derivative
        double d2 = dy.requiresGrad() ? Autograd.grad(dy, List.of(x), false, false, true).get(0).value() : 0.0;
        double h = 1e-5 * Math.max(1, Math.abs(at));
        double numeric = (first(f, at + h) - first(f, at - h)) / (2 * h);
        assertEquals(numeric, d2, 1e-5 + 1e-4 * Math.abs(numeric), "second derivative at " + at);
    }

    @Property
    void secondDerivativesOfSmoothOps(@ForAll @DoubleRange(min = -3, max = 3) double at) {
        Assume.that(Math.abs(at) > 0.05 && Math.abs(at - 1) > 0.05);   // kinks of relu, abs, max(x, x/2), min(x, x^2)
        for (UnaryOperator<Scalar> f : SMOOTH) {
            check(f, at);
        }
    }

    @Property
    void secondDerivativesOnPositiveDomains(@ForAll @DoubleRange(min = 0.2, max = 5) double at) {
        for (UnaryOperator<Scalar> f : POSITIVE) {
            check(f, at);
        }
    }

    @Property
    void mixedSecondDerivativeOfABinaryOpIsSymmetric(@ForAll @DoubleRange(min = 0.3, max = 3) double a,
                                                     @ForAll @DoubleRange(min = -2, max = 2) double b) {
        Scalar x = Scalar.of(a);
        Scalar y = Scalar.of(b);
        Scalar f = x.pow(y).add(x.div(y.square().add(1))).mul(y.tanh());
        List<Scalar> g = Autograd.grad(f, List.of(x, y), true);
        double dxy = Autograd.grad(g.get(0), List.of(y), true, false, false).get(0).value();
        double dyx = Autograd.grad(g.get(1), List.of(x), false, false, false).get(0).value();
        assertEquals(dxy, dyx, 1e-9 * Math.max(1, Math.abs(dxy)));
    }

    @Test
    void thirdDerivativeOfACube() {
        Scalar x = Scalar.of(2.0);
        Scalar d1 = Autograd.grad(x.pow(3), List.of(x), true).get(0);
        Scalar d2 = Autograd.grad(d1, List.of(x), true).get(0);
        Scalar d3 = Autograd.grad(d2, List.of(x), true).get(0);
        assertEquals(12.0, d1.value(), 1e-12);
        assertEquals(12.0, d2.value(), 1e-12);
        assertEquals(6.0, d3.value(), 1e-12);
    }

    @Test
    void gradLeavesDotGradAlone() {
        Scalar x = Scalar.of(2.0);
        List<Scalar> g = Autograd.grad(x.mul(x), List.of(x), false);
        assertEquals(4.0, g.get(0).value());
        assertEquals(0.0, x.grad());
    }

    @Test
    void unusedInputsAreAnErrorUnlessAllowed() {
        Scalar x = Scalar.of(2.0);
        Scalar unused = Scalar.of(1.0, "u");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(x.exp(), List.of(x, unused), false));
        assertTrue(e.getMessage().contains("input 1 ('u')") && e.getMessage().contains("allowUnused"),
                e.getMessage());
        List<Scalar> g = Autograd.grad(x.exp(), List.of(x, unused), false, false, true);
        assertEquals(0.0, g.get(1).value());
    }
}
