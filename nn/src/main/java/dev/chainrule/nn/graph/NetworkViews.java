package dev.chainrule.nn.graph;

import dev.chainrule.core.Differentiable;
import dev.chainrule.nn.Activation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Two other views of a {@link NeuronNetwork}: as layers of matrices ({@link NeuronNetwork#asLayers}) and on any
 * number type ({@link NeuronNetwork#evaluate}), kept apart from the network's own Scalar evaluation.
 */
final class NetworkViews {
    private NetworkViews() {
    }

    /** {@link NeuronNetwork#asLayers} of {@code n}. */
    static NeuronNetwork.Layered asLayers(NeuronNetwork n) {
        Map<String, Integer> depth = new LinkedHashMap<>();
        for (String i : n.inputs) {
            depth.put(i, 0);
        }
        List<List<String>> layers = new ArrayList<>();
        layers.add(new ArrayList<>(n.inputs));
        for (String j : n.neurons) {
            int d = -1;
            for (NeuronNetwork.Edge e : n.incoming.get(j)) {
                int de = depth.get(e.from()) + 1;
                if (d >= 0 && de != d) {
                    throw new IllegalArgumentException("NeuronNetwork.asLayers: neuron " + j + " takes input from "
                            + "layers " + (d - 1) + " and " + (de - 1) + "; the network is not layered");
                }
                d = de;
            }
            if (d < 0) {
                throw new IllegalArgumentException("NeuronNetwork.asLayers: neuron " + j + " has no input");
            }
            depth.put(j, d);
            while (layers.size() <= d) {
                layers.add(new ArrayList<>());
            }
            layers.get(d).add(j);
        }
        List<dev.chainrule.nn.Module> modules = new ArrayList<>();
        Map<String, int[]> where = new LinkedHashMap<>();
        for (int l = 1; l < layers.size(); l++) {
            List<String> prev = layers.get(l - 1);
            List<String> cur = layers.get(l);
            Activation act = n.activation.get(cur.get(0));
            boolean hasBias = n.bias.containsKey(cur.get(0));
            double[] w = new double[prev.size() * cur.size()];
            double[] b = new double[cur.size()];
            for (int c = 0; c < cur.size(); c++) {
                String j = cur.get(c);
                if (n.activation.get(j) != act || n.bias.containsKey(j) != hasBias) {
                    throw new IllegalArgumentException("NeuronNetwork.asLayers: neuron " + j + " differs from "
                            + cur.get(0) + " in its n.activation or bias; a layer needs one of each");
                }
                if (n.incoming.get(j).size() != prev.size()) {
                    throw new IllegalArgumentException("NeuronNetwork.asLayers: neuron " + j + " takes "
                            + n.incoming.get(j).size() + " of the " + prev.size() + " n.neurons of the layer before;"
                            + " a layer must be fully connected");
                }
                for (NeuronNetwork.Edge e : n.incoming.get(j)) {
                    int r = prev.indexOf(e.from());
                    w[r * cur.size() + c] = n.values.get(e.name());
                    where.put(e.name(), new int[] {2 * (l - 1), 0, r * cur.size() + c});
                }
                if (hasBias) {
                    b[c] = n.values.get(n.bias.get(j));
                    where.put(n.bias.get(j), new int[] {2 * (l - 1), 1, c});
                }
            }
            dev.chainrule.nn.Linear linear = new dev.chainrule.nn.Linear(prev.size(), cur.size(), hasBias,
                    dev.chainrule.nn.Init.constant(0), new SplittableRandom(0));
            linear.weight().assign(dev.chainrule.core.Tensor.of(w, prev.size(), cur.size()));
            if (hasBias) {
                linear.bias().assign(dev.chainrule.core.Tensor.of(b, cur.size()));
            }
            modules.add(linear);
            modules.add(act);
        }
        return new NeuronNetwork.Layered(new dev.chainrule.nn.Sequential(modules.toArray(new dev.chainrule.nn.Module[0])),
                layers, where);
    }

    /** {@link NeuronNetwork#evaluate} of {@code n}. */
    static <T extends Differentiable<T>> NeuronNetwork.Evaluation<T> evaluate(NeuronNetwork n,
            Function<String, T> parameter, Function<String, T> input, BiFunction<String, T, T> atCurrent) {
        Map<String, T> activity = new LinkedHashMap<>();
        for (String i : n.inputs) {
            T v = input.apply(i);
            if (v == null) {
                throw new IllegalArgumentException("NeuronNetwork.evaluate: no value for input '" + i + "'; the inputs"
                        + " are " + n.inputs);
            }
            activity.put(i, v);
        }
        Map<String, T> current = new LinkedHashMap<>();
        for (String j : n.neurons) {
            T z = null;
            for (NeuronNetwork.Edge e : n.incoming.get(j)) {
                T term = parameterOf(parameter, e.name()).mul(activity.get(e.from()));
                z = z == null ? term : z.add(term);
            }
            if (n.bias.containsKey(j)) {
                T b = parameterOf(parameter, n.bias.get(j));
                z = z == null ? b : z.add(b);
            }
            if (z == null) {
                throw new IllegalStateException("NeuronNetwork.evaluate: neuron " + j + " has no input and no bias");
            }
            z = atCurrent.apply(j, z);
            current.put(j, z);
            activity.put(j, n.activation.get(j).apply(z));
        }
        return new NeuronNetwork.Evaluation<>(current, activity);
    }

    private static <T> T parameterOf(Function<String, T> parameter, String name) {
        T p = parameter.apply(name);
        if (p == null) {
            throw new IllegalArgumentException("NeuronNetwork.evaluate: no value for parameter '" + name + "'");
        }
        return p;
    }
}
