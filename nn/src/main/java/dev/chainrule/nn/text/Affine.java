package dev.chainrule.nn.text;

import dev.chainrule.check.tex.Tex;

import java.util.Map;
import java.util.TreeMap;

/**
 * An index or layer expression as a whole number plus whole multiples of letters ({@code L - n + 2} is
 * {@code L - 2} at n = 4): what {@link Ellipses} compares between two written terms to find the step a pattern
 * takes, and interpolates to write the terms an ellipsis stands for.
 *
 * @param terms    each letter's multiple (none zero), by name
 * @param constant the whole number
 */
record Affine(Map<String, Integer> terms, int constant) {
    Affine {
        terms = new TreeMap<>(terms);
        terms.values().removeIf(x -> x == 0);
        terms = java.util.Collections.unmodifiableMap(terms);
    }

    /**
     * {@return the expression a tree writes, the letters in {@code values} replaced by their values, or null when
     * it is not a whole number plus multiples of letters} A letter is a symbol without scripts or primes.
     */
    static Affine of(Tex t, Map<String, Integer> values) {
        if (t instanceof Tex.Num n) {
            return n.value() == Math.rint(n.value()) && Math.abs(n.value()) < 1e9
                    ? new Affine(Map.of(), (int) n.value()) : null;
        }
        if (t instanceof Tex.Sym s && s.sub() == null && s.sup() == null && s.primes() == 0) {
            Integer v = values.get(s.name());
            return v != null ? new Affine(Map.of(), v) : new Affine(Map.of(s.name(), 1), 0);
        }
        if (t instanceof Tex.Neg n) {
            Affine x = of(n.x(), values);
            return x == null ? null : x.times(-1);
        }
        if (t instanceof Tex.Bin b && (b.op() == '+' || b.op() == '-' || b.op() == '*')) {
            Affine x = of(b.left(), values);
            Affine y = of(b.right(), values);
            if (x == null || y == null) {
                return null;
            }
            if (b.op() == '*') {
                return x.isConstant() ? y.times(x.constant) : y.isConstant() ? x.times(y.constant) : null;
            }
            return x.plus(b.op() == '+' ? y : y.times(-1));
        }
        return null;
    }

    boolean isConstant() {
        return terms.isEmpty();
    }

    Affine times(int k) {
        Map<String, Integer> out = new TreeMap<>();
        terms.forEach((x, c) -> out.put(x, c * k));
        return new Affine(out, constant * k);
    }

    Affine plus(Affine o) {
        Map<String, Integer> out = new TreeMap<>(terms);
        o.terms.forEach((x, c) -> out.merge(x, c, Integer::sum));
        return new Affine(out, constant + o.constant);
    }

    /** The expression as a tree: its letters in name order, then the number ({@code L - 2}). */
    Tex tex(int at) {
        Tex out = null;
        for (Map.Entry<String, Integer> e : terms.entrySet()) {
            Tex x = new Tex.Sym(e.getKey(), 0, null, null, at);
            int c = Math.abs(e.getValue());
            Tex term = c == 1 ? x : new Tex.Bin('*', number(c, at), x, true, at);
            out = out == null ? (e.getValue() < 0 ? new Tex.Neg(term, at) : term)
                    : new Tex.Bin(e.getValue() < 0 ? '-' : '+', out, term, false, at);
        }
        if (out == null) {
            return constant < 0 ? new Tex.Neg(number(-constant, at), at) : number(constant, at);
        }
        return constant == 0 ? out : new Tex.Bin(constant < 0 ? '-' : '+', out, number(Math.abs(constant), at),
                false, at);
    }

    private static Tex number(int k, int at) {
        return new Tex.Num(k, String.valueOf(k), at);
    }
}
