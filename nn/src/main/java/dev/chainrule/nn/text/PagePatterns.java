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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The patterns a page writes for the reader to complete, completed before a chain is planned:
 * <ul>
 * <li>indexed indices, {@code O_{i_{n-1}}}: the index {@code i_{n-1}} is named {@code i_{3}} at n = 4, and
 *     {@code i_j} keeps its name where j is written nowhere else;</li>
 * <li>an ellipsis in a chain of derivatives, {@code \frac{\delta O_{i_1}^L}{\delta O_{i_2}^{L-1}} ...
 *     \frac{\delta O_{i_n}^{L-n+1}}{\delta w}}: the step the last derivative before it takes (one index up, one
 *     layer down) is repeated until the variable the next derivative is of;</li>
 * <li>an ellipsis between nested sums, {@code (\sum_{i_{n-1}} (\sum_{i_{n-2}} (... (\sum_{i_1} A)...) C) C)}: the
 *     two written levels give the pattern of a level, repeated down to the innermost one written;</li>
 * <li>a sum over "all paths" ({@code \sum_{\text{all paths to } O}}): over every index of its body that the
 *     formula's first side leaves free.</li>
 * </ul>
 * Each is completed at one value of the letters its indices are written in (the pattern letters: n in
 * {@code i_{n-1}}), which the notation enumerates. Where the written step does not reach the written end (the terms
 * before the ellipsis already pass it, or there are fewer levels than written), the formula says nothing at that
 * value, and that value is left out, as an index naming no unit is.
 */
final class PagePatterns {
    private PagePatterns() {
    }

    /** A chain completed at one value of its pattern letters, or why it cannot be completed there. */
    record Variant(Map<String, Integer> values, PageChains.Assembled chain, String why) {
    }

    /** Why a pattern cannot be completed at one value of its letters. */
    static final class Unfinished extends IllegalArgumentException {
        Unfinished(String message) {
            super(message);
        }
    }

    /** Whether a chain holds a pattern to complete: an ellipsis, a sum over "all ...", or an indexed index. */
    static boolean applies(PageChains.Assembled c, Notation n) {
        return c.sides().stream().anyMatch(s -> holdsPattern(s, n, false));
    }

    private static boolean holdsPattern(Tex t, Notation n, boolean inSub) {
        if (t instanceof Ellipsis || t instanceof Sum s && (allPaths(s) || indexOfSum(s, n) != null)
                || inSub && indexed(t, n)) {
            return true;
        }
        if (t instanceof Sym s) {
            return holdsPattern(s.sub(), n, true) || holdsPattern(s.sup(), n, false);
        }
        for (Tex k : TexParts.of(t)) {
            if (k != null && holdsPattern(k, n, inSub)) {
                return true;
            }
        }
        return false;
    }

    /** {@code i_{n-1}}: a letter the notation does not know, with a subscript, written as an index. */
    private static boolean indexed(Tex t, Notation n) {
        return t instanceof Sym s && s.sub() != null && s.sup() == null && s.primes() == 0 && s.name().length() == 1
                && Character.isLetter(s.name().charAt(0)) && !n.isBound(new Sym(s.name(), 0, null, null, s.at()))
                && !n.functions().contains(s.name());
    }

    /** The indexed index a sum runs over ({@code \sum_{i_{n-1}=0}^{...}}, {@code \sum_{i_1}}), or null. */
    private static Sym indexOfSum(Sum s, Notation n) {
        if (s.index() != null) {
            return null;
        }
        Tex c = s.condition() instanceof Cmp cmp && cmp.op().equals("=") ? cmp.left() : s.condition();
        return indexed(c, n) ? (Sym) c : null;
    }

    /** {@code \sum_{\text{all paths to } O}}: a sum over every path, written in words. */
    private static boolean allPaths(Sum s) {
        if (s.index() != null || s.condition() == null) {
            return false;
        }
        Tex first = s.condition() instanceof Bin b ? b.left() : s.condition();
        return first instanceof Tex.Text text && text.text().trim().toLowerCase(java.util.Locale.ROOT)
                .matches("all( .*)?");
    }

