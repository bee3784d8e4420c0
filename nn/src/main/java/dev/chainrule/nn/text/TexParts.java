package dev.chainrule.nn.text;

import dev.chainrule.check.tex.Tex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every part of a formula's tree, scripts, limits and the variables of derivatives included (null where a part is
 * absent, as a symbol without a subscript), and the tree rebuilt with other parts: what {@link PagePatterns} walks
 * and rewrites. Two nodes of one kind with equal {@link #label}s differ only in their parts.
 */
final class TexParts {
    private TexParts() {
    }

    /** The parts of a node, in a fixed order per kind; absent ones are null. */
    static List<Tex> of(Tex t) {
        if (t instanceof Tex.Sym s) {
            return Arrays.asList(s.sub(), s.sup());
        } else if (t instanceof Tex.Indices ix) {
            return ix.items();
        } else if (t instanceof Tex.Apply a) {
            List<Tex> out = new ArrayList<>(List.of(a.fn()));
            out.addAll(a.args());
            return out;
        } else if (t instanceof Tex.Bin b) {
            return List.of(b.left(), b.right());
        } else if (t instanceof Tex.Neg n) {
            return List.of(n.x());
        } else if (t instanceof Tex.Frac f) {
            return List.of(f.num(), f.den());
        } else if (t instanceof Tex.Pow p) {
            return List.of(p.base(), p.exponent());
        } else if (t instanceof Tex.Transpose tr) {
            return List.of(tr.x());
        } else if (t instanceof Tex.Deriv d) {
            return Arrays.asList(d.of(), d.wrt());
        } else if (t instanceof Tex.Sqrt r) {
            return List.of(r.x());
        } else if (t instanceof Tex.Abs a) {
            return List.of(a.x());
        } else if (t instanceof Tex.Sum s) {
            return Arrays.asList(s.from(), s.to(), s.set(), s.excluded(), s.condition(), s.body());
        } else if (t instanceof Tex.Matrix m) {
            List<Tex> all = new ArrayList<>();
            m.rows().forEach(all::addAll);
            return all;
        } else if (t instanceof Tex.Cases c) {
            List<Tex> all = new ArrayList<>(c.values());
            all.addAll(c.conditions());
            return all;
        } else if (t instanceof Tex.Cmp c) {
            return List.of(c.left(), c.right());
        } else if (t instanceof Tex.Underbrace u) {
            return List.of(u.x(), u.label());
        }
        return List.of(); // a number, text, an ellipsis
    }

    /** The node with its parts replaced by {@code k}, in the order {@link #of} gives them. */
    static Tex with(Tex t, List<Tex> k) {
        if (t instanceof Tex.Sym s) {
            return new Tex.Sym(s.name(), s.primes(), k.get(0), k.get(1), s.at());
        } else if (t instanceof Tex.Indices ix) {
            return new Tex.Indices(k, ix.separated(), ix.at());
        } else if (t instanceof Tex.Apply a) {
            return new Tex.Apply((Tex.Sym) k.get(0), k.subList(1, k.size()), a.at());
        } else if (t instanceof Tex.Bin b) {
            return new Tex.Bin(b.op(), k.get(0), k.get(1), b.implicit(), b.at());
        } else if (t instanceof Tex.Neg n) {
            return new Tex.Neg(k.get(0), n.at());
        } else if (t instanceof Tex.Frac f) {
            return new Tex.Frac(k.get(0), k.get(1), f.at());
        } else if (t instanceof Tex.Pow p) {
            return new Tex.Pow(k.get(0), k.get(1), p.at());
        } else if (t instanceof Tex.Transpose tr) {
            return new Tex.Transpose(k.get(0), tr.at());
        } else if (t instanceof Tex.Deriv d) {
            return new Tex.Deriv(k.get(0), k.get(1), d.operator(), d.wellFormed(), d.at());
        } else if (t instanceof Tex.Sqrt r) {
            return new Tex.Sqrt(k.get(0), r.at());
        } else if (t instanceof Tex.Abs a) {
            return new Tex.Abs(k.get(0), a.norm(), a.at());
        } else if (t instanceof Tex.Sum s) {
            return new Tex.Sum(s.product(), s.index(), k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5),
                    s.at());
        } else if (t instanceof Tex.Matrix m) {
            List<List<Tex>> rows = new ArrayList<>();
            int i = 0;
            for (List<Tex> row : m.rows()) {
                rows.add(new ArrayList<>(k.subList(i, i + row.size())));
                i += row.size();
            }
            return new Tex.Matrix(rows, m.kind(), m.at());
        } else if (t instanceof Tex.Cases c) {
            int n = c.values().size();
            return new Tex.Cases(k.subList(0, n), k.subList(n, k.size()), c.at());
        } else if (t instanceof Tex.Cmp c) {
            return new Tex.Cmp(c.op(), k.get(0), k.get(1), c.at());
        } else if (t instanceof Tex.Underbrace u) {
            return new Tex.Underbrace(k.get(0), k.get(1), u.at());
        }
        return t;
    }

    /**
     * What a node is apart from its parts: two nodes of one kind and label differ only in their parts (a symbol's
     * name and primes, an operator, a derivative's operator, a sum's index, a text, a matrix's row lengths).
     */
    static String label(Tex t) {
        if (t instanceof Tex.Sym s) {
            return s.name() + "'".repeat(s.primes());
        } else if (t instanceof Tex.Indices ix) {
            return ix.items().size() + (ix.separated() ? "," : "");
        } else if (t instanceof Tex.Apply a) {
            return String.valueOf(a.args().size());
        } else if (t instanceof Tex.Bin b) {
            return b.op() + (b.implicit() ? "i" : "");
        } else if (t instanceof Tex.Deriv d) {
            return d.operator() + d.wellFormed();
        } else if (t instanceof Tex.Abs a) {
            return String.valueOf(a.norm());
        } else if (t instanceof Tex.Sum s) {
            return s.product() + "," + s.index();
        } else if (t instanceof Tex.Matrix m) {
            return m.kind() + m.rows().stream().map(r -> String.valueOf(r.size())).toList();
        } else if (t instanceof Tex.Cases c) {
            return String.valueOf(c.values().size());
        } else if (t instanceof Tex.Cmp c) {
            return c.op();
        } else if (t instanceof Tex.Text x) {
            return x.text();
        } else if (t instanceof Tex.Num x) {
            return x.text();
        }
        return "";
    }

    /** The first node of a tree, in order as written, that matches; null if none does. */
    static Tex find(Tex t, Predicate<Tex> test) {
        if (t == null) {
            return null;
        }
        if (test.test(t)) {
            return t;
        }
        for (Tex k : of(t)) {
            Tex hit = find(k, test);
            if (hit != null) {
                return hit;
            }
        }
        return null;
    }

    /** The path from the root to {@code node} (the same object), both included; empty if it is not in the tree. */
    static List<Tex> pathTo(Tex t, Tex node) {
        List<Tex> path = new ArrayList<>();
        return pathTo(t, node, path) ? path : List.of();
    }

    private static boolean pathTo(Tex t, Tex node, List<Tex> path) {
        if (t == null) {
            return false;
        }
        path.add(t);
        if (t == node) {
            return true;
        }
        for (Tex k : of(t)) {
            if (pathTo(k, node, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    /** The tree with {@code node} (the same object) replaced by {@code with}. */
    static Tex replaced(Tex t, Tex node, Tex with) {
        if (t == node) {
            return with;
        }
        if (t == null) {
            return null;
        }
        List<Tex> parts = of(t);
        List<Tex> out = new ArrayList<>(parts.size());
        boolean changed = false;
        for (Tex k : parts) {
            Tex r = replaced(k, node, with);
            changed |= r != k;
            out.add(r);
        }
        return changed ? with(t, out) : t;
    }
}
