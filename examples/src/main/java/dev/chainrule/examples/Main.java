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
 * The main job: the five seed documents read from their own text ({@code documents/00N.md}: each page verbatim
 * under a notation), every display formula checked against reverse-mode autograd, central differences and forward
 * mode in every reading, printed as one table with each formula's place in its document, the corrections, and the
 * findings each document's notation states (each confirmed or flagged).
 *
 * <p>Usage: {@code Main [instances [seed]] [--full | --document NNN | --java]}: {@code --full} also prints every
 * document's report with its counterexamples, {@code --document 003} one document's; {@code --java} prints the
 * table of the Java encodings of the same documents ({@code dev.chainrule.examples.documents}), which the text path
 * replaces; {@code Main check FILE...} checks derivation pages ({@link CheckCommand}).
 */
public final class Main {
    private Main() {
    }

    static final String USAGE = "Main [instances [seed]] [--full | --document NNN | --java] | Main check FILE... "
            + "[--seed N] [--instances N] [--reading NAME]";

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
        boolean java = false;
        String document = null;
        int positional = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--full")) {
                full = true;
            } else if (a.equals("--java")) {
                java = true;
            } else if (a.equals("--document")) {
                if (i + 1 == args.length || !DocumentPages.NUMBERS.contains(args[i + 1])) {
                    throw new Cli.UsageError("--document needs one of " + DocumentPages.NUMBERS);
                }
                document = args[++i];
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
        if (java) {
            runJava(instances, seed, full);
            return;
        }
        long start = System.nanoTime();
        if (document != null) {
            for (var r : DocumentPages.check(document, seed, instances, true)) {
                System.out.println(r.text());
            }
            return;
        }
        if (full) {
            for (String number : DocumentPages.NUMBERS) {
                DocumentPages.check(number, seed, instances, true).forEach(r -> System.out.println(r.text()));
            }
        }
        System.out.println("chainrule: the five documents in shared/seeds, read from their own text "
                + "(examples/src/main/resources/documents:");
        System.out.println("each page verbatim under a notation); every display formula checked against reverse-mode "
                + "autograd, with central");
        System.out.printf(Locale.ROOT, "differences and forward mode confirming autograd; %d random instances per "
                + "setting, seed %d.%n", instances, seed);
        System.out.println("'where' is the formula's line:column in its document; a correction, written in the "
                + "notation, follows its");
        System.out.println("document's lines. One document's full report, with counterexamples and the edit that "
                + "makes each failing");
        System.out.println("line hold: Main --document 003 (or check FILE).");
        System.out.println();
        int contradicted = DocumentPages.print(seed, instances, System.out);
        System.out.printf(Locale.ROOT, "%.1f s.%s%n", (System.nanoTime() - start) / 1e9, contradicted == 0 ? ""
                : " WARNING: " + contradicted + " findings are contradicted by the verdicts.");
    }

    /** The table of the Java encodings of the five documents (replaced by the text path). */
    private static void runJava(int instances, long seed, boolean full) {
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
