package dev.chainrule.nn.graph;

import dev.chainrule.core.Autograd;
import dev.chainrule.core.Differentiable;

import java.util.List;

/**
 * A neuron's activation, written once over {@link Differentiable} so that it runs on Scalars (neuron-level
 * networks) and on Tensors (the same network as layers). Its derivative comes from autograd, never from a
 * hand-written formula.
 */
public abstract class NeuronActivation {
    private final String name;

    protected NeuronActivation(String name) {
        this.name = name;
    }

    /** The activation's value at {@code z}. */
    public abstract <T extends Differentiable<T>> T apply(T z);

    /** The derivative at {@code z}, by forward-mode autograd (a dual number through {@link #apply}). */
    public final double derivative(double z) {
        return Autograd.jvp(new dev.chainrule.core.ScalarFunction() {
            @Override
            public <T extends Differentiable<T>> T apply(List<T> x) {
                return NeuronActivation.this.apply(x.get(0));
            }
        }, new double[] {z}, new double[] {1.0});
    }

    /** The value at {@code z} as a double. */
    public final double value(double z) {
        return apply(dev.chainrule.core.Dual.of(z, 0.0)).value();
    }

    /** The display name. */
    public final String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /** 1 / (1 + e^-z). */
    public static final NeuronActivation SIGMOID = new NeuronActivation("sigmoid") {
        @Override
        public <T extends Differentiable<T>> T apply(T z) {
            return z.sigmoid();
        }
    };

    /** tanh z. */
    public static final NeuronActivation TANH = new NeuronActivation("tanh") {
        @Override
        public <T extends Differentiable<T>> T apply(T z) {
            return z.tanh();
        }
    };

    /** max(z, 0). NOTE: relu'(0) = 0. */
    public static final NeuronActivation RELU = new NeuronActivation("relu") {
        @Override
        public <T extends Differentiable<T>> T apply(T z) {
            return z.relu();
        }
    };

    /** z. */
    public static final NeuronActivation IDENTITY = new NeuronActivation("identity") {
        @Override
        public <T extends Differentiable<T>> T apply(T z) {
            return z;
        }
    };

    /** z^2. */
    public static final NeuronActivation SQUARE = new NeuronActivation("square") {
        @Override
        public <T extends Differentiable<T>> T apply(T z) {
            return z.square();
        }
    };

    /** ln(1 + e^z). */
    public static final NeuronActivation SOFTPLUS = new NeuronActivation("softplus") {
        @Override
        public <T extends Differentiable<T>> T apply(T z) {
            return z.softplus();
        }
    };
}
