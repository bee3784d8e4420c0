package dev.chainrule.check;

import dev.chainrule.core.Grad;
import dev.chainrule.core.Scalar;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks autograd against finite differences: for each input, the gradient from a backward pass is compared
 * with the central difference {@code (f(x + h) - f(x - h)) / 2h}, with a step scaled to the input's magnitude.
 *
 * <pre>{@code
 * GradCheckReport r = GradCheck.scalars(x -> x.get(0).mul(x.get(1)).tanh(), 0.3, -1.2);
 * r.assertPassed();          // in a test: throws AssertionError naming each failing input
 * System.out.println(r);     // in a program: one line per input, analytic vs numeric
 * }</pre>
 */
public final class GradCheck {
    /** Relative step of the central differences: about the cube root of the double-precision epsilon. */
    public static final double RELATIVE_STEP = 6e-6;

    private GradCheck() {
    }

    /** Checks {@code f} at the point {@code at} with {@link Tolerance#DEFAULT}. */
    public static GradCheckReport scalars(Function<List<Scalar>, Scalar> f, double... at) {
        return scalars(f, null, Tolerance.DEFAULT, at);
    }

    /**
     * Checks the gradient of {@code f} at the point {@code at}.
     *
     * @param f         a function of the inputs; it must build its result from them with Scalar ops
     * @param names     a name per input for the report, or null for x0, x1, ...
     * @param tolerance the pass rule
     * @param at        the point, one value per input
     */
    public static GradCheckReport scalars(Function<List<Scalar>, Scalar> f, List<String> names, Tolerance tolerance,
                                          double... at) {
        if (names != null && names.size() != at.length) {
            throw new IllegalArgumentException("GradCheck.scalars: " + names.size() + " names for " + at.length
                    + " inputs");
        }
        for (int i = 0; i < at.length; i++) {
            if (!Double.isFinite(at[i])) {
                throw new IllegalArgumentException("GradCheck.scalars: input " + name(names, i) + " is " + at[i]
                        + "; a gradient can only be checked at finite points");
            }
        }
        List<Scalar> leaves = new ArrayList<>(at.length);
        for (double v : at) {
            leaves.add(Scalar.of(v));
        }
        Scalar out = f.apply(leaves);
        if (out == null) {
            throw new IllegalArgumentException("GradCheck.scalars: the function returned null");
        }
        double[] analytic = new double[at.length];
        if (out.requiresGrad()) {
            out.backward();
            for (int i = 0; i < at.length; i++) {
                analytic[i] = leaves.get(i).grad();
            }
        }
        List<GradCheckReport.Entry> entries = new ArrayList<>(at.length);
        double[] x = at.clone();
        for (int i = 0; i < at.length; i++) {
            double h = RELATIVE_STEP * Math.max(1.0, Math.abs(at[i]));
            double up = at[i] + h;
            double down = at[i] - h;
            x[i] = up;
            double fUp = evaluate(f, x);
            x[i] = down;
            double fDown = evaluate(f, x);
            x[i] = at[i];
            double numeric = (fUp - fDown) / (up - down);
            double diff = Math.abs(analytic[i] - numeric);
            double allowed = tolerance.allowed(numeric);
            if (Double.isNaN(diff)) {
                allowed = Double.NaN; // NaN never passes
            }
            entries.add(new GradCheckReport.Entry(i, name(names, i), at[i], analytic[i], numeric, diff, allowed));
        }
        return new GradCheckReport(entries, tolerance);
    }

    private static double evaluate(Function<List<Scalar>, Scalar> f, double[] x) {
        try (var off = Grad.disabled()) {
            List<Scalar> in = new ArrayList<>(x.length);
            for (double v : x) {
                in.add(Scalar.constant(v));
            }
            return f.apply(in).value();
        }
    }

    private static String name(List<String> names, int i) {
        return names == null ? "x" + i : names.get(i);
    }
}
