package dev.chainrule.nn.text;

import dev.chainrule.check.DerivationReport;
import dev.chainrule.check.tex.DisplayMath;
import dev.chainrule.check.tex.Source;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.TexParser;
import dev.chainrule.nn.Activation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A derivation page checked line by line: its display formulas are read ({@link DisplayMath}, {@link TexParser}),
 * each chain {@code \frac{\partial L}{\partial q} = B = C ...} becomes one formula per side for the derivation
 * checker, with the page's free indices enumerated over the network, and every side is judged against autograd
 * in every setting the notation names, with the checker's counterexamples and hints. A formula that cannot be
 * read, or that names a symbol the notation lacks, is listed with the reason, never counted as failing.
 */
public final class PageCheck {
    /**
     * The outcome of one side of one chain: where it stands, the formula as written (clipped), the verdict, the
     * largest error, the detail (counterexample, hints, why not read), and the tree of the formula as read
     * ({@code lhs = side}, for a report to typeset), null where none was read.
     *
         * @param position where the side stands, "file:line:column"
         * @param formula the formula as written, clipped
         * @param verdict the verdict: "holds", "FAILS ...", "NOT READ", "not checked", "defined" or "read"
         * @param maxError the largest error over the instances, or NaN where none was measured
         * @param detail the counterexample, hints or reason not read, on lines of their own; or null
     * @param tex the tree of {@code lhs = side} as read, or null
     */
    public record Line(String position, String formula, String verdict, double maxError, String detail, Tex tex) {
        /**
         * A line without the formula's tree (a row that could not be read).
         *
         * @param position where the side stands, "file:line:column"
         * @param formula the formula as written, clipped
         * @param verdict the verdict: "holds", "FAILS ...", "NOT READ", "not checked", "defined" or "read"
         * @param maxError the largest error over the instances, or NaN where none was measured
         * @param detail the counterexample, hints or reason not read, on lines of their own; or null
         */
        public Line(String position, String formula, String verdict, double maxError, String detail) {
            this(position, formula, verdict, maxError, detail, null);
        }

        /** This line with another verdict and detail, the same formula. */
        Line judged(String newVerdict, double newMaxError, String newDetail) {
            return new Line(position, formula, newVerdict, newMaxError, newDetail, tex);
        }

        /** {@return whether the line was checked and failed} */
        public boolean fails() {
            return verdict.startsWith("FAILS");
        }

        /** {@return whether the line was checked and held} */
        public boolean holds() {
            return verdict.equals("holds");
        }
    }

    /**
     * A sentence the page's notation states about its verdicts ({@code findings:}), and whether they bear it out
     * (and if not, why).
     *
     * @param name the finding's key in the notation
     * @param says the sentence, as the notation writes it
     * @param confirmed whether the verdicts bear it out
     * @param why what contradicts it, or null when confirmed
     */
    public record Finding(String name, String says, boolean confirmed, String why) {
        /** {@return the finding as the report prints it} */
        public String text() {
            return "finding '" + name + "' " + (confirmed ? "confirmed: " : "CONTRADICTED (" + why + "): ") + says;
        }
    }

