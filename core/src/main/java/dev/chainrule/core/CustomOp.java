package dev.chainrule.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's own tensor op with a hand-written backward, recorded in the graph like a built-in one: grad mode,
 * release and retain, anomaly mode (which names the op and where it was created) and the version check of the
 * values it saves all apply. The forward runs with recording off, on the inputs' values; the backward gives the
 * vector-Jacobian product for each input.
 *
 * <pre>{@code
 * CustomOp square = CustomOp.named("square")
 *         .forward((saved, x) -> x[0].mul(x[0]))
 *         .backward((saved, g) -> new Tensor[] {g.mul(saved.input(0)).mul(2)})
 *         .build();
 * Tensor y = square.apply(x);
 * }</pre>
 *
 * <p>Two kinds of backward, as in PyTorch. One written with chainrule's Tensor ops ({@link Builder#backward}) is
 * itself differentiable: {@code createGraph}, {@link Autograd#hessian} and {@link Autograd#hvp} work through it,
 * as long as it reads the inputs and output from {@link Saved#input} and {@link Saved#output} (values stored with
 * {@link Saved#put} are constants of the graph). One on raw arrays ({@link Builder#rawBackward}) is differentiable
 * once: a second derivative through it is refused with an error that names the op and says how to make it twice
 * differentiable.
 *
 * <p>Broadcasting is the op's own to declare: the backward must return each input's gradient in the input's own
 * shape (sum over a broadcast dimension itself); a gradient of another shape, or a number of gradients other than
 * the number of inputs, is refused at the first backward with the op, the input and both shapes named. A forward
 * that modifies its inputs in place is refused.
 */
public final class CustomOp {
    /** What the forward keeps for the backward: the op's inputs and output as the graph has them, and values. */
    public static final class Saved {
        private final Tensor[] inputs;
        private Tensor output;
        private final Map<String, Tensor> values = new LinkedHashMap<>();

        private Saved(Tensor[] inputs) {
            this.inputs = inputs;
        }

        /**
         * {@return input {@code i} of the op, as recorded} It is differentiable in a backward written with Tensor ops.
         *
         * @param i the input's position, from 0
         */
        public Tensor input(int i) {
            if (i < 0 || i >= inputs.length) {
                throw new IllegalArgumentException("Saved.input: no input " + i + "; the op has " + inputs.length);
            }
            return inputs[i];
        }

        /** {@return the number of inputs} */
        public int inputs() {
            return inputs.length;
        }

        /** {@return the op's output, as recorded; null inside the forward (it is being computed)} */
        public Tensor output() {
            return output;
        }

        /**
         * Keeps a value the forward computed (a mean, a reciprocal standard deviation) for the backward.
         *
         * @param name  the name the backward reads it by; a second put under a name replaces the first
         * @param value the value; it is kept detached, a constant of the graph
         */
        public void put(String name, Tensor value) {
            values.put(name, value.detach());
        }

        /** {@return the names of the values the forward kept, in the order it kept them} */
        public java.util.Set<String> names() {
            return java.util.Collections.unmodifiableSet(values.keySet());
        }

        /**
         * {@return a value the forward kept}
         *
         * @param name the name it was kept under with {@link #put}
         */
        public Tensor get(String name) {
            Tensor t = values.get(name);
            if (t == null) {
                throw new IllegalArgumentException("Saved.get: the forward kept no value '" + name + "'; it kept "
                        + values.keySet());
            }
            return t;
        }
    }

    /** The forward: the output from the inputs' values (recording is off). */
    @FunctionalInterface
    public interface Forward {
        /**
         * {@return the op's output, computed from the inputs' values}
         *
         * @param saved  where to keep values for the backward ({@link Saved#put})
         * @param inputs the inputs' values, detached (recording is off)
         */
        Tensor apply(Saved saved, Tensor... inputs);
    }

    /** A backward written with Tensor ops: dL/d(input i) for each input (null where none), from dL/d(output). */
    @FunctionalInterface
    public interface Backward {
        /**
         * {@return dL/d(input i) for each input, in order, each in its input's shape; null for an input that gets none}
         *
         * @param saved      what the forward kept, with the recorded inputs and output
         * @param gradOutput dL/d(output), in the output's shape
         */
        Tensor[] apply(Saved saved, Tensor gradOutput);
    }

    /** A backward on raw arrays (row-major, each of its input's size), differentiable once. */
    @FunctionalInterface
    public interface RawBackward {
        /**
         * {@return dL/d(input i) for each input, in order, row-major and of the input's size; null for one that gets
         * none}
         *
         * @param saved      what the forward kept, with the recorded inputs and output
         * @param gradOutput dL/d(output), row-major
         */
        double[][] apply(Saved saved, double[] gradOutput);
    }

    /**
     * A forward-mode rule: the output's tangent J t from the inputs' tangents (null for an input whose tangent
     * is 0), in the output's shape.
     */
    @FunctionalInterface
    public interface Jvp {
        /**
         * {@return the output's tangent J t, in the output's shape}
         *
         * @param saved    what the forward kept, with the recorded inputs and output
         * @param tangents one tangent per input, each in its input's shape; null for an input whose tangent is 0
         */
        Tensor apply(Saved saved, Tensor[] tangents);
    }

    private final String name;
    private final Forward forward;
    private final Backward backward;
    private final RawBackward rawBackward;
    private final Jvp jvp;

    private CustomOp(Builder b) {
        this.name = b.name;
        this.forward = b.forward;
        this.backward = b.backward;
        this.rawBackward = b.rawBackward;
        this.jvp = b.jvp;
    }

    /**
     * {@return a builder for an op of this name}
     *
     * @param name the op's name, which errors and anomaly mode give; not blank
     */
    public static Builder named(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("CustomOp.named: give the op a name; errors and anomaly mode use it");
        }
        return new Builder(name);
    }

    /** {@return the op's name} */
    public String name() {
        return name;
    }

    /**
     * {@return whether forward mode ({@link Autograd#jvp}) goes through the op: a Tensor-op backward, or a jvp rule}
     */
    public boolean hasForwardMode() {
        return backward != null || jvp != null;
    }

    /**
     * {@return the op's forward-mode rule applied to the tangents at the inputs, or null if it has none} The result is
     * checked against the output's shape.
     *
     * @param saved    what the forward kept at the inputs, as {@link #call} returns it
     * @param tangents one tangent per input, each in its input's shape; null for an input whose tangent is 0
     */
    public Tensor jvpRule(Saved saved, Tensor... tangents) {
        if (jvp == null) {
            return null;
        }
        if (tangents.length != saved.inputs.length) {
            throw new IllegalArgumentException("custom op '" + name + "': " + tangents.length + " tangents for "
                    + saved.inputs.length + " inputs");
        }
        Tensor t = jvp.apply(saved, tangents);
        Shape out = saved.output == null ? null : saved.output.shape();
        if (t == null || out != null && !t.shape().equals(out)) {
            throw new IllegalStateException("custom op '" + name + "': the jvp rule returned " + (t == null ? "null"
                    : "a tangent of shape " + t.shape()) + "; the op's output has shape " + out + " (return J t "
                    + "in the output's shape)");
        }
        return t;
    }

    /** {@return whether the backward is written with Tensor ops (so twice differentiable), not on raw arrays} */
    public boolean isTwiceDifferentiable() {
        return backward != null;
    }

    /** Builds a {@link CustomOp}: a forward, and one backward of either kind. */
    public static final class Builder {
        private final String name;
        private Forward forward;
        private Backward backward;
        private RawBackward rawBackward;
        private Jvp jvp;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the forward.
         *
         * @param f computes the output from the inputs' values
         * @return this builder
         */
        public Builder forward(Forward f) {
            this.forward = f;
            return this;
        }

        /**
         * Sets a backward written with Tensor ops: differentiable again (createGraph, hessian, hvp).
         *
         * @param b computes each input's gradient from the output's
         * @return this builder
         */
        public Builder backward(Backward b) {
            this.backward = b;
            return this;
        }

        /**
         * Sets a backward on raw arrays: differentiable once; a second derivative through it is refused.
         *
         * @param b computes each input's gradient from the output's, on row-major arrays
         * @return this builder
         */
        public Builder rawBackward(RawBackward b) {
            this.rawBackward = b;
            return this;
        }

        /**
         * A forward-mode rule, for an op with a raw backward: {@link Autograd#jvp} through the op uses it (without
         * one, forward mode through such an op is refused by name). An op whose backward is written with Tensor
         * ops needs none: forward mode differentiates that backward.
         *
         * @param rule computes the output's tangent from the inputs' tangents
         * @return this builder
         */
        public Builder jvp(Jvp rule) {
            this.jvp = rule;
            return this;
        }

        /** {@return the op} Refuses a missing forward, or not exactly one backward. */
        public CustomOp build() {
            if (forward == null) {
                throw new IllegalStateException("CustomOp '" + name + "': no forward; give one with forward(...)");
            }
            if ((backward == null) == (rawBackward == null)) {
                throw new IllegalStateException("CustomOp '" + name + "': give exactly one backward: backward(...) "
                        + "with Tensor ops (twice differentiable) or rawBackward(...) on arrays (once)");
            }
            if (jvp != null && backward != null) {
                throw new IllegalStateException("CustomOp '" + name + "': a jvp rule is for an op with a raw "
                        + "backward; this op's backward is written with Tensor ops, which forward mode "
                        + "differentiates already: drop jvp(...), or give the backward as rawBackward(...)");
            }
            return new CustomOp(this);
        }
    }

    /**
     * Runs the op on the inputs, recording it when an input requires grad and grad mode is on.
     *
     * @param inputs the op's inputs, at least one
     * @return the output: a node of the graph when recorded, else a constant
     */
    public Tensor apply(Tensor... inputs) {
        return call(inputs).output();
    }

    /**
     * Runs the forward as written, with recording on and without the op's own node: where the forward is built
     * from Tensor ops, autograd differentiates it, a reference for the hand-written backward ({@link
     * dev.chainrule.check.GradCheck#customOp}); where it works on arrays, the result does not require grad.
     *
     * @param inputs the op's inputs, at least one
     * @return the forward's output, differentiable where the forward is built from Tensor ops
     */
    public Tensor forwardAsWritten(Tensor... inputs) {
        return forward.apply(new Saved(inputs.clone()), inputs);
    }

    /**
     * {@link #apply}, returning what the forward saved, with the output ({@link Saved#output}).
     *
     * @param inputs the op's inputs, at least one
     * @return what the forward kept, holding the recorded inputs and the output
     */
    public Saved call(Tensor... inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("custom op '" + name + "': no inputs");
        }
        Saved saved = new Saved(inputs.clone());
        int[] before = new int[inputs.length];
        Tensor[] values = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            before[i] = inputs[i].version.value;
            values[i] = inputs[i].detach();
        }
        Tensor y;
        try (Grad.Scope off = Grad.disabled()) {
            y = forward.apply(saved, values);
        }
        if (y == null) {
            throw new IllegalStateException("custom op '" + name + "': the forward returned null");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].version.value != before[i]) {
                throw new IllegalStateException("custom op '" + name + "': the forward modified input " + i
                        + " (shape " + inputs[i].shape() + ") in place; a forward must compute a new tensor and leave"
                        + " its inputs as they were");
            }
        }
        // a new storage: the output must not share one with an input (the forward may return an input's view)
        // the forward's own dtype (as a PyTorch Function returns what its forward returns)
        Tensor out = TensorNode.recorded(TensorNode.copy(y), name, (g, self) -> backwardOf(saved, g),
                saved.inputs);
        saved.output = out;
        return saved;
    }

    /** The backward rule the graph calls: the user's, its gradients checked against the inputs. */
    private Tensor[] backwardOf(Saved saved, Tensor g) {
        Tensor[] gs;
        if (backward != null) {
            gs = backward.apply(saved, g);
        } else {
            double[][] raw = rawBackward.apply(saved, g.f64());
            gs = raw == null ? null : new Tensor[raw.length];
            for (int i = 0; raw != null && i < raw.length && i < saved.inputs.length; i++) {
                if (raw[i] != null && raw[i].length != saved.inputs[i].size()) {
                    throw new IllegalStateException("custom op '" + name + "': the raw backward's gradient for "
                            + "input " + i + " has " + raw[i].length + " elements; input " + i + " has shape "
                            + saved.inputs[i].shape() + " (" + saved.inputs[i].size() + " elements)");
                }
                gs[i] = raw[i] == null ? null : onceDifferentiable(raw[i], i, g, saved);
            }
        }
        if (gs == null || gs.length != saved.inputs.length) {
            throw new IllegalStateException("custom op '" + name + "': the backward returned " + (gs == null
                    ? "null" : gs.length + " gradients") + " for " + saved.inputs.length + " inputs; return one "
                    + "per input, in order (null for an input without one)");
        }
        for (int i = 0; i < gs.length; i++) {
            if (gs[i] != null && !gs[i].shape().equals(saved.inputs[i].shape())) {
                throw new IllegalStateException("custom op '" + name + "': the backward's gradient for input " + i
                        + " has shape " + gs[i].shape() + "; input " + i + " has shape " + saved.inputs[i].shape()
                        + " (return dL/d(input) in the input's shape; sum over a broadcast dimension yourself)");
            }
        }
        return gs;
    }

    /**
     * A gradient from the raw backward: a plain tensor in the eager sweep; in a recording sweep, a node of the
     * cotangent g and the inputs. Its gradient by g (the raw backward is linear in g: the transpose of g -> J^T g
     * is J) is the jvp rule, which forward mode needs; by the inputs it is a second derivative, refused where a
     * pass needs it, so that it fails by name instead of silently being 0.
     */
    private Tensor onceDifferentiable(double[] grad, int i, Tensor g, Saved saved) {
        if (!Grad.isEnabled()) {
            return new Tensor(grad, saved.inputs[i].shape());
        }
        Tensor[] inputs = saved.inputs;
        Tensor[] from = new Tensor[inputs.length + 1];
        from[0] = g;
        System.arraycopy(inputs, 0, from, 1, inputs.length);
        return TensorNode.result(grad, inputs[i].shape(), name + " backward", (gg, yy) -> {
            refuseSecondDerivative(inputs);
            Tensor[] gs = new Tensor[from.length];
            if (g.requiresGradFlag() && Graph.needsGrad(g)) {
                if (jvp == null) {
                    throw new IllegalStateException("custom op '" + name + "': forward mode (jvp) through it "
                            + "needs a jvp rule, as its backward is on raw arrays: add .jvp((saved, t) -> J t) to "
                            + "its builder, or write its backward with Tensor ops");
                }
                gs[0] = jvpOf(gg, i, saved);
            }
            return gs;
        }, from);
    }

    /**
     * The jvp rule's J_i t for a tangent t on input i, as the gradient of a raw backward's node by its cotangent.
     * The rule runs with recording off, so nothing it computes is differentiated as if it were the op; in a
     * recording pass its result is a node of (t, inputs) whose gradient by t is the raw backward again (J_i t is
     * linear in t, so its transpose is J_i^T) and by the inputs a second derivative, refused where needed.
     */
    private Tensor jvpOf(Tensor t, int i, Saved saved) {
        Tensor[] tangents = new Tensor[saved.inputs.length];
        tangents[i] = t;
        Tensor jt;
        try (Grad.Scope off = Grad.disabled()) {
            jt = jvpRule(saved, tangents);
        }
        if (!Grad.isEnabled()) {
            return new Tensor(jt.toArray(), jt.shape());
        }
        Tensor[] from = new Tensor[saved.inputs.length + 1];
        from[0] = t;
        System.arraycopy(saved.inputs, 0, from, 1, saved.inputs.length);
        return TensorNode.result(jt.toArray(), jt.shape(), name + " jvp", (w, yy) -> {
            refuseSecondDerivative(saved.inputs);
            Tensor[] gs = new Tensor[from.length];
            if (t.requiresGradFlag() && Graph.needsGrad(t)) {
                double[][] raw = rawBackward.apply(saved, w.toArray());
                gs[0] = raw == null || raw.length <= i || raw[i] == null ? null
                        : onceDifferentiable(raw[i], i, w, saved);
            }
            return gs;
        }, from);
    }

    /** Refuses a pass that needs the derivative of a raw backward by the op's inputs (a second derivative). */
    private void refuseSecondDerivative(Tensor[] inputs) {
        for (Tensor in : inputs) {
            if (in.requiresGradFlag() && Graph.needsGrad(in)) {
                throw new IllegalStateException("custom op '" + name + "' has a backward on raw arrays, which "
                        + "is differentiable once: a second derivative through it (createGraph, hessian, hvp) "
                        + "is refused. To differentiate it twice, write its backward with Tensor ops: "
                        + "CustomOp.named(\"" + name + "\").backward((saved, g) -> ...)");
            }
        }
    }
}
