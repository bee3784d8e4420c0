package example;

import dev.chainrule.core.Chainrule;
import dev.chainrule.core.Scalar;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.text.PageCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user does first: a gradient, the fast path on, a page checked. */
class ConsumerTest {
    @Test
    void theLibraryWorksFromAUsersProject() {
        Scalar a = Scalar.of(-4.0);
        Scalar b = Scalar.of(2.0);
        Scalar g = a.mul(b).add(b.pow(3));
        g.backward();
        assertEquals(2.0, a.grad(), 0.0);
        assertEquals(-4.0 + 12.0, b.grad(), 0.0);
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad();
        x.matmul(x).sum().backward();
        assertEquals(4, x.grad().size());
        assertTrue(Chainrule.vectorized(), "Surefire's argLine gives the fast path: " + Chainrule.fastPath());
        String page = """
                ---
                network: layers
                sizes: [2, 1]
                activations: {1: identity}
                loss: \\frac{1}{2} (a^1 - y)^2
                target: {y: uniform}
                symbols: {W: weight, b: bias, a: activity, L: loss}
                ---
                $$\\frac{\\partial L}{\\partial b^1} = a^1 - y$$
                """;
        PageCheck.check("mine.md", page, 1, 20, null).get(0).assertAllHold();
    }
}
