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
import java.util.stream.Collectors;

/**
 * {@link Tex} trees back to LaTeX, parenthesised by precedence so that parsing the text gives the same tree
 * (the round trip the tests check). The text is canonical, not the page's: {@code \cdot} for every explicit
 * product, a space for juxtaposition, braces around every script.
 */
public final class TexPrinter {
    private TexPrinter() {
    }

    /**
     * {@return the LaTeX of a tree, which parses back to the same tree}
     *
     * @param t the tree to print, usually from {@link TexParser}
     */
    public static String print(Tex t) {
        return print(t, 0);
    }

    /** Precedence of a node: 0 chain, 1 sum, 2 product, 3 sign, 4 atom. */
    static int precedence(Tex t) {
        if (t instanceof Chain || t instanceof Cmp) {
            return 0;
        }
        if (t instanceof Bin b) {
            return b.op() == '+' || b.op() == '-' ? 1 : 2;
        }
        if (t instanceof Neg) {
            return 3;
        }
        if (t instanceof Sum || t instanceof Deriv d && d.of() != null && !(d.of() instanceof Sym)) {
            return 2;
        }
        return 4;
    }

    private static String print(Tex t, int context) {
        String s = body(t);
        if (t instanceof Cmp && context > 0) {
            return "\\{" + s + "\\}"; // an indicator, 1\{k = j\}, as a page writes it
        }
        return precedence(t) < context ? "\\left(" + s + "\\right)" : s;
    }

    private static String body(Tex t) {
        if (t instanceof Num n) {
            return n.text();
        } else if (t instanceof Sym s) {
            return symbol(s);
        } else if (t instanceof Indices ix) {
            String items = ix.items().stream().map(TexPrinter::print).collect(Collectors.joining(ix.separated()
                    ? "," : " "));
            return ix.separated() ? "(" + items + ")" : items;
        } else if (t instanceof Apply a) {
            return symbol(a.fn()) + "\\left(" + a.args().stream().map(x -> print(x, 0))
                    .collect(Collectors.joining(", ")) + "\\right)";
        } else if (t instanceof Bin b) {
            return binary(b);
        } else if (t instanceof Neg n) {
            return "-" + print(n.x(), 4);
        } else if (t instanceof Frac f) {
            return "\\frac{" + print(f.num()) + "}{" + print(f.den()) + "}";
        } else if (t instanceof Pow p) {
            return print(p.base(), 5) + "^{" + print(p.exponent()) + "}";
        } else if (t instanceof Transpose tr) {
            return print(tr.x(), 5) + "^{T}";
        } else if (t instanceof Deriv d) {
            return derivative(d);
        } else if (t instanceof Sqrt r) {
            return "\\sqrt{" + print(r.x()) + "}";
        } else if (t instanceof Abs a) {
            return a.norm() ? "\\lVert " + print(a.x()) + " \\rVert" : "\\left|" + print(a.x()) + "\\right|";
        } else if (t instanceof Sum s) {
            return sum(s);
        } else if (t instanceof Matrix m) {
            return "\\begin{" + m.kind() + "}" + rows(m.rows()) + "\\end{" + m.kind() + "}";
        } else if (t instanceof Cases c) {
            StringBuilder s = new StringBuilder("\\begin{cases}");
            for (int i = 0; i < c.values().size(); i++) {
                Tex cond = c.conditions().get(i);
                s.append(i > 0 ? " \\\\ " : " ").append(print(c.values().get(i))).append(" & ")
                        .append(cond == null ? "\\text{otherwise}" : print(cond));
            }
            return s.append(" \\end{cases}").toString();
        } else if (t instanceof Cmp c) {
            String right = c.right() instanceof Indices set && c.op().endsWith("in")
                    ? set.items().stream().map(TexPrinter::print).collect(Collectors.joining(", ", "\\{", "\\}"))
                    : print(c.right(), 1);
            return print(c.left(), 1) + " " + relation(c.op()) + " " + right;
        } else if (t instanceof Underbrace u) {
            return "\\underbrace{" + print(u.x()) + "}_{" + print(u.label()) + "}";
        } else if (t instanceof Text x) {
            return "\\text{" + x.text() + "}";
        } else if (t instanceof Ellipsis) {
            return "\\ldots";
        } else if (t instanceof Chain c) {
            boolean continues = c.relations().size() == c.sides().size();
            StringBuilder s = new StringBuilder(continues ? c.relations().get(0) + " " : "");
            s.append(print(c.sides().get(0), 1));
            for (int i = continues ? 1 : 0; i < c.relations().size(); i++) {
                s.append(' ').append(c.relations().get(i)).append(' ')
                        .append(print(c.sides().get(i + (continues ? 0 : 1)), 1));
            }
            return s.toString();
        }
        throw new IllegalArgumentException("TexPrinter: unknown node " + t);
    }

