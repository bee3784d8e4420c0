package dev.chainrule.check.tex;

import dev.chainrule.check.tex.Tex.Abs;
import dev.chainrule.check.tex.Tex.Apply;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Cmp;
import dev.chainrule.check.tex.Tex.Frac;
import dev.chainrule.check.tex.Tex.Neg;
import dev.chainrule.check.tex.Tex.Num;
import dev.chainrule.check.tex.Tex.Pow;
import dev.chainrule.check.tex.Tex.Sqrt;
import dev.chainrule.check.tex.Tex.Sum;
import dev.chainrule.check.tex.Tex.Sym;

import java.util.HashMap;
import java.util.Map;

/**
 * The numeric value of a scalar {@link Tex} tree, given what its symbols mean ({@link Scope}). Sums with
 * integer limits bind their index in the scope of their body; a comparison in a product is an indicator
 * (1 when it holds, else 0, as in {@code 1\{i = j\}}). The walk is recursive over the tree, whose depth the
 * parser bounds ({@link TexParser#MAX_DEPTH}).
 */
public final class TexEval {
    /** What the symbols and functions of a formula mean. */
    public interface Scope {
        /** The value of a symbol, its indices already bound in {@code indices} (the sums' variables). */
        double symbol(Sym s, Map<String, Integer> indices);

        /** The value of a function the scope defines, or NaN to fall back to the built-in ones. */
        default double apply(Sym fn, double[] args, Map<String, Integer> indices) {
            return Double.NaN;
        }
    }

    private TexEval() {
    }

    /** The value of {@code t}. */
    public static double eval(Tex t, Scope scope) {
        return eval(t, scope, new HashMap<>());
    }

    /** The value of {@code t} with the given index variables bound. */
    public static double eval(Tex t, Scope scope, Map<String, Integer> indices) {
        if (t instanceof Num n) {
            return n.value();
        } else if (t instanceof Sym s) {
            Integer bound = s.sub() == null && s.sup() == null ? indices.get(s.name()) : null;
            return bound != null ? bound : scope.symbol(s, indices);
        } else if (t instanceof Bin b) {
            double l = eval(b.left(), scope, indices);
            double r = eval(b.right(), scope, indices);
            return switch (b.op()) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '/' -> l / r;
                default -> l * r;
            };
        } else if (t instanceof Neg n) {
            return -eval(n.x(), scope, indices);
        } else if (t instanceof Frac f) {
            return eval(f.num(), scope, indices) / eval(f.den(), scope, indices);
        } else if (t instanceof Pow p) {
            return Math.pow(eval(p.base(), scope, indices), eval(p.exponent(), scope, indices));
        } else if (t instanceof Sqrt r) {
            return Math.sqrt(eval(r.x(), scope, indices));
        } else if (t instanceof Abs a) {
            return Math.abs(eval(a.x(), scope, indices));
        } else if (t instanceof Apply a) {
            return apply(a, scope, indices);
        } else if (t instanceof Sum s) {
            return sum(s, scope, indices);
        } else if (t instanceof Cmp c) {
            return indicator(c, scope, indices);
        }
        throw new IllegalArgumentException("TexEval: " + describe(t) + " has no numeric value here");
    }

    private static double apply(Apply a, Scope scope, Map<String, Integer> indices) {
        double[] args = new double[a.args().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = eval(a.args().get(i), scope, indices);
        }
        double own = scope.apply(a.fn(), args, indices);
        if (!Double.isNaN(own)) {
            return own;
        }
        String name = a.fn().name().startsWith("\\") ? a.fn().name().substring(1) : a.fn().name();
        double x = args[0];
        return switch (name) {
            case "log", "ln" -> Math.log(x);
            case "exp" -> Math.exp(x);
            case "sin" -> Math.sin(x);
            case "cos" -> Math.cos(x);
            case "tan" -> Math.tan(x);
            case "tanh" -> Math.tanh(x);
            case "sinh" -> Math.sinh(x);
            case "cosh" -> Math.cosh(x);
            case "sigma", "sigmoid" -> 1 / (1 + Math.exp(-x));
            case "max" -> args.length == 2 ? Math.max(x, args[1]) : x;
            case "min" -> args.length == 2 ? Math.min(x, args[1]) : x;
            case "relu", "ReLU" -> Math.max(x, 0);
            default -> throw new IllegalArgumentException("TexEval: the function " + a.fn().name()
                    + " has no meaning here");
        };
    }

    private static double sum(Sum s, Scope scope, Map<String, Integer> indices) {
        if (s.index() == null || s.from() == null || s.to() == null) {
            throw new IllegalArgumentException("TexEval: a " + (s.product() ? "product" : "sum") + " without integer "
                    + "limits (index = from ... to) has no value without a notation");
        }
        int from = (int) Math.round(eval(s.from(), scope, indices));
        int to = (int) Math.round(eval(s.to(), scope, indices));
        Integer saved = indices.get(s.index());
        double acc = s.product() ? 1 : 0;
        for (int i = from; i <= to; i++) {
            indices.put(s.index(), i);
            double v = eval(s.body(), scope, indices);
            acc = s.product() ? acc * v : acc + v;
        }
        if (saved == null) {
            indices.remove(s.index());
        } else {
            indices.put(s.index(), saved);
        }
        return acc;
    }

    private static double indicator(Cmp c, Scope scope, Map<String, Integer> indices) {
        double l = eval(c.left(), scope, indices);
        double r = eval(c.right(), scope, indices);
        boolean holds = switch (c.op()) {
            case "=" -> l == r;
            case "<" -> l < r;
            case ">" -> l > r;
            case "\\le" -> l <= r;
            case "\\ge" -> l >= r;
            case "\\neq" -> l != r;
            default -> throw new IllegalArgumentException("TexEval: the relation " + c.op() + " has no value here");
        };
        return holds ? 1 : 0;
    }

    private static String describe(Tex t) {
        return t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " '" + TexPrinter.print(t) + "'";
    }
}
