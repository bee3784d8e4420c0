package dev.chainrule.nn.text;

import dev.chainrule.check.tex.DisplayMath;
import dev.chainrule.check.tex.Source;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Chain;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexException;
import dev.chainrule.check.tex.TexParser;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.check.tex.TexTree;
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
                             List<String> written, List<String> notes) {
        /** A chain whose sides were read as written (no notes). */
        Assembled(List<Tex> sides, List<String> relations, List<String> positions, List<Tex> conditions,
                  List<String> written) {
            this(sides, relations, positions, conditions, written, new ArrayList<>(java.util.Collections.nCopies(
                    sides.size(), (String) null)));
        }

        /** How side k was read where the page has a slip ({@code ')'} supplied), or null. */
        String note(int k) {
            return k < notes.size() ? notes.get(k) : null;
        }
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
        Line dangling = null; // a row that ends with a relation ("A ="), read as the start of the next row's chain
        String danglingRelation = null;
        for (DisplayMath.Row r : rows) {
            Chain c = null;
            TexException error = null;
            List<Integer> supplied = List.of();
            if (r.error() == null) {
                try {
                    c = TexParser.parse(source, r.from(), r.to(), functions, words);
                } catch (TexException e) {
                    error = e;
                }
            }
            if (error != null && error.reason().contains("to close the '('")) {
                try { // a '(' the page leaves open: read with its ')' supplied where its group ends, and say so
                    TexParser.Repaired repaired = TexParser.parseClosingParens(source, r.from(), r.to(), functions,
                            words);
                    c = repaired.chain();
                    supplied = repaired.suppliedAt();
                    error = null;
                } catch (TexException again) {
                    // not that slip: the first error stands
                }
            }
            if (dangling != null) {
                if (c != null && c.relations().size() < c.sides().size()) {
                    List<String> rel = new ArrayList<>(List.of(danglingRelation));
                    rel.addAll(c.relations());
                    c = new Chain(c.sides(), rel, c.conditions(), c.at());
                    previous = "chain";
                } else {
                    out.remove(out.size() - 1);
                    lines.add(dangling);
                    previous = "broken";
                }
                dangling = null;
            }
            if (r.error() != null) {
                lines.add(new Line(r.position(), r.text().strip(), "NOT READ", Double.NaN, r.error()));
                previous = "broken";
                continue;
            }
            if (error != null) {
                Line notRead = new Line(r.position(), SideText.clip(r.text()), "NOT READ", Double.NaN,
                        error.getMessage());
                int at = trailingRelation(source, r, error);
                c = at < 0 ? null : beforeTrailingRelation(source, r, at, functions, words);
                if (c == null) {
                    lines.add(notRead);
                    previous = "broken";
                    continue;
                }
                dangling = notRead;
                danglingRelation = error.reason().substring(ENDS_WITH.length(), error.reason().indexOf("':"));
                r = new DisplayMath.Row(r.source(), r.block(), r.from(), at, null);
            }
            List<Tex.Cmp> inPassing = new ArrayList<>();
            c.sides().forEach(side -> inPassing.addAll(TexTree.definitionsInPassing(side)));
            if (!inPassing.isEmpty()) { // O = \sigma(s = \sum ...): O = \sigma(s), and s = \sum ... on its own
                c = new Chain(c.sides().stream().map(TexTree::withoutDefinitionsInPassing).toList(), c.relations(),
                        c.conditions(), c.at());
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
            List<String> notes = new ArrayList<>();
            for (int[] span : spans) {
                notes.add(suppliedNote(source, supplied, span));
            }
            if (continues) {
                Assembled prev = continued(out, c);
                prev.relations().addAll(c.relations());
                prev.sides().addAll(c.sides());
                prev.conditions().addAll(c.conditions());
                for (int[] span : spans) {
                    prev.positions().add(source.position(span[0]));
                    prev.written().add(SideText.clip(source.text().substring(span[0], span[1])));
                }
                prev.notes().addAll(notes);
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
                        written, notes));
            }
            for (Tex.Cmp d : inPassing) {
                List<Tex> conditions = new ArrayList<>(c.conditions());
                conditions.addAll(sectionConditions.apply(r.from()));
                out.add(new Assembled(new ArrayList<>(List.of(d.left(), d.right())), new ArrayList<>(List.of("=")),
                        new ArrayList<>(List.of(source.position(SideText.start(d.left())),
                                source.position(SideText.start(d.right())))), conditions,
                        new ArrayList<>(List.of(TexPrinter.print(d.left()), TexPrinter.print(d.right())))));
            }
            previous = "chain";
            lastBlock = r.block();
        }
        if (dangling != null) {
            out.remove(out.size() - 1);
            lines.add(dangling);
        }
        return out;
    }

    private static final String ENDS_WITH = "the formula ends with '";

    /**
     * The chain a row that starts with a relation continues: the one before it, unless that one defines a symbol
     * ({@code \\text{Let } \\delta^2 = ...}) that the row uses, which cannot continue its own definition; the row then
     * continues the chain before the definition, which the page paused to name a part of.
     */
    private static Assembled continued(List<Assembled> out, Chain c) {
        Assembled prev = out.get(out.size() - 1);
        if (out.size() > 1 && prev.sides().size() == 2 && prev.sides().get(0) instanceof Sym head) {
            String name = TexPrinter.print(head);
            boolean[] uses = {false};
            c.sides().forEach(side -> TexTree.symbols(side, s -> uses[0] |= TexPrinter.print(s).equals(name)));
            if (uses[0]) {
                return out.get(out.size() - 2);
            }
        }
        return prev;
    }

    /** The note of a side in whose span a ')' the page leaves out was supplied, or null. */
    private static String suppliedNote(Source source, List<Integer> supplied, int[] span) {
        List<String> at = new ArrayList<>();
        for (int offset : supplied) {
            if (offset >= span[0] && offset <= span[1]) {
                at.add(source.position(offset).substring(source.name().length() + 1));
            }
        }
        return at.isEmpty() ? null : "read with a ')' supplied at " + String.join(", ", at) + ", where the page "
                + "leaves a '(' open and its group ends";
    }

    /**
     * Where the relation of a row that ends with one and nothing after it stands
     * ({@code $$\\frac{\\partial \\sigma}{\\partial x} =$$}, its right side in the next display), or -1 for any
     * other error.
     */
    private static int trailingRelation(Source source, DisplayMath.Row r, TexException e) {
        if (!e.reason().startsWith(ENDS_WITH)) {
            return -1;
        }
        String rel = e.reason().substring(ENDS_WITH.length(), e.reason().indexOf("':"));
        int at = source.text().lastIndexOf(rel, Math.min(e.offset(), r.to()));
        return at < r.from() ? -1 : at;
    }

    /** The chain before a row's trailing relation, or null if it cannot be read either. */
    private static Chain beforeTrailingRelation(Source source, DisplayMath.Row r, int at, Set<String> functions,
                                                Set<String> words) {
        try {
            Chain c = TexParser.parse(source, r.from(), at, functions, words);
            return c.relations().size() < c.sides().size() ? c : null;
        } catch (TexException again) {
            return null;
        }
    }

    /**
     * A row or column of entries beside a derivative by an element with one free index
     * ({@code \\frac{\\partial h}{\\partial W_{1,j}} = \\begin{bmatrix} a & b & c \\end{bmatrix}}) lists the
     * derivative at each value of that index: it is read as its entry j (the first at {@code first}, the notation's
     * first index), so that each is checked at its own j.
     */
    static void entriesOverFreeIndex(Assembled c, int first) {
        for (int k = 0; k + 1 < c.sides().size(); k++) {
            for (int[] p : new int[][] {{k, k + 1}, {k + 1, k}}) {
                if (c.sides().get(p[0]) instanceof Deriv d && c.sides().get(p[1]) instanceof Tex.Matrix m) {
                    String letter = soleFreeLetter(d);
                    List<Tex> entries = m.rows().size() == 1 ? m.rows().get(0)
                            : m.rows().stream().allMatch(r -> r.size() == 1)
                            ? m.rows().stream().map(r -> r.get(0)).toList() : List.of();
                    if (letter == null || entries.size() < 2) {
                        continue;
                    }
                    List<Tex> conditions = new ArrayList<>();
                    for (int i = 0; i < entries.size(); i++) {
                        conditions.add(new Tex.Cmp("=", new Sym(letter, 0, null, null, m.at()),
                                new Tex.Num(first + i, String.valueOf(first + i), m.at()), m.at()));
                    }
                    c.sides().set(p[1], new Tex.Cases(List.copyOf(entries), conditions, m.at()));
                }
            }
        }
    }

    /** The one letter among the indices of a derivative's variable ({@code W_{1,j}}: j) that its function lacks. */
    private static String soleFreeLetter(Deriv d) {
        if (!(d.wrt() instanceof Sym w) || w.sub() == null) {
            return null;
        }
        List<Tex> items = w.sub() instanceof Tex.Indices ix ? ix.items() : List.of(w.sub());
        List<String> letters = items.stream().filter(x -> x instanceof Sym y && y.name().matches("[a-z]")
                && y.sub() == null && y.sup() == null).map(x -> ((Sym) x).name()).toList();
        if (letters.size() != 1 || d.of() == null) {
            return null;
        }
        boolean[] inFunction = {false};
        TexTree.symbols(d.of(), y -> inFunction[0] |= y.name().equals(letters.get(0))
                || y.sub() != null && TexPrinter.print(y.sub()).contains(letters.get(0)));
        return inFunction[0] ? null : letters.get(0);
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
