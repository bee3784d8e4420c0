package dev.chainrule.nn.text;

import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Apply;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Indices;
import dev.chainrule.check.tex.Tex.Num;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexEval;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Dual;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.text.Notation.Definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The meaning of a page's symbols at one instance of a neuron network: the forward pass over the notation's
 * units on any front end (recording Scalars for the loss that autograd differentiates, dual numbers for the
 * formulas), and each symbol read from it. A derivative in a formula is taken in forward mode: the operand is
 * evaluated again with the variable's tangent set to 1, so that ∂n_j/∂w_{ji} and ∂L/∂n_k are exact, whatever
 * the operand (a symbol of the network, or an expression the page writes).
 */
final class NeuronScope<T extends Differentiable<T>> implements TexEval.Scope<T> {
    private final NeuronNotation n;
    private final Activation act;
    private final Function<String, T> quantity;
    private final T zero;
    private final Notation.Expansions expansions = new Notation.Expansions();
    private final BiFunction<String, T, T> atPre;
    private final BiFunction<String, T, T> atActivity;
    private final Map<String, Definition> definitions;
    private final Map<String, T> pre = new HashMap<>();
    private final Map<String, T> activity = new HashMap<>();
    private T loss;

    /**
     * A scope over the notation's quantities (named as the page names them: {@link NeuronNotation#weightName}), with
     * hooks applied to each preactivation and activity as the forward pass computes it (probes, or a seed).
     */
    NeuronScope(NeuronNotation n, Activation act, Function<String, T> quantity, T zero,
                BiFunction<String, T, T> atPre, BiFunction<String, T, T> atActivity) {
        this(n, act, quantity, zero, atPre, atActivity, Map.of());
    }

    /** A scope that also knows the symbols the page defined before the formula ("Let delta_j = ..."). */
    NeuronScope(NeuronNotation n, Activation act, Function<String, T> quantity, T zero,
                BiFunction<String, T, T> atPre, BiFunction<String, T, T> atActivity,
                Map<String, Definition> definitions) {
        this.definitions = definitions;
        this.n = n;
        this.act = act;
        this.quantity = quantity;
        this.zero = zero;
        this.atPre = atPre;
        this.atActivity = atActivity;
        for (String j : n.units) {
            T z = zero;
            for (String i : n.incoming(j)) {
                z = z.add(quantity.apply(n.weightName(i, j)).mul(out(i)));
            }
            if (n.bias) {
                z = z.add(quantity.apply(n.biasName(j)));
            }
            z = atPre.apply(j, z);
            pre.put(j, z);
            activity.put(j, atActivity.apply(j, activationOf(j).apply(z)));
        }
    }

    /** The key of a defined symbol: its name and superscript as written. */
    static String key(Sym s) {
        return s.name() + "'".repeat(s.primes()) + (s.sup() == null ? "" : "^{" + TexPrinter.print(s.sup()) + "}");
    }

    /**
     * A scope on dual numbers at one instance of the checker ({@code value} gives each quantity's number), for
     * evaluating a side of the page: every tangent 0, derivatives seeded as they are met.
     */
    static NeuronScope<Dual> at(NeuronNotation n, Activation act, java.util.function.ToDoubleFunction<String> value,
                                Map<String, Definition> definitions) {
        return new NeuronScope<>(n, act, q -> Dual.of(value.applyAsDouble(q), 0), Dual.of(0, 0), (j, z) -> z,
                (j, x) -> x, definitions);
    }

    /** A scope at a made-up instance (every quantity 0.3), to find unbound symbols and edges before any check. */
    static NeuronScope<Dual> probe(NeuronNotation n, Map<String, Definition> definitions) {
        return at(n, n.settings.get(0), q -> 0.3, definitions);
    }

    /** Unit j's activation: the notation's fixed one for j (an output's rho), else the setting's. */
    private Activation activationOf(String j) {
        return n.fixed.getOrDefault(j, act);
    }


    /** What unit {@code i} sends: an input's value or a unit's activity. */
    private T out(String i) {
        return n.inputs.contains(i) ? quantity.apply(n.inputName(i)) : activity.get(i);
    }

    T preactivation(String j) {
        return pre.get(j);
    }

    T activity(String j) {
        return activity.get(j);
    }

