package dev.chainrule.nn.optim;

import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Updates parameters from their gradients, one {@link #step()} at a time, with a learning rate that may follow
 * a schedule (a function of the step number, starting at 0). Parameters without a gradient are skipped.
 */
public abstract class Optimizer {
    private final List<Tensor> parameters;
    private IntToDoubleFunction schedule;
    private int steps;

    protected Optimizer(List<Tensor> parameters, double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate " + learningRate
                    + " must be finite and > 0");
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (!parameters.get(i).isLeaf() || !parameters.get(i).isGradRequired()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i
                        + " must be a leaf that requires grad");
            }
        }
        this.parameters = List.copyOf(parameters);
        this.schedule = step -> learningRate;
    }

    /** Sets a learning-rate schedule: the rate of step k is {@code schedule.applyAsDouble(k)}; returns this. */
    public Optimizer schedule(IntToDoubleFunction schedule) {
        this.schedule = schedule;
        return this;
    }

    /** The learning rate of the next step. */
    public double learningRate() {
        return schedule.applyAsDouble(steps);
    }

    /** The number of steps taken. */
    public int steps() {
        return steps;
    }

    /** Updates every parameter that has a gradient, outside the graph. */
    public void step() {
        double lr = learningRate();
        try (var off = Grad.disabled()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i);
                if (p.grad() != null) {
                    update(i, p, p.grad(), lr);
                }
            }
        }
        steps++;
    }

    /** Forgets every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : parameters) {
            p.zeroGrad();
        }
    }

    /** Updates parameter {@code index} in place from its gradient {@code g} at learning rate {@code lr}. */
    protected abstract void update(int index, Tensor p, Tensor g, double lr);

    /** The number of parameters. */
    protected int size() {
        return parameters.size();
    }
}
