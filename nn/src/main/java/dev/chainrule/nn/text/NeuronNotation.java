package dev.chainrule.nn.text;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.Draw;
import dev.chainrule.check.tex.Source;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.TexException;
import dev.chainrule.check.tex.TexEval;
import dev.chainrule.check.tex.TexParser;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.check.tex.TexTree;
import dev.chainrule.core.Differentiable;
import dev.chainrule.nn.Activation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the symbols of a page mean when it derives backprop for a network of named neurons (the notation of
 * document 000): the units and edges, the activation and the settings to check, the loss as the page writes it,
 * the target, and each symbol's role. Read from the page's front matter:
 *
 * <pre>
 * network: neurons
 * inputs: [1, 2]
 * units: [3, 4, 5]
 * edges: [1->3, 2->3, 1->4, 2->4, 3->5, 4->5]
 * output: 5
 * activation: h                      # the function symbol the page writes
 * settings: [sigmoid, tanh]          # each is checked
 * loss: -y \log h(n_5) - (1 - y) \log(1 - h(n_5))
 * target: {y: [0, 1]}
 * symbols: {n: preactivation, x: input to from, w: weight to from, L: loss}
 * sets: {Downstream: downstream}
 * constants: {\lambda: 0.1}          # named numbers
 * activations: {5: square}           # a unit whose activation is fixed in every setting
 * sections: {Hidden-to-Output: {j: [5]}}   # index ranges under a heading of the page
 * </pre>
 *
 * Roles: {@code preactivation} (n_j), {@code activity} (x_j for h(n_j)), {@code input to from} (x_{ji}: what j
 * receives from i, the input's value or i's activity), {@code weight to from} or {@code weight from to}
 * (w_{ji} of edge i -> j, or w_{46} of edge 4 -> 6), {@code bias} (b_j), {@code loss}, {@code target}.
 */
public final class NeuronNotation implements Notation {
    /**
     * A symbol's meaning; {@code toFrom} orders two-index roles.
     *
     * @param kind the role's first word: preactivation, activity, input, weight, bias, loss or target
     * @param toFrom whether a symbol with two indices names the receiving unit first ({@code w_{ji}} of edge i -&gt; j)
     */
    public record Role(String kind, boolean toFrom) {
    }

    /**
     * An edge from -&gt; to.
     *
     * @param from the unit (or input) the edge leaves
     * @param to the unit the edge enters
     */
    public record Edge(String from, String to) {
    }

    final List<String> inputs;
    final List<String> units;
    final List<Edge> edges;
    final String output;
    final boolean bias;
    final String activation;
    final List<Activation> settings;
    /** Index ranges by section title: a formula under "Hidden-to-Output" may have j only in [5]. */
    final Map<String, Map<String, List<Integer>>> sections;
    /** Units whose activation is fixed whatever the setting (an output's rho(z) = z^2). */
    final Map<String, Activation> fixed;
    final Tex loss;
    final String target;
    final Draw targetDraw;
    final Map<String, Role> roles;
    final Map<String, String> sets;
    final Set<String> functions;
    final Set<String> words;
    final Map<String, Double> constants;
    /** The symbols the page defines as it goes ("Let delta_j = ..."), in the order it defines them. */
    final Map<String, Definition> definitions = new LinkedHashMap<>();

    /** The keys a neuron notation knows; any other is refused, so a misspelt key is never silently ignored. */
    static final List<String> KEYS = List.of("network", "inputs", "units", "edges", "output", "bias", "activation",
            "settings", "activations", "loss", "target", "symbols", "sets", "constants", "functions", "sections",
            "definitions", "readings");
    /** The roles a symbol can have. */
    static final List<String> ROLES = List.of("preactivation", "activity", "input", "weight", "bias", "target",
            "loss");

