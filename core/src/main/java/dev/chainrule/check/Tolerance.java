package dev.chainrule.check;

/**
 * The pass rule of a gradient check: {@code |analytic - numeric| <= atol + rtol * |numeric|}.
 *
 * <p>It is the one rule for autograd against central differences in the package: {@link GradCheck} applies it
 * per input, and the {@link Derivation} checker applies it per element of a gradient with {@code atol} taken
 * relative to the gradient's largest element ({@code atol * max(1, scale)}), where a per-input check has scale 1.
 *
 * @param atol absolute tolerance, for gradients near 0
 * @param rtol relative tolerance, scaled by the magnitude of the numeric gradient
 */
public record Tolerance(double atol, double rtol) {
    /** atol 1e-5, rtol 1e-3: right for central differences in double precision on well-scaled functions. */
    public static final Tolerance DEFAULT = new Tolerance(1e-5, 1e-3);

    /**
     * A tolerance; both parts must be finite and non-negative.
     *
     * @param atol absolute tolerance, for gradients near 0
     * @param rtol relative tolerance, scaled by the magnitude of the numeric gradient
     */
    public Tolerance {
        if (!(atol >= 0) || !(rtol >= 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
            throw new IllegalArgumentException("Tolerance: atol and rtol must be finite and >= 0, got atol "
                    + atol + ", rtol " + rtol);
        }
    }

    /**
     * {@return the largest difference allowed for a numeric gradient of this size: {@code atol + rtol * |numeric|}}
     *
     * @param numeric the gradient from central differences
     */
    public double allowed(double numeric) {
        return allowed(numeric, 1.0);
    }

    /**
     * The largest difference allowed for one element of a gradient whose largest element has magnitude
     * {@code scale}: {@code atol * max(1, scale) + rtol * |numeric|} (scale 1 is {@link #allowed(double)}).
     */
    double allowed(double numeric, double scale) {
        return atol * Math.max(1.0, scale) + rtol * Math.abs(numeric);
    }

    /**
     * {@return whether the analytic gradient agrees with the numeric one (false if either is NaN)}
     *
     * @param analytic the gradient from autograd
     * @param numeric  the gradient from central differences
     */
    public boolean accepts(double analytic, double numeric) {
        return accepts(analytic, numeric, 1.0);
    }

    /**
     * {@link #accepts(double, double)} for one element of a gradient of this scale (see
     * {@link #allowed(double, double)}).
     */
    boolean accepts(double analytic, double numeric, double scale) {
        return Math.abs(analytic - numeric) <= allowed(numeric, scale);
    }

    @Override
    public String toString() {
        return "|analytic - numeric| <= " + atol + " + " + rtol + " * |numeric|";
    }
}