    /**
     * A page's report: its lines, how many display rows were read, the findings its notation states, and the
     * network its notation describes drawn as SVG ({@code network}, null for a notation without one).
     *
     * @param file the page's name, used in messages and positions (a path or a label)
     * @param reading the name of the reading checked, or null for a page without readings
     * @param lines one line per side of a chain and per row not read, in page order
     * @param rows the number of display rows read from the page
     * @param unreadable the number of lines NOT READ
     * @param findings the sentences the notation states about its verdicts, each judged
     * @param network the network the notation describes, as SVG; null for a notation without one
     */
    public record Report(String file, String reading, List<Line> lines, int rows, int unreadable,
                         List<Finding> findings, String network) {
        /**
         * Copies the lists of lines and findings.
         *
         * @param file the page's name, used in messages and positions (a path or a label)
         * @param reading the name of the reading checked, or null for a page without readings
         * @param lines one line per side of a chain and per row not read, in page order
         * @param rows the number of display rows read from the page
         * @param unreadable the number of lines NOT READ
         * @param findings the sentences the notation states about its verdicts, each judged
         * @param network the network the notation describes, as SVG; null for a notation without one
         */
        public Report {
            lines = List.copyOf(lines);
            findings = List.copyOf(findings);
        }

        /**
         * A report with findings, without a drawing of the network.
         *
         * @param file the page's name, used in messages and positions (a path or a label)
         * @param reading the name of the reading checked, or null for a page without readings
         * @param lines one line per side of a chain and per row not read, in page order
         * @param rows the number of display rows read from the page
         * @param unreadable the number of lines NOT READ
         * @param findings the sentences the notation states about its verdicts, each judged
         */
        public Report(String file, String reading, List<Line> lines, int rows, int unreadable,
                      List<Finding> findings) {
            this(file, reading, lines, rows, unreadable, findings, null);
        }

        /**
         * A report without findings.
         *
         * @param file the page's name, used in messages and positions (a path or a label)
         * @param reading the name of the reading checked, or null for a page without readings
         * @param lines one line per side of a chain and per row not read, in page order
         * @param rows the number of display rows read from the page
         * @param unreadable the number of lines NOT READ
         */
        public Report(String file, String reading, List<Line> lines, int rows, int unreadable) {
            this(file, reading, lines, rows, unreadable, List.of());
        }

        /**
         * A report of a page without readings.
         *
         * @param file the page's name, used in messages and positions (a path or a label)
         * @param lines one line per side of a chain and per row not read, in page order
         * @param rows the number of display rows read from the page
         * @param unreadable the number of lines NOT READ
         */
        public Report(String file, List<Line> lines, int rows, int unreadable) {
            this(file, null, lines, rows, unreadable);
        }

        /** {@return whether a sentence of the page's findings states a verdict the checker did not give} */
        public boolean anyContradicted() {
            return findings.stream().anyMatch(f -> !f.confirmed());
        }

        /** {@return whether some checked line fails} */
        public boolean anyFails() {
            return lines.stream().anyMatch(Line::fails);
        }

        /**
         * {@return this report, when every line was read and every checked side holds} For a user's JUnit or jqwik
         * test of their own page: otherwise it throws an AssertionError with the report's table.
         */
        public Report assertAllHold() {
            if (anyFails() || lines.stream().anyMatch(l -> l.verdict().equals("NOT READ")
                    || l.verdict().equals("not checked"))) {
                throw new AssertionError(text());
            }
            return this;
        }

        /** {@return the table the command prints} */
        public String text() {
            StringBuilder s = new StringBuilder();
            long checked = lines.stream().filter(l -> l.holds() || l.fails()).count();
            s.append(file).append(reading == null ? "" : " (reading " + reading + ")").append(": ").append(rows)
                    .append(" display rows, ").append(unreadable)
                    .append(" not readable; ");
            if (lines.stream().anyMatch(l -> l.verdict().equals("read"))) {
                s.append("no notation, so nothing checked\n");
            } else {
                s.append(checked).append(" sides checked, ").append(lines.stream().filter(Line::fails).count())
                        .append(" fail\n");
            }
            for (Line l : lines) {
                s.append(String.format(Locale.ROOT, "%-22s %-16s %-9s %s%n", l.position(), l.verdict(),
                        Double.isNaN(l.maxError()) ? "" : String.format(Locale.ROOT, "%.1e", l.maxError()),
                        l.formula()));
                if (l.detail() != null) {
                    s.append("    ").append(l.detail().replace("\n", "\n    ")).append('\n');
                }
            }
            findings.forEach(f -> s.append(f.text()).append('\n'));
            return s.toString();
        }
    }


    /**
     * How the detail of a side that fails by its shapes alone begins: a product written in it whose factors' inner
     * sizes differ, so that it is undefined at every instance (unless another reading of the page reads the row, or
     * leaves it for another reason: the side is then that reading's, and is listed as not read instead).
     */
    static final String UNDEFINED = "undefined whatever the values: ";

    /** The most sides of chains one page gets checked (each costs every instance of every setting). */
    public static final int MAX_SIDES = 1_000;

    private PageCheck() {
    }

    /**
     * {@return the report of checking a page (its first reading): its notation (front matter), then every formula}
     *
     * @param file the page's name, used in messages and positions (a path or a label)
     * @param page the page's whole text, its notation block first
     * @param seed the seed of the random instances the sides are checked on
     * @param instances how many instances each side is checked on, in each setting of the notation
     * @throws NotationException when the page has no usable notation or no display formula
     */
    public static Report check(String file, String page, long seed, int instances) {
        return check(file, page, seed, instances, null).get(0);
    }

