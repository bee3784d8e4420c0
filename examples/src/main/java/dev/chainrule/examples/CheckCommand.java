package dev.chainrule.examples;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.NotationException;
import dev.chainrule.nn.text.PageCheck;
import dev.chainrule.nn.text.PageHtml;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code check FILE... [--seed N] [--instances N] [--reading NAME] [--html REPORT.html]}: each derivation page
 * checked line by line (see {@link PageCheck}), in each of its readings or the one named, its table printed, and with
 * {@code --html} all of them in one HTML report that opens offline ({@link PageHtml}). Exits 0 when every formula
 * was read and every checked one holds, 1 when one fails, and 2 when a page or some of its formulas cannot be read
 * (a missing file, no notation, a formula NOT READ, nothing checked), after the other pages have been checked.
 */
public final class CheckCommand {
    /** The usage line. */
    public static final String USAGE = "check FILE... [--seed N] [--instances N] [--reading NAME] "
            + "[--html REPORT.html]";

    private CheckCommand() {
    }

    /** 1 when a line fails; 2 when a formula was not read or none could be checked (said on err); else 0. */
    private static int status(PageCheck.Report r, PrintStream err) {
        boolean checked = r.lines().stream().anyMatch(l -> l.holds() || l.fails());
        if (r.anyFails()) {
            return 1;
        }
        if (r.unreadable() > 0 || !checked) {
            err.println("check: " + r.file() + (r.reading() == null ? "" : " (reading " + r.reading() + ")") + ": "
                    + (checked ? r.unreadable() + " formulas not read" : "no formula could be checked"));
            return 2;
        }
        return 0;
    }

    /**
     * Runs the command and returns its exit status.
     *
     * @param args the arguments after {@code check}: the files and options of {@link #USAGE}
     * @param out  where each page's table and the line naming the written report go
     * @param err  where bad arguments, unreadable pages and formulas not read are reported
     * @return the exit status: 0 when every formula was read and every checked one holds, 1 when one fails, 2 for a
     *         bad argument or a page or formula that cannot be read
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        long seed = Derivation.DEFAULT_SEED;
        String reading = null;
        Path html = null;
        int instances = Derivation.DEFAULT_INSTANCES;
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--seed") || a.equals("--instances") || a.equals("--reading") || a.equals("--html")) {
                    if (i + 1 == args.size()) {
                        throw new Cli.UsageError(a + " needs a value");
                    }
                    String v = args.get(++i);
                    if (a.equals("--seed")) {
                        seed = Cli.number("--seed", v);
                    } else if (a.equals("--reading")) {
                        reading = v;
                    } else if (a.equals("--html")) {
                        html = Path.of(v);
                    } else {
                        instances = Cli.integer("--instances", v, 1);
                    }
                } else if (a.startsWith("--")) {
                    throw new Cli.UsageError("unknown option '" + a + "'");
                } else {
                    files.add(Path.of(a));
                }
            }
            if (files.isEmpty()) {
                throw new Cli.UsageError("no file to check");
            }
        } catch (Cli.UsageError e) {
            err.println("check: " + e.getMessage());
            err.println("usage: " + USAGE);
            return Cli.USAGE;
        }
        int status = 0;
        Map<String, List<PageCheck.Report>> all = new LinkedHashMap<>();
        for (Path f : files) {
            String name = f.toString();
            try {
                List<PageCheck.Report> reports = PageCheck.check(name, Files.readString(f), seed, instances, reading,
                        true);
                all.put(name, reports);
                for (PageCheck.Report r : reports) {
                    out.print(r.text());
                    out.println();
                    status = Math.max(status, status(r, err));
                }
            } catch (NoSuchFileException e) {
                err.println("check: " + name + ": no such file");
                status = 2;
            } catch (MalformedInputException e) {
                err.println("check: " + name + ": not UTF-8 text");
                status = 2;
            } catch (IOException e) {
                err.println("check: " + name + ": cannot be read (" + e.getMessage() + ")");
                status = 2;
            } catch (NotationException e) {
                err.println("check: " + e.getMessage());
                status = 2;
                try {
                    // what can be read without a notation: each formula parsed or not, and why
                    out.print(PageCheck.read(name, Files.readString(f)).text());
                    out.println();
                } catch (IOException ignored) {
                    // reported above
                }
            }
        }
        if (html != null) {
            try {
                Files.writeString(html, PageHtml.of("chainrule: " + String.join(", ", all.keySet()), all));
                out.println("wrote " + html);
            } catch (IOException e) {
                err.println("check: --html " + html + ": cannot be written (" + e.getMessage() + ")");
                status = 2;
            }
        }
        return status;
    }
}