    /**
     * The chain completed at every value of its pattern letters the notation enumerates; a chain without pattern
     * letters (only {@code i_1}, {@code i_2}) once.
     */
    static List<Variant> variants(PageChains.Assembled c, Notation n) {
        Set<String> inIndexed = new LinkedHashSet<>();
        Set<String> elsewhere = new HashSet<>();
        c.sides().forEach(s -> letters(s, n, false, false, inIndexed, elsewhere));
        inIndexed.retainAll(elsewhere); // j in i_j is part of a name; n in i_{n-1} is a letter the formula runs over
        Set<Map<String, Integer>> values = new LinkedHashSet<>();
        if (inIndexed.isEmpty()) {
            values.add(Map.of());
        } else {
            for (Map<String, Integer> a : n.claimAssignments(c.sides())) {
                if (!a.keySet().containsAll(inIndexed)) {
                    throw new IllegalArgumentException("the letters " + inIndexed + " of the indexed indices run "
                            + "over nothing the notation enumerates");
                }
                Map<String, Integer> v = new LinkedHashMap<>();
                inIndexed.forEach(x -> v.put(x, a.get(x)));
                values.add(v);
            }
        }
        List<Variant> out = new ArrayList<>();
        for (Map<String, Integer> v : values) {
            try {
                out.add(new Variant(v, completed(c, v, n), null));
            } catch (Unfinished e) {
                out.add(new Variant(v, null, e.getMessage()));
            }
        }
        return out;
    }

    /** The letters inside indexed indices' subscripts ({@code inIndexed}), and those written anywhere else. */
    private static void letters(Tex t, Notation n, boolean inSub, boolean inIndexed, Set<String> indexedOnes,
                                Set<String> others) {
        if (t instanceof Sym s && s.sub() == null && s.sup() == null && s.name().length() == 1) {
            (inIndexed ? indexedOnes : others).add(s.name());
        } else if (t instanceof Sym s) {
            boolean indexed = inSub && indexed(s, n);
            if (s.sub() != null) {
                letters(s.sub(), n, true, inIndexed || indexed, indexedOnes, others);
            }
            if (s.sup() != null) {
                letters(s.sup(), n, false, inIndexed, indexedOnes, others);
            }
        } else if (t instanceof Sum s) {
            Sym index = indexOfSum(s, n);
            if (index != null) {
                letters(index.sub(), n, true, true, indexedOnes, others);
            }
            for (Tex k : new Tex[] {s.from(), s.to(), s.set(), s.excluded(), s.body(),
                    index == null ? s.condition() : s.condition() instanceof Cmp cmp ? cmp.right() : null}) {
                if (k != null) {
                    letters(k, n, false, false, indexedOnes, others);
                }
            }
        } else if (t != null) {
            for (Tex k : TexParts.of(t)) {
                letters(k, n, inSub, inIndexed, indexedOnes, others);
            }
        }
    }

    /** The chain with its patterns completed at the values {@code v} of its pattern letters. */
    private static PageChains.Assembled completed(PageChains.Assembled c, Map<String, Integer> v, Notation n) {
        List<Tex> sides = new ArrayList<>();
        for (Tex side : c.sides()) {
            Tex t = Ellipses.nested(side, v);
            t = Ellipses.chains(t, v);
            Tex left = TexParts.find(t, x -> x instanceof Ellipsis);
            if (left != null) {
                throw new IllegalArgumentException("the ellipsis in '" + TexPrinter.print(side) + "' continues no "
                        + "pattern this reader completes: a chain of derivatives (\\frac{\\partial a}{\\partial b} "
                        + "... \\frac{\\partial y}{\\partial z}) or nested sums "
                        + "((\\sum (... (\\sum ...) ...) ...) ...)");
            }
            sides.add(renamed(t, v, n, false));
        }
        List<String> free = new ArrayList<>();
        FreeIndices.freeLetters(sides.get(0), Set.of(), free);
        Set<String> keep = new HashSet<>(free);
        keep.addAll(v.keySet());
        sides.replaceAll(s -> overAllPaths(s, keep));
        List<Tex> conditions = new ArrayList<>(c.conditions());
        // at 0: a condition on a letter the completed formula may no longer name is passed over, as a section's is
        v.forEach((x, value) -> conditions.add(new Cmp("=", new Sym(x, 0, null, null, 0), new Tex.Num(value,
                String.valueOf(value), 0), 0)));
        return new PageChains.Assembled(sides, c.relations(), c.positions(), conditions, c.written(), c.notes());
    }

