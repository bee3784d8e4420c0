package dev.chainrule.check;

import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Dual;
import dev.chainrule.core.Scalar;

/**
 * The methods of {@link Derivation.Generic}, the view a {@link Derivation.GenericModel} gets: on Scalars it
 * delegates to a {@link Derivation.Context}; on dual numbers it seeds the tangent of one element (forward mode).
 * {@code Derivation.Generic} is its only subclass and keeps the public name; the public methods here are its
 * public API.
 *
 * @param <T> Scalar or Dual
 */
abstract class GenericBase<T extends Differentiable<T>> {
    private final Derivation.Context context;
    private final Witnesses.Seed seed;

    GenericBase(Derivation.Context context, Witnesses.Seed seed) {
        this.context = context;
        this.seed = seed;
    }

    /**
     * {@return the value of a one-element quantity}
     *
     * @param name a declared quantity of one element
     */
    public double value(String name) {
        if (context != null) {
            return context.value(name);
        }
        double[] v = seed.instance().values(name);
        if (v.length != 1) {
            throw new IllegalArgumentException("Generic.value: " + name + " has " + v.length + " elements");
        }
        return v[0];
    }

    /**
     * {@return a one-element quantity as a differentiable number (a leaf, or a dual number)}
     *
     * @param name a declared quantity of one element
     */
    @SuppressWarnings("unchecked")
    public T scalar(String name) {
        if (context != null) {
            return (T) context.scalar(name);
        }
        double v = value(name);
        return (T) Dual.of(v, name.equals(seed.name()) ? 1.0 : 0.0);
    }

    /**
     * {@return element {@code k} (row-major) of a quantity of any shape, as {@link Derivation.Context#element} gives
     * it}
     *
     * @param name a declared quantity
     * @param k    the element's row-major index in the quantity's shape
     */
    @SuppressWarnings("unchecked")
    public T element(String name, int k) {
        if (context != null) {
            return (T) context.element(name, k);
        }
        double[] v = seed.instance().values(name);
        if (k < 0 || k >= v.length) {
            throw new IllegalArgumentException("Generic.element: " + name + " has " + v.length + " elements; there "
                    + "is no element " + k);
        }
        return (T) Dual.of(v[k], name.equals(seed.name()) && k == seed.element() ? 1.0 : 0.0);
    }

    /**
     * Marks element k of an intermediate quantity of shape dims, as {@link Derivation.Context#probe} does.
     *
     * @param name the intermediate quantity's name, the same for all its elements
     * @param dims its shape, the same at every call for that name
     * @param k    the element's row-major index in {@code dims}
     * @param node the element's value as computed by the model
     * @return {@code node}, with a probe added (on Scalars) or a unit tangent when forward mode moves this element
     */
    @SuppressWarnings("unchecked")
    public T probe(String name, int[] dims, int k, T node) {
        if (context != null) {
            return (T) context.probe(name, dims, k, (Scalar) node);
        }
        return name.equals(seed.name()) && k == seed.element() ? (T) ((Dual) node).add(Dual.of(0.0, 1.0)) : node;
    }

    /**
     * Marks an intermediate quantity, as {@link Derivation.Context#probe(String, Scalar)} does.
     *
     * @param name the intermediate quantity's name, new to this instance
     * @param node its value as computed by the model
     * @return {@code node}, with a probe added (on Scalars) or a unit tangent when forward mode moves it
     */
    @SuppressWarnings("unchecked")
    public T probe(String name, T node) {
        if (context != null) {
            return (T) context.probe(name, (Scalar) node);
        }
        return name.equals(seed.name()) ? (T) ((Dual) node).add(Dual.of(0.0, 1.0)) : node;
    }

    /**
     * Records an intermediate value for the formulas (ignored in forward mode).
     *
     * @param name the name the formulas read it by, new to this instance
     * @param node the value as computed by the model
     */
    public void record(String name, T node) {
        if (context != null) {
            context.record(name, (Scalar) node);
        }
    }

    /** {@return the Scalar context behind this view, or null in forward mode} */
    public Derivation.Context context() {
        return context;
    }
}
