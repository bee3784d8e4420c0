package dev.chainrule.nn.text;

import dev.chainrule.check.tex.Source;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.TexMathML;
import dev.chainrule.check.tex.TexParser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.chainrule.check.tex.TexMathML.escape;

/**
 * A page's reports as one HTML file that opens offline: each formula typeset from the tree the checker read
 * (MathML, which browsers render natively), its verdict beside it, the counterexample as a small table, the
 * hints, and the diagnosis' correction typeset too. Everything taken from a page is escaped, and the file runs no
 * script: its Content-Security-Policy allows none, so a page a teacher opens cannot run one either.
 */
public final class PageHtml {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
            h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1.05em}
            table.lines{border-collapse:collapse;width:100%;table-layout:fixed}
            table.lines td{border-top:1px solid #eee;padding:.4em;vertical-align:top;overflow-wrap:anywhere}
            td.where{width:6em;color:#666;font-size:.85em}td.verdict{width:6.5em;font-weight:600}
            td.formula{width:50%}td.formula div{overflow-x:auto;max-width:100%}td.formula math{font-size:1.1em}
            tr.holds td.verdict{color:#176f2c}tr.fails td.verdict{color:#b00020}tr.unread td.verdict{color:#8a6d00}
            tr.fails{background:#fff5f5}
            .detail p{margin:.2em 0}.detail ul{margin:.2em 0;padding-left:1.2em}
            table.cx{border-collapse:collapse;font-size:.85em;margin:.3em 0}
            table.cx td{border:1px solid #ddd;padding:.15em .4em;font-family:monospace}
            code{font-size:.85em;overflow-wrap:anywhere}.summary{color:#444}.finding{margin:.2em 0}
            .contradicted{color:#b00020;font-weight:600}figure.network{margin:.5em 0;overflow-x:auto}
            """;

    /** A word that joins the formula words on either side of it into one formula ({@code a \\cdot x}). */
    private static final java.util.regex.Pattern OPERATOR = java.util.regex.Pattern.compile(
            "[-+=/&]|\\\\(cdot|times|odot)");

    private PageHtml() {
    }

    /**
     * One HTML file for the reports of several documents ({@code reports}: each document's name and its
     * reports, one per reading), under {@code title}.
     *
     * @param title the page's title and first heading, escaped
     * @param reports each document's name and its reports, one per reading, in the order they are shown
     * @return the HTML file's text, a whole document
     */
    public static String of(String title, Map<String, List<PageCheck.Report>> reports) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .append("<title>").append(escape(title)).append("</title><style>").append(STYLE)
                .append("</style></head>\n<body><h1>").append(escape(title)).append("</h1>\n");
        for (Map.Entry<String, List<PageCheck.Report>> d : reports.entrySet()) {
            b.append("<section class=\"document\"><h2>").append(escape(d.getKey())).append("</h2>\n");
            for (PageCheck.Report r : d.getValue()) {
                report(b, r, d.getValue().size() > 1);
            }
            b.append("</section>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    /**
     * {@return one HTML file for one document's reports} The document is named by the first report's file.
     *
     * @param title the page's title and first heading, escaped
     * @param reports the document's reports, one per reading; with none, the document is named {@code title}
     */
    public static String of(String title, List<PageCheck.Report> reports) {
        return of(title, Map.of(reports.isEmpty() ? title : reports.get(0).file(), reports));
    }

    /** The functions the formulas of a report apply ({@code h} in {@code h(n_j)}), to read the LaTeX of its text. */
    private static void functions(Tex t, Set<String> out) {
        if (t == null) {
            return;
        }
        if (t instanceof Tex.Apply a) {
            out.add(a.fn().name());
            a.args().forEach(x -> functions(x, out));
        } else if (t instanceof Tex.Bin b) {
            functions(b.left(), out);
            functions(b.right(), out);
        } else if (t instanceof Tex.Cmp c) {
            functions(c.left(), out);
            functions(c.right(), out);
        } else if (t instanceof Tex.Deriv d) {
            functions(d.of(), out);
        } else if (t instanceof Tex.Neg n) {
            functions(n.x(), out);
        } else if (t instanceof Tex.Frac f) {
            functions(f.num(), out);
            functions(f.den(), out);
        } else if (t instanceof Tex.Pow p) {
            functions(p.base(), out);
        } else if (t instanceof Tex.Sum s) {
            functions(s.body(), out);
        } else if (t instanceof Tex.Underbrace u) {
            functions(u.x(), out);
        }
    }

    private static void report(StringBuilder b, PageCheck.Report r, boolean titled) {
        Set<String> fns = new HashSet<>();
        r.lines().forEach(l -> functions(l.tex(), fns));
        b.append("<section class=\"reading\">");
        if (titled || r.reading() != null) {
            b.append("<h3>").append(r.reading() == null ? "" : "Reading: " + escape(r.reading())).append("</h3>");
        }
        long holds = r.lines().stream().filter(PageCheck.Line::holds).count();
        long fails = r.lines().stream().filter(PageCheck.Line::fails).count();
        long unread = r.lines().stream().filter(l -> l.verdict().equals("NOT READ")).count();
        b.append(String.format(Locale.ROOT, "<p class=\"summary\">%d display rows: %d hold, %d fail, %d not read"
                + "</p>\n", r.rows(), holds, fails, unread));
        if (r.network() != null) {
            b.append("<figure class=\"network\">").append(r.network()).append("</figure>\n");
        }
        for (PageCheck.Finding f : r.findings()) {
            b.append("<p class=\"finding").append(f.confirmed() ? "" : " contradicted").append("\">")
                    .append(text(f.text(), Set.of())).append("</p>\n");
        }
        b.append("<table class=\"lines\">\n");
        for (PageCheck.Line l : r.lines()) {
            String kind = l.holds() ? "holds" : l.fails() ? "fails" : l.verdict().equals("NOT READ") ? "unread"
                    : "other";
            String where = l.position().contains(":") ? l.position().substring(l.position().indexOf(':') + 1)
                    : l.position();
            b.append("<tr class=\"line ").append(kind).append("\"><td class=\"where\">").append(escape(where))
                    .append("</td><td class=\"formula\"><div>").append(formula(l))
                    .append("</div></td><td class=\"verdict\">")
                    .append(escape(l.verdict()));
            if (!Double.isNaN(l.maxError())) {
                b.append(String.format(Locale.ROOT, "<br/><small>%.1e</small>", l.maxError()));
            }
            b.append("</td><td class=\"detail\">").append(detail(l.detail(), fns)).append("</td></tr>\n");
        }
        b.append("</table></section>\n");
    }

    /** The formula typeset from its tree, or as written (escaped) where none was read. */
    private static String formula(PageCheck.Line l) {
        if (l.tex() != null) {
            try {
                return TexMathML.math(l.tex());
            } catch (IllegalArgumentException e) {
                // a node the typesetter does not know: shown as written below
            }
        }
        return "<code class=\"raw\">" + escape(l.formula()) + "</code>";
    }

    /** The detail: the counterexample's values as a table, hints as a list, the diagnosis' correction typeset. */
    private static String detail(String detail, Set<String> fns) {
        if (detail == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        List<String[]> values = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        for (String raw : detail.split("\n")) {
            String line = raw.strip();
            int colon = line.indexOf(':');
            String key = colon < 0 ? "" : line.substring(0, colon);
            if (List.of("formula", "autograd", "central difference", "forward mode", "side", "reference")
                    .contains(key)) {
                values.add(new String[] {key, line.substring(colon + 1).strip()});
                continue;
            }
            flush(b, values);
            if (key.equals("hint")) {
                hints.add(line.substring(colon + 1).strip());
                continue;
            }
            if (!hints.isEmpty()) {
                b.append("<ul class=\"hints\">");
                hints.forEach(h -> b.append("<li>").append(text(h, fns)).append("</li>"));
                b.append("</ul>");
                hints.clear();
            }
            b.append(key.equals("diagnosis") ? diagnosis(line, fns) : "<p>" + text(line, fns) + "</p>");
        }
        flush(b, values);
        if (!hints.isEmpty()) {
            b.append("<ul class=\"hints\">");
            hints.forEach(h -> b.append("<li>").append(text(h, fns)).append("</li>"));
            b.append("</ul>");
        }
        return b.toString();
    }

    /**
     * A sentence of the checker's, escaped, with the LaTeX it quotes ({@code \\frac{\\partial z}{\\partial W}},
     * {@code h_{(1,j)}}) typeset where it reads as a formula and set as code where it does not: a run of words with a
     * command, a script or a brace, and the signs between them.
     */
    static String text(String sentence, Set<String> fns) {
        String[] words = sentence.split(" ", -1);
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < words.length) {
            if (!latex(words[i])) {
                b.append(i > 0 ? " " : "").append(escape(words[i]));
                i++;
                continue;
            }
            int end = i + 1;
            while (end < words.length && (latex(words[end]) || open(words, i, end) || OPERATOR.matcher(words[end
                    - 1]).matches() || end + 1 < words.length && latex(words[end + 1])
                    && OPERATOR.matcher(words[end]).matches())) {
                end++;
            }
            String run = String.join(" ", java.util.Arrays.copyOfRange(words, i, end));
            String trail = run.endsWith(",") || run.endsWith(";") || run.endsWith(":") ? run.substring(run.length()
                    - 1) : "";
            run = run.substring(0, run.length() - trail.length());
            while (run.endsWith(")") && run.chars().filter(c -> c == ')').count()
                    > run.chars().filter(c -> c == '(').count()) { // the sentence's own parenthesis closes here
                run = run.substring(0, run.length() - 1);
                trail = ")" + trail;
            }
            b.append(i > 0 ? " " : "").append(inline(run, fns)).append(escape(trail));
            i = end;
        }
        return b.toString();
    }

    /** Whether words i..end-1 leave a brace or an environment open ({@code \\begin{cases} ... & j = 1}). */
    private static boolean open(String[] words, int i, int end) {
        String run = String.join(" ", java.util.Arrays.copyOfRange(words, i, end));
        long braces = run.chars().filter(c -> c == '{').count() - run.chars().filter(c -> c == '}').count();
        int envs = run.split("\\\\begin\\{", -1).length - run.split("\\\\end\\{", -1).length;
        return braces > 0 || envs > 0;
    }

    private static boolean latex(String word) {
        return word.contains("\\") || word.contains("_{") || word.contains("^{") || word.contains("}");
    }

    /** A formula quoted in a sentence, typeset; as code when it does not read as one. */
    private static String inline(String latex, Set<String> fns) {
        String quoted = latex.length() > 1 && latex.startsWith("'") && latex.endsWith("'")
                ? latex.substring(1, latex.length() - 1) : null;
        try {
            String f = quoted != null ? quoted : latex;
            Tex.Chain c = TexParser.parse(new Source("detail", f), 0, f.length(), fns, Set.of());
            return TexMathML.inline(c.sides().size() == 1 && c.relations().isEmpty() ? c.sides().get(0) : c);
        } catch (IllegalArgumentException e) { // a TexException too: not a formula on its own
            return "<code>" + escape(latex) + "</code>";
        }
    }

    private static void flush(StringBuilder b, List<String[]> values) {
        if (values.isEmpty()) {
            return;
        }
        b.append("<table class=\"cx\">");
        for (String[] v : values) {
            b.append("<tr><td>").append(escape(v[0])).append("</td><td>").append(escape(v[1])).append("</td></tr>");
        }
        b.append("</table>");
        values.clear();
    }

    /** A diagnosis line: its sentences, each correction it writes out ("that is ...") typeset. */
    private static String diagnosis(String line, Set<String> fns) {
        StringBuilder b = new StringBuilder("<p class=\"diagnosis\">");
        for (String part : line.split("; also ")) {
            int that = part.indexOf(", that is ");
            b.append(b.length() > "<p class=\"diagnosis\">".length() ? "; also " : "");
            if (that < 0) {
                b.append(text(part, fns));
                continue;
            }
            String formula = part.substring(that + ", that is ".length());
            b.append(text(part.substring(0, that), fns)).append(", that is ");
            try {
                Tex.Chain c = TexParser.parse(new Source("diagnosis", formula), 0, formula.length(), fns, Set.of());
                b.append(TexMathML.inline(c.sides().size() == 1 ? c.sides().get(0) : c));
            } catch (IllegalArgumentException e) { // a TexException too
                b.append("<code>").append(escape(formula)).append("</code>");
            }
        }
        return b.append("</p>").toString();
    }
}
