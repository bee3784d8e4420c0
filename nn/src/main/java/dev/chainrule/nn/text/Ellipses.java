package dev.chainrule.nn.text;

import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Cmp;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Ellipsis;
import dev.chainrule.check.tex.Tex.Sum;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexPrinter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The terms an ellipsis stands for, written out at one value of the pattern letters ({@link PagePatterns}). Two
 * written terms of a pattern give its step: every index and layer expression that differs between them differs by
 * a whole number ({@link Affine}), and the terms in between are those numbers interpolated. A pattern whose written
 * terms differ in anything else (another symbol, another operator) is not completed.
 */
final class Ellipses {
    private Ellipses() {
    }

    /**
     * Completes each ellipsis between nested sums: {@code (\sum_{i_{n-1}} (\sum_{i_{n-2}} (... (\sum_{i_1} A)...)
     * C_{n-2}) C_{n-1})}. The two sums written around {@code (... X ...)} are two levels of the pattern (their
     * indices' subscripts, n - 1 and n - 2, number the levels); the levels between the inner one and X are written
     * out, each the outer two's pattern at its number, X innermost.
     */
    static Tex nested(Tex side, Map<String, Integer> v) {
        Tex t = side;
        for (Tex g = group(t); g != null; g = group(t)) {
            List<Tex> path = TexParts.pathTo(t, g);
            List<Sum> sums = new ArrayList<>();
            for (int k = path.size() - 2; k >= 0 && sums.size() < 2; k--) {
                if (path.get(k) instanceof Sum s) {
                    sums.add(s);
                }
            }
            List<Tex> factors = factors(g);
            if (sums.size() < 2 || !(factors.get(1) instanceof Sum innermost)) {
                throw new IllegalArgumentException("the ellipsis in '" + TexPrinter.print(g) + "' stands for nested "
                        + "sums, but two levels written around it and a sum inside it are needed to see the pattern");
            }
            Sum inner = sums.get(0);
            Sum outer = sums.get(1);
            int kOuter = level(outer, v);
            int kInner = level(inner, v);
            int kLast = level(innermost, v);
            int step = kInner - kOuter;
            if (step == 0 || (kLast - kInner) % step != 0 || (kLast - kInner) / step < 1) {
                throw new PagePatterns.Unfinished("the levels written, " + kOuter + ", " + kInner
                        + ", ..., " + kLast + ", are not one pattern's levels in order");
            }
            Tex filled = innermost;
            for (int m = (kLast - kInner) / step - 1; m >= 1; m--) { // from the level next to X outwards
                filled = between(outer, inner, 1 + m, 1, v, inner, g, filled);
            }
            t = TexParts.replaced(t, g, filled);
        }
        return t;
    }

    /** A product written {@code ... X ...}: an ellipsis, one factor, an ellipsis; null if there is none. */
    private static Tex group(Tex t) {
        return TexParts.find(t, x -> {
            List<Tex> f = x instanceof Bin b && b.op() == '*' ? factors(x) : List.of();
            return f.size() == 3 && f.get(0) instanceof Ellipsis && !(f.get(1) instanceof Ellipsis)
                    && f.get(2) instanceof Ellipsis;
        });
    }

    /** The number of a sum's level: the value of its index's subscript ({@code i_{n-2}} at n = 4: 2). */
    private static int level(Sum s, Map<String, Integer> v) {
        Tex index = s.condition() instanceof Cmp c && c.op().equals("=") ? c.left() : s.condition();
        Affine a = index instanceof Sym i && i.sub() != null ? Affine.of(i.sub(), v) : null;
        if (a == null || !a.isConstant()) {
            throw new IllegalArgumentException("the sum '" + TexPrinter.print(s) + "' is a level of a pattern, but "
                    + "its index is not numbered (write \\sum_{i_{n-1}=0}^{...} for level n - 1)");
        }
        return a.constant();
    }

    /**
     * Completes each ellipsis in a product of derivatives: in {@code \frac{\partial Y}{\partial X_a} ...
     * \frac{\partial X_b}{\partial Z}}, the step from Y to X_a is repeated from X_a until X_b, one derivative per
     * step; none when X_a is X_b.
     */
    static Tex chains(Tex t, Map<String, Integer> v) {
        if (t == null) {
            return null;
        }
        if (t instanceof Bin b && b.op() == '*') {
            List<Tex> factors = factors(t);
            if (factors.stream().anyMatch(x -> x instanceof Ellipsis)) {
                List<Tex> out = new ArrayList<>();
                for (int k = 0; k < factors.size(); k++) {
                    Tex f = factors.get(k);
                    if (f instanceof Ellipsis) {
                        out.addAll(chain(factors, k, v));
                    } else {
                        out.add(chains(f, v));
                    }
                }
                Tex product = out.get(0);
                for (Tex f : out.subList(1, out.size())) {
                    product = new Bin('*', product, f, true, product.at());
                }
                return product;
            }
        }
        List<Tex> parts = new ArrayList<>();
        for (Tex k : TexParts.of(t)) {
            parts.add(chains(k, v));
        }
        return TexParts.with(t, parts);
    }

