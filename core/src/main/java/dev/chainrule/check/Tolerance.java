package dev.chainrule.check;

/**
 * The pass rule of a gradient check: {@code |analytic - numeric| <= atol + rtol * |numeric|}.
 *
 * @param atol absolute tolerance, for gradients near 0
 * @param rtol relative tolerance, scaled by the magnitude of the numeric gradient
 */
public record Tolerance(double atol, double rtol) {
    /** atol 1e-5, rtol 1e-3: right for central differences in double precision on well-scaled functions. */
    public static final Tolerance DEFAULT = new Tolerance(1e-5, 1e-3);

    public Tolerance {
        if (!(atol >= 0) || !(rtol >= 0) || Double.isInfinite(atol) || Double.isInfinite(rtol)) {
            throw new IllegalArgumentException("Tolerance: atol and rtol must be finite and >= 0, got atol "
                    + atol + ", rtol " + rtol);
        }
    }

    /** The largest difference allowed for a numeric gradient of this size. */
    public double allowed(double numeric) {
        return atol + rtol * Math.abs(numeric);
    }

    /** Whether the analytic gradient agrees with the numeric one (false if either is NaN). */
    public boolean accepts(double analytic, double numeric) {
        return Math.abs(analytic - numeric) <= allowed(numeric);
    }

    @Override
    public String toString() {
        return "|analytic - numeric| <= " + atol + " + " + rtol + " * |numeric|";
    }
}
