package dev.chainrule.check;

import dev.chainrule.core.DType;
import dev.chainrule.core.Scalar;
import dev.chainrule.core.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The methods of {@link Derivation.Context}, the model's view of one instance: each quantity as a leaf (or, for
 * the finite differences, a constant), probes on intermediate quantities, and records of the values the formulas
 * use. {@code Derivation.Context} is its only subclass and keeps the public name; the public methods here are
 * its public API.
 */
abstract class ContextBase {
    private final Derivation d;
    private final Derivation.Instance instance;
    private final boolean analytic;
    private final String moved;
    private final int movedElement;
    private final double delta;
    final Map<String, Scalar> scalarLeaves = new LinkedHashMap<>();
    final Map<String, Tensor> tensorLeaves = new LinkedHashMap<>();
    /** The leaves of quantities and probes a Scalar model uses element by element ({@link #element}). */
    final Map<String, Scalar[]> elementLeaves = new LinkedHashMap<>();
    private final Map<String, boolean[]> probedElements = new LinkedHashMap<>();
    final Map<String, double[]> recorded = new LinkedHashMap<>();
    final Map<String, int[]> recordedDims = new LinkedHashMap<>();
    private final Set<String> probed = new LinkedHashSet<>();
    private final Set<String> readAsNumber = new LinkedHashSet<>();
    private final Set<String> madeLeaf = new LinkedHashSet<>();
    private final Set<String> bound = new LinkedHashSet<>();

    /**
     * A view of one instance.
     *
     * @param analytic     whether quantities become leaves and probes record gradients (reverse mode), or
     *                     everything is a constant (the finite differences)
     * @param moved        the quantity or probe the finite differences move, or null
     * @param movedElement the element of it that moves
     * @param delta        by how much it moves
     */
    ContextBase(Derivation d, Derivation.Instance instance, boolean analytic, String moved, int movedElement,
                double delta) {
        this.d = d;
        this.instance = instance;
        this.analytic = analytic;
        this.moved = moved;
        this.movedElement = movedElement;
        this.delta = delta;
        for (Quantity q : d.quantities) {
            recorded.put(q.name(), instance.values.get(q.name()));
            recordedDims.put(q.name(), q.dims());
        }
    }

    /** The declared quantity of this name, refusing an unknown one (for the error of method {@code op}). */
    private Quantity quantity(String op, String name) {
        Quantity q = d.byName.get(name);
        if (q == null) {
            throw new IllegalArgumentException("Context." + op + ": " + name + " is not a quantity of "
                    + d.title + "; the quantities are " + d.byName.keySet());
        }
        return q;
    }

    /**
     * {@return the values of a quantity at this instance, row-major} They are moved by the finite-difference step
     * where that applies; the quantity then counts as read as plain numbers, which autograd sees as constants.
     *
     * @param name a declared quantity
     */
    public double[] values(String name) {
        Quantity q = quantity("values", name);
        if (bound.contains(name)) {
            throw new IllegalStateException("Context.values: " + name + " is bound to a leaf already; read it "
                    + "before the bind (to set the network's value), and use the leaf after it, or autograd "
                    + "would not see this use");
        }
        readAsNumber.add(name);
        checkOneRole(name);
        return numbers(q.name());
    }

    /**
     * The values without marking the quantity as read as plain numbers (the leaf-making methods use it).
     */
    private double[] numbers(String name) {
        double[] v = instance.values.get(quantity("values", name).name()).clone();
        if (name.equals(moved)) {
            v[movedElement] += delta;
        }
        return v;
    }

    /** The value of a one-element quantity, without marking it as read as a plain number. */
    private double number(String name) {
        double[] v = numbers(name);
        if (v.length != 1) {
            throw new IllegalArgumentException("Context.scalar: " + name + " has " + v.length + " elements; use "
                    + "tensor");
        }
        return v[0];
    }

    /**
     * A quantity read as plain numbers and also made a leaf would hide a path from autograd (the numbers are
     * constants to it): refuse it, whatever the order of the two reads.
     */
    private void checkOneRole(String name) {
        if (readAsNumber.contains(name) && madeLeaf.contains(name)) {
            throw new IllegalStateException("Context: " + name + " is used both as a leaf (scalar/tensor) and as "
                    + "plain numbers (value/values); autograd would not see the second use. Use the leaf "
                    + "everywhere, or bind a leaf you set from value(\"" + name + "\")");
        }
    }

    /**
     * {@return the value of a one-element quantity}
     *
     * @param name a declared quantity of one element
     */
    public double value(String name) {
        double[] v = values(name);
        if (v.length != 1) {
            throw new IllegalArgumentException("Context.value: " + name + " has " + v.length + " elements; use "
                    + "values or tensor");
        }
        return v[0];
    }

