package dev.chainrule.examples;

import dev.chainrule.nn.text.FrontMatter;
import dev.chainrule.nn.text.PageCheck;
import dev.chainrule.nn.text.PageCoverage;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The main job: the five seed documents read from their own text ({@code documents/00N.md}, each the page verbatim
 * under a notation that binds its symbols, names its readings, and writes its corrections and findings), every
 * display formula checked in every reading, printed as one table with each formula's place in its document.
 */
final class DocumentPages {
    /** The documents, by number. */
    static final List<String> NUMBERS = List.of("000", "001", "002", "003", "004");

    private DocumentPages() {
    }

    /** The page of document {@code number}, as the jar carries it. */
    static String page(String number) {
        try (InputStream in = DocumentPages.class.getResourceAsStream("/documents/" + number + ".md")) {
            if (in == null) {
                throw new IllegalStateException("documents/" + number + ".md is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every reading of one document, checked; with {@code diagnose}, each failing side diagnosed too. */
    static List<PageCheck.Report> check(String number, long seed, int instances, boolean diagnose) {
        return PageCheck.check(number + ".md", page(number), seed, instances, null, diagnose);
    }

    /** A line's place in the document itself (the seed page's own line numbers), or "notation" for a correction. */
    static String where(String number, String page, PageCheck.Line l) {
        long notationLines = page.substring(0, FrontMatter.read(number + ".md", page).bodyStart()).chars()
                .filter(c -> c == '\n').count();
        String[] at = l.position().substring(l.position().indexOf(':') + 1).split(":");
        long line = Long.parseLong(at[0]) - notationLines;
        return line < 1 ? "notation" : line + ":" + at[1];
    }

    /**
     * Prints the table (document, reading, place, verdict, max error, formula, and the first hint of a failure),
     * each document's totals, and its findings, keeping each document's reports in {@code collect}; returns the number
     * of findings the verdicts contradict.
     */
    static int print(long seed, int instances, PrintStream out, Map<String, List<PageCheck.Report>> collect) {
        out.printf(Locale.ROOT, "%-4s  %-14s  %-9s  %-11s  %-9s  %s%n", "doc", "reading", "where", "verdict",
                "max error", "formula / hint");
        int contradicted = 0;
        int read = 0;
        int rows = 0;
        List<String> totals = new ArrayList<>();
        Progress progress = Progress.of("checking the documents", NUMBERS.size());
        for (String number : NUMBERS) {
            String page = page(number);
            List<PageCheck.Report> reports = check(number, seed, instances, false);
            collect.put(number + ".md", reports);
            progress.step(collect.size(), number + ".md");
            for (PageCheck.Report r : reports) {
                String reading = r.reading() == null ? "-" : r.reading();
                for (PageCheck.Line l : r.lines()) {
                    out.printf(Locale.ROOT, "%-4s  %-14s  %-9s  %-11s  %-9s  %s%n", number, reading,
                            where(number, page, l), l.verdict(), Double.isNaN(l.maxError()) ? ""
                                    : String.format(Locale.ROOT, "%.1e", l.maxError()), inDocument(number, page,
                                    l.formula()));
                    String hint = hint(l);
                    if (hint != null) {
                        out.printf(Locale.ROOT, "%-4s  %-14s  %-9s  %-11s  %-9s    %s%n", "", "", "", "", "", hint);
                    }
                }
                long checked = r.lines().stream().filter(l -> l.holds() || l.fails()).count();
                totals.add(String.format(Locale.ROOT, "%s %-14s %2d display rows, %2d not read, %2d sides checked, "
                        + "%2d fail; findings: %d confirmed, %d contradicted", number, reading, r.rows(),
                        r.unreadable(), checked, r.lines().stream().filter(PageCheck.Line::fails).count(),
                        r.findings().stream().filter(f -> f.confirmed()).count(),
                        r.findings().stream().filter(f -> !f.confirmed()).count()));
                for (var f : r.findings()) {
                    totals.add("    " + f.text());
                    contradicted += f.confirmed() ? 0 : 1;
                }
            }
            PageCoverage c = PageCoverage.of(number + ".md", page, reports);
            read += c.read();
            rows += c.rows();
            totals.add(String.format(Locale.ROOT, "%s read in some reading: %d of %d display rows (%.0f%%)%s", number,
                    c.read(), c.rows(), 100 * c.fraction(), c.unread().isEmpty() ? "" : "; not read:"));
            for (PageCoverage.Unread u : c.unread()) {
                totals.add(String.format(Locale.ROOT, "    %-9s %s%n              why: %s", where(number, page,
                        new PageCheck.Line(u.position(), "", "", Double.NaN, null)), u.text(), u.why()));
            }
        }
        totals.add(String.format(Locale.ROOT, "All five: %d of %d display rows read (%.1f%%); each one not read is "
                + "listed above with its reason.", read, rows, 100.0 * read / rows));
        out.println();
        totals.forEach(out::println);
        return contradicted;
    }

    /** A correction's "(correction 'NAME' of LINE:COL)" with the place in the document, as the table shows it. */
    private static String inDocument(String number, String page, String formula) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\(correction '(.*)' of (\\d+):(\\d+)\\)")
                .matcher(formula);
        if (!m.find()) {
            return formula;
        }
        String at = where(number, page, new PageCheck.Line(number + ".md:" + m.group(2) + ":" + m.group(3), "", "",
                Double.NaN, null));
        return "(correction '" + m.group(1) + "' of " + at + ")" + formula.substring(m.end());
    }

    /** The reason a line was not read, or the first hint of a failing one. */
    private static String hint(PageCheck.Line l) {
        if (l.detail() == null) {
            return null;
        }
        if (!l.fails()) {
            return l.verdict().equals("holds") ? null : "why: " + l.detail().lines().findFirst().orElse("");
        }
        return l.detail().lines().filter(s -> s.strip().startsWith("hint:")).map(String::strip).findFirst()
                .orElse(null);
    }
}
