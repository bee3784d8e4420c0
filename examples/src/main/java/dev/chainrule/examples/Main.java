package dev.chainrule.examples;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import dev.chainrule.nn.text.PageHtml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job: the five seed documents read from their own text ({@code documents/00N.md}: each page verbatim
 * under a notation), every display formula checked against reverse-mode autograd, central differences and forward
 * mode in every reading, printed as one table with each formula's place in its document, the corrections, and the
 * findings each document's notation states (each confirmed or flagged).
 *
 * <p>Usage: {@code Main [instances [seed]] [--full | --document NNN]}: {@code --full} also prints every
 * document's report with its counterexamples, {@code --document 003} one document's; {@code Main check FILE...}
 * checks derivation pages ({@link CheckCommand}).
 */
public final class Main {
    private Main() {
    }

    static final String USAGE = "Main [instances [seed]] [--full | --document NNN] | Main check FILE... "
            + "[--seed N] [--instances N] [--reading NAME] [--html REPORT.html]";

    /**
     * Runs all five documents and prints the summary.
     *
     * @param args {@code [instances [seed]] [--full | --document NNN]}, or {@code check} and the files and options of
     *             {@link CheckCommand#USAGE}
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("check")) {
            int status = CheckCommand.run(List.of(args).subList(1, args.length), System.out, System.err);
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
        String document = null;
        int positional = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--full")) {
                full = true;
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
        Map<String, List<PageCheck.Report>> reports = new LinkedHashMap<>();
        int contradicted = DocumentPages.print(seed, instances, System.out, reports);
        System.out.printf(Locale.ROOT, "%.1f s.%s%n", (System.nanoTime() - start) / 1e9, contradicted == 0 ? ""
                : " WARNING: " + contradicted + " findings are contradicted by the verdicts.");
        // beside the build output: examples/target from the repository's root, target inside examples/, else here
        Path html = Files.isDirectory(Path.of("examples", "target")) ? Path.of("examples", "target",
                "documents-report.html") : Files.isDirectory(Path.of("target")) ? Path.of("target",
                "documents-report.html") : Path.of("documents-report.html");
        try {
            Files.writeString(html, PageHtml.of("chainrule: the five documents", reports));
            System.out.println("The report with every formula typeset, to open in a browser: " + html);
        } catch (IOException e) {
            System.err.println("Main: the HTML report " + html + " cannot be written (" + e.getMessage() + ")");
        }
    }
}
