package dev.chainrule.core;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backward pass: accumulation, release, misuse, grad mode and very deep graphs. */
class EngineTest {

    @Test
    void microgradReadmeExpression() {
        Scalar a = Scalar.of(-4.0);
        Scalar b = Scalar.of(2.0);
        Scalar c = a.add(b);
        Scalar d = a.mul(b).add(b.pow(3));
        c = c.add(c.add(1));
        c = c.add(Scalar.constant(1).add(c).add(a.neg()));
        d = d.add(d.mul(2).add(b.add(a).relu()));
        d = d.add(d.mul(3).add(b.sub(a).relu()));
        Scalar e = c.sub(d);
        Scalar f = e.pow(2);
        Scalar g = f.div(2.0);
        g = g.add(Scalar.constant(10.0).div(f));
        g.backward();
        assertEquals(24.7041, g.value(), 5e-5);
        assertEquals(138.8338, a.grad(), 5e-5);
        assertEquals(645.5773, b.grad(), 5e-5);
    }

    @Test
    void reuseAccumulates() {
        Scalar a = Scalar.of(3.0);
        Scalar b = a.add(a);
        Scalar c = b.add(b);
        c.backward();
        assertEquals(4.0, a.grad());
        assertEquals(2.0, b.grad());
        assertEquals(1.0, c.grad());
    }

    @Test
    void leafGradientsAccumulateAcrossPassesAndInteriorOnesAreFresh() {
        Scalar x = Scalar.of(2.0);
        Scalar h = x.mul(x);
        Scalar y = h.mul(3.0);
        y.backward(true);
        assertEquals(12.0, x.grad());
        assertEquals(3.0, h.grad());
        y.backward(true);
        assertEquals(24.0, x.grad(), "leaf gradients add up across passes");
        assertEquals(3.0, h.grad(), "an interior gradient is recomputed, not added to");
        x.zeroGrad();
        assertEquals(0.0, x.grad());
        y.backward();
        assertEquals(12.0, x.grad());
    }

    @Test
    void backwardTwiceWithoutRetainSaysToRetain() {
        Scalar x = Scalar.of(2.0);
        Scalar y = x.mul(x).tanh();
        y.backward();
        double first = x.grad();
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
        assertTrue(e.getMessage().contains("already released"), e.getMessage());
        assertEquals(first, x.grad(), "a refused pass changes no gradient");
    }

    @Test
    void backwardThroughAReleasedSubgraphFailsBeforeTouchingAnything() {
        Scalar x = Scalar.of(2.0);
        Scalar w = Scalar.of(5.0);
        Scalar h = x.mul(x);
        h.mul(2.0).backward();                   // releases h
        assertEquals(8.0, x.grad());
        Scalar y = h.mul(w);                     // a new op on a released node is fine...
        var e = assertThrows(IllegalStateException.class, y::backward); // ...differentiating through h is not
        assertTrue(e.getMessage().contains("'*'"), e.getMessage());
        assertEquals(0.0, w.grad(), "no gradient was half-accumulated");
        assertEquals(8.0, x.grad());
    }

    @Test
    void backwardOnAConstantSaysWhy() {
        Scalar c = Scalar.constant(2.0).mul(3.0);
        var e = assertThrows(IllegalStateException.class, c::backward);
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
        var g = assertThrows(IllegalStateException.class, c::grad);
        assertTrue(g.getMessage().contains("Scalar.of"), g.getMessage());
    }