    private NeuronNotation(Map<String, Object> m, String file) {
        for (String key : m.keySet()) {
            if (!KEYS.contains(key)) {
                throw new NotationException(file + ": unknown key '" + key + "' in the notation; known keys: " + KEYS);
            }
        }
        inputs = NotationValues.strings(m, "inputs", file);
        units = NotationValues.strings(m, "units", file);
        Set<String> all = new LinkedHashSet<>();
        for (String u : concat(inputs, units)) {
            if (!all.add(u)) {
                throw new NotationException(file + ": the notation names unit " + u + " twice");
            }
        }
        edges = edges(m, file, all);
        output = NotationValues.string(m, "output", file);
        if (!units.contains(output)) {
            throw new NotationException(file + ": the output " + output + " is not one of the units " + units);
        }
        Object b = m.getOrDefault("bias", "false");
        if (!b.equals("true") && !b.equals("false")) {
            throw new NotationException(file + ": bias is '" + b + "'; write bias: true or bias: false");
        }
        bias = b.equals("true");
        activation = m.getOrDefault("activation", "h").toString();
        settings = new ArrayList<>();
        for (String name : NotationValues.strings(m, "settings", file)) {
            settings.add(NotationValues.activation(name, file));
        }
        sections = sections(m, file);
        fixed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : NotationValues.optionalMap(m, "activations", file).entrySet()) {
            if (!units.contains(e.getKey())) {
                throw new NotationException(file + ": 'activations' names " + e.getKey() + ", which is no unit of "
                        + units);
            }
            fixed.put(e.getKey(), NotationValues.activation(e.getValue().toString(), file));
        }
        roles = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : NotationValues.map(m, "symbols", file).entrySet()) {
            String[] words = e.getValue().toString().split("\\s+");
            if (!ROLES.contains(words[0])) {
                throw new NotationException(file + ": symbol " + e.getKey() + " has the role '" + words[0]
                        + "'; known roles: " + ROLES);
            }
            if (words[0].equals("bias") && !"true".equals(m.get("bias"))) {
                throw new NotationException(file + ": symbol " + e.getKey() + " is a bias, but the notation does not "
                        + "say 'bias: true'");
            }
            boolean order = words[0].equals("weight") || words[0].equals("input");
            if (order && words.length == 3 && !(words[1] + " " + words[2]).matches("to from|from to")) {
                throw new NotationException(file + ": symbol " + e.getKey() + ": the index order '" + words[1] + " "
                        + words[2] + "' is neither 'to from' nor 'from to'");
            }
            roles.put(e.getKey(), new Role(words[0], words.length < 3 || words[1].equals("to")));
        }
        Map<String, Object> t = NotationValues.map(m, "target", file);
        if (t.size() != 1) {
            throw new NotationException(file + ": target names one symbol and its values: {y: [0, 1]}");
        }
        target = t.keySet().iterator().next();
        targetDraw = Draw.of(NotationValues.choices(t, target, file));
        roles.put(target, new Role("target", true));
        sets = new LinkedHashMap<>();
        NotationValues.optionalMap(m, "sets", file).forEach((k, v) -> sets.put(k, v.toString()));
        constants = NotationValues.constants(m, file);
        functions = NotationValues.functions(m, activation, file);
        functions.addAll(sets.keySet());
        words = new LinkedHashSet<>(sets.keySet());
        roles.keySet().stream().filter(k -> k.length() > 1 && k.chars().allMatch(Character::isLetter))
                .forEach(words::add); // net_5: one symbol, not n e t_5
        loss = loss(NotationValues.string(m, "loss", file), file);
    }

    /** The edges {@code from->to} between named units, each from an earlier unit to a later computing one. */
    private List<Edge> edges(Map<String, Object> m, String file, Set<String> all) {
        List<Edge> out = new ArrayList<>();
        List<String> order = concat(inputs, units);
        for (String e : NotationValues.strings(m, "edges", file)) {
            String[] ends = e.split("->");
            if (ends.length != 2 || !all.contains(ends[0].strip()) || !all.contains(ends[1].strip())) {
                throw new NotationException(file + ": edge '" + e + "' must read 'from->to' between named units "
                        + all);
            }
            Edge edge = new Edge(ends[0].strip(), ends[1].strip());
            if (out.contains(edge)) {
                throw new NotationException(file + ": edge " + e + " is given twice");
            }
            if (units.indexOf(edge.to()) < 0 || order.indexOf(edge.from()) >= order.indexOf(edge.to())) {
                throw new NotationException(file + ": edge " + e + " must go from an earlier unit to a later "
                        + "computing unit (list the units in an order that edges follow)");
            }
            out.add(edge);
        }
        return out;
    }

    /** The index ranges under each section title. */
    private static Map<String, Map<String, List<Integer>>> sections(Map<String, Object> m, String file) {
        Map<String, Map<String, List<Integer>>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : NotationValues.optionalMap(m, "sections", file).entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> ranges)) {
                throw new NotationException(file + ": section '" + e.getKey() + "' needs index ranges: {j: [3, 4]}");
            }
            Map<String, List<Integer>> r = new LinkedHashMap<>();
            for (Map.Entry<?, ?> x : ranges.entrySet()) {
                List<Integer> values = new ArrayList<>();
                for (Object v : x.getValue() instanceof List<?> l ? l : List.of(x.getValue())) {
                    values.add((int) NotationValues.number(v.toString(), "section '" + e.getKey() + "'", file));
                }
                r.put(x.getKey().toString(), values);
            }
            out.put(e.getKey(), r);
        }
        return out;
    }

    private Tex loss(String text, String file) {
        try {
            Tex.Chain c = TexParser.parse(new Source(file + " (notation: loss)", text), 0, text.length(), functions,
                    words);
            return c.sides().get(c.sides().size() - 1);
        } catch (TexException e) {
            throw new NotationException(e.getMessage());
        }
    }

    /**
     * {@return the notation of a page's front matter ({@code network: neurons})}
     *
     * @param frontMatter the keys and values of the page's notation block, as {@link FrontMatter} reads them
     * @param file the page's name, used in messages (a path or a label)
     */
    public static NeuronNotation of(Map<String, Object> frontMatter, String file) {
        return new NeuronNotation(frontMatter, file);
    }

    // ================================================================ what the page check asks of a notation

    @Override
    public Set<String> functions() {
        return functions;
    }

    @Override
    public Set<String> words() {
        return words;
    }

    @Override
    public List<Activation> settings() {
        return settings;
    }

    @Override
    public Map<String, Double> constants() {
        return constants;
    }

    @Override
    public Map<String, Definition> definitions() {
        return definitions;
    }

    @Override
    public boolean isLoss(Tex.Sym s) {
        Role r = roles.get(s.name());
        return r != null && r.kind().equals("loss") && s.sub() == null;
    }

    @Override
    public boolean isParameter(Tex.Sym s) {
        Role r = roles.get(s.name());
        return r != null && (r.kind().equals("weight") || r.kind().equals("bias"));
    }

    @Override
    public boolean isBound(Tex.Sym s) {
        return roles.containsKey(s.name()) || constants.containsKey(s.name())
                || definitions.containsKey(NeuronScope.key(s));
    }

    @Override
    public void define(Tex.Sym s, Tex body) {
        List<String> letters = new ArrayList<>();
        FreeIndices.items(s.sub(), letters);
        if (letters.stream().anyMatch(x -> !Character.isLetter(x.charAt(0)))) {
            throw new IllegalArgumentException("a definition's indices must be letters (" + TexPrinter.print(s)
                    + ")");
        }
        definitions.put(NeuronScope.key(s), new Definition(letters, body));
    }

    @Override
    public List<Map<String, Integer>> assignments(Tex wrt) {
        return FreeIndices.assignments(wrt, this);
    }

    @Override
    public List<Map<String, Integer>> claimAssignments(List<Tex> sides) {
        List<String> free = new ArrayList<>();
        sides.forEach(x -> FreeIndices.freeLetters(x, new LinkedHashSet<>(), free));
        return FreeIndices.product(free, this);
    }

    @Override
    public String problem(Tex side, Map<String, Integer> assignment) {
        try {
            TexEval.eval(side, NeuronScope.probe(this, definitions), new HashMap<>(assignment));
            return null;
        } catch (IllegalArgumentException e) { // an unbound symbol, an edge that is not there, a bad index
            return e.getMessage();
        }
    }

    @Override
    public List<Tex> derivativeFactors(List<Tex> formulas) {
        Map<String, Tex> out = new LinkedHashMap<>();
        for (Tex f : formulas) {
            TexTree.symbols(f, s -> {
                Role r = roles.get(s.name());
                if (r != null && r.kind().equals("preactivation") && s.sub() != null) {
                    Tex factor = new Tex.Apply(new Tex.Sym(activation, 1, null, null, s.at()), List.of(s), s.at());
                    out.putIfAbsent(TexPrinter.print(factor), factor);
                }
            });
        }
        return List.copyOf(out.values());
    }

    @Override
    public Target target(Tex wrt, Map<String, Integer> a) {
        String[] seed = NeuronScope.probe(this, Map.of()).seedOf(wrt, new HashMap<>(a));
        return new Target(switch (seed[0]) {
            case "pre" -> preName(seed[1]);
            case "activity" -> activityName(seed[1]);
            default -> seed[1];
        }, -1);
    }

    @Override
    public void checkLoss() {
        NeuronScope.probe(this, Map.of()).loss();
    }

    /** One derivation per activation setting: the network's quantities, its loss as the page writes it, the sides. */
    @Override
    public Derivation derivation(Activation act, List<Side> sides) {
        Derivation.Builder b = Derivation.builder(act.name());
        for (Edge e : edges) {
            b.scalar(weightName(e.from(), e.to()), Draw.uniform(-2, 2));
        }
        if (bias) {
            units.forEach(j -> b.scalar(biasName(j), Draw.uniform(-1, 1)));
        }
        inputs.forEach(i -> b.scalar(inputName(i), Draw.uniform(-2, 2)));
        b.scalar(target, targetDraw);
        NeuronNotation n = this;
        b.model(new Derivation.GenericModel() {
            @Override
            public <T extends Differentiable<T>> T loss(Derivation.Generic<T> c) {
                NeuronScope<T> s = new NeuronScope<>(n, act, c::scalar, c.scalar(target).constantLike(0),
                        (j, z) -> c.probe(preName(j), z), (j, x) -> c.probe(activityName(j), x));
                T loss = s.loss();
                c.record("loss", loss);
                return loss;
            }
        });
        b.require("the loss is finite", v -> Double.isFinite(v.get("loss")));
        if (act.name().equals("relu")) {
            b.awayFromZero(0.05, units.stream().map(this::preName).toArray(String[]::new));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Side sp : sides) {
            if (seen.add(sp.label())) {
                Derivation.ScalarFormula f = v -> TexEval.eval(sp.side(), NeuronScope.at(this, act, v::get,
                        sp.definitions()), new HashMap<>(sp.indices())).value();
                if (sp.reference() != null) {
                    b.claim(sp.label(), v -> TexEval.eval(sp.reference(), NeuronScope.at(this, act, v::get,
                            sp.definitions()), new HashMap<>(sp.indices())).value(), f);
                } else if (Double.isNaN(sp.rate())) {
                    b.formula(sp.label(), sp.target().name(), f);
                } else {
                    b.update(sp.label(), sp.target().name(), sp.rate(), f);
                }
            }
        }
        return b.build();
    }

    /**
     * The index ranges of the page's sections ({@code sections: {Hidden-to-Output: {j: [5]}}} in the notation): for
     * a formula at an offset, the ranges of the last section title above it, as conditions {@code j \\in \\{5\\}}.
     */
    @Override
    public java.util.function.IntFunction<List<Tex>> sectionConditions(String page) {
        java.util.TreeMap<Integer, List<Tex>> starts = new java.util.TreeMap<>();
        int offset = 0;
        for (String line : page.split("\n", -1)) {
            String title = line.strip().replaceFirst("^#+\\s*", "");
            Map<String, List<Integer>> ranges = sections.get(title);
            if (ranges != null) {
                List<Tex> conditions = new ArrayList<>();
                ranges.forEach((letter, values) -> conditions.add(new Tex.Cmp("\\in", new Tex.Sym(letter, 0, null,
                        null, 0), new Tex.Indices(values.stream().map(v -> (Tex) new Tex.Num(v, "" + v, 0)).toList(),
                        true, 0), 0)));
                starts.put(offset, conditions);
            }
            offset += line.length() + 1;
        }
        return at -> {
            Map.Entry<Integer, List<Tex>> e = starts.floorEntry(at);
            return e == null ? List.of() : e.getValue();
        };
    }

    /** The checker's name of the weight of the edge from -> to, as the page writes it ({@code w_{53}}). */
    String weightName(String from, String to) {
        String w = symbolOf("weight", "w");
        boolean toFrom = roles.getOrDefault(w, new Role("weight", true)).toFrom();
        String sep = from.length() > 1 || to.length() > 1 ? "," : ""; // w_{12,3} is not w_{1,23}
        return w + "_{" + (toFrom ? to + sep + from : from + sep + to) + "}";
    }

    /** The checker's name of unit j's bias ({@code b_3}). */
    String biasName(String j) {
        return symbolOf("bias", "b") + "_" + j;
    }

    /** The checker's name of input unit i's value ({@code x_1}). */
    String inputName(String i) {
        String x = symbolOf("activity", null);
        return (x != null ? x : "x") + "_" + i;
    }

    /** The checker's name of unit j's preactivation, as the page writes it ({@code z_6}, {@code n_3}). */
    String preName(String j) {
        return symbolOf("preactivation", "n") + "_" + j;
    }

    /** The checker's name of unit j's activity, as the page writes it ({@code x_6}, or {@code h(n_3)}). */
    String activityName(String j) {
        String a = symbolOf("activity", null);
        return a != null ? a + "_" + j : activation + "(" + preName(j) + ")";
    }

    private String symbolOf(String kind, String otherwise) {
        return roles.entrySet().stream().filter(e -> e.getValue().kind().equals(kind)).map(Map.Entry::getKey)
                .findFirst().orElse(otherwise);
    }

    /** The units {@code j} feeds (its downstream). */
    List<String> downstream(String j) {
        return edges.stream().filter(e -> e.from().equals(j)).map(Edge::to).toList();
    }

    List<String> incoming(String j) {
        return edges.stream().filter(e -> e.to().equals(j)).map(Edge::from).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
