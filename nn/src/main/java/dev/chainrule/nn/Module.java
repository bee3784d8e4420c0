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

    /** The output for input {@code x}. */
    public abstract Tensor forward(Tensor x);

    /** Registers {@code value} as a parameter under {@code name}, marking it as requiring grad; returns it. */
    protected final Tensor parameter(String name, Tensor value) {
        checkName(name);
        if (!value.isLeaf()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name
                    + "' must be a leaf tensor, not the result of '" + value.op() + "'");
        }
        parameters.put(name, value.requiresGrad());
        return value;
    }

    /** Registers {@code module} as a sub-module under {@code name}; returns it. */
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

    /** Every parameter of this module and its sub-modules, by dotted path ("0.weight", "1.bias"), in order. */
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

    /** Every parameter, in the order of {@link #namedParameters()}. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The sub-modules registered directly on this module, by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Forgets the gradients of every parameter. */
    public final void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The number of scalar parameters. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** A one-line description of this module alone (its own configuration), used by {@link #toString()}. */
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
