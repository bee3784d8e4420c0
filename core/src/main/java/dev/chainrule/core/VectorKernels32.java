package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Unary;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for the hottest float32 pointwise kernels (16 lanes on AVX-512), used instead of the plain
 * loops of {@link Kernels32} when {@code jdk.incubator.vector} is present (this class is only loaded then), as
 * {@link VectorKernels} is for float64. The maths is the op table's ({@link Pointwise}); the kernel test checks
 * each loop against it.
 */
final class VectorKernels32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels32() {
    }

    /** y = u(x) for the ops handled here; returns false (and writes nothing) for the others. */
    static boolean unary(Unary u, float[] x, float[] y) {
        switch (u) {
            case RELU: relu(x, y); return true;
            case TANH: tanh(x, y); return true;
            default: return false;
        }
    }

    /** dL/dx for the ops handled here; returns false for the others. */
    static boolean unaryGrad(Unary u, float[] x, float[] y, float[] g, float[] out) {
        switch (u) {
            case RELU: reluGrad(x, g, out); return true;
            case TANH: tanhGrad(y, g, out); return true;
            default: return false;
        }
    }

    /** max(x, 0), NaN passing through (the table's relu). */
    private static void relu(float[] x, float[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Pointwise.relu(x[i]);
        }
    }

    /** g where x &gt; 0, else 0 (relu'(0) = 0), without a branch per element. */
    private static void reluGrad(float[] x, float[] g, float[] out) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector.zero(S).blend(FloatVector.fromArray(S, g, i), v.compare(VectorOperators.GT, 0f))
                    .intoArray(out, i);
        }
        for (; i < x.length; i++) {
            out[i] = Pointwise.reluGrad(x[i], g[i]);
        }
    }

    private static void tanh(float[] x, float[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = (float) Unary.TANH.apply(x[i]);
        }
    }

    /** g (1 - y^2), the table's tanh rule. */
    private static void tanhGrad(float[] y, float[] g, float[] out) {
        int i = 0;
        for (int n = S.loopBound(y.length); i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, i);
            FloatVector.fromArray(S, g, i).mul(v.mul(v).neg().add(1f)).intoArray(out, i);
        }
        for (; i < y.length; i++) {
            out[i] = (float) Pointwise.tanhGrad(y[i], g[i]);
        }
    }

    /** y = fma(a, x, y) elementwise: {@link Kernels32#axpy}'s loop (C2 in JDK 17 leaves Math.fma on floats scalar). */
    static void axpy(float a, float[] x, float[] y) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, a);
        for (int n = S.loopBound(y.length); i < n; i += L) {
            va.fma(FloatVector.fromArray(S, x, i), FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < y.length; i++) {
            y[i] = Math.fma(a, x[i], y[i]);
        }
    }
}
