package dev.chainrule.check;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods of {@link Derivation.Instance}, the drawn values of one instance by quantity name, compared by
 * content. {@code Derivation.Instance} is its only subclass and keeps the public name; the public methods here
 * are its public API.
 */
abstract class InstanceBase {
    private final Derivation d;
    final Map<String, double[]> values;

    InstanceBase(Derivation d, Map<String, double[]> values) {
        this.d = d;
        this.values = values;
    }

    /**
     * {@return a copy of the values of one quantity, row-major}
     *
     * @param name the quantity's name, as declared in the builder
     */
    public double[] values(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("Instance: no quantity " + name);
        }
        return v.clone();
    }

    /** {@return the quantity names, in declaration order} */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** A copy with one element of one quantity set to {@code value} (a step of the shrinking). */
    Derivation.Instance with(String name, int element, double value) {
        Map<String, double[]> v = new LinkedHashMap<>(values);
        double[] x = v.get(name).clone();
        x[element] = value;
        v.put(name, x);
        return new Derivation.Instance(d, v);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(e.getKey()).append(" = ");
            int[] dims = d.byName.get(e.getKey()).dims();
            s.append(DerivationReport.format(e.getValue(), dims));
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Derivation.Instance other) || !other.values.keySet().equals(values.keySet())) {
            return false;
        }
        for (String k : values.keySet()) {
            if (!Arrays.equals(values.get(k), other.values.get(k))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }
}
