package dev.chainrule.nn.text;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.Draw;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexEval;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Dual;
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
 * What the symbols of a page mean when it derives a function of a few numbers, not a network: an activation's
 * derivative ({@code \frac{d}{dx} \frac{1}{1 + e^{-x}} = f(x)(1 - f(x))}), a loss's derivative by its input. Every
 * chain is a claim, each side against the one before it; a derivative is taken in forward mode.
 *
 * <pre>
 * network: function
 * variables: {x: [-4, 4]}      # each drawn uniformly in its range
 * functions: {f: sigmoid}      # what a function the page names means: an activation of the vocabulary
 * constants: {a: 0.5}
 * </pre>
 *
 * A function given as a list ({@code f: [sigmoid, tanh]}) is checked in each. Most pages need it for one part
 * only (a section on activations beside a network): see {@code parts} in the README.
 */
public final class FunctionNotation implements Notation {
    static final List<String> KEYS = List.of("network", "variables", "functions", "constants", "definitions",
            "readings");

    final Map<String, double[]> variables = new LinkedHashMap<>();
    /** The function symbol with a meaning per setting ({@code f}), or null. */
    final String function;
    final List<Activation> settings = new ArrayList<>();
    final Map<String, Double> constants;
    final Set<String> functions;
    final Map<String, Definition> definitions = new LinkedHashMap<>();

    private FunctionNotation(Map<String, Object> m, String file) {
        for (String key : m.keySet()) {
            if (!KEYS.contains(key)) {
                throw new NotationException(file + ": unknown key '" + key + "' in the notation; known keys for "
                        + "'network: function': " + KEYS);
            }
        }
        for (Map.Entry<String, Object> e : NotationValues.map(m, "variables", file).entrySet()) {
            List<String> range = NotationValues.strings(NotationValues.map(m, "variables", file), e.getKey(), file);
            double lo = range.size() == 2 ? NotationValues.number(range.get(0), e.getKey(), file) : Double.NaN;
            double hi = range.size() == 2 ? NotationValues.number(range.get(1), e.getKey(), file) : Double.NaN;
            if (!(lo < hi)) {
                throw new NotationException(file + ": variables: " + e.getKey() + " needs a range [lo, hi] with "
                        + "lo < hi");
            }
            variables.put(e.getKey(), new double[] {lo, hi});
        }
        Map<String, Object> fs = NotationValues.optionalMap(m, "functions", file);
        if (fs.size() > 1) {
            throw new NotationException(file + ": functions: name one function ({f: sigmoid}); this notation "
                    + "gives " + fs.keySet());
        }
        function = fs.isEmpty() ? null : fs.keySet().iterator().next();
        if (function != null) {
            for (String name : NotationValues.strings(fs, function, file)) {
                settings.add(NotationValues.activation(name, file));
            }
        } else {
            settings.add(Activation.identity());
        }
        constants = NotationValues.constants(m, file);
        functions = new LinkedHashSet<>();
        if (function != null) {
            functions.add(function);
        }
    }

    /**
     * {@return the notation of a page's front matter ({@code network: function})}
     *
     * @param frontMatter the keys and values of the page's notation block, as {@link FrontMatter} reads them
     * @param file the page's name, used in messages (a path or a label)
     */
    public static FunctionNotation of(Map<String, Object> frontMatter, String file) {
        return new FunctionNotation(frontMatter, file);
    }

    @Override
    public Set<String> functions() {
        return functions;
    }

    @Override
    public Set<String> words() {
        return Set.of();
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
        return false;
    }

    @Override
    public boolean isParameter(Sym s) {
        return false;
    }

    @Override
    public boolean isBound(Sym s) {
        return variables.containsKey(s.name()) || constants.containsKey(s.name())
                || definitions.containsKey(NeuronScope.key(s)) || s.name().equals(function);
    }

    @Override
    public void define(Sym s, Tex body) {
        if (s.sub() != null) {
            throw new IllegalArgumentException("a definition in a function page has no indices ("
                    + TexPrinter.print(s) + ")");
        }
        definitions.put(NeuronScope.key(s), new Definition(List.of(), body));
    }

    @Override
    public List<Map<String, Integer>> assignments(Tex wrt) {
        return List.of(Map.of());
    }

    @Override
    public List<Map<String, Integer>> claimAssignments(List<Tex> sides) {
        return List.of(Map.of());
    }

