package dev.chainrule.check.tex;

import dev.chainrule.check.tex.Tex.Abs;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Cases;
import dev.chainrule.check.tex.Tex.Cmp;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Ellipsis;
import dev.chainrule.check.tex.Tex.Frac;
import dev.chainrule.check.tex.Tex.Indices;
import dev.chainrule.check.tex.Tex.Matrix;
import dev.chainrule.check.tex.Tex.Num;
import dev.chainrule.check.tex.Tex.Sqrt;
import dev.chainrule.check.tex.Tex.Sum;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.Tex.Text;
import dev.chainrule.check.tex.Tex.Underbrace;
import dev.chainrule.check.tex.TexLexer.Kind;
import dev.chainrule.check.tex.TexLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The primary expressions of {@link TexParser}, one method per construct: numbers, symbols and their
 * decorations, groups and brackets, fractions and derivatives, roots, norms, big operators, matrices, cases and
 * underbraces. Each construct is parsed here and printed in {@link TexPrinter}.
 */
final class TexConstructs {
    static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta",
            "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon",
            "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi",
            "Psi", "Omega", "ell", "nabla");
    static final Set<String> DECORATIONS = Set.of("hat", "bar", "tilde", "vec", "dot", "mathbf", "boldsymbol",
            "mathrm", "mathit", "mathcal", "bm", "widehat", "overline");
    private static final Set<String> MATRICES = Set.of("bmatrix", "pmatrix", "matrix", "vmatrix", "Bmatrix");

    private TexConstructs() {
    }

    static Tex primary(TexParser p) {
        p.skipDecorations();
        Token t = p.peek();
        switch (t.kind()) {
            case NUMBER:
                p.next();
                return new Num(Double.parseDouble(t.text()), t.text(), t.start());
            case WORD:
                return word(p);
            case CHAR:
                return character(p, t);
            case COMMAND:
                return command(p, t);
            default:
                throw p.error(t, "expected an expression, found " + TexParser.describe(t));
        }
    }

    /** A run of letters: a declared word or function name as one symbol, else its first letter. */
    private static Tex word(TexParser p) {
        Token t = p.next();
        String w = t.text();
        if (w.length() == 1 || p.words.contains(w) || p.functions.contains(w)
                || TexParser.FUNCTION_WORDS.contains(w) && p.peek().is('(')) {
            return new Sym(w, 0, null, null, t.start());
        }
        // letters written together are a product of single-letter symbols: split the run in place
        p.tokens.set(p.pos - 1, new Token(Kind.WORD, w.substring(1), t.start() + 1, t.end()));
        p.pos--;
        return new Sym(w.substring(0, 1), 0, null, null, t.start());
    }

    /**
     * Whether the tokens from {@code from} to the parser's place are factors only, with no '+', '-' or '/' and no
     * power or prime outside a group of their own: then a ')' left out may be supplied anywhere after the first
     * factor with the same value ({@code (w h(n)} is {@code (w) h(n)} and {@code (w h(n))}); with a sum it could not
     * ({@code (h - y \frac{..}{..}}: {@code (h - y) \frac{..}{..}} or not?), nor before a power ({@code (a b^2}:
     * {@code (a b)^2}?). Only a group's closing brace ends it: a row's end may be followed by its continuation.
     */
    private static boolean onlyFactors(TexParser p, int from) {
        int depth = 0;
        for (int k = from; k < p.pos; k++) {
            Token t = p.tokens.get(k);
            if (t.is('(') || t.is('[') || t.is('{')) {
                depth++;
            } else if (t.is(')') || t.is(']') || t.is('}')) {
                depth--;
            } else if (depth == 0 && (t.is('+') || t.is('-') || t.is('/') || t.is('=') || t.is('^') || t.is('\'')
                    || t.kind() == Kind.COMMAND && List.of("pm", "mp", "div").contains(t.text()))) {
                return false;
            }
        }
        return true;
    }

    private static Tex character(TexParser p, Token t) {
        if (t.is('(') || t.is('[')) {
            p.next();
            int open = p.pos;
            Tex x = p.chainOrExpression();
            if (p.peek().is(',')) {
                throw p.error(p.peek(), "a list inside '" + t + "...': if the symbol before it is a function, name "
                        + "it among the notation's functions so that it is read as one applied to arguments");
            }
            if (t.is('(') && p.supplied != null && p.peek().is('}') && onlyFactors(p, open)) {
                p.supplied.add(p.peek().start()); // the page's '(' is left open where its group ends
                return x;
            }
            p.expect(t.is('(') ? ')' : ']', "to close the '" + t + "' at " + p.source.position(t.start()));
            return x;
        }
        if (t.is('{')) {
            return group(p);
        }
        if (t.is('|')) {
            p.next();
            p.openBars++;
            Tex x = p.expression();
            p.openBars--;
            p.expect('|', "to close the '|' at " + p.source.position(t.start()));
            return new Abs(x, false, t.start());
        }
        if (TexParser.isUnicodeLetter(t)) {
            p.next();
            return new Sym(t.text(), 0, null, null, t.start());
        }
        throw p.error(t, "expected an expression, found " + TexParser.describe(t));
    }

    private static Tex command(TexParser p, Token t) {
        String c = t.text();
        if (GREEK.contains(c) || TexParser.FUNCTION_COMMANDS.contains(c)) {
            p.next();
            return new Sym("\\" + c, 0, null, null, t.start());
        }
        if (DECORATIONS.contains(c)) {
            p.next();
            String inner = TexPrinter.print(group(p));
            return new Sym("\\" + c + "{" + inner + "}", 0, null, null, t.start());
        }
        switch (c) {
            case "frac": case "dfrac": case "tfrac":
                return fraction(p);
            case "sqrt":
                p.next();
                return new Sqrt(group(p), t.start());
            case "left":
                return leftRight(p);
            case "sum": case "prod":
                return bigOperator(p, c.equals("prod"));
            case "text": case "textrm": case "textit": case "mbox": case "operatorname":
                return text(p, c.equals("operatorname"));
            case "begin":
                return environment(p);
            case "underbrace":
                p.next();
                Tex x = group(p);
                p.expect('_', "after \\underbrace{...}: its label");
                return new Underbrace(x, script(p, false), t.start());
            case "lVert": case "|":
                p.next();
                Tex inner = p.expression();
                Token close = p.next();
                if (!close.isCommand("rVert") && !close.isCommand("|")) {
                    throw p.error(close, "expected \\rVert to close the norm at " + p.source.position(t.start()));
                }
                return new Abs(inner, true, t.start());
            case "{":
                p.next();
                Tex set = p.chainOrExpression();
                if (p.peek().is(',') || !(set instanceof Cmp)) { // a set literal \{3, 4\}, \{5\}; 1\{i = j\} stays
                    List<Tex> items = new ArrayList<>(List.of(set));
                    while (p.peek().is(',')) {
                        p.next();
                        items.add(p.expression());
                    }
                    set = new Indices(items, true, t.start());
                }
                if (!p.next().isCommand("}")) {
                    throw p.error(p.tokens.get(p.pos - 1), "expected \\} to close the \\{ at "
                            + p.source.position(t.start()));
                }
                return set;
            case "top": case "intercal":
                p.next();
                return new Sym("\\top", 0, null, null, t.start());
            case "ldots": case "cdots": case "dots":
                p.next();
                return new Ellipsis(t.start());
            case "partial":
                throw p.error(t, "a \\partial outside a fraction: write the derivative as "
                        + "\\frac{\\partial L}{\\partial x}");
            default:
                throw p.error(t, "unknown macro \\" + c);
        }
    }

    /** {@code {...}} as an expression. */
    static Tex group(TexParser p) {
        Token open = p.peek();
        if (!open.is('{')) {
            // a single token argument: \frac12, \sqrt x, \hat y
            if (open.kind() == Kind.NUMBER && open.text().length() > 1 && !open.text().contains(".")) {
                p.tokens.set(p.pos, new Token(Kind.NUMBER, open.text().substring(1), open.start() + 1, open.end()));
                return new Num(open.text().charAt(0) - '0', open.text().substring(0, 1), open.start());
            }
            return p.postfix();
        }
        p.next();
        p.enter();
        Tex x = p.peek().is('}') ? new Text("", open.start()) : p.chainOrExpression();
        p.skipDecorations();
        p.expect('}', "to close the '{' at " + p.source.position(open.start()));
        p.leave();
        return x;
    }

    /** A braced group skipped without reading it (the argument of \tag, \label). */
    static void rawGroup(TexParser p) {
        if (!p.peek().is('{')) {
            return;
        }
        int level = 0;
        do {
            Token t = p.next();
            if (t.kind() == Kind.END) {
                throw p.error(t, "unbalanced braces: a '{' is never closed");
            }
            level += t.is('{') ? 1 : t.is('}') ? -1 : 0;
        } while (level > 0);
    }

    /** A sub- or superscript: a braced group or one token; subscripts read index lists ({@code ji}, {@code 1,2}). */
    static Tex script(TexParser p, boolean sub) {
        Token t = p.peek();
        if (!t.is('{')) {
            if (t.kind() == Kind.NUMBER) {
                p.next();
                return new Num(Double.parseDouble(t.text()), t.text(), t.start());
            }
            if (t.kind() == Kind.WORD && t.text().length() > 1) {
                // x_ij: TeX takes one letter; students mean both. Kept as written: the notation reads it.
                p.next();
                return new Sym(t.text(), 0, null, null, t.start());
            }
            return TexConstructs.primary(p);
        }
        p.next();
        p.enter();
        List<Tex> items = new ArrayList<>();
        boolean separated = false;
        boolean parens = p.peek().is('(') && hasTopLevelComma(p);
        if (parens) {
            p.next();
        }
        items.add(p.expression());
        while (p.peek().is(',')) {
            p.next();
            separated = true;
            items.add(p.expression());
        }
        if (parens) {
            p.expect(')', "to close the index list");
        }
        p.expect('}', "to close the " + (sub ? "subscript" : "superscript") + " at " + p.source.position(t.start()));
        p.leave();
        return items.size() == 1 && !parens ? items.get(0) : new Indices(items, separated || parens, t.start());
    }

    private static boolean hasTopLevelComma(TexParser p) {
        int level = 0;
        for (int i = p.pos; i < p.tokens.size(); i++) {
            Token t = p.tokens.get(i);
            if (t.is('(') || t.is('{')) {
                level++;
            } else if (t.is(')') || t.is('}')) {
                if (--level <= 0) {
                    return false;
                }
            } else if (t.is(',') && level == 1) {
                return true;
            }
        }
        return false;
    }

    /** A parenthesised argument list of a function: {@code (x)}, {@code (a, b)}, {@code \left( x \right)}. */
    static List<Tex> arguments(TexParser p) {
        Token open = p.next();
        boolean left = open.isCommand("left");
        if (left) {
            Token d = p.next();
            if (!d.is('(') && !d.is('[')) {
                throw p.error(d, "expected '(' after \\left for the argument, found " + TexParser.describe(d));
            }
        }
        List<Tex> args = new ArrayList<>();
        args.add(p.chainOrExpression());
        while (p.peek().is(',')) {
            p.next();
            args.add(p.chainOrExpression());
        }
        if (left) {
            Token r = p.next();
            if (!r.isCommand("right")) {
                throw p.error(r, "expected \\right) to close the \\left( at " + p.source.position(open.start()));
            }
            p.next();
        } else {
            p.expect(')', "to close the argument list at " + p.source.position(open.start()));
        }
        return args;
    }

    private static Tex leftRight(TexParser p) {
        Token left = p.next();
        Token open = p.next();
        Tex x = p.expression();
        Token right = p.next();
        if (!right.isCommand("right")) {
            throw p.error(right, "expected \\right to close the \\left at " + p.source.position(left.start())
                    + ", found " + TexParser.describe(right));
        }
        Token close = p.next();
        if (open.is('|') || open.isCommand("lvert")) {
            return new Abs(x, false, left.start());
        }
        if (open.isCommand("lVert") || open.isCommand("|")) {
            return new Abs(x, true, left.start());
        }
        if (close.kind() == Kind.END) {
            throw p.error(close, "\\right needs a delimiter");
        }
        return x;
    }

    /**
     * {@code \frac{a}{b}}, or a derivative when the numerator starts with an operator ({@code \partial},
     * {@code \delta}, {@code d}): {@code \frac{\partial L}{\partial w}}, {@code \frac{d\sigma(x)}{dx}},
     * {@code \frac{\partial}{\partial x}}. A derivative whose denominator lacks the operator
     * ({@code \frac{\partial n_j}{w_{ji}}}) is kept as written, marked not well formed.
     */
    private static Tex fraction(TexParser p) {
        Token f = p.next();
        String op = operator(p);
        if (op == null) {
            Tex num = group(p);
            return new Frac(num, group(p), f.start());
        }
        Token open = p.expect('{', "after \\" + f.text());
        consumeOperator(p, op);
        Tex of = p.peek().is('}') ? null : p.chainOrExpression();
        p.expect('}', "to close the numerator at " + p.source.position(open.start()));
        String denOp = operator(p);
        Tex wrt;
        if (denOp == null) {
            wrt = group(p);
        } else {
            Token d = p.expect('{', "after the numerator of \\" + f.text());
            consumeOperator(p, denOp);
            if (p.peek().is('}')) {
                throw p.error(d, "a derivative with respect to nothing: the denominator holds only the operator");
            }
            wrt = p.expression();
            p.expect('}', "to close the denominator at " + p.source.position(d.start()));
        }
        return new Deriv(of, wrt, op, op.equals(denOp), f.start());
    }

    /** The derivative operator that starts the next braced group, if any: partial, delta or d. */
    private static String operator(TexParser p) {
        if (!p.peek().is('{')) {
            return null;
        }
        Token first = p.peek(1);
        if (first.isCommand("partial")) {
            return "partial";
        }
        if (first.isCommand("delta")) {
            return "delta";
        }
        if (first.isCommand("mathrm") && p.peek(3).text().equals("d") && p.peek(4).is('}')) {
            return "d";
        }
        if (first.kind() == Kind.WORD && first.text().startsWith("d")
                && (first.text().length() > 1 || !p.peek(2).is('}') && !p.peek(2).is('^'))) {
            return "d";
        }
        // \frac{d}{dx} f: the operator alone over a denominator that starts with d and a variable
        Token den = p.peek(4);
        if (first.kind() == Kind.WORD && first.text().equals("d") && p.peek(2).is('}') && p.peek(3).is('{')
                && den.kind() == Kind.WORD && den.text().startsWith("d") && den.text().length() > 1) {
            return "d";
        }
        return null;
    }

    /** Consumes the operator at the cursor ({@code \partial}, {@code \delta}, {@code \mathrm{d}} or the d of dx). */
    private static void consumeOperator(TexParser p, String op) {
        Token t = p.next();
        if (op.equals("d") && t.isCommand("mathrm")) {
            p.next();
            p.next();
            p.next();
        } else if (op.equals("d") && t.text().length() > 1) {
            p.pos--; // "dx": keep x
            p.tokens.set(p.pos, new Token(Kind.WORD, t.text().substring(1), t.start() + 1, t.end()));
        }
    }

    private static Tex bigOperator(TexParser p, boolean product) {
        Token t = p.next();
        Tex sub = null;
        Tex sup = null;
        for (int i = 0; i < 2; i++) {
            if (p.peek().is('_') && sub == null) {
                p.next();
                sub = group(p);
            } else if (p.peek().is('^') && sup == null) {
                p.next();
                sup = script(p, false);
            }
        }
        Tex body = p.term();
        String index = null;
        Tex from = null;
        Tex set = null;
        Tex excluded = null;
        Tex condition = sub;
        if (sub instanceof Cmp c && c.left() instanceof Sym s && s.sub() == null && s.sup() == null) {
            index = s.name();
            condition = null;
            switch (c.op()) {
                case "=": from = c.right(); break;
                case "\\in": set = c.right(); break;
                case "\\neq": excluded = c.right(); break;
                default: index = null; condition = sub;
            }
        } else if (sub instanceof Sym s && s.sub() == null) {
            index = s.name();
            condition = null;
        }
        return new Sum(product, index, from, sup, set, excluded, condition, body, t.start());
    }

    private static Tex text(TexParser p, boolean name) {
        Token t = p.next();
        Token open = p.expect('{', "after \\" + t.text());
        int level = 1;
        StringBuilder s = new StringBuilder();
        int start = open.end();
        while (level > 0) {
            Token x = p.next();
            if (x.kind() == Kind.END) {
                throw p.error(open, "unbalanced braces: the '{' of \\" + t.text() + " is never closed");
            }
            level += x.is('{') ? 1 : x.is('}') ? -1 : 0;
        }
        String raw = p.source.text().substring(start, p.tokens.get(p.pos - 1).start()).strip();
        s.append(raw);
        if ((name || raw.matches("[A-Za-z][A-Za-z0-9]*")) && (p.words.contains(raw) || p.functions.contains(raw)
                || name)) {
            return new Sym(raw, 0, null, null, t.start());
        }
        return new Text(s.toString(), t.start());
    }

    private static Tex environment(TexParser p) {
        Token begin = p.next();
        String env = envName(p, begin);
        if (MATRICES.contains(env) || env.equals("cases")) {
            List<List<Tex>> rows = new ArrayList<>();
            List<Tex> row = new ArrayList<>();
            while (true) {
                p.skipDecorations();
                if (p.peek().isCommand("end")) {
                    p.next();
                    String end = envName(p, p.tokens.get(p.pos - 1));
                    if (!end.equals(env)) {
                        throw p.error(begin, "\\begin{" + env + "} closed by \\end{" + end + "}");
                    }
                    break;
                }
                row.add(p.peek().is('&') || p.peek().isCommand("\\") ? new Text("", p.peek().start())
                        : p.chainOrExpression());
                while (p.peek().is(',') || p.peek().is('.') || p.peek().is(';')) {
                    p.next(); // "x, & x > 0": punctuation closing a cell
                }
                if (p.peek().is('&')) {
                    p.next();
                } else if (p.peek().isCommand("\\")) {
                    p.next();
                    rows.add(row);
                    row = new ArrayList<>();
                } else if (!p.peek().isCommand("end")) {
                    throw p.error(p.peek(), "expected '&', '\\\\' or \\end{" + env + "}, found "
                            + TexParser.describe(p.peek()));
                }
            }
            if (!row.isEmpty()) {
                rows.add(row);
            }
            return env.equals("cases") ? cases(p, rows, begin) : new Matrix(rows, env, begin.start());
        }
        throw p.error(begin, "the environment " + env + " inside a formula (known: bmatrix, pmatrix, matrix, cases; "
                + "align, split, aligned, gather and equation around a whole formula)");
    }

    private static Tex cases(TexParser p, List<List<Tex>> rows, Token begin) {
        List<Tex> values = new ArrayList<>();
        List<Tex> conditions = new ArrayList<>();
        for (List<Tex> r : rows) {
            if (r.size() > 2) {
                throw p.error(begin, "a row of cases with " + r.size() + " columns; a case is 'value & condition'");
            }
            values.add(r.get(0));
            Tex c = r.size() > 1 ? r.get(1) : null;
            conditions.add(c instanceof Text tx && (tx.text().isBlank() || tx.text().contains("otherwise")
                    || tx.text().contains("else")) ? null : withoutLeadingText(c));
        }
        return new Cases(values, conditions, begin.start());
    }

    /** "\\text{if } x > 0" as the condition x > 0. */
    private static Tex withoutLeadingText(Tex c) {
        if (c instanceof Cmp cmp && cmp.left() instanceof Bin b && b.implicit() && b.left() instanceof Text) {
            return new Cmp(cmp.op(), b.right(), cmp.right(), cmp.at());
        }
        return c;
    }

    private static String envName(TexParser p, Token at) {
        p.expect('{', "after \\" + at.text());
        StringBuilder s = new StringBuilder();
        while (!p.peek().is('}')) {
            Token t = p.next();
            if (t.kind() == Kind.END) {
                throw p.error(at, "unbalanced braces after \\" + at.text());
            }
            s.append(t.text());
        }
        p.next();
        return s.toString();
    }
}
