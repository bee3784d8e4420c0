package dev.chainrule.nn.text;

import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.nn.text.PageCheck.Line;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@link PageCheck} plans a page's chains: each side of a chain becomes the derivation checker's formula at
 * every admissible value of its free indices (a gradient of the loss, a claim against the side before it, a
 * definition, an update rule), or a line that says why it is not checked.
 */
final class PagePlans {
    private PagePlans() {
    }

    /** Turns a chain into specs (one per side and assignment) or lines that say why it is not checked. */
    static void plan(PageChains.Assembled c, Notation n, List<Line> lines, Map<String, Line> pending,
                             List<Notation.Side> specs, boolean definedEarly) {
        if (!definedEarly && PagePatterns.applies(c, n)) {
            planPatterns(c, n, lines, pending, specs);
            return;
        }
        List<Line> planned = new ArrayList<>();
        Map<String, Line> sides = new LinkedHashMap<>();
        List<Notation.Side> formulas = new ArrayList<>();
        try {
            planChain(c, n, planned, sides, formulas, definedEarly);
        } catch (IllegalArgumentException e) {
            // a condition that is no condition on indices, a variable that cannot be read: the chain is named, and
            // nothing of it is half planned
            lines.add(new Line(c.positions().get(0), c.written().get(0), "NOT READ", Double.NaN, e.getMessage()));
            return;
        }
        lines.addAll(planned);
        pending.putAll(sides);
        specs.addAll(formulas);
    }

    /**
     * A chain with patterns to complete ({@link PagePatterns}): planned at each value of its pattern letters, its
     * sides read where any value reads them, each line showing the formula as written.
     */
    private static void planPatterns(PageChains.Assembled c, Notation n, List<Line> lines, Map<String, Line> pending,
                                     List<Notation.Side> specs) {
        List<PagePatterns.Variant> variants;
        try {
            variants = PagePatterns.variants(c, n);
        } catch (IllegalArgumentException e) {
            lines.add(new Line(c.positions().get(0), c.written().get(0), "NOT READ", Double.NaN, e.getMessage()));
            return;
        }
        if (variants.isEmpty()) {
            lines.add(new Line(c.positions().get(0), c.written().get(0), "NOT READ", Double.NaN, "the letters its "
                    + "indices are written in take no value in this network"));
            return;
        }
        Map<String, Line> read = new LinkedHashMap<>();
        Map<String, Line> unread = new LinkedHashMap<>(); // by position: the first value's line
        List<Map<String, Integer>> readAt = new ArrayList<>();
        List<Map<String, Integer>> notAt = new ArrayList<>(); // the values the pattern does not apply at
        String why = null; // why not, at the last of them (the nearest to applying, where the values grow)
        for (PagePatterns.Variant v : variants) {
            List<Line> planned = new ArrayList<>();
            Map<String, Line> sides = new LinkedHashMap<>();
            List<Notation.Side> formulas = new ArrayList<>();
            try {
                if (v.why() != null) {
                    throw new PagePatterns.Unfinished(v.why());
                }
                planChain(v.chain(), n, planned, sides, formulas, false);
            } catch (IllegalArgumentException e) {
                notAt.add(v.values());
                why = e.getMessage();
                continue;
            }
            if (sides.isEmpty()) {
                notAt.add(v.values());
                why = planned.isEmpty() ? "nothing to check" : planned.get(0).detail();
            } else {
                readAt.add(v.values());
            }
            java.util.function.UnaryOperator<Line> asWritten = l -> l.tex() == null ? l : new Line(l.position(),
                    l.formula(), l.verdict(), l.maxError(), l.detail(), asWritten(l.tex(), v.chain(), c));
            sides.forEach((k, l) -> read.putIfAbsent(k, asWritten.apply(l)));
            planned.forEach(l -> unread.putIfAbsent(l.position(), asWritten.apply(l)));
            for (Notation.Side f : formulas) {
                boolean named = f.indices().keySet().containsAll(v.values().keySet());
                specs.add(named ? f : new Notation.Side(f.label() + " " + v.values(), f.target(), f.side(),
                        f.indices(), f.rate(), f.reference(), f.definitions(), f.context()));
            }
        }
        String note = "the pattern completed at " + values(readAt) + (notAt.isEmpty() ? "" : "; not at "
                + values(notAt) + " (at " + values(notAt.subList(notAt.size() - 1, notAt.size())) + ": " + why + ")");
        read.forEach((k, l) -> pending.put(k, new Line(l.position(), l.formula(), l.verdict(), l.maxError(),
                SideText.join(l.detail(), note), l.tex())));
        Set<String> readPositions = new HashSet<>();
        read.values().forEach(l -> readPositions.add(l.position()));
        unread.values().stream().filter(l -> !readPositions.contains(l.position())).forEach(lines::add);
        if (read.isEmpty() && unread.isEmpty()) {
            lines.add(new Line(c.positions().get(0), c.written().get(0), "NOT READ", Double.NaN, "the pattern "
                    + "applies at no value of its letters (" + values(notAt) + "); at "
                    + values(notAt.subList(notAt.size() - 1, notAt.size())) + ": " + why));
        }
    }