    @Override
    public String problem(Tex side, Map<String, Integer> assignment) {
        try {
            TexEval.eval(side, new Scope<>(this, settings.get(0), v -> Dual.of(0.3, 0), Dual.of(0, 0)),
                    new HashMap<>(assignment));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Override
    public Target target(Tex wrt, Map<String, Integer> assignment) {
        throw new IllegalArgumentException("a function page has no loss to differentiate");
    }

    @Override
    public void checkLoss() {
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("the notation names no variable (variables: {x: [-4, 4]})");
        }
    }

    /** One derivation per meaning of the function: the variables drawn, each claim against the side before it. */
    @Override
    public Derivation derivation(Activation act, List<Side> sides) {
        Derivation.Builder b = Derivation.builder(act.name());
        variables.forEach((name, range) -> b.scalar(name, Draw.uniform(range[0], range[1])));
        String first = variables.keySet().iterator().next();
        // a function page has no loss: the checker's model is one variable, and every side is a claim
        b.model(new Derivation.GenericModel() {
            @Override
            public <T extends Differentiable<T>> T loss(Derivation.Generic<T> c) {
                return c.scalar(first);
            }
        });
        if (act.name().equals("relu")) {
            b.awayFromZero(0.05, variables.keySet().toArray(String[]::new));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Side sp : sides) {
            if (seen.add(sp.label()) && sp.reference() != null) {
                b.claim(sp.label(), v -> value(sp.reference(), act, v, sp), v -> value(sp.side(), act, v, sp));
            }
        }
        return b.build();
    }

    private double value(Tex t, Activation act, Derivation.Values v, Side sp) {
        return TexEval.eval(t, new Scope<>(this, act, name -> Dual.of(v.get(name), 0), Dual.of(0, 0)),
                new HashMap<>(sp.indices())).value();
    }

    /** The meaning of the variables, the function and its derivative on dual numbers; a derivative seeds one. */
    private static final class Scope<T extends Differentiable<T>> implements TexEval.Scope<T> {
        private final FunctionNotation n;
        private final Activation act;
        private final java.util.function.Function<String, T> variable;
        private final T zero;
        private final Notation.Expansions expansions = new Notation.Expansions();

        Scope(FunctionNotation n, Activation act, java.util.function.Function<String, T> variable, T zero) {
            this.n = n;
            this.act = act;
            this.variable = variable;
            this.zero = zero;
        }

        @Override
        public T constant(double value) {
            return zero.constantLike(value);
        }

        @Override
        public T symbol(Sym s, Map<String, Integer> indices) {
            T v;
            if (n.variables.containsKey(s.name()) && s.sub() == null) {
                v = variable.apply(s.name());
            } else if (n.constants.containsKey(s.name()) && s.sub() == null) {
                v = constant(n.constants.get(s.name()));
            } else if (s.name().equals("e") && s.sub() == null) {
                v = constant(Math.E);
            } else if (n.definitions.containsKey(NeuronScope.key(s))) {
                return expansions.expand(s, () -> TexEval.eval(n.definitions.get(NeuronScope.key(s)).body(), this,
                        indices));
            } else {
                throw new NeuronScope.UnboundSymbol(s, "the symbol " + TexPrinter.print(s) + " is not in the "
                        + "notation; known: the variables " + n.variables.keySet()
                        + (n.constants.isEmpty() ? "" : ", the constants " + n.constants.keySet())
                        + (n.function == null ? "" : " and the function " + n.function));
            }
            return s.sup() == null ? v : TexEval.power(v, s.sup(), this, indices);
        }

        @Override
        public T apply(Sym fn, List<T> args, Map<String, Integer> indices) {
            if (!fn.name().equals(n.function) || args.size() != 1 || fn.sub() != null) {
                return null;
            }
            T x = args.get(0);
            T value = switch (fn.primes()) {
                case 0 -> act.apply(x);
                case 1 -> {
                    if (!(x instanceof Dual d) || d.tangent() != 0) {
                        throw new IllegalArgumentException("a derivative through " + fn.name() + "' (a second "
                                + "derivative) is not read");
                    }
                    yield constant(act.derivative(d.value()));
                }
                default -> throw new IllegalArgumentException(TexPrinter.print(fn) + " is not read");
            };
            return fn.sup() == null ? value : TexEval.power(value, fn.sup(), this, indices);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T derivative(Deriv d, Map<String, Integer> indices) {
            if (d.of() == null) {
                throw new IllegalArgumentException("the derivative " + TexPrinter.print(d) + " has no operand");
            }
            if (!(d.wrt() instanceof Sym x) || !n.variables.containsKey(x.name()) || x.sub() != null) {
                throw new IllegalArgumentException("a derivative with respect to " + TexPrinter.print(d.wrt())
                        + " is not read: the variable must be one of " + n.variables.keySet());
            }
            if (!(zero instanceof Dual)) {
                throw new IllegalArgumentException("a derivative has no value here");
            }
            Scope<Dual> s = new Scope<>(n, act, name -> {
                Dual v = (Dual) variable.apply(name);
                return Dual.of(v.value(), name.equals(x.name()) ? 1 : 0);
            }, Dual.of(0, 0));
            return (T) Dual.of(TexEval.eval(d.of(), s, new HashMap<>(indices)).tangent(), 0);
        }
    }
}
