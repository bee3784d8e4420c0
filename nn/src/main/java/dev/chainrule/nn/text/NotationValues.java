package dev.chainrule.nn.text;

import dev.chainrule.nn.Activation;

import java.util.List;
import java.util.Map;

/** Reading a notation's values (front matter), with one message per kind of mistake, naming the file and key. */
final class NotationValues {
    private NotationValues() {
    }

    static String string(Map<String, Object> m, String key, String file) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new NotationException(file + ": the notation needs '" + key + ": ...'" + (v == null ? ""
                    : ", a single value"));
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Map<String, Object> m, String key, String file) {
        Object v = m.get(key);
        if (v instanceof String s) {
            return List.of(s);
        }
        if (!(v instanceof List<?> l)) {
            throw new NotationException(file + ": the notation needs '" + key + ": [...]'");
        }
        return ((List<Object>) l).stream().map(Object::toString).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key, String file) {
        Object v = m.get(key);
        if (!(v instanceof Map<?, ?>)) {
            throw new NotationException(file + ": the notation needs '" + key + ": {...}' or an indented block");
        }
        return (Map<String, Object>) v;
    }

    static Map<String, Object> optionalMap(Map<String, Object> m, String key, String file) {
        return m.containsKey(key) ? map(m, key, file) : Map.of();
    }

    static double number(String v, String what, String file) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new NotationException(file + ": " + what + ": '" + v + "' is not a number");
        }
    }

    /** A key's value among the allowed ones, or its default when absent; what to write otherwise. */
    static String oneOf(Map<String, Object> m, String key, String otherwise, List<String> allowed, String file,
                        String meaning) {
        String v = m.getOrDefault(key, otherwise).toString();
        if (!allowed.contains(v)) {
            throw new NotationException(file + ": " + key + ": '" + v + "'; write " + String.join(" or ", allowed)
                    + " (" + meaning + ")");
        }
        return v;
    }

    /** A whole number >= 1 (a size, a layer). */
    static int positive(String v, String what, String file) {
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new NotationException(file + ": " + what + ": '" + v + "' is not a whole number >= 1");
    }

    /** The named numbers of {@code constants: {\\alpha: 0.1}}. */
    static Map<String, Double> constants(Map<String, Object> m, String file) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        optionalMap(m, "constants", file).forEach((k, v) -> out.put(k, number(v.toString(), k, file)));
        return out;
    }

    /** The values of a target listed as choices ({@code {y: [0, 1]}}). */
    static double[] choices(Map<String, Object> t, String target, String file) {
        return strings(t, target, file).stream().mapToDouble(v -> number(v, "target", file)).toArray();
    }

    /** The function names the page uses ({@code functions: [f, g]}) with the activation's. */
    static java.util.Set<String> functions(Map<String, Object> m, String activation, String file) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>(m.containsKey("functions")
                ? strings(m, "functions", file) : List.of());
        out.add(activation);
        return out;
    }

    static Activation activation(String name, String file) {
        return Activation.standard().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotationException(file + ": unknown activation '" + name + "'; known: "
                        + Activation.standard().stream().map(Activation::name).toList()));
    }
}
