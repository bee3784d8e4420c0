package dev.chainrule.nn;

import dev.chainrule.core.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A building block of a network: a function of a tensor with named parameters (leaf tensors that require
 * grad) and named sub-modules, found recursively by {@link #namedParameters()}.
 *
 * <pre>{@code
 * final class Affine extends Module {
 *     final Tensor scale = parameter("scale", Tensor.ones(3));
 *     final Tensor shift = parameter("shift", Tensor.zeros(3));
 *     public Tensor forward(Tensor x) { return x.mul(scale).add(shift); }
 * }
 * }</pre>
 *
 * <p>Modules never write a derivative: their forward passes are built from core ops.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

    /**
     * {@return this module's output for input {@code x}}
     *
     * @param x the input, usually a batch with one example a row
     */
    public abstract Tensor forward(Tensor x);

    /**
     * Registers {@code value} as a parameter under {@code name}, marking it as requiring grad; returns it.
     *
     * @param name the parameter's name in this module: non-empty, without '.', not yet registered
     * @param value the parameter's tensor, a leaf (not the result of an op)
     * @return {@code value}, now requiring grad, to be kept in a field
     */
    protected final Tensor parameter(String name, Tensor value) {
        checkName(name);
        if (!value.isLeaf()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name
                    + "' must be a leaf tensor, not the result of '" + value.op() + "'");
        }
        parameters.put(name, value.requiresGrad());
        return value;
    }

    /**
     * Registers {@code module} as a sub-module under {@code name}; returns it.
     *
     * @param <M> the sub-module's class, kept so that the result fits a typed field
     * @param name the sub-module's name in this module, the prefix of its parameters' paths: non-empty, without
     *             '.', not yet registered
     * @param module the sub-module, whose parameters become this module's too
     * @return {@code module}, to be kept in a field
     */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name
                    + "' must be non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name
                    + "' is already registered");
        }
    }

    /**
     * {@return every parameter of this module and its sub-modules, by dotted path ("0.weight", "1.bias"), in order}
     * The map is unmodifiable.
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        // iterative over the module tree would need a stack of prefixes; trees of modules are shallow
        parameters.forEach((n, t) -> out.put(prefix + n, t));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    /** {@return every parameter, in the order of {@link #namedParameters()}, in a new list} */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** {@return the sub-modules registered directly on this module, by name, in an unmodifiable map} */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Forgets the gradients of every parameter. */
    public final void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    /** {@return the number of scalar parameters, this module's and its sub-modules'} */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** {@return a one-line description of this module alone (its own configuration), used by {@link #toString()}} */
    protected String describe() {
        return getClass().getSimpleName();
    }

    /** The architecture, one module a line, with parameter counts. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        render(s, "", 0);
        return s.toString();
    }

    private void render(StringBuilder s, String name, int depth) {
        s.append("  ".repeat(depth)).append(name.isEmpty() ? "" : "(" + name + ") ").append(describe());
        long own = 0;
        for (Tensor p : parameters.values()) {
            own += p.size();
        }
        s.append(children.isEmpty() ? "  [" + own + " parameters]" : "  [" + parameterCount() + " parameters in all]");
        for (Map.Entry<String, Module> c : children.entrySet()) {
            s.append('\n');
            c.getValue().render(s, c.getKey(), depth + 1);
        }
    }
}
