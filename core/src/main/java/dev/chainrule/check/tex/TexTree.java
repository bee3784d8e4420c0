package dev.chainrule.check.tex;

import dev.chainrule.check.tex.Tex.Abs;
import dev.chainrule.check.tex.Tex.Apply;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Cases;
import dev.chainrule.check.tex.Tex.Frac;
import dev.chainrule.check.tex.Tex.Matrix;
import dev.chainrule.check.tex.Tex.Neg;
import dev.chainrule.check.tex.Tex.Pow;
import dev.chainrule.check.tex.Tex.Sqrt;
import dev.chainrule.check.tex.Tex.Sum;
import dev.chainrule.check.tex.Tex.Transpose;
import dev.chainrule.check.tex.Tex.Underbrace;

import java.util.ArrayList;
import java.util.List;

/**
 * A formula tree by paths of child positions: every node a path reaches (not inside derivatives, sub- or
 * superscripts, or text), the node at a path, and the tree with one node replaced; and the rewrites a page's
 * reading needs on it (an equation made in passing inside a function's argument).
 */
public final class TexTree {
    private TexTree() {
    }

    /**
     * {@return the equations a side makes in passing inside a function's argument}
     * ({@code \\sigma(s_i = \\sum_j w_{ji} x_j)} defines s_i as it uses it), outermost first; empty when there are
     * none.
     *
     * @param side one side of a chain, as parsed
     */
    public static List<Tex.Cmp> definitionsInPassing(Tex side) {
        List<Tex.Cmp> out = new ArrayList<>();
        List<List<Integer>> paths = new ArrayList<>();
        walk(side, new ArrayList<>(), paths);
        for (List<Integer> path : paths) {
            if (at(side, path) instanceof Apply a) {
                for (Tex arg : a.args()) {
                    if (arg instanceof Tex.Cmp c && c.op().equals("=")) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@return the side with each equation made in passing in a function's argument replaced by its left side}
     *
     * @param side one side of a chain, as parsed
     */
    public static Tex withoutDefinitionsInPassing(Tex side) {
        Tex t = side;
        List<List<Integer>> paths = new ArrayList<>();
        walk(t, new ArrayList<>(), paths);
        for (List<Integer> path : paths) {
            if (at(t, path) instanceof Apply a && a.args().stream().anyMatch(x -> x instanceof Tex.Cmp c
                    && c.op().equals("="))) {
                List<Tex> args = a.args().stream().map(x -> x instanceof Tex.Cmp c && c.op().equals("=") ? c.left()
                        : x).toList();
                t = replace(t, path, new Apply(a.fn(), args, a.at()));
            }
        }
        return t;
    }

    // ================================================================ the tree, by paths of child positions

    static void walk(Tex t, List<Integer> path, List<List<Integer>> out) {
        out.add(List.copyOf(path));
        List<Tex> kids = children(t);
        for (int k = 0; k < kids.size(); k++) {
            if (kids.get(k) != null) {
                path.add(k);
                walk(kids.get(k), path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    static Tex at(Tex t, List<Integer> path) {
        Tex node = t;
        for (int k : path) {
            node = children(node).get(k);
        }
        return node;
    }

    static Tex replace(Tex t, List<Integer> path, Tex with) {
        if (path.isEmpty()) {
            return with;
        }
        List<Tex> kids = new ArrayList<>(children(t));
        kids.set(path.get(0), replace(kids.get(path.get(0)), path.subList(1, path.size()), with));
        return rebuild(t, kids);
    }

    /** The children an edit may reach: not inside derivatives, sub- or superscripts, or text. */
    private static List<Tex> children(Tex t) {
        if (t instanceof Bin b) {
            return List.of(b.left(), b.right());
        } else if (t instanceof Neg n) {
            return List.of(n.x());
        } else if (t instanceof Frac f) {
            return List.of(f.num(), f.den());
        } else if (t instanceof Pow p) {
            return List.of(p.base());
        } else if (t instanceof Transpose tr) {
            return List.of(tr.x());
        } else if (t instanceof Sqrt r) {
            return List.of(r.x());
        } else if (t instanceof Abs a) {
            return List.of(a.x());
        } else if (t instanceof Apply a) {
            return a.args();
        } else if (t instanceof Sum s) {
            return List.of(s.body());
        } else if (t instanceof Underbrace u) {
            return List.of(u.x());
        } else if (t instanceof Cases c) {
            return c.values();
        } else if (t instanceof Matrix m) {
            List<Tex> all = new ArrayList<>();
            m.rows().forEach(all::addAll);
            return all;
        }
        return List.of();
    }

    private static Tex rebuild(Tex t, List<Tex> k) {
        if (t instanceof Bin b) {
            return new Bin(b.op(), k.get(0), k.get(1), b.implicit(), b.at());
        } else if (t instanceof Neg n) {
            return new Neg(k.get(0), n.at());
        } else if (t instanceof Frac f) {
            return new Frac(k.get(0), k.get(1), f.at());
        } else if (t instanceof Pow p) {
            return new Pow(k.get(0), p.exponent(), p.at());
        } else if (t instanceof Transpose tr) {
            return new Transpose(k.get(0), tr.at());
        } else if (t instanceof Sqrt r) {
            return new Sqrt(k.get(0), r.at());
        } else if (t instanceof Abs a) {
            return new Abs(k.get(0), a.norm(), a.at());
        } else if (t instanceof Apply a) {
            return new Apply(a.fn(), k, a.at());
        } else if (t instanceof Sum s) {
            return new Sum(s.product(), s.index(), s.from(), s.to(), s.set(), s.excluded(), s.condition(), k.get(0),
                    s.at());
        } else if (t instanceof Underbrace u) {
            return new Underbrace(k.get(0), u.label(), u.at());
        } else if (t instanceof Cases c) {
            return new Cases(k, c.conditions(), c.at());
        } else if (t instanceof Matrix m) {
            List<List<Tex>> rows = new ArrayList<>();
            int i = 0;
            for (List<Tex> row : m.rows()) {
                rows.add(new ArrayList<>(k.subList(i, i + row.size())));
                i += row.size();
            }
            return new Matrix(rows, m.kind(), m.at());
        }
        throw new IllegalStateException("a " + t.getClass().getSimpleName() + " has no children to replace");
    }

    /**
     * The items of an index list ({@code _{i,j}}, {@code _{ij}}) and the factors of an implicit product, flattened
     * into {@code out} in order.
     *
     * @param t   an index list, an implicit product, or any other node (added as it is)
     * @param out the list the items are appended to
     */
    public static void flattenIndices(Tex t, List<Tex> out) {
        if (t instanceof Tex.Indices ix) {
            ix.items().forEach(x -> flattenIndices(x, out));
        } else if (t instanceof Tex.Bin b && b.op() == '*' && b.implicit()) {
            flattenIndices(b.left(), out);
            flattenIndices(b.right(), out);
        } else {
            out.add(t);
        }
    }

    /**
     * Calls {@code each} on every symbol of a tree, in order as written: inside derivatives, function arguments,
     * sums' bodies, powers' bases, matrices and cases too; not on the symbols of sub- and superscripts, which belong
     * to the symbol they decorate.
     *
     * @param t    the tree
     * @param each what to do with each symbol
     */
    public static void symbols(Tex t, java.util.function.Consumer<Tex.Sym> each) {
        if (t instanceof Tex.Sym s) {
            each.accept(s);
        } else if (t instanceof Tex.Bin b) {
            symbols(b.left(), each);
            symbols(b.right(), each);
        } else if (t instanceof Tex.Neg n) {
            symbols(n.x(), each);
        } else if (t instanceof Tex.Frac f) {
            symbols(f.num(), each);
            symbols(f.den(), each);
        } else if (t instanceof Tex.Deriv d) {
            if (d.of() != null) {
                symbols(d.of(), each);
            }
            symbols(d.wrt(), each);
        } else if (t instanceof Tex.Apply a) {
            a.args().forEach(x -> symbols(x, each));
        } else if (t instanceof Tex.Sum sum) {
            symbols(sum.body(), each);
        } else if (t instanceof Tex.Transpose tr) {
            symbols(tr.x(), each);
        } else if (t instanceof Tex.Pow p) {
            symbols(p.base(), each);
        } else if (t instanceof Tex.Matrix m) {
            m.rows().forEach(row -> row.forEach(x -> symbols(x, each)));
        } else if (t instanceof Tex.Cases c) {
            c.values().forEach(x -> symbols(x, each));
        }
    }
}
