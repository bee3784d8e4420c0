package dev.chainrule.check;

import dev.chainrule.core.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * The methods of {@link Derivation.Values}, a formula's view of one instance: the drawn quantities, the values
 * the model recorded, and autograd's gradients (for formulas that refer to another gradient, such as dL/dw_kj
 * inside a recursion). {@code Derivation.Values} is its only subclass and keeps the public name; the public
 * methods here are its public API.
 */
abstract class ValuesBase {
    private final Derivation d;
    private final Derivation.Instance instance;
    private final Map<String, double[]> recorded;
    private final Map<String, int[]> dims;
    private final Map<String, double[]> grads;
    private final Map<String, int[]> gradDims;

    ValuesBase(Derivation d, Derivation.Instance instance, Map<String, double[]> recorded, Map<String, int[]> dims,
               Map<String, double[]> grads, Map<String, int[]> gradDims) {
        this.d = d;
        this.instance = instance;
        this.recorded = recorded;
        this.dims = dims;
        this.grads = grads;
        this.gradDims = gradDims;
    }

    /** The values of a quantity or recorded value, refusing a name the derivation does not have. */
    private double[] raw(String name) {
        double[] v = recorded.get(name);
        if (v == null) {
            throw new Derivation.Misuse("it names '" + name + "', which is no quantity, probe or recorded value of the "
                    + "derivation; known: " + recorded.keySet());
        }
        return v;
    }

    /**
     * {@return a one-element quantity or recorded value}
     *
     * @param name a quantity, probe or recorded value of one element
     */
    public double get(String name) {
        double[] v = raw(name);
        if (v.length != 1) {
            throw new IllegalArgumentException("Values.get: " + name + " has shape "
                    + Arrays.toString(dims.get(name)) + "; give an index or use tensor");
        }
        return v[0];
    }

    /**
     * {@return one element of a quantity or recorded value, by its index}
     *
     * @param name  a quantity, probe or recorded value
     * @param index one index per axis of its shape, each in range
     */
    public double get(String name, int... index) {
        double[] v = raw(name);
        int[] shape = dims.get(name);
        if (index.length != shape.length) {
            throw new IllegalArgumentException("Values.get: " + name + " has shape " + Arrays.toString(shape)
                    + ", index " + Arrays.toString(index) + " has " + index.length + " axes");
        }
        int flat = 0;
        for (int a = 0; a < shape.length; a++) {
            if (index[a] < 0 || index[a] >= shape[a]) {
                throw new IllegalArgumentException("Values.get: " + name + Arrays.toString(index) + " is outside shape "
                        + Arrays.toString(shape));
            }
            flat = flat * shape[a] + index[a];
        }
        return v[flat];
    }

    /**
     * {@return a quantity or recorded value as a constant tensor of its shape}
     *
     * @param name a quantity, probe or recorded value
     */
    public Tensor tensor(String name) {
        return Tensor.of(raw(name).clone(), dims.get(name));
    }

    /**
     * {@return the shape of a quantity or recorded value}
     *
     * @param name a quantity, probe or recorded value
     */
    public int[] dims(String name) {
        raw(name);
        return dims.get(name).clone();
    }

    /**
     * {@return autograd's dL/d(name) for a one-element quantity or probe}
     *
     * @param name a quantity or probe of one element that the model used
     */
    public double grad(String name) {
        double[] g = gradRaw(name);
        if (g.length != 1) {
            throw new IllegalArgumentException("Values.grad: " + name + " has " + g.length + " elements; use "
                    + "gradTensor");
        }
        return g[0];
    }

    /**
     * {@return autograd's dL/d(name) as a tensor of the quantity's shape}
     *
     * @param name a quantity or probe that the model used
     */
    public Tensor gradTensor(String name) {
        return Tensor.of(gradRaw(name).clone(), gradDims.get(name));
    }

    /** Autograd's gradient of a quantity or probe, refusing a name the model did not use. */
    private double[] gradRaw(String name) {
        double[] g = grads.get(name);
        if (g == null) {
            throw new Derivation.Misuse("it asks for the gradient of '" + name + "', which the model used as no "
                    + "quantity or probe; known: " + grads.keySet());
        }
        return g;
    }

    /**
     * {@return a named constant given to the builder (such as the batch size N)}
     *
     * @param name the constant's name, as declared with {@link Derivation.Builder#constant}
     */
    public double constant(String name) {
        Double c = d.constants.get(name);
        if (c == null) {
            throw new Derivation.Misuse("it names the constant '" + name + "', which the derivation does not declare; "
                    + "known: " + d.constants.keySet());
        }
        return c;
    }

    /** {@return the instance these values belong to} */
    public Derivation.Instance instance() {
        return instance;
    }
}
