package dev.chainrule.core;

import dev.chainrule.check.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Aliasing, in-place updates, NaN, scope misuse and other edges found in review. */
class EdgeCasesTest {

    @Test
    void gradientsHandedOutAreReadOnlyAndDoNotShareTheSeed() {
        Tensor a = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
        Tensor b = Tensor.of(new double[] {4, 5, 6}).requiresGrad();
        List<Tensor> g = Autograd.grad(a.add(b).sum(), List.of(a, b));
        assertThrows(IllegalStateException.class, () -> g.get(0).addInPlace(0.1, a));
        a.add(b).sum().backward();
        assertThrows(IllegalStateException.class, () -> a.grad().detach().addInPlace(1, a), "a view of a gradient");
        assertThrows(IllegalStateException.class, () -> a.grad().reshape(3, 1).addInPlace(1, Tensor.ones(3, 1)));
        Tensor x = Tensor.ones(3).requiresGrad();
        Tensor seed = Tensor.ones(3);
        x.add(1.0).backward(seed);
        seed.addInPlace(9, Tensor.ones(3));
        assertArrayEquals(new double[] {1, 1, 1}, x.grad().toArray(), "the seed was copied");
    }

    @Test
    void anInPlaceUpdateBetweenForwardAndBackwardIsRefused() {
        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor loss = w.square().sum();
        w.addInPlace(10, Tensor.ones(2));
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("'square' was modified in place"), e.getMessage());
    }

    @Test
    void stdOfAConstantGroupHasAFiniteGradient() {
        Tensor x = Tensor.of(new double[] {2, 2, 2, 1, 2, 3}, 2, 3).requiresGrad();
        x.std(new int[] {1}, false, 0).sum().backward();
        double[] g = x.grad().toArray();
        assertArrayEquals(new double[] {0, 0, 0}, java.util.Arrays.copyOf(g, 3));
        double s = Math.sqrt(2.0 / 3);
        assertEquals(-1 / (3 * s), g[3], 1e-12);
        GradCheck.tensors(in -> in.get(0).std(new int[] {1}, true, 1), List.of(Tensor.of(new double[] {1, 2, 4,
            -1, 0.5, 3}, 2, 3))).assertPassed();
    }

    @Test
    void nanPropagatesThroughMaxMinAndClamp() {
        // NaN computed from valid values (inf * 0); a tensor is never created from NaN
        Tensor t = Tensor.of(new double[] {Double.POSITIVE_INFINITY, 0.5}).mul(Tensor.of(new double[] {0, 1}));
        double[] c = t.clamp(-1, 1).toArray();
        assertTrue(Double.isNaN(c[0]));
        assertEquals(0.5, c[1]);
        assertTrue(Double.isNaN(t.max(Tensor.scalar(0)).toArray()[0]));
        assertTrue(Double.isNaN(Tensor.scalar(0).max(t).toArray()[0]));
        assertTrue(Double.isNaN(Scalar.constant(0).min(Scalar.constant(Double.POSITIVE_INFINITY).mul(0.0)).value()));
    }

    @Test
    void powerZeroHasAZeroGradientEvenAtZero() {
        Scalar x = Scalar.of(0.0);
        x.pow(0).add(x).backward();
        assertEquals(1.0, x.grad());
        Tensor t = Tensor.of(new double[] {0, 2}).requiresGrad();
        t.pow(0).add(t).sum().backward();
        assertArrayEquals(new double[] {1, 1}, t.grad().toArray());
    }

    @Test
    void scopesClosedOutOfOrderAreRefused() {
        Grad.Scope s1 = Grad.disabled();
        Grad.Scope s2 = Grad.disabled();
        assertThrows(IllegalStateException.class, s1::close);
        s2.close();
        s1.close();
        assertTrue(Grad.isEnabled());
    }

    @Test
    void aRefusedGradLeavesTheGraphUsable() {
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor unused = Tensor.ones(2).requiresGrad();
        Tensor y = x.square().sum();
        assertThrows(IllegalArgumentException.class, () -> Autograd.grad(y, List.of(x, unused)));
        List<Tensor> g = Autograd.grad(List.of(y), null, List.of(x, unused), false, false, true);
        assertArrayEquals(new double[] {2, 4}, g.get(0).toArray());
        assertArrayEquals(new double[] {0, 0}, g.get(1).toArray());
    }

    @Test
    void gradCheckOfSecondDerivativesAcceptsInputsThatRequireGrad() {
        Tensor x = Tensor.of(new double[] {0.3, -0.7}).requiresGrad();
        GradCheck.second(in -> in.get(0).tanh().mul(in.get(0)), List.of(x)).assertPassed();
        GradCheck.tensors(in -> in.get(0).tanh(), List.of(x)).assertPassed();
    }

    @Test
    void functionalFormsOfAConstantFunctionAreZero() {
        Tensor x = Tensor.of(new double[] {1, 2});
        Tensor c = Tensor.of(new double[] {5, 5, 5});
        assertArrayEquals(new double[] {0, 0}, Autograd.vjp(t -> c, x, Tensor.ones(3)).toArray());
        assertArrayEquals(new double[] {0, 0, 0}, Autograd.jvp(t -> c, x, Tensor.ones(2)).toArray());
    }

    @Test
    void errorMessagesNameTheRightThing() {
        assertEquals("matmul: [2, 3, 4] x [5, 4, 6]: the batch dimensions [2] and [5] cannot be broadcast together",
                assertThrows(IllegalArgumentException.class,
                        () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(5, 4, 6))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).dim(2)).getMessage()
                .contains("axis 2 is out of range for shape [2, 3]"));
        Tensor w = Tensor.ones(2).requiresGrad();
        Tensor y = w.mul(2.0).sum();
        y.backward();
        assertTrue(assertThrows(IllegalStateException.class, y::backward).getMessage()
                .contains("Tensor: backward(gradient, true)"));
    }
}
