package dev.chainrule.check;

import dev.chainrule.core.Autograd;
import dev.chainrule.core.DType;
import dev.chainrule.core.Grad;
import dev.chainrule.core.Scalar;
import dev.chainrule.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of a derivation's formulas at one instance: reverse-mode autograd (recording the intermediate
 * values the formulas use), the requirements, the witnesses that confirm autograd at that point (central
 * differences, and forward mode for a generic model), then each hand formula against autograd, to rounding
 * ({@link Derivation#HAND_ATOL}, {@link Derivation#HAND_RTOL}).
 */
final class Evaluator {
    private final Derivation d;

    Evaluator(Derivation d) {
        this.d = d;
    }

    /**
     * The formulas {@code which} at one instance: their results, or why the derivation does not admit the instance
     * (a requirement broken, or a kink or pole where central differences disagree with autograd).
     *
     * @throws IllegalArgumentException for a misuse: a model that returns null or a loss of several elements, a
     *                                  requirement that throws, a formula about a quantity the model never used or
     *                                  naming one the derivation does not have
     * @throws IllegalStateException    where forward and reverse mode disagree at a point central differences
     *                                  confirm
     */
    Evaluation evaluate(Derivation.Instance instance, List<Spec> which) {
        // 1. reverse mode, recording the intermediate values
        Derivation.Context analytic = new Derivation.Context(d, instance, true, null, -1, 0);
        Map<String, double[]> grads = new LinkedHashMap<>();
        Map<String, int[]> gradDims = new LinkedHashMap<>();
        reverseMode(analytic, grads, gradDims);
        Derivation.Values values = new Derivation.Values(d, instance, analytic.recorded, analytic.recordedDims,
                grads, gradDims);
        String broken = brokenRequirement(values);
        if (broken != null) {
            return Evaluation.rejected(instance, broken, analytic.recorded);
        }
        // 2. central differences (and forward mode) for every quantity a formula is about, confirming autograd
        Witnesses witnesses = new Witnesses(d, instance);
        String rough = witnesses.confirm(which, analytic.recorded, grads, gradDims);
        if (rough != null) {
            return Evaluation.rejected(instance, rough, analytic.recorded);
        }
        // 3. the hand formulas
        Evaluation.Result[] results = new Evaluation.Result[which.size()];
        for (int i = 0; i < which.size(); i++) {
            Spec spec = which.get(i);
            String wrt = spec.wrt();
            if (spec.isClaim()) {
                results[i] = claim(spec, values);
            } else if (spec.isElement()) {
                int e = spec.element();
                if (e >= grads.get(wrt).length) {
                    throw new IllegalArgumentException("Derivation " + d.title + ": formula '" + spec.label()
                            + "' is about element " + e + " of " + wrt + ", which has "
                            + Arrays.toString(gradDims.get(wrt)) + " (" + grads.get(wrt).length + " elements)");
                }
                double[] fwd = witnesses.forward(wrt);
                results[i] = compare(spec, values, new double[] {grads.get(wrt)[e]}, new int[0],
                        new double[] {witnesses.numeric(wrt)[e]}, fwd == null ? null : new double[] {fwd[e]},
                        new double[] {analytic.recorded.get(wrt)[e]});
            } else {
                results[i] = compare(spec, values, grads.get(wrt), gradDims.get(wrt), witnesses.numeric(wrt),
                        witnesses.forward(wrt), analytic.recorded.get(wrt));
            }
        }
        return new Evaluation(instance, null, results, analytic.recorded);
    }

    /** Runs the model in reverse mode on the analytic context and reads the gradient of each leaf and probe. */
    private void reverseMode(Derivation.Context analytic, Map<String, double[]> grads, Map<String, int[]> gradDims) {
        try (var on = Grad.enabled()) {
            if (d.scalarModel != null) {
                reverseScalar(analytic, grads, gradDims);
            } else {
                reverseTensor(analytic, grads, gradDims);
            }
        }
    }

    /** {@link #reverseMode} for a model built from Scalars: every gradient has one element. */
    private void reverseScalar(Derivation.Context analytic, Map<String, double[]> grads,
                               Map<String, int[]> gradDims) {
        Scalar loss = d.scalarModel.loss(analytic);
        checkNotNull(loss);
        List<String> names = new ArrayList<>(analytic.scalarLeaves.keySet());
        List<Scalar> leaves = new ArrayList<>(analytic.scalarLeaves.values());
        // a quantity or probe used element by element: its elements' leaves after the one-element ones
        for (Map.Entry<String, Scalar[]> e : analytic.elementLeaves.entrySet()) {
            for (Scalar leaf : e.getValue()) {
                if (leaf != null) {
                    leaves.add(leaf);
                }
            }
        }
        List<Scalar> g = leaves.isEmpty() || !loss.requiresGrad() ? List.of()
                : Autograd.grad(List.of(loss), null, leaves, false, false, true);
        for (int i = 0; i < names.size(); i++) {
            grads.put(names.get(i), new double[] {g.isEmpty() ? 0.0 : g.get(i).value()});
            gradDims.put(names.get(i), new int[0]);
        }
        int next = names.size();
        for (Map.Entry<String, Scalar[]> e : analytic.elementLeaves.entrySet()) {
            double[] grad = new double[e.getValue().length]; // an element the model never used: gradient 0
            for (int k = 0; k < grad.length; k++) {
                if (e.getValue()[k] != null) {
                    grad[k] = g.isEmpty() ? 0.0 : g.get(next++).value();
                }
            }
            grads.put(e.getKey(), grad);
            gradDims.put(e.getKey(), analytic.recordedDims.get(e.getKey()));
        }
    }

    /** {@link #reverseMode} for a model built from Tensors: each gradient has its leaf's shape. */
    private void reverseTensor(Derivation.Context analytic, Map<String, double[]> grads,
                               Map<String, int[]> gradDims) {
        Tensor loss = d.tensorModel.loss(analytic);
        checkNotNull(loss);
        if (loss.dtype() != DType.F64) {
            throw new IllegalArgumentException("Derivation " + d.title + ": the model's loss is float32 (a "
                    + ".to(DType.F32) in the model?); " + GradCheck.WHY_F64 + " Write the model in float64.");
        }
        if (loss.size() != 1) {
            throw new IllegalArgumentException("Derivation " + d.title + ": the model's loss has shape "
                    + loss.shape() + "; it must have one element");
        }
        List<String> names = new ArrayList<>(analytic.tensorLeaves.keySet());
        List<Tensor> leaves = new ArrayList<>(analytic.tensorLeaves.values());
        List<Tensor> g = leaves.isEmpty() || !loss.isGradRequired() ? List.of()
                : Autograd.grad(List.of(loss), null, leaves, false, false, true);
        for (int i = 0; i < names.size(); i++) {
            Tensor leaf = leaves.get(i);
            grads.put(names.get(i), g.isEmpty() ? new double[leaf.size()] : g.get(i).toArray());
            gradDims.put(names.get(i), leaf.shape().dims());
        }
    }

    /** Refuses a model that returned no loss. */
    private void checkNotNull(Object loss) {
        if (loss == null) {
            throw new IllegalArgumentException("Derivation " + d.title + ": the model returned null");
        }
    }

    /** The first requirement the instance breaks, as the reason it is redrawn; null when it meets them all. */
    private String brokenRequirement(Derivation.Values values) {
        for (Derivation.Requirement req : d.requirements) {
            boolean ok;
            try {
                ok = req.test().test(values);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("Derivation " + d.title + ": requirement '" + req.description()
                        + "' threw " + ex, ex);
            }
            if (!ok) {
                return "breaks the requirement " + req.description();
            }
        }
        return null;
    }

    // ================================================================ the hand formulas

    /**
     * A claim at one instance: its formula against its reference formula's value, which stands in for autograd
     * and for the witnesses (the reference is the page's previous side, itself exact). A reference that cannot be
     * evaluated here makes the claim's result an error, as a formula's own exception does.
     */
    private Evaluation.Result claim(Spec spec, Derivation.Values values) {
        int[][] dims = new int[1][];
        double[] reference;
        try {
            reference = spec.reference().apply(values, dims);
        } catch (Derivation.Misuse ex) {
            throw new IllegalArgumentException("Derivation " + d.title + ": claim '" + spec.label() + "': "
                    + ex.getMessage(), ex);
        } catch (RuntimeException ex) {
            return compare(new Spec(spec.label(), spec.wrt(), (v, ds) -> {
                throw ex;
            }, Double.NaN), values, new double[1], new int[0], new double[1], null, null);
        }
        return compare(new Spec(spec.label(), spec.wrt(), spec.formula(), Double.NaN), values, reference, dims[0],
                reference, null, null);
    }

    /**
     * One hand formula at one instance against autograd's gradient {@code grad} of shape {@code dims}: whether it
     * agrees to rounding, whether its transpose would, and a shape mismatch or exception as its problem.
     */
    private Evaluation.Result compare(Spec spec, Derivation.Values values, double[] grad, int[] dims,
                                      double[] numeric, double[] forward, double[] at) {
        double[] reference = grad.clone();
        double[] num = numeric.clone();
        double[] fwd = forward == null ? null : forward.clone();
        double[] h;
        int[][] handDims = new int[1][];
        try {
            h = spec.formula().apply(values, handDims);
        } catch (Derivation.Misuse ex) {
            // a name the derivation does not have, or an index outside a shape: a typo, not a wrong formula
            throw new IllegalArgumentException("Derivation " + d.title + ": formula '" + spec.label() + "': "
                    + ex.getMessage(), ex);
        } catch (RuntimeException ex) {
            return new Evaluation.Result(null, null, reference, num, fwd, dims, false, false, Double.NaN,
                    "the formula cannot be evaluated here: " + ex.getMessage(), null);
        }
        int[] hd = handDims[0];
        // an update rule is judged by the gradient it implies, (w - new w) / rate, on the gradient's scale; in a
        // transposed layout w is transposed too
        String note = spec.isUpdate() ? "an update rule, shown as the gradient it implies: (" + spec.wrt()
                + " - new value) / " + spec.rate() : null;
        double scale = 0;
        for (double v : reference) {
            scale = Math.max(scale, Math.abs(v));
        }
        double allowed = Derivation.HAND_ATOL + Derivation.HAND_RTOL * scale;
        boolean square = dims.length == 2 && dims[0] == dims[1] && dims[0] > 1;
        if (sameShape(hd, dims)) {
            double[] implied = implied(spec, h, at);
            double diff = maxDiff(implied, reference);
            boolean agrees = diff <= allowed;
            boolean transposed = !agrees && square
                    && maxDiff(implied(spec, h, transpose(at, dims)), transpose(reference, dims)) <= allowed;
            return new Evaluation.Result(implied, hd, reference, num, fwd, dims, agrees, transposed, diff, null,
                    note);
        }
        String shape = "shape " + Arrays.toString(hd) + " where d/d" + spec.wrt() + " has shape "
                + Arrays.toString(dims);
        if (dims.length == 2 && hd.length == 2 && hd[0] == dims[1] && hd[1] == dims[0]) {
            double[] implied = implied(spec, h, transpose(at, dims));
            double diff = maxDiff(implied, transpose(reference, dims));
            return new Evaluation.Result(implied, hd, reference, num, fwd, dims, false, diff <= allowed,
                    Double.NaN, shape, note);
        }
        return new Evaluation.Result(h, hd, reference, num, fwd, dims, false, false, Double.NaN, shape, note);
    }

    /** The formula's value as a gradient: itself, or for an update rule (at - value) / rate. */
    private static double[] implied(Spec spec, double[] h, double[] at) {
        if (!spec.isUpdate()) {
            return h;
        }
        double[] g = new double[h.length];
        for (int e = 0; e < h.length; e++) {
            g[e] = (at[e] - h[e]) / spec.rate();
        }
        return g;
    }

    /** Equal shapes, or equal once size-1 axes are dropped (a 1 x n row for an n-vector). */
    private static boolean sameShape(int[] a, int[] b) {
        return Arrays.equals(squeeze(a), squeeze(b));
    }

    private static int[] squeeze(int[] dims) {
        return Arrays.stream(dims).filter(x -> x != 1).toArray();
    }

    /** The largest elementwise |a - b|, NaN if any difference is NaN. */
    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs(a[i] - b[i]);
            if (Double.isNaN(diff)) {
                return Double.NaN;
            }
            m = Math.max(m, diff);
        }
        return m;
    }

    /** The transpose of a row-major matrix of shape {@code dims}, or null for null. */
    static double[] transpose(double[] m, int[] dims) {
        if (m == null) {
            return null; // no value to transpose (the "at" of a formula that is not an update rule)
        }
        double[] t = new double[m.length];
        for (int i = 0; i < dims[0]; i++) {
            for (int j = 0; j < dims[1]; j++) {
                t[j * dims[0] + i] = m[i * dims[1] + j];
            }
        }
        return t;
    }
}
