package dev.chainrule.nn.optim;

import dev.chainrule.core.Tensor;

import java.util.List;

/** Gradient descent with momentum (PyTorch's form): v &lt;- beta v + g, w &lt;- w - lr v. */
public final class Momentum extends Optimizer {
    private final double beta;
    private final Tensor[] velocity;

    /**
     * Momentum descent; the velocity v starts at the first gradient.
     *
     * @param parameters the tensors to update, leaves that require grad
     * @param learningRate lr, the size of every step until a schedule is set; finite and positive
     * @param beta the share of the previous velocity kept at each step, in [0, 1); 0 is plain gradient descent
     */
    public Momentum(List<Tensor> parameters, double learningRate, double beta) {
        super(parameters, learningRate);
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("Momentum: beta " + beta + " must be in [0, 1)");
        }
        this.beta = beta;
        this.velocity = new Tensor[parameters.size()];
    }

    @Override
    protected void update(int index, Tensor p, Tensor g, double lr) {
        Tensor v = velocity[index] == null ? g : velocity[index].mul(beta).add(g);
        velocity[index] = v;
        p.addInPlace(-lr, v);
    }
}
