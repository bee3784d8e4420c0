package dev.chainrule.nn.graph;

import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Scalar;
import dev.chainrule.nn.Activation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A network of individual named neurons, as hand derivations draw them: inputs, neurons j with input current
 * z_j = sum_i w_ij x_i + b_j and activity x_j = act_j(z_j), weighted edges i -&gt; j named like {@code w_46},
 * biases named like {@code b_6}, any DAG (a hidden neuron may feed the output and other hidden neurons). Each
 * neuron's activation comes from nn's one vocabulary, {@link Activation}, the same values a layer network uses;
 * it must be pointwise.
 *
 * <pre>{@code
 * NeuronNetwork net = NeuronNetwork.builder()
 *         .input("1").input("2")
 *         .neuron("3", Activation.sigmoid()).neuron("4", Activation.sigmoid())
 *         .neuron("5", Activation.identity())
 *         .edge("1", "3").edge("2", "3").edge("1", "4").edge("3", "4").edge("3", "5").edge("4", "5")
 *         .bias("3").bias("4").bias("5")
 *         .build(7);
 * NeuronNetwork.Pass p = net.forward(Map.of("1", 0.5, "2", -1.0));
 * Scalar loss = p.x("5").sub(1.0).square().mul(0.5);
 * loss.backward();
 * double dw35 = p.param("w_35").grad();
 * }</pre>
 */
public final class NeuronNetwork {
    final List<String> inputs;
    final List<String> neurons;               // in topological order
    final Map<String, Activation> activation;
    final Map<String, List<Edge>> incoming;   // by target neuron, in declaration order
    final Map<String, String> bias;           // neuron -> bias name
    final Map<String, Double> values;         // parameter name -> value

    /**
     * A weighted edge from -&gt; to with its parameter name.
     *
     * @param from the input or neuron the edge leaves
     * @param to the neuron the edge enters
     * @param name the name of the edge's weight, such as {@code w_46}
     */
    public record Edge(String from, String to, String name) {
    }

    private NeuronNetwork(Builder b, List<String> order, Map<String, Double> values) {
        this.inputs = List.copyOf(b.inputs);
        this.neurons = List.copyOf(order);
        this.activation = Map.copyOf(b.activation);
        Map<String, List<Edge>> in = new LinkedHashMap<>();
        for (String n : order) {
            in.put(n, new ArrayList<>());
        }
        for (Edge e : b.edges) {
            in.get(e.to()).add(e);
        }
        this.incoming = in;
        this.bias = Map.copyOf(b.bias);
        this.values = values;
    }

    /** {@return a new, empty builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the input names, in declaration order} */
    public List<String> inputs() {
        return inputs;
    }

    /** {@return the neuron names, in a topological order (every neuron after the ones that feed it)} */
    public List<String> neurons() {
        return neurons;
    }

    /**
     * {@return the activation of neuron j}
     *
     * @param j a neuron's name
     */
    public Activation activation(String j) {
        return require(activation.get(j), "activation", j);
    }

    /**
     * {@return the edges into neuron j, in declaration order}
     *
     * @param j a neuron's name
     */
    public List<Edge> incoming(String j) {
        return Collections.unmodifiableList(require(incoming.get(j), "incoming", j));
    }

