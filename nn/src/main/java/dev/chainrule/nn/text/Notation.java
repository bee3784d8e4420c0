package dev.chainrule.nn.text;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.nn.Activation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * What a page's notation gives the check of its formulas ({@link PageCheck}): how to parse them (the functions and
 * words it declares), what each symbol means at an instance, which values the free indices take, and the
 * derivation that judges each side. Three kinds: {@link NeuronNotation} (named units and edges, the notation of
 * documents 000 and 004), {@link LayerNotation} (layers in matrix notation, {@code W^l}, {@code z^l}, a batch) and
 * {@link FunctionNotation} (a function of a few numbers: an activation and its derivative).
 */
sealed interface Notation permits NeuronNotation, LayerNotation, FunctionNotation {
    /**
     * A symbol the page defines with a formula ({@code \\delta_j = \\frac{\\partial L}{\\partial n_j}}): its index
     * letters (bound where it is used, {@code \\delta_k}) and its body.
     */
    record Definition(List<String> letters, Tex body) {
        public Definition {
            letters = List.copyOf(letters);
        }

        /** The key of a definition at one layer as written ({@code \\delta^{2}}), or without superscript. */
        static String exactKey(Tex.Sym s) {
            return s.name() + "'".repeat(s.primes()) + (s.sup() == null ? "" : "^{" + TexPrinter.print(s.sup()) + "}");
        }

        /** The key of a definition at every layer ({@code \\delta^l = ...}). */
        static String generalKey(Tex.Sym s) {
            return s.name() + "'".repeat(s.primes()) + "^{*}";
        }
    }

    /**
     * The definitions a scope is expanding, nested: a definition may use another, or itself at another index
     * (delta^l from delta^{l+1}), but one that refers to itself without end ({@code \\alpha = \\alpha + 1}) is refused
     * by name instead of overflowing the stack.
     */
    final class Expansions {
        static final int MAX_DEPTH = 64;
        private int depth;

        /** The value of {@code body}, the definition of {@code s}, evaluated one level deeper. */
        <R> R expand(Tex.Sym s, java.util.function.Supplier<R> body) {
            if (depth >= MAX_DEPTH) {
                throw new IllegalArgumentException("the definition of " + dev.chainrule.check.tex.TexPrinter.print(s)
                        + " refers to itself more than " + MAX_DEPTH + " deep (a definition in terms of itself, or a "
                        + "recursion without a base case at this index)");
            }
            depth++;
            try {
                return body.get();
            } finally {
                depth--;
            }
        }
    }

    /** What a derivative is taken with respect to, as the checker names it: a quantity or probe, or one element. */
    record Target(String name, int element) {
        /** Whether the target is one element of its quantity. */
        boolean isElement() {
            return element >= 0;
        }
    }

    /**
     * One formula for the checker: a side of a chain at one assignment of its free indices, judged against the
     * gradient of {@code target} (with {@code rate} for an update rule) or, for a claim, against {@code reference};
     * {@code context} is what the side is claimed to equal as the page writes it (the derivative, or the reference),
     * which a diagnosis reads for the factors a side may lack.
     */
    record Side(String label, Target target, Tex side, Map<String, Integer> indices, double rate, Tex reference,
                Map<String, Definition> definitions, Tex context) {
        public Side {
            indices = Map.copyOf(indices);
            definitions = Map.copyOf(definitions);
        }

        /** A side without a context (a claim's context is its reference). */
        public Side(String label, Target target, Tex side, Map<String, Integer> indices, double rate, Tex reference,
                    Map<String, Definition> definitions) {
            this(label, target, side, indices, rate, reference, definitions, reference);
        }
    }

    /** The notation a page's front matter gives: {@code network: neurons} or {@code network: layers}. */
    static Notation of(Map<String, Object> frontMatter, String file) {
        Object network = frontMatter.get("network");
        if ("neurons".equals(network)) {
            return NeuronNotation.of(frontMatter, file);
        }
        if ("layers".equals(network)) {
            return LayerNotation.of(frontMatter, file);
        }
        if ("function".equals(network)) {
            return FunctionNotation.of(frontMatter, file);
        }
        throw new NotationException(file + ": 'network: " + network + "' is not a kind of notation this reader "
                + "knows; write 'network: neurons' (named units and edges), 'network: layers' (W^l, z^l, ...) or "
                + "'network: function' (a function of a few numbers, such as an activation)");
    }

    /** Names the parser reads as functions ({@code h(n_j)}). */
    Set<String> functions();

    /** Names of several letters the parser reads as one symbol ({@code net}). */
    Set<String> words();

    /** For a formula at an offset of the page, the index ranges of the section it sits in, as conditions. */
    IntFunction<List<Tex>> sectionConditions(String page);

    /** The activations to check each formula in. */
    List<Activation> settings();

