package dev.chainrule.nn;

import dev.chainrule.core.Tensor;

import java.util.random.RandomGenerator;

/**
 * Weight initialisers, each drawing from a seeded generator, so that a network built twice with the same seed
 * is identical. {@code fanIn} and {@code fanOut} are a weight's input and output sizes.
 */
@FunctionalInterface
public interface Init {
    /** A tensor of the given shape for a weight with these fans. */
    Tensor create(RandomGenerator rnd, int fanIn, int fanOut, int... dims);

    /** Glorot/Xavier uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)); for tanh and sigmoid layers. */
    static Init xavier() {
        return (rnd, in, out, dims) -> uniformTensor(rnd, Math.sqrt(6.0 / (in + out)), dims);
    }

    /** He/Kaiming normal: N(0, 2 / fanIn); for ReLU layers. */
    static Init he() {
        return (rnd, in, out, dims) -> Tensor.randn(rnd, dims).mul(Math.sqrt(2.0 / in)).detach();
    }

    /** U(-a, a). */
    static Init uniform(double a) {
        return (rnd, in, out, dims) -> uniformTensor(rnd, a, dims);
    }

    /** N(0, std^2). */
    static Init normal(double std) {
        return (rnd, in, out, dims) -> Tensor.randn(rnd, dims).mul(std).detach();
    }

    /** Every element {@code value}. */
    static Init constant(double value) {
        return (rnd, in, out, dims) -> Tensor.full(value, dims);
    }

    /** PyTorch's nn.Linear default: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    static Init pytorchDefault() {
        return (rnd, in, out, dims) -> uniformTensor(rnd, 1 / Math.sqrt(Math.max(1, in)), dims);
    }

    private static Tensor uniformTensor(RandomGenerator rnd, double a, int... dims) {
        return Tensor.rand(rnd, dims).mul(2 * a).sub(a).detach();
    }
}
