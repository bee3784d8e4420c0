package dev.chainrule.nn;

import dev.chainrule.core.Tensor;

import java.util.random.RandomGenerator;

/**
 * Weight initialisers, each drawing from a seeded generator, so that a network built twice with the same seed
 * is identical. {@code fanIn} and {@code fanOut} are a weight's input and output sizes.
 */
@FunctionalInterface
public interface Init {
    /**
     * {@return a new tensor of shape {@code dims} for a weight with these fans}
     *
     * @param rnd the generator the elements are drawn from
     * @param fanIn the weight's input size, the number of inputs each unit reads
     * @param fanOut the weight's output size, the number of units
     * @param dims the tensor's shape; {@link Linear} asks for {@code [fanIn, fanOut]}
     */
    Tensor create(RandomGenerator rnd, int fanIn, int fanOut, int... dims);

    /** {@return Glorot/Xavier uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)); for tanh and sigmoid layers} */
    static Init xavier() {
        return (rnd, in, out, dims) -> uniformTensor(rnd, Math.sqrt(6.0 / (in + out)), dims);
    }

    /** {@return He/Kaiming normal: N(0, 2 / fanIn); for ReLU layers} */
    static Init he() {
        return (rnd, in, out, dims) -> Tensor.randn(rnd, dims).mul(Math.sqrt(2.0 / in)).detach();
    }

    /**
     * {@return U(-a, a), whatever the fans}
     *
     * @param a the half-width of the interval, positive
     */
    static Init uniform(double a) {
        return (rnd, in, out, dims) -> uniformTensor(rnd, a, dims);
    }

    /**
     * {@return N(0, std^2), whatever the fans}
     *
     * @param std the standard deviation, not negative
     */
    static Init normal(double std) {
        return (rnd, in, out, dims) -> Tensor.randn(rnd, dims).mul(std).detach();
    }

    /**
     * {@return every element {@code value}; nothing is drawn from the generator}
     *
     * @param value the value of every element, such as 0 for a bias or 1 for a scale
     */
    static Init constant(double value) {
        return (rnd, in, out, dims) -> Tensor.full(value, dims);
    }

    /** {@return PyTorch's nn.Linear default: U(-1/sqrt(fanIn), 1/sqrt(fanIn))} */
    static Init pytorchDefault() {
        return (rnd, in, out, dims) -> uniformTensor(rnd, 1 / Math.sqrt(Math.max(1, in)), dims);
    }

    private static Tensor uniformTensor(RandomGenerator rnd, double a, int... dims) {
        return Tensor.rand(rnd, dims).mul(2 * a).sub(a).detach();
    }
}
