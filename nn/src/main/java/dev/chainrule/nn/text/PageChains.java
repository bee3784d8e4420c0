package dev.chainrule.nn.text;

import dev.chainrule.check.tex.DisplayMath;
import dev.chainrule.check.tex.Source;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Chain;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexException;
import dev.chainrule.check.tex.TexParser;
import dev.chainrule.nn.text.PageCheck.Line;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A page's display rows parsed and joined into chains ({@code A = B} on one row, {@code &= C} on the next), each
 * side with its place on the page and its text as written; a row that cannot be read becomes a line that says why.
 */
final class PageChains {
    private PageChains() {
    }

    /** A chain of sides assembled from one or more rows, with the position of each side's row. */
    record Assembled(List<Tex> sides, List<String> relations, List<String> positions, List<Tex> conditions,
                             List<String> written) {
    }

    /**
     * Parses the rows and joins a row that starts with a relation ({@code &= ...}, or a display block of its own
     * that starts with '=') to the chain of the formula row before it.
     */
    static List<Assembled> assemble(Source source, List<DisplayMath.Row> rows, Set<String> functions,
                                            Set<String> words, List<Line> lines,
                                            java.util.function.IntFunction<List<Tex>> sectionConditions) {
        List<Assembled> out = new ArrayList<>();
        String previous = "none"; // "chain", "broken" (a row that could not be read) or "none"
        int lastBlock = -1;
        for (DisplayMath.Row r : rows) {
            if (r.error() != null) {
                lines.add(new Line(r.position(), r.text().strip(), "NOT READ", Double.NaN, r.error()));
                previous = "broken";
                continue;
            }
            Chain c;
            try {
                c = TexParser.parse(source, r.from(), r.to(), functions, words);
            } catch (TexException e) {
                lines.add(new Line(r.position(), SideText.clip(r.text()), "NOT READ", Double.NaN, e.getMessage()));
                previous = "broken";
                continue;
            }
            boolean continues = c.relations().size() == c.sides().size();
            // a chain that starts with a derivative judges each side on its own (against autograd), so a row after
            // one that could not be read still belongs to it; a chain of claims would compare across the gap
            boolean overGap = continues && previous.equals("broken") && lastBlock == r.block() && !out.isEmpty()
                    && out.get(out.size() - 1).sides().get(0) instanceof Deriv;
            if (continues && !previous.equals("chain") && !overGap) {
                lines.add(new Line(r.position(), SideText.clip(r.text()), "NOT READ", Double.NaN,
                        previous.equals("broken")
                        ? "the row continues the chain of a formula above it that could not be read"
                        : "the row starts with '" + c.relations().get(0) + "' but no formula comes before it"));
                continue;
            }
            List<int[]> spans = SideText.spans(source, c, r);
            if (continues) {
                Assembled prev = out.get(out.size() - 1);
                prev.relations().addAll(c.relations());
                prev.sides().addAll(c.sides());
                prev.conditions().addAll(c.conditions());
                for (int[] span : spans) {
                    prev.positions().add(source.position(span[0]));
                    prev.written().add(SideText.clip(source.text().substring(span[0], span[1])));
                }
            } else {
                List<String> pos = new ArrayList<>();
                List<String> written = new ArrayList<>();
                for (int[] span : spans) {
                    pos.add(source.position(span[0]));
                    written.add(SideText.clip(source.text().substring(span[0], span[1])));
                }
                List<Tex> conditions = new ArrayList<>(c.conditions());
                conditions.addAll(sectionConditions.apply(r.from()));
                out.add(new Assembled(new ArrayList<>(c.sides()), new ArrayList<>(c.relations()), pos, conditions,
                        written));
            }
            previous = "chain";
            lastBlock = r.block();
        }
        return out;
    }

    /** The symbol a chain defines ({@code \\delta_j = ...} with a symbol that means nothing yet), or null. */
    static Sym definition(Assembled c, Notation n) {
        return c.sides().get(0) instanceof Sym def && !n.isBound(def) && c.sides().size() > 1
                && List.of("=", ":=", "\\equiv").contains(c.relations().get(c.relations().size() - c.sides().size()
                + 1)) ? def : null;
    }

    /** A page without a notation: every display row read or not, with the reason ({@link PageCheck#read}). */
    static PageCheck.Report read(String file, String page) {
        FrontMatter.Block fm = FrontMatter.read(file, page);
        int body = fm == null ? 0 : fm.bodyStart();
        Source source = new Source(file, page);
        List<DisplayMath.Row> rows = DisplayMath.rows(source, body).stream().toList();
        List<PageCheck.Line> lines = new ArrayList<>();
        List<PageChains.Assembled> chains = PageChains.assemble(source, rows, Set.of(), Set.of(), lines,
                offset -> List.of());
        int unreadable = lines.size();
        for (PageChains.Assembled c : chains) {
            lines.add(new PageCheck.Line(c.positions().get(0), SideText.clip(String.join(" ... ", c.written())), "read",
                    Double.NaN, null));
        }
        lines.sort((a, b) -> compare(source, a.position(), b.position()));
        return new PageCheck.Report(file, lines, rows.size(), unreadable);
    }

    /** The order of two places on a page ("file:line:col"). */
    static int compare(Source s, String a, String b) {
        String[] x = a.substring(s.name().length() + 1).split(":");
        String[] y = b.substring(s.name().length() + 1).split(":");
        int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }
}
