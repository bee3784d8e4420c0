package dev.chainrule.check.tex;

import dev.chainrule.check.tex.Tex.Abs;
import dev.chainrule.check.tex.Tex.Apply;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Cases;
import dev.chainrule.check.tex.Tex.Chain;
import dev.chainrule.check.tex.Tex.Cmp;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Ellipsis;
import dev.chainrule.check.tex.Tex.Frac;
import dev.chainrule.check.tex.Tex.Indices;
import dev.chainrule.check.tex.Tex.Matrix;
import dev.chainrule.check.tex.Tex.Neg;
import dev.chainrule.check.tex.Tex.Num;
import dev.chainrule.check.tex.Tex.Pow;
import dev.chainrule.check.tex.Tex.Sqrt;
import dev.chainrule.check.tex.Tex.Sum;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.Tex.Text;
import dev.chainrule.check.tex.Tex.Transpose;
import dev.chainrule.check.tex.Tex.Underbrace;

import java.util.List;
import java.util.Map;

/**
 * {@link Tex} trees as presentation MathML, which browsers render without a script or a download: a formula of
 * a report typeset from the tree the checker read, parenthesised by the same precedence as {@link TexPrinter}.
 * Every text taken from a page is escaped, so a symbol or a {@code \text{...}} cannot become markup.
 */
public final class TexMathML {
    private static final Map<String, String> GREEK = Map.ofEntries(Map.entry("alpha", "α"), Map.entry("beta", "β"),
            Map.entry("gamma", "γ"), Map.entry("delta", "δ"), Map.entry("epsilon", "ϵ"), Map.entry("varepsilon", "ε"),
            Map.entry("zeta", "ζ"), Map.entry("eta", "η"), Map.entry("theta", "θ"), Map.entry("vartheta", "ϑ"),
            Map.entry("iota", "ι"), Map.entry("kappa", "κ"), Map.entry("lambda", "λ"), Map.entry("mu", "μ"),
            Map.entry("nu", "ν"), Map.entry("xi", "ξ"), Map.entry("pi", "π"), Map.entry("rho", "ρ"),
            Map.entry("sigma", "σ"), Map.entry("tau", "τ"), Map.entry("upsilon", "υ"), Map.entry("phi", "ϕ"),
            Map.entry("varphi", "φ"), Map.entry("chi", "χ"), Map.entry("psi", "ψ"), Map.entry("omega", "ω"),
            Map.entry("Gamma", "Γ"), Map.entry("Delta", "Δ"), Map.entry("Theta", "Θ"), Map.entry("Lambda", "Λ"),
            Map.entry("Xi", "Ξ"), Map.entry("Pi", "Π"), Map.entry("Sigma", "Σ"), Map.entry("Phi", "Φ"),
            Map.entry("Psi", "Ψ"), Map.entry("Omega", "Ω"), Map.entry("ell", "ℓ"), Map.entry("nabla", "∇"));
    private static final Map<String, String> ACCENTS = Map.of("hat", "^", "widehat", "^", "bar", "¯",
            "overline", "¯", "tilde", "~", "vec", "→", "dot", "˙");
    private static final Map<String, String> RELATIONS = Map.ofEntries(Map.entry("\\leftarrow", "←"),
            Map.entry("\\gets", "←"), Map.entry("\\rightarrow", "→"), Map.entry("\\to", "→"),
            Map.entry("\\approx", "≈"), Map.entry("\\neq", "≠"), Map.entry("\\ne", "≠"), Map.entry("\\leq", "≤"),
            Map.entry("\\le", "≤"), Map.entry("\\geq", "≥"), Map.entry("\\ge", "≥"), Map.entry("\\in", "∈"),
            Map.entry("\\notin", "∉"), Map.entry("\\propto", "∝"), Map.entry("\\equiv", "≡"), Map.entry(":=", "≔"),
            Map.entry("\\sim", "∼"), Map.entry("\\lt", "<"), Map.entry("\\gt", ">"), Map.entry("\\implies", "⟹"),
            Map.entry("\\iff", "⟺"));