    /**
     * {@return Downstream(j): the neurons that neuron (or input) j feeds directly}
     *
     * @param j the name of a neuron or an input
     */
    public List<String> downstream(String j) {
        if (!inputs.contains(j) && !neurons.contains(j)) {
            throw new IllegalArgumentException("NeuronNetwork.downstream: no input or neuron '" + j + "'");
        }
        List<String> out = new ArrayList<>();
        for (String k : neurons) {
            for (Edge e : incoming.get(k)) {
                if (e.from().equals(j)) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    /**
     * {@return the name of the weight on edge i -&gt; j}
     *
     * @param i the input or neuron the edge leaves
     * @param j the neuron the edge enters
     */
    public String weight(String i, String j) {
        for (Edge e : require(incoming.get(j), "weight", j)) {
            if (e.from().equals(i)) {
                return e.name();
            }
        }
        throw new IllegalArgumentException("NeuronNetwork.weight: there is no edge " + i + " -> " + j);
    }

    /**
     * {@return the name of neuron j's bias, or null when it has none}
     *
     * @param j a neuron's name
     */
    public String bias(String j) {
        require(incoming.get(j), "bias", j);
        return bias.get(j);
    }

    /** {@return every parameter (weights, then biases) with its current value} */
    public Map<String, Double> parameters() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Sets a parameter's value.
     *
     * @param parameter the parameter's name, such as {@code w_35} or {@code b_5}
     * @param value the value every later pass uses
     */
    public void set(String parameter, double value) {
        if (!values.containsKey(parameter)) {
            throw new IllegalArgumentException("NeuronNetwork.set: no parameter '" + parameter + "'; the parameters"
                    + " are " + values.keySet());
        }
        values.put(parameter, value);
    }

    /**
     * {@return the value of a parameter}
     *
     * @param parameter the parameter's name, such as {@code w_35} or {@code b_5}
     */
    public double get(String parameter) {
        return require(values.get(parameter), "get", parameter);
    }

    /**
     * Applies gradient descent, p &lt;- p - rate dE/dp, with the gradients of a pass.
     *
     * @param pass a pass of this network after {@code backward()}, whose parameter leaves hold dE/dp
     * @param rate the learning rate, the factor of each gradient
     */
    public void step(Pass pass, double rate) {
        for (Map.Entry<String, Scalar> e : pass.params.entrySet()) {
            values.put(e.getKey(), values.get(e.getKey()) - rate * e.getValue().grad());
        }
    }

    private static <T> T require(T v, String op, String name) {
        if (v == null) {
            throw new IllegalArgumentException("NeuronNetwork." + op + ": unknown name '" + name + "'");
        }
        return v;
    }

    /**
     * The same network as layers of matrices, when it is layered: the neurons fall into layers that each take
     * input only from the whole layer before (the inputs are layer 0), with one activation per layer (the same
     * {@link Activation} value) and biases on all or none of a layer's neurons. Layer L becomes {@code Linear} with
     * W[i][j] = w_ij (rows in the order of layer L-1, columns in the order of layer L) followed by that activation
     * itself, a module that prints its layer caption ("Tanh").
     *
     * @return the layered network, and where each named parameter sits in it
     * @throws IllegalArgumentException saying which neuron breaks the layering
     */
    public Layered asLayers() {
        return NetworkViews.asLayers(this);
    }

    /**
     * A layered network and where each named parameter of the neuron network sits in it.
     *
     * @param network the layers
     * @param layers  the neuron names of each layer, inputs first (the column order of each layer)
     * @param where   per parameter name: {module index, 0 for the weight or 1 for the bias, flat index}
     */
    public record Layered(dev.chainrule.nn.Sequential network, List<List<String>> layers, Map<String, int[]> where) {
        /**
         * {@return the gradient of a named parameter after a backward pass through {@link #network()}}
         *
         * @param parameter a parameter's name in the neuron network, such as {@code w_35}
         */
        public double grad(String parameter) {
            int[] w = where.get(parameter);
            if (w == null) {
                throw new IllegalArgumentException("Layered.grad: no parameter '" + parameter + "'");
            }
            dev.chainrule.nn.Linear l = (dev.chainrule.nn.Linear) network.layers().get(w[0]);
            dev.chainrule.core.Tensor g = (w[1] == 0 ? l.weight() : l.bias()).grad();
            return g == null ? 0.0 : g.toArray()[w[2]];
        }
    }

    /**
     * Evaluates the network on Scalars: each parameter becomes a leaf that requires grad, each input a
     * constant (or a leaf, with {@link #forward(Map, boolean)}).
     *
     * @param x the value of every input, by name, and of nothing else
     * @return the pass: every current, activity and parameter leaf, ready for {@code backward()}
     */
    public Pass forward(Map<String, Double> x) {
        return forward(x, false);
    }

    /**
     * Evaluates the network; with {@code inputGradients} the inputs are leaves too, so dL/dx is available.
     *
     * @param x the value of every input, by name, and of nothing else
     * @param inputGradients whether the inputs are leaves that require grad, rather than constants
     * @return the pass, ready for {@code backward()}
     */
    public Pass forward(Map<String, Double> x, boolean inputGradients) {
        return forward(x, inputGradients, (j, z) -> z);
    }

    /**
     * Evaluates the network with a hook on every input current: neuron j uses {@code atCurrent.apply(j, z_j)} in
     * place of z_j. The derivation checker uses it to probe dL/dz_j (it adds a zero-valued leaf) and to move z_j
     * for central differences; the hook must return z_j itself, or z_j plus something.
     *
     * @param x the value of every input, by name, and of nothing else
     * @param inputGradients whether the inputs are leaves that require grad, rather than constants
     * @param atCurrent the hook, given a neuron's name and z_j; what it returns (never null) the neuron uses
     * @return the pass, ready for {@code backward()}
     */
    public Pass forward(Map<String, Double> x, boolean inputGradients, BiFunction<String, Scalar, Scalar> atCurrent) {
        Map<String, Scalar> params = new LinkedHashMap<>();
        values.forEach((k, v) -> params.put(k, Scalar.of(v, k)));
        Map<String, Scalar> activity = new LinkedHashMap<>();
        for (String i : inputs) {
            Double v = x.get(i);
            if (v == null) {
                throw new IllegalArgumentException("NeuronNetwork.forward: no value for input '" + i + "'; the inputs"
                        + " are " + inputs);
            }
            activity.put(i, (inputGradients ? Scalar.of(v) : Scalar.constant(v)).label(i));
        }
        for (String k : x.keySet()) {
            if (!inputs.contains(k)) {
                throw new IllegalArgumentException("NeuronNetwork.forward: '" + k + "' is not an input; the inputs"
                        + " are " + inputs);
            }
        }
        Map<String, Scalar> current = new LinkedHashMap<>();
        for (String j : neurons) {
            List<Edge> in = incoming.get(j);
            List<Scalar> w = new ArrayList<>(in.size());
            List<Scalar> a = new ArrayList<>(in.size());
            for (Edge e : in) {
                w.add(params.get(e.name()));
                a.add(activity.get(e.from()));
            }
            Scalar z = Scalar.dot(w, a);
            if (bias.containsKey(j)) {
                z = z.add(params.get(bias.get(j)));
            }
            z = atCurrent.apply(j, z.label("z_" + j));
            if (z == null) {
                throw new IllegalArgumentException("NeuronNetwork.forward: the hook on z_" + j + " returned null");
            }
            current.put(j, z);
            activity.put(j, activation.get(j).apply(z).label("x_" + j));
        }
        return new Pass(params, current, activity);
    }

    /**
     * The network on any number type that implements {@link Differentiable} (Scalars for reverse mode, dual
     * numbers for forward mode): each parameter and input comes from the functions given, and neuron j uses
     * {@code atCurrent.apply(j, z_j)} in place of z_j.
     *
     * @param <T> the number type: Scalar for reverse mode, a dual number for forward mode
     * @param parameter the value of each parameter, from its name; never null
     * @param input the value of each input, from its name; never null
     * @param atCurrent the hook, given a neuron's name and z_j; what it returns the neuron uses
     * @return every neuron's input current z_j and activity x_j, by neuron name
     */
    public <T extends Differentiable<T>> Evaluation<T> evaluate(Function<String, T> parameter,
                                                                Function<String, T> input,
                                                                BiFunction<String, T, T> atCurrent) {
        return NetworkViews.evaluate(this, parameter, input, atCurrent);
    }

    /**
     * The result of {@link #evaluate}: input currents z_j and activities x_j (inputs included) by name.
     *
     * @param <T> the number type
     * @param z the input current z_j of each neuron, by name
     * @param x the activity x_j of each neuron and the value of each input, by name
     */
    public record Evaluation<T>(Map<String, T> z, Map<String, T> x) {
    }

    /** One evaluation: every neuron's input current z_j and activity x_j, and the parameters as leaves. */
    public static final class Pass {
        private final Map<String, Scalar> params;
        private final Map<String, Scalar> current;
        private final Map<String, Scalar> activity;

        private Pass(Map<String, Scalar> params, Map<String, Scalar> current, Map<String, Scalar> activity) {
            this.params = params;
            this.current = current;
            this.activity = activity;
        }

        /**
         * {@return z_j, the input current of neuron j}
         *
         * @param j a neuron's name
         */
        public Scalar z(String j) {
            return require(current.get(j), "z", j);
        }

        /**
         * {@return x_j, the activity of neuron j (or the value of input j)}
         *
         * @param j the name of a neuron or an input
         */
        public Scalar x(String j) {
            return require(activity.get(j), "x", j);
        }

        /**
         * {@return a parameter's leaf in this pass (its grad() after backward is dE/d(parameter))}
         *
         * @param name the parameter's name, such as {@code w_35} or {@code b_5}
         */
        public Scalar param(String name) {
            return require(params.get(name), "param", name);
        }

        /**
         * {@return the value of a parameter in this pass}
         *
         * @param name the parameter's name, such as {@code w_35} or {@code b_5}
         */
        public double w(String name) {
            return param(name).value();
        }
    }

    /** Builds a network; {@link #build(long)} checks it. */
    public static final class Builder {
        private final List<String> inputs = new ArrayList<>();
        private final Map<String, Activation> activation = new LinkedHashMap<>();
        private final List<Edge> edges = new ArrayList<>();
        private final Map<String, String> bias = new LinkedHashMap<>();
        private final Map<String, Double> fixed = new LinkedHashMap<>();

        private Builder() {
        }

        private void fresh(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("NeuronNetwork: a name must be non-empty");
            }
            if (inputs.contains(name) || activation.containsKey(name)) {
                throw new IllegalArgumentException("NeuronNetwork: '" + name + "' is declared twice");
            }
        }

        /**
         * Declares an input.
         *
         * @param name the input's name, non-empty and not yet declared
         * @return this builder, for chaining
         */
        public Builder input(String name) {
            fresh(name);
            inputs.add(name);
            return this;
        }

        /**
         * Declares a neuron with its activation.
         *
         * @param name the neuron's name, non-empty and not yet declared
         * @param act the neuron's activation, a pointwise one
         * @return this builder, for chaining
         * @throws IllegalArgumentException when the activation is missing or not pointwise (softmax)
         */
        public Builder neuron(String name, Activation act) {
            fresh(name);
            if (act == null || !act.isPointwise()) {
                throw new IllegalArgumentException("NeuronNetwork: neuron '" + name + "' needs a pointwise activation, "
                        + (act == null ? "got none" : "and '" + act.name() + "' runs on whole tensors only"));
            }
            activation.put(name, act);
            return this;
        }

        /**
         * Adds the edge from -&gt; to with the weight name {@code w_<from><to>}.
         *
         * @param from the input or neuron the edge leaves
         * @param to the neuron the edge enters
         * @return this builder, for chaining
         */
        public Builder edge(String from, String to) {
            return edge(from, to, "w_" + from + to);
        }

        /**
         * Adds the edge from -&gt; to with a given weight name.
         *
         * @param from the input or neuron the edge leaves
         * @param to the neuron the edge enters
         * @param weightName the weight's name, unique among the network's parameters
         * @return this builder, for chaining
         */
        public Builder edge(String from, String to, String weightName) {
            for (Edge e : edges) {
                if (e.from().equals(from) && e.to().equals(to)) {
                    throw new IllegalArgumentException("NeuronNetwork: duplicate edge " + from + " -> " + to);
                }
            }
            edges.add(new Edge(from, to, weightName));
            return this;
        }

        /**
         * Gives neuron j a bias named {@code b_<j>}.
         *
         * @param j the neuron's name
         * @return this builder, for chaining
         */
        public Builder bias(String j) {
            return bias(j, "b_" + j);
        }

        /**
         * Gives neuron j a bias with a given name.
         *
         * @param j the neuron's name
         * @param name the bias's name, unique among the network's parameters
         * @return this builder, for chaining
         */
        public Builder bias(String j, String name) {
            bias.put(j, name);
            return this;
        }

        /**
         * Fixes a parameter's initial value (the others are drawn from the seed).
         *
         * @param parameter the name of a weight or a bias the network declares
         * @param v the parameter's initial value
         * @return this builder, for chaining
         */
        public Builder value(String parameter, double v) {
            fixed.put(parameter, v);
            return this;
        }

        /**
         * The network, with parameters not fixed by {@link #value} drawn uniformly from [-1, 1) with the seed.
         *
         * @param seed the seed of the drawn values; the same seed builds the same network
         * @return the network, checked
         * @throws IllegalArgumentException for an edge or bias naming an unknown neuron, an edge into an input,
         *                                  duplicate parameter names, or a cycle (naming its neurons)
         */
        public NeuronNetwork build(long seed) {
            Set<String> names = new LinkedHashSet<>();
            for (Edge e : edges) {
                if (!inputs.contains(e.from()) && !activation.containsKey(e.from())) {
                    throw new IllegalArgumentException("NeuronNetwork: edge " + e.from() + " -> " + e.to()
                            + " starts at an unknown neuron '" + e.from() + "'");
                }
                if (!activation.containsKey(e.to())) {
                    throw new IllegalArgumentException("NeuronNetwork: edge " + e.from() + " -> " + e.to()
                            + (inputs.contains(e.to()) ? " ends at the input '" : " ends at an unknown neuron '")
                            + e.to() + "'");
                }
                if (!names.add(e.name())) {
                    throw new IllegalArgumentException("NeuronNetwork: the parameter name '" + e.name()
                            + "' is used twice");
                }
            }
            for (Map.Entry<String, String> b : bias.entrySet()) {
                if (!activation.containsKey(b.getKey())) {
                    throw new IllegalArgumentException("NeuronNetwork: bias '" + b.getValue() + "' of an unknown "
                            + "neuron '" + b.getKey() + "'");
                }
                if (!names.add(b.getValue())) {
                    throw new IllegalArgumentException("NeuronNetwork: the parameter name '" + b.getValue()
                            + "' is used twice");
                }
            }
            for (String p : fixed.keySet()) {
                if (!names.contains(p)) {
                    throw new IllegalArgumentException("NeuronNetwork: value for an unknown parameter '" + p + "'");
                }
            }
            List<String> order = topologicalOrder();
            SplittableRandom rnd = new SplittableRandom(seed);
            Map<String, Double> values = new LinkedHashMap<>();
            for (String p : names) {
                double drawn = rnd.nextDouble(-1, 1);
                values.put(p, fixed.getOrDefault(p, drawn));
            }
            return new NeuronNetwork(this, order, values);
        }

        /** Kahn's algorithm over the neurons (no recursion); a leftover means a cycle. */
        private List<String> topologicalOrder() {
            Map<String, Integer> pending = new LinkedHashMap<>();
            for (String n : activation.keySet()) {
                pending.put(n, 0);
            }
            for (Edge e : edges) {
                if (activation.containsKey(e.from())) {
                    pending.merge(e.to(), 1, Integer::sum);
                }
            }
            ArrayDeque<String> ready = new ArrayDeque<>();
            pending.forEach((n, c) -> {
                if (c == 0) {
                    ready.add(n);
                }
            });
            List<String> order = new ArrayList<>();
            while (!ready.isEmpty()) {
                String n = ready.poll();
                order.add(n);
                for (Edge e : edges) {
                    if (e.from().equals(n) && pending.merge(e.to(), -1, Integer::sum) == 0) {
                        ready.add(e.to());
                    }
                }
            }
            if (order.size() < activation.size()) {
                List<String> cycle = new ArrayList<>(activation.keySet());
                cycle.removeAll(order);
                throw new IllegalArgumentException("NeuronNetwork: the edges form a cycle through " + cycle
                        + "; a network must be a DAG");
            }
            return order;
        }
    }
}
