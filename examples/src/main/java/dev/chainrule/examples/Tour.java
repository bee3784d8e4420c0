package dev.chainrule.examples;

import dev.chainrule.check.GradCheck;
import dev.chainrule.check.GradCheckReport;
import dev.chainrule.core.Autograd;
import dev.chainrule.core.DType;
import dev.chainrule.core.Dot;
import dev.chainrule.core.Scalar;
import dev.chainrule.core.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The main job: a tour of the scalar engine on hand-checkable examples. (It becomes the report over the seed
 * documents' derivations once the derivation checker lands.)
 *
 * <p>Usage: {@code Tour [--svg FILE]}: with {@code --svg}, also draws the neuron's graph with Graphviz.
 */
public final class Tour {
    private Tour() {
    }

    static final String USAGE = "Tour [--svg FILE.svg|.png|.pdf]";

    /**
     * Prints the tour: micrograd's README expression, one neuron and its graph, and higher-order derivatives.
     *
     * @param args none, or {@code --svg FILE} to also draw the neuron's graph to {@code FILE}, which ends in
     *             {@code .svg}, {@code .png} or {@code .pdf}
     */
    public static void main(String[] args) {
        Cli.main("Tour", USAGE, args, Tour::run);
    }

    static void run(String[] args) throws Cli.UsageError, Cli.Failure, IOException {
        Path svg = null;
        if (args.length > 0) {
            if (!args[0].equals("--svg")) {
                throw new Cli.UsageError("unknown argument '" + args[0] + "'");
            }
            if (args.length != 2) {
                throw new Cli.UsageError("--svg takes one file name");
            }
            svg = Path.of(args[1]);
            String f = svg.getFileName().toString();
            if (!f.endsWith(".svg") && !f.endsWith(".png") && !f.endsWith(".pdf")) {
                throw new Cli.UsageError("--svg " + f + ": end the file name with .svg, .png or .pdf");
            }
        }
        try {
            run(System.out, svg);
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Dot.render")) {
                throw new Cli.Failure(e.getMessage(), e); // Graphviz missing or failing: the user's to fix
            }
            throw e;
        }
    }

    static void run(PrintStream out, Path svg) throws IOException {
        out.println("chainrule: reverse-mode automatic differentiation for Java");
        out.println();

        out.println("1. micrograd's README expression (a = -4, b = 2)");
        Scalar a = Scalar.of(-4.0, "a");
        Scalar b = Scalar.of(2.0, "b");
        Scalar g = micrograd(a, b);
        g.backward();
        out.printf(Locale.ROOT, "   g = %.4f, dg/da = %.4f, dg/db = %.4f   (micrograd: 24.7041, 138.8338, 645.5773)%n",
                g.value(), a.grad(), b.grad());
        GradCheckReport check = GradCheck.scalars(x -> micrograd(x.get(0), x.get(1)), List.of("a", "b"),
                dev.chainrule.check.Tolerance.DEFAULT, -4.0, 2.0);
        out.println("   " + check.toString().replace("\n", "\n   "));
        out.println();

        out.println("2. one neuron, y = tanh(x1 w1 + x2 w2 + b), the hand derivation dy/dw1 = x1 (1 - y^2)");
        Scalar x1 = Scalar.constant(2.0).label("x1");
        Scalar x2 = Scalar.constant(0.0).label("x2");
        Scalar w1 = Scalar.of(-3.0, "w1");
        Scalar w2 = Scalar.of(1.0, "w2");
        Scalar bias = Scalar.of(6.8813735870195432, "b");
        Scalar y = x1.mul(w1).add(x2.mul(w2)).add(bias).tanh().label("y");
        y.backward(true); // retain the graph so that it can still be drawn
        double hand = x1.value() * (1 - y.value() * y.value());
        out.printf(Locale.ROOT, "   y = %.4f; autograd dy/dw1 = %.6f, hand formula %.6f: %s%n", y.value(), w1.grad(),
                hand, Math.abs(hand - w1.grad()) < 1e-12 ? "agree" : "DISAGREE");
        out.println("   its graph in Graphviz DOT (Dot.of(y)):");
        String dot = Dot.of(y);
        out.println("   " + dot.strip().replace("\n", "\n   "));
        if (svg != null) {
            Dot.render(dot, svg);
            out.println("   drawn to " + svg);
        }
        out.println();

        out.println("3. higher order: f(x) = x^3 sin(x) at x = 1.2, derivatives by differentiating gradients");
        Scalar x = Scalar.of(1.2);
        Scalar f = x.pow(3).mul(x.sin());
        Scalar d1 = Autograd.grad(f, List.of(x), true).get(0);
        Scalar d2 = Autograd.grad(d1, List.of(x), true).get(0);
        double xv = 1.2;
        double hand2 = 6 * xv * Math.sin(xv) + 6 * xv * xv * Math.cos(xv) - xv * xv * xv * Math.sin(xv);
        out.printf(Locale.ROOT, "   f' = %.6f, f'' = %.6f (by hand: 6x sin x + 6x^2 cos x - x^3 sin x = %.6f)%n",
                d1.value(), d2.value(), hand2);
        out.println();

        out.println("4. a layer in float64 and in float32: L = sum(tanh(x W)), dL/dW both ways");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        Tensor xs = Tensor.randn(rnd, 8, 3);
        Tensor w64 = Tensor.randn(rnd, 3, 2).requiresGrad();
        Tensor w32 = w64.to(DType.F32).detach().requiresGrad();
        xs.matmul(w64).tanh().sum().backward();
        xs.to(DType.F32).matmul(w32).tanh().sum().backward();
        double[] g64 = w64.grad().toArray();
        double[] g32 = w32.grad().toArray();
        double diff = 0;
        for (int i = 0; i < g64.length; i++) {
            diff = Math.max(diff, Math.abs(g64[i] - g32[i]));
        }
        out.printf(Locale.ROOT, "   the float32 dL/dW is %s; its largest difference from float64's is %.1e%n",
                w32.grad().dtype().numpyName(), diff);
        try {
            GradCheck.tensors(in -> in.get(0).tanh().sum(), List.of(w32.detach()));
        } catch (IllegalArgumentException e) {
            out.println("   and a gradient check refuses float32: " + e.getMessage());
        }
    }

    /** The expression of micrograd's README, built one op at a time. */
    static Scalar micrograd(Scalar a, Scalar b) {
        Scalar c = a.add(b);
        Scalar d = a.mul(b).add(b.pow(3));
        c = c.add(c.add(1));
        c = c.add(Scalar.constant(1).add(c).add(a.neg()));
        d = d.add(d.mul(2).add(b.add(a).relu()));
        d = d.add(d.mul(3).add(b.sub(a).relu()));
        Scalar e = c.sub(d);
        Scalar f = e.pow(2);
        Scalar g = f.div(2.0);
        return g.add(Scalar.constant(10.0).div(f));
    }
}
