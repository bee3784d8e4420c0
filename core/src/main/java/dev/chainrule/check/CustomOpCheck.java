package dev.chainrule.check;

import dev.chainrule.core.Autograd;
import dev.chainrule.core.CustomOp;
import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The check of a custom op's hand-written backward ({@link GradCheck#customOp}): against central differences of
 * its forward on a random cotangent, against its forward differentiated by chainrule's own ops where the forward is
 * written with them, and in second order where the backward claims to be differentiable; a mismatch gets the hints
 * the derivation checker gives a formula.
 */
final class CustomOpCheck {
    private CustomOpCheck() {
    }

    static GradCheckReport check(CustomOp op, List<Tensor> at, Tolerance tolerance, long seed) {
        GradCheckReport numeric = GradCheck.tensors(xs -> op.apply(xs.toArray(Tensor[]::new)), at, tolerance, seed);
        List<GradCheckReport.Entry> entries = new ArrayList<>(numeric.entries());
        // the hand backward and, on one more random cotangent, the forward as written differentiated by autograd;
        // a forward on arrays has only the central differences above as its reference
        Tensor[] leaves = at.stream().map(t -> Tensor.of(t.toArray(), t.shape()).requiresGrad())
                .toArray(Tensor[]::new);
        CustomOp.Saved saved;
        double[][] hand = new double[at.size()][];
        Tensor c;
        try (var on = Grad.enabled()) {
            saved = op.call(leaves);
            c = Tensor.randn(new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L), saved.output().shape().dims());
            List<Tensor> g = Autograd.grad(List.of(saved.output().mul(c).sum()), null, List.of(leaves), true, false,
                    true);
            for (int i = 0; i < at.size(); i++) {
                hand[i] = g.get(i).toArray();
            }
        }
        double[][] reference = reference(op, at, c);
        if (reference == null) {
            // a forward on arrays: the central differences already taken, and the hand gradient on their cotangent
            hand = new double[at.size()][];
            reference = new double[at.size()][];
            int k = 0;
            for (int i = 0; i < at.size(); i++) {
                hand[i] = new double[at.get(i).size()];
                reference[i] = new double[at.get(i).size()];
                for (int j = 0; j < hand[i].length; j++, k++) {
                    hand[i][j] = numeric.entries().get(k).analytic();
                    reference[i][j] = numeric.entries().get(k).numeric();
                }
            }
        } else {
            int index = entries.size();
            for (int i = 0; i < at.size(); i++) {
                double[] x = at.get(i).toArray();
                for (int j = 0; j < hand[i].length; j++) {
                    double d = Math.abs(hand[i][j] - reference[i][j]);
                    entries.add(new GradCheckReport.Entry(index++, "x" + i + "[" + j + "] against the forward's "
                            + "autograd", x[j], hand[i][j], reference[i][j], Double.NaN, d,
                            tolerance.allowed(reference[i][j])));
                }
            }
        }
        List<String> hints = new ArrayList<>();
        Map<String, Tensor> quantities = new LinkedHashMap<>();
        for (int i = 0; i < at.size(); i++) {
            quantities.put("input " + i, at.get(i));
        }
        quantities.put("the output", saved.output().detach());
        saved.names().forEach(n -> quantities.put("'" + n + "'", saved.get(n)));
        for (int i = 0; i < at.size(); i++) {
            hints.addAll(hints(i, at.get(i), hand[i], reference[i], quantities));
        }
        if (op.isTwiceDifferentiable()) {
            GradCheckReport second = GradCheck.second(xs -> op.apply(xs.toArray(Tensor[]::new)), at, tolerance,
                    seed);
            int index = entries.size();
            for (GradCheckReport.Entry e : second.entries()) {
                entries.add(new GradCheckReport.Entry(index++, "second order " + e.name(), e.at(), e.analytic(),
                        e.numeric(), e.forward(), e.difference(), e.allowed()));
            }
        }
        if (!op.isTwiceDifferentiable() && op.hasForwardMode()) {
            checkJvp(op, at, saved, tolerance, seed, entries, hints, quantities);
        }
        return new GradCheckReport(entries, tolerance, hints);
    }

    /**
     * The op's own forward-mode rule, input by input, on a random tangent: J_i t against the central difference
     * (f(x_i + h t) - f(x_i - h t)) / 2h of the forward, with the same hints as the backward.
     */
    private static void checkJvp(CustomOp op, List<Tensor> at, CustomOp.Saved saved, Tolerance tolerance, long seed,
                                 List<GradCheckReport.Entry> entries, List<String> hints,
                                 Map<String, Tensor> quantities) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Tensor y = saved.output().detach();
        double[] yv = y.toArray();
        for (int i = 0; i < at.size(); i++) {
            Tensor t = Tensor.randn(random, at.get(i).shape().dims());
            Tensor[] tangents = new Tensor[at.size()];
            tangents[i] = t;
            double[] rule;
            try (var off = Grad.disabled()) {
                rule = op.jvpRule(saved, tangents).toArray();
            }
            double scale = Arrays.stream(at.get(i).toArray()).map(Math::abs).max().orElse(0);
            double h = CentralDifference.step(scale);
            double[] up = moved(op, at, i, t, h);
            double[] down = moved(op, at, i, t, -h);
            double[] numeric = new double[up.length];
            int index = entries.size();
            for (int j = 0; j < up.length; j++) {
                numeric[j] = (up[j] - down[j]) / (2 * h);
                entries.add(new GradCheckReport.Entry(index++, "jvp rule, tangent of x" + i + ": y[" + j + "]",
                        yv[j], rule[j], numeric[j], Double.NaN, Math.abs(rule[j] - numeric[j]),
                        tolerance.allowed(numeric[j])));
            }
            for (String hint : hints(i, y, rule, numeric, quantities)) {
                hints.add("jvp rule, " + hint);
            }
        }
    }

    /** The forward at input i moved by h t, the other inputs as they are. */
    private static double[] moved(CustomOp op, List<Tensor> at, int i, Tensor t, double h) {
        Tensor[] xs = at.toArray(Tensor[]::new);
        xs[i] = at.get(i).add(t.mul(h));
        try (var off = Grad.disabled()) {
            return op.apply(xs).toArray();
        }
    }

    /** d&lt;c, f(x)&gt;/dx of the forward as written, by autograd; null when the forward is not built of Tensor ops. */
    private static double[][] reference(CustomOp op, List<Tensor> at, Tensor c) {
        Tensor[] leaves = at.stream().map(t -> Tensor.of(t.toArray(), t.shape()).requiresGrad())
                .toArray(Tensor[]::new);
        try (var on = Grad.enabled()) {
            Tensor y = op.forwardAsWritten(leaves);
            if (!y.isGradRequired()) {
                return null;
            }
            List<Tensor> g = Autograd.grad(List.of(y.mul(c).sum()), null, List.of(leaves), false, false, true);
            double[][] out = new double[at.size()][];
            for (int i = 0; i < at.size(); i++) {
                out[i] = g.get(i).toArray();
            }
            return out;
        }
    }

    /**
     * The patterns of a hand gradient that differs from the reference: an opposite sign, a constant factor, a
     * transpose, a factor one saved quantity supplies, or a difference constant along an axis (a mean or sum term
     * left out).
     */
    static List<String> hints(int input, Tensor x, double[] hand, double[] ref, Map<String, Tensor> quantities) {
        List<String> out = new ArrayList<>();
        String who = "input " + input;
        if (close(hand, ref)) {
            return out;
        }
        if (close(hand, scaled(ref, -1))) {
            out.add(who + ": opposite sign: the backward gives -1 x the reference");
            return out;
        }
        double factor = factor(hand, ref);
        if (!Double.isNaN(factor)) {
            out.add(String.format(Locale.ROOT, "%s: a constant factor of %.6g: the backward gives %.6g x the "
                    + "reference", who, factor, factor));
            return out;
        }
        int[] dims = x.shape().dims();
        if (dims.length == 2 && dims[0] == dims[1] && close(hand, transposed(ref, dims[0]))) {
            out.add(who + ": the transpose: the backward gives the reference transposed");
            return out;
        }
        for (Map.Entry<String, Tensor> q : quantities.entrySet()) {
            double[] v = q.getValue().toArray();
            if (v.length != ref.length) {
                continue;
            }
            if (close(hand, times(ref, v, false))) {
                out.add(who + ": an extra factor " + q.getKey() + ": the backward gives the reference times it");
                return out;
            }
            if (close(times(hand, v, false), ref)) {
                out.add(who + ": a missing factor " + q.getKey() + ": the backward times it gives the reference");
                return out;
            }
        }
        for (int axis = 0; axis < dims.length; axis++) {
            if (dims[axis] > 1 && constantAlong(minus(hand, ref), dims, axis)) {
                out.add(who + ": the difference from the reference is the same all along axis " + axis + " (size "
                        + dims[axis] + "): a term like a mean or a sum over that axis is missing or extra");
            }
        }
        return out;
    }

    private static boolean close(double[] a, double[] b) {
        double scale = 0;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-6 * (1 + scale)) {
                return false;
            }
        }
        return true;
    }

    private static double[] scaled(double[] a, double s) {
        return Arrays.stream(a).map(v -> v * s).toArray();
    }

    private static double[] minus(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }

    private static double[] times(double[] a, double[] b, boolean divide) {
        double[] r = new double[a.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = divide ? a[i] / b[i] : a[i] * b[i];
        }
        return r;
    }

    /** The one factor c != 1 with hand = c ref, or NaN. */
    private static double factor(double[] hand, double[] ref) {
        double c = Double.NaN;
        for (int i = 0; i < ref.length; i++) {
            if (Math.abs(ref[i]) > 1e-9) {
                c = hand[i] / ref[i];
                break;
            }
        }
        return Double.isNaN(c) || Math.abs(c - 1) < 1e-6 || !close(hand, scaled(ref, c)) ? Double.NaN : c;
    }

    private static double[] transposed(double[] a, int n) {
        double[] r = new double[a.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                r[i * n + j] = a[j * n + i];
            }
        }
        return r;
    }

    /** Whether d is the same at every position along {@code axis} (row-major layout). */
    private static boolean constantAlong(double[] d, int[] dims, int axis) {
        int inner = 1;
        for (int k = axis + 1; k < dims.length; k++) {
            inner *= dims[k];
        }
        int n = dims[axis];
        double scale = Arrays.stream(d).map(Math::abs).max().orElse(0);
        if (scale < 1e-9) {
            return false;
        }
        for (int i = 0; i < d.length; i++) {
            int base = i - ((i / inner) % n) * inner; // the same position with index 0 along the axis
            if (Math.abs(d[i] - d[base]) > 1e-6 * (1 + scale)) {
                return false;
            }
        }
        return true;
    }
}
