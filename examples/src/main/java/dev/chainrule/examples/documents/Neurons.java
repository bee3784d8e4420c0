package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.graph.NeuronNetwork;


/**
 * Glue between a neuron-level {@link NeuronNetwork} and the derivation checker, and the activation derivatives
 * as a student writes them by hand (sigma' = sigma (1 - sigma), tanh' = 1 - tanh^2, ...).
 */
final class Neurons {
    private Neurons() {
    }

    /**
     * The network at the checker's instance, on Scalars (reverse mode) or dual numbers (forward mode): every
     * parameter (w_.., b_..) and input i (quantity {@code "x_" + i}) comes from the quantity of that name, every
     * input current is probed as {@code current + j} and every activity recorded as {@code activity + j}.
     */
    static <T extends Differentiable<T>> NeuronNetwork.Evaluation<T> forward(Derivation.Generic<T> c,
                                                                             NeuronNetwork net, String current,
                                                                             String activity) {
        NeuronNetwork.Evaluation<T> e = net.evaluate(c::scalar, i -> c.scalar("x_" + i),
                (j, z) -> c.probe(current + j, z));
        for (String j : net.neurons()) {
            c.record(activity + j, e.x().get(j));
        }
        return e;
    }

    /** Autograd's slope of nn's relu at exactly 0: chainrule's convention at the kink. */
    static double reluSlopeAtZero() {
        try (var on = Grad.enabled()) {
            Tensor x = Tensor.zeros(1).requiresGrad();
            Activation.relu().forward(x).sum().backward();
            return x.grad().item();
        }
    }

    /** The derivative of an activation, written by hand in terms of z, as the documents do. */
    static double derivative(Activation act, double z) {
        switch (act.name()) {
            case "sigmoid": {
                double s = 1 / (1 + Math.exp(-z));
                return s * (1 - s);
            }
            case "tanh": {
                double t = Math.tanh(z);
                return 1 - t * t;
            }
            case "relu":
                return z > 0 ? 1 : 0;        // NOTE: 0 at z = 0, as chainrule's relu; instances avoid the kink
            case "softplus":
                return 1 / (1 + Math.exp(-z));
            case "identity":
                return 1;
            case "square":
                return 2 * z;
            default:
                throw new IllegalArgumentException("Neurons.derivative: no hand derivative for " + act.name());
        }
    }
}
