package dev.chainrule.check.tex;

import dev.chainrule.check.tex.Tex.Apply;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Chain;
import dev.chainrule.check.tex.Tex.Cmp;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Neg;
import dev.chainrule.check.tex.Tex.Pow;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.Tex.Transpose;
import dev.chainrule.check.tex.TexLexer.Kind;
import dev.chainrule.check.tex.TexLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent (Pratt-style: one method per precedence level) parser of the LaTeX math that derivations
 * use, into {@link Tex} trees. Levels, loosest first: a chain of relations ({@code =}, {@code \leftarrow});
 * sums and differences; products (explicit {@code \cdot}, {@code \times}, {@code \odot}, {@code /}, or
 * juxtaposition); signs; postfix sub- and superscripts, primes and transposes; primary expressions. The
 * environments and big operators (fractions and derivatives, sums, matrices, cases) are in
 * {@link TexConstructs}.
 *
 * <p>Nesting is bounded ({@link #MAX_DEPTH}): a page of 10,000 nested braces gets an error naming the place,
 * not a {@code StackOverflowError}. Anything the parser does not know gets an error naming the construct.
 */
public final class TexParser {
    /** The deepest nesting of groups, fractions and operators read. */
    public static final int MAX_DEPTH = 200;

    /** Function commands: followed by an argument, they apply to it. */
    static final Set<String> FUNCTION_COMMANDS = Set.of("log", "ln", "exp", "sin", "cos", "tan", "tanh", "sinh",
            "cosh", "max", "min", "sigma", "softmax", "sigmoid", "relu", "arg", "det", "tr");
    /** Words written without a backslash that name functions when followed by a parenthesis. */
    static final Set<String> FUNCTION_WORDS = Set.of("log", "ln", "exp", "sin", "cos", "tanh", "sinh", "cosh",
            "max", "min", "softmax", "sigmoid", "relu", "ReLU", "tr");
    /** Relations that join the sides of a chain, with their printed form. */
    static final Map<String, String> RELATIONS = Map.ofEntries(Map.entry("=", "="), Map.entry("approx", "\\approx"),
            Map.entry("leftarrow", "\\leftarrow"), Map.entry("gets", "\\leftarrow"), Map.entry("equiv", "\\equiv"),
            Map.entry("coloneqq", ":="), Map.entry("implies", "\\implies"), Map.entry("Rightarrow", "\\implies"),
            Map.entry("iff", "\\iff"));
    /** Comparisons, kept in conditions. */
    static final Map<String, String> COMPARISONS = Map.of("<", "<", ">", ">", "le", "\\le", "leq", "\\le", "ge",
            "\\ge", "geq", "\\ge", "neq", "\\neq", "ne", "\\neq", "in", "\\in", "notin", "\\notin");
    /** Spacing and other marks that carry no meaning. */
    static final Set<String> SPACING = Set.of(",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "nonumber",
            "textstyle", "limits", "nolimits", "notag", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr");

    final Source source;
    final List<Token> tokens;
    final Set<String> functions;
    final Set<String> words;
    int pos;
    /** Open {@code |...|} pairs: inside one, a '|' closes it rather than starting a factor. */
    int openBars;
    /** Where a ')' the page leaves out was supplied ({@link #parseClosingParens}); null: none is supplied. */
    List<Integer> supplied;
    private int depth;

    TexParser(Source source, int from, int to, Set<String> functions, Set<String> words) {
        this.source = source;
        this.tokens = TexLexer.tokens(source, from, to);
        this.functions = functions;
        this.words = words;
    }

    /**
     * The formula {@code source.text()[from, to)} as a chain of sides. {@code functions} are the symbols that
     * apply to a parenthesised argument ({@code h} in {@code h(n_j)}); {@code words} are the multi-letter names
     * read as one symbol ({@code Downstream}); other runs of letters are products of single letters.
     *
     * @param source    the document holding the formula, for the offsets of nodes and messages
     * @param from      the offset where the formula starts
     * @param to        the offset just past its end
     * @param functions the symbols read as functions of a parenthesised argument
     * @param words     the multi-letter names read as one symbol
     * @return the chain; a formula without a relation is a chain of one side
     * @throws TexException naming the construct and the place when the formula cannot be read
     */
    public static Chain parse(Source source, int from, int to, Set<String> functions, Set<String> words) {
        TexParser p = new TexParser(source, from, to, functions, words);
        Chain c = p.chain();
        p.dropTrailingMarks();
        if (p.peek().kind() != Kind.END) {
            throw p.error(p.peek(), "unexpected " + describe(p.peek()));
        }
        return c;
    }

    /**
     * A formula read with a ')' supplied where the page leaves a '(' open and its enclosing group ends
     * ({@code \\frac{\\partial (w h(n_j)}{...}}), with the offsets where each was supplied: for a row that
     * {@link #parse} refuses, so that a slip of typing is read as the page evidently means, and said.
     */
    public record Repaired(Chain chain, List<Integer> suppliedAt) {
        /**
         * A repaired formula, holding a copy of {@code suppliedAt}.
         *
         * @param chain      the formula as read with the missing ')' supplied
         * @param suppliedAt the offsets where a ')' was supplied, in order
         */
        public Repaired {
            suppliedAt = List.copyOf(suppliedAt);
        }
    }

    /**
     * {@link #parse}, supplying each ')' the page leaves out at the end of the enclosing group ({@link Repaired}).
     *
     * @param source    the document holding the formula, for the offsets of nodes and messages
     * @param from      the offset where the formula starts
     * @param to        the offset just past its end
     * @param functions the symbols read as functions of a parenthesised argument
     * @param words     the multi-letter names read as one symbol
     * @return the chain and where each ')' was supplied (none when the formula needed no repair)
     */
    public static Repaired parseClosingParens(Source source, int from, int to, Set<String> functions,
                                              Set<String> words) {
        TexParser p = new TexParser(source, from, to, functions, words);
        p.supplied = new ArrayList<>();
        Chain c = p.chain();
        p.dropTrailingMarks();
        if (p.peek().kind() != Kind.END) {
            throw p.error(p.peek(), "unexpected " + describe(p.peek()));
        }
        return new Repaired(c, p.supplied);
    }

    /**
     * {@return a whole text as one formula, with no declared functions or words (for tests and simple uses)}
     *
     * @param formula the LaTeX of the formula, without {@code $$} delimiters
     */
    public static Chain parse(String formula) {
        return parse(new Source("formula", formula), 0, formula.length(), Set.of(), Set.of());
    }

    // ---------------------------------------------------------------- levels

    /**
     * A row: sides joined by relations. A row that starts with a relation ({@code &= ...} in an align) continues
     * the chain of the row before it; it then has as many relations as sides.
     */
    Chain chain() {
        int at = peek().start();
        skipAlignment();
        List<Tex> sides = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        if (peek().isCommand("therefore")) {
            next();
            skipAlignment();
        }
        String leading = relation();
        if (leading != null) {
            relations.add(leading);
            skipAlignment();
        }
        sides.add(withoutLeadIn(expression()));
        while (true) {
            skipAlignment();
            String rel = relation();
            if (rel == null) {
                break;
            }
            relations.add(rel);
            skipAlignment();
            if (peek().kind() == Kind.END) {
                throw error(peek(), "the formula ends with '" + rel + "': its right side is missing");
            }
            sides.add(expression());
        }
        return new Chain(sides, relations, conditions(), at);
    }

    /** Words of prose a formula may open with ({@code \text{Let } \delta = ...}), dropped like {@code \therefore}. */
    private static final java.util.Set<String> LEAD_INS = java.util.Set.of("let", "where", "then", "so", "thus",
            "hence", "and", "since", "set", "define", "with", "now");

    /** A side without the prose it opens with: the leftmost factor of a product, when it is a lead-in word. */
    private static Tex withoutLeadIn(Tex t) {
        if (t instanceof Tex.Bin b && b.op() == '*' && b.implicit()) {
            if (b.left() instanceof Tex.Text text && LEAD_INS.contains(text.text().strip().toLowerCase(
                    java.util.Locale.ROOT))) {
                return b.right();
            }
            Tex left = withoutLeadIn(b.left());
            return left == b.left() ? t : new Tex.Bin('*', left, b.right(), true, b.at());
        }
        return t;
    }

    /**
     * The conditions after a chain: {@code \\quad j \\in \\{3, 4\\}}, {@code , \\quad j \\neq 5},
     * {@code \\quad \\text{for } j > 2}: comparisons set off by a space command or a comma.
     */
    private List<Tex> conditions() {
        List<Tex> out = new ArrayList<>();
        while (true) {
            int mark = pos;
            boolean separated = false;
            boolean forAll = false;
            while (peek().is(',') || peek().isCommand("quad") || peek().isCommand("qquad") || peek().isCommand(",")
                    || peek().isCommand(";") || peek().isCommand("forall")
                    || peek().isCommand("text") && separated) {
                forAll |= peek().isCommand("forall");
                if (peek().isCommand("text")) { // "for", "where", "if": the words that introduce a condition
                    next();
                    TexConstructs.rawGroup(this);
                } else {
                    next();
                }
                separated = true;
            }
            if (!separated || !startsFactor(peek())) {
                pos = mark;
                return out;
            }
            Tex c = chainOrExpression();
            if (forAll && c instanceof Sym) {
                continue; // "\\forall i": every i, no restriction
            }
            Tex last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (c instanceof Tex.Num more && last instanceof Cmp prev && (prev.op().equals("=")
                    || prev.op().equals("\\in") && prev.right() instanceof Tex.Indices)) {
                // "j = 3, 4": the list goes on
                List<Tex> items = new ArrayList<>(prev.right() instanceof Tex.Indices ix ? ix.items()
                        : List.of(prev.right()));
                items.add(more);
                out.set(out.size() - 1, new Cmp("\\in", prev.left(), new Tex.Indices(items, true, prev.at()),
                        prev.at()));
                continue;
            }
            if (!(c instanceof Cmp)) {
                throw error(tokens.get(mark), "after the formula, expected a condition such as 'j \\in \\{3, 4\\}' "
                        + "or 'j \\neq 5', found " + TexPrinter.print(c));
            }
            out.add(c);
        }
    }

    private static boolean isComparison(Token t) {
        return t.is('=') || t.is('<') || t.is('>') || t.kind() == Kind.COMMAND && COMPARISONS.containsKey(t.text());
    }

    /** Decorations and the alignment marks {@code &} of a row (inside matrices and cases they separate cells). */
    private void skipAlignment() {
        skipDecorations();
        while (peek().is('&')) {
            next();
            skipDecorations();
        }
    }

    /** The relation at the cursor, consumed, or null. */
    private String relation() {
        Token t = peek();
        if (t.is('=')) {
            next();
            return "=";
        }
        if (t.is(':') && peek(1).is('=')) {
            next();
            next();
            return ":=";
        }
        if (t.kind() == Kind.COMMAND && RELATIONS.containsKey(t.text())) {
            next();
            return RELATIONS.get(t.text());
        }
        if (t.is('<') || t.is('>')) {
            next();
            return t.text();
        }
        if (t.kind() == Kind.COMMAND && COMPARISONS.containsKey(t.text())) {
            next();
            return COMPARISONS.get(t.text());
        }
        return null;
    }

    /**
     * An expression, or a comparison or relation between two (in arguments, subscripts, matrix cells and cases:
     * {@code i=1}, {@code k \in S}, {@code x > 0}, {@code \sigma(s = \sum ...)}).
     */
    Tex chainOrExpression() {
        Tex left = expression();
        while (true) {
            skipDecorations();
            Token t = peek();
            String op = null;
            if (t.is('=') || t.is('<') || t.is('>')) {
                op = t.text();
            } else if (t.kind() == Kind.COMMAND && COMPARISONS.containsKey(t.text())) {
                op = COMPARISONS.get(t.text());
            } else if (t.kind() == Kind.COMMAND && RELATIONS.containsKey(t.text())) {
                op = RELATIONS.get(t.text());
            }
            if (op == null) {
                return left;
            }
            next();
            left = new Cmp(op, left, expression(), t.start());
        }
    }

    Tex expression() {
        enter();
        Token first = peek();
        Tex left;
        if (first.is('-') || first.is('+')) {
            next();
            Tex t = term();
            left = first.is('-') ? new Neg(t, first.start()) : t;
        } else {
            left = term();
        }
        while (true) {
            skipDecorations();
            Token t = peek();
            if (t.is('+') || t.is('-') || t.isCommand("pm")) {
                next();
                left = new Bin(t.is('-') ? '-' : '+', left, term(), false, t.start());
            } else {
                break;
            }
        }
        leave();
        return left;
    }

    /** Products: explicit operators and juxtaposition, left to right. */
    Tex term() {
        Tex left = signed();
        while (true) {
            skipDecorations();
            Token t = peek();
            char op = productOperator(t);
            if (op != 0) {
                next();
                left = combine(left, op, signed(), false, t.start());
            } else if (startsFactor(t)) {
                left = combine(left, '*', signed(), true, t.start());
            } else {
                return left;
            }
        }
    }

    /** A product, except that an operator-only derivative ({@code \frac{\partial}{\partial x}}) takes the factor. */
    private static Tex combine(Tex left, char op, Tex right, boolean implicit, int at) {
        Tex l = left;
        if (op == '*' && l instanceof Deriv d && d.of() == null) {
            return new Deriv(right, d.wrt(), d.operator(), d.wellFormed(), d.at());
        }
        if (op == '*' && l instanceof Bin b && b.op() == '*' && b.right() instanceof Deriv d && d.of() == null) {
            return new Bin('*', b.left(), new Deriv(right, d.wrt(), d.operator(), d.wellFormed(), d.at()),
                    b.implicit(), b.at());
        }
        return new Bin(op, l, right, implicit, at);
    }

    private static char productOperator(Token t) {
        if (t.is('*') || t.isCommand("cdot") || t.isCommand("times") || t.isCommand("ast")) {
            return '*';
        }
        if (t.is('/')) {
            return '/';
        }
        if (t.isCommand("odot") || t.isCommand("circ")) {
            return '⊙';
        }
        return 0;
    }

    /** Whether a token can start a factor juxtaposed to the previous one. */
    boolean startsFactor(Token t) {
        switch (t.kind()) {
            case NUMBER:
            case WORD:
                return true;
            case CHAR:
                return t.is('(') || t.is('[') || t.is('{') || t.is('|') && openBars == 0 || isUnicodeLetter(t);
            case COMMAND:
                String c = t.text();
                return !(RELATIONS.containsKey(c) || COMPARISONS.containsKey(c) || c.equals("\\") || c.equals("right")
                        || c.equals("end") || c.equals("rVert") || c.equals("|") || c.equals("}") || c.equals("pm")
                        || c.equals("cdot") || c.equals("times") || c.equals("odot") || c.equals("circ")
                        || c.equals("ast") || SPACING.contains(c) || c.equals("tag") || c.equals("label")
                        || c.equals("therefore") || c.equals("forall"));
            default:
                return false;
        }
    }

    Tex signed() {
        Token t = peek();
        if (t.is('-')) {
            next();
            return new Neg(signed(), t.start());
        }
        return postfix();
    }

    /** A primary with its sub- and superscripts, primes and transposes; a function symbol takes its argument. */
    Tex postfix() {
        enter();
        Tex x = TexConstructs.primary(this);
        while (true) {
            Token t = peek();
            if (t.is('_') && x instanceof Sym s && s.sub() == null) {
                next();
                x = new Sym(s.name(), s.primes(), TexConstructs.script(this, true), s.sup(), s.at());
            } else if (t.is('^')) {
                next();
                x = superscript(x, t);
            } else if (t.is('\'') && x instanceof Sym s) {
                next();
                x = new Sym(s.name(), s.primes() + 1, s.sub(), s.sup(), s.at());
            } else if (t.is('_')) {
                throw error(t, "a subscript on " + TexPrinter.print(x) + ", which is no symbol");
            } else {
                break;
            }
        }
        if (x instanceof Sym s && isFunction(s) && (peek().is('(') || peek().isCommand("left"))) {
            x = new Apply(s, TexConstructs.arguments(this), s.at());
        } else if (x instanceof Sym s && FUNCTION_COMMANDS.contains(s.name().substring(1)) && startsFactor(peek())
                && !s.name().equals("\\sigma")) {
            x = new Apply(s, List.of(signed()), s.at()); // \log x, \exp z
        }
        while (x instanceof Apply && peek().is('^')) {
            x = superscript(x, next()); // \sigma(z)^2: a power of the function's value
        }
        leave();
        return x;
    }

    private Tex superscript(Tex x, Token at) {
        Tex sup = TexConstructs.script(this, false);
        if (sup instanceof Sym t && (t.name().equals("T") || t.name().equals("\\top")) && t.sub() == null
                && t.sup() == null) {
            return new Transpose(x, at.start());
        }
        if (sup instanceof Bin b && b.implicit() && b.right() instanceof Sym t && t.name().equals("T")
                && x instanceof Sym s && s.sup() == null) {
            // W^{2T}: layer 2, transposed
            return new Transpose(new Sym(s.name(), s.primes(), s.sub(), b.left(), s.at()), at.start());
        }
        if (x instanceof Sym s && s.sup() == null) {
            return new Sym(s.name(), s.primes(), s.sub(), sup, s.at());
        }
        return new Pow(x, sup, at.start());
    }

    boolean isFunction(Sym s) {
        String n = s.name();
        return n.startsWith("\\") ? FUNCTION_COMMANDS.contains(n.substring(1)) || functions.contains(n)
                : functions.contains(n) || FUNCTION_WORDS.contains(n);
    }

    // ---------------------------------------------------------------- helpers

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    Token expect(char c, String what) {
        Token t = peek();
        if (!t.is(c)) {
            throw error(t, "expected '" + c + "' " + what + ", found " + describe(t));
        }
        return next();
    }

    void enter() {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "the formula nests deeper than " + MAX_DEPTH + " levels (braces, brackets, "
                    + "fractions); it is not read");
        }
    }

    void leave() {
        depth--;
    }

    /** Spacing, tags and quantifiers that carry no meaning for the checker. */
    void skipDecorations() {
        while (true) {
            Token t = peek();
            boolean space = t.isCommand("quad") || t.isCommand("qquad");
            if (space && peek(1).is('(') && peek(2).kind() == Kind.NUMBER && peek(3).is(')')) {
                pos += 4; // "\quad (3)": an equation tag
            } else if (space && peek(1).isCommand("text")) {
                int save = pos;
                next();
                next();
                TexConstructs.rawGroup(this);
                if (startsFactor(peek()) || peek().isCommand("forall")) {
                    pos = save; // "\quad \text{for } j = 5": a condition (see conditions())
                    return;
                }
                // "\quad \text{for classification}": a comment after a space, dropped
            } else if (space && (startsFactor(peek(1)) || peek(1).isCommand("forall"))) {
                return; // "a = b \\quad j \\neq 5": the space sets off a condition (see conditions())
            } else if (t.kind() == Kind.COMMAND && SPACING.contains(t.text())) {
                next();
            } else if (t.isCommand("tag") || t.isCommand("label")) {
                next();
                TexConstructs.rawGroup(this);
            } else if (t.isCommand("forall") && peek(1).kind() == Kind.WORD && !isComparison(peek(2))) {
                next(); // "\forall i": every i, no restriction
                while (peek().kind() == Kind.WORD || peek().is(',')) {
                    next();
                }
            } else {
                return;
            }
        }
    }

    /** Trailing punctuation and an equation tag such as (1) at the end of the formula. */
    void dropTrailingMarks() {
        skipAlignment();
        while (peek().is('.') || peek().is(',') || peek().is(';')) {
            next();
            skipDecorations();
        }
        if (peek().is('(') && peek(1).kind() == Kind.NUMBER && peek(2).is(')') && peek(3).kind() == Kind.END) {
            pos += 3;
        }
    }

    static boolean isUnicodeLetter(Token t) {
        return t.kind() == Kind.CHAR && Character.isLetter(t.text().charAt(0));
    }

    static String describe(Token t) {
        return t.kind() == Kind.END ? "the end of the formula" : "'" + t + "'";
    }

    TexException error(Token t, String reason) {
        return new TexException(source, t.start(), reason);
    }
}