    T loss() {
        if (loss == null) {
            loss = TexEval.eval(n.loss, this, new HashMap<>());
        }
        return loss;
    }

    @Override
    public T constant(double value) {
        return zero.constantLike(value);
    }

    @Override
    public T symbol(Sym s, Map<String, Integer> indices) {
        NeuronNotation.Role role = n.roles.get(s.name());
        if (role == null && s.name().equals("e") && s.sub() == null && !definitions.containsKey(key(s))) {
            T c = constant(Math.E); // e^{-u}: Euler's number, when the notation gives e no other meaning
            return s.sup() == null ? c : TexEval.power(c, s.sup(), this, indices);
        }
        if (role == null && n.constants.containsKey(s.name()) && s.sub() == null) {
            T c = constant(n.constants.get(s.name()));
            return s.sup() == null ? c : TexEval.power(c, s.sup(), this, indices);
        }
        Definition def = role == null ? definitions.get(key(s)) : null;
        if (def != null) {
            List<String> values = indexValues(s, indices);
            if (values.size() != def.letters().size()) {
                throw new UnboundSymbol(s, TexPrinter.print(s) + " has " + values.size() + " indices; its definition "
                        + "has " + def.letters().size());
            }
            Map<String, Integer> inner = new HashMap<>(indices);
            for (int k = 0; k < values.size(); k++) {
                inner.put(def.letters().get(k), Integer.parseInt(values.get(k)));
            }
            return expansions.expand(s, () -> TexEval.eval(def.body(), this, inner));
        }
        if (role == null) {
            throw new UnboundSymbol(s, "the symbol " + TexPrinter.print(s) + " is not in the notation; known: "
                    + n.roles.keySet() + (n.constants.isEmpty() ? "" : ", the constants " + n.constants.keySet())
                    + (definitions.isEmpty() ? "" : ", the page's definitions " + definitions.keySet())
                    + " and the function " + n.activation);
        }
        T v = switch (role.kind()) {
            case "preactivation" -> pre.get(unit(s, indices, true));
            case "activity" -> {
                String j = unit(s, indices, false); // an input unit's activity is its value
                yield n.inputs.contains(j) ? out(j) : activity.get(j);
            }
            case "input" -> {
                String[] e = edge(s, role, indices);
                yield out(e[0]);
            }
            case "weight" -> {
                String[] e = edge(s, role, indices);
                yield quantity.apply(n.weightName(e[0], e[1]));
            }
            case "bias" -> quantity.apply(n.biasName(unit(s, indices, true)));
            case "target" -> quantity.apply(n.target);
            case "loss" -> loss();
            default -> throw new UnboundSymbol(s, "the role '" + role.kind() + "' of " + s.name() + " is not one of "
                    + "preactivation, activity, input, weight, bias, target, loss");
        };
        return s.sup() == null ? v : TexEval.power(v, s.sup(), this, indices);
    }

    @Override
    public T apply(Sym fn, List<T> args, Map<String, Integer> indices) {
        String name = fn.name();
        NeuronNotation.Role role = n.roles.get(name);
        if (role != null && role.kind().equals("loss") && fn.sub() == null && fn.primes() == 0) {
            return loss(); // L(x_6, t): the loss, its arguments named as the page names them
        }
        if (!name.equals(n.activation) || args.size() != 1) {
            return null;
        }
        T x = args.get(0);
        String unit = null;
        for (String j : n.units) {
            if (pre.get(j) == x) {
                unit = j; // h(n_j): the argument is unit j's preactivation itself
            }
        }
        Activation a = unit == null ? act : activationOf(unit);
        if (fn.primes() == 0) {
            return unit != null ? activity.get(unit) : a.apply(x); // unit j's activity, hooks (probes, seeds) included
        }
        if (fn.primes() == 1 && x instanceof Dual d) {
            if (d.tangent() != 0) {
                throw new IllegalArgumentException("a derivative through " + name + "' (a second derivative) is "
                        + "not read");
            }
            return constant(a.derivative(d.value()));
        }
        throw new IllegalArgumentException(TexPrinter.print(fn) + " is not read");
    }

