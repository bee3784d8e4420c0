package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;

/**
 * A dual number, value + tangent ε (with ε² = 0): evaluating a function on duals computes its value and its
 * directional derivative in one forward pass (forward-mode automatic differentiation), independently of the
 * reverse pass, with the derivative rules of the same op table.
 *
 * <pre>{@code
 * ScalarFunction f = new ScalarFunction() {
 *     public <T extends Differentiable<T>> T apply(List<T> x) { return x.get(0).mul(x.get(1)).sin(); }
 * };
 * Dual y = f.apply(List.of(Dual.of(2.0, 1.0), Dual.of(3.0, 0.0)));   // y.tangent() = d f / d x0 = 3 cos 6
 * }</pre>
 *
 * @param value   the primal value
 * @param tangent the derivative along the chosen direction
 */
public record Dual(double value, double tangent) implements Differentiable<Dual> {

    /**
     * {@return a dual with the given value and tangent}
     *
     * @param value   the primal value
     * @param tangent the derivative along the chosen direction: 1 for the input differentiated by, 0 for the others
     */
    public static Dual of(double value, double tangent) {
        return new Dual(value, tangent);
    }

    private Dual unary(Unary u) {
        double y = u.apply(value);
        return new Dual(y, tangent == 0 ? 0.0 : u.grad(value, y, tangent));
    }

    private Dual binary(Binary f, Dual b) {
        double y = f.apply(value, b.value);
        double t = 0.0;
        if (tangent != 0) {
            t += f.gradA(value, b.value, y, tangent);
        }
        if (b.tangent != 0) {
            t += f.gradB(value, b.value, y, b.tangent);
        }
        return new Dual(y, t);
    }

    @Override
    public Dual add(Dual other) {
        return binary(Binary.ADD, other);
    }

    @Override
    public Dual add(double c) {
        return binary(Binary.ADD, constantLike(c));
    }

    @Override
    public Dual sub(Dual other) {
        return binary(Binary.SUB, other);
    }

    @Override
    public Dual sub(double c) {
        return binary(Binary.SUB, constantLike(c));
    }

    @Override
    public Dual mul(Dual other) {
        return binary(Binary.MUL, other);
    }

    @Override
    public Dual mul(double c) {
        return binary(Binary.MUL, constantLike(c));
    }

    @Override
    public Dual div(Dual other) {
        return binary(Binary.DIV, other);
    }

    @Override
    public Dual div(double c) {
        return binary(Binary.DIV, constantLike(c));
    }

    @Override
    public Dual pow(double exponent) {
        return binary(Binary.POW, constantLike(exponent));
    }

    @Override
    public Dual pow(Dual exponent) {
        return binary(Binary.POW, exponent);
    }

    @Override
    public Dual max(Dual other) {
        return binary(Binary.MAX, other);
    }

    @Override
    public Dual min(Dual other) {
        return binary(Binary.MIN, other);
    }

    @Override
    public Dual neg() {
        return unary(Unary.NEG);
    }

    @Override
    public Dual square() {
        return unary(Unary.SQUARE);
    }

    @Override
    public Dual sqrt() {
        return unary(Unary.SQRT);
    }

    @Override
    public Dual exp() {
        return unary(Unary.EXP);
    }

    @Override
    public Dual log() {
        return unary(Unary.LOG);
    }

    @Override
    public Dual tanh() {
        return unary(Unary.TANH);
    }

    @Override
    public Dual sigmoid() {
        return unary(Unary.SIGMOID);
    }

    @Override
    public Dual relu() {
        return unary(Unary.RELU);
    }

    @Override
    public Dual softplus() {
        return unary(Unary.SOFTPLUS);
    }

    @Override
    public Dual abs() {
        return unary(Unary.ABS);
    }

    @Override
    public Dual sin() {
        return unary(Unary.SIN);
    }

    @Override
    public Dual cos() {
        return unary(Unary.COS);
    }

    @Override
    public Dual constantLike(double c) {
        return new Dual(c, 0.0);
    }

    /** The value with a zero tangent. */
    @Override
    public Dual detach() {
        return new Dual(value, 0.0);
    }

    @Override
    public Dual step() {
        return new Dual(Unary.STEP.apply(value), 0.0);
    }

    @Override
    public Dual sign() {
        return new Dual(Unary.SIGN.apply(value), 0.0);
    }
}
