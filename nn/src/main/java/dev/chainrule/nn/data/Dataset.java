package dev.chainrule.nn.data;

import dev.chainrule.core.DType;
import dev.chainrule.core.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Examples and their targets: inputs {@code x} of shape [N, ...] and targets {@code y} of shape [N, ...] (class
 * indices [N] for classification), row n of one belonging to row n of the other.
 *
 * @param x the inputs
 * @param y the targets
 */
public record Dataset(Tensor x, Tensor y) {
    /**
     * Checks that the inputs and the targets have the same number of rows.
     *
     * @param x the inputs, [N, ...]
     * @param y the targets, [N, ...]
     */
    public Dataset {
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("Dataset: inputs of shape " + x.shape() + " and targets of shape "
                    + y.shape() + " must have the same number of rows");
        }
    }

    /**
     * {@return the examples and targets in {@code dtype}} (class indices are exact in float32 up to 2^24) For a
     * float32 network: a float64 batch would promote its products to float64.
     *
     * @param dtype the element type wanted
     */
    public Dataset to(DType dtype) {
        return new Dataset(x.to(dtype), y.to(dtype));
    }

    /** {@return the number of examples, N} */
    public int size() {
        return x.dim(0);
    }

    /**
     * {@return the examples at the given row indices, in that order}
     *
     * @param indices the rows to take, each in [0, N)
     */
    public Dataset rows(int... indices) {
        return new Dataset(x.indexSelect(0, indices), y.indexSelect(0, indices));
    }

    /**
     * {@return the examples in a random order drawn from {@code seed}}
     *
     * @param seed the seed of the permutation; the same seed gives the same order
     */
    public Dataset shuffle(long seed) {
        return rows(permutation(size(), new SplittableRandom(seed)));
    }

    /**
     * A random split: the first part holds round(fraction N) examples (the training set), the second the rest
     * (the test set).
     *
     * @param fraction the share of the examples in the first part, in (0, 1)
     * @param seed the seed of the permutation that deals the examples; the same seed gives the same split
     * @return the two parts, the first (training) part first
     */
    public List<Dataset> split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("Dataset.split: fraction " + fraction + " must be in (0, 1)");
        }
        int[] p = permutation(size(), new SplittableRandom(seed));
        int k = (int) Math.round(fraction * size());
        return List.of(rows(java.util.Arrays.copyOfRange(p, 0, k)), rows(java.util.Arrays.copyOfRange(p, k, p.length)));
    }

    /**
     * {@return mini-batches of {@code batchSize} examples (the last may be smaller), in a random order from
     * {@code rnd}} Together the batches hold every example once.
     *
     * @param batchSize the number of examples a batch, positive
     * @param rnd the generator of the order, advanced by each call so that successive epochs differ
     */
    public List<Dataset> batches(int batchSize, SplittableRandom rnd) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("Dataset.batches: batch size " + batchSize + " must be > 0");
        }
        int[] p = permutation(size(), rnd);
        List<Dataset> out = new ArrayList<>();
        for (int start = 0; start < p.length; start += batchSize) {
            out.add(rows(java.util.Arrays.copyOfRange(p, start, Math.min(p.length, start + batchSize))));
        }
        return out;
    }

    static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
