package dev.chainrule.nn;

import dev.chainrule.core.Autograd;
import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Dual;
import dev.chainrule.core.ScalarFunction;
import dev.chainrule.core.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * nn's one vocabulary of activations, shared by both kinds of network: a layer network puts an activation after a
 * {@link Linear} (it is a {@link Module}), a neuron network ({@link dev.chainrule.nn.graph.NeuronNetwork}) gives
 * one to each neuron. The set, the names, the forward maths and the conventions live here, built from core ops;
 * derivatives always come from autograd, never from a hand-written formula.
 *
 * <pre>{@code
 * Sequential layers = new Sequential(new Linear(2, 3, rnd), Activation.tanh(), new Linear(3, 1, rnd));
 * NeuronNetwork neurons = NeuronNetwork.builder().input("1").neuron("2", Activation.tanh()).edge("1", "2").build(7);
 * double slope = Activation.tanh().derivative(0.7);     // 1 - tanh(0.7)^2, by forward mode
 * }</pre>
 *
 * <p>Conventions:
 * <ul>
 *   <li>Each activation has a {@link #name()} ("sigmoid", "relu"), used by formulas, reports and neuron networks,
 *       and a caption ("Sigmoid", "ReLU") that a layer network prints; custom activations use one for both.</li>
 *   <li>A <em>pointwise</em> activation maps each number on its own and is written once over
 *       {@link Differentiable}, so it runs on Tensors, Scalars and dual numbers alike; only pointwise activations
 *       can be a neuron's. Softmax is row-wise (over the last axis) and, like {@link #of}, runs on tensors only.</li>
 *   <li>At a kink the slope is core's: relu'(0) = 0, and leaky relu, max(z, 0) - slope max(-z, 0), has slope 0
 *       at 0 too.</li>
 *   <li>The factories without arguments return one shared instance each (an activation has no state), so
 *       {@code ==} compares them; {@link #standard()} lists them.</li>
 * </ul>
 */
public final class Activation extends Module {
    /**
     * A pointwise formula written once over {@link Differentiable}. Java lambdas cannot be generic, so write it as
     * a method reference ({@code Differentiable::tanh}) or an anonymous class:
     *
     * <pre>{@code
     * Activation gaussian = Activation.pointwise("exp(-u^2)", new Activation.Formula() {
     *     public <T extends Differentiable<T>> T apply(T z) {
     *         return z.square().neg().exp();
     *     }
     * });
     * }</pre>
     */
    public interface Formula {
        /**
         * {@return the activation's value at {@code z}, built with the ops of {@code T}}
         *
         * @param <T> the number type: Tensor, Scalar or a dual number
         * @param z the pre-activation; a tensor is mapped element by element
         */
        <T extends Differentiable<T>> T apply(T z);
    }

    private static final List<Activation> STANDARD = new ArrayList<>();

    private static final Activation SIGMOID = standard("sigmoid", "Sigmoid", Differentiable::sigmoid);
    private static final Activation TANH = standard("tanh", "Tanh", Differentiable::tanh);
    private static final Activation RELU = standard("relu", "ReLU", Differentiable::relu);
    private static final Activation SOFTPLUS = standard("softplus", "Softplus", Differentiable::softplus);
    private static final Activation IDENTITY = standard("identity", "Identity", new Formula() {
        @Override
        public <T extends Differentiable<T>> T apply(T z) {
            return z;
        }
    });
    private static final Activation SQUARE = standard("square", "Square", Differentiable::square);
    private static final Activation SOFTMAX = register(new Activation("softmax", "Softmax", null,
            z -> z.softmax(-1)));

    private final String name;
    private final String caption;
    private final Formula formula;              // null for an activation on tensors only
    private final UnaryOperator<Tensor> onTensors;

    private Activation(String name, String caption, Formula formula, UnaryOperator<Tensor> onTensors) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Activation: a name must be non-empty");
        }
        this.name = name;
        this.caption = caption;
        this.formula = formula;
        this.onTensors = onTensors;
    }

    private static Activation pointwise(String name, String caption, Formula formula) {
        if (formula == null) {
            throw new IllegalArgumentException("Activation '" + name + "': the formula must not be null");
        }
        return new Activation(name, caption, formula, formula::apply);
    }

    private static Activation standard(String name, String caption, Formula formula) {
        return register(pointwise(name, caption, formula));
    }

    private static Activation register(Activation a) {
        STANDARD.add(a);
        return a;
    }

    /**
     * {@return every activation of the vocabulary with a shared instance, in declaration order: sigmoid, tanh, relu,
     * softplus, identity, square, softmax} Leaky relu (one per slope) and custom activations are not listed.
     */
    public static List<Activation> standard() {
        return Collections.unmodifiableList(STANDARD);
    }

    /** {@return sigmoid: 1 / (1 + e^-z)} */
    public static Activation sigmoid() {
        return SIGMOID;
    }

    /** {@return tanh: tanh z} */
    public static Activation tanh() {
        return TANH;
    }

    /** {@return relu: max(z, 0)} NOTE: relu'(0) = 0. */
    public static Activation relu() {
        return RELU;
    }

    /**
     * {@return leaky_relu(slope): z for z &gt; 0, slope z below: max(z, 0) - slope max(-z, 0)} NOTE: its slope at 0
     * is 0, as relu's. A new instance per call.
     *
     * @param slope the factor of negative inputs, usually small (0.01, 0.1); part of the name and the caption
     */
    public static Activation leakyRelu(double slope) {
        return pointwise("leaky_relu(" + slope + ")", "LeakyReLU(" + slope + ")", new Formula() {
            @Override
            public <T extends Differentiable<T>> T apply(T z) {
                return z.relu().sub(z.neg().relu().mul(slope));
            }
        });
    }

    /** {@return softplus: ln(1 + e^z)} */
    public static Activation softplus() {
        return SOFTPLUS;
    }

    /** {@return identity: z} */
    public static Activation identity() {
        return IDENTITY;
    }

    /** {@return square: z^2 (an output activation some derivations use)} */
    public static Activation square() {
        return SQUARE;
    }

    /** {@return softmax over the last axis; row-wise, so on tensors only} */
    public static Activation softmax() {
        return SOFTMAX;
    }

    /**
     * {@return a pointwise activation from a formula built from core ops, under a name (also its caption)}
     *
     * @param name the name formulas, reports and neuron networks use, also printed by a layer network; non-empty
     * @param formula the activation of one number, written over {@link Differentiable}; not null
     */
    public static Activation pointwise(String name, Formula formula) {
        return pointwise(name, name, formula);
    }

    /**
     * {@return any function of a tensor built from core ops, under a display name; on tensors only (not pointwise)}
     *
     * @param name the display name, also the caption; non-empty
     * @param f the function of a whole tensor, built from core ops so that autograd differentiates it; not null
     */
    public static Activation of(String name, UnaryOperator<Tensor> f) {
        if (f == null) {
            throw new IllegalArgumentException("Activation '" + name + "': the function must not be null");
        }
        return new Activation(name, name, null, f);
    }

    /** {@return the name formulas, reports and neuron networks use: "sigmoid", "relu", "leaky_relu(0.1)"} */
    public String name() {
        return name;
    }

    /** {@return whether it maps each number on its own, so that {@link #apply} works on any number type} */
    public boolean isPointwise() {
        return formula != null;
    }

    /**
     * {@return the activation's value at {@code z}, on any number type (Scalars, dual numbers, Tensors)}
     *
     * @param <T> the number type
     * @param z the pre-activation; a tensor is mapped element by element
     * @throws UnsupportedOperationException when it is not {@linkplain #isPointwise() pointwise}
     */
    public <T extends Differentiable<T>> T apply(T z) {
        return formula().apply(z);
    }

    /**
     * {@return the value at {@code z} as a double}
     *
     * @param z the pre-activation
     * @throws UnsupportedOperationException when it is not {@linkplain #isPointwise() pointwise}
     */
    public double value(double z) {
        return apply(Dual.of(z, 0.0)).value();
    }

    /**
     * {@return the derivative at {@code z}, by forward-mode autograd: a dual number through {@link #apply}}
     *
     * @param z the pre-activation at which the slope is taken
     * @throws UnsupportedOperationException when it is not {@linkplain #isPointwise() pointwise}
     */
    public double derivative(double z) {
        Formula f = formula();
        return Autograd.jvp(new ScalarFunction() {
            @Override
            public <T extends Differentiable<T>> T apply(List<T> x) {
                return f.apply(x.get(0));
            }
        }, new double[] {z}, new double[] {1.0});
    }

    private Formula formula() {
        if (formula == null) {
            throw new UnsupportedOperationException("Activation '" + name + "' is not pointwise: it runs on tensors "
                    + "only, through forward(Tensor)");
        }
        return formula;
    }

    @Override
    public Tensor forward(Tensor x) {
        return onTensors.apply(x);
    }

    @Override
    protected String describe() {
        return caption;
    }
}