    @Override
    public List<Integer> set(Tex set, Map<String, Integer> indices) {
        if (set instanceof Apply a && n.sets.containsKey(a.fn().name()) && a.args().size() == 1) {
            String j = unitOf(a.args().get(0), indices);
            if (!n.sets.get(a.fn().name()).equals("downstream")) {
                throw new IllegalArgumentException("the set " + a.fn().name() + " means '" + n.sets.get(a.fn().name())
                        + "'; known meanings: downstream");
            }
            return n.downstream(j).stream().map(Integer::parseInt).toList();
        }
        return TexEval.Scope.super.set(set, indices);
    }

    /** A sum over k without limits runs over every unit; a term naming an edge or unit that is not there is 0. */
    @Override
    public List<Integer> all(String index, Map<String, Integer> indices) {
        List<Integer> out = new ArrayList<>();
        n.inputs.forEach(u -> out.add(Integer.parseInt(u)));
        n.units.forEach(u -> out.add(Integer.parseInt(u)));
        return out;
    }

    @Override
    public boolean absentTerm(RuntimeException e) {
        return e instanceof UnboundSymbol u && u.absent;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T derivative(Deriv d, Map<String, Integer> indices) {
        if (d.of() == null) {
            throw new IllegalArgumentException("the derivative " + TexPrinter.print(d) + " has no operand");
        }
        if (!(zero instanceof Dual)) {
            throw new IllegalArgumentException("a derivative inside the loss is not read");
        }
        String[] seed = seedOf(d.wrt(), indices);
        Function<String, Dual> q = name -> {
            Dual base = (Dual) quantity.apply(name);
            return Dual.of(base.value(), seed[0].equals("quantity") && seed[1].equals(name) ? 1 : 0);
        };
        BiFunction<String, Dual, Dual> preHook = (j, z) -> seed[0].equals("pre") && seed[1].equals(j)
                ? Dual.of(z.value(), 1) : z;
        BiFunction<String, Dual, Dual> actHook = (j, a) -> seed[0].equals("activity") && seed[1].equals(j)
                ? Dual.of(a.value(), 1) : a;
        NeuronScope<Dual> seeded = new NeuronScope<>(n, act, q, Dual.of(0, 0), preHook, actHook, definitions);
        Dual v = TexEval.eval(d.of(), seeded, new HashMap<>(indices));
        return (T) Dual.of(v.tangent(), 0);
    }

    /** What a derivative's variable is: {"quantity", name}, {"pre", j} or {"activity", j}. */
    String[] seedOf(Tex wrt, Map<String, Integer> indices) {
        if (wrt instanceof Apply a && a.fn().name().equals(n.activation) && a.fn().primes() == 0) {
            return new String[] {"activity", unitOf(preactivationUnit(a.args().get(0), indices), indices)};
        }
        if (wrt instanceof Sym s && n.roles.containsKey(s.name())) {
            NeuronNotation.Role role = n.roles.get(s.name());
            return switch (role.kind()) {
                case "preactivation" -> new String[] {"pre", unit(s, indices, true)};
                case "activity" -> {
                    String j = unit(s, indices, false);
                    yield n.inputs.contains(j) ? new String[] {"quantity", n.inputName(j)}
                            : new String[] {"activity", j};
                }
                case "weight" -> {
                    String[] e = edge(s, role, indices);
                    yield new String[] {"quantity", n.weightName(e[0], e[1])};
                }
                case "bias" -> new String[] {"quantity", n.biasName(unit(s, indices, true))};
                case "target" -> new String[] {"quantity", n.target};
                case "input" -> {
                    String[] e = edge(s, role, indices);
                    yield n.inputs.contains(e[0]) ? new String[] {"quantity", n.inputName(e[0])}
                            : new String[] {"activity", e[0]};
                }
                default -> throw new IllegalArgumentException("a derivative with respect to " + TexPrinter.print(s)
                        + " (the " + role.kind() + ") is not read");
            };
        }
        throw new IllegalArgumentException("a derivative with respect to " + TexPrinter.print(wrt) + " is not read: "
                + "the variable must be a symbol of the notation or " + n.activation + "(n_j)");
    }

    /** The preactivation symbol inside h(n_j), as a tree whose unit {@link #unitOf} reads. */
    private Tex preactivationUnit(Tex arg, Map<String, Integer> indices) {
        if (arg instanceof Sym s && n.roles.containsKey(s.name())
                && n.roles.get(s.name()).kind().equals("preactivation")) {
            return s.sub();
        }
        throw new IllegalArgumentException("a derivative with respect to " + n.activation + "("
                + TexPrinter.print(arg) + ") is not read: write " + n.activation + "(n_j)");
    }

    /** The unit a one-index symbol names. */
    private String unit(Sym s, Map<String, Integer> indices, boolean computing) {
        List<String> ix = indexValues(s, indices);
        if (ix.size() != 1) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + " needs one unit index, has " + ix.size());
        }
        String j = ix.get(0);
        if (!n.units.contains(j) && (computing || !n.inputs.contains(j))) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + ": there is no computing unit " + j + " (units: "
                    + n.units + ")", true);
        }
        return j;
    }

    private String unitOf(Tex t, Map<String, Integer> indices) {
        List<String> ix = new ArrayList<>();
        flatten(t, indices, ix);
        if (ix.size() != 1) {
            throw new IllegalArgumentException(TexPrinter.print(t) + " does not name one unit");
        }
        return ix.get(0);
    }

    /** {from, to} of a two-index symbol, checked against the edges. */
    private String[] edge(Sym s, NeuronNotation.Role role, Map<String, Integer> indices) {
        List<String> ix = indexValues(s, indices);
        if (ix.size() != 2) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + " needs two unit indices, has " + ix.size());
        }
        String from = role.toFrom() ? ix.get(1) : ix.get(0);
        String to = role.toFrom() ? ix.get(0) : ix.get(1);
        if (!n.edges.contains(new NeuronNotation.Edge(from, to))) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + ": there is no edge " + from + " -> " + to, true);
        }
        return new String[] {from, to};
    }

    private List<String> indexValues(Sym s, Map<String, Integer> indices) {
        List<String> out = new ArrayList<>();
        if (s.sub() != null) {
            flatten(s.sub(), indices, out);
        }
        return out;
    }

    /** The unit names of a subscript: j i (letters bound to units), 46 (two digits), (4,6). */
    private static void flatten(Tex t, Map<String, Integer> indices, List<String> out) {
        if (t instanceof Bin b && b.op() == '*' && b.implicit()) {
            flatten(b.left(), indices, out);
            flatten(b.right(), indices, out);
        } else if (t instanceof Indices ix) {
            ix.items().forEach(i -> flatten(i, indices, out));
        } else if (t instanceof Num num) {
            String digits = num.text();
            if (digits.length() == 2 && !digits.contains(".")) {
                out.add(digits.substring(0, 1));
                out.add(digits.substring(1));
            } else {
                out.add(digits);
            }
        } else if (t instanceof Sym s && s.sub() == null && s.sup() == null && s.name().length() >= 1) {
            if (indices.containsKey(s.name())) {
                out.add(String.valueOf(indices.get(s.name())));
            } else if (s.name().length() > 1 && s.name().chars().allMatch(Character::isLetter)) {
                for (char c : s.name().toCharArray()) {
                    Integer v = indices.get(String.valueOf(c));
                    if (v == null) {
                        throw new IllegalArgumentException("the index " + c + " is not bound");
                    }
                    out.add(String.valueOf(v));
                }
            } else {
                throw new IllegalArgumentException("the index " + s.name() + " is not bound");
            }
        } else {
            out.add(String.valueOf(Math.round(TexEval.eval(t, new ConstantScope(), new HashMap<>(indices))
                    .value())));
        }
    }

    /** A symbol the notation cannot bind: a typo or a missing entry, never a wrong formula. */
    static final class UnboundSymbol extends IllegalArgumentException {
        final Sym symbol;
        /** Whether the symbol names a unit or an edge the network lacks (a term that is 0 in a sum over all k). */
        final boolean absent;

        UnboundSymbol(Sym symbol, String message) {
            this(symbol, message, false);
        }

        UnboundSymbol(Sym symbol, String message, boolean absent) {
            super(message);
            this.symbol = symbol;
            this.absent = absent;
        }
    }

    /** Index arithmetic (j + 1) over bound indices only. */
    private static final class ConstantScope implements TexEval.Scope<Dual> {
        @Override
        public Dual constant(double value) {
            return Dual.of(value, 0);
        }

        @Override
        public Dual symbol(Sym s, Map<String, Integer> indices) {
            throw new IllegalArgumentException("the index " + s.name() + " is not bound");
        }
    }
}
