package dev.chainrule.nn.text;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.Draw;
import dev.chainrule.check.tex.Source;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexException;
import dev.chainrule.check.tex.TexMatrix;
import dev.chainrule.check.tex.TexMatrix.M;
import dev.chainrule.check.tex.TexParser;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.check.tex.TexTree;
import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Activation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What the symbols of a page mean when it derives backprop for a network of layers in matrix notation
 * ({@code z^l = W^l a^{l-1} + b^l}, {@code \delta^l = (W^{l+1})^T \delta^{l+1} \odot \sigma'(z^l)}), read from the
 * page's front matter:
 *
 * <pre>
 * network: layers
 * sizes: [3, 4, 2]             # the input's size, then each layer's
 * convention: column           # column: z^l = W^l a^{l-1} + b^l, W^l is n_l x n_{l-1};
 *                              # row: z^l = a^{l-1} W^l + b^l, W^l is n_{l-1} x n_l, a batch's samples are rows
 * weights: out x in            # W^l's layout where it differs from the convention's (row vectors with
 *                              # z^l = a^{l-1} (W^l)^T, as PyTorch's Linear stores it)
 * batch: 5                     # samples per step (X, Z^l, A^l are matrices); absent: one sample. Take a size
 *                              # no layer has, so that no shape agrees by the batch matching a layer
 * sample index: n              # inside a sum over n, a per-sample quantity written without n is sample n's
 * index: 1                     # the first index (0 or 1) of W^l_{ij}, z^l_j
 * activation: \sigma           # the function symbol the page writes (a list: several names for it)
 * settings: [sigmoid, tanh]    # each is checked
 * activations: {2: softmax}    # a layer whose activation is fixed in every setting
 * loss: -\sum_{k=1}^{2} y_k \log \hat{y}_k
 * target: {y: onehot}          # onehot, uniform, or a list of values
 * symbols: {W: weight, b: bias, z: preactivation, a: activity, x: input, \hat{y}: output, L: loss, n: size}
 * vector product: inner        # how the page means a product of two vectors of one shape (else refused)
 * definitions: {\delta: \frac{\partial L}{\partial z^2}}   # what a symbol the page never defines means
 * layer offsets: {\omega: 1}   # \omega^l is the weight from layer l to l + 1 (the page counts from the source)
 * </pre>
 *
 * Roles: {@code weight}, {@code bias}, {@code preactivation} and {@code activity} take their layer as the
 * superscript ({@code W^2}, {@code z^{l-1}}, {@code a^0} is the input) and their element as the subscript
 * ({@code W^2_{ij}}: row i, column j); {@code input}, {@code output} and {@code target} are the network's
 * x, a^L and y; {@code size} ({@code n_l}) is a layer's size, {@code batch} the number of samples and
 * {@code depth} the number of layers L. A gradient has its variable's shape; a Jacobian of a vector by a vector is
 * laid out as the convention reads the chain rule (column: d(out)/d(in) is out x in; row: in x out).
 */
public final class LayerNotation implements Notation {
    /** The keys a layered notation knows; any other is refused, so a misspelt key is never silently ignored. */
    static final List<String> KEYS = List.of("network", "sizes", "convention", "batch", "index", "bias", "activation",
            "settings", "activations", "loss", "target", "symbols", "constants", "functions", "vector product",
            "weights", "layer offsets", "definitions", "readings", "sample index");
    /** The roles a symbol can have. */
    static final List<String> ROLES = List.of("weight", "bias", "preactivation", "activity", "input", "output",
            "target", "loss", "size", "batch", "depth");

    final int[] sizes;
    final boolean column;
    /** Whether W^l is stored out x in (the column convention's layout; in the row convention, z = a W^T). */
    final boolean outByIn;
    /** Samples per step; 0 for one sample without a batch axis. */
    final int batch;
    /**
     * The letter of a sum over the batch's samples ({@code \\sum_{n=1}^{N} \\delta^3}: n), inside which a per-sample
     * quantity written without it ({@code \\delta^3}, {@code \\hat{y}_i}) is sample n's; null when the page writes
     * every sample index.
     */
    final String sampleIndex;
    final int base;
    final boolean bias;
    final String activation;
    final Set<String> activationNames;
    final List<Activation> settings;
    final Map<Integer, Activation> fixed;
    final Tex loss;
    final String target;
    final Draw targetDraw;
    final Map<String, String> roles;
    final Set<String> functions;
    final Set<String> words;
    final Map<String, Double> constants;
    final String vectorProduct;
    final Map<String, Definition> definitions = new LinkedHashMap<>();
    /** Symbols whose superscript names the layer before theirs ({@code \\omega^\\ell} from layer l to l + 1): 1. */
    final Map<String, Integer> layerOffsets = new LinkedHashMap<>();

    private LayerNotation(Map<String, Object> m, String file) {
        for (String key : m.keySet()) {
            if (!KEYS.contains(key)) {
                throw new NotationException(file + ": unknown key '" + key + "' in the notation; known keys for "
                        + "'network: layers': " + KEYS);
            }
        }
        List<String> sz = NotationValues.strings(m, "sizes", file);
        if (sz.size() < 2) {
            throw new NotationException(file + ": sizes: [input, layer 1, ...] needs the input and at least one layer");
        }
        sizes = new int[sz.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = NotationValues.positive(sz.get(i), "sizes", file);
        }
        column = NotationValues.oneOf(m, "convention", "column", List.of("column", "row"), file,
                "column: z = W a + b; row: z = a W + b").equals("column");
        outByIn = NotationValues.oneOf(m, "weights", column ? "out x in" : "in x out", List.of("out x in",
                "in x out"), file, "out x in: W^l has a row per unit of layer l").equals("out x in");
        batch = m.containsKey("batch") ? NotationValues.positive(m.get("batch").toString(), "batch", file) : 0;
        for (int l = 0; l < sizes.length && batch > 1; l++) {
            if (sizes[l] == batch) {
                throw new NotationException(file + ": batch " + batch + " is the size of layer " + l
                        + " too, so a batch of samples could stand where that layer's units do and a shape check pass "
                        + "by chance; take a batch size no layer has (sizes " + java.util.Arrays.toString(sizes) + ")");
            }
        }
        sampleIndex = m.containsKey("sample index") ? sampleLetter(m.get("sample index").toString(), file) : null;
        base = Integer.parseInt(NotationValues.oneOf(m, "index", "1", List.of("0", "1"), file,
                "the first index of W_{ij}"));
        bias = NotationValues.oneOf(m, "bias", "true", List.of("true", "false"), file, "whether layers add a bias")
                .equals("true");
        Object act = m.getOrDefault("activation", "\\sigma");
        List<String> actNames = act instanceof List<?> l ? l.stream().map(Object::toString).toList()
                : List.of(act.toString());
        activation = actNames.get(0);
        activationNames = Set.copyOf(actNames); // a page may name the activation twice (actFun, f)
        fixed = fixedActivations(m, file);
        settings = new ArrayList<>();
        if (m.containsKey("settings")) {
            for (String name : NotationValues.strings(m, "settings", file)) {
                settings.add(NotationValues.activation(name, file));
            }
        } else if (fixed.size() == depth()) {
            settings.add(fixed.get(depth())); // every layer's activation is fixed: one setting, named by the output's
        } else {
            throw new NotationException(file + ": the notation needs 'settings: [...]', the activations to check "
                    + "(a list means each), unless 'activations' fixes every layer's");
        }
        roles = roles(m, file);
        Map<String, Object> t = NotationValues.map(m, "target", file);
        if (t.size() != 1) {
            throw new NotationException(file + ": target names one symbol and its kind: {y: onehot}, {y: uniform} "
                    + "or {y: [0, 1]}");
        }
        target = t.keySet().iterator().next();
        Object kind = t.get(target);
        targetDraw = "onehot".equals(kind) ? Draw.oneHotRows() : "uniform".equals(kind) ? Draw.uniform(-1, 1)
                : Draw.of(NotationValues.choices(t, target, file));
        roles.put(target, "target");
        constants = NotationValues.constants(m, file);
        NotationValues.optionalMap(m, "layer offsets", file).forEach((k, v) -> layerOffsets.put(k,
                (int) NotationValues.number(v.toString(), "layer offsets", file)));
        vectorProduct = NotationValues.oneOf(m, "vector product", "refuse", List.of("refuse", "inner",
                "elementwise"), file, "how the page means a product of two vectors of one shape");
        functions = NotationValues.functions(m, activation, file);
        functions.addAll(activationNames);
        functions.add("softmax");
        words = new LinkedHashSet<>();
        java.util.stream.Stream.concat(roles.keySet().stream(), functions.stream())
                .filter(k -> k.length() > 1 && k.chars().allMatch(Character::isLetter))
                .forEach(words::add); // SE, log: one name, not S E
        words.add("softmax");
        loss = parseLoss(NotationValues.string(m, "loss", file), file);
        for (String role : List.of("weight", "loss")) {
            if (!roles.containsValue(role)) {
                throw new NotationException(file + ": the notation names no symbol with the role " + role
                        + " (symbols: {W: weight, L: loss, ...})");
            }
        }
    }

    /** The layers whose activation is fixed in every setting ({@code activations: {2: softmax}}). */
    private Map<Integer, Activation> fixedActivations(Map<String, Object> m, String file) {
        Map<Integer, Activation> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : NotationValues.optionalMap(m, "activations", file).entrySet()) {
            int layer = NotationValues.positive(e.getKey(), "activations", file);
            if (layer >= sizes.length) {
                throw new NotationException(file + ": 'activations' names layer " + layer + "; the layers are 1.."
                        + (sizes.length - 1));
            }
            out.put(layer, NotationValues.activation(e.getValue().toString(), file));
        }
        return out;
    }

    /** Each symbol's role ({@code symbols: {W: weight, ...}}). */
    private Map<String, String> roles(Map<String, Object> m, String file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : NotationValues.map(m, "symbols", file).entrySet()) {
            String role = e.getValue().toString().strip();
            if (!ROLES.contains(role)) {
                throw new NotationException(file + ": symbol " + e.getKey() + " has the role '" + role + "'; known "
                        + "roles for layers: " + ROLES);
            }
            if (role.equals("bias") && !bias) {
                throw new NotationException(file + ": symbol " + e.getKey() + " is a bias, but the notation says "
                        + "'bias: false'");
            }
            out.put(e.getKey(), role);
        }
        return out;
    }

    /**
     * {@return the notation of a page's front matter ({@code network: layers})}
     *
     * @param frontMatter the keys and values of the page's notation block, as {@link FrontMatter} reads them
     * @param file the page's name, used in messages (a path or a label)
     */
    public static LayerNotation of(Map<String, Object> frontMatter, String file) {
        return new LayerNotation(frontMatter, file);
    }

    private Tex parseLoss(String text, String file) {
        try {
            Tex.Chain c = TexParser.parse(new Source(file + " (notation: loss)", text), 0, text.length(), functions,
                    words);
            return c.sides().get(c.sides().size() - 1);
        } catch (TexException e) {
            throw new NotationException(e.getMessage());
        }
    }

    /** The number of layers L. */
    int depth() {
        return sizes.length - 1;
    }

    /** Layer l's activation: the notation's fixed one for l (a softmax output), else the setting's. */
    Activation activationOf(int layer, Activation setting) {
        return fixed.getOrDefault(layer, setting);
    }

    /** The symbol with a role, or the fallback when the page names none. */
    String symbolOf(String role, String otherwise) {
        for (Map.Entry<String, String> e : roles.entrySet()) { // on the hot path of every evaluation: no stream
            if (e.getValue().equals(role)) {
                return e.getKey();
            }
        }
        return otherwise;
    }

    /** The checker's name of layer l's quantity or probe of a role ({@code W^2}, {@code z^1}). */
    String name(String role, int layer) {
        String fallback = switch (role) {
            case "weight" -> "W";
            case "bias" -> "b";
            case "preactivation" -> "z";
            default -> "a";
        };
        return depth() == 1 ? symbolOf(role, fallback) : symbolOf(role, fallback) + "^" + layer; // W for one layer
    }

    /** The checker's name of the input ({@code x}). */
    String inputName() {
        return symbolOf("input", "x");
    }

    /** The shape a layered quantity is shown in: rows and columns. */
    int[] shape(String role, int layer) {
        int samples = Math.max(batch, 1);
        return switch (role) {
            case "weight" -> outByIn ? new int[] {sizes[layer], sizes[layer - 1]}
                    : new int[] {sizes[layer - 1], sizes[layer]};
            case "bias" -> column ? new int[] {sizes[layer], 1} : new int[] {1, sizes[layer]};
            default -> column ? new int[] {sizes[layer], samples} : new int[] {samples, sizes[layer]};
        };
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
    public IntFunction<List<Tex>> sectionConditions(String page) {
        return at -> List.of();
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
    public boolean isLoss(Sym s) {
        return "loss".equals(roles.get(s.name())) && s.sub() == null;
    }

    @Override
    public boolean isParameter(Sym s) {
        String r = roles.get(s.name());
        return "weight".equals(r) || "bias".equals(r);
    }

    @Override
    public boolean isBound(Sym s) {
        return roles.containsKey(s.name()) || constants.containsKey(s.name())
                || definitions.containsKey(Definition.exactKey(s)) || definitions.containsKey(Definition.generalKey(s));
    }

    /**
     * {@code \\delta^2 = ...} defines the symbol at layer 2; {@code \\delta^l = ...} at every layer, its letter bound
     * where it is used ({@code \\delta^{l+1}}); subscript letters are bound the same way.
     */
    @Override
    public void define(Sym s, Tex body) {
        List<String> letters = new ArrayList<>();
        if (s.sup() instanceof Sym l && l.sub() == null && l.sup() == null && FreeIndices.isLetter(l.name())
                && !roles.containsKey(l.name())) {
            letters.add(l.name());
        }
        List<String> sub = new ArrayList<>();
        FreeIndices.items(s.sub(), sub);
        if (sub.stream().anyMatch(x -> !Character.isLetter(x.charAt(0)))) {
            throw new IllegalArgumentException("a definition's indices must be letters (" + TexPrinter.print(s)
                    + ")");
        }
        letters.addAll(sub);
        definitions.put(letters.isEmpty() || s.sup() == null || !letters.get(0).equals(TexPrinter.print(s.sup()))
                ? Definition.exactKey(s) : Definition.generalKey(s), new Definition(letters, body));
    }

    @Override
    public List<Map<String, Integer>> assignments(Tex wrt) {
        if (!(wrt instanceof Sym s) || !roles.containsKey(s.name())) {
            throw new IllegalArgumentException("the derivative's variable " + TexPrinter.print(wrt) + " is not a "
                    + "symbol of the notation; known: " + roles.keySet());
        }
        List<Map<String, Integer>> out = new ArrayList<>();
        IllegalArgumentException why = null;
        for (Map<String, Integer> a : claimAssignments(List.of(wrt))) {
            try {
                target(wrt, a);
                out.add(a);
            } catch (IllegalArgumentException e) {
                // an element or layer the network does not have is not one of its values; if none is, the reason
                // worth reading is one that is not about such a value (an index that is not bound, a typo)
                boolean absent = e instanceof NeuronScope.UnboundSymbol u && u.absent;
                boolean whyAbsent = why instanceof NeuronScope.UnboundSymbol u && u.absent;
                why = why == null || whyAbsent && !absent ? e : why;
            }
        }
        if (out.isEmpty() && why != null) {
            throw why;
        }
        return out;
    }

    /** The values an element index can take: every unit of the widest layer, or every sample of the batch. */
    List<Integer> elementRange() {
        int widest = Math.max(batch, java.util.Arrays.stream(sizes).max().orElse(1));
        return java.util.stream.IntStream.range(base, base + widest).boxed().toList();
    }

    /** Letters in superscripts (and in a size's subscript) run over the layers, others over the elements. */
    @Override
    public List<Map<String, Integer>> claimAssignments(List<Tex> sides) {
        Map<String, Boolean> letters = new LinkedHashMap<>(); // letter -> whether it names a layer
        sides.forEach(x -> FreeIndices.layerLetters(x, this, new LinkedHashSet<>(), letters));
        List<Map<String, Integer>> out = new ArrayList<>(List.of(Map.of()));
        for (Map.Entry<String, Boolean> e : letters.entrySet()) {
            int from = e.getValue() ? 0 : base;
            int to = e.getValue() ? depth() : base + elementRange().size() - 1;
            List<Map<String, Integer>> next = new ArrayList<>();
            for (Map<String, Integer> a : out) {
                for (int v = from; v <= to; v++) {
                    Map<String, Integer> b = new LinkedHashMap<>(a);
                    b.put(e.getKey(), v);
                    next.add(b);
                }
            }
            out = next;
        }
        return out;
    }

    @Override
    public String problem(Tex side, Map<String, Integer> assignment) {
        try {
            TexMatrix.eval(side, LayerScope.probe(this, definitions), new HashMap<>(assignment));
            return null;
        } catch (IllegalArgumentException e) { // an unbound symbol, a layer or element that is not there, shapes
            return e.getMessage();
        }
    }

    @Override
    public Tex.Bin unconformable(Tex side, Map<String, Integer> assignment) {
        try {
            TexMatrix.eval(side, LayerScope.probe(this, definitions), new HashMap<>(assignment));
        } catch (TexMatrix.Unconformable e) {
            return TexParts.find(side, x -> x == e.product()) != null ? e.product() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    @Override
    public List<Tex> derivativeFactors(List<Tex> formulas) {
        java.util.Map<String, Tex> out = new LinkedHashMap<>();
        String pre = symbolOf("preactivation", "z");
        for (Tex f : formulas) {
            TexTree.symbols(f, s -> {
                String role = roles.get(s.name());
                if ("preactivation".equals(role) || "activity".equals(role)) {
                    Sym z = new Sym(pre, 0, s.sub(), s.sup(), s.at());
                    Tex factor = new Tex.Apply(new Sym(activation, 1, null, null, s.at()), List.of(z), s.at());
                    out.putIfAbsent(TexPrinter.print(factor), factor);
                }
            });
        }
        return List.copyOf(out.values());
    }

    @Override
    public int firstIndex() {
        return base;
    }

    /** Two sides whose shapes differ (other than by a transpose, which the checker judges and names) are refused. */
    @Override
    public String shapeProblem(Tex side, Tex against, Map<String, Integer> assignment) {
        LayerScope<dev.chainrule.core.Dual> probe = LayerScope.probe(this, definitions);
        try {
            M<?> a = TexMatrix.eval(side, probe, new HashMap<>(assignment));
            M<?> b = TexMatrix.eval(against, probe, new HashMap<>(assignment));
            boolean vectors = (a.rows() == 1 || a.cols() == 1) && (b.rows() == 1 || b.cols() == 1);
            if (a.e().size() == b.e().size() && (vectors || a.rows() == b.cols() || a.rows() == b.rows())) {
                return null;
            }
            return "the side is a " + a.shape() + " matrix where " + TexPrinter.print(against) + " is " + b.shape();
        } catch (IllegalArgumentException e) {
            return null; // what cannot be evaluated is named by problem()
        }
    }

    @Override
    public String readingNote(Tex side, Tex against, Map<String, Integer> assignment) {
        LayerScope<dev.chainrule.core.Dual> probe = LayerScope.probe(this, definitions);
        try {
            TexMatrix.eval(against, probe, new HashMap<>(assignment));
            TexMatrix.eval(side, probe, new HashMap<>(assignment));
        } catch (IllegalArgumentException e) {
            // what cannot be evaluated is named by problem()
        }
        return probe.notes();
    }

    @Override
    public Target target(Tex wrt, Map<String, Integer> assignment) {
        Target t = LayerDerivatives.target(LayerScope.probe(this, Map.of()), wrt, new HashMap<>(assignment)).target();
        if (t == null) {
            throw new IllegalArgumentException("a derivative by " + TexPrinter.print(wrt) + ", one unit across the "
                    + "batch, is read inside a formula only; as a side of its own, write it per sample (two indices)");
        }
        return t;
    }

    @Override
    public void checkLoss() {
        M<?> l = LayerScope.probe(this, Map.of()).loss();
        if (!l.isScalar()) {
            throw new IllegalArgumentException("the loss is a " + l.shape() + " matrix; it must be a number (sum or "
                    + "average it, or take a norm)");
        }
    }

    /** One derivation per activation setting: every layer's weights and biases, the input, the target, the sides. */
    @Override
    public Derivation derivation(Activation act, List<Side> sides) {
        Derivation.Builder b = Derivation.builder(act.name());
        for (int l = 1; l <= depth(); l++) {
            int[] w = shape("weight", l);
            b.tensor(name("weight", l), Draw.uniform(-1.5, 1.5), w[0], w[1]);
            if (bias) {
                b.tensor(name("bias", l), Draw.uniform(-1, 1), sizes[l]);
            }
        }
        b.tensor(inputName(), Draw.uniform(-2, 2), batch == 0 ? new int[] {sizes[0]} : new int[] {batch, sizes[0]});
        b.tensor(target, targetDraw, batch == 0 ? new int[] {sizes[depth()]} : new int[] {batch, sizes[depth()]});
        LayerNotation n = this;
        b.model(new Derivation.GenericModel() {
            @Override
            public <T extends Differentiable<T>> T loss(Derivation.Generic<T> c) {
                LayerScope<T> s = new LayerScope<>(n, act, c::element, c.element(target, 0).constantLike(0),
                        c::probe, Map.of());
                T loss = s.loss().scalar();
                c.record("loss", loss);
                return loss;
            }
        });
        b.require("the loss is finite", v -> Double.isFinite(v.get("loss")));
        if (batch > 0 && roles.containsValue("batch")) {
            b.constant(symbolOf("batch", "N"), batch); // so that a hint can say "a factor N"
        }
        if (act.name().equals("relu")) {
            List<String> pre = new ArrayList<>();
            for (int l = 1; l <= depth(); l++) {
                if (activationOf(l, act).name().equals("relu")) {
                    pre.add(name("preactivation", l));
                }
            }
            b.awayFromZero(0.05, pre.toArray(String[]::new));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Side sp : sides) {
            if (!seen.add(sp.label())) {
                continue;
            }
            Derivation.Formula f = v -> tensor(TexMatrix.eval(sp.side(), LayerScope.at(this, act, v,
                    sp.definitions()), new HashMap<>(sp.indices())));
            if (sp.reference() != null) {
                b.tensorClaim(sp.label(), v -> tensor(TexMatrix.eval(sp.reference(), LayerScope.at(this, act, v,
                        sp.definitions()), new HashMap<>(sp.indices()))), f);
            } else if (sp.target().isElement()) {
                Derivation.ScalarFormula one = v -> TexMatrix.eval(sp.side(), LayerScope.at(this, act, v,
                        sp.definitions()), new HashMap<>(sp.indices())).scalar().value();
                if (Double.isNaN(sp.rate())) {
                    b.formula(sp.label(), sp.target().name(), sp.target().element(), one);
                } else {
                    b.update(sp.label(), sp.target().name(), sp.target().element(), sp.rate(), one);
                }
            } else if (Double.isNaN(sp.rate())) {
                b.tensorFormula(sp.label(), sp.target().name(), f);
            } else {
                b.tensorUpdate(sp.label(), sp.target().name(), sp.rate(), f);
            }
        }
        return b.build();
    }

    /** A matrix of dual numbers as a Tensor of its values (a vector stays rows x cols; the checker squeezes). */
    private static Tensor tensor(M<dev.chainrule.core.Dual> m) {
        double[] v = new double[m.e().size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = m.e().get(k).value();
        }
        return Tensor.of(v, m.rows(), m.cols());
    }

    /** The letter of {@code sample index}: one letter, meaningful only with a batch. */
    private String sampleLetter(String letter, String file) {
        if (!letter.matches("[a-zA-Z]")) {
            throw new NotationException(file + ": sample index names the letter of a sum over the samples, as in "
                    + "'sample index: n' for \\sum_{n=1}^{N}; got '" + letter + "'");
        }
        if (batch == 0) {
            throw new NotationException(file + ": sample index '" + letter + "' needs a batch (batch: 4); without "
                    + "one there is a single sample");
        }
        return letter;
    }

}
