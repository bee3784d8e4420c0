package dev.chainrule.examples;

import dev.chainrule.check.GradCheck;
import dev.chainrule.core.Autograd;
import dev.chainrule.core.Scalar;
import dev.chainrule.core.Shape;
import dev.chainrule.core.Tensor;
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
    void readmeShowsTheseSnippets() throws IOException {
        String test = Files.readString(Path.of("src/test/java/dev/chainrule/examples/ReadmeExampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String name : new String[] {"README usage", "README tensor usage"}) {
            String snippet = test.substring(test.indexOf("// --- " + name + " begins"),
                    test.indexOf("// --- " + name + " ends"));
            for (String line : snippet.lines().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                assertTrue(readme.contains(line), "README lacks: " + line);
            }
        }
    }
}
