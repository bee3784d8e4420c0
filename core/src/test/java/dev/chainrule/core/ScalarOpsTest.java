package dev.chainrule.core;

import dev.chainrule.check.GradCheck;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every scalar op: autograd against central differences on random points away from kinks, plus known answers. */
class ScalarOpsTest {

    private static void checkUnary(UnaryOperator<Scalar> f, double x) {
        GradCheck.scalars(in -> f.apply(in.get(0)), x).assertPassed();
    }

    private static void checkBinary(BinaryOperator<Scalar> f, double a, double b) {
        GradCheck.scalars(in -> f.apply(in.get(0), in.get(1)), a, b).assertPassed();
    }

    @Property
    void smoothUnaryOps(@ForAll @DoubleRange(min = -5, max = 5) double x) {
        checkUnary(Scalar::neg, x);
        checkUnary(Scalar::square, x);
        checkUnary(Scalar::exp, x);
        checkUnary(Scalar::tanh, x);
        checkUnary(Scalar::sigmoid, x);
        checkUnary(Scalar::softplus, x);
        checkUnary(Scalar::sin, x);
        checkUnary(Scalar::cos, x);
    }

    @Property
    void opsWithPolesOnPositiveInputs(@ForAll @DoubleRange(min = 0.05, max = 20) double x) {
        checkUnary(Scalar::sqrt, x);
        checkUnary(Scalar::log, x);
    }

    @Property
    void kinkedUnaryOpsAwayFromZero(@ForAll @DoubleRange(min = -5, max = 5) double x) {
        Assume.that(Math.abs(x) > 1e-3);
        checkUnary(Scalar::relu, x);
        checkUnary(Scalar::abs, x);
    }

    @Property
    void arithmetic(@ForAll @DoubleRange(min = -5, max = 5) double a, @ForAll @DoubleRange(min = -5, max = 5) double b) {
        checkBinary(Scalar::add, a, b);
        checkBinary(Scalar::sub, a, b);
        checkBinary(Scalar::mul, a, b);
        checkUnary(x -> x.add(b), a);
        checkUnary(x -> x.sub(b), a);
        checkUnary(x -> x.mul(b), a);
    }

    @Property
    void division(@ForAll @DoubleRange(min = -5, max = 5) double a, @ForAll @DoubleRange(min = -5, max = 5) double b) {
        Assume.that(Math.abs(b) > 0.1);
        checkBinary(Scalar::div, a, b);
        checkUnary(x -> x.div(b), a);
    }

    @Property
    void powers(@ForAll @DoubleRange(min = 0.1, max = 4) double base, @ForAll @DoubleRange(min = -3, max = 3) double p) {
        checkUnary(x -> x.pow(p), base);
        checkBinary(Scalar::pow, base, p);
    }

    @Property
    void integerPowersOfNegativeBases(@ForAll @DoubleRange(min = -4, max = 4) double base) {
        Assume.that(Math.abs(base) > 0.1);
        checkUnary(x -> x.pow(3), base);
        checkUnary(x -> x.pow(2), base);
        checkUnary(x -> x.pow(-1), base);
    }

    @Property
    void maxAndMinAwayFromTies(@ForAll @DoubleRange(min = -5, max = 5) double a, @ForAll @DoubleRange(min = -5, max = 5) double b) {
        Assume.that(Math.abs(a - b) > 1e-3);
        checkBinary(Scalar::max, a, b);
        checkBinary(Scalar::min, a, b);
        checkUnary(x -> x.max(b), a);
        checkUnary(x -> x.min(b), a);
    }

    @Property
    void naryOps(@ForAll @DoubleRange(min = -3, max = 3) double a, @ForAll @DoubleRange(min = -3, max = 3) double b,
                 @ForAll @DoubleRange(min = -3, max = 3) double c, @ForAll @DoubleRange(min = -3, max = 3) double d) {
        GradCheck.scalars(x -> Scalar.sum(List.of(x.get(0), x.get(1).tanh(), x.get(0).mul(x.get(2)), x.get(3))),
                a, b, c, d).assertPassed();
        GradCheck.scalars(x -> Scalar.dot(List.of(x.get(0), x.get(1)), List.of(x.get(2), x.get(3).sin())),
                a, b, c, d).assertPassed();
        GradCheck.scalars(x -> Scalar.dot(List.of(x.get(0), x.get(1)), List.of(x.get(1), x.get(0))), a, b)
                .assertPassed();
    }

    // ------------------------------------------------------------ known answers

    private static double grad(UnaryOperator<Scalar> f, double at) {
        Scalar x = Scalar.of(at);
        f.apply(x).backward();
        return x.grad();
    }

    @Test
    void knownValuesAndDerivatives() {
        assertEquals(0.5, Scalar.of(0).sigmoid().value());
        assertEquals(0.25, grad(Scalar::sigmoid, 0), 1e-15);
        assertEquals(Math.log(2), Scalar.of(0).softplus().value(), 1e-15);
        assertEquals(0.5, grad(Scalar::softplus, 0), 1e-15);
        assertEquals(1.0, grad(Scalar::tanh, 0), 1e-15);
        assertEquals(Math.E, grad(Scalar::exp, 1), 1e-15);
        assertEquals(0.25, grad(Scalar::log, 4), 1e-15);
        assertEquals(0.25, grad(Scalar::sqrt, 4), 1e-15);
        assertEquals(-1.0, grad(Scalar::cos, Math.PI / 2), 1e-15);
        assertEquals(12.0, grad(x -> x.pow(3), 2), 1e-12);
        assertEquals(8 * Math.log(2), grad(x -> Scalar.constant(2).pow(x), 3), 1e-12);
        assertEquals(-0.25, grad(x -> Scalar.constant(1).div(x), 2), 1e-15);
    }

    @Test
    void conventionsAtKinks() {
        assertEquals(0.0, grad(Scalar::relu, 0.0), "relu'(0) = 0");
        assertEquals(0.0, grad(Scalar::abs, 0.0), "abs'(0) = 0");
        Scalar a = Scalar.of(1.5);
        Scalar b = Scalar.of(1.5);
        a.max(b).add(a.min(b)).backward();
        assertEquals(2.0, a.grad(), "at a tie, max and min send the gradient to their first argument");
        assertEquals(0.0, b.grad());
    }

    @Test
    void stableForms() {
        assertEquals(1.0, Scalar.of(800).sigmoid().value());
        assertEquals(0.0, Scalar.of(-800).sigmoid().value());
        assertEquals(800.0, Scalar.of(800).softplus().value());
        assertEquals(0.0, grad(Scalar::sigmoid, -800));
        assertEquals(1.0, grad(Scalar::softplus, 800));
    }

    @Test
    void stepAndSignHaveAZeroGradient() {
        Scalar x = Scalar.of(-2.0);
        assertEquals(0.0, x.step().value());
        assertEquals(-1.0, x.sign().value());
        assertEquals(0.0, grad(Scalar::step, -2.0));
        assertEquals(0.0, grad(Scalar::sign, 3.0));
    }

    @Test
    void dotRejectsListsOfDifferentLengths() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Scalar.dot(List.of(Scalar.of(1)), List.of(Scalar.of(1), Scalar.of(2))));
        assertEquals("Scalar.dot: 1 and 2 elements; both lists must have the same length", e.getMessage());
    }
}