    /**
     * Checks a page in each of its readings ({@code readings: {A: {...}, B: {...}}} in the notation: keys that
     * override the notation, such as another meaning of a symbol or other index ranges), or in the one named
     * {@code reading}; a page without readings has one report.
     *
     * @param file the page's name, used in messages and positions (a path or a label)
     * @param page the page's whole text, its notation block first
     * @param seed the seed of the random instances the sides are checked on
     * @param instances how many instances each side is checked on, in each setting of the notation
     * @param reading the name of the one reading to check, or null for all of them
     * @return one report per reading checked, in the order the notation gives the readings
     * @throws NotationException also when {@code reading} is not one of the page's readings
     */
    public static List<Report> check(String file, String page, long seed, int instances, String reading) {
        return check(file, page, seed, instances, reading, false);
    }

    /**
     * {@link #check(String, String, long, int, String)}, and with {@code diagnose} a diagnosis of each failing side:
     * the single edit of its formula under which it holds ({@link PageDiagnosis}), found and checked by the same
     * machinery. It costs a few more checks per failing side.
     *
     * @param file the page's name, used in messages and positions (a path or a label)
     * @param page the page's whole text, its notation block first
     * @param seed the seed of the random instances the sides are checked on
     * @param instances how many instances each side is checked on, in each setting of the notation
     * @param reading the name of the one reading to check, or null for all of them
     * @param diagnose whether to look for the edit under which each failing side holds
     * @return one report per reading checked, in the order the notation gives the readings
     */
    public static List<Report> check(String file, String page, long seed, int instances, String reading,
                                     boolean diagnose) {
        FrontMatter.Block fm = FrontMatter.read(file, page);
        if (fm == null) {
            throw new NotationException(file + ": no notation: start the page with a '---' block that says what the "
                    + "symbols mean (see the README)");
        }
        Map<String, Object> base = new LinkedHashMap<>(fm.values());
        Object readings = base.remove("readings");
        if (readings == null) {
            if (reading != null) {
                throw new NotationException(file + ": --reading " + reading + ": the page defines no readings");
            }
            return List.of(withFindings(check(new Run(file, page, fm, null, seed, instances, diagnose), base),
                    page, fm, base));
        }
        if (!(readings instanceof Map<?, ?> named) || named.isEmpty()) {
            throw new NotationException(file + ": readings: {NAME: {key: value, ...}, ...}");
        }
        if (reading != null && !named.containsKey(reading)) {
            throw new NotationException(file + ": --reading " + reading + ": the page's readings are "
                    + named.keySet());
        }
        List<Report> out = new ArrayList<>();
        List<Map<String, Object>> notations = new ArrayList<>();
        for (Map.Entry<?, ?> e : named.entrySet()) {
            if (reading != null && !reading.equals(e.getKey())) {
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> overrides)) {
                throw new NotationException(file + ": reading " + e.getKey() + " needs {key: value, ...}");
            }
            Map<String, Object> merged = new LinkedHashMap<>(base);
            overrides.forEach((k, v) -> merged.put(k.toString(), v));
            out.add(check(new Run(file, page, fm, e.getKey().toString(), seed, instances, diagnose), merged));
            notations.add(merged);
        }
        out = PageCoverage.undefinedInEveryReading(file, page, out);
        for (int k = 0; k < out.size(); k++) {
            out.set(k, withFindings(out.get(k), page, fm, notations.get(k)));
        }
        return out;
    }

    /**
     * A page in one reading: in one notation, or part by part ({@code parts: {"1b) Activations": {network:
     * function, ...}}}: from a line of the page that reads as the title, up to the next part's, the part's notation
     * holds; a part that names the same kind of network changes only the keys it gives).
     */
    private static Report check(Run run, Map<String, Object> notation) {
        Map<String, Object> base = new LinkedHashMap<>(notation);
        base.remove("findings");
        Report r = PageParts.check(run, base);
        return new Report(r.file(), r.reading(), r.lines(), r.rows(), r.unreadable(), r.findings(),
                NetworkSvg.of(base, run.file()));
    }

    /** The report with the notation's findings judged against its verdicts. */
    private static Report withFindings(Report r, String page, FrontMatter.Block fm, Map<String, Object> notation) {
        Report judged = PageFindings.judge(r.file(), page, fm, notation.get("findings"), r);
        return new Report(judged.file(), judged.reading(), judged.lines(), judged.rows(), judged.unreadable(),
                judged.findings(), r.network());
    }

    /** One check of a page in one reading: what every part of it shares. */
    record Run(String file, String page, FrontMatter.Block fm, String reading, long seed, int instances,
               boolean diagnose) {
    }

    /** The rows of a page between two offsets, in one notation; null for a part without rows when allowed. */
    static Report checkPart(Run run, Map<String, Object> notation, int from, int to, boolean alone,
                            List<PageParts.Correction> corrections) {
        Notation n = Notation.of(notation, run.file());
        PageParts.defineFromNotation(n, notation, run.file());
        return checkPart(run, n, from, to, alone, Map.of(), corrections);
    }


    static Report checkPart(Run run, Notation n, int from, int to, boolean alone,
                            Map<String, Notation.Definition> later, List<PageParts.Correction> corrections) {
        String file = run.file();
        String page = run.page();
        FrontMatter.Block fm = run.fm();
        try {
            n.checkLoss();
        } catch (IllegalArgumentException e) {
            throw new NotationException(file + ": the notation's loss cannot be evaluated: " + e.getMessage());
        }
        Source source = new Source(file, page);
        List<DisplayMath.Row> rows = DisplayMath.rows(source, from).stream().filter(r -> r.from() < to)
                .toList();
        if (rows.isEmpty() && !alone) {
            return null;
        }
        if (rows.isEmpty()) {
            throw new NotationException(file + ": the page holds no display formula ($$...$$, \\[...\\] or an "
                    + "equation environment)");
        }
        List<Line> lines = new ArrayList<>();
        java.util.function.IntFunction<List<Tex>> sections = n.sectionConditions(page);
        java.util.function.IntFunction<List<Tex>> prose = PageParts.proseConditions(page, from);
        // the corrections of this part's formulas are read where the notation writes them, after the page's rows
        List<DisplayMath.Row> withCorrections = new ArrayList<>(rows);
        List<PageParts.Correction> mine = corrections.stream().filter(c -> c.of() >= from && c.of() < to).toList();
        mine.forEach(c -> withCorrections.add(new DisplayMath.Row(source, -1 - withCorrections.size(), c.from(), c.to(),
                null)));
        List<PageChains.Assembled> chains = PageChains.assemble(source, withCorrections, n.functions(), n.words(),
                lines, at -> {
                    int where = at; // a correction holds where the formula it corrects does (its section, its "if")
                    for (PageParts.Correction k : mine) {
                        where = at >= k.from() && at < k.to() ? k.of() : where;
                    }
                    List<Tex> all = new ArrayList<>(sections.apply(where));
                    all.addAll(prose.apply(where));
                    return all;
                });
        for (PageChains.Assembled c : chains) {
            PageChains.entriesOverFreeIndex(c, n.firstIndex());
            for (PageParts.Correction k : mine) {
                if (source.position(k.from()).equals(c.positions().get(0))) {
                    c.written().set(0, "(correction '" + k.name() + "' of " + source.position(k.of()).substring(
                            file.length() + 1) + ") " + c.written().get(0));
                }
            }
        }
        Map<String, Line> pending = new LinkedHashMap<>();
        List<Notation.Side> specs = new ArrayList<>();
        // a page may define a symbol after a formula that uses it (an align's rows "... \Delta_j^n \\ \Delta_i^l
        // = ..."): each symbol's first definition is known before any formula is planned
        Set<PageChains.Assembled> early = new java.util.HashSet<>();
        for (PageChains.Assembled c : chains) {
            if (PageChains.definition(c, n) != null) {
                try {
                    n.define(PageChains.definition(c, n), c.sides().get(1));
                    early.add(c);
                } catch (IllegalArgumentException e) {
                    // named when the chain is planned
                }
            }
        }
        later.forEach(n.definitions()::putIfAbsent); // defined in a later part of the page
        for (PageChains.Assembled c : chains) {
            if (pending.size() >= MAX_SIDES) {
                // an untrusted page cannot make the check run for hours: the rest is listed, not checked
                lines.add(new Line(c.positions().get(0), c.written().get(0), "not checked", Double.NaN, "the page "
                        + "already holds " + MAX_SIDES + " sides to check; check the rest as a page of its own"));
                continue;
            }
            PagePlans.plan(c, n, lines, pending, specs, early.contains(c));
        }
        judge(run, n, specs, pending, lines);
        if (run.diagnose()) {
            lines.replaceAll(l -> PageDiagnosis.ofUnread(n, l, run.seed(), run.instances()));
        }
        lines.sort((a, b) -> PageChains.compare(source, a.position(), b.position()));
        // the corrections (written in the notation block, above the page) after the page's own formulas
        String bodyAt = source.position(fm.bodyStart());
        List<Line> ordered = new ArrayList<>(lines.stream()
                .filter(l -> PageChains.compare(source, l.position(), bodyAt) >= 0).toList());
        ordered.addAll(lines.stream().filter(l -> PageChains.compare(source, l.position(), bodyAt) < 0).toList());
        lines = ordered;
        return new Report(file, run.reading(), lines, rows.size(), (int) lines.stream()
                .filter(l -> l.verdict().equals("NOT READ")).count());
    }

    /**
     * {@return a page without a notation, read: every display row read (parsed into a tree) or not, with the reason}
     * Nothing is checked: the notation is what gives the symbols a meaning.
     *
     * @param file the page's name, used in messages and positions (a path or a label)
     * @param page the page's whole text
     */
    public static Report read(String file, String page) {
        return PageChains.read(file, page);
    }

    /**
     * Checks the planned sides in every setting of the notation and adds one line per side: holds, FAILS (the first
     * failure in full, the others by where they fail), or not checked when no admissible instance judged it.
     */
    private static void judge(Run run, Notation n, List<Notation.Side> specs, Map<String, Line> pending,
                              List<Line> lines) {
        long seed = run.seed();
        int instances = run.instances();
        Map<String, List<String>> failuresBySide = new LinkedHashMap<>();
        Map<String, List<Activation>> failingIn = new LinkedHashMap<>();
        Map<String, Double> maxError = new HashMap<>();
        Set<String> judged = new java.util.HashSet<>(); // sides judged on at least one instance
        for (Activation act : specs.isEmpty() ? List.<Activation>of() : n.settings()) {
            DerivationReport r = n.derivation(act, specs).check(seed, instances);
            for (DerivationReport.Verdict v : r.verdicts()) {
                String key = v.formula().substring(0, v.formula().indexOf(" @"));
                if (v.instances() == 0) {
                    continue; // no admissible instance: not a verdict either way
                }
                judged.add(key);
                if (!Double.isNaN(v.maxError())) { // NaN: a shape that differs, no error to show
                    maxError.merge(key, v.maxError(), Math::max);
                }
                if (!v.holds()) {
                    String at = v.formula().substring(v.formula().indexOf(" @") + 2);
                    List<Activation> in = failingIn.computeIfAbsent(key, k -> new ArrayList<>());
                    if (!in.contains(act)) {
                        in.add(act);
                    }
                    List<String> f = failuresBySide.computeIfAbsent(key, k -> new ArrayList<>());
                    String where = act.name() + (at.isEmpty() ? "" : ", " + at) + ": " + v.status();
                    // the first failure in full, the others by where they fail
                    f.add(!f.isEmpty() ? where : where
                            + (v.counterexample() == null ? "" : "\n  counterexample " + v.counterexample())
                            + (v.error() == null ? "" : "\n  " + v.error())
                            + (v.hints().isEmpty() ? "" : "\n  hint: " + String.join("; ", v.hints())));
                }
            }
        }
        if (run.diagnose()) { // each failing side on its own, in parallel where cores allow
            PageDiagnosis.all(n, specs, failingIn, seed, instances).forEach((key, d) -> failuresBySide.get(key)
                    .add(0, failuresBySide.get(key).remove(0) + "\n  " + d));
        }
        for (Map.Entry<String, Line> e : pending.entrySet()) {
            Line l = e.getValue();
            List<String> f = failuresBySide.get(e.getKey());
            String failures = f == null ? null : f.get(0) + (f.size() == 1 ? "" : "\nalso " + String.join("; ",
                    f.subList(1, f.size())));
            String detail = l.detail() == null ? failures : failures == null ? l.detail()
                    : l.detail() + "\n" + failures;
            if (!judged.contains(e.getKey())) {
                // never a silent "holds": a side no instance could judge says so
                lines.add(l.judged("not checked", Double.NaN, "no admissible instance judged it (every one drawn "
                        + "was rejected, or no value of its indices applies)"));
                continue;
            }
            lines.add(l.judged(f == null ? "holds" : "FAILS", maxError.getOrDefault(e.getKey(), Double.NaN), detail));
        }
    }
}
