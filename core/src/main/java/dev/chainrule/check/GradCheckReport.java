package dev.chainrule.check;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a gradient check: one {@link Entry} per input, analytic (autograd) against numeric (central
 * differences), with the tolerance that was applied.
 */
public final class GradCheckReport {
    /**
     * One input's comparison.
     *
     * @param index      position of the input
     * @param name       the input's name ("x0", "x1", ... when none was given)
     * @param at         the value of the input (NaN when the entry is a directional derivative)
     * @param analytic   the gradient from autograd (reverse mode)
     * @param numeric    the gradient from central differences
     * @param forward    the gradient from forward mode (dual numbers), or NaN where it was not computed
     * @param difference the larger of |analytic - numeric| and |forward - numeric|
     * @param allowed    the largest difference the tolerance allows here
     */
    public record Entry(int index, String name, double at, double analytic, double numeric, double forward,
                        double difference, double allowed) {
        /** {@return whether the two gradients agree within the tolerance} */
        public boolean passed() {
            return difference <= allowed;
        }

        @Override
        public String toString() {
            String where = Double.isNaN(at) ? name : String.format(Locale.ROOT, "%s = %.6g", name, at);
            String fwd = Double.isNaN(forward) ? "" : String.format(Locale.ROOT, ", forward %.10g", forward);
            return String.format(Locale.ROOT, "%s: analytic %.10g%s, numeric %.10g, difference %.3g (allowed %.3g)%s",
                    where, analytic, fwd, numeric, difference, allowed, passed() ? "" : "  FAIL");
        }
    }

    private final List<Entry> entries;
    private final Tolerance tolerance;
    private final List<String> hints;

    GradCheckReport(List<Entry> entries, Tolerance tolerance) {
        this(entries, tolerance, List.of());
    }

    GradCheckReport(List<Entry> entries, Tolerance tolerance, List<String> hints) {
        this.entries = List.copyOf(entries);
        this.tolerance = tolerance;
        this.hints = List.copyOf(hints);
    }

    /**
     * {@return the patterns a failing check recognises} ("input 0: opposite sign ..."), shown beside the numbers, never
     * instead of them; empty when it passed or no pattern fits.
     */
    public List<String> hints() {
        return hints;
    }

    /** {@return every input's comparison, in input order} */
    public List<Entry> entries() {
        return entries;
    }

    /** {@return the comparisons that failed} */
    public List<Entry> failures() {
        return entries.stream().filter(e -> !e.passed()).toList();
    }

    /** {@return whether every input passed} */
    public boolean passed() {
        return entries.stream().allMatch(Entry::passed);
    }

    /** {@return the tolerance that was applied} */
    public Tolerance tolerance() {
        return tolerance;
    }

    /** {@return the largest |analytic - numeric| over the inputs (NaN if any comparison involved NaN)} */
    public double maxDifference() {
        double m = 0.0;
        for (Entry e : entries) {
            if (Double.isNaN(e.difference())) {
                return Double.NaN;
            }
            m = Math.max(m, e.difference());
        }
        return m;
    }

    /**
     * Throws an {@link AssertionError} that names each failing input with both values, for use in tests.
     *
     * @return this, when every input passed
     */
    public GradCheckReport assertPassed() {
        if (!passed()) {
            throw new AssertionError(toString());
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        List<Entry> failed = failures();
        s.append(failed.isEmpty() ? "gradient check passed" : "gradient check FAILED for " + failed.size()
                + " of " + entries.size() + " inputs").append(" (").append(tolerance).append(")");
        for (String h : hints) {
            s.append("\n  hint: ").append(h);
        }
        for (Entry e : entries) {
            s.append("\n  ").append(e);
        }
        return s.toString();
    }
}
