package dev.chainrule.nn.text;

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

/**
 * Where a failing side is wrong: the single edits of its formula as written ({@link TexEdits}: a sign, a factor, a
 * dropped factor, a transpose, two swapped indices), each checked by the same machinery as the side itself, in
 * every setting where the side failed; the first edit under which it holds at every value of its indices is the
 * diagnosis. Never a guess: an edit that is not checked to hold is not reported.
 */
final class PageDiagnosis {
    /** The most edits tried for one side (each is one more formula in one derivation). */
    static final int MAX_EDITS = 60;
    /** The most formulas (edits times values of the side's indices) checked at once. */
    static final int MAX_FORMULAS = 120;
    /** Instances per edit: enough to refute an edit that does not hold (the verdict is re-checked in full). */
    static final int INSTANCES = 12;
    /** Instances that confirm the edit found (as many as the side's own check, up to this). */
    static final int CONFIRM = 40;

    private PageDiagnosis() {
    }

    /**
     * The diagnosis of one failing side (its specs, one per assignment of its indices) in the settings where it
     * failed: "holds if X reads Y (kind)", checked in full, or a sentence saying no single edit was found.
     */
    static String diagnose(Notation n, List<Notation.Side> sides, List<Activation> failing, long seed,
                           int instances) {
        Tex side = sides.get(0).side();
        // a budget of formulas per derivation: fewer edits for a side with many values of its indices
        List<Tex> named = new ArrayList<>(List.of(side));
        if (sides.get(0).context() != null) {
            named.add(sides.get(0).context()); // the derivative the side claims to be: a factor it may lack
        }
        List<TexEdits.Edit> edits = TexEdits.of(side, scales(n), n.derivativeFactors(named), Math.max(8,
                Math.min(MAX_EDITS, MAX_FORMULAS / sides.size())));
        List<TexEdits.Edit> admissible = edits.stream().filter(e -> sides.stream()
                .allMatch(s -> n.problem(e.formula(), s.indices()) == null)).toList();
        List<TexEdits.Edit> holding = new ArrayList<>(admissible);
        for (Activation act : failing) {
            holding = holdingIn(n, sides, holding, act, seed, INSTANCES);
            if (holding.isEmpty()) {
                break;
            }
        }
        for (TexEdits.Edit e : holding) { // the simplest first; confirmed with the side's own instances
            boolean all = true;
            for (Activation act : failing) {
                all &= !holdingIn(n, sides, List.of(e), act, seed, Math.min(instances, CONFIRM)).isEmpty();
            }
            if (all) {
                boolean whole = TexPrinter.print(e.now()).equals(TexPrinter.print(e.formula()));
                return "diagnosis: " + e.text() + (whole ? "" : ", that is " + TexPrinter.print(e.formula()));
            }
        }
        return "diagnosis: no single edit of a sign, a factor, a transpose or two indices makes it hold ("
                + admissible.size() + " tried)";
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
        DerivationReport r;
        try {
            r = n.derivation(act, specs).check(seed, instances);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return List.of(); // an edit the checker cannot judge (a shape it refuses): none is reported
        }
        Map<Integer, Boolean> holds = new LinkedHashMap<>();
        for (DerivationReport.Verdict v : r.verdicts()) {
            int k = Integer.parseInt(v.formula().substring("edit ".length(), v.formula().indexOf(" @")));
            holds.merge(k, v.instances() > 0 && v.holds(), Boolean::logicalAnd);
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
