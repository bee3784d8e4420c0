package dev.chainrule.nn.text;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexMatrix;
import dev.chainrule.check.tex.TexMatrix.M;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.check.tex.TexTree;
import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Dual;
import dev.chainrule.core.Scalar;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.text.NeuronScope.UnboundSymbol;
import dev.chainrule.nn.text.Notation.Definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The meaning of a layered page's symbols at one instance: the forward pass layer by layer in the notation's
 * convention, on any front end (recording Scalars for the loss that autograd differentiates, dual numbers for the
 * formulas), and each symbol read from it as a matrix ({@link TexMatrix}). A derivative in a formula is taken in
 * forward mode, one element of its variable at a time, so that {@code \frac{\partial L}{\partial z^2}} inside a
 * side is exact.
 */
final class LayerScope<T extends Differentiable<T>> implements TexMatrix.Scope<T> {
    /** Element k (row-major, as stored) of a quantity. */
    interface Quantities<T> {
        T element(String name, int k);
    }

    /** A hook on element k of an intermediate quantity of the given shape (a probe, or a forward-mode seed). */
    interface Probes<T> {
        T probe(String name, int[] dims, int k, T node);
    }

    /** The roles of quantities a batch holds one of per sample. */
    static final java.util.Set<String> PER_SAMPLE = java.util.Set.of("preactivation", "activity", "input", "output",
            "target");

    final LayerNotation n;
    final Activation act;
    final Quantities<T> quantity;
    final T zero;
    final Map<String, Definition> definitions;
    /** How this scope read a construct where the page is loose ({@link LayerNotation#readingNote}). */
    private final Map<String, String> notes = new java.util.LinkedHashMap<>();
    private final List<M<T>> pre = new ArrayList<>();
    private final List<M<T>> out = new ArrayList<>();
    private M<T> loss;
    /** Definitions being expanded now: a recursive one (Delta^l from Delta^{l-1}) must reach its base case. */
    private final Notation.Expansions expansions = new Notation.Expansions();

    LayerScope(LayerNotation n, Activation act, Quantities<T> quantity, T zero, Probes<T> probes,
               Map<String, Definition> definitions) {
        this.n = n;
        this.act = act;
        this.quantity = quantity;
        this.zero = zero;
        this.definitions = definitions;
        pre.add(null);
        out.add(sample(n.inputName(), 0));
        for (int l = 1; l <= n.depth(); l++) {
            M<T> w = stored(n.name("weight", l), n.shape("weight", l));
            // column: W a (out x in) or W^T a; row: a W (in x out) or a W^T
            M<T> wUsed = n.column == n.outByIn ? w : w.transpose();
            M<T> z = n.column ? TexMatrix.eval(PRODUCT, twoScope(wUsed, out.get(l - 1)), Map.of())
                    : TexMatrix.eval(PRODUCT, twoScope(out.get(l - 1), wUsed), Map.of());
            if (n.bias) {
                M<T> b = stored(n.name("bias", l), n.shape("bias", l));
                z = add(z, b);
            }
            z = hook(n.name("preactivation", l), z, probes);
            pre.add(z);
            out.add(hook(n.name("activity", l), activate(n.activationOf(l, act), z), probes));
        }
    }

    /** {@code A B}, evaluated by TexMatrix's one product rule. */
    private static final Tex PRODUCT = new Tex.Bin('*', new Sym("A", 0, null, null, 0), new Sym("B", 0, null, null,
            0), true, 0);

    /** {@code A \odot B}, evaluated by TexMatrix's one elementwise rule. */
    private static final Tex HADAMARD = new Tex.Bin('⊙', new Sym("A", 0, null, null, 0), new Sym("B", 0, null, null,
            0), false, 0);

    private TexMatrix.Scope<T> twoScope(M<T> a, M<T> b) {
        return new TexMatrix.Scope<>() {
            @Override
            public T constant(double value) {
                return zero.constantLike(value);
            }

            @Override
            public M<T> symbol(Sym s, Map<String, Integer> indices) {
                return s.name().equals("A") ? a : b;
            }
        };
    }

    private M<T> add(M<T> z, M<T> b) {
        List<T> e = new ArrayList<>();
        for (int i = 0; i < z.rows(); i++) {
            for (int j = 0; j < z.cols(); j++) {
                e.add(z.get(i, j).add(b.get(b.rows() == 1 ? 0 : i, b.cols() == 1 ? 0 : j)));
            }
        }
        return new M<>(z.rows(), z.cols(), e);
    }

