package dev.chainrule.nn.text;

import dev.chainrule.check.tex.DisplayMath;
import dev.chainrule.check.tex.Source;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Chain;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexException;
import dev.chainrule.check.tex.TexParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a page says about its own formulas beside them: the parts its notation names (a section on activations read
 * as functions of x, beside a network), the conditions its prose states ("if $j \\neq i$"), and the symbols its
 * notation defines.
 */
final class PageParts {
    /** A part's value that sets it aside: its formulas are listed as not checked (another reading's). */
    static final String ASIDE = "aside";

    private PageParts() {
    }

    /**
     * A page in one reading: in one notation, or part by part ({@code parts: {"1b) Activations": {network:
     * function, ...}}}: from a line of the page that reads as the title, up to the next part's, the part's notation
     * holds; a part that names the same kind of network changes only the keys it gives, and a part set aside is
     * listed as not checked). What the page defines in one part holds in the parts after it, and a part may use a
     * symbol a later part defines.
     */
    static PageCheck.Report check(PageCheck.Run run, Map<String, Object> base) {
        String file = run.file();
        String page = run.page();
        FrontMatter.Block fm = run.fm();
        Object parts = base.remove("parts");
        List<Correction> corrections = corrections(file, page, fm, base.remove("corrections"));
        if (parts == null) {
            return PageCheck.checkPart(run, base, fm.bodyStart(), page.length(), true, corrections);
        }
        java.util.TreeMap<Integer, Map<String, Object>> starts = split(file, page, fm, base, parts);
        List<PageCheck.Line> lines = new ArrayList<>();
        int rows = 0;
        int unreadable = 0;
        // what each part defines, so that a part may use a symbol a later part of the page defines
        List<Map<String, Notation.Definition>> defined = new ArrayList<>();
        List<Class<?>> kinds = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Object>> part : starts.entrySet()) {
            int to = starts.higherKey(part.getKey()) == null ? page.length() : starts.higherKey(part.getKey());
            boolean set = part.getValue().containsKey(ASIDE);
            Notation n = set ? null : Notation.of(part.getValue(), file);
            defined.add(set ? Map.of() : definitions(file, page, n, part.getKey(), to));
            kinds.add(set ? null : n.getClass());
        }
        Map<String, Notation.Definition> carried = new LinkedHashMap<>();
        Notation previous = null;
        int index = -1;
        for (Map.Entry<Integer, Map<String, Object>> part : starts.entrySet()) {
            index++;
            int to = starts.higherKey(part.getKey()) == null ? page.length() : starts.higherKey(part.getKey());
            if (part.getValue().containsKey(ASIDE)) {
                rows += aside(file, page, part.getKey(), to, lines);
                continue;
            }
            Notation n = Notation.of(part.getValue(), file);
            defineFromNotation(n, part.getValue(), file);
            if (previous != null && previous.getClass() == n.getClass()) {
                n.definitions().putAll(carried); // what the page defined before holds after a part of its own
            }
            Map<String, Notation.Definition> later = new LinkedHashMap<>();
            for (int k = index + 1; k < defined.size(); k++) {
                if (kinds.get(k) == n.getClass()) {
                    defined.get(k).forEach(later::putIfAbsent);
                }
            }
            PageCheck.Report r = PageCheck.checkPart(run, n, part.getKey(), to, false, later, corrections);
            if (n.getClass() != FunctionNotation.class) {
                carried = new LinkedHashMap<>(n.definitions());
                previous = n;
            }
            if (r != null) {
                lines.addAll(r.lines());
                rows += r.rows();
                unreadable += r.unreadable();
            }
        }
        if (rows == 0) {
            throw new NotationException(file + ": the page holds no display formula ($$...$$, \\[...\\] or an "
                    + "equation environment)");
        }
        return new PageCheck.Report(file, run.reading(), lines, rows, unreadable);
    }


    /** The symbols the chains between two offsets define, as a notation of that part would record them. */
    private static Map<String, Notation.Definition> definitions(String file, String page, Notation n, int from,
                                                                int to) {
        Source source = new Source(file, page);
        List<DisplayMath.Row> rows = DisplayMath.rows(source, from).stream().filter(r -> r.from() < to)
                .toList();
        Map<String, Notation.Definition> before = new LinkedHashMap<>(n.definitions());
        for (PageChains.Assembled c : PageChains.assemble(source, rows, n.functions(), n.words(), new ArrayList<>(),
                at -> List.of())) {
            Sym def = PageChains.definition(c, n);
            if (def != null) {
                try {
                    n.define(def, c.sides().get(1));
                } catch (IllegalArgumentException e) {
                    // named when the chain is planned
                }
            }
        }
        Map<String, Notation.Definition> made = new LinkedHashMap<>(n.definitions());
        made.keySet().removeAll(before.keySet());
        return made;
    }

    /**
     * Where each part of a page starts and the notation that holds from there: the page's own from its body, each
     * named part's from the line that reads as its title ({@code parts: {"1b) Activations": {network: function}}});
     * a part that names the same kind of network changes only the keys it gives.
     */
    static java.util.TreeMap<Integer, Map<String, Object>> split(String file, String page, FrontMatter.Block fm,
                                                                Map<String, Object> base, Object parts) {
        if (!(parts instanceof Map<?, ?> named) || named.isEmpty()) {
            throw new NotationException(file + ": parts: {\"a line of the page\": {key: value, ...}, ...}");
        }
        java.util.TreeMap<Integer, Map<String, Object>> starts = new java.util.TreeMap<>();
        starts.put(fm.bodyStart(), base);
        for (Map.Entry<?, ?> e : named.entrySet()) {
            String title = e.getKey().toString().strip();
            int at = lineStart(page, fm.bodyStart(), title);
            if (at < 0) {
                throw new NotationException(file + ": parts: '" + title + "' is no line of the page");
            }
            if (ASIDE.equals(e.getValue())) {
                starts.put(at, Map.of(ASIDE, true));
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> overrides)) {
                throw new NotationException(file + ": parts: '" + title + "' needs {key: value, ...}, or 'aside' to "
                        + "list its formulas as not checked");
            }
            Map<String, Object> merged = new LinkedHashMap<>();
            boolean sameKind = overrides.get("network") == null || overrides.get("network").equals(base.get("network"));
            if (sameKind) {
                merged.putAll(base);
            }
            overrides.forEach((k, v) -> merged.put(k.toString(), v));
            starts.put(at, merged);
        }
        return starts;
    }

    /**
     * A correction of one of the page's formulas, written in the notation ({@code corrections: {NAME: {of: <text of
     * the formula corrected>, reads: <the corrected formula>}}}): checked like any formula, and listed after the
     * page's own, with the place of the one it corrects. {@code from} and {@code to} delimit {@code reads} in the
     * notation block; {@code of} is where the corrected text starts on the page.
     */
    record Correction(String name, int of, int from, int to) {
    }

    /** The notation's corrections, each located: its text in the notation block, the formula it corrects. */
    static List<Correction> corrections(String file, String page, FrontMatter.Block fm, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Map<?, ?> named)) {
            throw new NotationException(file + ": corrections: {NAME: {of: <text of the formula>, reads: <the "
                    + "corrected formula>}, ...}");
        }
        List<Correction> out = new java.util.ArrayList<>();
        for (Map.Entry<?, ?> e : named.entrySet()) {
            String name = e.getKey().toString();
            if (!(e.getValue() instanceof Map<?, ?> c) || !(c.get("of") instanceof String of)
                    || !(c.get("reads") instanceof String reads) || c.size() != 2) {
                throw new NotationException(file + ": corrections: " + name + " needs exactly 'of:' (text of the "
                        + "formula it corrects, as the page writes it) and 'reads:' (the corrected formula)");
            }
            int at = page.indexOf(of, fm.bodyStart());
            if (at < 0) {
                throw new NotationException(file + ": corrections: " + name + ": '" + of + "' is not in the page");
            }
            int from = page.indexOf(reads);
            if (from < 0 || from >= fm.bodyStart()) {
                throw new NotationException(file + ": corrections: " + name + ": write 'reads:' on one line");
            }
            out.add(new Correction(name, at, from, from + reads.length()));
        }
        return out;
    }

    /** A line of prose that states where the formulas after it hold: "if $j \neq i$", "for $k = j$:". */
    private static final java.util.regex.Pattern PROSE_CONDITION = java.util.regex.Pattern.compile(
            "^\\s*(?i:if|for|when|where)\\s+\\$([^$]+)\\$\\s*[:,.]?\\s*$");
    private static final Set<String> CONDITION_RELATIONS = Set.of("=", "\\neq", "<", ">", "\\le", "\\ge");

    /**
     * The conditions the page states in prose: a line that reads "if $j \neq i$" holds for the display formulas
     * after it, up to the next such line or heading; a formula without the letters it names ignores it.
     */
    static java.util.function.IntFunction<List<Tex>> proseConditions(String page, int from) {
        java.util.TreeMap<Integer, List<Tex>> starts = new java.util.TreeMap<>();
        int offset = from;
        for (String line : page.substring(from).split("\n", -1)) {
            java.util.regex.Matcher m = PROSE_CONDITION.matcher(line);
            if (line.strip().startsWith("#")) {
                starts.put(offset, List.of());
            } else if (m.matches()) {
                try {
                    Chain c = TexParser.parse(m.group(1));
                    if (c.sides().size() == 2 && CONDITION_RELATIONS.contains(c.relations().get(0))) {
                        starts.put(offset, List.of(new Tex.Cmp(c.relations().get(0), c.sides().get(0),
                                c.sides().get(1), 0)));
                    }
                } catch (TexException e) {
                    // prose that only looks like a condition: it states nothing the check can use
                }
            }
            offset += line.length() + 1;
        }
        return at -> {
            Map.Entry<Integer, List<Tex>> e = starts.floorEntry(at);
            return e == null ? List.of() : e.getValue();
        };
    }

    /** Where the line that reads {@code title} (its leading #s and spaces aside) starts, or -1. */
    private static int lineStart(String page, int from, String title) {
        int offset = from;
        for (String line : page.substring(from).split("\n", -1)) {
            String bare = title.replaceFirst("^#+\\s*", "");
            // the whole line, or its beginning when the line is a long paragraph
            if (line.strip().replaceFirst("^#+\\s*", "").equals(bare) || bare.length() >= 20 && line.strip()
                    .startsWith(bare)) {
                return offset;
            }
            offset += line.length() + 1;
        }
        return -1;
    }

    /**
     * The notation's own definitions ({@code definitions: {\\delta: \\frac{\\partial L}{\\partial h^3}}}): what a
     * symbol the page uses but never defines means, as if the page had written it before its first formula.
     */
    static void defineFromNotation(Notation n, Map<String, Object> notation, String file) {
        Object defs = notation.get("definitions");
        if (defs == null) {
            return;
        }
        if (!(defs instanceof Map<?, ?> map)) {
            throw new NotationException(file + ": definitions: {symbol: formula, ...}");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = e.getKey().toString();
            String body = e.getValue().toString();
            try {
                Tex symbol = TexParser.parse(new Source(file + " (notation: definitions)", key), 0, key.length(),
                        n.functions(), n.words()).sides().get(0);
                Tex value = TexParser.parse(new Source(file + " (notation: " + key + ")", body), 0, body.length(),
                        n.functions(), n.words()).sides().get(0);
                if (!(symbol instanceof Sym s) || n.isBound(s)) {
                    throw new NotationException(file + ": definitions: '" + key + "' must be a symbol the notation "
                            + "does not already give a meaning");
                }
                n.define(s, value);
            } catch (NotationException ex) {
                throw ex;
            } catch (IllegalArgumentException ex) { // a formula that cannot be parsed, indices that are not letters
                throw new NotationException(file + ": definitions: " + key + ": " + ex.getMessage());
            }
        }
    }

    /** The rows of a part the notation sets aside ({@code parts: {"...": aside}}), listed as not checked. */
    static int aside(String file, String page, int from, int to, List<PageCheck.Line> lines) {
        Source source = new Source(file, page);
        List<DisplayMath.Row> rows = DisplayMath.rows(source, from).stream().filter(r -> r.from() < to)
                .toList();
        for (DisplayMath.Row r : rows) {
            lines.add(new PageCheck.Line(r.position(), SideText.clip(r.text().strip()), "not checked", Double.NaN,
                    "the notation sets this part of the page aside in this reading (parts: ...: aside)"));
        }
        return rows.size();
    }
}
