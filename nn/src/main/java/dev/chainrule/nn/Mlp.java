package dev.chainrule.nn;

import dev.chainrule.core.DType;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A builder of multi-layer perceptrons: {@code Mlp.of(784, 256, 128, 10).hidden(Activation::relu).build(seed)}
 * gives Linear, ReLU, Linear, ReLU, Linear, with the output head of your choice (identity by default).
 */
public final class Mlp {
    private final int[] sizes;
    private Supplier<Activation> hidden = Activation::relu;
    private Supplier<Activation> head = Activation::identity;
    private Init init = Init.pytorchDefault();
    private DType dtype = DType.F64;

    private Mlp(int[] sizes) {
        if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("Mlp: need at least two positive sizes, got " + Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
    }

    /**
     * {@return a builder of a network with these layer sizes}
     *
     * @param sizes the number of units of each layer, input first and output last: at least two, all positive
     */
    public static Mlp of(int... sizes) {
        return new Mlp(sizes);
    }

    /**
     * {@return this builder, with {@code activation} after every hidden layer}
     *
     * @param activation the maker of the activation after every hidden layer, called once a layer
     *                   ({@code Activation::relu} by default)
     */
    public Mlp hidden(Supplier<Activation> activation) {
        this.hidden = activation;
        return this;
    }

    /**
     * {@return this builder, with {@code activation} applied to the output}
     *
     * @param activation the maker of the output's activation (identity, the default, sigmoid, softmax, square, ...)
     */
    public Mlp head(Supplier<Activation> activation) {
        this.head = activation;
        return this;
    }

    /**
     * {@return this builder, with {@code init} for the weights of every layer}
     *
     * @param init the weight initialiser of every layer ({@link Init#pytorchDefault()} by default); biases start at 0
     */
    public Mlp init(Init init) {
        this.init = init;
        return this;
    }

    /**
     * {@return this builder, with parameters of {@code dtype}}
     *
     * @param dtype the parameters' dtype ({@link DType#F64} by default); {@link DType#F32} trains in float32 when
     *              the inputs are float32 too ({@code x.to(DType.F32)})
     */
    public Mlp dtype(DType dtype) {
        this.dtype = java.util.Objects.requireNonNull(dtype, "Mlp.dtype: null");
        return this;
    }

    /**
     * {@return the network, weights drawn from a generator seeded with {@code seed}}
     *
     * @param seed the seed of the weights' generator; the same seed builds the same network
     */
    public Sequential build(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int layers = sizes.length - 1;
        Module[] m = new Module[2 * layers];
        for (int i = 0; i < layers; i++) {
            m[2 * i] = new Linear(sizes[i], sizes[i + 1], true, init, dtype, rnd);
            m[2 * i + 1] = i < layers - 1 ? hidden.get() : head.get();
        }
        return new Sequential(m);
    }
}
