package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Unary;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for the hottest pointwise tensor kernels, used instead of the plain loops of {@link Kernels}
 * when {@code jdk.incubator.vector} is present (this class is only loaded then). The maths is the op table's
 * ({@link Pointwise}); the transcendental functions come from the JDK's vectorised implementations, which agree
 * with {@link Math} to within one or two units in the last place.
 *
 * <p>Each op has a loop of its own with a constant operator: C2 only turns a Vector API call into machine code
 * when it can see the operator, and boxes vectors that reach a call it did not inline.
 */
final class VectorKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKernels() {
    }

    /** y = u(x) for the ops handled here; returns false (and writes nothing) for the others. */
    static boolean unary(Unary u, double[] x, double[] y) {
        switch (u) {
            case TANH: tanh(x, y); return true;
            case EXP: exp(x, y); return true;
            case SIGMOID: sigmoid(x, y); return true;
            case RELU: relu(x, y); return true;
            case LOG: log(x, y); return true;
            case SIN: sin(x, y); return true;
            case COS: cos(x, y); return true;
            case SOFTPLUS: softplus(x, y); return true;
            default: return false;
        }
    }

    /** dL/dx for the ops handled here; returns false for the others. */
    static boolean unaryGrad(Unary u, double[] x, double[] y, double[] g, double[] out) {
        if (u == Unary.RELU) {
            reluGrad(x, g, out);
            return true;
        }
        return false;
    }

    private static void tanh(double[] x, double[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            DoubleVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Unary.TANH.apply(x[i]);
        }
    }

    private static void exp(double[] x, double[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            DoubleVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Unary.EXP.apply(x[i]);
        }
    }

    private static void log(double[] x, double[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            DoubleVector.fromArray(S, x, i).lanewise(VectorOperators.LOG).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Unary.LOG.apply(x[i]);
        }
    }

    private static void sin(double[] x, double[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            DoubleVector.fromArray(S, x, i).lanewise(VectorOperators.SIN).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Unary.SIN.apply(x[i]);
        }
    }

    private static void cos(double[] x, double[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            DoubleVector.fromArray(S, x, i).lanewise(VectorOperators.COS).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Unary.COS.apply(x[i]);
        }
    }

    /** The stable logistic function: with e = exp(-|x|), 1 / (1 + e) for x &gt;= 0 and e / (1 + e) below. */
    private static void sigmoid(double[] x, double[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, i);
            DoubleVector e = v.lanewise(VectorOperators.ABS).neg().lanewise(VectorOperators.EXP);
            DoubleVector s = DoubleVector.broadcast(S, 1.0).div(e.add(1.0));
            VectorMask<Double> negative = v.compare(VectorOperators.LT, 0.0);
            s.blend(e.mul(s), negative).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Unary.SIGMOID.apply(x[i]);
        }
    }

    /** The stable softplus: max(x, 0) + log1p(exp(-|x|)). */
    private static void softplus(double[] x, double[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, i);
            DoubleVector tail = v.lanewise(VectorOperators.ABS).neg().lanewise(VectorOperators.EXP)
                    .lanewise(VectorOperators.LOG1P);
            v.max(0.0).add(tail).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Unary.SOFTPLUS.apply(x[i]);
        }
    }

    /** max(x, 0), NaN passing through (the table's relu). */
    private static void relu(double[] x, double[] y) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, i);
            v.blend(0.0, v.compare(VectorOperators.LE, 0.0)).intoArray(y, i);
        }
        for (; i < x.length; i++) {
            y[i] = Unary.RELU.apply(x[i]);
        }
    }

    /** g where x &gt; 0, else 0 (relu'(0) = 0), without a branch per element. */
    private static void reluGrad(double[] x, double[] g, double[] out) {
        int i = 0;
        for (int n = S.loopBound(x.length); i < n; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, i);
            DoubleVector.zero(S).blend(DoubleVector.fromArray(S, g, i), v.compare(VectorOperators.GT, 0.0))
                    .intoArray(out, i);
        }
        for (; i < x.length; i++) {
            out[i] = Unary.RELU.grad(x[i], 0.0, g[i]);
        }
    }
}
