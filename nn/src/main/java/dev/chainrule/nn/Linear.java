package dev.chainrule.nn;

import dev.chainrule.core.DType;
import dev.chainrule.core.Tensor;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A fully connected layer, z = x W + b, for a batch x of shape [N, in]: weight W of shape [in, out] (so that
 * dL/dW = x^T dL/dz, the batch-major convention of most hand derivations), bias b of shape [out].
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer with a bias, weights from {@link Init#pytorchDefault()}, bias 0.
     *
     * @param in the number of input features, the last dimension of x; positive
     * @param out the number of output units, the last dimension of z; positive
     * @param rnd the generator the weights are drawn from
     */
    public Linear(int in, int out, RandomGenerator rnd) {
        this(in, out, true, Init.pytorchDefault(), rnd);
    }

    /**
     * A layer with the given initialiser for the weights; the bias (if any) starts at 0.
     *
     * @param in the number of input features, the last dimension of x; positive
     * @param out the number of output units, the last dimension of z; positive
     * @param bias whether the layer has a bias b; without one, z = x W
     * @param init the initialiser of W, called with fans {@code in} and {@code out} and shape [in, out]
     * @param rnd the generator the weights are drawn from
     */
    public Linear(int in, int out, boolean bias, Init init, RandomGenerator rnd) {
        this(in, out, bias, init, DType.F64, rnd);
    }

    /**
     * A layer whose parameters have the given dtype; the weights are drawn as in float64 and rounded, so that a
     * float32 layer is the float64 layer of the same generator, rounded.
     *
     * @param in the number of input features, the last dimension of x; positive
     * @param out the number of output units, the last dimension of z; positive
     * @param bias whether the layer has a bias b; without one, z = x W
     * @param init the initialiser of W, called with fans {@code in} and {@code out} and shape [in, out]
     * @param dtype the parameters' dtype; feed the layer inputs of the same dtype (a float64 input would promote
     *              the product to float64)
     * @param rnd the generator the weights are drawn from
     */
    public Linear(int in, int out, boolean bias, Init init, DType dtype, RandomGenerator rnd) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in " + in + ", out " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = parameter("weight", init.create(rnd, in, out, in, out).detach().to(dtype));
        this.bias = bias ? parameter("bias", Tensor.zeros(dtype, out)) : null;
    }

    /** {@return the weight W, [in, out]} */
    public Tensor weight() {
        return weight;
    }

    /** {@return the bias b, [out], or null for a layer without one} */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): input of shape " + x.shape()
                    + " must end in a dimension of size " + in);
        }
        Tensor z = x.matmul(weight);
        return bias == null ? z : z.add(bias);
    }

    @Override
    protected String describe() {
        return String.format(Locale.ROOT, "Linear(%d -> %d%s)", in, out, bias == null ? ", no bias" : "");
    }
}
