package dev.chainrule.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Gradients as values: {@code Autograd.grad(output, inputs)} returns dOutput/dInput for each input without
 * touching any node's {@code grad()}, and with {@code createGraph} the returned gradients are graph nodes that
 * can be differentiated again (second and higher derivatives).
 *
 * <pre>{@code
 * Scalar x = Scalar.of(2.0);
 * Scalar y = x.pow(3);                                              // y = x^3
 * Scalar dy = Autograd.grad(y, List.of(x), true).get(0);           // 3x^2 = 12, itself a graph node
 * Scalar d2y = Autograd.grad(dy, List.of(x), false).get(0);        // 6x = 12
 * }</pre>
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * {@return d(output)/d(input) for each input, in order} The graph is retained when {@code createGraph} (the
     * gradients refer to it) and released otherwise.
     *
     * @param output      the node to differentiate
     * @param inputs      the nodes to differentiate with respect to; each must be reached from the output
     * @param createGraph record the backward pass, so the gradients can be differentiated again
     * @throws IllegalArgumentException if an input is not reached from the output
     */
    public static List<Scalar> grad(Scalar output, List<Scalar> inputs, boolean createGraph) {
        return grad(output, inputs, createGraph, createGraph, false);
    }

    /**
     * {@return d(output)/d(input) for each input, in order, with PyTorch's options}
     *
     * @param output      the node to differentiate
     * @param inputs      the nodes to differentiate with respect to
     * @param retainGraph keep the graph for another pass (otherwise it is released)
     * @param createGraph record the backward pass, so the gradients can be differentiated again
     * @param allowUnused give a constant 0 for an input that the output does not depend on, instead of throwing
     */
    public static List<Scalar> grad(Scalar output, List<Scalar> inputs, boolean retainGraph, boolean createGraph,
                                    boolean allowUnused) {
        return grad(List.of(output), null, inputs, retainGraph, createGraph, allowUnused);
    }

    /**
     * {@return sum over k of gradOutputs[k] d(outputs[k])/d(input), for each input}, without touching any node's
     * grad().
     *
     * @param outputs     the nodes to differentiate; at least one must require grad
     * @param gradOutputs one weight per output, or null for all 1
     * @param inputs      the nodes to differentiate with respect to
     * @param retainGraph keep the graph for another pass (otherwise it is released)
     * @param createGraph record the backward pass, so the gradients can be differentiated again
     * @param allowUnused give a constant 0 for an input that the outputs do not depend on, instead of throwing
     */
    public static List<Scalar> grad(List<Scalar> outputs, double[] gradOutputs, List<Scalar> inputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        if (gradOutputs != null && gradOutputs.length != outputs.size()) {
            throw new IllegalArgumentException("Autograd.grad: " + gradOutputs.length + " seeds for "
                    + outputs.size() + " outputs");
        }
        Scalar[] roots = outputs.toArray(new Scalar[0]);
        boolean any = false;
        for (Scalar r : roots) {
            any |= r.requiresGradFlag();
        }
        if (!any) {
            throw new IllegalStateException("Autograd.grad: no output requires grad: no input of them was created "
                    + "with Scalar.of(...), or they were computed under Grad.disabled()");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new IllegalArgumentException("Autograd.grad: input " + i + " is null");
            }
        }
        Scalar[] seeds = new Scalar[roots.length];
        for (int r = 0; r < roots.length; r++) {
            seeds[r] = Scalar.constant(gradOutputs == null ? 1.0 : gradOutputs[r]);
        }
        IdentityHashMap<Node, Node> grads = sweep(roots, seeds, inputs, retainGraph, createGraph, allowUnused);
        List<Scalar> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Scalar in = inputs.get(i);
            Scalar g = (Scalar) grads.get(in);
            out.add(g == null ? Scalar.constant(0.0) : g);
        }
        return out;
    }

    /**
     * Before anything runs: every input must be in the traversal's order (reached from the outputs through
     * nodes that require grad), unless allowUnused; so a refused call leaves the graph as it was.
     */
    /**
     * The gradients of {@code roots} (seeded with {@code seeds}) with respect to every node behind them, by one
     * recording pass of the shared sweep ({@link Graph#reverse}), in grad mode when {@code createGraph}.
     */
    private static IdentityHashMap<Node, Node> sweep(Node[] roots, Node[] seeds, List<? extends Node> inputs,
                                                     boolean retainGraph, boolean createGraph, boolean allowUnused) {
        IdentityHashMap<Node, Node> grads = new IdentityHashMap<>();
        try (Graph.Order order = Graph.order(roots, "Autograd.grad", false);
             Grad.Scope mode = createGraph ? Grad.enabled() : Grad.disabled()) {
            checkReached(order, inputs, allowUnused);
            Graph.prune(order, inputs);
            Graph.reverse(order, "Autograd.grad", retainGraph, grads, true, () -> {
                for (int r = 0; r < roots.length; r++) {
                    if (roots[r].requiresGradFlag()) {
                        Graph.accumulate(grads, roots[r], seeds[r]);
                    }
                }
            });
        }
        return grads;
    }

    private static void checkReached(Graph.Order order, List<? extends Node> inputs, boolean allowUnused) {
        java.util.Set<Node> reached = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (int k = 0; k < order.size; k++) {
            reached.add(order.nodes[k]);
        }
        for (int i = 0; i < inputs.size(); i++) {
            Node in = inputs.get(i);
            if (in == null) {
                throw new IllegalArgumentException("Autograd.grad: input " + i + " is null");
            }
            if (!allowUnused && !reached.contains(in)) {
                String d = in instanceof Tensor t ? " (shape " + t.shape() + ")"
                        : describe((Scalar) in);
                throw new IllegalArgumentException("Autograd.grad: input " + i + d + " is not reached from the "
                        + "outputs (it does not require grad, or they do not depend on it); pass allowUnused = true "
                        + "to get zeros for it");
            }
        }
    }

    private static String describe(Scalar s) {
        return s.label() != null ? " ('" + s.label() + "')" : " (value " + s.value() + ")";
    }

    // ================================================================ tensors

    /**
     * {@return d(output)/d(input) for each input, for a one-element output}; the graph is released.
     *
     * @param output a one-element tensor to differentiate
     * @param inputs the tensors to differentiate with respect to; each must be reached from the output
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs) {
        return grad(output, inputs, false);
    }

    /**
     * {@return d(output)/d(input) for each input tensor, for a one-element output} (Use the overload with a seed
     * otherwise.) The graph is retained when {@code createGraph} and released otherwise.
     *
     * @param output      a one-element tensor to differentiate
     * @param inputs      the tensors to differentiate with respect to; each must be reached from the output
     * @param createGraph record the backward pass, so the gradients can be differentiated again
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(List.of(output), null, inputs, createGraph, createGraph, false);
    }

    /**
     * {@return the vector-Jacobian products gradOutput^T d(output)/d(input), with PyTorch's options}
     *
     * @param output      the tensor to differentiate
     * @param gradOutput  the seed, of the output's shape; null means 1 for a one-element output
     * @param inputs      the tensors to differentiate with respect to
     * @param retainGraph keep the graph for another pass (otherwise it is released)
     * @param createGraph record the backward pass, so that the gradients can be differentiated again
     * @param allowUnused give zeros for an input the output does not depend on, instead of throwing
     */
    public static List<Tensor> grad(Tensor output, Tensor gradOutput, List<Tensor> inputs, boolean retainGraph,
                                    boolean createGraph, boolean allowUnused) {
        return grad(List.of(output), Arrays.asList(gradOutput), inputs, retainGraph, createGraph, allowUnused);
    }

    /**
     * {@return sum over k of gradOutputs[k]^T d(outputs[k])/d(input), for each input} (PyTorch's
     * {@code torch.autograd.grad}). Leaves' {@code grad()} is not touched.
     *
     * @param outputs     the tensors to differentiate; at least one must require grad
     * @param gradOutputs one seed per output, of its shape; null (or a null entry) means 1 for a one-element output
     * @param inputs      the tensors to differentiate with respect to; each gradient has its input's shape
     * @param retainGraph keep the graph for another pass (otherwise it is released)
     * @param createGraph record the backward pass, so that the gradients can be differentiated again
     * @param allowUnused give zeros for an input the outputs do not depend on, instead of throwing
     * @throws IllegalArgumentException if a seed's shape differs from its output's, or an input is not reached
     *                                  (unless allowUnused)
     * @throws IllegalStateException    if no output requires grad, a seed is missing for an output of more than
     *                                  one element, or the graph was released
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        int k = outputs.size();
        if (gradOutputs != null && gradOutputs.size() != k) {
            throw new IllegalArgumentException("Autograd.grad: " + gradOutputs.size() + " seeds for " + k
                    + " outputs");
        }
        Tensor[] roots = outputs.toArray(new Tensor[0]);
        Tensor[] seeds = new Tensor[k];
        boolean any = false;
        for (int i = 0; i < k; i++) {
            Tensor out = roots[i];
            Tensor seed = gradOutputs == null ? null : gradOutputs.get(i);
            if (seed == null) {
                if (out.size() != 1) {
                    throw new IllegalStateException("Autograd.grad: output " + i + " has shape " + out.shape()
                            + "; without a seed gradient it must have one element: pass a gradOutput of its shape");
                }
                seed = Tensor.full(1.0, out.shape().dims()).to(out.dtype());
            } else if (!seed.shape().equals(out.shape())) {
                throw new IllegalArgumentException("Autograd.grad: gradOutput " + i + " has shape " + seed.shape()
                        + " but output " + i + " has shape " + out.shape() + "; they must match");
            }
            if (seed.dtype() != out.dtype()) {
                seed = seed.to(out.dtype()); // the sweep runs in each output's dtype (recorded: u -> J^T u stays linear)
            }
            seeds[i] = createGraph ? seed : seed.detach();
            any |= out.isGradRequired();
        }
        if (!any) {
            throw new IllegalStateException("Autograd.grad: no output requires grad: no input of them was marked "
                    + "with requiresGrad(), or they were computed under Grad.disabled()");
        }
        IdentityHashMap<Node, Node> grads = sweep(roots, seeds, inputs, retainGraph, createGraph, allowUnused);
        List<Tensor> result = new ArrayList<>(inputs.size());
        for (Tensor in : inputs) {
            Tensor g = (Tensor) grads.get(in);
            if (g == null) {
                g = Tensor.zeros(in.dtype(), in.shape().dims());
            } else if (g.isLeaf()) {
                g.flags |= Node.READ_ONLY; // it may share storage with another input's gradient
            }
            result.add(g);
        }
        return result;
    }

    // ================================================================ functional API (tensors)

    /**
     * {@return the vector-Jacobian product v^T J of f at x, of the shape of x}
     *
     * @param f the function; it is applied once, to a fresh leaf holding x's values
     * @param x the point
     * @param v the cotangent, of the shape of f(x)
     */
    public static Tensor vjp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        Tensor in = fresh(x);
        Tensor y = f.apply(in);
        checkShape("vjp", "v", v, y);
        if (!y.isGradRequired()) {
            return Tensor.zeros(x.dtype(), x.shape().dims()); // f is constant in x
        }
        return grad(y, v, List.of(in), false, false, true).get(0);
    }

    /**
     * {@return the Jacobian-vector product J t of f at x, of the shape of f(x)} Computed in reverse mode by
     * differentiating the vector-Jacobian product u -> J^T u, which is linear in u, along t.
     *
     * @param f the function; it is applied once, to a fresh leaf holding x's values
     * @param x the point
     * @param t the tangent, of the shape of x
     */
    public static Tensor jvp(UnaryOperator<Tensor> f, Tensor x, Tensor t) {
        checkShape("jvp", "t", t, x);
        Tensor in = fresh(x);
        Tensor y = f.apply(in);
        if (!y.isGradRequired()) {
            return Tensor.zeros(y.dtype(), y.shape().dims()); // f is constant in x
        }
        Tensor u = Tensor.zeros(y.dtype(), y.shape().dims()).requiresGrad();
        Tensor vjp = grad(y, u, List.of(in), true, true, true).get(0);
        if (!vjp.isGradRequired()) {
            return Tensor.zeros(y.dtype(), y.shape().dims()); // f is constant in x
        }
        return grad(vjp.mul(t).sum(), List.of(u), false).get(0);
    }

    /**
     * {@return the Jacobian of f at x, of shape f(x).shape + x.shape} Row i comes from one backward pass seeded with
     * the i-th unit vector (for small functions).
     *
     * @param f the function; it is applied once, to a fresh leaf holding x's values
     * @param x the point
     */
    public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x) {
        Tensor in = fresh(x);
        Tensor y = f.apply(in);
        int m = y.size();
        int n = x.size();
        double[] jac = new double[m * n];
        for (int i = 0; i < m; i++) {
            double[] seed = new double[m];
            seed[i] = 1.0;
            if (y.isGradRequired()) {
                Tensor g = grad(y, Tensor.of(seed, y.shape()), List.of(in), true, false, true).get(0);
                System.arraycopy(g.toArray(), 0, jac, i * n, n);
            }
        }
        return Tensor.fresh(jac, concat(y.shape(), x.shape()), x.dtype()); // NaN entries included
    }

    /**
     * {@return the Hessian of a one-element f at x, of shape x.shape + x.shape}: the Jacobian of the gradient, which is
     * recorded (createGraph) and differentiated once per element of x.
     *
     * @param f a function with one-element values, twice differentiable
     * @param x the point
     */
    public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x) {
        Tensor in = fresh(x);
        Tensor y = f.apply(in);
        checkOneElement("hessian", y);
        int n = x.size();
        double[] h = new double[n * n];
        if (y.isGradRequired()) {
            Tensor g = grad(List.of(y), null, List.of(in), true, true, true).get(0);
            if (g.isGradRequired()) {
                for (int i = 0; i < n; i++) {
                    double[] seed = new double[n];
                    seed[i] = 1.0;
                    Tensor row = grad(g, Tensor.of(seed, g.shape()), List.of(in), true, false, true).get(0);
                    System.arraycopy(row.toArray(), 0, h, i * n, n);
                }
            }
        }
        return Tensor.fresh(h, concat(x.shape(), x.shape()), x.dtype()); // NaN entries included
    }

    /**
     * {@return the Hessian-vector product H v of a one-element f at x}, without building H (two reverse passes).
     *
     * @param f a function with one-element values, twice differentiable
     * @param x the point
     * @param v the vector, of the shape of x
     */
    public static Tensor hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        checkShape("hvp", "v", v, x);
        Tensor in = fresh(x);
        Tensor y = f.apply(in);
        checkOneElement("hvp", y);
        if (!y.isGradRequired()) {
            return Tensor.zeros(x.dtype(), x.shape().dims());
        }
        Tensor g = grad(List.of(y), null, List.of(in), true, true, true).get(0);
        if (!g.isGradRequired()) {
            return Tensor.zeros(x.dtype(), x.shape().dims()); // f is linear in x
        }
        return grad(g.mul(v).sum(), List.of(in), false).get(0);
    }

    /** A new leaf holding a copy of x, in x's dtype; NaN is refused, as by {@link Tensor#of(double[], Shape)}. */
    private static Tensor fresh(Tensor x) {
        Storage.checkNotNaN("Tensor.of", x.f64(), x.shape());
        return Tensor.copy(x).requiresGrad();
    }

    private static Shape concat(Shape a, Shape b) {
        int[] d = Arrays.copyOf(a.dims(), a.rank() + b.rank());
        System.arraycopy(b.dims(), 0, d, a.rank(), b.rank());
        return Shape.of(d);
    }

    private static void checkShape(String op, String name, Tensor v, Tensor x) {
        if (!v.shape().equals(x.shape())) {
            throw new IllegalArgumentException("Autograd." + op + ": " + name + " has shape " + v.shape()
                    + " but it must have shape " + x.shape());
        }
    }

    private static void checkOneElement(String op, Tensor y) {
        if (y.size() != 1) {
            throw new IllegalArgumentException("Autograd." + op + ": f(x) has shape " + y.shape()
                    + "; the function must return one element");
        }
    }

    // ================================================================ functional API (scalars)

    /**
     * {@return the gradient of f at x, by reverse mode}
     *
     * @param f a function of the inputs, built from them with Scalar ops
     * @param x the point, one value per input
     */
    public static double[] gradient(Function<List<Scalar>, Scalar> f, double... x) {
        List<Scalar> in = leaves(x);
        Scalar y = f.apply(in);
        double[] g = new double[x.length];
        if (y.requiresGrad()) {
            List<Scalar> gs = grad(y, in, false, false, true);
            for (int i = 0; i < x.length; i++) {
                g[i] = gs.get(i).value();
            }
        }
        return g;
    }

    /**
     * {@return the Jacobian of a function of a few scalars with several outputs: J[i][j] = d y_i / d x_j}
     *
     * @param f a function of the inputs with several outputs, built from them with Scalar ops
     * @param x the point, one value per input
     */
    public static double[][] jacobian(Function<List<Scalar>, List<Scalar>> f, double... x) {
        List<Scalar> in = leaves(x);
        List<Scalar> ys = f.apply(in);
        double[][] jac = new double[ys.size()][x.length];
        for (int i = 0; i < ys.size(); i++) {
            Scalar y = ys.get(i);
            if (y.requiresGrad()) {
                List<Scalar> gs = grad(y, in, true, false, true);
                for (int j = 0; j < x.length; j++) {
                    jac[i][j] = gs.get(j).value();
                }
            }
        }
        return jac;
    }

    /**
     * {@return the Hessian of f at x: H[i][j] = d^2 f / dx_i dx_j}, by differentiating the recorded gradient.
     *
     * @param f a function of the inputs, built from them with Scalar ops
     * @param x the point, one value per input
     */
    public static double[][] hessian(Function<List<Scalar>, Scalar> f, double... x) {
        List<Scalar> in = leaves(x);
        Scalar y = f.apply(in);
        double[][] h = new double[x.length][x.length];
        if (!y.requiresGrad()) {
            return h;
        }
        List<Scalar> g = grad(y, in, true, true, true);
        for (int i = 0; i < x.length; i++) {
            if (g.get(i).requiresGrad()) {
                List<Scalar> row = grad(g.get(i), in, true, false, true);
                for (int j = 0; j < x.length; j++) {
                    h[i][j] = row.get(j).value();
                }
            }
        }
        return h;
    }

    /**
     * {@return H v for f at x}, without building H: the gradient of (grad f) . v.
     *
     * @param f a function of the inputs, built from them with Scalar ops
     * @param x the point, one value per input
     * @param v the vector, one value per input
     */
    public static double[] hvp(Function<List<Scalar>, Scalar> f, double[] x, double[] v) {
        if (v.length != x.length) {
            throw new IllegalArgumentException("Autograd.hvp: v has " + v.length + " elements, x has " + x.length);
        }
        List<Scalar> in = leaves(x);
        Scalar y = f.apply(in);
        double[] out = new double[x.length];
        if (!y.requiresGrad()) {
            return out;
        }
        List<Scalar> g = grad(y, in, true, true, true);
        List<Scalar> terms = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            terms.add(g.get(i).mul(v[i]));
        }
        Scalar dot = Scalar.sum(terms);
        if (dot.requiresGrad()) {
            List<Scalar> hv = grad(dot, in, false, false, true);
            for (int i = 0; i < x.length; i++) {
                out[i] = hv.get(i).value();
            }
        }
        return out;
    }

    /**
     * {@return the directional derivative J t of f at x by forward mode}: one evaluation on dual numbers, independent
     * of the reverse pass.
     *
     * @param f the function, written once over {@link Differentiable}
     * @param x the point, one value per input
     * @param t the direction, one value per input
     */
    public static double jvp(ScalarFunction f, double[] x, double[] t) {
        if (t.length != x.length) {
            throw new IllegalArgumentException("Autograd.jvp: t has " + t.length + " elements, x has " + x.length);
        }
        List<Dual> in = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            in.add(Dual.of(x[i], t[i]));
        }
        return f.apply(in).tangent();
    }

    /**
     * {@return the vector-Jacobian product for a one-output f: v times its gradient}
     *
     * @param f a function of the inputs, built from them with Scalar ops
     * @param x the point, one value per input
     * @param v the weight of the output
     */
    public static double[] vjp(Function<List<Scalar>, Scalar> f, double[] x, double v) {
        double[] g = gradient(f, x);
        for (int i = 0; i < g.length; i++) {
            g[i] *= v;
        }
        return g;
    }

    private static List<Scalar> leaves(double[] x) {
        List<Scalar> in = new ArrayList<>(x.length);
        for (double v : x) {
            in.add(Scalar.of(v));
        }
        return in;
    }
}
