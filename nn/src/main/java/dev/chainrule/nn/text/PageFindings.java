package dev.chainrule.nn.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sentences a page's notation states about its own verdicts ({@code findings: {sign: {at: "22:3", verdict:
 * FAILS, hint: opposite sign, says: "The bracket has a sign error."}}}), each judged against the report: a
 * sentence is confirmed only when the line at {@code at} (counted from the page's first line after the notation)
 * has that verdict, and its detail that hint. A report can then never state a finding the checker did not give.
 */
final class PageFindings {

    private static final List<String> KEYS = List.of("at", "verdict", "hint", "says", "reading");

    private PageFindings() {
    }

    /** The report with the notation's findings for its reading judged. */
    static PageCheck.Report judge(String file, String page, FrontMatter.Block fm, Object spec, PageCheck.Report r) {
        if (spec == null) {
            return r;
        }
        if (!(spec instanceof Map<?, ?> named)) {
            throw new NotationException(file + ": findings: {NAME: {at: LINE:COL, verdict: FAILS, hint: ..., says: "
                    + "...}, ...}");
        }
        long notationLines = page.substring(0, fm.bodyStart()).chars().filter(c -> c == '\n').count();
        List<PageCheck.Finding> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : named.entrySet()) {
            String name = e.getKey().toString();
            if (!(e.getValue() instanceof Map<?, ?> f) || !(f.get("at") instanceof String at)
                    || !(f.get("verdict") instanceof String verdict) || !(f.get("says") instanceof String says)
                    || !KEYS.containsAll(f.keySet().stream().map(Object::toString).toList())
                    || !at.matches("\\d+:\\d+|correction .+")) {
                throw new NotationException(file + ": findings: " + name + " needs at: LINE:COL (counted from the "
                        + "page's first line after the notation) or at: correction NAME, verdict: and says:, and may "
                        + "give hint: and reading: (one, or a list) (keys " + KEYS + ")");
            }
            Object in = f.get("reading"); // one reading, a list of them, or every reading when absent
            if (in != null && !(in instanceof List<?> l ? l.contains(r.reading()) : in.equals(r.reading()))) {
                continue;
            }
            PageCheck.Line line;
            if (at.startsWith("correction ")) {
                String title = "(correction '" + at.substring("correction ".length()) + "' ";
                line = r.lines().stream().filter(l -> l.formula().startsWith(title)).findFirst().orElse(null);
            } else {
                String[] lc = at.split(":");
                String position = file + ":" + (Long.parseLong(lc[0]) + notationLines) + ":" + lc[1];
                line = r.lines().stream().filter(l -> l.position().equals(position)).findFirst().orElse(null);
            }
            Object hint = f.get("hint");
            String why;
            if (line == null) {
                why = "no formula at " + at;
            } else if (!line.verdict().equals(verdict)) {
                why = "the line at " + at + " " + line.verdict();
            } else if (hint != null && (line.detail() == null || !line.detail().contains(hint.toString()))) {
                why = "the line at " + at + " has no hint '" + hint + "'";
            } else {
                why = null;
            }
            out.add(new PageCheck.Finding(name, says, why == null, why));
        }
        return new PageCheck.Report(r.file(), r.reading(), r.lines(), r.rows(), r.unreadable(), out);
    }
}