    private static String relation(String op) {
        return op;
    }

    private static String symbol(Sym s) {
        StringBuilder b = new StringBuilder(s.name());
        b.append("'".repeat(s.primes()));
        if (s.sub() != null) {
            b.append("_{").append(print(s.sub())).append('}');
        }
        if (s.sup() != null) {
            b.append("^{").append(print(s.sup())).append('}');
        }
        return b.toString();
    }

    private static String binary(Bin b) {
        int p = b.op() == '+' || b.op() == '-' ? 1 : 2;
        String op = switch (b.op()) {
            case '+' -> " + ";
            case '-' -> " - ";
            case '/' -> " / ";
            case '⊙' -> " \\odot ";
            default -> b.implicit() ? " " : " \\cdot ";
        };
        if (b.implicit() && (b.right() instanceof Neg || b.right() instanceof Num && b.left() instanceof Num
                || b.right() instanceof Tex.Deriv d && d.of() == null)) {
            op = " \\cdot "; // "a -b" would read as a - b, "2 3" as one number
        }
        // a sum's summand runs to the next + or -: as the left factor of a product it needs parentheses
        // and a leading minus applies to the whole product after it ("-a b" is -(a b)), so a negative left
        // factor needs them too
        String left = (b.left() instanceof Sum || b.left() instanceof Neg) && p == 2
                ? "\\left(" + body(b.left()) + "\\right)" : print(b.left(), p);
        // left-associative: the right operand of - and / (and of any product) needs parentheses at equal level
        return left + op + print(b.right(), p + 1);
    }

    private static String derivative(Deriv d) {
        String op = switch (d.operator()) {
            case "partial" -> "\\partial ";
            case "delta" -> "\\delta ";
            default -> "d";
        };
        // as written: a denominator without the operator stays without it
        String wrt = (d.wellFormed() ? op : "") + print(d.wrt(), 4);
        if (d.of() == null) {
            return "\\frac{" + op.strip() + "}{" + wrt + "}";
        }
        if (d.of() instanceof Sym || d.of() instanceof Apply) {
            return "\\frac{" + op + print(d.of()) + "}{" + wrt + "}";
        }
        return "\\frac{" + op.strip() + "}{" + wrt + "} " + print(d.of(), 4);
    }

    private static String sum(Sum s) {
        StringBuilder b = new StringBuilder(s.product() ? "\\prod" : "\\sum");
        String sub = s.index() == null ? s.condition() == null ? null : print(s.condition())
                : s.from() != null ? s.index() + "=" + print(s.from())
                : s.set() != null ? s.index() + " \\in " + print(s.set())
                : s.excluded() != null ? s.index() + " \\neq " + print(s.excluded()) : s.index();
        if (sub != null) {
            b.append("_{").append(sub).append('}');
        }
        if (s.to() != null) {
            b.append("^{").append(print(s.to())).append('}');
        }
        return b.append(' ').append(print(s.body(), 4)).toString();
    }

    private static String rows(List<List<Tex>> rows) {
        return rows.stream().map(r -> r.stream().map(TexPrinter::print).collect(Collectors.joining(" & ")))
                .collect(Collectors.joining(" \\\\ ", " ", " "));
    }
}
