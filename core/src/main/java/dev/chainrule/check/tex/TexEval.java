package dev.chainrule.check.tex;

import dev.chainrule.check.tex.Tex.Abs;
import dev.chainrule.check.tex.Tex.Apply;
import dev.chainrule.check.tex.Tex.Bin;
import dev.chainrule.check.tex.Tex.Cmp;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Frac;
import dev.chainrule.check.tex.Tex.Neg;
import dev.chainrule.check.tex.Tex.Num;
import dev.chainrule.check.tex.Tex.Pow;
import dev.chainrule.check.tex.Tex.Sqrt;
import dev.chainrule.check.tex.Tex.Sum;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.Tex.Underbrace;
import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Scalar;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of a scalar {@link Tex} tree, given what its symbols mean ({@link Scope}), on any front end: on
 * constant {@link Scalar}s for a number, on recording Scalars for a loss that autograd differentiates. Sums bind
 * their index in the scope of their body (over integer limits, or over a set the scope names); a comparison in
 * a product is an indicator (1 when it holds, else 0, as in {@code 1\{i = j\}}). The walk is recursive over the
 * tree, whose depth the parser bounds ({@link TexParser#MAX_DEPTH}).
 */
public final class TexEval {
    /** What the symbols, functions, derivatives and index sets of a formula mean. */
    public interface Scope<T extends Differentiable<T>> {
        /**
         * {@return {@code value} as a constant of the scope's number type}
         *
         * @param value the number, as written or as an index variable's value
         */
        T constant(double value);

        /**
         * {@return the value of a symbol, the sums' index variables bound in {@code indices}}
         *
         * @param s       the symbol as written, with its primes and scripts
         * @param indices the index variables of the enclosing sums and their values
         */
        T symbol(Sym s, Map<String, Integer> indices);

        /**
         * {@return the value of a function the scope defines, or null to fall back to the built-in ones}
         *
         * @param fn      the function as a symbol, with its primes and scripts
         * @param args    the values of its arguments, in order
         * @param indices the index variables of the enclosing sums and their values
         */
        default T apply(Sym fn, List<T> args, Map<String, Integer> indices) {
            return null;
        }

        /**
         * {@return the value of a derivative ({@code \frac{\partial L}{\partial w}})} By default a derivative has none.
         *
         * @param d       the derivative as written
         * @param indices the index variables of the enclosing sums and their values
         */
        default T derivative(Deriv d, Map<String, Integer> indices) {
            throw new IllegalArgumentException("a derivative (" + TexPrinter.print(d) + ") has no value here");
        }

        /**
         * {@return the index values of a sum written without limits ({@code \sum_k})} Every value the scope knows,
         * where a term that names something absent ({@link #absentTerm}) counts as 0.
         *
         * @param index   the sum's index letter
         * @param indices the index variables of the enclosing sums and their values
         */
        default List<Integer> all(String index, Map<String, Integer> indices) {
            throw new IllegalArgumentException("a sum over " + index + " without limits has no index range here "
                    + "(write _{" + index + "=1}^{n} or _{" + index + " \\in S})");
        }

        /**
         * {@return whether a term of a sum without limits failed only because it names something absent (a 0 term)}
         *
         * @param e the exception evaluating the term threw
         */
        default boolean absentTerm(RuntimeException e) {
            return false;
        }

        /** {@return the first index of the page (0 or 1): where a sum written {@code _{j \neq i}^{C}} starts} */
        default int firstIndex() {
            return 1;
        }

        /**
         * {@return the index values of a sum over a set ({@code k \in Downstream(j)})}
         *
         * @param set     the set as written
         * @param indices the index variables of the enclosing sums and their values
         */
        default List<Integer> set(Tex set, Map<String, Integer> indices) {
            throw new IllegalArgumentException("the set " + TexPrinter.print(set) + " has no members here");
        }
    }

    private TexEval() {
    }

    /**
     * {@return the number a tree evaluates to with constant Scalars}
     *
     * @param t     the formula, or one side of it
     * @param scope what its symbols mean
     */
    public static double value(Tex t, Scope<Scalar> scope) {
        return eval(t, scope, new HashMap<>()).value();
    }

    /**
     * {@return the value of {@code t} with the given index variables bound}
     *
     * @param t       the formula, or one side of it
     * @param scope   what its symbols mean
     * @param indices the index variables of the enclosing sums and their values (empty at the top)
     * @param <T>     the number type ({@link Scalar}, a dual number, ...)
     */
    public static <T extends Differentiable<T>> T eval(Tex t, Scope<T> scope, Map<String, Integer> indices) {
        if (t instanceof Num n) {
            return scope.constant(n.value());
        } else if (t instanceof Sym s) {
            Integer bound = s.sub() == null && s.sup() == null && s.primes() == 0 ? indices.get(s.name()) : null;
            return bound != null ? scope.constant(bound) : scope.symbol(s, indices);
        } else if (t instanceof Bin b) {
            T l = eval(b.left(), scope, indices);
            T r = eval(b.right(), scope, indices);
            return switch (b.op()) {
                case '+' -> l.add(r);
                case '-' -> l.sub(r);
                case '/' -> l.div(r);
                default -> l.mul(r);
            };
        } else if (t instanceof Neg n) {
            return eval(n.x(), scope, indices).neg();
        } else if (t instanceof Frac f) {
            return eval(f.num(), scope, indices).div(eval(f.den(), scope, indices));
        } else if (t instanceof Pow p) {
            return power(eval(p.base(), scope, indices), p.exponent(), scope, indices);
        } else if (t instanceof Sqrt r) {
            return eval(r.x(), scope, indices).sqrt();
        } else if (t instanceof Abs a) {
            return eval(a.x(), scope, indices).abs();
        } else if (t instanceof Apply a) {
            return apply(a, scope, indices);
        } else if (t instanceof Sum s) {
            return sum(s, scope, indices);
        } else if (t instanceof Cmp c) {
            return indicator(c, scope, indices);
        } else if (t instanceof Deriv d) {
            return scope.derivative(d, indices);
        } else if (t instanceof Underbrace u) {
            return eval(u.x(), scope, indices);
        } else if (t instanceof Tex.Cases c) {
            for (int i = 0; i < c.values().size(); i++) {
                Tex cond = c.conditions().get(i);
                if (cond == null || value(eval(cond, scope, indices)) == 1) {
                    return eval(c.values().get(i), scope, indices);
                }
            }
            throw new IllegalArgumentException("no case of '" + TexPrinter.print(c) + "' holds here");
        }
        throw new IllegalArgumentException(describe(t) + " has no numeric value");
    }

    /**
     * {@return {@code base^exponent}: a numeric exponent as a constant power, any other as base^T (for scopes)}
     *
     * @param base     the value of the base
     * @param exponent the exponent as written; a number or a negated number is a constant power
     * @param scope    what the exponent's symbols mean
     * @param indices  the index variables of the enclosing sums and their values
     * @param <T>      the number type ({@link Scalar}, a dual number, ...)
     */
    public static <T extends Differentiable<T>> T power(T base, Tex exponent, Scope<T> scope,
                                                        Map<String, Integer> indices) {
        if (exponent instanceof Num n) {
            return base.pow(n.value());
        }
        if (exponent instanceof Neg neg && neg.x() instanceof Num n) {
            return base.pow(-n.value());
        }
        return base.pow(eval(exponent, scope, indices));
    }

    private static <T extends Differentiable<T>> T apply(Apply a, Scope<T> scope, Map<String, Integer> indices) {
        refuseEquationArgument(a);
        List<T> args = a.args().stream().map(x -> eval(x, scope, indices)).toList();
        T own = scope.apply(a.fn(), args, indices);
        if (own != null) {
            return own;
        }
        if (a.fn().primes() > 0 || a.fn().sub() != null || a.fn().sup() != null && powerOf(a.fn()) == null) {
            throw new IllegalArgumentException("the function " + TexPrinter.print(a.fn()) + " has no meaning here");
        }
        T v = builtin(a.fn().name(), args);
        return a.fn().sup() == null ? v : v.pow(powerOf(a.fn()));
    }

    /**
     * The power a function's superscript raises its value to ({@code \cosh^2(x)} is (cosh x)^2), or null when it is
     * not a positive number ({@code \sigma^{-1}} is an inverse, not a power).
     */
    static Double powerOf(Sym fn) {
        return fn.sup() instanceof Num n && n.value() > 0 ? n.value() : null;
    }

    /**
     * Refuses an equation as a function's argument ({@code \\sigma(s_i = \\sum_j ...)}: a definition made in passing),
     * which would otherwise be read as an indicator, 1 or 0.
     */
    static void refuseEquationArgument(Apply a) {
        for (Tex arg : a.args()) {
            if (arg instanceof Cmp c && c.op().equals("=")) {
                throw new IllegalArgumentException("an equation inside " + TexPrinter.print(a.fn()) + "(...): '"
                        + TexPrinter.print(c) + "' defines " + TexPrinter.print(c.left()) + " in passing; write the "
                        + "definition as a formula of its own");
            }
        }
    }

    /**
     * A function every page knows, by its name as written ({@code \log}, {@code \sigma}, {@code \max}): one
     * table for the scalar and the matrix evaluation ({@link TexMatrix} applies it element by element).
     */
    static <T extends Differentiable<T>> T builtin(String written, List<T> args) {
        String name = written.startsWith("\\") ? written.substring(1) : written;
        T x = args.get(0);
        return switch (name) {
            case "log", "ln" -> x.log();
            case "exp" -> x.exp();
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tanh" -> x.tanh();
            case "sinh" -> x.exp().sub(x.neg().exp()).div(2.0);
            case "cosh" -> x.exp().add(x.neg().exp()).div(2.0);
            case "sigma", "sigmoid" -> x.sigmoid();
            case "max" -> args.size() == 2 ? x.max(args.get(1)) : x;
            case "min" -> args.size() == 2 ? x.min(args.get(1)) : x;
            case "relu", "ReLU" -> x.relu();
            default -> throw new IllegalArgumentException("the function " + written + " has no meaning here");
        };
    }

    private static <T extends Differentiable<T>> T sum(Sum s, Scope<T> scope, Map<String, Integer> indices) {
        List<Integer> range;
        if (s.index() != null && s.from() != null && s.to() != null) {
            int from = (int) Math.round(value(eval(s.from(), scope, indices)));
            int to = (int) Math.round(value(eval(s.to(), scope, indices)));
            range = java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
        } else if (s.index() != null && s.from() == null && s.to() != null && s.excluded() != null) {
            int to = (int) Math.round(value(eval(s.to(), scope, indices))); // _{j \neq i}^{C}: from the first index
            range = java.util.stream.IntStream.rangeClosed(scope.firstIndex(), to).boxed().toList();
        } else if (s.index() != null && s.set() != null) {
            range = scope.set(s.set(), indices);
        } else if (s.index() != null && s.from() == null && s.to() == null && s.condition() == null) {
            return openSum(s, scope, indices);
        } else {
            throw new IllegalArgumentException("a " + (s.product() ? "product" : "sum") + " over "
                    + (s.condition() == null ? "nothing named" : TexPrinter.print(s.condition()))
                    + " has no index range (write _{i=1}^{n} or _{k \\in S})");
        }
        Integer saved = indices.get(s.index());
        T acc = scope.constant(s.product() ? 1 : 0);
        for (int i : range) {
            if (s.excluded() != null && i == Math.round(value(eval(s.excluded(), scope, indices)))) {
                continue;
            }
            indices.put(s.index(), i);
            T v = eval(s.body(), scope, indices);
            acc = s.product() ? acc.mul(v) : acc.add(v);
        }
        if (saved == null) {
            indices.remove(s.index());
        } else {
            indices.put(s.index(), saved);
        }
        return acc;
    }

    /** {@code \\sum_k body}: over every value the scope knows, terms naming something absent left out. */
    private static <T extends Differentiable<T>> T openSum(Sum s, Scope<T> scope, Map<String, Integer> indices) {
        Integer saved = indices.get(s.index());
        T acc = scope.constant(s.product() ? 1 : 0);
        int terms = 0;
        for (int i : scope.all(s.index(), indices)) {
            if (s.excluded() != null && i == Math.round(value(eval(s.excluded(), scope, indices)))) {
                continue;
            }
            indices.put(s.index(), i);
            T v;
            try {
                v = eval(s.body(), scope, indices);
            } catch (RuntimeException e) {
                if (scope.absentTerm(e)) {
                    continue;
                }
                throw e;
            }
            acc = s.product() ? acc.mul(v) : acc.add(v);
            terms++;
        }
        if (saved == null) {
            indices.remove(s.index());
        } else {
            indices.put(s.index(), saved);
        }
        if (terms == 0) {
            throw new IllegalArgumentException("the sum over " + s.index() + " has no term that applies");
        }
        return acc;
    }

    private static <T extends Differentiable<T>> T indicator(Cmp c, Scope<T> scope, Map<String, Integer> indices) {
        if ((c.op().equals("\\in") || c.op().equals("\\notin")) && c.right() instanceof Tex.Indices set) {
            T x = eval(c.left(), scope, indices);
            T none = scope.constant(1);
            for (Tex item : set.items()) { // 1 - prod(1 - [x = item])
                T d = x.sub(eval(item, scope, indices));
                none = none.mul(d.sign().abs());
            }
            return c.op().equals("\\in") ? scope.constant(1).sub(none) : none;
        }
        return relation(c.op(), eval(c.left(), scope, indices), eval(c.right(), scope, indices));
    }

    /** A relation's indicator: 1 where {@code left op right} holds, else 0 (one rule for both evaluations). */
    static <T extends Differentiable<T>> T relation(String op, T left, T right) {
        T d = left.sub(right);
        T one = left.constantLike(1);
        return switch (op) {
            case "=" -> one.sub(d.sign().abs());
            case "\\neq" -> d.sign().abs();
            case ">" -> d.step();
            case "<" -> d.neg().step();
            case "\\ge" -> one.sub(d.neg().step());
            case "\\le" -> one.sub(d.step());
            default -> throw new IllegalArgumentException("the relation " + op + " has no numeric value");
        };
    }

    /** The number of a value that is a constant of the formula (a sum's limit). */
    static double value(Differentiable<?> v) {
        if (v instanceof Scalar s) {
            return s.value();
        }
        if (v instanceof dev.chainrule.core.Dual d) {
            return d.value();
        }
        throw new IllegalArgumentException("a sum's limit must be a number");
    }

    static String describe(Tex t) {
        return t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " '" + TexPrinter.print(t) + "'";
    }
}
