package dev.chainrule.nn.text;

import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Apply;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexMatrix;
import dev.chainrule.check.tex.TexMatrix.M;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.core.Differentiable;
import dev.chainrule.core.Dual;
import dev.chainrule.nn.text.Notation.Target;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The derivatives a layered page writes inside its sides ({@code \frac{\partial L}{\partial z^2}},
 * {@code \frac{\partial z^2}{\partial a^1}}), and the variable each is taken with respect to, as the checker names
 * it. Forward mode on the scope's dual numbers, so that a derivative in a side is exact and each side is checked on
 * its own.
 */
final class LayerDerivatives {
    /** A derivative's variable: the checker's target, its shape as the page shows it, and each element's seed. */
    record Wrt(Target target, int rows, int cols, String seedName, int[] seeds) {
    }

    private LayerDerivatives() {
    }

    /**
     * A derivative in a side, in forward mode: the operand evaluated again with a unit tangent on each element of
     * the variable in turn. A number's gradient has the variable's shape; a vector by a vector is a Jacobian laid out
     * as the convention reads the chain rule; d f(x)/dx of an elementwise f is its diagonal.
     */
    static <T extends Differentiable<T>> M<T> of(LayerScope<T> scope, Deriv d, Map<String, Integer> indices) {
        LayerNotation n = scope.n;
        Tangents tg = tangents(scope, d, indices);
        Wrt wrt = tg.wrt();
        List<double[]> columns = tg.columns();
        int opRows = tg.opRows();
        int opCols = tg.opCols();
        // d sigma(x) / dx of a function applied element by element to the variable itself: the elementwise
        // derivative (the Jacobian's diagonal), as a page means it when it writes sigma'(x)
        boolean elementwise = d.of() instanceof Apply a && a.args().size() == 1
                && TexPrinter.print(a.args().get(0)).equals(TexPrinter.print(d.wrt())) && pointwise(scope, a.fn());
        int wrtSize = wrt.seeds().length;
        int opSize = opRows * opCols;
        List<T> e = new ArrayList<>();
        if (elementwise && opSize == wrtSize) {
            for (int k = 0; k < wrtSize; k++) {
                e.add(scope.constant(columns.get(k)[k]));
            }
            return new M<>(opRows, opCols, e);
        }
        if (opSize == 1) { // a gradient: the variable's shape
            columns.forEach(c -> e.add(scope.constant(c[0])));
            return new M<>(wrt.rows(), wrt.cols(), e);
        }
        if (wrtSize == 1) { // by one number: the operand's shape
            for (double t : columns.get(0)) {
                e.add(scope.constant(t));
            }
            return new M<>(opRows, opCols, e);
        }
        boolean vectors = (opRows == 1 || opCols == 1) && (wrt.rows() == 1 || wrt.cols() == 1);
        // a vector by a vector stays a Jacobian, unless it is c I (dz/db = 1 for z = W a + b): then the number c
        M<T> shorthand = unitShared(scope, wrt, opRows, opCols, columns);
        if (shorthand != null && (!vectors || shorthand.isScalar()) && affine(scope, d, indices, columns)) {
            scope.note(d, TexPrinter.print(d) + " read in the shorthand d(W a)/dW = a: the part each unit's value "
                    + "takes from its own row of the parameter, every other entry being 0 (checked)");
            return shorthand;
        }
        if (!vectors) {
            throw new IllegalArgumentException("the derivative " + TexPrinter.print(d) + " is of a " + opRows + " x "
                    + opCols + " matrix by a " + wrt.rows() + " x " + wrt.cols() + " one: not read (take it element "
                    + "by element, or of a number)");
        }
        // a Jacobian: column convention out x in, row convention in x out
        int rows = n.column ? opSize : wrtSize;
        int cols = n.column ? wrtSize : opSize;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                e.add(scope.constant(n.column ? columns.get(j)[i] : columns.get(i)[j]));
            }
        }
        return new M<>(rows, cols, e);
    }

    /**
     * The derivative of a layer's value by a parameter that acts on each unit apart ({@code \\partial z / \\partial W}
     * for {@code z = W a + b}), in the shorthand pages use, {@code \\partial (W a) / \\partial W = a}: when
     * {@code dz_{i,n} / dW_{k,j}} is 0 for every unit k other than i, and the same for every i where k = i, the
     * derivative is read as that common part R_{j,n} (the page's {@code a}; a column of ones for a bias). Null when the Jacobian does not have that form. Column convention: z is units x samples and
     * the parameter units x inputs; row convention: z is samples x units and the parameter inputs x units.
     */
    private static <T extends Differentiable<T>> M<T> unitShared(LayerScope<T> scope, Wrt wrt, int opRows,
                                                               int opCols, List<double[]> columns) {
        boolean col = scope.n.column;
        int units = col ? opRows : opCols;
        int samples = col ? opCols : opRows;
        if ((col ? wrt.rows() : wrt.cols()) != units) {
            return null;
        }
        int inputs = col ? wrt.cols() : wrt.rows();
        double[][] r = new double[inputs][samples];
        double scale = 0;
        for (double[] c : columns) {
            for (double v : c) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double tol = 1e-12 * (1 + scale);
        for (int k = 0; k < units; k++) {
            for (int j = 0; j < inputs; j++) {
                double[] tangent = columns.get(col ? k * wrt.cols() + j : j * wrt.cols() + k);
                for (int i = 0; i < units; i++) {
                    for (int n = 0; n < samples; n++) {
                        double v = tangent[col ? i * opCols + n : n * opCols + i];
                        if (i != k && Math.abs(v) > tol || i == k && k > 0 && Math.abs(v - r[j][n]) > tol) {
                            return null;
                        }
                        if (i == k && k == 0) {
                            r[j][n] = v;
                        }
                    }
                }
            }
        }
        List<T> e = new ArrayList<>();
        for (int a = 0; a < (col ? inputs : samples); a++) {
            for (int b = 0; b < (col ? samples : inputs); b++) {
                e.add(scope.constant(col ? r[a][b] : r[b][a]));
            }
        }
        return col ? new M<>(inputs, samples, e) : new M<>(samples, inputs, e);
    }

    /**
     * Whether the operand is affine in the variable: its tangents are the same with the variable's value negated
     * (which a relu of it changes) and doubled (which a sigmoid or tanh of it changes, whose derivatives are even),
     * so that a shorthand read here is read at every instance.
     */
    private static <T extends Differentiable<T>> boolean affine(LayerScope<T> scope, Deriv d,
                                                                Map<String, Integer> indices, List<double[]> columns) {
        for (double scale : new double[] {-1, 2}) {
            List<double[]> other = tangents(scope, d, indices, scale).columns();
            for (int k = 0; k < columns.size(); k++) {
                for (int i = 0; i < columns.get(k).length; i++) {
                    double a = columns.get(k)[i];
                    if (Math.abs(a - other.get(k)[i]) > 1e-12 * (1 + Math.abs(a))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** A derivative's variable, and the operand's tangents for a unit tangent on each element of it in turn. */
    private record Tangents(Wrt wrt, int opRows, int opCols, List<double[]> columns) {
    }

    @SuppressWarnings("unchecked")
    private static <T extends Differentiable<T>> Tangents tangents(LayerScope<T> scope, Deriv d,
                                                                   Map<String, Integer> indices) {
        return tangents(scope, d, indices, 1);
    }

    /** The tangents with the variable's value multiplied by {@code scale} (an affine operand's are the same). */
    @SuppressWarnings("unchecked")
    private static <T extends Differentiable<T>> Tangents tangents(LayerScope<T> scope, Deriv d,
                                                                   Map<String, Integer> indices, double scale) {
        if (d.of() == null) {
            throw new IllegalArgumentException("the derivative " + TexPrinter.print(d) + " has no operand");
        }
        if (!(scope.zero instanceof Dual)) {
            throw new IllegalArgumentException("a derivative inside the loss is not read");
        }
        Wrt wrt = target(scope, d.wrt(), indices);
        LayerScope.Quantities<Dual> base = (LayerScope.Quantities<Dual>) scope.quantity;
        List<double[]> columns = new ArrayList<>(); // the operand's tangents, one array per element of the variable
        int opRows = 0;
        int opCols = 0;
        for (int seed : wrt.seeds()) {
            LayerScope.Quantities<Dual> q = (name, k) -> {
                Dual v = base.element(name, k);
                boolean variable = name.equals(wrt.seedName());
                return Dual.of(variable ? scale * v.value() : v.value(), variable && k == seed ? 1 : 0);
            };
            LayerScope.Probes<Dual> p = (name, dims, k, node) -> !name.equals(wrt.seedName()) ? node
                    : Dual.of(scale * node.value(), k == seed ? 1 : 0);
            LayerScope<Dual> seeded = new LayerScope<>(scope.n, scope.act, q, Dual.of(0, 0), p, scope.definitions);
            M<Dual> v = TexMatrix.eval(d.of(), seeded, new HashMap<>(indices));
            opRows = v.rows();
            opCols = v.cols();
            columns.add(v.e().stream().mapToDouble(Dual::tangent).toArray());
        }
        return new Tangents(wrt, opRows, opCols, columns);
    }

    /**
     * The chain rule as a page writes it with matrices ({@code \\frac{\\partial L}{\\partial \\hat{y}}
     * \\frac{\\partial \\hat{y}}{\\partial z^2} \\frac{\\partial z^2}{\\partial W^2}}), where the factors'
     * shapes do not multiply as matrices: each factor a Jacobian of every element of its operand by every element of
     * its variable, their product contracted over each variable the next factor differentiates. Read only when each
     * factor's variable is, as written, the next one's operand, and the first operand or the last variable is one
     * number (the result has the other's shape); null otherwise.
     */
    static <T extends Differentiable<T>> M<T> chain(LayerScope<T> scope, List<Deriv> factors,
                                                    Map<String, Integer> indices) {
        for (int k = 0; k + 1 < factors.size(); k++) {
            Deriv a = factors.get(k);
            Deriv b = factors.get(k + 1);
            if (b.of() == null || !TexPrinter.print(a.wrt()).equals(TexPrinter.print(b.of()))) {
                return null;
            }
        }
        double[][] product = null;
        Tangents first = null;
        Tangents last = null;
        for (Deriv d : factors) {
            Tangents t = tangents(scope, d, indices);
            first = first == null ? t : first;
            last = t;
            int op = t.opRows() * t.opCols();
            double[][] j = new double[op][t.columns().size()]; // d(op element) / d(variable element)
            for (int c = 0; c < t.columns().size(); c++) {
                for (int r = 0; r < op; r++) {
                    j[r][c] = t.columns().get(c)[r];
                }
            }
            if (product != null && product[0].length != op) {
                return null;
            }
            product = product == null ? j : times(product, j);
        }
        List<T> e = new ArrayList<>();
        for (double[] row : product) {
            for (double v : row) {
                e.add(scope.constant(v));
            }
        }
        if (product.length == 1) {
            return new M<>(last.wrt().rows(), last.wrt().cols(), e);
        }
        return product[0].length == 1 ? new M<>(first.opRows(), first.opCols(), e) : null;
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    /** Whether a function maps each element on its own: a built-in one, or the activation when pointwise. */
    private static boolean pointwise(LayerScope<?> scope, Sym fn) {
        LayerNotation n = scope.n;
        if (n.activationNames.contains(fn.name())) {
            return fn.primes() == 0 && scope.act.isPointwise();
        }
        return !fn.name().contains("softmax") && !n.roles.containsKey(fn.name()) && fn.sub() == null
                && fn.sup() == null && fn.primes() == 0;
    }

    /** What a derivative's variable is, as the checker names it, with the seed of each element. */
    static Wrt target(LayerScope<?> scope, Tex wrt, Map<String, Integer> indices) {
        LayerNotation n = scope.n;
        Sym s;
        String role;
        if (wrt instanceof Apply a && n.activationNames.contains(a.fn().name()) && a.fn().primes() == 0
                && a.args().size() == 1 && a.args().get(0) instanceof Sym z
                && "preactivation".equals(n.roles.get(z.name()))) {
            s = new Sym(n.symbolOf("activity", "a"), 0, z.sub(), z.sup(), z.at()); // sigma(z^l): a^l
            role = "activity";
        } else if (wrt instanceof Sym sym && n.roles.containsKey(sym.name())) {
            s = LayerScope.tupleAsIndex(sym); // h_1^{(1,j)}: h^1_{(1,j)}
            role = n.roles.get(sym.name());
        } else {
            throw new IllegalArgumentException("a derivative with respect to " + TexPrinter.print(wrt) + " is not "
                    + "read: the variable must be a symbol of the notation (" + n.roles.keySet() + ")");
        }
        String name;
        int[] shape;
        int[] seeds;
        switch (role) {
            case "weight", "bias", "preactivation", "activity" -> {
                scope.layered(s, role, indices); // the layer exists
                int l = scope.layerOf(s, indices);
                if (role.equals("activity") && l == 0) {
                    return whole(scope, s, n.inputName(), n.shape("activity", 0), scope.sampleSeeds(0), indices);
                }
                name = n.name(role, l);
                shape = n.shape(role, l);
                seeds = identity(shape);
            }
            case "input" -> {
                return whole(scope, s, n.inputName(), n.shape("activity", 0), scope.sampleSeeds(0), indices);
            }
            case "output" -> {
                name = n.name("activity", n.depth());
                shape = n.shape("activity", n.depth());
                seeds = identity(shape);
            }
            case "target" -> {
                return whole(scope, s, n.target, n.shape("activity", n.depth()), scope.sampleSeeds(n.depth()),
                        indices);
            }
            default -> throw new IllegalArgumentException("a derivative with respect to " + TexPrinter.print(s)
                    + " (the " + role + ") is not read");
        }
        return whole(scope, s, name, shape, seeds, indices);
    }

    /** The variable as a whole, or the one element its subscript names. */
    private static <T extends Differentiable<T>> Wrt whole(LayerScope<T> scope, Sym s, String name, int[] shape,
                                                           int[] seeds, Map<String, Integer> indices) {
        LayerNotation n = scope.n;
        if (s.sub() == null || scope.layerInSubscript(s)
                && !List.of("input", "output", "target").contains(n.roles.get(s.name()))) {
            return new Wrt(new Target(name, -1), shape[0], shape[1], name, seeds);
        }
        List<T> numbered = new ArrayList<>();
        for (int k = 0; k < seeds.length; k++) {
            numbered.add(scope.constant(k));
        }
        boolean matrix = n.roles.get(s.name()).equals("weight");
        M<T> picked = scope.element(s, new M<>(shape[0], shape[1], numbered), matrix, indices);
        int[] part = picked.e().stream().mapToInt(x -> seeds[(int) Math.round(LayerScope.value(x))]).toArray();
        // one element: the checker's target; a unit across a batch (a row of z^2): inside formulas only
        return new Wrt(part.length == 1 ? new Target(name, part[0]) : null, picked.rows(), picked.cols(), name, part);
    }

    private static int[] identity(int[] shape) {
        int[] seeds = new int[shape[0] * shape[1]];
        for (int k = 0; k < seeds.length; k++) {
            seeds[k] = k;
        }
        return seeds;
    }
}
