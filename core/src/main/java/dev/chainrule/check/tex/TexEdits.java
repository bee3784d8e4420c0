package dev.chainrule.check.tex;

import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Frac;
import dev.chainrule.check.tex.Tex.Indices;
import dev.chainrule.check.tex.Tex.Neg;
import dev.chainrule.check.tex.Tex.Num;
import dev.chainrule.check.tex.Tex.Sum;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.Tex.Transpose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single edits of a formula a diagnosis tries, each a formula of its own: the sign of one term or factor
 * flipped; one factor of a product dropped; a sum's upper limit replaced by a named constant; one term scaled
 * by 2, 1/2 or a named constant (N) or its inverse, or
 * given a factor it may lack (an activation's derivative); one symbol, product or the whole side transposed, or a
 * transpose undone; the two indices of one symbol swapped; one symbol replaced by a neighbour (its layer one or two
 * away, one index replaced by another the formula uses); a sum's limits moved by one; a term the sum of terms
 * leaves out (one like another, with one unit number changed).
 * Derivatives inside the formula are kept whole (an edit inside one would change what is differentiated, not the
 * formula). The edits come in that order, the simplest first, each once.
 */
public final class TexEdits {
    /**
     * One edit: the formula with it, the part of the formula as written and as edited, and the kind of edit in
     * words ("the opposite sign", "a factor 2").
     */
    public record Edit(Tex formula, Tex was, Tex now, String kind) {
        /** {@return "holds if X reads Y (kind)", as a report says it} */
        public String text() {
            return "holds if " + TexPrinter.print(was) + " reads " + TexPrinter.print(now) + " (" + kind + ")";
        }
    }

    /** An edit at one node: what replaces the node, and the parts the report prints (as written, as edited). */
    private record Change(Tex replacement, Tex was, Tex now, String kind) {
    }

    private TexEdits() {
    }

    /**
     * The single edits of {@code side}, at most {@code limit} of them; {@code constants} are the named numbers a
     * term may be scaled by (N for a batch mean), each as a symbol.
     *
     * @param side      the side of a formula to edit
     * @param constants the named constants, as symbols
     * @param limit     the most edits to return
     * @return the edits in the order of {@link #KINDS}, each edited formula once; the side itself is never one
     */
    public static List<Edit> of(Tex side, List<Sym> constants, int limit) {
        return of(side, constants, List.of(), limit);
    }

    /**
     * {@link #of(Tex, List, int)}, with {@code factors} a term may lack (an activation's derivative at a
     * pre-activation the formula names, {@code \sigma'(z^2_1)}), tried after the scalings.
     *
     * @param side      the side of a formula to edit
     * @param constants the named constants, as symbols
     * @param factors   the factors a term may lack, each tried as an extra factor
     * @param limit     the most edits to return
     * @return the edits in the order of {@link #KINDS}, each edited formula once; the side itself is never one
     */
    public static List<Edit> of(Tex side, List<Sym> constants, List<Tex> factors, int limit) {
        return of(side, constants, factors, List.of(), limit);
    }

    /**
     * {@link #of(Tex, List, List, int)}, with {@code letters} the index letters free in the formula's line (an
     * index may be replaced by one of them, or by one its subscripts use).
     *
     * @param side      the side of a formula to edit
     * @param constants the named constants, as symbols
     * @param factors   the factors a term may lack, each tried as an extra factor
     * @param letters   the index letters free in the formula's line; only single letters are used
     * @param limit     the most edits to return
     * @return the edits in the order of {@link #KINDS}, each edited formula once; the side itself is never one
     */
    public static List<Edit> of(Tex side, List<Sym> constants, List<Tex> factors, java.util.Collection<String> letters,
                                int limit) {
        List<List<Integer>> paths = new ArrayList<>();
        TexTree.walk(side, new ArrayList<>(), paths);
        Map<String, Edit> out = new LinkedHashMap<>(); // by the edited formula's text: each formula once
        Names names = names(side, letters);
        for (String kind : KINDS) {
            for (List<Integer> path : paths) {
                Tex node = TexTree.at(side, path);
                Tex parent = path.isEmpty() ? null : TexTree.at(side, path.subList(0, path.size() - 1));
                for (Change c : edits(kind, node, parent, constants, factors, names)) {
                    Tex edited = TexTree.replace(side, path, c.replacement());
                    out.putIfAbsent(TexPrinter.print(edited), new Edit(edited, c.was(), c.now(), c.kind()));
                }
            }
        }
        out.remove(TexPrinter.print(side));
        return out.values().stream().limit(limit).toList();
    }

    /** The kinds of edit, in the order they are tried: the simplest first. */
    public static final List<String> KINDS = List.of("sign", "drop", "limit", "scale", "factor", "transpose", "order",
            "swap", "neighbour", "bounds", "term");

    /** The index letters and numbers a formula's subscripts use: the neighbours an index may be replaced by. */
    private record Names(List<String> letters, List<String> numbers) {
    }

    private static Names names(Tex side, java.util.Collection<String> free) {
        java.util.Set<String> letters = new java.util.LinkedHashSet<>();
        java.util.Set<String> numbers = new java.util.LinkedHashSet<>();
        List<List<Integer>> paths = new ArrayList<>();
        TexTree.walk(side, new ArrayList<>(), paths);
        for (List<Integer> path : paths) {
            if (TexTree.at(side, path) instanceof Sym s && s.sub() != null) {
                for (Tex item : items(s.sub())) {
                    if (item instanceof Sym l && l.sub() == null && l.sup() == null && l.name().length() <= 2
                            && l.name().chars().allMatch(Character::isLetter)) {
                        l.name().chars().forEach(c -> letters.add(String.valueOf((char) c))); // kn: k and n
                    } else if (item instanceof Num n && !n.text().contains(".")) {
                        for (char c : n.text().toCharArray()) {
                            numbers.add(String.valueOf(c));
                        }
                    }
                }
            }
        }
        free.stream().filter(l -> l.length() == 1).forEach(letters::add);
        return new Names(List.copyOf(letters), List.copyOf(numbers));
    }

    /** A subscript's items: {@code (i,j)}, {@code ij}, {@code 43} (as one number), {@code k}. */
    private static List<Tex> items(Tex sub) {
        if (sub instanceof Indices ix) {
            return ix.items();
        }
        if (sub instanceof Bin b && b.op() == '*' && b.implicit()) {
            List<Tex> out = new ArrayList<>(items(b.left()));
            out.addAll(items(b.right()));
            return out;
        }
        return List.of(sub);
    }

    /** The edits of one kind at one node. */
    private static List<Change> edits(String kind, Tex node, Tex parent, List<Sym> constants,
                                      List<Tex> factors, Names names) {
        List<Change> out = new ArrayList<>();
        boolean term = parent == null || parent instanceof Bin b && (b.op() == '+' || b.op() == '-')
                || parent instanceof Neg;
        boolean factor = parent instanceof Bin b && (b.op() == '*' || b.op() == '⊙');
        switch (kind) {
            case "sign" -> {
                if (node instanceof Bin b && (b.op() == '+' || b.op() == '-')) {
                    // a - b for a + b: the right term's sign, printed as the page writes it
                    Tex written = b.op() == '-' ? new Neg(b.right(), b.at()) : b.right();
                    Tex edited = b.op() == '-' ? b.right() : new Neg(b.right(), b.at());
                    out.add(new Change(new Bin(b.op() == '-' ? '+' : '-', b.left(), b.right(), false, b.at()),
                            written, edited, "the opposite sign"));
                }
                boolean right = parent instanceof Bin p && (p.op() == '+' || p.op() == '-') && p.right() == node;
                if ((term || factor) && !right && !(node instanceof Num)) {
                    Tex flipped = node instanceof Neg n ? n.x() : new Neg(node, node.at());
                    out.add(change(node, flipped, "the opposite sign"));
                }
            }
            case "scale" -> {
                if (term) {
                    out.add(change(node, times(new Num(2, "2", node.at()), node), "a factor 2"));
                    out.add(change(node, new Frac(node, new Num(2, "2", node.at()), node.at()), "a factor 1/2"));
                    for (Sym c : constants) {
                        out.add(change(node, times(c, node),
                                "a factor " + TexPrinter.print(c)));
                        out.add(change(node, new Frac(node, c, node.at()),
                                "a factor 1/" + TexPrinter.print(c)));
                    }
                }
            }
            case "limit" -> {
                if (node instanceof Sum sum && sum.to() != null) {
                    for (Sym c : constants) { // \sum_{n=1}^{C} for \sum_{n=1}^{N}
                        if (!TexPrinter.print(c).equals(TexPrinter.print(sum.to()))) {
                            out.add(change(node, new Sum(sum.product(), sum.index(), sum.from(), c, sum.set(),
                                    sum.excluded(), sum.condition(), sum.body(), sum.at()),
                                    "the upper limit " + TexPrinter.print(c)));
                        }
                    }
                }
            }
            case "factor" -> {
                if (term) {
                    for (Tex f : factors) {
                        out.add(change(node, times(f, node), "a missing factor " + TexPrinter.print(f)));
                        // of a vector or matrix, element by element
                        out.add(change(node, new Bin('⊙', node, f, false, node.at()), "a missing factor "
                                + TexPrinter.print(f)));
                    }
                }
            }
            case "drop" -> {
                if (node instanceof Bin b && (b.op() == '*' || b.op() == '⊙')) {
                    out.add(change(node, b.right(),
                            "without the factor " + TexPrinter.print(b.left())));
                    out.add(change(node, b.left(),
                            "without the factor " + TexPrinter.print(b.right())));
                }
            }
            case "transpose" -> {
                if (node instanceof Transpose t) {
                    out.add(change(node, t.x(), "no transpose"));
                } else if (!(parent instanceof Transpose) && (parent == null || node instanceof Sym s && s.sub() == null
                        && s.name().length() <= 12 || node instanceof Bin b && b.op() == '*')) {
                    // a matrix, a product, or the whole side laid out for the other convention
                    out.add(change(node, new Transpose(node, node.at()), "a transpose"));
                }
            }
            case "order" -> {
                if (node instanceof Bin b && b.op() == '*') { // A B for B A: the matrix product the other way round
                    out.add(change(node, new Bin('*', b.right(), b.left(), b.implicit(), b.at()),
                            "the product's factors in the other order"));
                }
            }
            case "swap" -> {
                if (node instanceof Sym s && s.sub() != null) {
                    Tex swapped = swapped(s.sub());
                    if (swapped != null) {
                        out.add(change(node, new Sym(s.name(), s.primes(), swapped, s.sup(), s.at()),
                                "its two indices swapped"));
                    }
                }
            }
            case "neighbour" -> {
                if (node instanceof Sym sym) {
                    for (Sym other : neighbours(sym, names)) {
                        out.add(change(node, other, "another symbol: " + TexPrinter.print(other) + " for "
                                + TexPrinter.print(sym)));
                    }
                }
            }
            case "bounds" -> {
                if (node instanceof Sum sum && sum.from() != null && sum.to() != null) {
                    out.add(change(node, withLimits(sum, sum.from(), plus(sum.to(), 1)), "the upper limit one more"));
                    out.add(change(node, withLimits(sum, sum.from(), plus(sum.to(), -1)), "the upper limit one less"));
                    out.add(change(node, withLimits(sum, plus(sum.from(), -1), sum.to()), "the lower limit one less"));
                    out.add(change(node, withLimits(sum, plus(sum.from(), 1), sum.to()), "the lower limit one more"));
                    for (Tex to : rebraced(sum.to())) { // n_L - l + 2 - 1 typed for n_{L - l + 2} - 1
                        out.add(change(node, withLimits(sum, sum.from(), to), "the upper limit's subscript "
                                + TexPrinter.print(to)));
                    }
                }
            }
            case "term" -> {
                // a sum of terms over units written out, one left out: the term like another with one unit changed
                boolean sumOfTerms = node instanceof Bin b && (b.op() == '+' || b.op() == '-')
                        && !(parent instanceof Bin p && (p.op() == '+' || p.op() == '-') && p.left() == node);
                // or one product of its own (w_{53} \delta_5, where w_{43} \delta_4 + w_{53} \delta_5 belongs)
                boolean oneTerm = node instanceof Bin b && b.op() == '*' && !(parent instanceof Bin p
                        && (p.op() == '*' || p.op() == '+' || p.op() == '-'));
                if (sumOfTerms || oneTerm) {
                    List<Tex> terms = new ArrayList<>();
                    terms(node, terms);
                    java.util.Set<String> present = new java.util.HashSet<>();
                    terms.forEach(t -> present.add(TexPrinter.print(t)));
                    for (int k = 0; k < terms.size() && terms.size() > 1; k++) { // a term too many
                        List<Tex> rest = new ArrayList<>(terms);
                        Tex dropped = rest.remove(k);
                        out.add(new Change(sumOf(rest), dropped instanceof Neg n ? n.x() : dropped,
                                new Num(0, "0", dropped.at()), "without the term " + TexPrinter.print(dropped)));
                    }
                    for (Tex t : terms) {
                        for (String from : names.numbers()) {
                            for (String to : unitsBeside(names.numbers())) {
                                Tex like = renumbered(t, from, to);
                                if (like != null && present.add(TexPrinter.print(like))) {
                                    out.add(new Change(new Bin('+', node, like, false, node.at()), node,
                                            new Bin('+', node, like, false, node.at()), "a missing term "
                                            + TexPrinter.print(like)));
                                }
                            }
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException("no edit '" + kind + "'");
        }
        return out;
    }

    /**
     * The symbols next to one: its layer (a number as superscript) one or two away, or one index replaced by another
     * index the formula uses ({@code x_{kj}} for {@code x_{ji}}); whether the notation knows each is for the caller.
     */
    private static List<Sym> neighbours(Sym s, Names names) {
        List<Sym> out = new ArrayList<>();
        if (s.sup() instanceof Num layer && !layer.text().contains(".")) {
            for (int d : new int[] {-1, 1, -2, 2}) {
                int l = (int) layer.value() + d;
                if (l >= 0) {
                    out.add(new Sym(s.name(), s.primes(), s.sub(), new Num(l, String.valueOf(l), layer.at()),
                            s.at()));
                }
            }
        }
        if (s.sub() instanceof Sym two && two.sub() == null && two.sup() == null && two.name().length() == 2
                && two.name().chars().allMatch(Character::isLetter)) { // \hat{Y}_{kn}: each letter in turn
            for (int k = 0; k < 2; k++) {
                for (String other : names.letters()) {
                    if (other.charAt(0) != two.name().charAt(k) && other.charAt(0) != two.name().charAt(1 - k)) {
                        String now = k == 0 ? other + two.name().charAt(1) : two.name().charAt(0) + other;
                        out.add(new Sym(s.name(), s.primes(), new Sym(now, 0, null, null, two.at()), s.sup(),
                                s.at()));
                    }
                }
            }
        } else if (s.sub() != null) {
            List<Tex> items = items(s.sub());
            for (int k = 0; k < items.size(); k++) {
                if (items.get(k) instanceof Sym l && l.sub() == null && l.sup() == null && l.name().length() == 1) {
                    for (String other : names.letters()) {
                        if (!other.equals(l.name())) {
                            out.add(withItem(s, items, k, new Sym(other, 0, null, null, l.at())));
                        }
                    }
                } else if (items.get(k) instanceof Num num && !num.text().contains(".")) {
                    // a unit number: each digit of w_{43} in turn, by another the formula's subscripts use
                    for (int d = 0; d < num.text().length(); d++) {
                        for (String other : names.numbers()) {
                            if (other.charAt(0) != num.text().charAt(d)) {
                                String t = num.text().substring(0, d) + other + num.text().substring(d + 1);
                                out.add(withItem(s, items, k, new Num(Double.parseDouble(t), t, num.at())));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The symbol with its k-th index replaced. */
    private static Sym withItem(Sym s, List<Tex> items, int k, Tex item) {
        if (items.size() == 1) {
            return new Sym(s.name(), s.primes(), item, s.sup(), s.at());
        }
        List<Tex> now = new ArrayList<>(items);
        now.set(k, item);
        return new Sym(s.name(), s.primes(), new Indices(now, s.sub() instanceof Indices ix && ix.separated(),
                s.sub().at()), s.sup(), s.at());
    }

    /**
     * A sum or difference that starts with a subscripted symbol ({@code n_L - \\ell + 2 - 1}) read with the braces
     * of the subscript around more of it: {@code n_{L - \\ell} + 2 - 1}, {@code n_{L - \\ell + 2} - 1}, and so on.
     */
    private static List<Tex> rebraced(Tex t) {
        List<Bin> spine = new ArrayList<>(); // the +/- nodes from the top down to the leftmost term
        Tex x = t;
        while (x instanceof Bin b && (b.op() == '+' || b.op() == '-')) {
            spine.add(0, b);
            x = b.left();
        }
        List<Tex> out = new ArrayList<>();
        if (!(x instanceof Sym s) || s.sub() == null || spine.isEmpty()) {
            return out;
        }
        for (int k = 1; k <= spine.size(); k++) {
            Tex sub = s.sub();
            for (Bin b : spine.subList(0, k)) {
                sub = new Bin(b.op(), sub, b.right(), false, b.at());
            }
            Tex rest = new Sym(s.name(), s.primes(), sub, s.sup(), s.at());
            for (Bin b : spine.subList(k, spine.size())) {
                rest = new Bin(b.op(), rest, b.right(), false, b.at());
            }
            out.add(rest);
        }
        return out;
    }

    private static Sum withLimits(Sum s, Tex from, Tex to) {
        return new Sum(s.product(), s.index(), from, to, s.set(), s.excluded(), s.condition(), s.body(), s.at());
    }

    /** {@code t + d}, folded when t is a number. */
    private static Tex plus(Tex t, int d) {
        if (t instanceof Num n && !n.text().contains(".")) {
            int v = (int) n.value() + d;
            return new Num(v, String.valueOf(v), n.at());
        }
        return d > 0 ? new Bin('+', t, new Num(d, String.valueOf(d), t.at()), false, t.at())
                : new Bin('-', t, new Num(-d, String.valueOf(-d), t.at()), false, t.at());
    }

    /** Terms added up again, a negated one subtracted. */
    private static Tex sumOf(List<Tex> terms) {
        Tex out = terms.get(0);
        for (Tex t : terms.subList(1, terms.size())) {
            out = t instanceof Neg n ? new Bin('-', out, n.x(), false, t.at()) : new Bin('+', out, t, false, t.at());
        }
        return out;
    }

    private static void terms(Tex t, List<Tex> out) {
        if (t instanceof Bin b && (b.op() == '+' || b.op() == '-')) {
            terms(b.left(), out);
            out.add(b.op() == '-' ? new Neg(b.right(), b.at()) : b.right());
        } else {
            out.add(t);
        }
    }

    /** The unit numbers a missing term may name: those the formula's subscripts use, and the next ones. */
    private static List<String> unitsBeside(List<String> numbers) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>(numbers);
        for (String n : numbers) {
            int v = Integer.parseInt(n);
            out.add(String.valueOf(v + 1));
            if (v > 0) {
                out.add(String.valueOf(v - 1));
            }
        }
        return out.stream().filter(x -> x.length() == 1).toList();
    }

    /**
     * A term with one unit number replaced in every subscript where it stands ({@code w_{43} \\delta_4} with 4 as 6:
     * {@code w_{63} \\delta_6}), or null when the term names no such number.
     */
    private static Tex renumbered(Tex t, String from, String to) {
        if (from.equals(to)) {
            return null;
        }
        List<List<Integer>> paths = new ArrayList<>();
        TexTree.walk(t, new ArrayList<>(), paths);
        Tex out = t;
        boolean changed = false;
        for (List<Integer> path : paths) {
            Tex node = TexTree.at(out, path);
            if (node instanceof Sym s && s.sub() != null) {
                Tex sub = renumber(s.sub(), from, to);
                if (sub != null) {
                    out = TexTree.replace(out, path, new Sym(s.name(), s.primes(), sub, s.sup(), s.at()));
                    changed = true;
                }
            } else if (node instanceof Tex.Deriv d) { // \frac{\partial L}{\partial n_4}: the unit's derivative
                Tex of = d.of() == null ? null : renumbered(d.of(), from, to);
                Tex wrt = renumbered(d.wrt(), from, to);
                if (of != null || wrt != null) {
                    out = TexTree.replace(out, path, new Tex.Deriv(of == null ? d.of() : of,
                            wrt == null ? d.wrt() : wrt, d.operator(), d.wellFormed(), d.at()));
                    changed = true;
                }
            }
        }
        return changed ? out : null;
    }

    private static Tex renumber(Tex sub, String from, String to) {
        if (sub instanceof Num n && !n.text().contains(".") && n.text().contains(from)) {
            String t = n.text().replace(from, to);
            return new Num(Double.parseDouble(t), t, n.at());
        }
        if (sub instanceof Indices ix) {
            List<Tex> items = new ArrayList<>();
            boolean changed = false;
            for (Tex item : ix.items()) {
                Tex r = renumber(item, from, to);
                items.add(r == null ? item : r);
                changed |= r != null;
            }
            return changed ? new Indices(items, ix.separated(), ix.at()) : null;
        }
        return null;
    }

    /** The node replaced by {@code now}, printed as written and as edited. */
    private static Change change(Tex node, Tex now, String kind) {
        return new Change(now, node, now, kind);
    }

    private static Tex times(Tex a, Tex b) {
        return new Bin('*', a, b, false, b.at());
    }

    /** A subscript with its two indices swapped ({@code ji} to {@code ij}, {@code (i,j)} to {@code (j,i)}). */
    private static Tex swapped(Tex sub) {
        if (sub instanceof Indices ix && ix.items().size() == 2) {
            return new Indices(List.of(ix.items().get(1), ix.items().get(0)), ix.separated(), ix.at());
        }
        if (sub instanceof Bin b && b.op() == '*' && b.implicit()) {
            return new Bin('*', b.right(), b.left(), true, b.at());
        }
        if (sub instanceof Sym s && s.sub() == null && s.sup() == null && s.name().length() == 2
                && s.name().chars().allMatch(Character::isLetter)) {
            return new Sym(new StringBuilder(s.name()).reverse().toString(), 0, null, null, s.at());
        }
        if (sub instanceof Num n && n.text().length() == 2 && !n.text().contains(".")) {
            String t = new StringBuilder(n.text()).reverse().toString();
            return new Num(Double.parseDouble(t), t, n.at());
        }
        return null;
    }
}
