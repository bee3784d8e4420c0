package dev.chainrule.examples;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.DerivationReport;
import dev.chainrule.check.Draw;
import dev.chainrule.check.GradCheck;
import dev.chainrule.core.Autograd;
import dev.chainrule.core.DType;
import dev.chainrule.core.Scalar;
import dev.chainrule.core.Shape;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Mlp;
import dev.chainrule.nn.Sequential;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's usage snippet, verbatim between the markers, so that the README cannot drift from the API. */
class ReadmeExampleTest {

    @Test
    void usageSnippetCompilesAndGivesTheRightNumbers() {
        // --- README usage begins
        Scalar a = Scalar.of(-4.0), b = Scalar.of(2.0);    // leaves that require grad
        Scalar g = a.mul(b).add(b.pow(3)).tanh();          // recorded as it runs
        g.backward();                                      // dg/da and dg/db
        double value = g.value(), dgda = a.grad(), dgdb = b.grad();

        // is a hand-derived gradient right? compare autograd with central differences
        GradCheck.scalars(x -> x.get(0).mul(x.get(1)).sigmoid(), 0.3, -1.2).assertPassed();

        // higher order: gradients that are graph nodes themselves
        Scalar x = Scalar.of(2.0);
        Scalar dy = Autograd.grad(x.pow(3), java.util.List.of(x), true).get(0);   // 3x^2 = 12
        Scalar d2y = Autograd.grad(dy, java.util.List.of(x), false).get(0);       // 6x = 12
        // --- README usage ends
        double t = Math.tanh(0.0);
        assertEquals(t, value);
        assertEquals(2.0 * (1 - t * t), dgda);
        assertEquals((-4.0 + 12.0) * (1 - t * t), dgdb);
        assertEquals(12.0, dy.value(), 1e-12);
        assertEquals(12.0, d2y.value(), 1e-12);
    }

    @Test
    void tensorSnippetCompilesAndRuns() {
        // --- README tensor usage begins
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = Tensor.randn(new SplittableRandom(7), 3, 4).requiresGrad();
        Tensor b = Tensor.zeros(4).requiresGrad();
        Tensor loss = x.matmul(w).add(b).tanh().logSoftmax(1).select(1, 0).mean().neg();
        loss.backward();
        Tensor dw = w.grad();                              // shape [3, 4]
        w.addInPlace(-0.1, dw);                            // an SGD step on the leaf
        // --- README tensor usage ends
        assertEquals(Shape.of(3, 4), dw.shape());
        assertTrue(Double.isFinite(loss.item()));
    }

    @Test
    void float32SnippetStaysInFloat32() {
        // --- README float32 usage begins
        Sequential net = Mlp.of(784, 256, 10).dtype(DType.F32).build(7);   // float32 weights and biases
        Tensor batch = Tensor.randn(new SplittableRandom(1), 128, 784).to(DType.F32);
        Tensor logits = net.forward(batch);                              // float32 all the way
        Tensor x32 = Tensor.zeros(DType.F32, 2, 3);                      // or Tensor.of(new float[] {...}, 2, 3)
        // --- README float32 usage ends
        assertEquals(DType.F32, logits.dtype());
        assertEquals(Shape.of(128, 10), logits.shape());
        assertEquals(DType.F32, x32.dtype());
        logits.sum().backward();
        for (Tensor p : net.parameters()) {
            assertEquals(DType.F32, p.grad().dtype());
        }
    }

    @Test
    void derivationSnippetFindsTheMissingReluDerivative() {
        // --- README derivation usage begins
        Derivation d = Derivation.builder("one relu neuron, squared error")
                .scalar("w", Draw.uniform(-2, 2)).scalar("x", Draw.uniform(-2, 2)).scalar("t", Draw.uniform(-2, 2))
                .scalarModel(c -> {
                    Scalar z = c.probe("z", c.scalar("w").mul(c.scalar("x")));    // z = w x, and dL/dz is checkable
                    return z.relu().sub(c.value("t")).square().mul(0.5);        // L = (relu(z) - t)^2 / 2
                })
                .awayFromZero(0.05, "z")                                       // keep z off relu's kink
                .formula("dL/dz", "z", v -> (Math.max(0, v.get("z")) - v.get("t")) * (v.get("z") > 0 ? 1 : 0))
                .formula("dL/dw", "w", v -> (Math.max(0, v.get("z")) - v.get("t")) * v.get("x"))   // relu'(z)?
                .build();
        DerivationReport report = d.check();      // 200 seeded instances: hand formula, autograd, central differences
        System.out.println(report);               // dL/dw FAILS: a shrunk counterexample, and a hint
        // --- README derivation usage ends
        report.assertHolds("dL/dz");
        String readme;
        try {
            readme = Files.readString(Path.of("../README.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String shown = readme.substring(readme.indexOf("```\n", readme.indexOf("\nprints\n")) + 4);
        assertEquals(shown.substring(0, shown.indexOf("```")).strip(), report.toString().strip(),
                "the README shows what the snippet prints");
        DerivationReport.Verdict v = report.verdict("dL/dw");
        assertTrue(!v.holds() && v.hints().stream().anyMatch(h -> h.contains("exactly where z > 0")), v.toString());
    }

    @Test
    void readmeShowsTheseSnippets() throws IOException {
        String test = Files.readString(Path.of("src/test/java/dev/chainrule/examples/ReadmeExampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String name : new String[] {"README usage", "README tensor usage", "README float32 usage",
            "README derivation usage"}) {
            String snippet = test.substring(test.indexOf("// --- " + name + " begins"),
                    test.indexOf("// --- " + name + " ends"));
            for (String line : snippet.lines().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                assertTrue(readme.contains(line), "README lacks: " + line);
            }
        }
    }
}