    /** The derivatives the ellipsis at factor k stands for. */
    private static List<Tex> chain(List<Tex> factors, int k, Map<String, Integer> v) {
        if (k == 0 || k == factors.size() - 1 || !(factors.get(k - 1) instanceof Deriv before)
                || !(factors.get(k + 1) instanceof Deriv after) || before.of() == null || after.of() == null) {
            throw new IllegalArgumentException("an ellipsis in a product is read between two derivatives "
                    + "(\\frac{\\partial a}{\\partial b} ... \\frac{\\partial y}{\\partial z})");
        }
        Tex from = before.wrt();
        Tex to = after.of();
        List<int[]> step = new ArrayList<>();
        List<int[]> span = new ArrayList<>();
        try {
            between(before.of(), from, 0, 1, v, null, null, null, step);
            between(from, to, 0, 1, v, null, null, null, span);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the ellipsis between " + TexPrinter.print(before) + " and "
                    + TexPrinter.print(after) + " continues no step: " + e.getMessage());
        }
        if (step.size() != span.size()) {
            throw new IllegalArgumentException("the ellipsis between " + TexPrinter.print(before) + " and "
                    + TexPrinter.print(after) + " continues no step: the terms are not written alike");
        }
        Integer count = null; // the derivatives the ellipsis stands for, once a step says
        boolean reached = true;
        for (int i = 0; i < step.size(); i++) {
            int s = step.get(i)[1] - step.get(i)[0];
            int d = span.get(i)[1] - span.get(i)[0];
            if (s == 0 || d % s != 0) {
                reached &= d == 0 && s == 0; // an expression the step keeps must stay; a span must be whole steps
                continue;
            }
            reached &= count == null || count == d / s;
            count = d / s;
        }
        if (step.stream().allMatch(p -> p[0] == p[1])) {
            throw new IllegalArgumentException("the derivative " + TexPrinter.print(before) + " before the ellipsis "
                    + "takes no step: its variable is what it differentiates");
        }
        if (!reached || count == null || count < 0) {
            throw new PagePatterns.Unfinished(TexPrinter.print(to) + " is not reached from "
                    + TexPrinter.print(from) + " by the step " + TexPrinter.print(before) + " takes");
        }
        List<Tex> out = new ArrayList<>();
        int at = factors.get(k).at();
        for (int m = 1; m <= count; m++) {
            out.add(new Deriv(between(from, to, m - 1, count, v, null, null, null, null),
                    between(from, to, m, count, v, null, null, null, null), before.operator(), true, at));
        }
        return out;
    }

    /** The tree between {@code a} (at 0) and {@code b} (at 1) at {@code num / den}, with a hole filled. */
    private static Tex between(Tex a, Tex b, int num, int den, Map<String, Integer> v, Tex holeA, Tex holeB,
                               Tex fill) {
        return between(a, b, num, den, v, holeA, holeB, fill, null);
    }

    /**
     * The tree between {@code a} (at 0) and {@code b} (at 1) at {@code num / den}: parts that are equal copied,
     * index and layer expressions that differ by a whole number interpolated, {@code holeA} where {@code a} and
     * {@code holeB} where {@code b} has it replaced by {@code fill}; each pair of expressions met is added to
     * {@code pairs} (their constants) when it is not null.
     */
    private static Tex between(Tex a, Tex b, int num, int den, Map<String, Integer> v, Tex holeA, Tex holeB,
                               Tex fill, List<int[]> pairs) {
        if (a == holeA && b == holeB && a != null) {
            return fill;
        }
        if (a == null || b == null) {
            if (a != b) {
                throw mismatch(a, b);
            }
            return null;
        }
        Affine x = Affine.of(a, v);
        Affine y = Affine.of(b, v);
        if (x != null && y != null) {
            if (!x.terms().equals(y.terms())) {
                throw mismatch(a, b);
            }
            if (pairs != null) {
                pairs.add(new int[] {x.constant(), y.constant()});
            }
            int d = (y.constant() - x.constant()) * num;
            if (d % den != 0) {
                throw new PagePatterns.Unfinished("the step from " + TexPrinter.print(a) + " to "
                        + TexPrinter.print(b) + " does not divide into " + den + " equal whole steps");
            }
            return x.equals(y) ? a : new Affine(x.terms(), x.constant() + d / den).tex(a.at());
        }
        if (a.getClass() != b.getClass() || !TexParts.label(a).equals(TexParts.label(b))) {
            throw mismatch(a, b);
        }
        List<Tex> pa = TexParts.of(a);
        List<Tex> pb = TexParts.of(b);
        if (pa.size() != pb.size()) {
            throw mismatch(a, b);
        }
        List<Tex> out = new ArrayList<>();
        for (int k = 0; k < pa.size(); k++) {
            out.add(between(pa.get(k), pb.get(k), num, den, v, holeA, holeB, fill, pairs));
        }
        return TexParts.with(a, out);
    }

    private static IllegalArgumentException mismatch(Tex a, Tex b) {
        return new IllegalArgumentException("'" + (a == null ? "nothing" : TexPrinter.print(a)) + "' and '"
                + (b == null ? "nothing" : TexPrinter.print(b)) + "' are not two terms of one pattern");
    }

    /** The factors of a product, in order ({@code a b c}, {@code a \cdot b}). */
    static List<Tex> factors(Tex t) {
        List<Tex> out = new ArrayList<>();
        List<Tex> stack = new ArrayList<>(List.of(t));
        while (!stack.isEmpty()) {
            Tex x = stack.remove(stack.size() - 1);
            if (x instanceof Bin b && b.op() == '*') {
                stack.add(b.right());
                stack.add(b.left());
            } else {
                out.add(x);
            }
        }
        return out;
    }
}
