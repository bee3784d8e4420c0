package dev.chainrule.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the {@link Derivation} checker found: one {@link Verdict} per hand formula, with a shrunk counterexample
 * and hints for each formula that fails, the number of instances checked and redrawn, and the tolerances.
 */
public final class DerivationReport {
    /**
     * A formula that fails at one instance: the instance (shrunk toward simple values), the seed it was drawn
     * from, and the formula's value beside autograd's, the central differences' and forward mode's.
     * {@code hand} is null when the formula could not be evaluated there. Two counterexamples are equal when
     * their components are, the arrays compared by content.
     *
     * @param seed     the instance seed ({@link Derivation#counterexample(String, long)} reproduces this), or
     *                 null for an instance the caller gave (not shrunk)
     * @param instance the drawn quantities
     * @param hand     the formula's value (row-major), or null
     * @param handDims the shape of the formula's value, or null
     * @param autograd the reference: reverse-mode autograd's gradient (an update rule's formula is shown as the
     *                 gradient it implies, so that the two compare)
     * @param numeric  the same from central differences
     * @param forward  the same from forward mode (dual numbers), or null where the model is not generic
     * @param dims     the shape of the reference
     * @param note     what else to know: a shape mismatch, an exception, how an update rule is shown; or null
     */
    public record Counterexample(Long seed, Derivation.Instance instance, double[] hand, int[] handDims,
                                 double[] autograd, double[] numeric, double[] forward, int[] dims, String note) {
        private Object[] components() {
            return new Object[] {seed, instance, hand, handDims, autograd, numeric, forward, dims, note};
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counterexample c && ArrayComponents.equal(components(), c.components());
        }

        @Override
        public int hashCode() {
            return ArrayComponents.hash(components());
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            s.append("at ").append(instance).append(seed == null ? "  (the instance given)"
                    : "  (instance seed " + seed + ")");
            s.append("\n      formula:            ").append(hand == null ? "-" : format(hand, handDims));
            s.append("\n      autograd:           ").append(format(autograd, dims));
            s.append("\n      central difference: ").append(format(numeric, dims));
            if (forward != null) {
                s.append("\n      forward mode:       ").append(format(forward, dims));
            }
            if (note != null) {
                s.append("\n      note: ").append(note);
            }
            return s.toString();
        }
    }

    /**
     * The verdict on one formula.
     *
     * @param formula        its label, in the document's own words
     * @param wrt            the quantity it is a derivative with respect to (or that it updates)
     * @param update         whether it is an update rule (new value) rather than a gradient
     * @param instances      instances checked
     * @param failures       instances where it disagreed with autograd
     * @param maxError       the largest |formula - autograd| over the instances (NaN if it was ever not
     *                       comparable: a shape mismatch, an exception, a NaN)
     * @param counterexample the smallest failing instance found, or null when it holds
     * @param hints          recognised patterns of the mismatch (heuristics)
     * @param error          the first shape mismatch or exception met, or null
     */
    public record Verdict(String formula, String wrt, boolean update, int instances, int failures, double maxError,
                          Counterexample counterexample, List<String> hints, String error) {
        /** {@return whether the formula agreed with autograd on every instance checked (and at least one was)} */
        public boolean holds() {
            return instances > 0 && failures == 0;
        }

        /** {@return "holds", "FAILS (k of n)", or "NOT CHECKED" when no instance was admissible} */
        public String status() {
            return holds() ? "holds" : instances == 0 ? "NOT CHECKED" : "FAILS (" + failures + " of " + instances + ")";
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            s.append(formula).append(": ").append(status()).append(", max |formula - autograd| ")
                    .append(Double.isNaN(maxError) ? "n/a" : String.format(Locale.ROOT, "%.2e", maxError));
            if (error != null) {
                s.append("\n    ").append(error);
            }
            if (counterexample != null) {
                s.append("\n    counterexample ").append(counterexample);
            }
            for (String h : hints) {
                s.append("\n    hint: ").append(h);
            }
            return s.toString();
        }
    }

    private final String title;
    private final List<Verdict> verdicts;
    private final int instances;
    private final int rejected;
    private final String lastRejection;
    private final Long seed;

    DerivationReport(String title, List<Verdict> verdicts, int instances, int rejected, String lastRejection,
                     Long seed) {
        this.title = title;
        this.verdicts = List.copyOf(verdicts);
        this.instances = instances;
        this.rejected = rejected;
        this.lastRejection = lastRejection;
        this.seed = seed;
    }

