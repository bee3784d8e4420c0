package dev.chainrule.nn.optim;

import dev.chainrule.core.Tensor;

import java.util.List;

/**
 * Adam (Kingma and Ba): m &lt;- b1 m + (1 - b1) g, v &lt;- b2 v + (1 - b2) g^2, w &lt;- w - lr m^ / (sqrt(v^) + eps) with
 * the bias corrections m^ = m / (1 - b1^t), v^ = v / (1 - b2^t).
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Tensor[] m;
    private final Tensor[] v;
    private final int[] t;

    /**
     * Adam with the usual constants b1 = 0.9, b2 = 0.999, eps = 1e-8.
     *
     * @param parameters the tensors to update, leaves that require grad
     * @param learningRate lr, the size of every step until a schedule is set; finite and positive
     */
    public Adam(List<Tensor> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8);
    }

    /**
     * Adam with the given constants.
     *
     * @param parameters the tensors to update, leaves that require grad
     * @param learningRate lr, the size of every step until a schedule is set; finite and positive
     * @param beta1 b1, the decay of the running mean of the gradients m, in [0, 1)
     * @param beta2 b2, the decay of the running mean of the squared gradients v, in [0, 1)
     * @param eps the term added to sqrt(v^) to keep the step finite when v^ is near 0; positive
     */
    public Adam(List<Tensor> parameters, double learningRate, double beta1, double beta2, double eps) {
        super(parameters, learningRate);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0)) {
            throw new IllegalArgumentException("Adam: need 0 <= beta1, beta2 < 1 and eps > 0, got " + beta1 + ", "
                    + beta2 + ", " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = new Tensor[parameters.size()];
        this.v = new Tensor[parameters.size()];
        this.t = new int[parameters.size()];
    }

    @Override
    protected void update(int i, Tensor p, Tensor g, double lr) {
        t[i]++;
        m[i] = m[i] == null ? g.mul(1 - beta1) : m[i].mul(beta1).add(g.mul(1 - beta1));
        v[i] = v[i] == null ? g.square().mul(1 - beta2) : v[i].mul(beta2).add(g.square().mul(1 - beta2));
        Tensor mHat = m[i].div(1 - Math.pow(beta1, t[i]));
        Tensor vHat = v[i].div(1 - Math.pow(beta2, t[i]));
        p.addInPlace(-lr, mHat.div(vHat.sqrt().add(eps)));
    }
}
