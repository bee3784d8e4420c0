package dev.chainrule.nn.text;

import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexEval;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.core.Dual;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The free indices of a page's formulas and the values they take over a network: the letters in subscripts
 * ({@code j}, {@code i} in {@code w_{ji}}) that no sum binds, enumerated over the edges or units, and narrowed by
 * the conditions written after a formula ({@code \\quad j \\in \\{3, 4\\}}).
 */
final class FreeIndices {
    private FreeIndices() {
    }

    /** Whether an assignment meets the conditions written after the chain ({@code \\quad j \\neq 5}). */
    static boolean holds(List<Tex> conditions, Map<String, Integer> a) {
        for (Tex c : conditions) {
            if (c instanceof Tex.Cmp cmp && cmp.at() == 0 && !a.keySet().containsAll(letters(cmp))) {
                continue; // a section's range or a prose condition ("if $j \neq i$") on an index this formula lacks
            }
            TexEval.Scope<Dual> indexOnly = new TexEval.Scope<>() {
                @Override
                public Dual constant(double value) {
                    return Dual.of(value, 0);
                }

                @Override
                public Dual symbol(Sym s, Map<String, Integer> indices) {
                    throw new IllegalArgumentException("the condition " + TexPrinter.print(c) + " names "
                            + TexPrinter.print(s) + ", which is no index of the formula");
                }
            };
            if (TexEval.eval(c, indexOnly, new HashMap<>(a)).value() != 1) {
                return false;
            }
        }
        return true;
    }

    /** The one-letter symbols a condition names ({@code j}, {@code i} in {@code j \neq i}). */
    private static Set<String> letters(Tex t) {
        Set<String> out = new LinkedHashSet<>();
        if (t instanceof Sym s && s.sub() == null && s.sup() == null && s.name().length() == 1) {
            out.add(s.name());
        } else if (t instanceof Tex.Cmp c) {
            out.addAll(letters(c.left()));
            out.addAll(letters(c.right()));
        } else if (t instanceof Tex.Bin b) {
            out.addAll(letters(b.left()));
            out.addAll(letters(b.right()));
        }
        return out;
    }

