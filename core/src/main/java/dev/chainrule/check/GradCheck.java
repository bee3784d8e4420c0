package dev.chainrule.check;

import dev.chainrule.core.Autograd;
import dev.chainrule.core.DType;
import dev.chainrule.core.Grad;
import dev.chainrule.core.Scalar;
import dev.chainrule.core.ScalarFunction;
import dev.chainrule.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
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
 *
 * <p>For tensor functions the output is projected on a random cotangent c (drawn from a seed), so that every
 * element of the output matters and a transposed gradient cannot hide behind a seed of ones:
 * {@link #tensors} compares the gradient of {@code <c, f(x)>} element by element, {@link #tensorsFast} only
 * its directional derivative along a random tangent per input (cheap at any size).
 */
public final class GradCheck {
    /** Relative step of the central differences: about the cube root of the double-precision epsilon. */
    public static final double RELATIVE_STEP = 6e-6;

    private GradCheck() {
    }

    /**
     * Checks {@code f} at the point {@code at} with {@link Tolerance#DEFAULT}.
     *
     * @param f  a function of the inputs; it must build its result from them with Scalar ops
     * @param at the point, one value per input, each finite
     * @return one entry per input, autograd against central differences
     */
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
     * @return one entry per input, autograd against central differences
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
            int k = i;
            double numeric = CentralDifference.at(at[k], delta -> {
                x[k] = at[k] + delta;
                double y = evaluate(f, x);
                x[k] = at[k];
                return y;
            });
            entries.add(entry(i, name(names, i), at[i], analytic[i], numeric, Double.NaN, tolerance));
        }
        return new GradCheckReport(entries, tolerance);
    }

    /**
     * Checks {@code f} three ways at {@code at}: reverse mode (autograd on Scalars), forward mode (dual numbers,
     * one pass per input) and central differences; an input passes when both modes agree with the numeric
     * gradient within {@link Tolerance#DEFAULT}.
     *
     * @param f  the function, written once over {@link dev.chainrule.core.Differentiable}
     * @param at the point, one value per input, each finite
     * @return one entry per input, with the forward-mode gradient beside the other two
     */
    public static GradCheckReport threeWay(ScalarFunction f, double... at) {
        return threeWay(f, null, Tolerance.DEFAULT, at);
    }

    /**
     * The three-way check with names and a tolerance.
     *
     * @param f         the function, written once over {@link dev.chainrule.core.Differentiable}
     * @param names     a name per input for the report, or null for x0, x1, ...
     * @param tolerance the pass rule, for both modes against the numeric gradient
     * @param at        the point, one value per input, each finite
     * @return one entry per input, with the forward-mode gradient beside the other two
     */
    public static GradCheckReport threeWay(ScalarFunction f, List<String> names, Tolerance tolerance,
                                           double... at) {
        Function<List<Scalar>, Scalar> onScalars = f::apply;
        GradCheckReport reverse = scalars(onScalars, names, tolerance, at);
        List<GradCheckReport.Entry> entries = new ArrayList<>(at.length);
        for (GradCheckReport.Entry e : reverse.entries()) {
            double[] t = new double[at.length];
            t[e.index()] = 1.0;
            double forward = Autograd.jvp(f, at, t);
            entries.add(entry(e.index(), e.name(), e.at(), e.analytic(), e.numeric(), forward, true, tolerance));
        }
        return new GradCheckReport(entries, tolerance);
    }

    /**
     * gradgradcheck: checks the second derivatives of a tensor function, by checking the gradient of its
     * recorded gradient. The function differentiated is x -> d&lt;c, f(x)&gt;/dx for a random cotangent c; its own
     * gradient (against a second random cotangent) is compared with central differences of the first.
     *
     * @param f  a function of the inputs, built from them with Tensor ops that are twice differentiable
     * @param at the point: one tensor per input
     * @return one entry per element of the first derivative, against central differences of it
     */
    public static GradCheckReport second(Function<List<Tensor>, Tensor> f, List<Tensor> at) {
        return second(f, at, Tolerance.DEFAULT, DEFAULT_SEED);
    }

    /**
     * gradgradcheck with a given tolerance and seed.
     *
     * @param f         a function of the inputs, built from them with Tensor ops that are twice differentiable
     * @param at        the point: one tensor per input
     * @param tolerance the pass rule
     * @param seed      the seed of the random cotangents
     * @return one entry per element of the first derivative, against central differences of it
     */
    public static GradCheckReport second(Function<List<Tensor>, Tensor> f, List<Tensor> at, Tolerance tolerance,
                                         long seed) {
        Tensor probe;
        try (var off = Grad.disabled()) {
            probe = f.apply(at);
        }
        Tensor c = Tensor.randn(new SplittableRandom(seed ^ 0x5DEECE66DL), probe.shape().dims());
        Function<List<Tensor>, Tensor> gradient = xs -> {
            List<Tensor> grads;
            if (xs.get(0).isGradRequired()) {            // the analytic side: record, so it can be differentiated
                grads = Autograd.grad(List.of(f.apply(xs)), List.of(c), xs, true, true, true);
            } else {                                     // the numeric side: a plain gradient at a shifted point
                try (var on = Grad.enabled()) {
                    List<Tensor> leaves = new ArrayList<>();
                    for (Tensor x : xs) {
                        leaves.add(Tensor.of(x.toArray(), x.shape()).requiresGrad());
                    }
                    grads = Autograd.grad(List.of(f.apply(leaves)), List.of(c), leaves, false, false, true);
                }
            }
            List<Tensor> flat = new ArrayList<>();
            for (Tensor g : grads) {
                flat.add(g.reshape(g.size()));
            }
            return Tensor.concat(flat, 0);
        };
        return tensors(gradient, at, tolerance, seed);
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

    /** Why the checks refuse float32: the error of a float32 central difference hides the errors sought. */
    static final String WHY_F64 = "gradient checks run in float64: a central difference in float32 has an "
            + "error near 1e-3 (rounding of order 1e-7 divided by a step of order 1e-4), so it would pass wrong "
            + "gradients and fail right ones.";

    /** Seed of the random cotangents and tangents of the tensor checks. */
    public static final long DEFAULT_SEED = 20261123L;

    /**
     * Checks a custom op's hand-written backward at {@code at}: against central differences of its forward and,
     * where the forward is written with Tensor ops, against that forward differentiated by autograd, each on a random
     * cotangent (a transposed backward cannot hide); in second order too where the backward is written with Tensor
     * ops. An op with a raw backward and a jvp rule has the rule checked too: J t for a random tangent of each
     * input, against the central difference of the forward along it. A mismatch gets hints
     * ({@link GradCheckReport#hints}): an opposite sign, a constant factor, a transpose, a factor one saved quantity
     * supplies, or a difference constant along an axis (a mean term left out).
     *
     * @param op the op to check
     * @param at the point: one tensor per input of the op
     * @return one entry per input element for each comparison made, with hints where the backward is wrong
     */
    public static GradCheckReport customOp(dev.chainrule.core.CustomOp op, List<Tensor> at) {
        return CustomOpCheck.check(op, at, Tolerance.DEFAULT, DEFAULT_SEED);
    }

    /**
     * Checks every element of the gradient of {@code <c, f(x)>} for a random cotangent c, against central
     * differences: 2 evaluations of f per input element, so for small inputs.
     *
     * @param f  a function of the inputs, built from them with Tensor ops
     * @param at the point: one tensor per input
     * @return one entry per element of every input, named like {@code x0[1, 2]}
     */
    public static GradCheckReport tensors(Function<List<Tensor>, Tensor> f, List<Tensor> at) {
        return tensors(f, at, Tolerance.DEFAULT, DEFAULT_SEED);
    }

    /**
     * {@link #tensors(Function, List)} with a given tolerance and seed.
     *
     * @param f         a function of the inputs, built from them with Tensor ops
     * @param at        the point: one tensor per input
     * @param tolerance the pass rule
     * @param seed      the seed of the random cotangent
     * @return one entry per element of every input, named like {@code x0[1, 2]}
     */
    public static GradCheckReport tensors(Function<List<Tensor>, Tensor> f, List<Tensor> at, Tolerance tolerance,
                                          long seed) {
        Probe probe = probe(f, at, new SplittableRandom(seed), "GradCheck.tensors");
        Tensor c = probe.cotangent();
        double[][] analytic = probe.analytic();
        List<GradCheckReport.Entry> entries = new ArrayList<>();
        int index = 0;
        for (int i = 0; i < at.size(); i++) {
            double[] x0 = at.get(i).toArray();
            int[] dims = at.get(i).shape().dims();
            for (int j = 0; j < x0.length; j++) {
                int input = i;
                int element = j;
                double numeric = CentralDifference.at(x0[j], delta -> {
                    double[] moved = x0.clone();
                    moved[element] += delta;
                    return project(f, at, input, moved, c);
                });
                entries.add(entry(index++, "x" + i + Arrays.toString(unravel(j, dims)), x0[j], analytic[i][j],
                        numeric, Double.NaN, tolerance));
            }
        }
        return new GradCheckReport(entries, tolerance);
    }

    /**
     * Checks, per input, the directional derivative of {@code <c, f(x)>} along a random tangent t against
     * {@code <t, gradient>}: 2 evaluations of f per input, at any size.
     *
     * @param f  a function of the inputs, built from them with Tensor ops
     * @param at the point: one tensor per input
     * @return one entry per input: the directional derivative against {@code <t, gradient>}
     */
    public static GradCheckReport tensorsFast(Function<List<Tensor>, Tensor> f, List<Tensor> at) {
        return tensorsFast(f, at, Tolerance.DEFAULT, DEFAULT_SEED);
    }

    /**
     * {@link #tensorsFast(Function, List)} with a given tolerance and seed.
     *
     * @param f         a function of the inputs, built from them with Tensor ops
     * @param at        the point: one tensor per input
     * @param tolerance the pass rule
     * @param seed      the seed of the random cotangent and tangents
     * @return one entry per input: the directional derivative against {@code <t, gradient>}
     */
    public static GradCheckReport tensorsFast(Function<List<Tensor>, Tensor> f, List<Tensor> at,
                                              Tolerance tolerance, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Probe probe = probe(f, at, rnd, "GradCheck.tensorsFast");
        Tensor c = probe.cotangent();
        double[][] analytic = probe.analytic();
        List<GradCheckReport.Entry> entries = new ArrayList<>();
        for (int i = 0; i < at.size(); i++) {
            double[] x0 = at.get(i).toArray();
            double[] t = Tensor.randn(rnd, x0.length).toArray();
            double scale = 0;
            for (double v : x0) {
                scale = Math.max(scale, Math.abs(v));
            }
            double dot = 0;
            for (int j = 0; j < x0.length; j++) {
                dot += t[j] * analytic[i][j];
            }
            // the derivative along t, with the step of the input's largest element
            int input = i;
            double numeric = CentralDifference.along(scale, delta -> {
                double[] moved = x0.clone();
                for (int j = 0; j < x0.length; j++) {
                    moved[j] += delta * t[j];
                }
                return project(f, at, input, moved, c);
            });
            entries.add(entry(i, "x" + i + " along a random direction", Double.NaN, dot, numeric, Double.NaN,
                    tolerance));
        }
        return new GradCheckReport(entries, tolerance);
    }

    /**
     * A random cotangent for f's output and the autograd gradient of {@code <c, f(x)>} for each input (compared
     * by value, the gradients by content).
     */
    private record Probe(Tensor cotangent, double[][] analytic) {
        private Object[] components() {
            return new Object[] {cotangent, analytic};
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Probe p && ArrayComponents.equal(components(), p.components());
        }

        @Override
        public int hashCode() {
            return ArrayComponents.hash(components());
        }

        @Override
        public String toString() {
            return ArrayComponents.describe("Probe", "cotangent, analytic", components());
        }
    }

    private static Probe probe(Function<List<Tensor>, Tensor> f, List<Tensor> at, SplittableRandom rnd, String op) {
        List<Tensor> leaves = leaves(at, op);
        Tensor y = f.apply(leaves);
        if (y.dtype() != DType.F64) {
            throw new IllegalArgumentException(op + ": the function returns a float32 tensor (shape " + y.shape()
                    + "); " + WHY_F64 + " Check the function in float64 (drop its .to(DType.F32)), then train in "
                    + "float32.");
        }
        Tensor c = Tensor.randn(rnd, y.shape().dims());
        return new Probe(c, analytic(y, c, leaves));
    }

    private static List<Tensor> leaves(List<Tensor> at, String op) {
        List<Tensor> leaves = new ArrayList<>(at.size());
        for (int i = 0; i < at.size(); i++) {
            if (at.get(i).dtype() != DType.F64) {
                throw new IllegalArgumentException(op + ": input x" + i + " (shape " + at.get(i).shape() + ") is "
                        + "float32; " + WHY_F64 + " Pass x.to(DType.F64).");
            }
            for (double v : at.get(i).toArray()) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(op + ": input x" + i + " holds " + v
                            + "; a gradient can only be checked at finite points");
                }
            }
            leaves.add(Tensor.of(at.get(i).toArray(), at.get(i).shape()).requiresGrad());
        }
        return leaves;
    }

    private static double[][] analytic(Tensor y, Tensor c, List<Tensor> leaves) {
        double[][] g = new double[leaves.size()][];
        if (y.isGradRequired()) {
            y.backward(c);
        }
        for (int i = 0; i < leaves.size(); i++) {
            Tensor gi = leaves.get(i).grad();
            g[i] = gi == null ? new double[leaves.get(i).size()] : gi.toArray();
        }
        return g;
    }

    private static double project(Function<List<Tensor>, Tensor> f, List<Tensor> at, int i, double[] xi, Tensor c) {
        try (var off = Grad.disabled()) {
            List<Tensor> in = new ArrayList<>(at.size());
            for (Tensor t : at) {
                in.add(Tensor.of(t.toArray(), t.shape())); // constants, whatever the caller's tensors require
            }
            in.set(i, Tensor.of(xi, at.get(i).shape()));
            double[] y = f.apply(in).toArray();
            double[] cv = c.toArray();
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                s += cv[k] * y[k];
            }
            return s;
        }
    }

    /** One comparison; {@code forward} is NaN when forward mode was not computed. */
    private static GradCheckReport.Entry entry(int index, String name, double at, double analytic, double numeric,
                                               double forward, Tolerance tolerance) {
        return entry(index, name, at, analytic, numeric, forward, !Double.isNaN(forward), tolerance);
    }

    private static GradCheckReport.Entry entry(int index, String name, double at, double analytic, double numeric,
                                               double forward, boolean hasForward, Tolerance tolerance) {
        double diff = Math.abs(analytic - numeric);
        if (hasForward) {
            double f = Math.abs(forward - numeric);
            diff = Double.isNaN(f) ? Double.NaN : Math.max(diff, f);
        }
        double allowed = Double.isNaN(diff) ? Double.NaN : tolerance.allowed(numeric); // NaN never passes
        return new GradCheckReport.Entry(index, name, at, analytic, numeric, forward, diff, allowed);
    }

    private static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return idx;
    }
}