    /** Values of pattern letters as a page would write them: "n = 2, 3, 4", or "n = 2, t = 1; n = 3, t = 1". */
    private static String values(List<Map<String, Integer>> all) {
        if (all.isEmpty()) {
            return "no value";
        }
        if (all.stream().allMatch(v -> v.size() == 1 && v.keySet().equals(all.get(0).keySet()))) {
            return all.get(0).keySet().iterator().next() + " = " + String.join(", ", all.stream()
                    .map(v -> String.valueOf(v.values().iterator().next())).toList());
        }
        return String.join("; ", all.stream().map(v -> String.join(", ", v.entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue()).toList())).toList());
    }

    /** A line's equation with the sides of the completed chain replaced by the sides as written. */
    private static Tex asWritten(Tex pair, PageChains.Assembled completed, PageChains.Assembled written) {
        if (!(pair instanceof Tex.Cmp eq)) {
            return pair;
        }
        java.util.function.UnaryOperator<Tex> back = x -> {
            int k = completed.sides().indexOf(x);
            return k >= 0 ? written.sides().get(k) : x;
        };
        return new Tex.Cmp(eq.op(), back.apply(eq.left()), back.apply(eq.right()), eq.at());
    }

    private static void planChain(PageChains.Assembled c, Notation n, List<Line> lines, Map<String, Line> pending,
                                  List<Notation.Side> specs, boolean definedEarly) {
        Tex first = c.sides().get(0);
        String where = c.positions().get(0);
        if (c.sides().size() == 2 && first instanceof Sym p && n.isParameter(p)
                && List.of("\\leftarrow", "=", ":=").contains(c.relations().get(c.relations().size() - 1))) {
            planUpdate(c, p, n, lines, pending, specs);
            return;
        }
        Sym def = definedEarly ? (Sym) first : PageChains.definition(c, n);
        if (def != null) {
            define(c, def, n, lines, pending, specs);
            return;
        }
        if (!(first instanceof Deriv d) || !ofLoss(n, d)) {
            planClaims(c, n, lines, pending, specs);
            return;
        }
        List<Map<String, Integer>> assignments;
        try {
            assignments = n.assignments(d.wrt()).stream()
                    .filter(a -> FreeIndices.holds(c.conditions(), a)).toList();
        } catch (IllegalArgumentException e) {
            lines.add(new Line(where, c.written().get(0), "NOT READ", Double.NaN, e.getMessage()));
            return;
        }
        if (assignments.isEmpty()) {
            lines.add(new Line(where, c.written().get(0), "NOT READ", Double.NaN, "no value of the indices of "
                    + TexPrinter.print(d.wrt()) + " names a unit or an edge of the network (within the conditions)"));
            return;
        }
        for (int k = 1; k < c.sides().size(); k++) {
            String relation = c.relations().get(k - 1);
            Tex side = c.sides().get(k);
            String key = c.positions().get(k) + " side " + k;
            String shown = SideText.clip(c.written().get(0) + " " + relation + " " + c.written().get(k));
            if (!relation.equals("=")) {
                lines.add(new Line(c.positions().get(k), shown, "not checked", Double.NaN, "the relation '" + relation
                        + "' is not an equation"));
                continue;
            }
            String problem = n.problemAt(d, side, assignments);
            problem = problem != null ? problem : n.shapeProblem(side, d, assignments.get(0));
            if (problem != null) {
                // a product of the side's own whose sizes cannot meet is wrong as written; anything else, unread
                boolean wrong = n.unconformable(side, assignments.get(0)) != null && problem.contains("inner sizes");
                lines.add(new Line(c.positions().get(k), shown, wrong ? "FAILS" : "NOT READ", Double.NaN,
                        wrong ? PageCheck.UNDEFINED + problem : problem, pair(d, side)));
                continue;
            }
            pending.put(key, new Line(c.positions().get(k), shown, "", Double.NaN, SideText.join(SideText.readingNote(
                    new Tex.Bin('*', d, side, true, d.at())), c.note(0), c.note(k), // on both: variable and side
                    n.readingNote(side, d, assignments.get(0))), pair(d, side)));
            for (Map<String, Integer> a : assignments) {
                specs.add(new Notation.Side(key + " @" + (a.isEmpty() ? "" : a.toString()), n.target(d.wrt(), a), side,
                        a, Double.NaN, null, n.definitions(), d));
            }
        }
    }

    /** The equation {@code a = b} a line judges, as a tree for a report to typeset. */
    private static Tex pair(Tex a, Tex b) {
        return new Tex.Cmp("=", a, b, SideText.start(a));
    }

    /** Whether a derivative is of the loss, written {@code L} or {@code l(\\theta)}. */
    private static boolean ofLoss(Notation n, Deriv d) {
        return d.of() instanceof Sym l && n.isLoss(l) || d.of() instanceof Tex.Apply a && n.isLoss(a.fn());
    }

    /**
     * A chain that is not a gradient of the loss ({@code \\frac{\\partial n_j}{\\partial w_{ji}} = x_{ji}},
     * {@code L = ...}, {@code \\frac{\\partial h(n_j)}{\\partial n_j} = h(n_j)(1 - h(n_j))}): each side is
     * checked against the side before it, at every admissible value of its free indices.
     */
    private static void planClaims(PageChains.Assembled c, Notation n, List<Line> lines, Map<String, Line> pending,
                                   List<Notation.Side> specs) {
        if (c.sides().size() < 2) {
            lines.add(new Line(c.positions().get(0), c.written().get(0), "not checked", Double.NaN,
                    "an expression, not an equation"));
            return;
        }
        List<Map<String, Integer>> all = n.claimAssignments(c.sides());
        List<Map<String, Integer>> admissible = new ArrayList<>();
        for (Map<String, Integer> a : all) {
            if (FreeIndices.holds(c.conditions(), a)
                    && c.sides().stream().allMatch(x -> n.problemAt(null, x, List.of(a)) == null)
                    && java.util.stream.IntStream.range(1, c.sides().size()).allMatch(k -> n.shapeProblem(
                    c.sides().get(k), c.sides().get(k - 1), a) == null)) {
                admissible.add(a);
            }
        }
        for (int k = 1; k < c.sides().size(); k++) {
            String relation = c.relations().get(c.relations().size() - c.sides().size() + k);
            String shown = SideText.clip(c.written().get(k - 1) + " " + relation + " " + c.written().get(k));
            String where = c.positions().get(k);
            if (!relation.equals("=")) {
                lines.add(new Line(where, shown, "not checked", Double.NaN, "the relation '" + relation
                        + "' is not an equation"));
                continue;
            }
            if (admissible.isEmpty()) {
                String why = null;
                for (Tex x : c.sides()) { // the first side that cannot be evaluated says why
                    why = why != null ? why : n.problemAt(null, x, all.stream().limit(1).toList());
                }
                why = why != null ? why : n.shapeProblem(c.sides().get(k), c.sides().get(k - 1), all.get(0));
                lines.add(new Line(where, shown, "NOT READ", Double.NaN, why != null ? why
                        : "no value of the indices " + all.get(0).keySet() + " is admissible in the network",
                        pair(c.sides().get(k - 1), c.sides().get(k))));
                continue;
            }
            String key = where + " claim " + k;
            pending.put(key, new Line(where, shown, "", Double.NaN, SideText.join(SideText.readingNote(
                    c.sides().get(k)), c.note(k - 1), c.note(k), n.readingNote(c.sides().get(k),
                    c.sides().get(k - 1), admissible.get(0))), pair(c.sides().get(k - 1), c.sides().get(k))));
            for (Map<String, Integer> a : admissible) {
                specs.add(new Notation.Side(key + " @" + (a.isEmpty() ? "" : a.toString()), null, c.sides().get(k), a,
                        Double.NaN, c.sides().get(k - 1), n.definitions()));
            }
        }
    }

    /**
     * A definition ({@code \\delta_j = \\frac{\\partial L}{\\partial n_j}}): the symbol stands for its body in the
     * formulas after it, with its index letters bound where it is used ({@code \\delta_k}); further sides of the
     * chain are checked against the body.
     */
    private static void define(PageChains.Assembled c, Sym symbol, Notation n, List<Line> lines,
                               Map<String, Line> pending, List<Notation.Side> specs) {
        try {
            n.define(symbol, c.sides().get(1));
        } catch (IllegalArgumentException e) {
            lines.add(new Line(c.positions().get(0), c.written().get(0) + " = " + c.written().get(1), "NOT READ",
                    Double.NaN, e.getMessage()));
            return;
        }
        lines.add(new Line(c.positions().get(0), SideText.clip(c.written().get(0) + " = " + c.written().get(1)),
                "defined", Double.NaN, null, pair(c.sides().get(0), c.sides().get(1))));
        if (c.sides().size() > 2) {
            List<Tex> rest = c.sides().subList(1, c.sides().size());
            planClaims(new PageChains.Assembled(new ArrayList<>(rest), new ArrayList<>(c.relations().subList(
                    c.relations().size() - rest.size() + 1, c.relations().size())), c.positions().subList(1,
                    c.positions().size()), c.conditions(), c.written().subList(1, c.written().size()),
                    c.notes().subList(1, c.notes().size())), n, lines, pending, specs);
        }
    }

    /**
     * An update rule {@code w \\leftarrow w - \\alpha (...)} (or written with '='): judged by the gradient it
     * implies, {@code (w - new w) / \\alpha}, against autograd's; the step must be a constant of the notation.
     */
    private static void planUpdate(PageChains.Assembled c, Sym param, Notation n, List<Line> lines,
                                   Map<String, Line> pending, List<Notation.Side> specs) {
        Tex rhs = c.sides().get(1);
        String where = c.positions().get(1);
        String shown = c.written().get(0) + " " + c.relations().get(c.relations().size() - 1) + " "
                + c.written().get(1);
        // w - alpha (gradient), or w + eta (delta x) with Mitchell's delta = -dE/dnet: judged the same way
        Double rate = rhs instanceof Tex.Bin b && (b.op() == '-' || b.op() == '+') && TexPrinter.print(b.left())
                .equals(TexPrinter.print(param)) ? n.step(b.right()) : null;
        if (rate == null) {
            lines.add(new Line(where, shown, "NOT READ", Double.NaN, "an update rule must read '"
                    + TexPrinter.print(param) + " - (step) (...)' (or + ...) with its step a constant of the notation "
                    + "(constants: "
                    + "{\\alpha: 0.1}); known constants: " + n.constants().keySet()));
            return;
        }
        List<Map<String, Integer>> assignments = n.assignments(param).stream()
                .filter(a -> FreeIndices.holds(c.conditions(), a)).toList();
        Deriv asDerivative = new Deriv(new Sym("L", 0, null, null, param.at()), param, "partial", true, param.at());
        String problem = n.problemAt(asDerivative, rhs, assignments);
        problem = problem != null || assignments.isEmpty() ? problem : n.shapeProblem(rhs, param, assignments.get(0));
        if (problem != null) {
            lines.add(new Line(where, shown, "NOT READ", Double.NaN, problem));
            return;
        }
        String key = where + " update";
        pending.put(key, new Line(where, shown, "", Double.NaN, null, new Tex.Cmp(c.relations().get(c.relations()
                .size() - 1), param, rhs, param.at())));
        for (Map<String, Integer> a : assignments) {
            specs.add(new Notation.Side(key + " @" + (a.isEmpty() ? "" : a.toString()), n.target(param, a), rhs, a,
                    rate, null, n.definitions()));
        }
    }
}
