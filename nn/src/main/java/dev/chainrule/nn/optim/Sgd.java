package dev.chainrule.nn.optim;

import dev.chainrule.core.Tensor;

import java.util.List;

/** Plain gradient descent, the documents' rule: w &lt;- w - alpha dE/dw. */
public final class Sgd extends Optimizer {
    /**
     * Plain gradient descent.
     *
     * @param parameters the tensors to update, leaves that require grad
     * @param learningRate alpha, the size of every step until a schedule is set; finite and positive
     */
    public Sgd(List<Tensor> parameters, double learningRate) {
        super(parameters, learningRate);
    }

    @Override
    protected void update(int index, Tensor p, Tensor g, double lr) {
        p.addInPlace(-lr, g);
    }
}
