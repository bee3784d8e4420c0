package dev.chainrule.check;

import java.util.function.DoubleUnaryOperator;

/**
 * The one central-difference routine of the package, shared by {@link GradCheck} and the {@link Derivation}
 * checker: the function is evaluated with a coordinate moved by {@code +h}, then by {@code -h}, with the step
 * {@code h = RELATIVE_STEP * max(1, |magnitude|)} ({@link GradCheck#RELATIVE_STEP}), and the quotient is
 * {@code (f(o + h) - f(o - h)) / ((o + h) - (o - h))} for an origin {@code o}.
 *
 * <p>The origin says in which units the step is measured. {@link #at} measures it on the input's own value
 * ({@code o = x}), so that the divisor is the step as actually taken in floating point; {@link #along} measures
 * it as an offset ({@code o = 0}, the divisor exactly {@code 2h}), for a distance along a direction and for an
 * element that the derivation checker's context moves itself.
 */
final class CentralDifference {
    private CentralDifference() {
    }

    /** The step for a coordinate of this magnitude: {@code RELATIVE_STEP * max(1, |magnitude|)}. */
    static double step(double magnitude) {
        return GradCheck.RELATIVE_STEP * Math.max(1.0, Math.abs(magnitude));
    }

    /**
     * The derivative in an input whose value is {@code x}, dividing by the step as taken:
     * {@code (f(x + h) - f(x - h)) / ((x + h) - (x - h))} with {@code h = step(x)}.
     *
     * @param moved the function with the input moved by an offset: called with {@code +h}, then {@code -h}
     */
    static double at(double x, DoubleUnaryOperator moved) {
        return quotient(x, step(x), moved);
    }

    /**
     * The derivative in an offset: {@code (f(+h) - f(-h)) / 2h} with {@code h = step(scale)}.
     *
     * @param scale the magnitude the step is scaled to (the moved value, or the largest element of an input)
     * @param moved the function at an offset: called with {@code +h}, then {@code -h}
     */
    static double along(double scale, DoubleUnaryOperator moved) {
        return quotient(0.0, step(scale), moved);
    }

    /** {@code (f(o + h) - f(o - h)) / ((o + h) - (o - h))}, evaluating {@code +h} first. */
    private static double quotient(double origin, double h, DoubleUnaryOperator moved) {
        double up = origin + h;
        double down = origin - h;
        double fUp = moved.applyAsDouble(h);
        double fDown = moved.applyAsDouble(-h);
        return (fUp - fDown) / (up - down);
    }
}
