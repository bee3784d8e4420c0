package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.graph.NeuronActivation;
import dev.chainrule.nn.graph.NeuronNetwork;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glue between a neuron-level {@link NeuronNetwork} and the derivation checker, and the activation derivatives
 * as a student writes them by hand (sigma' = sigma (1 - sigma), tanh' = 1 - tanh^2, ...).
 */
final class Neurons {
    private Neurons() {
    }

    /**
     * One forward pass of {@code net} at the checker's instance: every parameter (w_.., b_..) is set from the
     * quantity of the same name and bound as the checker's leaf, input i takes the quantity {@code "x_" + i},
     * every input current is probed as {@code current + j} and every activity recorded as {@code activity + j}.
     */
    static NeuronNetwork.Pass forward(Derivation.Context c, NeuronNetwork net, String current, String activity) {
        for (String p : net.parameters().keySet()) {
            net.set(p, c.value(p));
        }
        Map<String, Double> x = new LinkedHashMap<>();
        for (String i : net.inputs()) {
            x.put(i, c.value("x_" + i));
        }
        NeuronNetwork.Pass pass = net.forward(x, false, (j, z) -> c.probe(current + j, z));
        for (String p : net.parameters().keySet()) {
            c.bind(p, pass.param(p));
        }
        for (String j : net.neurons()) {
            c.record(activity + j, pass.x(j));
        }
        return pass;
    }

    /** The derivative of an activation, written by hand in terms of z, as the documents do. */
    static double derivative(NeuronActivation act, double z) {
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