    private TexMathML() {
    }

    /**
     * {@return a display {@code <math>} element of the tree}
     *
     * @param t the formula to typeset
     */
    public static String math(Tex t) {
        return "<math display=\"block\">" + node(t, 0) + "</math>";
    }

    /**
     * {@return an inline {@code <math>} element of the tree (inside a sentence)}
     *
     * @param t the formula to typeset
     */
    public static String inline(Tex t) {
        return "<math>" + node(t, 0) + "</math>";
    }

    /**
     * {@return the text escaped for HTML and XML content and attributes} Control characters other than newline and tab
     * become spaces.
     *
     * @param s any text, such as a name taken from a page
     */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c == 0xFFFE || c == 0xFFFF
                        || Character.isSurrogate(c) && !pairedSurrogate(s, i) ? '\uFFFD' : c); // XML refuses these
            }
        }
        return b.toString();
    }

    /** Whether the surrogate at {@code i} is half of a pair. */
    private static boolean pairedSurrogate(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * {@link TexPrinter}'s precedence, but a derivative of a function ({@code \\frac{\\partial h(n)}{\\partial n}}) is
     * typeset as one fraction, an atom, where LaTeX text needs its parentheses.
     */
    private static int precedence(Tex t) {
        return t instanceof Deriv d && d.of() instanceof Apply ? 4 : TexPrinter.precedence(t);
    }

    private static String node(Tex t, int context) {
        String s = body(t);
        return precedence(t) < context ? fenced(s) : s;
    }

    private static String fenced(String s) {
        return "<mrow><mo>(</mo>" + s + "<mo>)</mo></mrow>";
    }

    private static String mo(String s) {
        return "<mo>" + escape(s) + "</mo>";
    }

    private static String body(Tex t) {
        if (t instanceof Num n) {
            return "<mn>" + escape(n.text()) + "</mn>";
        } else if (t instanceof Sym s) {
            return symbol(s);
        } else if (t instanceof Indices ix) {
            StringBuilder b = new StringBuilder("<mrow>");
            for (int i = 0; i < ix.items().size(); i++) {
                b.append(i > 0 && ix.separated() ? mo(",") : "").append(node(ix.items().get(i), 0));
            }
            String items = b.append("</mrow>").toString();
            return ix.separated() ? fenced(items) : items;
        } else if (t instanceof Apply a) {
            StringBuilder b = new StringBuilder("<mrow>").append(symbol(a.fn())).append("<mo>&#x2061;</mo>");
            StringBuilder args = new StringBuilder();
            for (int i = 0; i < a.args().size(); i++) {
                args.append(i > 0 ? mo(",") : "").append(node(a.args().get(i), 0));
            }
            return b.append(fenced(args.toString())).append("</mrow>").toString();
        } else if (t instanceof Bin b) {
            return binary(b);
        } else if (t instanceof Neg n) {
            return "<mrow>" + mo("−") + node(n.x(), 4) + "</mrow>";
        } else if (t instanceof Frac f) {
            return "<mfrac>" + row(f.num()) + row(f.den()) + "</mfrac>";
        } else if (t instanceof Pow p) {
            return "<msup>" + base(p.base()) + row(p.exponent()) + "</msup>";
        } else if (t instanceof Transpose tr) {
            return "<msup>" + base(tr.x()) + "<mi mathvariant=\"normal\">T</mi></msup>";
        } else if (t instanceof Deriv d) {
            return derivative(d);
        } else if (t instanceof Sqrt r) {
            return "<msqrt>" + node(r.x(), 0) + "</msqrt>";
        } else if (t instanceof Abs a) {
            String bar = a.norm() ? "‖" : "|";
            return "<mrow>" + mo(bar) + node(a.x(), 0) + mo(bar) + "</mrow>";
        } else if (t instanceof Sum s) {
            return sum(s);
        } else if (t instanceof Matrix m) {
            return "<mrow>" + mo("[") + table(m.rows()) + mo("]") + "</mrow>";
        } else if (t instanceof Cases c) {
            StringBuilder b = new StringBuilder("<mrow>").append(mo("{")).append("<mtable columnalign=\"left\">");
            for (int i = 0; i < c.values().size(); i++) {
                Tex cond = c.conditions().get(i);
                b.append("<mtr><mtd>").append(node(c.values().get(i), 0)).append("</mtd><mtd>")
                        .append(cond == null ? "<mtext>otherwise</mtext>" : node(cond, 0)).append("</mtd></mtr>");
            }
            return b.append("</mtable></mrow>").toString();
        } else if (t instanceof Cmp c) {
            return "<mrow>" + node(c.left(), 1) + mo(relation(c.op())) + node(c.right(), 1) + "</mrow>";
        } else if (t instanceof Underbrace u) {
            return "<munder><munder accentunder=\"true\">" + row(u.x()) + mo("⏟") + "</munder>" + row(u.label())
                    + "</munder>";
        } else if (t instanceof Text x) {
            return "<mtext>" + escape(x.text()) + "</mtext>";
        } else if (t instanceof Ellipsis) {
            return mo("…");
        } else if (t instanceof Chain c) {
            boolean continues = c.relations().size() == c.sides().size();
            StringBuilder b = new StringBuilder("<mrow>");
            if (continues) {
                b.append(mo(relation(c.relations().get(0))));
            }
            b.append(node(c.sides().get(0), 1));
            for (int i = continues ? 1 : 0; i < c.relations().size(); i++) {
                b.append(mo(relation(c.relations().get(i)))).append(node(c.sides().get(i + (continues ? 0 : 1)), 1));
            }
            return b.append("</mrow>").toString();
        }
        throw new IllegalArgumentException("TexMathML: unknown node " + t);
    }

    /**
     * The base of a power or a transpose: fenced unless it is an atom that carries no superscript of its own
     * ({@code W^T}, but {@code (W^2)^T} and {@code (a b)^2}).
     */
    private static String base(Tex t) {
        boolean bare = precedence(t) == 4 && !(t instanceof Pow || t instanceof Transpose
                || t instanceof Sym s && (s.sup() != null || s.primes() > 0));
        return bare ? node(t, 0) : fenced(body(t));
    }

    private static String row(Tex t) {
        return "<mrow>" + node(t, 0) + "</mrow>";
    }

    private static String relation(String op) {
        return RELATIONS.getOrDefault(op, op.startsWith("\\") ? op.substring(1) : op);
    }

    /** A symbol's name: a Greek letter, a decorated one ({@code \hat{y}}), a function command, or letters. */
    private static String name(String n) {
        if (n.startsWith("\\")) {
            String c = n.substring(1);
            int brace = c.indexOf('{');
            if (brace > 0 && c.endsWith("}")) {
                String cmd = c.substring(0, brace);
                String inner = c.substring(brace + 1, c.length() - 1);
                String base = latex(inner);
                if (ACCENTS.containsKey(cmd)) {
                    return "<mover accent=\"true\">" + base + mo(ACCENTS.get(cmd)) + "</mover>";
                }
                String variant = switch (cmd) {
                    case "mathbf", "boldsymbol", "bm" -> "bold";
                    case "mathcal" -> "script";
                    case "mathrm" -> "normal";
                    default -> "italic";
                };
                return "<mstyle mathvariant=\"" + variant + "\">" + base + "</mstyle>";
            }
            if (GREEK.containsKey(c)) {
                return "<mi>" + GREEK.get(c) + "</mi>";
            }
            return "<mi mathvariant=\"normal\">" + escape(c) + "</mi>"; // \log, \tanh
        }
        return n.length() == 1 ? "<mi>" + escape(n) + "</mi>" : "<mi mathvariant=\"normal\">" + escape(n) + "</mi>";
    }

    /** A piece of LaTeX kept as text in the tree (a decorated symbol's base, a sum's index), typeset. */
    private static String latex(String text) {
        try {
            return row(TexParser.parse(text));
        } catch (TexException e) {
            return "<mi>" + escape(text) + "</mi>";
        }
    }

    private static String symbol(Sym s) {
        String base = name(s.name()) + (s.primes() > 0 ? mo("′".repeat(s.primes())) : "");
        base = s.primes() > 0 ? "<mrow>" + base + "</mrow>" : base;
        if (s.sub() != null && s.sup() != null) {
            return "<msubsup>" + base + row(s.sub()) + row(s.sup()) + "</msubsup>";
        }
        if (s.sub() != null) {
            return "<msub>" + base + row(s.sub()) + "</msub>";
        }
        return s.sup() != null ? "<msup>" + base + row(s.sup()) + "</msup>" : base;
    }

    private static String binary(Bin b) {
        int p = b.op() == '+' || b.op() == '-' ? 1 : 2;
        String op = switch (b.op()) {
            case '+' -> mo("+");
            case '-' -> mo("−");
            case '/' -> mo("/");
            case '⊙' -> mo("⊙");
            default -> b.implicit() ? "<mo>&#x2062;</mo>" : mo("⋅");
        };
        String left = (b.left() instanceof Sum || b.left() instanceof Neg) && p == 2 ? fenced(body(b.left()))
                : node(b.left(), p);
        return "<mrow>" + left + op + node(b.right(), p + 1) + "</mrow>";
    }

    private static String derivative(Deriv d) {
        String op = switch (d.operator()) {
            case "partial" -> mo("∂");
            case "delta" -> "<mi>δ</mi>";
            default -> "<mi>d</mi>";
        };
        String wrt = "<mrow>" + (d.wellFormed() ? op : "") + node(d.wrt(), 4) + "</mrow>";
        if (d.of() == null) {
            return "<mfrac>" + op + wrt + "</mfrac>";
        }
        if (d.of() instanceof Sym || d.of() instanceof Apply) {
            return "<mfrac><mrow>" + op + node(d.of(), 0) + "</mrow>" + wrt + "</mfrac>";
        }
        return "<mrow><mfrac>" + op + wrt + "</mfrac>" + node(d.of(), 4) + "</mrow>";
    }

    private static String sum(Sum s) {
        String index = s.index() == null ? null : latex(s.index());
        String sub = s.index() == null ? s.condition() == null ? null : node(s.condition(), 0)
                : s.from() != null ? index + mo("=") + node(s.from(), 0)
                : s.set() != null ? index + mo("∈") + node(s.set(), 0)
                : s.excluded() != null ? index + mo("≠") + node(s.excluded(), 0)
                : index;
        String op = "<mo largeop=\"true\" movablelimits=\"false\">" + (s.product() ? "∏" : "∑") + "</mo>";
        String under = sub == null ? op : s.to() == null ? "<munder>" + op + "<mrow>" + sub + "</mrow></munder>"
                : "<munderover>" + op + "<mrow>" + sub + "</mrow>" + row(s.to()) + "</munderover>";
        if (sub == null && s.to() != null) {
            under = "<mover>" + op + row(s.to()) + "</mover>";
        }
        return "<mrow>" + under + node(s.body(), 4) + "</mrow>";
    }

    private static String table(List<List<Tex>> rows) {
        StringBuilder b = new StringBuilder("<mtable>");
        for (List<Tex> r : rows) {
            b.append("<mtr>");
            r.forEach(x -> b.append("<mtd>").append(node(x, 0)).append("</mtd>"));
            b.append("</mtr>");
        }
        return b.append("</mtable>").toString();
    }
}
