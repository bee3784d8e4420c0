package dev.chainrule.core;

/**
 * The two storages of a tensor ({@code double[]} for {@link DType#F64}, {@code float[]} for {@link DType#F32}): the
 * conversions between them, and the checks on values where they enter a tensor.
 */
final class Storage {
    private Storage() {
    }

    /** The floats as doubles (exact). */
    static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** The doubles rounded to the nearest floats. */
    static float[] narrow(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /**
     * Refuses NaN in values a tensor is created from or assigned, naming the op and the element: the rule
     * {@link Scalar} applies too. NaN that ops compute from valid values (log(-1)) propagates as IEEE 754 says.
     */
    static void checkNotNaN(String op, double[] values, Shape shape) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(op + ": element " + i + " of the values for shape " + shape
                        + " is NaN; a tensor is not created from NaN, as a Scalar is not (NaN that ops compute from "
                        + "valid values propagates)");
            }
        }
    }

    /**
     * Refuses finite values that float32 cannot hold (they would become infinite), naming the element: a float64
     * parameter file loaded into a float32 network must not turn 1e300 into infinity without a word.
     */
    static void checkFloatRange(String op, double[] values, Shape shape) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i]) && Float.isInfinite((float) values[i])) {
                throw new IllegalArgumentException(op + ": element " + i + " of the values for shape " + shape + " is "
                        + values[i] + ", outside float32's range (about +-3.4e38); nothing was written");
            }
        }
    }
}