    /**
     * {@return a one-element quantity as a Scalar: a leaf whose gradient the checker reads}
     *
     * @param name a declared quantity of one element
     */
    public Scalar scalar(String name) {
        requireScalarModel("scalar");
        double v = number(name);
        madeLeaf.add(name);
        checkOneRole(name);
        if (!analytic) {
            return Scalar.constant(v);
        }
        return scalarLeaves.computeIfAbsent(name, k -> Scalar.of(v, k));
    }

    /**
     * {@return element {@code k} (row-major) of a quantity of any shape, as a Scalar} A leaf of its own whose gradient
     * the checker reads as element k of the quantity's gradient: how a Scalar model uses a layer's weight matrix.
     *
     * @param name a declared quantity
     * @param k    the element's row-major index in the quantity's shape
     */
    public Scalar element(String name, int k) {
        requireScalarModel("element");
        Quantity q = quantity("element", name);
        double[] v = numbers(name);
        if (k < 0 || k >= v.length) {
            throw new IllegalArgumentException("Context.element: " + name + " has shape " + Arrays.toString(q.dims())
                    + " (" + v.length + " elements); there is no element " + k);
        }
        madeLeaf.add(name);
        checkOneRole(name);
        if (!analytic) {
            return Scalar.constant(v[k]);
        }
        Scalar[] leaves = elementLeaves.computeIfAbsent(name, x -> new Scalar[v.length]);
        if (leaves[k] == null) {
            leaves[k] = Scalar.of(v[k], name + Arrays.toString(new int[] {k}));
        }
        return leaves[k];
    }

    /**
     * Marks element {@code k} (row-major) of an intermediate quantity of shape {@code dims} (one unit of a layer's
     * z), as {@link #probe(String, Scalar)} marks a whole one: dL/d(name) is read element by element. Each element
     * is probed once.
     *
     * @param name the intermediate quantity's name, the same for all its elements
     * @param dims its shape, the same at every call for that name
     * @param k    the element's row-major index in {@code dims}
     * @param node the element's value as computed by the model
     * @return {@code node} with a zero-valued probe added (or the finite-difference step, where it moves)
     */
    public Scalar probe(String name, int[] dims, int k, Scalar node) {
        requireScalarModel("probe");
        int size = Math.toIntExact(Arrays.stream(dims).asLongStream().reduce(1, Math::multiplyExact));
        if (k < 0 || k >= size) {
            throw new IllegalArgumentException("Context.probe: " + name + " has shape " + Arrays.toString(dims)
                    + "; there is no element " + k);
        }
        boolean[] seen = probedElements.get(name);
        if (seen == null) {
            fresh(name);
            seen = new boolean[size];
            probedElements.put(name, seen);
            recorded.put(name, new double[size]);
            recordedDims.put(name, dims.clone());
        } else if (!Arrays.equals(recordedDims.get(name), dims)) {
            throw new IllegalArgumentException("Context.probe: " + name + " was probed with shape "
                    + Arrays.toString(recordedDims.get(name)) + ", now " + Arrays.toString(dims));
        }
        if (seen[k]) {
            throw new IllegalArgumentException("Context.probe: element " + k + " of " + name + " is probed twice");
        }
        seen[k] = true;
        recorded.get(name)[k] = node.value();
        if (analytic) {
            Scalar eps = Scalar.of(0.0, "d" + name + Arrays.toString(new int[] {k}));
            elementLeaves.computeIfAbsent(name, x -> new Scalar[size])[k] = eps;
            return node.add(eps);
        }
        return name.equals(moved) && k == movedElement ? node.add(delta) : node;
    }

    /**
     * {@return a quantity as a Tensor of its shape: a leaf whose gradient the checker reads}
     *
     * @param name a declared quantity
     */
    public Tensor tensor(String name) {
        requireTensorModel("tensor");
        Quantity q = quantity("tensor", name);
        double[] v = numbers(name);
        madeLeaf.add(name);
        checkOneRole(name);
        if (!analytic) {
            return Tensor.of(v, q.dims());
        }
        return tensorLeaves.computeIfAbsent(name, k -> Tensor.of(v, q.dims()).requiresGrad());
    }

    /**
     * Uses a module's parameter as the quantity: copies the instance's values into it and reads its gradient,
     * so a network built with nn layers is checked as it is.
     *
     * @param name      a declared quantity, of the parameter's shape
     * @param parameter the module's parameter tensor; its values are overwritten with the instance's
     * @return {@code parameter}, now holding the instance's values
     * @throws IllegalArgumentException if the parameter's shape differs from the quantity's
     */
    public Tensor bind(String name, Tensor parameter) {
        requireTensorModel("bind");
        Quantity q = quantity("bind", name);
        if (parameter.dtype() != DType.F64) {
            throw new IllegalArgumentException("Context.bind: the parameter for " + name + " is float32; "
                    + GradCheck.WHY_F64 + " Build the layer in float64 (the default) to check it, then train in "
                    + "float32.");
        }
        if (!Arrays.equals(parameter.shape().dims(), q.dims())) {
            throw new IllegalArgumentException("Context.bind: " + name + " has shape " + Arrays.toString(q.dims())
                    + " but the parameter has shape " + parameter.shape());
        }
        madeLeaf.add(name);
        checkOneRole(name);
        parameter.assign(Tensor.of(numbers(name), q.dims()));
        if (analytic) {
            tensorLeaves.put(name, parameter);
        }
        return parameter;
    }

