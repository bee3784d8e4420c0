package dev.chainrule.core;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

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
     * d(output)/d(input) for each input. The graph is retained when {@code createGraph} (the gradients refer to
     * it) and released otherwise.
     *
     * @throws IllegalArgumentException if an input is not reached from the output
     */
    public static List<Scalar> grad(Scalar output, List<Scalar> inputs, boolean createGraph) {
        return grad(output, inputs, createGraph, createGraph, false);
    }

    /**
     * d(output)/d(input) for each input, with PyTorch's options.
     *
     * @param retainGraph keep the graph for another pass (otherwise it is released)
     * @param createGraph record the backward pass, so the gradients can be differentiated again
     * @param allowUnused give a constant 0 for an input that the output does not depend on, instead of
     *                    throwing
     */
    public static List<Scalar> grad(Scalar output, List<Scalar> inputs, boolean retainGraph, boolean createGraph,
                                    boolean allowUnused) {
        if (!output.requiresGradFlag()) {
            throw new IllegalStateException("Autograd.grad: the output (value " + output.value + ") does not "
                    + "require grad: no input of it was created with Scalar.of(...), or it was computed under "
                    + "Grad.disabled()");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new IllegalArgumentException("Autograd.grad: input " + i + " is null");
            }
        }
        IdentityHashMap<Scalar, Scalar> grads = new IdentityHashMap<>();
        try (Graph.Order order = Graph.order(output, "Autograd.grad", false)) {
            backward(order, output, grads, createGraph);
            if (!retainGraph) {
                for (int k = 0; k < order.size; k++) {
                    Scalar node = (Scalar) order.nodes[k];
                    if (!node.isLeaf()) {
                        node.release();
                    }
                }
            }
        }
        List<Scalar> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Scalar in = inputs.get(i);
            Scalar g = grads.get(in);
            if (g == null) {
                if (!allowUnused) {
                    throw new IllegalArgumentException("Autograd.grad: input " + i + describe(in)
                            + " is not reached from the output (it does not require grad, or the output does "
                            + "not depend on it); pass allowUnused = true to get 0 for it");
                }
                g = Scalar.constant(0.0);
            }
            out.add(g);
        }
        return out;
    }

    /** Walks the order in reverse, propagating gradient nodes with the rules written in engine ops. */
    private static void backward(Graph.Order order, Scalar output, IdentityHashMap<Scalar, Scalar> grads,
                                 boolean createGraph) {
        Grad.Scope scope = createGraph ? null : Grad.disabled();
        try {
            grads.put(output, Scalar.constant(1.0));
            for (int k = order.size - 1; k >= 0; k--) {
                Scalar node = (Scalar) order.nodes[k];
                Scalar g = grads.get(node);
                if (g != null) {
                    node.propagate(g, grads);
                }
            }
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    private static String describe(Scalar s) {
        return s.label() != null ? " ('" + s.label() + "')" : " (value " + s.value() + ")";
    }

    /**
     * d(output)/d(input) for each input tensor, for a one-element output (use the overload with a seed
     * otherwise). The graph is retained when {@code createGraph} and released otherwise.
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        if (output.size() != 1) {
            throw new IllegalStateException("Autograd.grad: the output has shape " + output.shape() + "; without a "
                    + "seed gradient it must have one element: pass gradOutput of its shape to "
                    + "grad(output, gradOutput, inputs, retainGraph, createGraph, allowUnused)");
        }
        return grad(output, Tensor.full(1.0, output.shape().dims()), inputs, createGraph, createGraph, false);
    }

    /**
     * The vector-Jacobian product gradOutput^T d(output)/d(input) for each input tensor, with PyTorch's options.
     *
     * @param gradOutput  dL/d(output), of the output's shape
     * @param retainGraph keep the graph for another pass (otherwise it is released)
     * @param createGraph record the backward pass, so the gradients can be differentiated again
     * @param allowUnused give zeros for an input the output does not depend on, instead of throwing
     */
    public static List<Tensor> grad(Tensor output, Tensor gradOutput, List<Tensor> inputs, boolean retainGraph,
                                    boolean createGraph, boolean allowUnused) {
        if (!output.isGradRequired()) {
            throw new IllegalStateException("Autograd.grad: the output does not require grad: no input of it was "
                    + "marked with requiresGrad(), or it was computed under Grad.disabled()");
        }
        if (!gradOutput.shape().equals(output.shape())) {
            throw new IllegalArgumentException("Autograd.grad: gradOutput has shape " + gradOutput.shape()
                    + " but the output has shape " + output.shape() + "; they must match");
        }
        IdentityHashMap<Tensor, Tensor> grads = new IdentityHashMap<>();
        try (Graph.Order order = Graph.order(output, "Autograd.grad", false)) {
            if (createGraph) {
                Tensor.run(order, gradOutput, retainGraph, grads);
            } else {
                try (var off = Grad.disabled()) {
                    Tensor.run(order, gradOutput.detach(), retainGraph, grads);
                }
            }
        }
        List<Tensor> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            Tensor g = in == null ? null : grads.get(in);
            if (g == null) {
                if (in == null || !allowUnused) {
                    throw new IllegalArgumentException("Autograd.grad: input " + i + (in == null ? " is null" :
                            " (shape " + in.shape() + ") is not reached from the output (it does not require grad,"
                                    + " or the output does not depend on it); pass allowUnused = true to get zeros"));
                }
                g = Tensor.zeros(in.shape().dims());
            }
            out.add(g);
        }
        return out;
    }
}
