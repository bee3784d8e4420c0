package dev.chainrule.core;

import dev.chainrule.check.GradCheck;
import dev.chainrule.check.GradCheckReport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random expression DAGs (depth up to 6, values reused inside the expression) built from every scalar op,
 * differentiated by autograd and by central differences.
 */
class RandomExpressionTest {
    private static final int OPS = 24;
    private static final int MAX_DEPTH = 6;

    /** An instruction: an op code and two operand choices, each resolved against the values built so far. */
    record Instr(int op, int left, int right) {
    }

    @Provide
    Arbitrary<List<Instr>> programs() {
        Arbitrary<Instr> instr = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, OPS - 1),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000)).as(Instr::new);
        return instr.list().ofMinSize(1).ofMaxSize(14);
    }

    /** Interprets a program over the inputs; {@code margin[0]} receives the smallest distance to a kink or pole. */
    static Scalar run(List<Instr> program, List<Scalar> inputs, double[] margin) {
        List<Scalar> vals = new ArrayList<>(inputs);
        List<Integer> depth = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            depth.add(0);
        }
        for (Instr in : program) {
            int l = pick(in.left, depth);
            int r = pick(in.right, depth);
            Scalar a = vals.get(l);
            Scalar b = vals.get(r);
            double av = a.value();
            double bv = b.value();
            Scalar y;
            switch (in.op) {
                case 0: y = a.add(b); break;
                case 1: y = a.sub(b); break;
                case 2: y = a.mul(b); break;
                case 3: y = a.div(b); kink(margin, bv); break;
                case 4: y = a.neg(); break;
                case 5: y = a.square(); break;
                case 6: y = a.abs().add(0.5).sqrt(); kink(margin, av); break;
                case 7: y = a.exp(); break;
                case 8: y = a.abs().log(); kink(margin, av); break;
                case 9: y = a.tanh(); break;
                case 10: y = a.sigmoid(); break;
                case 11: y = a.relu(); kink(margin, av); break;
                case 12: y = a.softplus(); break;
                case 13: y = a.abs(); kink(margin, av); break;
                case 14: y = a.sin(); break;
                case 15: y = a.cos(); break;
                case 16: y = a.pow(3); break;
                case 17: y = a.abs().add(0.2).pow(b); kink(margin, av); break;
                case 18: y = a.max(b); kink(margin, av - bv); break;
                case 19: y = a.min(b); kink(margin, av - bv); break;
                case 20: y = Scalar.sum(List.of(a, b, a)); break;
                case 21: y = Scalar.dot(List.of(a, b), List.of(b, vals.get(0))); break;
                case 22: y = a.mul(0.7).add(1.3).sub(0.2).div(1.1); break;
                default: y = a.pow(-1); kink(margin, av); break;
            }
            vals.add(y);
            depth.add(Math.max(depth.get(l), depth.get(r)) + 1);
        }
        return vals.get(vals.size() - 1);
    }

    /** An operand index among the values so far whose depth keeps the result within MAX_DEPTH. */
    private static int pick(int choice, List<Integer> depth) {
        int n = depth.size();
        for (int k = 0; k < n; k++) {
            int i = (choice + k) % n;
            if (depth.get(i) < MAX_DEPTH) {
                return i;
            }
        }
        return 0;
    }

    private static void kink(double[] margin, double distance) {
        if (margin != null) {
            margin[0] = Math.min(margin[0], Math.abs(distance));
        }
    }

    @Property(tries = 500)
    void randomExpressionsMatchCentralDifferences(@ForAll("programs") List<Instr> program,
                                                  @ForAll @Size(3) List<@DoubleRange(min = -2, max = 2) Double> at) {
        double[] x = at.stream().mapToDouble(Double::doubleValue).toArray();
        double[] margin = {Double.POSITIVE_INFINITY};
        double value = run(program, constants(x), margin).value();
        Assume.that(margin[0] > 0.05 && Double.isFinite(value) && Math.abs(value) < 1e4);
        GradCheckReport report = GradCheck.scalars(in -> run(program, in, null), x);
        // central differences cannot resolve a function that turns within their step (sin(exp(1 / x)) near 0)
        Assume.that(report.entries().stream()
                .allMatch(e -> Math.abs(e.numeric()) < 1e5 && Math.abs(e.analytic()) < 1e5));
        report.assertPassed();
    }

    @Property(tries = 200)
    void scalarGradientsDoNotDependOnRetainingTheGraph(@ForAll("programs") List<Instr> program,
                                                       @ForAll @Size(3) List<@DoubleRange(min = -2, max = 2) Double> at) {
        double[] x = at.stream().mapToDouble(Double::doubleValue).toArray();
        double[] margin = {Double.POSITIVE_INFINITY};
        List<Scalar> in1 = leaves(x);
        Scalar y1 = run(program, in1, margin);
        Assume.that(y1.requiresGrad() && margin[0] > 1e-6 && Double.isFinite(y1.value()));
        y1.backward(true);
        List<Scalar> in2 = leaves(x);
        List<Scalar> g = Autograd.grad(run(program, in2, null), in2, false, false, true);
        for (int i = 0; i < x.length; i++) {
            Assume.that(Double.isFinite(g.get(i).value()));
            assertEquals(in1.get(i).grad(), g.get(i).value(), 1e-9 * Math.max(1, Math.abs(g.get(i).value())),
                    "eager rule and engine-op rule agree for input " + i);
        }
    }

    private static List<Scalar> constants(double[] x) {
        List<Scalar> out = new ArrayList<>();
        for (double v : x) {
            out.add(Scalar.constant(v));
        }
        return out;
    }

    private static List<Scalar> leaves(double[] x) {
        List<Scalar> out = new ArrayList<>();
        for (double v : x) {
            out.add(Scalar.of(v));
        }
        return out;
    }
}
