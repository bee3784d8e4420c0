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

    /**
     * An optimizer of these parameters at a constant learning rate, until {@link #schedule} sets another.
     *
     * @param parameters the tensors to update, leaves that require grad; the list is copied
     * @param learningRate the rate of every step, finite and positive
     */
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

    /**
     * Sets a learning-rate schedule: the rate of step k is {@code schedule.applyAsDouble(k)}; returns this.
     *
     * @param schedule the rate as a function of the step number k, counting every step taken, from 0
     * @return this optimizer, for chaining
     */
    public Optimizer schedule(IntToDoubleFunction schedule) {
        this.schedule = schedule;
        return this;
    }

    /** {@return the learning rate of the next step} */
    public double learningRate() {
        return schedule.applyAsDouble(steps);
    }

    /** {@return the number of steps taken} */
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

    /**
     * Updates parameter {@code index} in place from its gradient {@code g} at learning rate {@code lr}. Called
     * with grad disabled, only for parameters that have a gradient.
     *
     * @param index the parameter's position in the constructor's list, the key of any state kept for it
     * @param p the parameter, changed in place
     * @param g the gradient of {@code p}, of its shape
     * @param lr the learning rate of this step, from the schedule
     */
    protected abstract void update(int index, Tensor p, Tensor g, double lr);

    /** {@return the number of parameters} */
    protected int size() {
        return parameters.size();
    }
}
