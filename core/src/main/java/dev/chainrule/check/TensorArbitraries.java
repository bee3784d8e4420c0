package dev.chainrule.check;

import dev.chainrule.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.List;

/**
 * jqwik arbitraries of shapes and tensors, so that a property test of a custom op (or any tensor function) is a few
 * lines:
 *
 * <pre>{@code
 * @Provide Arbitrary<List<Tensor>> inputs() { return TensorArbitraries.sameShape(1, 2, 4, -2, 2); }
 *
 * @Property void myBackwardIsRight(@ForAll("inputs") List<Tensor> x) {
 *     GradCheck.customOp(MY_OP, x).assertPassed();
 * }
 * }</pre>
 *
 * <p>Shapes have 1 to {@code maxRank} dimensions of 1 to {@code maxDim} elements; values are uniform in
 * [lo, hi] at six decimals (jqwik shrinks them toward simple values). Points on a kink of the op are the test's to
 * avoid (jqwik's {@code Assume}). Needs jqwik on the class path: core itself does not.
 */
public final class TensorArbitraries {
    private TensorArbitraries() {
    }

    /**
     * {@return shapes of 1 to {@code maxRank} dimensions, each of 1 to {@code maxDim} elements}
     *
     * @param maxRank the most dimensions, at least 1
     * @param maxDim  the largest size of a dimension, at least 1
     */
    public static Arbitrary<int[]> shapes(int maxRank, int maxDim) {
        if (maxRank < 1 || maxDim < 1) {
            throw new IllegalArgumentException("TensorArbitraries.shapes: maxRank and maxDim must be at least 1, got "
                    + maxRank + " and " + maxDim);
        }
        return Arbitraries.integers().between(1, maxDim).list().ofMinSize(1).ofMaxSize(maxRank)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * {@return tensors of the given shape, their values uniform in [lo, hi] at six decimals}
     *
     * @param dims the shape
     * @param lo   the least value, finite
     * @param hi   the greatest value, finite and greater than {@code lo}
     */
    public static Arbitrary<Tensor> tensors(int[] dims, double lo, double hi) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("TensorArbitraries.tensors: need finite lo < hi, got [" + lo + ", "
                    + hi + "]");
        }
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return Arbitraries.doubles().between(lo, hi).ofScale(6).array(double[].class).ofSize(n)
                .map(v -> Tensor.of(v, dims.clone()));
    }

    /**
     * {@return {@code count} tensors of one random shape (the inputs of an elementwise op), values in [lo, hi]}
     *
     * @param count   how many tensors each sample holds
     * @param maxRank the most dimensions of the shape, at least 1
     * @param maxDim  the largest size of a dimension, at least 1
     * @param lo      the least value, finite
     * @param hi      the greatest value, finite and greater than {@code lo}
     */
    public static Arbitrary<List<Tensor>> sameShape(int count, int maxRank, int maxDim, double lo, double hi) {
        return shapes(maxRank, maxDim).flatMap(dims -> {
            List<Arbitrary<Tensor>> parts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                parts.add(tensors(dims, lo, hi));
            }
            return net.jqwik.api.Combinators.combine(parts).as(List::copyOf);
        });
    }

    /**
     * {@return a pair of matrices that multiply: m x k and k x n, each size from 1 to {@code maxDim}, values in [lo,
     * hi]}
     *
     * @param maxDim the largest of m, k and n, at least 1
     * @param lo     the least value, finite
     * @param hi     the greatest value, finite and greater than {@code lo}
     */
    public static Arbitrary<List<Tensor>> matmulPair(int maxDim, double lo, double hi) {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, maxDim);
        return net.jqwik.api.Combinators.combine(size, size, size).flatAs((m, k, n) -> net.jqwik.api.Combinators
                .combine(tensors(new int[] {m, k}, lo, hi), tensors(new int[] {k, n}, lo, hi)).as(List::of));
    }
}