    @Test
    void nanInputsAreRejectedWithTheOpNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Scalar.of(Double.NaN));
        assertTrue(e.getMessage().startsWith("Scalar.of: the value is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scalar.constant(Double.NaN));
        assertTrue(e.getMessage().startsWith("Scalar.constant"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scalar.of(1).add(Double.NaN));
        assertEquals("Scalar.add: the constant operand is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scalar.of(1).setValue(Double.NaN));
        assertTrue(e.getMessage().startsWith("Scalar.setValue"), e.getMessage());
    }

    @Test
    void nanFromValidInputsPropagatesAsIeeeSays() {
        Scalar x = Scalar.of(-1.0);
        Scalar y = x.log();
        assertTrue(Double.isNaN(y.value()));
        y.backward();
        assertEquals(-1.0, x.grad(), "d ln x / dx = 1/x is defined even where ln x is not");
        Scalar z = Scalar.of(-1.0);
        z.sqrt().backward();
        assertTrue(Double.isNaN(z.grad()));
    }

    @Test
    void setValueOnlyOnLeaves() {
        Scalar x = Scalar.of(1.0);
        x.setValue(2.0);
        assertEquals(2.0, x.value());
        var e = assertThrows(IllegalStateException.class, () -> x.exp().setValue(1.0));
        assertTrue(e.getMessage().contains("'exp'") && e.getMessage().contains("detach()"), e.getMessage());
    }

    @Test
    void gradModeOffRecordsNothing() {
        Scalar x = Scalar.of(2.0);
        Scalar y;
        try (var off = Grad.disabled()) {
            assertFalse(Grad.isEnabled());
            try (var nested = Grad.disabled()) {
                assertFalse(Grad.isEnabled());
            }
            assertFalse(Grad.isEnabled(), "closing an inner scope keeps the outer one");
            y = x.mul(x).exp();
        }
        assertTrue(Grad.isEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertEquals(Math.exp(4), y.value());
        assertTrue(x.mul(x).requiresGrad());
    }

    @Test
    void gradModeIsPerThread() throws InterruptedException {
        boolean[] otherThread = new boolean[1];
        try (var off = Grad.disabled()) {
            Thread t = new Thread(() -> otherThread[0] = Scalar.of(1).mul(2).requiresGrad());
            t.start();
            t.join();
        }
        assertTrue(otherThread[0]);
    }

    @Test
    void detachCutsTheGraph() {
        Scalar x = Scalar.of(3.0);
        Scalar y = x.mul(x.detach());            // y = x * const(x): dy/dx = x, not 2x
        y.backward();
        assertEquals(3.0, x.grad());
        assertFalse(x.detach().requiresGrad());
    }

    @Test
    void constantsGetNoGradient() {
        Scalar x = Scalar.of(2.0);
        Scalar c = Scalar.constant(5.0);
        x.mul(c).backward();
        assertEquals(5.0, x.grad());
        assertThrows(IllegalStateException.class, c::grad);
    }

    @Test
    void naryOpsAreOneNode() {
        Scalar a = Scalar.of(1.0);
        Scalar b = Scalar.of(2.0);
        Scalar c = Scalar.of(3.0);
        Scalar s = Scalar.sum(List.of(a, b, c, a));
        assertEquals(4, s.inputs().size());
        assertEquals("sum", s.op());
        Scalar d = Scalar.dot(List.of(a, b), List.of(c, a));   // a c + b a
        d.add(s).backward();
        assertEquals(3 + 2 + 2, a.grad());                      // c + b + 2 (a twice in the sum)
        assertEquals(1 + 1, b.grad());
        assertEquals(1 + 1, c.grad());
        assertFalse(Scalar.sum(List.of(Scalar.constant(1))).requiresGrad());
    }

    @Test
    void aMillionNodeChainOnTheDefaultStack() {
        Scalar x = Scalar.of(0.3);
        Scalar y = x;
        double expected = 1.0;
        double v = 0.3;
        WeakReference<Scalar> middle = null;
        for (int i = 0; i < 1_000_000; i++) {
            expected *= Math.cos(v);
            v = Math.sin(v);
            y = y.sin();
            if (i == 500_000) {
                middle = new WeakReference<>(y);
            }
        }
        assertEquals(v, y.value(), 1e-12);
        y.backward();
        assertEquals(expected, x.grad(), 1e-12 + 1e-9 * Math.abs(expected));
        // the pass released the chain: nothing holds the middle node any more, though y is still held
        assertTrue(Memory.collected(middle), "the released graph is unreachable from its root");
        assertEquals(v, y.value(), 1e-12);
    }

    @Test
    void aDroppedGraphIsCollected() {
        Scalar x = Scalar.of(0.3);
        Scalar y = x;
        WeakReference<Scalar> middle = null;
        for (int i = 0; i < 1000; i++) {
            y = y.tanh().add(x);
            if (i == 500) {
                middle = new WeakReference<>(y);
            }
        }
        y.backward(true);
        assertTrue(middle.get() != null && y.value() > 0);
        y = null;
        assertTrue(Memory.collected(middle));
    }


    @Test
    void deterministicTraversal() {
        // the same expression built twice gives bit-identical gradients (sums in the same order)
        double[] first = gradsOfTangle();
        double[] second = gradsOfTangle();
        assertEquals(first[0], second[0]);
        assertEquals(first[1], second[1]);
    }

    private static double[] gradsOfTangle() {
        Scalar a = Scalar.of(0.1);
        Scalar b = Scalar.of(0.7);
        Scalar s = a;
        for (int i = 0; i < 50; i++) {
            s = s.mul(b).add(a.sin()).sub(b.mul(s).tanh());
        }
        s.backward();
        return new double[] {a.grad(), b.grad()};
    }

    @Test
    void readableToString() {
        Scalar a = Scalar.of(2.0, "a");
        Scalar y = a.mul(3.0);
        y.backward();
        assertEquals("Scalar(a: value=2.0, grad=3.0)", a.toString());
        assertEquals("Scalar(value=6.0, grad=1.0, op=*)", y.toString());
        assertEquals("Scalar(value=3.0, constant)", Scalar.constant(3.0).toString());
        assertNull(y.label());
    }
}
