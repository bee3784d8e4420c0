package dev.chainrule.core;

/**
 * The element type of a {@link Tensor}'s storage: {@link #F64} ({@code double[]}, the default) or {@link #F32}
 * ({@code float[]}, for training: half the memory, and twice the lanes of a vector register).
 *
 * <p>Ops on two dtypes follow PyTorch's promotion rule: the result is float64 when any operand with at least one
 * dimension is float64; a rank-0 float64 tensor does not promote a float32 tensor with dimensions, but two rank-0
 * tensors give float64. A Java number ({@code x.mul(2.0)}, {@code x.gt(0.1)}) never promotes: it takes the
 * tensor's dtype, rounded to float32 for a float32 tensor, as PyTorch treats a Python number. A gradient always
 * has its tensor's dtype.
 *
 * <p>{@link Scalar}, {@link dev.chainrule.check.GradCheck} and the derivation checker stay float64: a central
 * difference in float32 has an error near 1e-3, larger than the mistakes it is meant to find.
 */
public enum DType {
    /** 64-bit IEEE 754 ({@code double}): the default, and what gradient checks need. */
    F64(8),
    /** 32-bit IEEE 754 ({@code float}): what PyTorch and JAX train in by default. */
    F32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** {@return the bytes per element} */
    public int bytes() {
        return bytes;
    }

    /** {@return the NumPy name of this type: {@code float64} or {@code float32}} */
    public String numpyName() {
        return this == F64 ? "float64" : "float32";
    }

    /**
     * {@return the dtype of an op's result on these operands} (PyTorch's rule, see the class comment).
     *
     * @param inputs the operands
     */
    static DType of(Tensor... inputs) {
        boolean ranked64 = false;
        boolean ranked = false;
        boolean any64 = inputs.length == 0;
        for (Tensor t : inputs) {
            boolean f64 = t.fdata == null;
            any64 |= f64;
            if (t.shape.rank() > 0) {
                ranked = true;
                ranked64 |= f64;
            }
        }
        return (ranked ? ranked64 : any64) ? F64 : F32;
    }
}