    /** A dual-number scope at one instance of the checker, every tangent 0, derivatives seeded as they are met. */
    static LayerScope<Dual> at(LayerNotation n, Activation act, Derivation.Values v, Map<String, Definition> defs) {
        Map<String, double[]> cache = new HashMap<>();
        return new LayerScope<>(n, act, (name, k) -> Dual.of(cache.computeIfAbsent(name, x -> v.tensor(x)
                .toArray())[k], 0), Dual.of(0, 0), (name, dims, k, node) -> node, defs);
    }

    /**
     * A scope at a made-up instance, to find unbound symbols, shapes and shorthands before any check: every quantity
     * between 0.3 and 0.7, its elements unlike (a derivative's pattern must not hold by equal values).
     */
    static LayerScope<Dual> probe(LayerNotation n, Map<String, Definition> defs) {
        return new LayerScope<>(n, n.settings.get(0), (name, k) -> Dual.of(0.3 + 0.4 * Math.floorMod(name.hashCode()
                + 7 * k, 11) / 11.0, 0), Dual.of(0, 0), (name, dims, k, node) -> node, defs);
    }

    /** A stored quantity (a weight matrix, a bias) in the shape the page shows it. */
    private M<T> stored(String name, int[] shape) {
        List<T> e = new ArrayList<>();
        for (int k = 0; k < shape[0] * shape[1]; k++) {
            e.add(quantity.element(name, k));
        }
        return new M<>(shape[0], shape[1], e);
    }

    /** The input or target, stored sample by sample ([N, n]), shown as the convention has it. */
    private M<T> sample(String name, int layer) {
        int[] shape = n.shape("activity", layer);
        int[] seeds = sampleSeeds(layer);
        List<T> e = new ArrayList<>();
        for (int s : seeds) {
            e.add(quantity.element(name, s));
        }
        return new M<>(shape[0], shape[1], e);
    }

