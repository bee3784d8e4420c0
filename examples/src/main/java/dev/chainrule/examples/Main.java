package dev.chainrule.examples;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.DerivationReport;
import dev.chainrule.examples.documents.Document000;
import dev.chainrule.examples.documents.Document001;
import dev.chainrule.examples.documents.Document002;
import dev.chainrule.examples.documents.Document003;
import dev.chainrule.examples.documents.Document004;
import dev.chainrule.examples.documents.DocumentReport;

import java.util.List;
import java.util.Locale;

/**
 * The main job: the five seed documents' hand-derived gradients, each checked against reverse-mode autograd and
 * central differences on random instances, as one summary table (document, formula, verdict, max error, hint).
 * Each document's full report, with counterexamples and corrections, is its own main
 * ({@code dev.chainrule.examples.documents.Document000} to {@code Document004}).
 *
 * <p>Usage: {@code Main [instances [seed]] [--full]}: {@code --full} also prints every document's report;
 * {@code Main check FILE...} checks derivation pages ({@link CheckCommand}).
 */
public final class Main {
    private Main() {
    }

    static final String USAGE = "Main [instances [seed]] [--full] | Main check FILE... [--seed N] [--instances N]";

    /** Runs all five documents and prints the summary. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("check")) {
            int status = CheckCommand.run(java.util.List.of(args).subList(1, args.length), System.out, System.err);
            if (status != 0) {
                System.exit(status);
            }
            return;
        }
        Cli.main("Main", USAGE, args, Main::run);
    }

    static void run(String[] args) throws Cli.UsageError {
        int instances = Derivation.DEFAULT_INSTANCES;
        long seed = Derivation.DEFAULT_SEED;
        boolean full = false;
        int positional = 0;
        for (String a : args) {
            if (a.equals("--full")) {
                full = true;
            } else if (a.startsWith("-") && !a.matches("-\\d+")) {
                throw new Cli.UsageError("unknown option '" + a + "'");
            } else if (positional++ == 0) {
                instances = Cli.integer("instances", a, 1);
            } else if (positional == 2) {
                seed = Cli.number("seed", a);
            } else {
                throw new Cli.UsageError("too many arguments: '" + String.join(" ", args) + "'");
            }
        }
        long start = System.nanoTime();
        List<DocumentReport> reports = List.of(Document000.run(seed, instances), Document001.run(seed, instances),
                Document002.run(seed, instances), Document003.run(seed, instances), Document004.run(seed, instances));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (full) {
            for (DocumentReport r : reports) {
                System.out.println(r.text());
            }
        }
        System.out.println("chainrule: the hand-derived gradients of the five documents in shared/seeds, each checked");
        System.out.println("against reverse-mode autograd, with central differences confirming autograd at "
                + "every instance.");
        System.out.printf(Locale.ROOT, "%d random instances per setting (network, activation, loss), seed %d; "
                + "%.1f s.%n",
                instances, seed, seconds);
        System.out.println("A formula FAILS when it disagrees with autograd on some instance of some setting. "
                + "Its document's");
        System.out.println("report gives the shrunk counterexample of each failure and the corrected formulas, "
                + "checked too:");
        System.out.println("mvn -q -pl examples -am compile exec:exec "
                + "-Dexec.main=dev.chainrule.examples.documents.Document000");
        System.out.println();
        System.out.println("kind: 'as written' is the document's formula; 'corrected' a correction of one that fails;");
        System.out.println("'ours' a check of the report's own (a setup, another reading, a contrast that names "
                + "a pattern).");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-4s  %-10s  %-16s  %-9s  %s%n", "doc", "kind", "verdict", "max error",
                "formula / hint");
        int holds = 0;
        int fails = 0;
        int corrected = 0;
        int correctedHold = 0;
        int ours = 0;
        int contradicted = 0;
        for (DocumentReport r : reports) {
            String doc = r.document().substring(0, 3);
            contradicted += r.contradicted();
            for (DocumentReport.Row row : r.rows()) {
                System.out.printf(Locale.ROOT, "%-4s  %-10s  %-16s  %-9s  %s%n", doc, row.kind().label(), row.verdict(),
                        error(row.maxError()),
                        row.formula());
                if (!row.hint().isEmpty()) {
                    System.out.printf(Locale.ROOT, "%-4s  %-10s  %-16s  %-9s    hint: %s%n", "", "", "", "",
                            row.hint());
                } else if (!row.note().isEmpty()) {
                    System.out.printf(Locale.ROOT, "%-4s  %-10s  %-16s  %-9s    note: %s%n", "", "", "", "",
                            row.note());
                }
                boolean ok = row.verdict().equals("holds");
                switch (row.kind()) {
                    case CORRECTED -> {
                        corrected++;
                        correctedHold += ok ? 1 : 0;
                    }
                    case OURS -> ours++;
                    default -> {
                        holds += ok ? 1 : 0;
                        fails += ok ? 0 : 1;
                    }
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "The documents' formulas as written: %d hold in every setting, %d fail in at"
                + " least one (some only outside a stated condition).%nCorrected formulas: %d of %d hold in every"
                + " setting. Other rows (%d) are the reports' own checks: setup, readings, contrasts.%n",
                holds, fails, correctedHold, corrected, ours);
        if (contradicted > 0) {
            System.out.printf(Locale.ROOT, "WARNING: %d sentences of the reports are contradicted by their checks.%n",
                    contradicted);
        }
        System.out.println("Tolerances: " + DerivationReport.tolerances());
    }

    private static String error(double e) {
        return Double.isNaN(e) ? "n/a" : String.format(Locale.ROOT, "%.1e", e);
    }
}