    /**
     * Every assignment of the free index letters of the derivative's variable over the network: over the edges
     * for a two-index symbol ({@code w_{ji}}, {@code w_{5i}}), over the computing units for a one-index one.
     */
    static List<Map<String, Integer>> assignments(Tex wrt, NeuronNotation n) {
        if (!(wrt instanceof Sym s) || !n.roles.containsKey(s.name())) {
            throw new IllegalArgumentException("the derivative's variable " + TexPrinter.print(wrt) + " is not a "
                    + "symbol of the notation; known: " + n.roles.keySet());
        }
        List<String> items = new ArrayList<>();
        items(s.sub(), items);
        NeuronNotation.Role role = n.roles.get(s.name());
        List<List<String>> candidates = new ArrayList<>();
        if (items.size() == 2) {
            for (NeuronNotation.Edge e : n.edges) {
                candidates.add(role.toFrom() ? List.of(e.to(), e.from()) : List.of(e.from(), e.to()));
            }
        } else if (items.size() == 1) {
            n.units.forEach(u -> candidates.add(List.of(u)));
        } else if (!items.isEmpty()) {
            throw new IllegalArgumentException("cannot enumerate the indices " + items + " of "
                    + TexPrinter.print(wrt));
        }
        List<Map<String, Integer>> out = new ArrayList<>();
        if (items.stream().noneMatch(x -> Character.isLetter(x.charAt(0)))) {
            return List.of(Map.of()); // no free letter: one assignment; a unit or edge that is not there is named later
        }
        for (List<String> c : candidates) {
            Map<String, Integer> a = new LinkedHashMap<>();
            boolean ok = true;
            for (int k = 0; k < items.size() && ok; k++) {
                String item = items.get(k);
                if (Character.isLetter(item.charAt(0))) {
                    Integer prev = a.putIfAbsent(item, Integer.parseInt(c.get(k)));
                    ok = prev == null || prev == Integer.parseInt(c.get(k));
                } else {
                    ok = item.equals(c.get(k));
                }
            }
            if (ok && !out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The index items of a subscript as written: letters and unit numbers ({@code ji}, {@code 5i}, {@code 46}). */
    static void items(Tex t, List<String> out) {
        if (t instanceof Sym s && s.sub() == null && isIndexName(s.name())) {
            out.add(s.name()); // i_{3}: a page's indexed index, named by PagePatterns
        } else if (t instanceof Sym s && s.sub() == null && s.name().chars().allMatch(Character::isLetter)) {
            s.name().chars().forEach(c -> out.add(String.valueOf((char) c)));
        } else if (t instanceof Tex.Num num && num.text().length() == 2 && !num.text().contains(".")) {
            out.add(num.text().substring(0, 1));
            out.add(num.text().substring(1));
        } else if (t instanceof Tex.Num num) {
            out.add(num.text());
        } else if (t instanceof Tex.Bin b && b.implicit()) {
            items(b.left(), out);
            items(b.right(), out);
        } else if (t instanceof Tex.Indices ix) {
            ix.items().forEach(i -> items(i, out));
        } else if (t != null) {
            throw new IllegalArgumentException("cannot read the index " + TexPrinter.print(t));
        }
    }

    /** The index letters a tree leaves free: in subscripts, not bound by a sum around them. */
    static void freeLetters(Tex t, Set<String> bound, List<String> out) {
        if (t instanceof Sym s) {
            if (s.sub() != null) {
                List<String> items = new ArrayList<>();
                try {
                    items(s.sub(), items);
                } catch (IllegalArgumentException e) {
                    return;
                }
                items.stream().filter(x -> Character.isLetter(x.charAt(0)) && !bound.contains(x) && !out.contains(x))
                        .forEach(out::add);
            }
        } else if (t instanceof Tex.Sum sum) {
            Set<String> inner = new LinkedHashSet<>(bound);
            if (sum.index() != null) {
                inner.add(sum.index());
            }
            freeLetters(sum.body(), inner, out);
        } else if (t instanceof Tex.Bin b) {
            freeLetters(b.left(), bound, out);
            freeLetters(b.right(), bound, out);
        } else if (t instanceof Tex.Neg x) {
            freeLetters(x.x(), bound, out);
        } else if (t instanceof Tex.Frac f) {
            freeLetters(f.num(), bound, out);
            freeLetters(f.den(), bound, out);
        } else if (t instanceof Tex.Pow p) {
            freeLetters(p.base(), bound, out);
        } else if (t instanceof Deriv d) {
            if (d.of() != null) {
                freeLetters(d.of(), bound, out);
            }
            freeLetters(d.wrt(), bound, out);
        } else if (t instanceof Tex.Apply a) {
            a.args().forEach(x -> freeLetters(x, bound, out));
        } else if (t instanceof Tex.Cases cs) {
            cs.values().forEach(x -> freeLetters(x, bound, out));
        }
    }

    /** Every assignment of the letters to unit numbers. */
    static List<Map<String, Integer>> product(List<String> letters, NeuronNotation n) {
        List<Map<String, Integer>> out = new ArrayList<>(List.of(Map.of()));
        List<String> all = new ArrayList<>(n.inputs);
        all.addAll(n.units);
        for (String letter : letters) {
            List<Map<String, Integer>> next = new ArrayList<>();
            for (Map<String, Integer> a : out) {
                for (String u : all) {
                    Map<String, Integer> b = new LinkedHashMap<>(a);
                    b.put(letter, Integer.parseInt(u));
                    next.add(b);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * The free index letters of a tree: in superscripts (and a size's subscript) they name layers ({@code true}),
     * in subscripts elements; letters a sum binds, and names of the notation, are not free.
     */
    static void layerLetters(Tex t, LayerNotation n, Set<String> bound, Map<String, Boolean> out) {
        if (t instanceof Sym s) {
            boolean size = "size".equals(n.roles.get(s.name()));
            if (s.sub() != null) {
                letters(s.sub(), n, bound, out, size);
            }
            if (s.sup() != null && (n.roles.containsKey(s.name()) || !n.constants.containsKey(s.name()))) {
                letters(s.sup(), n, bound, out, true);
            }
        } else if (t instanceof Tex.Sum sum) {
            Set<String> inner = new LinkedHashSet<>(bound);
            if (sum.index() != null) {
                inner.add(sum.index());
            }
            for (Tex x : new Tex[] {sum.from(), sum.to()}) {
                if (x != null) {
                    layerLetters(x, n, bound, out);
                }
            }
            layerLetters(sum.body(), n, inner, out);
        } else if (t instanceof Tex.Bin b) {
            layerLetters(b.left(), n, bound, out);
            layerLetters(b.right(), n, bound, out);
        } else if (t instanceof Tex.Neg x) {
            layerLetters(x.x(), n, bound, out);
        } else if (t instanceof Tex.Frac f) {
            layerLetters(f.num(), n, bound, out);
            layerLetters(f.den(), n, bound, out);
        } else if (t instanceof Tex.Pow p) {
            layerLetters(p.base(), n, bound, out);
        } else if (t instanceof Tex.Transpose tr) {
            layerLetters(tr.x(), n, bound, out);
        } else if (t instanceof Tex.Sqrt r) {
            layerLetters(r.x(), n, bound, out);
        } else if (t instanceof Tex.Abs a) {
            layerLetters(a.x(), n, bound, out);
        } else if (t instanceof Tex.Underbrace u) {
            layerLetters(u.x(), n, bound, out);
        } else if (t instanceof Deriv d) {
            if (d.of() != null) {
                layerLetters(d.of(), n, bound, out);
            }
            layerLetters(d.wrt(), n, bound, out);
        } else if (t instanceof Tex.Apply a) {
            a.args().forEach(x -> layerLetters(x, n, bound, out));
        } else if (t instanceof Tex.Cases cs) {
            cs.values().forEach(x -> layerLetters(x, n, bound, out));
        } else if (t instanceof Tex.Matrix m) {
            m.rows().forEach(r -> r.forEach(x -> layerLetters(x, n, bound, out)));
        }
    }

    private static void letters(Tex t, LayerNotation n, Set<String> bound, Map<String, Boolean> out,
                                boolean layer) {
        if (t instanceof Sym s && s.sub() == null && s.sup() == null) {
            if (s.name().length() > 1 && s.name().chars().allMatch(Character::isLetter) && !layer
                    && !n.roles.containsKey(s.name())) {
                for (char c : s.name().toCharArray()) { // ij: two indices
                    letter(String.valueOf(c), n, bound, out, false);
                }
            } else {
                letter(s.name(), n, bound, out, layer);
            }
        } else if (t instanceof Tex.Indices ix) {
            ix.items().forEach(x -> letters(x, n, bound, out, layer));
        } else if (t instanceof Tex.Bin b) {
            letters(b.left(), n, bound, out, layer);
            letters(b.right(), n, bound, out, layer);
        } else if (t instanceof Tex.Neg x) {
            letters(x.x(), n, bound, out, layer);
        }
    }

    private static void letter(String name, LayerNotation n, Set<String> bound, Map<String, Boolean> out,
                               boolean layer) {
        boolean role = n.roles.containsKey(name) && !n.roles.get(name).equals("size"); // n bare: a letter, not n_l
        if (isLetter(name) && !bound.contains(name) && !role && !n.constants.containsKey(name) && !name.equals("T")) {
            out.merge(name, layer, (a, b) -> a || b);
        }
    }

    /** Whether a name can be an index letter: one letter, or {@code \ell}. */
    static boolean isLetter(String name) {
        return name.length() == 1 && Character.isLetter(name.charAt(0)) || name.equals("\\ell") || isIndexName(name);
    }

    /** Whether a name is an indexed index as {@link PagePatterns} names it: {@code i_{3}}, {@code i_{j}}. */
    static boolean isIndexName(String name) {
        return name.length() > 4 && Character.isLetter(name.charAt(0)) && name.startsWith("_{", 1)
                && name.endsWith("}")
                && name.substring(3, name.length() - 1).chars().allMatch(Character::isLetterOrDigit);
    }
}
