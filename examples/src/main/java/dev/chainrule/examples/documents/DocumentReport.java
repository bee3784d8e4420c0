package dev.chainrule.examples.documents;

import dev.chainrule.check.DerivationReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One seed document's report: prose in the document's notation, the checker's verdict on each of its formulas
 * (as written, and corrected where one fails), and one summary row per formula for the table over all five.
 */
public final class DocumentReport {
    /** What a checked formula is, for the summary's counts. */
    public enum Kind {
        /** A formula of the document, as written (the default). */
        AS_WRITTEN("as written"),
        /** A corrected version of a formula that fails (the default for labels containing "corrected"). */
        CORRECTED("corrected"),
        /** A check of the report's own: a setup check, an alternative reading, a contrast that names a pattern. */
        OURS("ours");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** How the summary table names the kind. */
        public String label() {
            return label;
        }
    }

    /**
     * One formula's line in the summary table, over every setting it was checked in.
     *
     * @param settings  how many settings (networks, activations, losses) checked it
     * @param failed    in how many of them it failed
     * @param unchecked in how many no instance was admissible
     * @param hint      the checker's first hint where it failed, or ""
     * @param note      the first shape mismatch or exception where it failed, or ""
     */
    public record Row(String document, String formula, Kind kind, int settings, int failed, int unchecked,
                      double maxError, String hint, String note) {
        /** "holds", "FAILS (k of n settings)", or "NOT CHECKED" when no setting could check it. */
        public String verdict() {
            return unchecked == settings ? "NOT CHECKED" : failed == 0 && unchecked == 0 ? "holds"
                    : "FAILS (" + (failed + unchecked) + " of " + settings + ")";
        }
    }

    /** One formula in one setting: the detail behind a {@link Row}. */
    public record SettingRow(String document, String formula, String setting, String verdict, double maxError,
                             String hint) {
    }

    private final String document;
    private final String title;
    private final StringBuilder text = new StringBuilder();
    /** The checker's reports by setting name, in the order added: every verdict, row and lookup comes from here. */
    private final Map<String, DerivationReport> settings = new LinkedHashMap<>();
    private final Map<String, Kind> kinds = new LinkedHashMap<>();
    private int contradicted;

    /**
     * @param document the document's file name, e.g. {@code 004_6bf273021ef1f3eb.txt}
     * @param title    what it is, e.g. "Question 1: Backpropagation by Hand (Itakura-Saito)"
     */
    public DocumentReport(String document, String title) {
        this.document = document;
        this.title = title;
        text.append("=".repeat(100)).append('\n').append(document).append(": ").append(title).append('\n')
                .append("=".repeat(100)).append('\n');
    }

    /** The document's file name. */
    public String document() {
        return document;
    }

    /** Marks formulas (by label) as corrected ones or as the report's own checks, for the summary's counts. */
    public DocumentReport kind(Kind kind, String... formulas) {
        for (String f : formulas) {
            kinds.put(f, kind);
        }
        return this;
    }

    /** The kind of a formula: as marked, else CORRECTED when its label says "corrected", else AS_WRITTEN. */
    public Kind kindOf(String formula) {
        return kinds.getOrDefault(formula, formula.contains("corrected") ? Kind.CORRECTED : Kind.AS_WRITTEN);
    }

    /**
     * Appends a finding in prose, with the checks' evidence for it: printed as written when {@code borneOut},
     * and flagged CONTRADICTED (and counted) when the verdicts say otherwise, so that no sentence of a report
     * can state a verdict the checker did not give.
     */
    public DocumentReport claim(boolean borneOut, String... lines) {
        for (int i = 0; i < lines.length; i++) {
            String prefix = borneOut || i > 0 ? "" : "CONTRADICTED by the checks above: ";
            text.append(prefix).append(lines[i]).append('\n');
        }
        if (!borneOut) {
            contradicted++;
        }
        return this;
    }

    /** How many claims the checks contradicted (0 in a sound report). */
    public int contradicted() {
        return contradicted;
    }

    /** Whether the formula was checked and held in every setting so far. */
    public boolean holds(String formula) {
        List<DerivationReport.Verdict> v = byFormula().get(formula);
        return v != null && v.stream().allMatch(DerivationReport.Verdict::holds);
    }

    /** Whether the formula was checked in that setting and held there. */
    public boolean holdsIn(String formula, String setting) {
        return verdictIn(formula, setting).holds();
    }

    /** Whether the formula was checked in that setting and failed there with a counterexample. */
    public boolean failsIn(String formula, String setting) {
        DerivationReport.Verdict v = verdictIn(formula, setting);
        return !v.holds() && v.counterexample() != null;
    }

    /** Whether the formula failed, with a counterexample, in every setting that checked it. */
    public boolean failsEverywhere(String formula) {
        List<DerivationReport.Verdict> v = byFormula().get(formula);
        return v != null && v.stream().allMatch(x -> !x.holds() && x.counterexample() != null);
    }

