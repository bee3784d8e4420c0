package dev.chainrule.check;

import dev.chainrule.core.Dual;
import dev.chainrule.core.Grad;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The witnesses that confirm autograd at one instance before a hand formula is judged against it. Central
 * differences ({@link CentralDifference}, judged by {@link Tolerance#DEFAULT} on the gradient's scale, as
 * {@link GradCheck} judges them) must agree with reverse mode, or the instance sits on a kink or near a pole and
 * is redrawn; for a model written over {@code Differentiable}, forward mode (dual numbers) must then agree with
 * reverse mode to rounding, or the model is at fault.
 */
final class Witnesses {
    /** The forward-mode seed: which element of which quantity or probe carries the unit tangent. */
    record Seed(Derivation.Instance instance, String name, int element) {
    }

    private final Derivation d;
    private final Derivation.Instance instance;
    private final Map<String, double[]> numeric = new LinkedHashMap<>();
    private final Map<String, double[]> forward = new LinkedHashMap<>();

    Witnesses(Derivation d, Derivation.Instance instance) {
        this.d = d;
        this.instance = instance;
    }

    /** Central differences' gradient of a quantity or probe that {@link #confirm} confirmed. */
    double[] numeric(String wrt) {
        return numeric.get(wrt);
    }

    /** Forward mode's gradient of a quantity or probe, or null where the model is not generic. */
    double[] forward(String wrt) {
        return forward.get(wrt);
    }

    /**
     * Confirms autograd's gradient of every quantity the formulas are about by central differences (and by
     * forward mode, for a generic model), keeping each for {@link #numeric} and {@link #forward}.
     *
     * @return why the instance is not smooth (autograd and central differences disagree), or null
     */
    String confirm(List<Spec> which, Map<String, double[]> recorded, Map<String, double[]> grads,
                   Map<String, int[]> gradDims) {
        for (Spec s : which) {
            if (s.isClaim() || numeric.containsKey(s.wrt())) {
                continue; // a claim's reference is a formula: no gradient to confirm
            }
            double[] at = recorded.get(s.wrt());
            if (at == null || !grads.containsKey(s.wrt())) {
                throw new IllegalArgumentException("Derivation " + d.title + ": formula '" + s.label() + "' is about "
                        + s.wrt() + ", which the model never used as a quantity or probe; the model used "
                        + grads.keySet());
            }
            double[] g = grads.get(s.wrt());
            double[] n = new double[at.length];
            double scale = 0;
            for (double v : g) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int e = 0; e < at.length; e++) {
                int element = e;
                n[e] = CentralDifference.along(at[e], delta -> lossAt(s.wrt(), element, delta));
                if (!Tolerance.DEFAULT.accepts(g[e], n[e], scale)) {
                    return "not smooth here: d/d" + s.wrt() + element(gradDims.get(s.wrt()), e) + " is " + g[e]
                            + " by autograd but " + n[e] + " by central differences";
                }
            }
            numeric.put(s.wrt(), n);
            if (d.genericModel != null) {
                forward.put(s.wrt(), forwardMode(s.wrt(), at.length, g, scale, gradDims.get(s.wrt())));
            }
        }
        return null;
    }

    /**
     * Forward mode's gradient of one quantity or probe, one pass per element, which must agree with reverse mode
     * to rounding.
     *
     * @throws IllegalStateException where it does not: central differences have confirmed reverse mode here, so
     *                               the model branches on its number type, or an op's two derivative rules differ
     */
    private double[] forwardMode(String wrt, int size, double[] g, double scale, int[] dims) {
        double[] fw = new double[size];
        for (int e = 0; e < size; e++) {
            fw[e] = tangentAt(wrt, e);
            if (!(Math.abs(fw[e] - g[e]) <= Derivation.HAND_ATOL + Derivation.HAND_RTOL * Math.max(1.0, scale))) {
                throw new IllegalStateException("Derivation " + d.title + ": forward and reverse mode disagree at a "
                        + "point central differences confirm: d/d" + wrt + element(dims, e) + " is " + g[e]
                        + " by reverse mode but " + fw[e] + " by forward mode, at " + instance);
            }
        }
        return fw;
    }

    /** The loss with one element of a quantity or probe moved by {@code delta}, recording nothing. */
    private double lossAt(String name, int element, double delta) {
        try (var off = Grad.disabled()) {
            Derivation.Context c = new Derivation.Context(d, instance, false, name, element, delta);
            if (d.scalarModel != null) {
                return d.scalarModel.loss(c).value();
            }
            return d.tensorModel.loss(c).item();
        }
    }

    /** Forward mode: the loss's tangent with a unit tangent on one element of a quantity or probe. */
    private double tangentAt(String name, int element) {
        Derivation.Generic<Dual> c = new Derivation.Generic<>(null, new Seed(instance, name, element));
        return d.genericModel.loss(c).tangent();
    }

    /** One element's index in a shape, as text ({@code [1, 2]}; empty for a one-element gradient). */
    private static String element(int[] dims, int flat) {
        if (dims == null || dims.length == 0) {
            return "";
        }
        int[] idx = new int[dims.length];
        for (int axis = dims.length - 1; axis >= 0; axis--) {
            idx[axis] = flat % dims[axis];
            flat /= dims[axis];
        }
        return Arrays.toString(idx);
    }
}
