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
import dev.chainrule.check.tex.Tex.Transpose;
import dev.chainrule.check.tex.Tex.Underbrace;
import dev.chainrule.core.Differentiable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The value of a {@link Tex} tree in matrix notation ({@code W^T \delta \odot \sigma'(z)}), given what its symbols
 * mean ({@link Scope}): every value is a matrix of differentiable numbers ({@link M}), a number being 1 x 1 and a
 * vector n x 1 or 1 x n as the notation's convention has it.
 *
 * <p>The rules, written once here:
 * <ul>
 *   <li>{@code +}, {@code -}, {@code \odot} and {@code /} work element by element, broadcasting a 1 x 1 value, a
 *       row or a column over the other side (a bias over a batch);</li>
 *   <li>a product (juxtaposition, {@code \cdot}, {@code \times}) with a 1 x 1 side scales the other; otherwise it
 *       is the matrix product when the inner sizes agree. Two vectors of one shape are ambiguous (an inner or an
 *       elementwise product?), as are two non-square matrices of one shape (a batch of vectors): the scope's {@link Scope#ambiguousProduct} decides, by default refusing them;</li>
 *   <li>a function ({@code \sigma}, {@code \log}, {@code f'}) applies element by element, unless the scope gives
 *       it another meaning ({@code softmax});</li>
 *   <li>a power with a number exponent is taken element by element; {@code ^T} transposes;
 *       {@code \lVert x \rVert} is the Frobenius norm and {@code |x|} the elementwise absolute value;</li>
 *   <li>a sum adds matrices of one shape; {@code bmatrix} builds a matrix from 1 x 1 entries;
 *       {@code cases} choose element by element.</li>
 * </ul>
 * The walk is recursive over the tree, whose depth the parser bounds ({@link TexParser#MAX_DEPTH}).
 */
public final class TexMatrix {
    /**
     * A matrix of differentiable numbers, row-major.
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @param e    the elements, row-major ({@code rows * cols} of them)
     * @param <T>  the number type (Scalar, Dual)
     */
    public record M<T extends Differentiable<T>>(int rows, int cols, List<T> e) {
        /**
         * A matrix, holding a copy of the elements; the sizes must be at least 1 and match the elements.
         *
         * @param rows the number of rows, at least 1
         * @param cols the number of columns, at least 1
         * @param e    the elements, row-major ({@code rows * cols} of them)
         */
        public M {
            e = List.copyOf(e);
            if (rows < 1 || cols < 1 || e.size() != rows * cols) {
                throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs " + rows * cols
                        + " elements, has " + e.size());
            }
        }

        /**
         * {@return a 1 x 1 matrix}
         *
         * @param x   its element
         * @param <T> the number type (Scalar, Dual)
         */
        public static <T extends Differentiable<T>> M<T> of(T x) {
            return new M<>(1, 1, List.of(x));
        }

        /**
         * {@return the element at row i, column j (from 0)}
         *
         * @param i the row, from 0
         * @param j the column, from 0
         */
        public T get(int i, int j) {
            return e.get(i * cols + j);
        }

        /** {@return whether it is 1 x 1} */
        public boolean isScalar() {
            return rows == 1 && cols == 1;
        }

        /** {@return its only element} A matrix of another shape is refused. */
        public T scalar() {
            if (!isScalar()) {
                throw new IllegalArgumentException("a " + shape() + " matrix where a number is expected");
            }
            return e.get(0);
        }

        /** {@return {@code rows x cols}, as messages write it} */
        public String shape() {
            return rows + " x " + cols;
        }

        /** {@return the transpose} */
        public M<T> transpose() {
            List<T> t = new ArrayList<>(e.size());
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) {
                    t.add(get(i, j));
                }
            }
            return new M<>(cols, rows, t);
        }

        /**
         * {@return each element mapped}
         *
         * @param f the function applied to each element
         */
        public M<T> map(UnaryOperator<T> f) {
            return new M<>(rows, cols, e.stream().map(f).toList());
        }
    }

    /**
     * A product whose factors' inner sizes differ ({@code x^T \\delta} of a 1 x 3 and a 4 x 1): undefined whatever the
     * values, so a formula that writes it is wrong in the shapes it is read in, not merely unreadable.
     */
    public static final class Unconformable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient Bin product;

        Unconformable(Bin product, String message) {
            super(message);
            this.product = product;
        }

        /** {@return the product as written} */
        public Bin product() {
            return product;
        }
    }

    /** What the symbols, functions, derivatives and index sets of a formula mean, as matrices. */
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
        M<T> symbol(Sym s, Map<String, Integer> indices);

        /**
         * {@return the value of a function the scope defines, or null to apply the built-in one element by element}
         *
         * @param fn      the function as a symbol, with its primes and scripts
         * @param args    the values of its arguments, in order (none when {@link #ignoresArguments} says so)
         * @param indices the index variables of the enclosing sums and their values
         */
        default M<T> apply(Sym fn, List<M<T>> args, Map<String, Integer> indices) {
            return null;
        }

        /**
         * {@return whether a function's arguments are only its name's decoration} ({@code l(\theta)}: the loss,
         * whatever theta is), so that they are not evaluated.
         *
         * @param fn the function as a symbol
         */
        default boolean ignoresArguments(Sym fn) {
            return false;
        }

        /**
         * {@return the value of a derivative ({@code \frac{\partial L}{\partial W^2}})} By default a derivative has
         * none.
         *
         * @param d       the derivative as written
         * @param indices the index variables of the enclosing sums and their values
         */
        default M<T> derivative(Deriv d, Map<String, Integer> indices) {
            throw new IllegalArgumentException("a derivative (" + TexPrinter.print(d) + ") has no value here");
        }

        /**
         * {@return a product of derivatives whose shapes do not multiply as matrices, read as the chain rule through
         * each factor's Jacobian} ({@code \\frac{\\partial L}{\\partial y} \\frac{\\partial y}{\\partial W}}); null
         * where the scope does not read it so.
         *
         * @param factors the derivatives of the product, left to right (at least two)
         * @param indices the index variables of the enclosing sums and their values
         */
        default M<T> chain(List<Deriv> factors, Map<String, Integer> indices) {
            return null;
        }

        /**
         * {@return the index values of a sum over a set ({@code k \in S}), or without limits ({@code set} null)}
         *
         * @param index   the sum's index letter
         * @param set     the set as written, or null for a sum without limits
         * @param indices the index variables of the enclosing sums and their values
         */
        default List<Integer> range(String index, Tex set, Map<String, Integer> indices) {
            throw new IllegalArgumentException("a sum over " + index + " without limits has no index range here "
                    + "(write _{" + index + "=1}^{n})");
        }

        /**
         * {@return whether a term of a sum without limits failed only because it names something absent (a 0 term)}
         * By default no failure is.
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
         * The product of two vectors of one shape ({@code a b}, {@code a \cdot b}), which a page may mean as an inner
         * or an elementwise product, or of two non-square matrices of one shape, which have no matrix product (a
         * batch of vectors, {@code W^T \delta f'(z)}): by default refused, so that the notation chooses the reading.
         *
         * @param a  the left factor's value
         * @param b  the right factor's value, of the same shape
         * @param at the product as written, for messages
         * @return the product as the notation reads it
         */
        default M<T> ambiguousProduct(M<T> a, M<T> b, Bin at) {
            String what = a.rows() == 1 || a.cols() == 1 ? " vectors" : " matrices, which have no matrix product";
            throw new IllegalArgumentException("'" + TexPrinter.print(at) + "' multiplies two " + a.shape() + what
                    + ": write a^T b (inner) or a \\odot b (elementwise), or say in the notation which one the page "
                    + "means (vector product: inner | elementwise)");
        }

        /**
         * The product of two column vectors of different lengths ({@code \\delta x}), which has no matrix product: a
         * notation whose vectors are columns may read it as the outer product {@code a b^T}; by default it is not read
         * (null).
         *
         * @param a  the left factor's value, n x 1
         * @param b  the right factor's value, m x 1 with m != n
         * @param at the product as written, for messages
         * @return the product as the notation reads it, or null to refuse it
         */
        default M<T> outerProduct(M<T> a, M<T> b, Bin at) {
            return null;
        }
    }

    private TexMatrix() {
    }

    /**
     * {@return the value of {@code t} with the given index variables bound}
     *
     * @param t       the formula, or one side of it
     * @param scope   what its symbols mean, as matrices
     * @param indices the index variables of the enclosing sums and their values (empty at the top)
     * @param <T>     the number type (Scalar, Dual)
     */
    public static <T extends Differentiable<T>> M<T> eval(Tex t, Scope<T> scope, Map<String, Integer> indices) {
        if (t instanceof Num n) {
            return M.of(scope.constant(n.value()));
        } else if (t instanceof Sym s) {
            Integer bound = s.sub() == null && s.sup() == null && s.primes() == 0 ? indices.get(s.name()) : null;
            return bound != null ? M.of(scope.constant(bound)) : scope.symbol(s, indices);
        } else if (t instanceof Bin b && "+-/⊙".indexOf(b.op()) < 0) {
            try {
                return product(eval(b.left(), scope, indices), eval(b.right(), scope, indices), scope, b);
            } catch (IllegalArgumentException e) {
                M<T> chain = chain(b, scope, indices);
                if (chain == null) {
                    throw e;
                }
                return chain;
            }
        } else if (t instanceof Bin b) {
            M<T> l = eval(b.left(), scope, indices);
            M<T> r = eval(b.right(), scope, indices);
            return switch (b.op()) {
                case '+' -> elementwise(l, r, T::add, b);
                case '-' -> elementwise(l, r, T::sub, b);
                case '/' -> elementwise(l, r, T::div, b);
                case '⊙' -> elementwise(l, r, T::mul, b);
                default -> product(l, r, scope, b);
            };
        } else if (t instanceof Neg n) {
            return eval(n.x(), scope, indices).map(T::neg);
        } else if (t instanceof Frac f) {
            return elementwise(eval(f.num(), scope, indices), eval(f.den(), scope, indices), T::div, f);
        } else if (t instanceof Pow p) {
            M<T> base = eval(p.base(), scope, indices);
            Double n = p.exponent() instanceof Num num ? Double.valueOf(num.value())
                    : p.exponent() instanceof Neg neg && neg.x() instanceof Num num ? Double.valueOf(-num.value())
                    : null;
            if (n != null) {
                return base.map(x -> x.pow(n)); // x^2 of a negative x: a constant power, never exp(2 log x)
            }
            return elementwise(base, eval(p.exponent(), scope, indices), T::pow, p);
        } else if (t instanceof Transpose tr) {
            return eval(tr.x(), scope, indices).transpose();
        } else if (t instanceof Sqrt r) {
            return eval(r.x(), scope, indices).map(T::sqrt);
        } else if (t instanceof Abs a) {
            M<T> x = eval(a.x(), scope, indices);
            if (!a.norm()) {
                return x.map(T::abs);
            }
            T sq = null;
            for (T v : x.e()) {
                sq = sq == null ? v.square() : sq.add(v.square());
            }
            return M.of(sq.sqrt());
        } else if (t instanceof Apply a) {
            TexEval.refuseEquationArgument(a);
            List<M<T>> args = scope.ignoresArguments(a.fn()) ? List.of()
                    : a.args().stream().map(x -> eval(x, scope, indices)).toList();
            M<T> own = scope.apply(a.fn(), args, indices);
            if (own != null) {
                return own;
            }
            Double power = TexEval.powerOf(a.fn());
            if (a.fn().primes() > 0 || a.fn().sub() != null || a.fn().sup() != null && power == null) {
                throw new IllegalArgumentException("the function " + TexPrinter.print(a.fn()) + " has no meaning "
                        + "here");
            }
            if (args.size() == 1) {
                return args.get(0).map(x -> {
                    T v = TexEval.builtin(a.fn().name(), List.of(x));
                    return power == null ? v : v.pow(power); // \cosh^2(x)
                });
            }
            return elementwise(args.get(0), args.get(1), (x, y) -> TexEval.builtin(a.fn().name(), List.of(x, y)), a);
        } else if (t instanceof Sum s) {
            return sum(s, scope, indices);
        } else if (t instanceof Cmp c) {
            return elementwise(eval(c.left(), scope, indices), eval(c.right(), scope, indices),
                    (x, y) -> TexEval.relation(c.op(), x, y), c);
        } else if (t instanceof Deriv d) {
            return scope.derivative(d, indices);
        } else if (t instanceof Underbrace u) {
            return eval(u.x(), scope, indices);
        } else if (t instanceof Tex.Matrix m) {
            return matrix(m, scope, indices);
        } else if (t instanceof Tex.Cases c) {
            return cases(c, scope, indices);
        }
        throw new IllegalArgumentException(TexEval.describe(t) + " has no value in matrix notation");
    }

    /** {@code a op b} element by element, a 1 x 1 side, a row or a column broadcast over the other. */
    static <T extends Differentiable<T>> M<T> elementwise(M<T> a, M<T> b, BinaryOperator<T> op, Tex at) {
        int rows = broadcast(a.rows(), b.rows());
        int cols = broadcast(a.cols(), b.cols());
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("'" + TexPrinter.print(at) + "': the sides are " + a.shape() + " and "
                    + b.shape() + ", which do not match element by element");
        }
        List<T> out = new ArrayList<>(rows * cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out.add(op.apply(a.get(a.rows() == 1 ? 0 : i, a.cols() == 1 ? 0 : j),
                        b.get(b.rows() == 1 ? 0 : i, b.cols() == 1 ? 0 : j)));
            }
        }
        return new M<>(rows, cols, out);
    }

    private static int broadcast(int a, int b) {
        return a == b ? a : a == 1 ? b : b == 1 ? a : -1;
    }

    /** A product as written: scaling by a number, the matrix product, or the scope's reading of two vectors. */
    private static <T extends Differentiable<T>> M<T> product(M<T> a, M<T> b, Scope<T> scope, Bin at) {
        if (a.isScalar() || b.isScalar()) {
            return elementwise(a, b, T::mul, at);
        }
        if (a.cols() == b.rows()) {
            List<T> out = new ArrayList<>(a.rows() * b.cols());
            for (int i = 0; i < a.rows(); i++) {
                for (int j = 0; j < b.cols(); j++) {
                    T acc = a.get(i, 0).mul(b.get(0, j));
                    for (int k = 1; k < a.cols(); k++) {
                        acc = acc.add(a.get(i, k).mul(b.get(k, j)));
                    }
                    out.add(acc);
                }
            }
            return new M<>(a.rows(), b.cols(), out);
        }
        if (a.rows() == b.rows() && a.cols() == b.cols()) {
            return scope.ambiguousProduct(a, b, at); // vectors, or matrices with no matrix product (a batch of them)
        }
        M<T> outer = a.cols() == 1 && b.cols() == 1 && a.rows() > 1 && b.rows() > 1 ? scope.outerProduct(a, b, at)
                : null;
        if (outer != null) {
            return outer;
        }
        throw new Unconformable(at, "'" + TexPrinter.print(at) + "' multiplies a " + a.shape() + " by a "
                + b.shape() + " matrix: the inner sizes " + a.cols() + " and " + b.rows() + " differ"
                + (a.rows() == b.rows() ? " (the left one transposed would agree)"
                : a.cols() == b.cols() ? " (the right one transposed would agree)"
                : a.rows() == b.cols() ? " (both transposed, or the product swapped, would agree)" : ""));
    }

    /**
     * {@return an inner product of two vectors of one shape (how a notation may read {@code a \cdot b}), as a 1 x 1
     * matrix}
     *
     * @param a   the left vector
     * @param b   the right vector, with as many elements
     * @param <T> the number type (Scalar, Dual)
     */
    public static <T extends Differentiable<T>> M<T> inner(M<T> a, M<T> b) {
        T acc = null;
        for (int k = 0; k < a.e().size(); k++) {
            T p = a.e().get(k).mul(b.e().get(k));
            acc = acc == null ? p : acc.add(p);
        }
        return M.of(acc);
    }

    /** A product of derivatives only (through underbraces) as the scope's chain rule, or null. */
    private static <T extends Differentiable<T>> M<T> chain(Bin b, Scope<T> scope, Map<String, Integer> indices) {
        List<Deriv> factors = new ArrayList<>();
        List<Tex> todo = new ArrayList<>(List.of(b));
        while (!todo.isEmpty()) {
            Tex x = todo.remove(0);
            if (x instanceof Bin p && "+-/⊙".indexOf(p.op()) < 0) {
                todo.add(0, p.right());
                todo.add(0, p.left());
            } else if (x instanceof Tex.Underbrace u) {
                todo.add(0, u.x());
            } else if (x instanceof Deriv d) {
                factors.add(d);
            } else {
                return null;
            }
        }
        try {
            return factors.size() < 2 ? null : scope.chain(factors, indices);
        } catch (IllegalArgumentException e) {
            return null; // the product's own error says why it is not read
        }
    }

    private static <T extends Differentiable<T>> M<T> sum(Sum s, Scope<T> scope, Map<String, Integer> indices) {
        if (s.index() == null) {
            throw new IllegalArgumentException("a " + (s.product() ? "product" : "sum") + " over "
                    + (s.condition() == null ? "nothing named" : TexPrinter.print(s.condition()))
                    + " has no index (write _{i=1}^{n})");
        }
        List<Integer> range;
        if (s.from() != null && s.to() != null) {
            int from = (int) Math.round(TexEval.value(eval(s.from(), scope, indices).scalar()));
            int to = (int) Math.round(TexEval.value(eval(s.to(), scope, indices).scalar()));
            range = IntStream.rangeClosed(from, to).boxed().toList();
        } else if (s.from() == null && s.to() != null && s.excluded() != null) { // _{j \neq i}^{C}: from the first
            int to = (int) Math.round(TexEval.value(eval(s.to(), scope, indices).scalar()));
            range = IntStream.rangeClosed(scope.firstIndex(), to).boxed().toList();
        } else if (s.from() == null && s.to() == null && s.condition() == null && s.set() == null) {
            return openSum(s, scope, indices);
        } else if (s.from() == null && s.to() == null && s.condition() == null) {
            range = scope.range(s.index(), s.set(), indices);
        } else {
            throw new IllegalArgumentException("the " + (s.product() ? "product" : "sum") + " over " + s.index()
                    + " has a range this page cannot read (write _{" + s.index() + "=1}^{n})");
        }
        Map<String, Integer> inner = new HashMap<>(indices);
        M<T> acc = null;
        for (int i : range) {
            if (s.excluded() != null
                    && i == Math.round(TexEval.value(eval(s.excluded(), scope, indices).scalar()))) {
                continue;
            }
            inner.put(s.index(), i);
            M<T> v = eval(s.body(), scope, inner);
            acc = acc == null ? v : elementwise(acc, v, s.product() ? T::mul : T::add, s);
        }
        // an empty sum is 0 and an empty product 1 (as in \sum_{j=0}^{-1}), whatever the body's shape
        return acc != null ? acc : M.of(scope.constant(s.product() ? 1 : 0));
    }

    /** {@code \\sum_k body}: over every value the scope knows, terms naming something absent left out. */
    private static <T extends Differentiable<T>> M<T> openSum(Sum s, Scope<T> scope, Map<String, Integer> indices) {
        Map<String, Integer> inner = new HashMap<>(indices);
        M<T> acc = null;
        RuntimeException absent = null;
        for (int i : scope.range(s.index(), null, indices)) {
            inner.put(s.index(), i);
            M<T> v;
            try {
                v = eval(s.body(), scope, inner);
            } catch (RuntimeException e) {
                if (scope.absentTerm(e)) {
                    absent = e;
                    continue;
                }
                throw e;
            }
            acc = acc == null ? v : elementwise(acc, v, s.product() ? T::mul : T::add, s);
        }
        if (acc == null && absent != null) {
            throw absent; // every term names something absent: to a sum around this one, an absent term too
        }
        if (acc == null) {
            throw new IllegalArgumentException("the " + (s.product() ? "product" : "sum") + " over " + s.index()
                    + " has no term that applies");
        }
        return acc;
    }

    private static <T extends Differentiable<T>> M<T> matrix(Tex.Matrix m, Scope<T> scope,
                                                            Map<String, Integer> indices) {
        int cols = m.rows().get(0).size();
        List<T> out = new ArrayList<>();
        for (List<Tex> row : m.rows()) {
            if (row.size() != cols) {
                throw new IllegalArgumentException("the matrix at '" + TexPrinter.print(m) + "' has rows of "
                        + cols + " and " + row.size() + " entries");
            }
            for (Tex entry : row) {
                M<T> v = eval(entry, scope, indices);
                if (!v.isScalar()) {
                    throw new IllegalArgumentException("the matrix entry '" + TexPrinter.print(entry) + "' is a "
                            + v.shape() + " matrix; each entry of a bmatrix must be a number");
                }
                out.add(v.scalar());
            }
        }
        return new M<>(m.rows().size(), cols, out);
    }

    /** {@code cases}: element by element, the first case whose condition holds there. */
    private static <T extends Differentiable<T>> M<T> cases(Tex.Cases c, Scope<T> scope,
                                                           Map<String, Integer> indices) {
        List<M<T>> values = c.values().stream().map(v -> eval(v, scope, indices)).toList();
        List<M<T>> conditions = c.conditions().stream().map(x -> x == null ? null : eval(x, scope, indices))
                .toList();
        int rows = 1;
        int cols = 1;
        for (int k = 0; k < values.size(); k++) {
            for (M<T> m : conditions.get(k) == null ? List.of(values.get(k)) : List.of(values.get(k),
                    conditions.get(k))) {
                rows = Math.max(rows, m.rows());
                cols = Math.max(cols, m.cols());
            }
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                T chosen = null;
                for (int k = 0; k < values.size() && chosen == null; k++) {
                    M<T> cond = conditions.get(k);
                    if (cond == null || TexEval.value(at(cond, i, j, c)) == 1) {
                        chosen = at(values.get(k), i, j, c);
                    }
                }
                if (chosen == null) {
                    throw new IllegalArgumentException("no case of '" + TexPrinter.print(c) + "' holds here");
                }
                out.add(chosen);
            }
        }
        return new M<>(rows, cols, out);
    }

    private static <T extends Differentiable<T>> T at(M<T> m, int i, int j, Tex where) {
        if ((m.rows() != 1 && i >= m.rows()) || (m.cols() != 1 && j >= m.cols())) {
            throw new IllegalArgumentException("the cases of '" + TexPrinter.print(where) + "' have values and "
                    + "conditions of different shapes");
        }
        return m.get(m.rows() == 1 ? 0 : i, m.cols() == 1 ? 0 : j);
    }
}
