package dev.chainrule.check;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How the {@link Derivation} checker draws one quantity (a parameter, an input, a target) for a random instance,
 * and which simple values it may shrink an element to when it minimises a counterexample.
 *
 * <pre>{@code
 * Draw.uniform(-2, 2)      // weights and inputs
 * Draw.of(0, 1)            // a binary label
 * Draw.uniform(0.5, 3)     // a positive target (kept away from a pole at 0)
 * Draw.oneHotRows()        // one-hot targets, one row per sample (never shrunk element by element)
 * }</pre>
 */
public interface Draw {
    /**
     * {@return the values of a quantity of shape {@code dims}, row-major}
     *
     * @param rnd  the source of randomness, seeded per instance so that an instance can be drawn again
     * @param dims the quantity's shape; the result holds the product of the sizes
     */
    double[] sample(SplittableRandom rnd, int[] dims);

    /**
     * {@return whether an element may take {@code value} when a counterexample is shrunk}
     *
     * @param value a simple value the shrinking tries (0, 1, -1, 0.5, ...)
     */
    boolean admits(double value);

    /**
     * {@return whether elements may be shrunk one at a time} False for values with a joint constraint, like one-hot.
     */
    default boolean shrinkable() {
        return true;
    }

    /**
     * {@return a draw uniform on [lo, hi]}; it shrinks to the simple values inside the interval.
     *
     * @param lo the least value, finite
     * @param hi the greatest value, finite and greater than {@code lo}
     */
    static Draw uniform(double lo, double hi) {
        return new Uniform(lo, hi);
    }

    /** Uniform on [lo, hi]. */
    record Uniform(double lo, double hi) implements Draw {
        /**
         * A uniform draw on [lo, hi].
         *
         * @param lo the least value, finite
         * @param hi the greatest value, finite and greater than {@code lo}
         */
        public Uniform {
            if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
                throw new IllegalArgumentException("Draw.uniform: need finite lo < hi, got [" + lo + ", " + hi + "]");
            }
        }

        @Override
        public double[] sample(SplittableRandom rnd, int[] dims) {
            double[] v = new double[size(dims)];
            for (int i = 0; i < v.length; i++) {
                v[i] = lo + (hi - lo) * rnd.nextDouble();
            }
            return v;
        }

        @Override
        public boolean admits(double value) {
            return value >= lo && value <= hi;
        }
    }

    /**
     * {@return a draw of one of the given values, equally likely}; it shrinks only to them.
     *
     * @param choices the values to draw from, at least one
     */
    static Draw of(double... choices) {
        return new Choice(choices);
    }

    /** One of the given values, equally likely; two choices are equal when their values are, in order. */
    record Choice(double[] values) implements Draw {
        /**
         * A choice, holding a copy of {@code values}.
         *
         * @param values the values to draw from, at least one
         */
        public Choice {
            if (values.length == 0) {
                throw new IllegalArgumentException("Draw.of: no values to choose from");
            }
            values = values.clone();
        }

        /** {@return a copy of the values to draw from} */
        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public double[] sample(SplittableRandom rnd, int[] dims) {
            double[] v = new double[size(dims)];
            for (int i = 0; i < v.length; i++) {
                v[i] = values[rnd.nextInt(values.length)];
            }
            return v;
        }

        @Override
        public boolean admits(double value) {
            for (double x : values) {
                if (x == value) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Choice c && Arrays.equals(values, c.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "one of " + Arrays.toString(values);
        }
    }

    /**
     * {@return a draw that always gives {@code value}}: a constant of the problem, such as a step size.
     *
     * @param value the value every element takes
     */
    static Draw constant(double value) {
        return of(value);
    }

    /**
     * {@return a draw of rows that are one-hot over the last axis (targets of a classifier)}; never shrunk element
     * by element.
     */
    static Draw oneHotRows() {
        return new Draw() {
            @Override
            public double[] sample(SplittableRandom rnd, int[] dims) {
                if (dims.length == 0) {
                    throw new IllegalArgumentException("Draw.oneHotRows: a scalar quantity cannot be one-hot");
                }
                int classes = dims[dims.length - 1];
                double[] v = new double[size(dims)];
                for (int r = 0; r < v.length / classes; r++) {
                    v[r * classes + rnd.nextInt(classes)] = 1.0;
                }
                return v;
            }

            @Override
            public boolean admits(double value) {
                return false;
            }

            @Override
            public boolean shrinkable() {
                return false;
            }

            @Override
            public String toString() {
                return "one-hot rows";
            }
        };
    }

    private static int size(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }
}