    /** {@return the derivation's title} */
    public String title() {
        return title;
    }

    /** {@return one verdict per formula, in declaration order} */
    public List<Verdict> verdicts() {
        return verdicts;
    }

    /**
     * {@return the verdict on the formula with this label}
     *
     * @param formula the formula's label, as given to the builder
     */
    public Verdict verdict(String formula) {
        for (Verdict v : verdicts) {
            if (v.formula().equals(formula)) {
                return v;
            }
        }
        throw new IllegalArgumentException("DerivationReport: no formula '" + formula + "' in " + title
                + "; the formulas are " + verdicts.stream().map(Verdict::formula).toList());
    }

    /** {@return the number of instances checked} */
    public int instances() {
        return instances;
    }

    /** {@return the number of instances redrawn because they broke a requirement or sat on a kink} */
    public int rejected() {
        return rejected;
    }

    /** {@return the seed the instances were drawn from, or null for a check of an instance the caller gave} */
    public Long seed() {
        return seed;
    }

    /** {@return whether every formula holds} */
    public boolean allHold() {
        return !verdicts.isEmpty() && verdicts.stream().allMatch(Verdict::holds);
    }

    /** {@return the tolerances applied, in words} */
    public static String tolerances() {
        return "formula vs autograd: |formula - autograd| <= " + Derivation.HAND_ATOL + " + " + Derivation.HAND_RTOL
                + " * max|autograd|; autograd vs central differences (else the instance is redrawn): <= "
                + Tolerance.DEFAULT.atol() + " * max(1, max|autograd|) + " + Tolerance.DEFAULT.rtol() + " * |numeric|"
                + "; forward mode vs autograd, for a generic model (else an IllegalStateException): <= "
                + Derivation.HAND_ATOL + " + "
                + Derivation.HAND_RTOL + " * max(1, max|autograd|)";
    }

    /**
     * Throws an AssertionError with the report unless every formula holds.
     *
     * @return this report, when every formula holds
     */
    public DerivationReport assertAllHold() {
        if (!allHold()) {
            throw new AssertionError(toString());
        }
        return this;
    }

    /**
     * Throws an AssertionError with the verdict unless this formula holds.
     *
     * @param formula the formula's label, as given to the builder
     * @return the formula's verdict, when it holds
     */
    public Verdict assertHolds(String formula) {
        Verdict v = verdict(formula);
        if (!v.holds()) {
            throw new AssertionError(title + ": " + v);
        }
        return v;
    }

    /**
     * Throws an AssertionError unless this formula fails with a counterexample (for tests that pin a known error down).
     *
     * @param formula the formula's label, as given to the builder
     * @return the formula's counterexample, for the test to inspect
     */
    public Counterexample assertFails(String formula) {
        Verdict v = verdict(formula);
        if (v.holds() || v.counterexample() == null) {
            throw new AssertionError(title + ": expected '" + formula + "' to fail, but " + v);
        }
        return v.counterexample();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(title).append(": ").append(instances).append(seed == null ? " instance given"
                : " instances from seed " + seed);
        if (rejected > 0) {
            s.append(" (").append(rejected).append(" redrawn; e.g. ").append(lastRejection).append(")");
        }
        for (Verdict v : verdicts) {
            s.append("\n  ").append(v);
        }
        return s.toString();
    }

    /** A value of a given shape, compactly: 0.5, [1, 2], [[1, 2], [3, 4]]. */
    static String format(double[] v, int[] dims) {
        if (v == null) {
            return "-";
        }
        if (dims == null || dims.length == 0 || v.length == 1) {
            return v.length == 1 ? num(v[0]) : Arrays.toString(v);
        }
        if (dims.length == 1) {
            return row(v, 0, v.length);
        }
        int cols = dims[dims.length - 1];
        StringBuilder s = new StringBuilder("[");
        for (int r = 0; r < v.length / cols; r++) {
            if (r > 0) {
                s.append(", ");
            }
            s.append(row(v, r * cols, cols));
        }
        return s.append("]").toString();
    }

    private static String row(double[] v, int from, int n) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(num(v[from + i]));
        }
        return s.append("]").toString();
    }

    private static String num(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e6) {
            return Long.toString((long) x);
        }
        return String.format(Locale.ROOT, "%.6g", x);
    }
}