    private DerivationReport.Verdict verdictIn(String formula, String setting) {
        DerivationReport r = settings.get(setting);
        if (r != null) {
            for (DerivationReport.Verdict v : r.verdicts()) {
                if (v.formula().equals(formula)) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException("DocumentReport: formula '" + formula + "' was not checked in setting '"
                + setting + "'");
    }

    /** Every formula's verdicts over the settings that checked it, in the order first checked. */
    private Map<String, List<DerivationReport.Verdict>> byFormula() {
        Map<String, List<DerivationReport.Verdict>> by = new LinkedHashMap<>();
        for (DerivationReport r : settings.values()) {
            for (DerivationReport.Verdict v : r.verdicts()) {
                by.computeIfAbsent(v.formula(), k -> new ArrayList<>()).add(v);
            }
        }
        return by;
    }

    /** "holds", "NOT CHECKED" or "FAILS" for one verdict. */
    private static String word(DerivationReport.Verdict v) {
        return v.holds() ? "holds" : v.instances() == 0 ? "NOT CHECKED" : "FAILS";
    }

    /** {@link #word}, with "k/n" after FAILS. */
    private static String status(DerivationReport.Verdict v) {
        return word(v).equals("FAILS") ? "FAILS " + v.failures() + "/" + v.instances() : word(v);
    }

    /** Appends a line of prose (notation, assumptions, conditions, corrections). */
    public DocumentReport line(String s) {
        text.append(s).append('\n');
        return this;
    }

    /**
     * Appends the checker's verdicts on one setting (a network, an activation, a loss), with counterexamples
     * and hints for the formulas that fail, and adds their summary rows.
     */
    public DocumentReport add(String setting, DerivationReport r) {
        if (settings.putIfAbsent(setting, r) != null) {
            throw new IllegalArgumentException("DocumentReport.add: setting '" + setting + "' added twice in "
                    + document + "; give each setting its own name");
        }
        text.append('\n').append("-- ").append(setting).append(": ").append(r.instances())
                .append(" random instances (seed ").append(r.seed()).append(")");
        if (r.rejected() > 0) {
            text.append(", ").append(r.rejected()).append(" redrawn (on a kink, near a pole, or breaking a stated "
                    + "requirement)");
        }
        text.append('\n');
        for (DerivationReport.Verdict v : r.verdicts()) {
            text.append(String.format(Locale.ROOT, "   %-6s %s%n", word(v), v.formula()));
            text.append(String.format(Locale.ROOT, "          %s %s, %s, max |formula - autograd| %s%n",
                    v.update() ? "update of" : "d/d", v.wrt(), v.holds() ? "agrees on all " + v.instances()
                            : "disagrees on " + v.failures() + " of " + v.instances(), error(v.maxError())));
            if (v.error() != null) {
                text.append("          ").append(v.error()).append('\n');
            }
            if (v.counterexample() != null) {
                text.append("          counterexample ").append(v.counterexample().toString()
                        .replace("\n", "\n          ")).append('\n');
            }
            for (String h : v.hints()) {
                text.append("          hint: ").append(h).append('\n');
            }
        }
        return this;
    }

    /** The summary rows, one per formula (over the settings that checked it), in the order first checked. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<DerivationReport.Verdict>> e : byFormula().entrySet()) {
            int failed = 0;
            int unchecked = 0;
            double max = 0;
            String hint = "";
            String note = "";
            for (DerivationReport.Verdict v : e.getValue()) {
                if (v.instances() == 0) {
                    unchecked++;
                    continue;
                }
                max = Double.isNaN(max) || Double.isNaN(v.maxError()) ? Double.NaN : Math.max(max, v.maxError());
                if (!v.holds()) {
                    if (hint.isEmpty() && !v.hints().isEmpty()) {
                        hint = v.hints().get(0);
                    }
                    if (note.isEmpty() && v.error() != null) {
                        note = v.error();
                    }
                    failed++;
                }
            }
            rows.add(new Row(document, e.getKey(), kindOf(e.getKey()), e.getValue().size(), failed, unchecked, max,
                    hint, note));
        }
        return rows;
    }

    /** One row per formula and setting, in the order checked. */
    public List<SettingRow> settingRows() {
        List<SettingRow> rows = new ArrayList<>();
        settings.forEach((setting, r) -> {
            for (DerivationReport.Verdict v : r.verdicts()) {
                rows.add(new SettingRow(document, v.formula(), setting, status(v), v.maxError(), v.hints().isEmpty()
                        ? (v.error() == null ? "" : v.error()) : v.hints().get(0)));
            }
        });
        return rows;
    }

    /** The checker's reports, in the order they were added. */
    public List<DerivationReport> reports() {
        return List.copyOf(settings.values());
    }

    /** The report whose derivation has this title. */
    public DerivationReport report(String title) {
        for (DerivationReport r : settings.values()) {
            if (r.title().equals(title)) {
                return r;
            }
        }
        throw new IllegalArgumentException("DocumentReport: no setting " + title + " in " + document);
    }

    /** The whole report, as its main prints it. */
    public String text() {
        return text + "\nTolerances: " + DerivationReport.tolerances() + "\n";
    }

    @Override
    public String toString() {
        return text();
    }

    static String error(double e) {
        return Double.isNaN(e) ? "n/a" : String.format(Locale.ROOT, "%.1e", e);
    }
}
