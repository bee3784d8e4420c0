package dev.chainrule.nn.text;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.DerivationReport;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexEdits;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.nn.Activation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where a failing side is wrong: the single edits of its formula as written ({@link TexEdits}: a sign, a factor, a
 * dropped factor, a transpose, two swapped indices, a neighbouring symbol, a sum's limits, a missing term), each
 * checked by the same machinery as the side itself, in every setting where the side failed; the first edit under
 * which it holds at every value of its indices is the diagnosis, with one more that also holds if there is one. When
 * no single edit holds, a short formula is tried with two. Never a guess: an edit that is not checked to hold is
 * not reported.
 */
final class PageDiagnosis {
    /** The most edits tried for one side (each is one more formula in one derivation). */
    static final int MAX_EDITS = 120;
    /** The most formulas (edits times values of the side's indices) checked at once. */
    static final int MAX_FORMULAS = 1_500;
    /** Instances per edit: enough to refute an edit that does not hold (the verdict is re-checked in full). */
    static final int INSTANCES = 12;
    /** Instances that confirm the edit found (as many as the side's own check, up to this). */
    static final int CONFIRM = 40;

    private PageDiagnosis() {
    }

    /**
     * The diagnosis of every failing side (by its key, with the settings where it failed), each on its own and in
     * parallel where cores allow: a side's diagnosis depends only on its own seeded checks, so the order is free.
     */
    static Map<String, String> all(Notation n, List<Notation.Side> specs, Map<String, List<Activation>> failingIn,
                                   long seed, int instances) {
        Map<String, String> out = new java.util.concurrent.ConcurrentHashMap<>();
        failingIn.entrySet().parallelStream().forEach(e -> {
            List<Notation.Side> sides = specs.stream().filter(sp -> sp.label().startsWith(e.getKey() + " @")).toList();
            if (!sides.isEmpty()) {
                out.put(e.getKey(), diagnose(n, sides, e.getValue(), seed, instances));
            }
        });
        return out;
    }

    /**
     * The diagnosis of one failing side (its specs, one per assignment of its indices) in the settings where it
     * failed: "holds if X reads Y (kind)", checked in full, or a sentence saying no single edit was found.
     */
    static String diagnose(Notation n, List<Notation.Side> sides, List<Activation> failing, long seed,
                           int instances) {
        Tex side = sides.get(0).side();
        // a budget of formulas per derivation: fewer edits for a side with many values of its indices
        int budget = Math.max(8, Math.min(MAX_EDITS, MAX_FORMULAS / sides.size()));
        List<Tex> named = new ArrayList<>(List.of(side));
        if (sides.get(0).context() != null) {
            named.add(sides.get(0).context()); // the derivative the side claims to be: a factor it may lack
        }
        List<Tex> factors = n.derivativeFactors(named);
        java.util.Set<String> letters = sides.get(0).indices().keySet();
        List<TexEdits.Edit> admissible = admissible(n, sides, TexEdits.of(side, scales(n), factors, letters,
                CANDIDATES), budget);
        List<String> found = confirmed(n, sides, screened(n, sides, admissible, failing, seed), failing, seed,
                instances);
        if (!found.isEmpty()) {
            return "diagnosis: " + String.join("; also ", found);
        }
        List<TexEdits.Edit> pairs = new ArrayList<>();
        if (TexPrinter.print(side).length() <= PAIRS_UP_TO) { // a short formula: two edits at once
            for (TexEdits.Edit first : admissible) {
                for (TexEdits.Edit second : admissible(n, sides, TexEdits.of(first.formula(), scales(n), factors,
                        letters, CANDIDATES), budget)) {
                    if (leaf(second.formula())) {
                        continue; // two edits that leave one symbol say nothing the line did not (its own name)
                    }
                    pairs.add(new TexEdits.Edit(second.formula(), first.was(), first.now(), first.kind() + ") and "
                            + TexPrinter.print(second.was()) + " reads " + TexPrinter.print(second.now()) + " ("
                            + second.kind()));
                }
                if (pairs.size() >= PAIR_BUDGET) {
                    break;
                }
            }
            found = confirmed(n, sides, screened(n, sides, pairs.subList(0, Math.min(pairs.size(), PAIR_BUDGET)),
                    failing, seed), failing, seed, instances);
            if (!found.isEmpty()) {
                return "diagnosis: " + String.join("; also ", found);
            }
        }
        return "diagnosis: no edit of a sign, a factor, a limit, a term, a symbol, a transpose or two indices makes"
                + " it hold (" + admissible.size() + " single edits tried" + (pairs.isEmpty() ? "" : ", and "
                + Math.min(pairs.size(), PAIR_BUDGET) + " pairs") + ")";
    }

    /**
     * A line not read because a symbol names nothing the notation knows ({@code a^3} where there is no layer 3): the
     * neighbouring symbols (and, with one, a transpose) under which the line reads and holds in every setting,
     * checked like any line, added to its reason; the line itself stays "not read" (a slip is not a wrong formula).
     * Any other line is returned as it is.
     */
    static PageCheck.Line ofUnread(Notation n, PageCheck.Line l, long seed, int instances) {
        // a product whose sizes cannot meet: the transposes and the other order that make it one that holds
        boolean undefined = l.fails() && l.detail() != null && l.detail().startsWith(PageCheck.UNDEFINED);
        boolean unbound = l.verdict().equals("NOT READ") && l.detail() != null
                && l.detail().matches("(?s).*(there is no layer|is not in the notation).*");
        if (!undefined && !unbound || l.formula().endsWith("...")) {
            return l;
        }
        Tex.Chain c;
        try {
            c = dev.chainrule.check.tex.TexParser.parse(new dev.chainrule.check.tex.Source("line", l.formula()), 0,
                    l.formula().length(), n.functions(), n.words());
        } catch (IllegalArgumentException e) {
            return l;
        }
        if (c.sides().size() != 2 || !c.relations().equals(List.of("=")) || !(c.sides().get(0) instanceof Tex.Deriv d)
                || d.of() == null) {
            return l;
        }
        List<Notation.Side> sides = new ArrayList<>();
        try {
            for (Map<String, Integer> a : n.assignments(d.wrt())) {
                sides.add(new Notation.Side("unread @" + a, n.target(d.wrt(), a), c.sides().get(1), a, Double.NaN,
                        null, n.definitions(), d));
            }
        } catch (IllegalArgumentException e) {
            return l;
        }
        if (sides.isEmpty()) {
            return l;
        }
        List<TexEdits.Edit> readable = new ArrayList<>();
        for (TexEdits.Edit first : TexEdits.of(c.sides().get(1), List.of(), List.of(), sides.get(0).indices()
                .keySet(), CANDIDATES)) {
            if (!(undefined ? first.kind().endsWith("transpose") || first.kind().endsWith("other order")
                    : first.kind().startsWith("another symbol"))) {
                continue;
            }
            List<TexEdits.Edit> then = new ArrayList<>(List.of(first));
            // another symbol may need a transpose too (a^1 for a^3, laid out as the convention has it); a product
            // whose sizes cannot meet is mended by one edit, or it is no slip of one term
            TexEdits.of(first.formula(), List.of(), List.of(), List.of(), undefined ? 0 : CANDIDATES).stream()
                    .filter(e -> e.kind().contains("transpose")).map(e -> new TexEdits.Edit(e.formula(), first.was(),
                            first.now(), first.kind() + ") and " + TexPrinter.print(e.was()) + " reads "
                            + TexPrinter.print(e.now()) + " (" + e.kind())).forEach(then::add);
            for (TexEdits.Edit e : then) {
                if (sides.stream().allMatch(s -> n.problem(e.formula(), s.indices()) == null
                        && n.shapeProblem(e.formula(), d, s.indices()) == null)) {
                    readable.add(e);
                }
            }
        }
        List<String> found = confirmed(n, sides, screened(n, sides, readable, n.settings(), seed), n.settings(), seed,
                instances);
        return found.isEmpty() ? l : l.judged(l.verdict(), l.maxError(), l.detail() + "\n  diagnosis: "
                + (undefined ? "" : "it reads, and ") + String.join("; also ", found));
    }

    private static boolean leaf(Tex t) {
        return t instanceof Sym || t instanceof Tex.Deriv || t instanceof Tex.Apply a && a.args().size() == 1
                && leaf(a.args().get(0)) || t instanceof Tex.Num;
    }

    /** Edits produced before the notation's admissibility filter: enough that every kind gets its turn. */
    private static final int CANDIDATES = 400;
    /** The longest formula (as printed) for which pairs of edits are tried when no single one holds. */
    static final int PAIRS_UP_TO = 80;
    /** The most pairs of edits checked for one side. */
    static final int PAIR_BUDGET = 240;
    /** The most edits reported for one side: the first, and others that also hold. */
    static final int REPORTED = 2;

    /** The edits whose formula the notation can judge at every value of the side's indices, up to the budget. */
    private static List<TexEdits.Edit> admissible(Notation n, List<Notation.Side> sides, List<TexEdits.Edit> edits,
                                                  int budget) {
        List<TexEdits.Edit> out = new ArrayList<>();
        for (TexEdits.Edit e : edits) {
            if (out.size() == budget) {
                break;
            }
            if (sides.stream().allMatch(s -> n.problem(e.formula(), s.indices()) == null)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The edits under which the side holds on a few instances of every setting where it failed. */
    private static List<TexEdits.Edit> screened(Notation n, List<Notation.Side> sides, List<TexEdits.Edit> edits,
                                                List<Activation> failing, long seed) {
        List<TexEdits.Edit> holding = new ArrayList<>(edits);
        for (Activation act : failing) {
            holding = holdingIn(n, sides, holding, act, seed, INSTANCES);
            if (holding.isEmpty()) {
                break;
            }
        }
        return holding;
    }

    /** "holds if X reads Y (kind)" for each screened edit that holds in full, the simplest first, at most a few. */
    private static List<String> confirmed(Notation n, List<Notation.Side> sides, List<TexEdits.Edit> holding,
                                          List<Activation> failing, long seed, int instances) {
        List<String> out = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (TexEdits.Edit e : holding) {
            if (out.size() == REPORTED) {
                break;
            }
            String kind = e.kind().replaceAll("[:(].*$", "").strip(); // "another symbol", "a missing factor"
            if (kinds.contains(kind)) {
                continue; // the same kind of edit elsewhere in the line: the same correction, said again
            }
            boolean all = true;
            for (Activation act : failing) {
                all &= !holdingIn(n, sides, List.of(e), act, seed, Math.min(instances, CONFIRM)).isEmpty();
            }
            if (all) {
                kinds.add(kind);
                boolean whole = TexPrinter.print(e.now()).equals(TexPrinter.print(e.formula()));
                out.add(e.text() + (whole ? "" : ", that is " + TexPrinter.print(e.formula())));
            }
        }
        return out;
    }

    /** The edits under which every spec of the side holds in one setting. */
    private static List<TexEdits.Edit> holdingIn(Notation n, List<Notation.Side> sides, List<TexEdits.Edit> edits,
                                                 Activation act, long seed, int instances) {
        if (edits.isEmpty()) {
            return edits;
        }
        List<Notation.Side> specs = new ArrayList<>();
        for (int k = 0; k < edits.size(); k++) {
            for (Notation.Side s : sides) {
                String label = "edit " + k + s.label().substring(s.label().indexOf(" @"));
                specs.add(new Notation.Side(label, s.target(), edits.get(k).formula(), s.indices(), s.rate(),
                        s.reference(), s.definitions(), s.context()));
            }
        }
        Map<Integer, Boolean> holds = new LinkedHashMap<>();
        try {
            // instance by instance, without shrinking a counterexample (only whether each edit holds matters),
            // and stopping once every edit has failed somewhere
            Derivation d = n.derivation(act, specs);
            SplittableRandom draws = new SplittableRandom(seed);
            int judged = 0;
            for (int attempt = 0; attempt < 20 * instances && judged < instances; attempt++) {
                DerivationReport r = d.check(d.draw(draws.nextLong()));
                if (r.verdicts().isEmpty()) {
                    continue; // an instance the derivation does not admit (a kink): drawn again
                }
                judged++;
                for (DerivationReport.Verdict v : r.verdicts()) {
                    int k = Integer.parseInt(v.formula().substring("edit ".length(), v.formula().indexOf(" @")));
                    holds.merge(k, v.instances() > 0 && v.holds(), Boolean::logicalAnd);
                }
                if (!holds.containsValue(true)) {
                    break;
                }
            }
            if (judged == 0) {
                return List.of();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            return List.of(); // an edit the checker cannot judge (a shape it refuses): none is reported
        }
        List<TexEdits.Edit> out = new ArrayList<>();
        holds.forEach((k, ok) -> {
            if (ok) {
                out.add(edits.get(k));
            }
        });
        return out;
    }

    /**
     * The named numbers a term may be scaled by, or a sum run to: a layered page's batch size, and the notation's
     * whole-number constants (a number of classes C).
     */
    private static List<Sym> scales(Notation n) {
        List<Sym> out = new ArrayList<>();
        if (n instanceof LayerNotation l && l.roles.containsValue("batch")) {
            out.add(new Sym(l.symbolOf("batch", "N"), 0, null, null, 0));
        }
        n.constants().forEach((name, v) -> {
            if (v == Math.rint(v) && v >= 1) {
                out.add(new Sym(name, 0, null, null, 0));
            }
        });
        return out;
    }
}
