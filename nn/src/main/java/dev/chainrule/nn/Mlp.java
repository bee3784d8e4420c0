package dev.chainrule.nn;

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

    private Mlp(int[] sizes) {
        if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("Mlp: need at least two positive sizes, got " + Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
    }

    /** Layer sizes, input first. */
    public static Mlp of(int... sizes) {
        return new Mlp(sizes);
    }

    /** The activation after every hidden layer. */
    public Mlp hidden(Supplier<Activation> activation) {
        this.hidden = activation;
        return this;
    }

    /** The activation applied to the output (identity, sigmoid, softmax, square, ...). */
    public Mlp head(Supplier<Activation> activation) {
        this.head = activation;
        return this;
    }

    /** The weight initialiser of every layer. */
    public Mlp init(Init init) {
        this.init = init;
        return this;
    }

    /** The network, weights drawn from a generator seeded with {@code seed}. */
    public Sequential build(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int layers = sizes.length - 1;
        Module[] m = new Module[2 * layers];
        for (int i = 0; i < layers; i++) {
            m[2 * i] = new Linear(sizes[i], sizes[i + 1], true, init, rnd);
            m[2 * i + 1] = i < layers - 1 ? hidden.get() : head.get();
        }
        return new Sequential(m);
    }
}
