package dev.chainrule.check;

import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Scalar;
import dev.chainrule.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The derivation checker, which checks hand-derived gradient formulas against autograd and finite differences on
 * random instances of a network or function.
 *
 * <p>A derivation names its quantities (parameters, inputs, targets: each drawn at random), gives a model that computes
 * the loss from them (recording the intermediate quantities the formulas use, such as z_j and x_j), and gives each hand
 * formula as Java code over those quantities. For every instance the checker computes each gradient three ways: the
 * hand formula, reverse-mode autograd, and central differences; a model written once over {@code Differentiable}
 * ({@link Builder#model(GenericModel)}) adds forward mode (dual numbers) as a fourth. Central differences (and forward
 * mode) confirm autograd at that very point (an instance where they disagree sits on a kink or near a pole, and is
 * redrawn), and the hand formula must then agree with autograd to rounding.
 *
 * <pre>{@code
 * Derivation d = Derivation.builder("Itakura-Saito output")
 *         .scalar("w", Draw.uniform(-2, 2)).scalar("x", Draw.uniform(-2, 2)).scalar("t", Draw.uniform(0.5, 3))
 *         .scalarModel(c -> {
 *             Scalar z = c.probe("z", c.scalar("w").mul(c.scalar("x")));
 *             Scalar r = z.square().pow(-1).mul(c.value("t"));                    // t / y with y = z^2
 *             return r.sub(r.log()).sub(1);                                          // t/y - ln(t/y) - 1
 *         })
 *         .require("|z| >= 0.2 (the loss has a pole at z = 0)", v -> Math.abs(v.get("z")) >= 0.2)
 *         .formula("dL/dz", "z", v -> 2 * (v.get("z") * v.get("z") - v.get("t")) / Math.pow(v.get("z"), 3))
 *         .build();
 * DerivationReport r = d.check();     // 200 instances from the default seed
 * r.assertAllHold();                  // in a test: an AssertionError with the counterexample
 * }</pre>
 *
 * <p>A formula that fails gets a counterexample, shrunk toward simple values (0, 1, -1, 0.5, ...) while it still fails,
 * and hints when the mismatch has a recognisable pattern: an opposite sign, a constant factor, the transpose, or
 * agreement only where some quantity is positive (a missing activation derivative). The counterexample carries the seed
 * of the instance it came from, so {@link #counterexample(String, long)} reproduces it.
 *
 * <p>A derivation is immutable, but a model that binds nn parameters or sets a network's values writes shared
 * state: check one derivation on one thread at a time.
 */
public final class Derivation {
    /** Seed of {@link #check()}. */
    public static final long DEFAULT_SEED = 20261124L;
    /** Instances drawn by {@link #check()}. */
    public static final int DEFAULT_INSTANCES = 200;
    /** Hand formula against autograd: {@code |hand - autograd| <= HAND_ATOL + HAND_RTOL * max|autograd|}. */
    public static final double HAND_ATOL = 1e-9;
    /** See {@link #HAND_ATOL}. */
    public static final double HAND_RTOL = 1e-7;

    /** A hand formula whose value is a tensor (a matrix or vector gradient). */
    @FunctionalInterface
    public interface Formula {
        /**
         * {@return the formula's value at one instance}
         * @param v the instance's quantities, recorded values and autograd's gradients
         */
        Tensor apply(Values v);
    }

    /** A hand formula whose value is one number. */
    @FunctionalInterface
    public interface ScalarFormula {
        /**
         * {@return the formula's value at one instance}
         * @param v the instance's quantities, recorded values and autograd's gradients
         */
        double apply(Values v);
    }

    /** A loss built from Scalars. */
    @FunctionalInterface
    public interface ScalarModel {
        /**
         * {@return the loss at the instance the context holds}
         * @param c the instance's quantities as leaves, with probes and records for the formulas
         */
        Scalar loss(Context c);
    }

    /**
     * A loss written once over {@link Differentiable}: the checker runs it on Scalars (reverse mode, central
     * differences) and on dual numbers (forward mode, a fourth witness), like a {@code ScalarFunction}.
     */
    public interface GenericModel {
        /**
         * {@return the loss at the instance the context holds}
         * @param c   the instance's quantities as {@code T}s, with probes and records for the formulas
         * @param <T> Scalar (reverse mode, central differences) or Dual (forward mode)
         */
        <T extends Differentiable<T>> T loss(Generic<T> c);
    }

    /** A loss built from Tensors (a one-element result). */
    @FunctionalInterface
    public interface TensorModel {
        /**
         * {@return the loss at the instance the context holds, a one-element tensor}
         * @param c the instance's quantities as leaves, with probes and records for the formulas
         */
        Tensor loss(Context c);
    }

    /** A condition every instance must meet, in words and as a test of the formulas' view of it. */
    record Requirement(String description, Predicate<Values> test) {
    }

    // read by the views, the evaluation, the witnesses and the shrinking, each in its own file of this package
    final String title;
    final List<Quantity> quantities;
    final Map<String, Quantity> byName;
    final ScalarModel scalarModel;
    final GenericModel genericModel;
    final TensorModel tensorModel;
    final List<Spec> specs;
    final List<Requirement> requirements;
    final Map<String, Double> constants;
    final Evaluator evaluator;
    final Shrinker shrinker;

    private Derivation(Builder b) {
        this.title = b.title;
        this.quantities = List.copyOf(b.quantities.values());
        this.byName = Map.copyOf(b.quantities);
        this.scalarModel = b.scalarModel;
        this.genericModel = b.genericModel;
        this.tensorModel = b.tensorModel;
        this.specs = List.copyOf(b.specs);
        this.requirements = List.copyOf(b.requirements);
        this.constants = Map.copyOf(b.constants);
        this.evaluator = new Evaluator(this);
        this.shrinker = new Shrinker(this);
    }

    /**
     * {@return a new builder for a derivation with this title}
     * @param title the derivation's name in reports; not blank
     */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** {@return the title given to the builder} */
    public String title() {
        return title;
    }

    /** {@return the formulas' labels, in declaration order} */
    public List<String> formulas() {
        return specs.stream().map(Spec::label).toList();
    }

    /** {@return the named constants given for hints (such as the batch size N)} */
    public Map<String, Double> constants() {
        return constants;
    }

    // ================================================================ drawing instances

    /**
     * {@return one instance drawn from {@code seed}: each quantity from its {@link Draw}, in declaration order} It may
     * violate the requirements; {@link #admits} says.
     * @param seed the instance seed, as a report or a counterexample gives it
     */
    public Instance draw(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Quantity q : quantities) {
            double[] v = q.draw().sample(rnd, q.dims());
            if (v.length != q.size()) {
                throw new IllegalStateException("Derivation " + title + ": the draw of " + q.name() + " gave "
                        + v.length + " values for shape " + Arrays.toString(q.dims()));
            }
            values.put(q.name(), v);
        }
        return new Instance(this, values);
    }

    /**
     * {@return an instance from explicit values, one array per quantity (row-major), for tests and for jqwik}
     * @param values each quantity's values by name; every quantity, and no other name
     */
    public Instance instance(Map<String, double[]> values) {
        Map<String, double[]> v = new LinkedHashMap<>();
        for (Quantity q : quantities) {
            double[] x = values.get(q.name());
            if (x == null) {
                throw new IllegalArgumentException("Derivation.instance: no value for " + q.name() + "; the quantities"
                        + " are " + byName.keySet());
            }
            if (x.length != q.size()) {
                throw new IllegalArgumentException("Derivation.instance: " + q.name() + " has shape "
                        + Arrays.toString(q.dims()) + " (" + q.size() + " values), got " + x.length + " values");
            }
            v.put(q.name(), x.clone());
        }
        for (String k : values.keySet()) {
            if (!byName.containsKey(k)) {
                throw new IllegalArgumentException("Derivation.instance: " + k + " is not a quantity of " + title);
            }
        }
        return new Instance(this, v);
    }

    /**
     * {@return whether the instance meets every requirement and is smooth (autograd equals central differences)}
     * @param instance an instance of this derivation's quantities
     */
    public boolean admits(Instance instance) {
        return evaluator.evaluate(instance, specs).rejection == null;
    }

    /** {@return each quantity's shape, by name, in declaration order (with {@link #drawOf}, for arbitraries)} */
    public Map<String, int[]> shapes() {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (Quantity q : quantities) {
            m.put(q.name(), q.dims().clone());
        }
        return m;
    }

    /**
     * {@return the draw of a quantity}
     * @param quantity the quantity's name
     */
    public Draw drawOf(String quantity) {
        Quantity q = byName.get(quantity);
        if (q == null) {
            throw new IllegalArgumentException("Derivation.drawOf: no quantity " + quantity + " in " + title);
        }
        return q.draw();
    }

    // ================================================================ checking

    /** {@return the report on every formula at {@value #DEFAULT_INSTANCES} instances from {@link #DEFAULT_SEED}} */
    public DerivationReport check() {
        return check(DEFAULT_SEED, DEFAULT_INSTANCES);
    }

    /**
     * {@return the report on every formula at {@code instances} admissible instances drawn from {@code seed}} Instances
     * that break a requirement or sit on a kink are redrawn (up to 20 draws per instance asked for) and counted.
     * @param seed      the seed the instance seeds are drawn from
     * @param instances how many admissible instances to check, at least 1
     */
    public DerivationReport check(long seed, int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("Derivation.check: need at least 1 instance, got " + instances);
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Long> used = new ArrayList<>();
        List<Evaluation> evaluations = new ArrayList<>();
        int rejected = 0;
        String lastRejection = null;
        for (int attempt = 0; attempt < 20 * instances && evaluations.size() < instances; attempt++) {
            long s = seeds.nextLong();
            Evaluation e = evaluator.evaluate(draw(s), specs);
            if (e.rejection != null) {
                rejected++;
                lastRejection = e.rejection;
                continue;
            }
            used.add(s);
            evaluations.add(e);
        }
        List<DerivationReport.Verdict> verdicts = new ArrayList<>();
        for (int f = 0; f < specs.size(); f++) {
            verdicts.add(verdict(f, evaluations, used));
        }
        return new DerivationReport(title, verdicts, evaluations.size(), rejected, lastRejection, seed);
    }

    /**
     * {@return the report on every formula at one instance}, for a jqwik property over {@link Instance}s: there is no
     * shrinking, and a failure's counterexample is that instance. An instance the derivation does not admit (a
     * requirement broken, a kink) gives a report with no verdict; test {@link #admits} first.
     * @param instance the instance to check
     */
    public DerivationReport check(Instance instance) {
        Evaluation e = evaluator.evaluate(instance, specs);
        if (e.rejection != null) {
            // not admissible: nothing to judge
            return new DerivationReport(title, List.of(), 0, 1, e.rejection, null);
        }
        List<DerivationReport.Verdict> verdicts = new ArrayList<>();
        List<Long> noSeed = new ArrayList<>();
        noSeed.add(null);
        for (int f = 0; f < specs.size(); f++) {
            verdicts.add(verdict(f, List.of(e), noSeed));
        }
        return new DerivationReport(title, verdicts, 1, 0, null, null);
    }

    /**
     * Reproduces the counterexample of one formula from the instance seed a report gave: draws that instance and
     * shrinks it again.
     * @param formula      the formula's label
     * @param instanceSeed the instance seed the report gave
     * @return the counterexample, shrunk as the report's was
     * @throws IllegalArgumentException if the formula holds at that instance
     */
    public DerivationReport.Counterexample counterexample(String formula, long instanceSeed) {
        int f = indexOf(formula);
        Evaluation e = evaluator.evaluate(draw(instanceSeed), List.of(specs.get(f)));
        if (e.rejection != null || e.results[0].agrees()) {
            throw new IllegalArgumentException("Derivation.counterexample: " + formula + " holds at the instance of"
                    + " seed " + instanceSeed + (e.rejection == null ? "" : " (" + e.rejection + ")"));
        }
        return shrinker.shrink(f, e, instanceSeed);
    }

    /** The position of the formula with this label, refusing an unknown label with the known ones. */
    private int indexOf(String formula) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).label().equals(formula)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Derivation: no formula '" + formula + "' in " + title + "; the formulas"
                + " are " + formulas());
    }

    /** The verdict on formula f; {@code seeds} holds each evaluation's instance seed, null for explicit ones. */
    private DerivationReport.Verdict verdict(int f, List<Evaluation> evaluations, List<Long> seeds) {
        Spec spec = specs.get(f);
        int failures = 0;
        double maxError = 0;
        int firstFailure = -1;
        String error = null;
        for (int i = 0; i < evaluations.size(); i++) {
            Evaluation.Result r = evaluations.get(i).results[f];
            if (r.problem() != null && error == null) {
                error = r.problem();
            }
            maxError = Double.isNaN(r.maxDifference()) || Double.isNaN(maxError) ? Double.NaN
                    : Math.max(maxError, r.maxDifference());
            if (!r.agrees()) {
                failures++;
                if (firstFailure < 0) {
                    firstFailure = i;
                }
            }
        }
        DerivationReport.Counterexample cx = null;
        List<String> hints = List.of();
        if (firstFailure >= 0) {
            Evaluation e = evaluations.get(firstFailure).only(f);
            Long s = seeds.get(firstFailure);
            cx = s == null ? Shrinker.counterexampleOf(e, null) : shrinker.shrink(f, e, s);
            hints = Hints.of(this, spec, f, evaluations);
        }
        String about = spec.isElement() ? spec.wrt() + "[" + spec.element() + "]" : spec.wrt();
        return new DerivationReport.Verdict(spec.label(), about, spec.isUpdate(), evaluations.size(), failures,
                maxError, cx, hints, error);
    }

    // ================================================================ the model's and the formulas' views
    // Each view is a final nested class that keeps its public name (Derivation.Context, Derivation.Values, ...)
    // and inherits its methods from a package-private base class in its own file (ContextBase, ValuesBase, ...).

    /**
     * The model's view of one instance: each quantity as a leaf (or, for the finite differences, a constant),
     * probes on intermediate quantities, and records of the values the formulas use.
     */
    public static final class Context extends ContextBase {
        Context(Derivation d, Instance instance, boolean analytic, String moved, int movedElement, double delta) {
            super(d, instance, analytic, moved, movedElement, delta);
        }
    }

    /**
     * The view a {@link GenericModel} gets: on Scalars it delegates to a {@link Context}; on dual numbers it
     * seeds the tangent of one element (forward mode).
     *
     * @param <T> Scalar or Dual
     */
    public static final class Generic<T extends Differentiable<T>> extends GenericBase<T> {
        Generic(Context context, Witnesses.Seed seed) {
            super(context, seed);
        }
    }

    /**
     * A formula naming a quantity, probe, gradient or constant the derivation does not have. That is a typo, so
     * it stops the check with an error naming the formula and the known names, rather than counting as a failure
     * of the formula. (An index outside a shape is not one: a page's summation bounds can be wrong, and then the
     * formula as written fails, with that message.)
     */
    static final class Misuse extends IllegalArgumentException {
        Misuse(String message) {
            super(message);
        }
    }

    /**
     * A formula's view of one instance: the drawn quantities, the values the model recorded, and autograd's
     * gradients (for formulas that refer to another gradient, such as dL/dw_kj inside a recursion).
     */
    public static final class Values extends ValuesBase {
        Values(Derivation d, Instance instance, Map<String, double[]> recorded, Map<String, int[]> dims,
               Map<String, double[]> grads, Map<String, int[]> gradDims) {
            super(d, instance, recorded, dims, grads, gradDims);
        }
    }

    /** The drawn values of one instance, by quantity name. */
    public static final class Instance extends InstanceBase {
        Instance(Derivation d, Map<String, double[]> values) {
            super(d, values);
        }
    }

    // ================================================================ the builder

    /** Builds a {@link Derivation}: quantities, one model, formulas, requirements (see {@link BuilderBase}). */
    public static final class Builder extends BuilderBase {
        private Builder(String title) {
            super(title);
        }

        /** {@return the derivation} It needs a model and at least one formula. */
        public Derivation build() {
            if (scalarModel == null && tensorModel == null) {
                throw new IllegalStateException("Derivation.Builder: " + title + " has no model; give scalarModel or"
                        + " tensorModel");
            }
            if (specs.isEmpty()) {
                throw new IllegalStateException("Derivation.Builder: " + title + " has no formula to check");
            }
            return new Derivation(this);
        }
    }
}
