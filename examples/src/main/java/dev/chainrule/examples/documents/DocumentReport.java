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
    /**
     * One formula's line in the summary table, over every setting it was checked in.
     *
     * @param settings how many settings (networks, activations, losses) checked it
     * @param failed   in how many of them it failed
     */
    public record Row(String document, String formula, int settings, int failed, double maxError, String hint) {
        /** "holds" or "FAILS (k of n settings)". */
        public String verdict() {
            return failed == 0 ? "holds" : "FAILS (" + failed + " of " + settings + ")";
        }
    }

    /** One formula in one setting: the detail behind a {@link Row}. */
    public record SettingRow(String document, String formula, String setting, String verdict, double maxError,
                             String hint) {
    }

    private final String document;
    private final String title;
    private final StringBuilder text = new StringBuilder();
    private final Map<String, List<DerivationReport.Verdict>> byFormula = new LinkedHashMap<>();
    private final List<SettingRow> settingRows = new ArrayList<>();
    private final List<DerivationReport> reports = new ArrayList<>();

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
        reports.add(r);
        text.append('\n').append("-- ").append(setting).append(": ").append(r.instances())
                .append(" random instances (seed ").append(r.seed()).append(")");
        if (r.rejected() > 0) {
            text.append(", ").append(r.rejected()).append(" redrawn (on a kink, near a pole, or breaking a stated "
                    + "requirement)");
        }
        text.append('\n');
        for (DerivationReport.Verdict v : r.verdicts()) {
            text.append(String.format(Locale.ROOT, "   %-6s %s%n", v.holds() ? "holds" : "FAILS", v.formula()));
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
            byFormula.computeIfAbsent(v.formula(), k -> new ArrayList<>()).add(v);
            settingRows.add(new SettingRow(document, v.formula(), setting, v.holds() ? "holds" : "FAILS "
                    + v.failures() + "/" + v.instances(), v.maxError(), v.hints().isEmpty()
                    ? (v.error() == null ? "" : v.error()) : v.hints().get(0)));
        }
        return this;
    }

    /** The summary rows, one per formula (over the settings that checked it), in the order first checked. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<DerivationReport.Verdict>> e : byFormula.entrySet()) {
            int failed = 0;
            double max = 0;
            String hint = "";
            for (DerivationReport.Verdict v : e.getValue()) {
                max = Double.isNaN(max) || Double.isNaN(v.maxError()) ? Double.NaN : Math.max(max, v.maxError());
                if (!v.holds()) {
                    if (failed == 0) {
                        hint = !v.hints().isEmpty() ? v.hints().get(0) : v.error() == null ? "" : v.error();
                    }
                    failed++;
                }
            }
            rows.add(new Row(document, e.getKey(), e.getValue().size(), failed, max, hint));
        }
        return rows;
    }

    /** One row per formula and setting, in the order checked. */
    public List<SettingRow> settingRows() {
        return List.copyOf(settingRows);
    }

    /** The checker's reports, in the order they were added. */
    public List<DerivationReport> reports() {
        return List.copyOf(reports);
    }

    /** The report of one setting. */
    public DerivationReport report(String title) {
        for (DerivationReport r : reports) {
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
