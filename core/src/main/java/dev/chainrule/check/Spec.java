package dev.chainrule.check;

import dev.chainrule.core.Tensor;

/**
 * A hand formula as the builder declared it: its label, the quantity or probe it is about, how the checker
 * evaluates it, and for an update rule the rate of the gradient descent step it is judged against (NaN for a
 * gradient formula). A claim ({@link Derivation.Builder#claim}) has a {@code reference} formula instead of a
 * quantity: it is judged against that formula's value, to rounding. A formula about one element of a quantity
 * ({@link Derivation.Builder#formula(String, String, int, Derivation.ScalarFormula)}) has {@code element} >= 0, -1
 * otherwise.
 */
record Spec(String label, String wrt, Hand formula, double rate, Hand reference, int element) {
    Spec(String label, String wrt, Hand formula, double rate) {
        this(label, wrt, formula, rate, null, -1);
    }

    Spec(String label, String wrt, Hand formula, double rate, Hand reference) {
        this(label, wrt, formula, rate, reference, -1);
    }

    /** Whether the formula is about one element of its quantity ({@code element}, row-major) rather than all. */
    boolean isElement() {
        return element >= 0;
    }

    /** Whether the formula is judged against another formula rather than a gradient. */
    boolean isClaim() {
        return reference != null;
    }

    /** A hand formula as the checker evaluates it: its values at one instance, row-major, and their shape. */
    interface Hand {
        /** The values at one instance; {@code dims[0]} receives their shape. */
        double[] apply(Derivation.Values v, int[][] dims);
    }

    /** Whether the formula gives a new value (an update rule) rather than a gradient. */
    boolean isUpdate() {
        return !Double.isNaN(rate);
    }

    /** A formula whose value is one number, as the checker evaluates it (shape {@code []}). */
    static Hand scalarHand(Derivation.ScalarFormula f) {
        return (v, dims) -> {
            dims[0] = new int[0];
            return new double[] {f.apply(v)}; // NaN included: a formula may well evaluate to 0/0 here
        };
    }

    /** A formula whose value is a tensor, as the checker evaluates it (its values and shape). */
    static Hand tensorHand(Derivation.Formula f) {
        return (v, dims) -> {
            Tensor t = f.apply(v);
            if (t == null) {
                throw new IllegalStateException("the formula returned null");
            }
            dims[0] = t.shape().dims();
            return t.toArray();
        };
    }
}
