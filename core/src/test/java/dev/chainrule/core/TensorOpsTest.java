package dev.chainrule.core;

import dev.chainrule.check.GradCheck;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Every tensor op against central differences (jqwik, random shapes including size-1 and broadcast
 * dimensions): the gradient of {@code <c, f(x)>} for a random cotangent c, element by element.
 */
class TensorOpsTest {

    /** A random shape of rank 0 to 3 with sizes 1 to 4. */
    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(0).ofMaxSize(3);
    }

    @Provide
    Arbitrary<int[]> nonScalarShapes() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Random values in [-2, 2], pushed at least {@code margin} away from 0 (kinks and poles). */
    static Tensor values(SplittableRandom rnd, int[] dims, double margin) {
        Tensor t = Tensor.rand(rnd, dims);
        double[] d = t.toArray();
        for (int i = 0; i < d.length; i++) {
            double v = rnd.nextDouble(-2, 2);
            d[i] = Math.copySign(Math.abs(v) + margin, v);
        }
        return Tensor.of(d, Shape.of(dims));
    }

    /** A shape that broadcasts to {@code dims}: some leading dims dropped, some sizes set to 1. */
    static int[] broadcastable(SplittableRandom rnd, int[] dims) {
        int drop = rnd.nextInt(dims.length + 1);
        int[] out = new int[dims.length - drop];
        for (int i = 0; i < out.length; i++) {
            out[i] = rnd.nextInt(3) == 0 ? 1 : dims[drop + i];
        }
        return out;
    }

    static void check(Function<List<Tensor>, Tensor> f, Tensor... at) {
        GradCheck.tensors(f, List.of(at)).assertPassed();
    }

    static void checkUnary(UnaryOperator<Tensor> f, Tensor x) {
        check(in -> f.apply(in.get(0)), x);
    }

    @Property(tries = 60)
    void pointwiseOps(@ForAll("shapes") int[] dims, @ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = values(rnd, dims, 0.05);
        for (UnaryOperator<Tensor> f : List.<UnaryOperator<Tensor>>of(Tensor::neg, Tensor::square, Tensor::exp,
                Tensor::tanh, Tensor::sigmoid, Tensor::relu, Tensor::softplus, Tensor::abs, Tensor::sin, Tensor::cos,
                t -> t.pow(3), t -> t.mul(2.5), t -> t.add(-1.0), t -> t.sub(0.5), t -> t.div(4.0),
                t -> t.clamp(-1.0, 1.0))) {
            checkUnary(f, x);
        }
        Tensor positive = values(rnd, dims, 0.1).abs();
        for (UnaryOperator<Tensor> f : List.<UnaryOperator<Tensor>>of(Tensor::sqrt, Tensor::log, t -> t.pow(-1.5),
                t -> t.pow(t))) {
            checkUnary(f, positive);
        }
    }

    @Property(tries = 60)
    void broadcastBinaryOps(@ForAll("shapes") int[] dims, @ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] da = rnd.nextBoolean() ? dims : broadcastable(rnd, dims);
        int[] db = broadcastable(rnd, dims);
        if (rnd.nextBoolean()) {
            int[] t = da;
            da = db;
            db = t;
        }
        Tensor a = values(rnd, da, 0.05);
        Tensor b = values(rnd, db, 0.3);
        check(in -> in.get(0).add(in.get(1)), a, b);
        check(in -> in.get(0).sub(in.get(1)), a, b);
        check(in -> in.get(0).mul(in.get(1)), a, b);
        check(in -> in.get(0).div(in.get(1)), a, b);
        check(in -> in.get(0).abs().add(0.5).pow(in.get(1)), a, b);
        Tensor shifted = b.add(0.123); // away from ties with a
        check(in -> in.get(0).max(in.get(1)), a, shifted);
        check(in -> in.get(0).min(in.get(1)), a, shifted);
        Tensor mask = values(rnd, dims, 0.0).gt(0.0);
        check(in -> Tensor.where(mask, in.get(0), in.get(1)), a, b);
    }

    @Property(tries = 60)
    void reductions(@ForAll("nonScalarShapes") int[] dims, @ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = values(rnd, dims, 0.05);
        int axis = rnd.nextInt(-dims.length, dims.length);
        boolean keep = rnd.nextBoolean();
        checkUnary(Tensor::sum, x);
        checkUnary(Tensor::mean, x);
        checkUnary(t -> t.sum(axis, keep), x);
        checkUnary(t -> t.mean(axis, keep), x);
        checkUnary(t -> t.max(axis, keep), distinct(rnd, dims));
        checkUnary(t -> t.min(axis, keep), distinct(rnd, dims));
        checkUnary(Tensor::max, distinct(rnd, dims));
        checkUnary(t -> t.logSumExp(new int[] {axis}, keep), x);
        checkUnary(t -> t.logSumExp(new int[0], false), x);
        if (dims.length >= 2) {
            checkUnary(t -> t.sum(new int[] {0, -1}, keep), x);
            checkUnary(t -> t.var(new int[] {0, 1}, keep, 0), x);
        }
        if (x.size() > 1) {
            checkUnary(t -> t.std(new int[0], false, 1), x);
        }
        checkUnary(t -> t.softmax(axis), x);
        checkUnary(t -> t.logSoftmax(axis), x);
    }

    /** Values with no ties (so max and min are differentiable). */
    static Tensor distinct(SplittableRandom rnd, int[] dims) {
        Tensor t = Tensor.zeros(dims);
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i * 0.37 - d.length * 0.2;
        }
        for (int i = d.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double v = d[i];
            d[i] = d[j];
            d[j] = v;
        }
        return Tensor.of(d, Shape.of(dims));
    }

    @Property(tries = 60)
    void shapeOps(@ForAll("nonScalarShapes") int[] dims, @ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = values(rnd, dims, 0.0);
        int r = dims.length;
        int axis = rnd.nextInt(r);
        checkUnary(t -> t.reshape(-1), x);
        checkUnary(Tensor::flatten, x);
        checkUnary(t -> t.flatten(axis), x);
        checkUnary(t -> t.unsqueeze(axis).squeeze(axis), x);
        checkUnary(Tensor::squeeze, x);
        checkUnary(Tensor::transpose, x);
        checkUnary(t -> t.transpose(0, r - 1), x);
        int[] perm = rnd.ints(0, 1 << 20).limit(r).toArray();
        int[] order = java.util.stream.IntStream.range(0, r).boxed()
                .sorted((i, j) -> Integer.compare(perm[i], perm[j])).mapToInt(Integer::intValue).toArray();
        checkUnary(t -> t.permute(order), x);
        int[] big = dims.clone();
        big[axis] = dims[axis] == 1 ? 3 : dims[axis];
        int[] wider = new int[r + 1];
        wider[0] = 2;
        System.arraycopy(big, 0, wider, 1, r);
        Tensor small = values(rnd, withOne(dims, axis), 0.0);
        checkUnary(t -> t.expand(wider).mul(values(new SplittableRandom(1), wider, 0.0)), small);
    }

    private static int[] withOne(int[] dims, int axis) {
        int[] d = dims.clone();
        d[axis] = 1;
        return d;
    }

    @Property(tries = 60)
    void slicingAndIndexing(@ForAll("nonScalarShapes") int[] dims, @ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = values(rnd, dims, 0.0);
        int axis = rnd.nextInt(dims.length);
        int n = dims[axis];
        int start = rnd.nextInt(n);
        int len = rnd.nextInt(n - start + 1);
        checkUnary(t -> t.narrow(axis, start, len), x);
        checkUnary(t -> t.select(axis, start), x);
        checkUnary(t -> t.slice(axis, start, n, 2), x);
        checkUnary(t -> t.slice(axis, -1, n), x);
        int[] idx = rnd.ints(5, 0, n).toArray();
        checkUnary(t -> t.indexSelect(axis, idx), x);
        int[] idxDims = dims.clone();
        idxDims[axis] = 1 + rnd.nextInt(4);
        double[] gi = rnd.ints(Shape.of(idxDims).size(), 0, n).asDoubleStream().toArray();
        Tensor index = Tensor.of(gi, Shape.of(idxDims));
        checkUnary(t -> t.gather(axis, index), x);
        Tensor y = values(rnd, dims, 0.0);
        check(in -> Tensor.concat(List.of(in.get(0), in.get(1).mul(2.0), in.get(0)), axis), x, y);
        check(in -> Tensor.stack(List.of(in.get(0), in.get(1)), axis), x, y);
        check(in -> Tensor.stack(List.of(in.get(0), in.get(1)), -1), x, y);
    }

    @Property(tries = 60)
    void matmulAllCases(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int m = 1 + rnd.nextInt(4);
        int k = 1 + rnd.nextInt(4);
        int n = 1 + rnd.nextInt(4);
        Tensor a = values(rnd, new int[] {m, k}, 0.0);
        Tensor b = values(rnd, new int[] {k, n}, 0.0);
        Tensor v = values(rnd, new int[] {k}, 0.0);
        Tensor w = values(rnd, new int[] {k}, 0.0);
        check(in -> in.get(0).matmul(in.get(1)), a, b);
        check(in -> in.get(0).matmul(in.get(1)), v, b);
        check(in -> in.get(0).matmul(in.get(1)), a, v);
        check(in -> in.get(0).matmul(in.get(1)), v, w);
        Tensor ba = values(rnd, new int[] {2, 1, m, k}, 0.0);
        Tensor bb = values(rnd, new int[] {3, k, n}, 0.0);
        check(in -> in.get(0).matmul(in.get(1)), ba, bb);
        check(in -> in.get(0).matmul(in.get(1)), ba, b);
        check(in -> in.get(0).matmul(in.get(1)), a, bb);
        // the transposed products used by matmul's own backward
        check(in -> Matmul.mm(in.get(0), true, in.get(1), false), values(rnd, new int[] {k, m}, 0.0), b);
        check(in -> Matmul.mm(in.get(0), false, in.get(1), true), a, values(rnd, new int[] {n, k}, 0.0));
        check(in -> Matmul.mm(in.get(0), true, in.get(1), true), values(rnd, new int[] {k, m}, 0.0),
                values(rnd, new int[] {n, k}, 0.0));
    }

    @Property(tries = 30)
    void largerTensorsByRandomDirection(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x = values(rnd, new int[] {17, 33}, 0.05);
        Tensor w = values(rnd, new int[] {33, 20}, 0.0);
        Tensor bias = values(rnd, new int[] {20}, 0.0);
        GradCheck.tensorsFast(in -> in.get(0).matmul(in.get(1)).add(in.get(2)).tanh().logSoftmax(1),
                List.of(x, w, bias)).assertPassed();
    }

    /** The fused eager backward kernels agree with the rules written in engine ops (used when recording). */
    @Property(tries = 40)
    void fusedKernelsAgreeWithEngineOpRules(@ForAll("nonScalarShapes") int[] dims, @ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor x0 = values(rnd, dims, 0.05);
        int axis = rnd.nextInt(dims.length);
        List<UnaryOperator<Tensor>> ops = List.of(Tensor::relu, Tensor::tanh, Tensor::sigmoid, Tensor::exp,
                Tensor::neg, Tensor::softplus, Tensor::sin, Tensor::cos, Tensor::abs, Tensor::square,
                t -> t.softmax(axis), t -> t.logSoftmax(axis));
        for (UnaryOperator<Tensor> f : ops) {
            Tensor c = values(rnd, dims, 0.0);
            Tensor x = Tensor.of(x0.toArray(), Shape.of(dims)).requiresGrad();
            f.apply(x).mul(c).sum().backward();
            Tensor y = Tensor.of(x0.toArray(), Shape.of(dims)).requiresGrad();
            Tensor recorded = Autograd.grad(f.apply(y).mul(c).sum(), List.of(y), true).get(0);
            double[] a = x.grad().toArray();
            double[] b = recorded.toArray();
            for (int i = 0; i < a.length; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(b[i], a[i], 1e-12 * Math.max(1, Math.abs(b[i])));
            }
        }
    }

    /**
     * Full Jacobians for tiny shapes: row i from a backward pass seeded with the i-th unit vector, column j from
     * central differences in the j-th input element; every entry must agree.
     */
    @Property(tries = 30)
    void fullJacobiansOfTinyShapes(@ForAll("seeds") long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] dims = {1 + rnd.nextInt(2), 1 + rnd.nextInt(3)};
        Tensor x = values(rnd, dims, 0.05);
        Tensor w = values(rnd, new int[] {dims[1], 2}, 0.0);
        List<UnaryOperator<Tensor>> ops = List.of(Tensor::tanh, Tensor::relu, t -> t.softmax(1), t -> t.logSoftmax(0),
                t -> t.matmul(w), t -> t.transpose(), t -> t.sum(0, true), t -> t.max(1, false),
                t -> t.mul(t.sum(1, true)), t -> t.expand(2, dims[0], dims[1]), t -> t.indexSelect(1, 0, 0),
                t -> t.logSumExp(new int[] {1}, false), t -> t.div(t.abs().add(1.0).sum()));
        for (UnaryOperator<Tensor> f : ops) {
            Tensor at = f == ops.get(7) ? distinct(rnd, dims) : x;
            double[] x0 = at.toArray();
            Tensor leaf = Tensor.of(x0, Shape.of(dims)).requiresGrad();
            Tensor y = f.apply(leaf);
            int m = y.size();
            int n = x0.length;
            double[][] analytic = new double[m][];
            for (int i = 0; i < m; i++) {
                double[] seedVector = new double[m];
                seedVector[i] = 1.0;
                leaf.zeroGrad();
                y.backward(Tensor.of(seedVector, y.shape()), true);
                analytic[i] = leaf.grad() == null ? new double[n] : leaf.grad().toArray();
            }
            for (int j = 0; j < n; j++) {
                double h = 1e-6 * Math.max(1, Math.abs(x0[j]));
                double[] up = x0.clone();
                double[] down = x0.clone();
                up[j] += h;
                down[j] -= h;
                double[] fu;
                double[] fd;
                try (var off = Grad.disabled()) {
                    fu = f.apply(Tensor.of(up, Shape.of(dims))).toArray();
                    fd = f.apply(Tensor.of(down, Shape.of(dims))).toArray();
                }
                for (int i = 0; i < m; i++) {
                    double numeric = (fu[i] - fd[i]) / (up[j] - down[j]);
                    org.junit.jupiter.api.Assertions.assertEquals(numeric, analytic[i][j],
                            1e-6 + 1e-4 * Math.abs(numeric), "J[" + i + "][" + j + "] of op " + ops.indexOf(f));
                }
            }
        }
    }
}