    /** For each element of the input's (or target's) shown shape, its stored index. */
    int[] sampleSeeds(int layer) {
        int[] shape = n.shape("activity", layer);
        int[] seeds = new int[shape[0] * shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
                // column convention: unit i of sample j, stored at [j, i]
                seeds[i * shape[1] + j] = n.column ? j * n.sizes[layer] + i : i * shape[1] + j;
            }
        }
        return seeds;
    }

    private M<T> hook(String name, M<T> m, Probes<T> probes) {
        int[] dims = {m.rows(), m.cols()};
        List<T> e = new ArrayList<>();
        for (int k = 0; k < m.e().size(); k++) {
            e.add(probes.probe(name, dims, k, m.e().get(k)));
        }
        return new M<>(m.rows(), m.cols(), e);
    }

    /** A layer's activation: element by element, or a softmax over each sample (a column, or a row). */
    private M<T> activate(Activation a, M<T> z) {
        if (a.isPointwise()) {
            return z.map(a::apply);
        }
        if (!a.name().equals("softmax")) {
            throw new IllegalArgumentException("the activation " + a.name() + " is not read in matrix notation");
        }
        return softmax(z);
    }

    private M<T> softmax(M<T> z) {
        M<T> t = n.column ? z.transpose() : z; // one sample per row
        List<T> e = new ArrayList<>();
        for (int i = 0; i < t.rows(); i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < t.cols(); j++) {
                max = Math.max(max, value(t.get(i, j)));
            }
            List<T> ex = new ArrayList<>();
            T sum = null;
            for (int j = 0; j < t.cols(); j++) {
                T x = t.get(i, j).sub(max).exp();
                ex.add(x);
                sum = sum == null ? x : sum.add(x);
            }
            for (T x : ex) {
                e.add(x.div(sum));
            }
        }
        M<T> s = new M<>(t.rows(), t.cols(), e);
        return n.column ? s.transpose() : s;
    }

    /** The loss as the notation writes it. */
    M<T> loss() {
        if (loss == null) {
            loss = TexMatrix.eval(n.loss, this, new HashMap<>());
        }
        return loss;
    }

    @Override
    public T constant(double value) {
        return zero.constantLike(value);
    }

    @Override
    public M<T> symbol(Sym written, Map<String, Integer> indices) {
        Sym s = tupleAsIndex(written);
        String role = n.roles.get(s.name());
        if (role == null) {
            return unlisted(s, indices);
        }
        M<T> value = switch (role) {
            case "weight" -> element(s, layered(s, role, indices), true, indices); // W_{ij}, even for one row
            case "bias", "preactivation", "activity" -> element(s, layered(s, role, indices), false, indices);
            case "input" -> power(s, element(withoutSup(s), out.get(0), false, indices), indices);
            case "output" -> power(s, element(withoutSup(s), out.get(n.depth()), false, indices), indices);
            case "target" -> power(s, element(withoutSup(s), sample(n.target, n.depth()), false, indices), indices);
            case "loss" -> loss();
            case "size" -> M.of(constant(size(s, indices)));
            case "batch" -> M.of(constant(Math.max(n.batch, 1)));
            case "depth" -> M.of(constant(n.depth()));
            default -> throw new UnboundSymbol(s, "the role '" + role + "' of " + s.name() + " is not one of "
                    + LayerNotation.ROLES);
        };
        return PER_SAMPLE.contains(role) ? LayerSamples.atSample(n, s, value, indices) : value;
    }


    /**
     * A symbol whose superscript is an index pair ({@code x^{(1,1)}}, {@code h_1^{(1,j)}}), which names neither a
     * power nor a layer: read with the pair as its element index, and the layer (if any) as its superscript
     * ({@code x_{(1,1)}}, {@code h^1_{(1,j)}}), as {@link SideText#readingNote} says beside the line.
     */
    static Sym tupleAsIndex(Sym s) {
        if (!(s.sup() instanceof Tex.Indices ix) || !ix.separated() || ix.items().size() < 2
                || s.sub() instanceof Tex.Indices || s.sub() instanceof Tex.Bin) {
            return s;
        }
        return new Sym(s.name(), s.primes(), ix, s.sub(), s.at());
    }

    /** The size of the layer a size symbol names ({@code n_l}, {@code n_{L-1}}). */
    private int size(Sym s, Map<String, Integer> indices) {
        int l = layerIndex(s, s.sub() != null ? s.sub() : s.sup(), indices);
        if (l < 0 || l > n.depth()) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + ": there is no layer " + l + " (layers 0.." + n.depth()
                    + ")", true);
        }
        return n.sizes[l];
    }

    /** A symbol without a role: Euler's e, a constant, or the page's own definition. */
    private M<T> unlisted(Sym s, Map<String, Integer> indices) {
        if (s.name().equals("e") && s.sub() == null && !definitions.containsKey(Definition.exactKey(s))) {
            // e^{z}: the exponential, element by element of its exponent
            return s.sup() == null ? M.of(constant(Math.E)) : TexMatrix.eval(s.sup(), this, indices).map(T::exp);
        }
        if (n.constants.containsKey(s.name()) && s.sub() == null) {
            return power(s, M.of(constant(n.constants.get(s.name()))), indices);
        }
        Definition exact = definitions.get(Definition.exactKey(s));
        if (exact == null && s.sup() != null && !(s.sup() instanceof Tex.Num)) {
            exact = definitions.get(s.name() + "'".repeat(s.primes()) + "^{" + evaluatedLayer(s, indices) + "}");
        }
        Definition general = exact == null ? definitions.get(Definition.generalKey(s)) : null;
        if (exact != null || general != null) {
            Definition d = exact != null ? exact : general;
            List<Integer> values = new ArrayList<>();
            if (general != null) {
                values.add(layerIndex(s, s.sup(), indices));
            }
            boolean picks = d.letters().size() == values.size() && s.sub() != null; // delta^2_k of a vector delta^2
            if (!picks) {
                values.addAll(indexValues(s, d.letters().size() - values.size(), indices));
            }
            Map<String, Integer> inner = new HashMap<>(indices);
            for (int k = 0; k < values.size(); k++) {
                inner.put(d.letters().get(k), values.get(k));
            }
            M<T> body = expansions.expand(s, () -> TexMatrix.eval(d.body(), this, inner));
            return picks ? element(s, body, body.rows() > 1 && body.cols() > 1, indices) : body;
        }
        throw new UnboundSymbol(s, "the symbol " + TexPrinter.print(s) + " is not in the notation; known: "
                + n.roles.keySet() + (n.constants.isEmpty() ? "" : ", the constants " + n.constants.keySet())
                + (definitions.isEmpty() ? "" : ", the page's definitions " + definitions.keySet())
                + " and the function " + n.activation);
    }

    /** The layer a superscript names at these indices ({@code \\Delta^{\\ell - 1}} at l = 2: 1), or "?" if none. */
    private String evaluatedLayer(Sym s, Map<String, Integer> indices) {
        try {
            return String.valueOf(layerIndex(s, s.sup(), indices)); // Delta^{l-1} at l = 2 is the base case Delta^1
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    private static Sym withoutSup(Sym s) {
        return new Sym(s.name(), s.primes(), s.sub(), null, s.at());
    }

    /** A superscript on a symbol without layers is a power ({@code \\hat{y}^2}), element by element. */
    private M<T> power(Sym s, M<T> m, Map<String, Integer> indices) {
        if (s.sup() == null) {
            return m;
        }
        if (s.sup() instanceof Tex.Indices) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + ": a superscript on " + s.name() + " is read as a power, "
                    + "and " + TexPrinter.print(s.sup()) + " is not a number");
        }
        if (s.sup() instanceof Tex.Num p) {
            return m.map(x -> x.pow(p.value())); // a constant power: x^2 of a negative x is defined
        }
        M<T> exponent = TexMatrix.eval(s.sup(), this, indices);
        if (!exponent.isScalar()) {
            throw new IllegalArgumentException("the exponent of " + TexPrinter.print(s) + " is a " + exponent.shape()
                    + " matrix");
        }
        return m.map(x -> x.pow(exponent.scalar()));
    }

    /** Layer l's matrix of a role; the activity of layer 0 is the input. */
    M<T> layered(Sym s, String role, Map<String, Integer> indices) {
        int l = layerOf(s, indices);
        int first = role.equals("activity") ? 0 : 1;
        if (l < first || l > n.depth()) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + ": there is no layer " + l + " (layers " + first + ".."
                    + n.depth() + ")", true);
        }
        return switch (role) {
            case "weight" -> stored(n.name("weight", l), n.shape("weight", l));
            case "bias" -> stored(n.name("bias", l), n.shape("bias", l));
            case "preactivation" -> pre.get(l);
            default -> out.get(l);
        };
    }

    /** The layer of a layered symbol: its superscript, or layer 1 of a network of one layer ({@code W}, {@code z}). */
    int layerOf(Sym s, Map<String, Integer> indices) {
        return layerAsWritten(s, indices) + n.layerOffsets.getOrDefault(s.name(), 0);
    }

    private int layerAsWritten(Sym s, Map<String, Integer> indices) {
        if (s.sup() == null) {
            if (n.depth() == 1) {
                return 1;
            }
            if (layerInSubscript(s)) {
                return layerIndex(s, s.sub(), indices); // W_2, h_1: the only index names the layer
            }
            throw new UnboundSymbol(s, TexPrinter.print(s) + " needs its layer as a superscript ("
                    + s.name() + "^1 .. " + s.name() + "^" + n.depth() + ")");
        }
        return layerIndex(s, s.sup(), indices);
    }

    /**
     * Whether a layered symbol names its layer by its subscript: no superscript, one index, in a network of several
     * layers ({@code W_2}, {@code h_1} for W^2, h^1); its element cannot then be named.
     */
    boolean layerInSubscript(Sym s) {
        if (s.sup() != null || s.sub() == null || n.depth() == 1) {
            return false;
        }
        List<Tex> items = new ArrayList<>();
        TexTree.flattenIndices(s.sub(), items);
        return items.size() == 1 && !(items.get(0) instanceof Tex.Num num && num.text().length() == 2);
    }

    /** The number a layer superscript (or a size's subscript) names: 2, l, l - 1, L, (2), [l]. */
    private int layerIndex(Sym s, Tex t, Map<String, Integer> indices) {
        if (t == null) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + " needs a layer");
        }
        if (t instanceof Tex.Indices ix) {
            if (ix.items().size() != 1) {
                throw new UnboundSymbol(s, "the layer of " + TexPrinter.print(s) + " is written "
                        + TexPrinter.print(t) + ", which names no one layer");
            }
            return layerIndex(s, ix.items().get(0), indices);
        }
        if (t instanceof Sym l && l.sub() == null && l.sup() == null && !indices.containsKey(l.name())
                && !n.roles.containsKey(l.name())) {
            throw new UnboundSymbol(s, "the layer " + l.name() + " of " + TexPrinter.print(s) + " is not bound");
        }
        return (int) Math.round(value(TexMatrix.eval(t, this, indices).scalar()));
    }

    /**
     * The element a subscript picks out of a matrix ({@code W^2_{ij}}: row i, column j, whatever the matrix's
     * shape) or a vector ({@code z^1_j}).
     */
    M<T> element(Sym s, M<T> m, boolean matrix, Map<String, Integer> indices) {
        if (s.sub() == null || layerInSubscript(s) && "weight bias preactivation activity".contains(
                n.roles.getOrDefault(s.name(), "-"))) {
            return m;
        }
        List<Tex> written = new ArrayList<>();
        TexTree.flattenIndices(s.sub(), written);
        String role = n.roles.getOrDefault(s.name(), "");
        // a batch of several units: one index names a unit across the batch (with one unit, it names the sample)
        boolean perSample = n.batch > 0 && !matrix && PER_SAMPLE.contains(role)
                && m.rows() > 1 && m.cols() > 1;
        if (perSample && written.size() == 1 && !(written.get(0) instanceof Tex.Num num && num.text().length() == 2)
                && !(written.get(0) instanceof Sym two && two.name().length() == 2)) {
            return LayerSamples.unitOfBatch(n, s, m, indexValues(s, 1, indices).get(0));
        }
        // a vector takes one index, or two as (row, column); a weight matrix always two, even of one row
        boolean vector = !matrix && (m.rows() == 1 || m.cols() == 1) && written.size() == 1;
        List<Integer> ix = indexValues(s, vector ? 1 : 2, indices);
        int i;
        int j;
        if (vector) {
            int k = ix.get(0) - n.base;
            int size = m.e().size();
            if (k < 0 || k >= size) {
                throw new UnboundSymbol(s, TexPrinter.print(s) + ": index " + ix.get(0) + " is outside " + n.base
                        + ".." + (n.base + size - 1), true);
            }
            return M.of(m.e().get(k));
        }
        i = ix.get(0) - n.base;
        j = ix.get(1) - n.base;
        if (i < 0 || i >= m.rows() || j < 0 || j >= m.cols()) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + ": (" + ix.get(0) + ", " + ix.get(1) + ") is outside the "
                    + m.shape() + " matrix (indices from " + n.base + ")", true);
        }
        return M.of(m.get(i, j));
    }


    /** The values of a subscript's indices: bound letters, numbers, sums ({@code 12} is 1, 2 where two are needed). */
    private List<Integer> indexValues(Sym s, int needed, Map<String, Integer> indices) {
        List<Tex> items = new ArrayList<>();
        if (s.sub() != null) {
            TexTree.flattenIndices(s.sub(), items);
        }
        if (needed == 2 && items.size() == 1 && items.get(0) instanceof Tex.Num num && num.text().length() == 2
                && !num.text().contains(".")) {
            return List.of(num.text().charAt(0) - '0', num.text().charAt(1) - '0');
        }
        if (needed == 2 && items.size() == 1 && items.get(0) instanceof Sym two && two.name().length() == 2
                && two.sub() == null) {
            items = List.of(new Sym(two.name().substring(0, 1), 0, null, null, two.at()),
                    new Sym(two.name().substring(1), 0, null, null, two.at()));
        }
        if (items.size() != needed) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + " has " + items.size() + " indices; it needs " + needed);
        }
        List<Integer> out = new ArrayList<>();
        for (Tex t : items) {
            if (t instanceof Sym l && l.sub() == null && l.sup() == null && !indices.containsKey(l.name())
                    && !n.roles.containsKey(l.name())) {
                throw new UnboundSymbol(s, "the index " + l.name() + " of " + TexPrinter.print(s) + " is not bound");
            }
            out.add((int) Math.round(value(TexMatrix.eval(t, this, indices).scalar())));
        }
        return out;
    }

    /** The loss written as a function ({@code l(\\theta)}, {@code L(\\hat{y}, y)}): its arguments only name it. */
    @Override
    public boolean ignoresArguments(Sym fn) {
        return "loss".equals(n.roles.get(fn.name())) && fn.sub() == null && fn.primes() == 0;
    }

    @Override
    public M<T> apply(Sym fn, List<M<T>> args, Map<String, Integer> indices) {
        String name = fn.name();
        if (name.equals("softmax") || name.equals("\\operatorname{softmax}")) {
            return softmax(args.get(0));
        }
        if ("loss".equals(n.roles.get(name)) && fn.sub() == null && fn.primes() == 0) {
            return loss(); // L(\hat{y}, y): the loss, its arguments named as the page names them
        }
        if (!n.activationNames.contains(name) || args.size() != 1) {
            return null;
        }
        M<T> x = args.get(0);
        int layer = layerOfPre(x); // sigma(z^l), sigma'(z^l_j): the argument is (part of) layer l's preactivation
        Activation a = layer > 0 ? n.activationOf(layer, act) : act;
        if (fn.primes() == 0) {
            return layer > 0 && x == pre.get(layer) ? out.get(layer) : activate(a, x);
        }
        if (fn.primes() == 1) {
            if (!a.isPointwise()) {
                throw new IllegalArgumentException(TexPrinter.print(fn) + " of layer " + layer + " (a " + a.name()
                        + ") is a Jacobian, not an elementwise derivative; it is not read");
            }
            return x.map(v -> {
                if (!(v instanceof Dual d) || d.tangent() != 0) {
                    throw new IllegalArgumentException("a derivative through " + name + "' (a second derivative) "
                            + "is not read");
                }
                return constant(a.derivative(d.value()));
            });
        }
        throw new IllegalArgumentException(TexPrinter.print(fn) + " is not read");
    }

    /** The layer whose preactivation holds every element of {@code x} (the same numbers, not equal ones), or -1. */
    private int layerOfPre(M<T> x) {
        for (int l = 1; l < pre.size(); l++) {
            boolean all = true;
            for (T v : x.e()) {
                boolean found = false;
                for (T p : pre.get(l).e()) {
                    found |= p == v;
                }
                all &= found;
            }
            if (all) {
                return l;
            }
        }
        return -1;
    }

    /** A sum without limits runs over every element index; a term naming an element that is not there is 0. */
    @Override
    public List<Integer> range(String index, Tex set, Map<String, Integer> indices) {
        return set != null ? TexMatrix.Scope.super.range(index, set, indices) : n.elementRange();
    }

    @Override
    public boolean absentTerm(RuntimeException e) {
        return e instanceof UnboundSymbol u && u.absent;
    }

    @Override
    public int firstIndex() {
        return n.base;
    }

    @Override
    public M<T> ambiguousProduct(M<T> a, M<T> b, Tex.Bin at) {
        return switch (n.vectorProduct) {
            case "inner" -> a.rows() == 1 || a.cols() == 1 ? TexMatrix.inner(a, b)
                    : TexMatrix.Scope.super.ambiguousProduct(a, b, at);
            case "elementwise" -> TexMatrix.eval(HADAMARD, twoScope(a, b), Map.of());
            default -> TexMatrix.Scope.super.ambiguousProduct(a, b, at);
        };
    }

    /** With column vectors, {@code \\delta x} of two columns of different lengths is the outer product, said. */
    @Override
    public M<T> outerProduct(M<T> a, M<T> b, Tex.Bin at) {
        if (!n.column) {
            return null;
        }
        notes.put(TexPrinter.print(at), "'" + TexPrinter.print(at) + "' read as the outer product a b^T: a column "
                + "times a column of another length has no matrix product");
        List<T> e = new ArrayList<>(a.rows() * b.rows());
        for (T x : a.e()) {
            b.e().forEach(y -> e.add(x.mul(y)));
        }
        return new M<>(a.rows(), b.rows(), e);
    }

    @Override
    public M<T> derivative(Deriv d, Map<String, Integer> indices) {
        return LayerDerivatives.of(this, d, indices);
    }

    @Override
    public M<T> chain(List<Deriv> factors, Map<String, Integer> indices) {
        factors.forEach(f -> notes.remove(TexPrinter.print(f))); // read as Jacobians here, not in a shorthand
        return LayerDerivatives.chain(this, factors, indices);
    }

    /** Notes how a derivative was read where the page is loose (the shorthand d(W a)/dW = a). */
    void note(Deriv d, String note) {
        notes.put(TexPrinter.print(d), note);
    }

    /** The notes taken while evaluating, joined, or null. */
    String notes() {
        return notes.isEmpty() ? null : String.join("; ", notes.values());
    }

    /** The number of a constant (an index, a layer). */
    static double value(Differentiable<?> v) {
        return v instanceof Dual d ? d.value() : ((Scalar) v).value(); // the scopes hold Duals or Scalars only
    }
}