    /**
     * Uses a Scalar leaf made elsewhere (a neuron network's parameter in one pass) as the quantity. Set the
     * network from {@link #value} before its forward pass; this checks that the leaf holds that value.
     *
     * @param name a declared quantity of one element
     * @param leaf a leaf that requires grad, set to {@code value(name)} before the forward pass
     * @return {@code leaf}, whose gradient the checker now reads
     */
    public Scalar bind(String name, Scalar leaf) {
        requireScalarModel("bind");
        double v = number(name);
        if (leaf.value() != v) {
            throw new IllegalArgumentException("Context.bind: the leaf for " + name + " holds " + leaf.value()
                    + " but the instance has " + v + "; set the network's value from c.value(\"" + name
                    + "\") before its forward pass");
        }
        bound.add(name);
        if (analytic) {
            if (!leaf.isLeaf() || !leaf.requiresGrad()) {
                throw new IllegalArgumentException("Context.bind: the Scalar for " + name + " is not a leaf that "
                        + "requires grad");
            }
            scalarLeaves.put(name, leaf);
        }
        return leaf;
    }

    /**
     * Marks an intermediate quantity (an input current z_j, an activity x_j, a layer's output): records its
     * value for the formulas and returns it with a zero-valued probe added, so that dL/d(name) can be read by
     * autograd and moved by the finite differences.
     *
     * @param name the intermediate quantity's name, new to this instance
     * @param node its value as computed by the model
     * @return {@code node} with a zero-valued probe added (or the finite-difference step, where it moves)
     */
    public Scalar probe(String name, Scalar node) {
        requireScalarModel("probe");
        fresh(name);
        recorded.put(name, new double[] {node.value()});
        recordedDims.put(name, new int[0]);
        if (analytic) {
            Scalar eps = Scalar.of(0.0, "d" + name);
            scalarLeaves.put(name, eps);
            return node.add(eps);
        }
        return name.equals(moved) ? node.add(delta) : node;
    }

    /**
     * {@link #probe(String, Scalar)} for a tensor.
     *
     * @param name the intermediate quantity's name, new to this instance
     * @param node its value as computed by the model
     * @return {@code node} with a zero probe of its shape added (or the finite-difference step, where it moves)
     */
    public Tensor probe(String name, Tensor node) {
        requireTensorModel("probe");
        fresh(name);
        recorded.put(name, node.toArray());
        recordedDims.put(name, node.shape().dims());
        if (analytic) {
            Tensor eps = Tensor.zeros(node.shape().dims()).requiresGrad();
            tensorLeaves.put(name, eps);
            return node.add(eps);
        }
        if (name.equals(moved)) {
            double[] e = new double[node.size()];
            e[movedElement] = delta;
            return node.add(Tensor.of(e, node.shape()));
        }
        return node;
    }

    /**
     * Records an intermediate value for the formulas, without making it differentiable.
     *
     * @param name the name the formulas read it by, new to this instance
     * @param node the value as computed by the model
     */
    public void record(String name, Scalar node) {
        record(name, node.value());
    }

    /**
     * Records an intermediate value for the formulas.
     *
     * @param name  the name the formulas read it by, new to this instance
     * @param value the number the formulas read under {@code name}
     */
    public void record(String name, double value) {
        fresh(name);
        recorded.put(name, new double[] {value});
        recordedDims.put(name, new int[0]);
    }

    /**
     * Records an intermediate tensor for the formulas.
     *
     * @param name the name the formulas read it by, new to this instance
     * @param node the value as computed by the model; the formulas see its shape
     */
    public void record(String name, Tensor node) {
        fresh(name);
        recorded.put(name, node.toArray());
        recordedDims.put(name, node.shape().dims());
    }

    /** Refuses a name recorded before, or that of a drawn quantity: each intermediate has its own name. */
    private void fresh(String name) {
        if (d.byName.containsKey(name) || !probed.add(name)) {
            throw new IllegalArgumentException("Context: " + name + " is recorded twice (or is also a drawn "
                    + "quantity); give each intermediate quantity its own name");
        }
    }

    /** Refuses a Scalar method on the view of a Tensor model. */
    private void requireScalarModel(String op) {
        if (d.scalarModel == null) {
            throw new IllegalStateException("Context." + op + "(Scalar): " + d.title + " has a Tensor model; use "
                    + "the Tensor form");
        }
    }

    /** Refuses a Tensor method on the view of a Scalar model. */
    private void requireTensorModel(String op) {
        if (d.tensorModel == null) {
            throw new IllegalStateException("Context." + op + "(Tensor): " + d.title + " has a Scalar model; use "
                    + "the Scalar form");
        }
    }
}
