package dev.chainrule.nn.optim;

import dev.chainrule.core.Tensor;

import java.util.List;

/** Plain gradient descent, the documents' rule: w &lt;- w - alpha dE/dw. */
public final class Sgd extends Optimizer {
    public Sgd(List<Tensor> parameters, double learningRate) {
        super(parameters, learningRate);
    }

    @Override
    protected void update(int index, Tensor p, Tensor g, double lr) {
        p.addInPlace(-lr, g);
    }
}