    /**
     * The tree with each indexed index named by its value ({@code i_{n-1}} at n = 4 is {@code i_{3}}; {@code i_j}
     * is {@code i_{j}}) and each sum over one running over that name.
     */
    private static Tex renamed(Tex t, Map<String, Integer> v, Notation n, boolean inSub) {
        if (t == null) {
            return null;
        }
        if (inSub && indexed(t, n)) {
            return new Sym(name((Sym) t, v), 0, null, null, t.at());
        }
        if (t instanceof Sym s) {
            return new Sym(s.name(), s.primes(), renamed(s.sub(), v, n, true), renamed(s.sup(), v, n, false), s.at());
        }
        if (t instanceof Sum s && indexOfSum(s, n) != null) {
            Tex from = s.condition() instanceof Cmp cmp ? renamed(cmp.right(), v, n, false) : null;
            return new Sum(s.product(), name(indexOfSum(s, n), v), from, renamed(s.to(), v, n, false), null,
                    renamed(s.excluded(), v, n, true), null, renamed(s.body(), v, n, false), s.at());
        }
        if (t instanceof Sum s) {
            return new Sum(s.product(), s.index(), renamed(s.from(), v, n, false), renamed(s.to(), v, n, false),
                    renamed(s.set(), v, n, true), renamed(s.excluded(), v, n, true), renamed(s.condition(), v, n,
                    true), renamed(s.body(), v, n, false), s.at());
        }
        List<Tex> parts = new ArrayList<>();
        for (Tex k : TexParts.of(t)) {
            parts.add(renamed(k, v, n, inSub));
        }
        return TexParts.with(t, parts);
    }

    /** The name of an indexed index at the values: {@code i_{3}}, {@code i_{j}}. */
    private static String name(Sym s, Map<String, Integer> v) {
        Affine a = Affine.of(s.sub(), v);
        if (a != null && a.isConstant()) {
            return s.name() + "_{" + a.constant() + "}";
        }
        if (s.sub() instanceof Sym l && l.sub() == null && l.sup() == null && l.name().chars()
                .allMatch(Character::isLetterOrDigit)) {
            return s.name() + "_{" + l.name() + "}";
        }
        throw new IllegalArgumentException("the index " + TexPrinter.print(s) + " names no one index at "
                + v + " (its subscript must be a number, a letter or a sum of them)");
    }

    /** Each sum over "all paths" as sums over every index its body leaves free and {@code keep} does not hold. */
    private static Tex overAllPaths(Tex t, Set<String> keep) {
        if (t == null) {
            return null;
        }
        List<Tex> parts = new ArrayList<>();
        for (Tex k : TexParts.of(t)) {
            parts.add(overAllPaths(k, keep));
        }
        Tex out = TexParts.with(t, parts);
        if (!(out instanceof Sum s && allPaths(s))) {
            return out;
        }
        List<String> free = new ArrayList<>();
        FreeIndices.freeLetters(s.body(), Set.of(), free);
        Set<String> over = new TreeSet<>(free);
        over.removeAll(keep);
        if (over.isEmpty()) {
            throw new IllegalArgumentException("the sum over " + TexPrinter.print(s.condition()) + " has no index to "
                    + "run over: every index of its body is free in the formula's first side");
        }
        Tex body = s.body();
        for (String index : over) {
            body = new Sum(s.product(), index, null, null, null, null, null, body, s.at());
        }
        return body;
    }
}