    /** The named numbers ({@code \\alpha: 0.1}). */
    Map<String, Double> constants();

    /** The symbols the page has defined so far, by key. */
    Map<String, Definition> definitions();

    /** Whether the symbol is the loss, without indices. */
    boolean isLoss(Sym s);

    /** Whether the symbol is a parameter the network learns (a weight or a bias). */
    boolean isParameter(Sym s);

    /** Whether the symbol already means something: a role, a constant, or an earlier definition. */
    boolean isBound(Sym s);

    /**
     * Records a definition of the symbol for the formulas after it.
     *
     * @throws IllegalArgumentException when the symbol cannot be defined as written (its indices are not letters)
     */
    void define(Sym s, Tex body);

    /** The values of the free indices of a derivative's variable ({@code w_{ji}}: every edge). */
    List<Map<String, Integer>> assignments(Tex wrt);

    /** Every assignment of the free letters of the sides of a claim (filtered later by what evaluates). */
    List<Map<String, Integer>> claimAssignments(List<Tex> sides);

    /** Why the side cannot be evaluated at this assignment (an unbound symbol, an absent edge), or null. */
    String problem(Tex side, Map<String, Integer> assignment);

    /** {@return the first index of an element ({@code W_{ij}} from 1, or from 0)} */
    default int firstIndex() {
        return 1;
    }

    /**
     * {@return why a side cannot be compared with {@code against} (the derivative it claims to be, or the side before
     * it) because their shapes differ, or null} A notation of numbers has no shapes to differ.
     *
     * @param side a side of a chain, as read
     * @param against the derivative the side claims to be, or the side before it in a claim
     * @param assignment a value of each free index letter, by letter
     */
    default String shapeProblem(Tex side, Tex against, Map<String, Integer> assignment) {
        return null;
    }

    /**
     * {@return how {@code side} and {@code against} are read where a page is loose (a shorthand), for the line; or
     * null}
     *
     * @param side a side of a chain, as read
     * @param against the derivative the side claims to be, or the side before it in a claim
     * @param assignment a value of each free index letter, by letter
     */
    default String readingNote(Tex side, Tex against, Map<String, Integer> assignment) {
        return null;
    }

    /**
     * {@return the factors a term of these formulas may lack, for a diagnosis: the activation's derivative at each
     * pre-activation they name, directly or through an activity ({@code h_1^2} names {@code z_1^2})}
     *
     * @param formulas a failing side and the derivative it claims to be
     */
    default List<Tex> derivativeFactors(List<Tex> formulas) {
        return List.of();
    }

    /** The checker's target of a derivative's variable at an assignment. */
    Target target(Tex wrt, Map<String, Integer> assignment);

    /** Whether the loss evaluates (at a made-up instance); its error otherwise. */
    void checkLoss();

    /** The derivation that judges the sides in one setting. */
    Derivation derivation(Activation act, List<Side> sides);

    /**
     * {@return the product written in {@code side} itself (not in a definition it uses) whose factors' inner sizes
     * differ at the assignment, which makes the side undefined whatever the values; or null}
     *
     * @param side a side of a chain, as read
     * @param assignment the values of the free index letters, by letter
     */
    default Tex.Bin unconformable(Tex side, Map<String, Integer> assignment) {
        return null;
    }

    /**
     * {@return why {@code side} cannot be evaluated at one of the assignments (an unbound symbol, an edge or element
     * the network lacks), with the assignment; and, when {@code first} is given, why its variable cannot be
     * differentiated by; or null} Evaluated at a made-up instance, before any check.
     *
     * @param first the derivative the side claims to be, whose variable must be one to differentiate by; or null
     * @param side a side of a chain, as read
     * @param assignments the values of the free index letters to try, each by letter
     */
    default String problemAt(Tex.Deriv first, Tex side, List<Map<String, Integer>> assignments) {
        for (Map<String, Integer> a : assignments) {
            String problem = problem(side, a);
            if (problem == null && first != null) {
                try {
                    target(first.wrt(), a);
                } catch (IllegalArgumentException e) { // a variable the checker cannot differentiate by
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                return problem + (a.isEmpty() ? "" : " (at " + a + ")");
            }
        }
        return null;
    }

    /**
     * {@return the step of an update: a constant of the notation among the factors of {@code t} ({@code \\alpha x});
     * null when none is}
     *
     * @param t the term an update rule subtracts from (or adds to) the parameter
     */
    default Double step(Tex t) {
        if (t instanceof Tex.Sym s && constants().containsKey(s.name()) && s.sub() == null && s.sup() == null) {
            return constants().get(s.name());
        }
        if (t instanceof Tex.Bin b && b.op() == '*') {
            Double left = step(b.left());
            return left != null ? left : step(b.right());
        }
        return null;
    }
}
