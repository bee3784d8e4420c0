package dev.chainrule.nn;

import dev.chainrule.core.Tensor;

import java.util.function.UnaryOperator;

/**
 * A pointwise (or, for softmax, row-wise) activation as a module, built from core ops: sigmoid, tanh, relu,
 * leaky relu, softplus, identity, square, softmax over the last axis, or any function of a tensor.
 */
public final class Activation extends Module {
    private final String name;
    private final UnaryOperator<Tensor> f;

    private Activation(String name, UnaryOperator<Tensor> f) {
        this.name = name;
        this.f = f;
    }

    /** 1 / (1 + e^-z). */
    public static Activation sigmoid() {
        return new Activation("Sigmoid", Tensor::sigmoid);
    }

    /** tanh z. */
    public static Activation tanh() {
        return new Activation("Tanh", Tensor::tanh);
    }

    /** max(z, 0). NOTE: relu'(0) = 0. */
    public static Activation relu() {
        return new Activation("ReLU", Tensor::relu);
    }

    /** z for z &gt; 0, slope z below: max(z, 0) - slope max(-z, 0). */
    public static Activation leakyRelu(double slope) {
        return new Activation("LeakyReLU(" + slope + ")", z -> z.relu().sub(z.neg().relu().mul(slope)));
    }

    /** ln(1 + e^z). */
    public static Activation softplus() {
        return new Activation("Softplus", Tensor::softplus);
    }

    /** z. */
    public static Activation identity() {
        return new Activation("Identity", z -> z);
    }

    /** z^2 (an output activation some derivations use). */
    public static Activation square() {
        return new Activation("Square", Tensor::square);
    }

    /** softmax over the last axis. */
    public static Activation softmax() {
        return new Activation("Softmax", z -> z.softmax(-1));
    }

    /** Any function of a tensor built from core ops, under a display name. */
    public static Activation of(String name, UnaryOperator<Tensor> f) {
        return new Activation(name, f);
    }

    @Override
    public Tensor forward(Tensor x) {
        return f.apply(x);
    }

    @Override
    protected String describe() {
        return name;
    }
}
