package dev.chainrule.core;

import java.util.List;

/**
 * A user's own scalar op: its value computed on doubles, and its partial derivatives written with {@link Scalar}
 * ops. It takes part in the graph like a built-in op (grad mode, release, anomaly mode, which names it), in
 * reverse mode to any order (the partials are recorded, so a Hessian differentiates them), and in forward mode on
 * {@link Dual} numbers, so {@link dev.chainrule.check.GradCheck#threeWay} checks a function that uses it against
 * central differences and forward mode.
 *
 * <pre>{@code
 * ScalarOp softsign = ScalarOp.named("softsign")
 *         .forward(x -> x[0] / (1 + Math.abs(x[0])))
 *         .partials((x, y) -> new Scalar[] {x[0].abs().add(1).pow(-2)})
 *         .build();
 * Scalar y = softsign.apply(a);
 * }</pre>
 *
 * <p>The partials may read the output {@code y} ({@code tanh' = 1 - y^2}). A partial given as a constant says the op
 * is linear in that input: its second derivative is then 0, so a partial computed on doubles and wrapped as a
 * constant would make a Hessian silently wrong; write it with Scalar ops. For tensors, write a {@link CustomOp}.
 */
public final class ScalarOp {
    /** The value on the inputs' values. */
    @FunctionalInterface
    public interface Forward {
        /**
         * {@return the op's value on these input values}
         *
         * @param x the inputs' values, in the order {@link ScalarOp#apply(Scalar...)} was given them
         */
        double apply(double[] x);
    }

    /** dy/dx_i for each input, written with Scalar ops on the inputs and the output (null for 0). */
    @FunctionalInterface
    public interface Partials {
        /**
         * {@return dy/dx_i for each input, in order: an array as long as {@code x}, where null stands for 0}
         *
         * @param x the inputs, as Scalars (so that the partials can themselves be differentiated)
         * @param y the op's output, for partials written with it ({@code tanh' = 1 - y^2})
         */
        Scalar[] apply(Scalar[] x, Scalar y);
    }

    private final String name;
    private final Forward forward;
    private final Partials partials;

    private ScalarOp(String name, Forward forward, Partials partials) {
        this.name = name;
        this.forward = forward;
        this.partials = partials;
    }

    /**
     * {@return a builder for an op of this name}
     *
     * @param name the op's name, which errors and anomaly mode give; not blank
     */
    public static Builder named(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("ScalarOp.named: give the op a name; errors and anomaly mode use it");
        }
        return new Builder(name);
    }

    /** {@return the op's name} */
    public String name() {
        return name;
    }

    /** Builds a {@link ScalarOp}: a forward and the partial derivatives. */
    public static final class Builder {
        private final String name;
        private Forward forward;
        private Partials partials;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the value on doubles.
         *
         * @param f computes the output from the inputs' values
         * @return this builder
         */
        public Builder forward(Forward f) {
            this.forward = f;
            return this;
        }

        /**
         * Sets the partial derivatives, written with Scalar ops.
         *
         * @param p computes dy/dx_i for each input from the inputs and the output
         * @return this builder
         */
        public Builder partials(Partials p) {
            this.partials = p;
            return this;
        }

        /** {@return the op} Refuses a missing forward or missing partials. */
        public ScalarOp build() {
            if (forward == null || partials == null) {
                throw new IllegalStateException("ScalarOp '" + name + "': give " + (forward == null
                        ? "a forward with forward(x -> ...)" : "its partial derivatives with partials((x, y) -> "
                        + "new Scalar[] {...})"));
            }
            return new ScalarOp(name, forward, partials);
        }
    }

    /**
     * Runs the op, recording it when an input requires grad and grad mode is on.
     *
     * @param x the inputs, none of them null
     * @return the output: a node of the graph when recorded, else a constant
     */
    public Scalar apply(Scalar... x) {
        double[] v = new double[x.length];
        boolean record = false;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new IllegalArgumentException("scalar op '" + name + "': input " + i + " is null");
            }
            v[i] = x[i].value;
            record |= x[i].requiresGradFlag();
        }
        double y = forward.apply(v);
        if (!record || !Grad.isEnabled()) {
            return Scalar.customConstant(y, name, x);
        }
        Scalar out = Scalar.customNode(y, name, x);
        return Scalar.customPartials(out, partialsAt(x.clone(), out));
    }

    /**
     * Forward mode: the value, and the tangent sum_i dy/dx_i t_i from the partials' values.
     *
     * @param x the inputs, each with its tangent t_i
     * @return the output and its tangent
     */
    public Dual apply(Dual... x) {
        double[] v = new double[x.length];
        Scalar[] at = new Scalar[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = x[i].value();
            at[i] = Scalar.constant(v[i]);
        }
        double y = forward.apply(v);
        Scalar[] p;
        try (Grad.Scope off = Grad.disabled()) {
            p = partialsAt(at, Scalar.customConstant(y, name, at));
        }
        double t = 0.0;
        for (int i = 0; i < x.length; i++) {
            if (x[i].tangent() != 0) {
                t += p[i].value * x[i].tangent();
            }
        }
        return Dual.of(y, t);
    }

    /**
     * {@return the op on the values a {@link ScalarFunction} is evaluated on: Scalars (reverse mode) or Duals (forward
     * mode)}
     *
     * @param x   the inputs, all Scalars or all Duals; at least one
     * @param <T> {@link Scalar} or {@link Dual}; other kinds are refused
     */
    @SuppressWarnings("unchecked")
    public <T extends Differentiable<T>> T apply(List<T> x) {
        if (x.isEmpty()) {
            throw new IllegalArgumentException("scalar op '" + name + "': no inputs");
        }
        if (x.get(0) instanceof Scalar) {
            return (T) apply(x.stream().map(Scalar.class::cast).toArray(Scalar[]::new));
        }
        if (x.get(0) instanceof Dual) {
            return (T) apply(x.stream().map(Dual.class::cast).toArray(Dual[]::new));
        }
        throw new IllegalArgumentException("scalar op '" + name + "' takes Scalars or Duals, not "
                + x.get(0).getClass().getSimpleName() + "s; for tensors write a CustomOp");
    }

    /** The user's partials, one per input (null replaced by 0), checked. */
    private Scalar[] partialsAt(Scalar[] x, Scalar y) {
        Scalar[] p;
        try {
            p = partials.apply(x, y);
        } catch (ArithmeticException e) { // anomaly detection stopped an op of the partials
            throw new ArithmeticException("in the partials of scalar op '" + name + "' at " + ScalarNode.values(x)
                    + ": " + e.getMessage());
        }
        if (p == null || p.length != x.length) {
            throw new IllegalStateException("scalar op '" + name + "': the partials returned " + (p == null ? "null"
                    : p.length + " derivatives") + " for " + x.length + " inputs; return dy/dx_i for each input, in "
                    + "order (null for 0)");
        }
        Scalar[] out = p.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = Scalar.constant(0.0);
            }
        }
        return out;
    }
}
