package dev.chainrule.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tensor factories, the backward pass, errors for bad input, and memory release. */
class TensorEngineTest {

    @Test
    void factoriesAndAccessors() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Shape.of(2, 3), x.shape());
        assertEquals(6.0, x.get(1, 2));
        assertEquals(3, x.dim(-1));
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensor.eye(3).toArray());
        assertArrayEquals(new double[] {0, 0.5, 1.0, 1.5}, Tensor.arange(0, 2, 0.5).toArray());
        assertArrayEquals(new double[] {0, 1, 2}, Tensor.arange(3).toArray());
        assertArrayEquals(new double[] {-1, 0, 1}, Tensor.linspace(-1, 1, 3).toArray());
        assertArrayEquals(new double[] {7, 7}, Tensor.full(7, 2).toArray());
        assertEquals(5.0, Tensor.scalar(5).item());
        assertEquals(0, Tensor.scalar(5).rank());
        assertArrayEquals(Tensor.randn(new SplittableRandom(3), 4).toArray(),
                Tensor.randn(new SplittableRandom(3), 4).toArray(), "seeded tensors repeat");
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, Tensor.oneHot(Tensor.of(new double[] {1, 0}), 3).toArray());
        assertEquals(Shape.of(2, 3), Tensor.oneHot(Tensor.of(new double[] {1, 0}), 3).shape());
    }

    @Test
    void readableToString() {
        assertEquals("tensor([[1.0, 2.0, 3.0],\n        [4.0, 5.0, 6.0]], shape=[2, 3])",
                Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).toString());
        assertEquals("tensor([0.0, 1.0, 2.0, ..., 97.0, 98.0, 99.0], shape=[100])", Tensor.arange(100).toString());
        Tensor w = Tensor.of(new double[] {0.5}).requiresGrad();
        w.mul(2.0).sum().backward();
        assertEquals("tensor([0.500000], requiresGrad,\n  grad=[2.0])", w.toString());
    }

    @Test
    void valuesOfReductionsAndSoftmax() {
        Tensor x = Tensor.of(new double[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertArrayEquals(new double[] {5, 7, 9}, x.sum(0, false).toArray());
        assertArrayEquals(new double[] {3, 4}, x.mean(1, false).toArray());
        assertEquals(Shape.of(2, 1), x.mean(1, true).shape());
        assertArrayEquals(new double[] {5, 6}, x.max(1, false).toArray());
        assertArrayEquals(new double[] {1, 2}, x.min(1, false).toArray());
        assertArrayEquals(new double[] {1, 2}, x.argmax(1).toArray());
        assertEquals(6.0, x.max().item());
        assertEquals(21.0, x.sum().item());
        assertEquals(17.5 / 6, x.var(new int[0], false, 0).item(), 1e-12);
        assertEquals(Math.sqrt(17.5 / 5), x.std(new int[0], false, 1).item(), 1e-12);
        Tensor big = Tensor.of(new double[] {1000, 1001, 1002});
        double[] p = big.softmax(0).toArray();
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
        assertEquals(Math.exp(-2) / (1 + Math.exp(-1) + Math.exp(-2)), p[0], 1e-12);
        assertEquals(1002 + Math.log(1 + Math.exp(-1) + Math.exp(-2)),
                big.logSumExp(new int[0], false).item(), 1e-12);
        assertFalse(Double.isNaN(big.logSoftmax(0).toArray()[0]));
        assertArrayEquals(new double[] {-1, 0.5, 1}, Tensor.of(new double[] {-3, 0.5, 2}).clamp(-1, 1).toArray());
    }

    @Test
    void nonScalarBackwardNeedsAGradientOfTheRightShape() {
        Tensor w = Tensor.ones(2, 3).requiresGrad();
        Tensor y = w.mul(2.0);
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("shape [2, 3]") && e.getMessage().contains("backward(gradient)"),
                e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3, 2)));
        assertEquals("backward: the gradient has shape [3, 2] but the output has shape [2, 3]; they must match",
                bad.getMessage());
        assertNull(w.grad(), "nothing half-updated");
        y.backward(Tensor.full(0.5, 2, 3));
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, w.grad().toArray());
    }

    @Test
    void leafGradientsAccumulateAndReleasedGraphsRefuse() {
        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor loss = w.square().sum();
        loss.backward(Tensor.scalar(1.0), true);
        loss.backward(Tensor.scalar(1.0), true);
        assertArrayEquals(new double[] {4, 8}, w.grad().toArray());
        w.zeroGrad();
        assertNull(w.grad());
        loss.backward();
        assertArrayEquals(new double[] {2, 4}, w.grad().toArray());
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
        assertArrayEquals(new double[] {2, 4}, w.grad().toArray());
    }

    @Test
    void reuseAccumulatesInTensorsToo() {
        Tensor a = Tensor.of(new double[] {1, 2}).requiresGrad();
        Tensor b = a.add(a);
        b.add(b).sum().backward();
        assertArrayEquals(new double[] {4, 4}, a.grad().toArray());
    }

    @Test
    void gradModeAndDetach() {
        Tensor w = Tensor.ones(2).requiresGrad();
        try (var off = Grad.disabled()) {
            assertFalse(w.mul(3.0).isGradRequired());
        }
        assertTrue(w.mul(3.0).isGradRequired());
        assertFalse(w.detach().isGradRequired());
        Tensor y = w.mul(w.detach()).sum();
        y.backward();
        assertArrayEquals(new double[] {1, 1}, w.grad().toArray());
        assertThrows(IllegalStateException.class, () -> y.requiresGrad());
    }

    @Test
    void optimizerUpdatesOnlyOnLeaves() {
        Tensor w = Tensor.ones(2).requiresGrad();
        w.addInPlace(-0.5, Tensor.of(new double[] {2, 4}));
        assertArrayEquals(new double[] {0, -1}, w.toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> w.addInPlace(1, Tensor.ones(3)));
        assertEquals("addInPlace: shapes [2] and [3] differ", e.getMessage());
        assertThrows(IllegalStateException.class, () -> w.mul(2.0).addInPlace(1, Tensor.ones(2)));
        Tensor v = Tensor.ones(2).requiresGrad();
        w.add(v).sum().backward();                 // w and v receive the same gradient tensor
        var ro = assertThrows(IllegalStateException.class, () -> w.grad().addInPlace(1, Tensor.ones(2)));
        assertTrue(ro.getMessage().contains("gradient"), ro.getMessage());
        assertArrayEquals(new double[] {1, 1}, v.grad().toArray());
    }

    @Test
    void badInputNamesTheOpAndTheShapes() {
        Tensor a = Tensor.zeros(2, 3);
        assertEquals("matmul: [2, 3] x [4, 5]: inner sizes 3 and 4 differ",
                assertThrows(IllegalArgumentException.class, () -> a.matmul(Tensor.zeros(4, 5))).getMessage());
        assertEquals("add: shapes [2, 3] and [4] cannot be broadcast together (dimension -1: 3 vs 4)",
                assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(4))).getMessage());
        assertEquals("sum: axis 2 is out of range for shape [2, 3] (rank 2)",
                assertThrows(IllegalArgumentException.class, () -> a.sum(2, false)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.select(1, 3)).getMessage()
                .startsWith("select: index 3 is out of range for axis 1 of shape [2, 3]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.indexSelect(0, 0, 2)).getMessage()
                .startsWith("indexSelect: index 2 at position 1 is out of range"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> a.gather(1, Tensor.of(new double[] {0, 1.5}, 2, 1))).getMessage()
                .startsWith("gather: index 1.5 at position 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.narrow(0, 1, 2)).getMessage()
                .startsWith("narrow: range [1, 3) is outside [0, 2)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2)).getMessage()
                .startsWith("reshape: cannot reshape [2, 3] (6 elements) into [4, 2]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.permute(0, 0)).getMessage()
                .startsWith("permute: axis 0 appears twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[5], 2, 3)).getMessage()
                .startsWith("Tensor.of: 5 values do not fill shape [2, 3]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Tensor.concat(List.of(a, Tensor.zeros(3, 3)), 1)).getMessage()
                .startsWith("concat: shapes [2, 3] and [3, 3] differ along axis 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.item()).getMessage()
                .startsWith("item: the tensor has shape [2, 3]"));
        assertEquals("mul: the constant operand is NaN",
                assertThrows(IllegalArgumentException.class, () -> a.mul(Double.NaN)).getMessage());
    }

    @Test
    void emptyTensors() {
        Tensor e = Tensor.zeros(0, 3);
        assertEquals(0, e.size());
        assertArrayEquals(new double[] {0, 0, 0}, e.sum(0, false).toArray(), "a sum over nothing is 0");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.max(0, false)).getMessage()
                .startsWith("max: cannot reduce the empty axis 0 of shape [0, 3]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.mean(0, false)).getMessage()
                .startsWith("mean: cannot average over an empty axis of shape [0, 3]"));
        assertEquals(Shape.of(0, 4), e.matmul(Tensor.ones(3, 4)).shape());
        assertArrayEquals(new double[4], Tensor.zeros(4, 0).matmul(Tensor.zeros(0, 1)).toArray());
    }

    @Property(tries = 40)
    void matmulMatchesANaiveLoop(@ForAll @IntRange(min = 1, max = 70) int m, @ForAll @IntRange(min = 1, max = 70) int k,
                                 @ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 1, max = 3) int batch) {
        SplittableRandom rnd = new SplittableRandom(m * 10007L + k * 101L + n + batch);
        Tensor a = Tensor.randn(rnd, batch, m, k);
        Tensor b = Tensor.randn(rnd, k, n);
        double[] c = a.matmul(b).toArray();
        double[] ad = a.toArray();
        double[] bd = b.toArray();
        for (int q = 0; q < batch; q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += ad[(q * m + i) * k + p] * bd[p * n + j];
                    }
                    assertEquals(s, c[(q * m + i) * n + j], 1e-12 * k * 10);
                }
            }
        }
    }

    @Test
    void sameExpressionWithScalarsAndTensors() {
        double[] xv = {0.3, -1.2, 0.7, 2.0};
        double[] wv = {0.5, -0.25, 1.5, 0.1};
        Tensor x = Tensor.of(xv, 2, 2).requiresGrad();
        Tensor w = Tensor.of(wv, 2, 2).requiresGrad();
        Tensor t = x.matmul(w).tanh().mul(x.sigmoid()).sum().add(w.square().mean());
        t.backward();
        Scalar[] xs = Scalar.of(xv);
        Scalar[] ws = Scalar.of(wv);
        List<Scalar> terms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                Scalar dot = xs[i * 2].mul(ws[j]).add(xs[i * 2 + 1].mul(ws[2 + j]));
                terms.add(dot.tanh().mul(xs[i * 2 + j].sigmoid()));
            }
        }
        List<Scalar> sq = new ArrayList<>();
        for (Scalar v : ws) {
            sq.add(v.square());
        }
        Scalar s = Scalar.sum(terms).add(Scalar.sum(sq).div(4.0));
        s.backward();
        assertEquals(s.value(), t.item(), 1e-14);
        for (int i = 0; i < 4; i++) {
            assertEquals(xs[i].grad(), x.grad().toArray()[i], 1e-14);
            assertEquals(ws[i].grad(), w.grad().toArray()[i], 1e-14);
        }
    }

    @Test
    void secondOrderThroughTensors() {
        // f(x) = sum(tanh(x)^3): the Hessian is diagonal with f'' = d/dx [3 t^2 (1 - t^2)]
        Tensor x = Tensor.of(new double[] {0.3, -0.8, 1.1}).requiresGrad();
        Tensor g = Autograd.grad(x.tanh().pow(3).sum(), List.of(x), true).get(0);
        Tensor v = Tensor.of(new double[] {1, 2, 3});
        Tensor hv = Autograd.grad(g.mul(v).sum(), List.of(x), false).get(0);
        double[] xv = x.toArray();
        for (int i = 0; i < 3; i++) {
            double t = Math.tanh(xv[i]);
            double d2 = (6 * t - 12 * t * t * t) * (1 - t * t);
            assertEquals(d2 * (i + 1), hv.toArray()[i], 1e-12);
        }
        assertNull(x.grad(), "Autograd.grad leaves grad() alone");
    }

    @Test
    void releasedGraphsFreeTheirSavedTensors() {
        Tensor w = Tensor.randn(new SplittableRandom(1), 64, 64).requiresGrad();
        Tensor h = w.tanh();
        WeakReference<Tensor> saved = new WeakReference<>(h);
        Tensor loss = h.matmul(w).sum();
        h = null;
        loss.backward();
        assertTrue(Memory.collected(saved), "after backward without retain, the intermediate is unreachable");
        assertSame(Shape.scalar(), loss.shape());
    }

    @Test
    void manyStepsInABoundedHeapDoNotAccumulateGraphs() {
        // each step records ~0.3 MB of saved tensors; if graphs leaked, 1000 steps would keep 300 MB alive
        Tensor w = Tensor.randn(new SplittableRandom(2), 128, 128).requiresGrad();
        Tensor x = Tensor.randn(new SplittableRandom(3), 64, 128);
        List<Tensor> losses = new ArrayList<>();
        long before = Memory.usedAfterGc();
        for (int step = 0; step < 1000; step++) {
            Tensor loss = x.matmul(w).tanh().matmul(w).square().mean();
            loss.backward();
            w.addInPlace(-1e-3, w.grad());
            w.zeroGrad();
            losses.add(loss); // the outputs are kept, their graphs must not be
        }
        long grown = Memory.usedAfterGc() - before;
        assertTrue(grown < 50L << 20, "heap grew by " + (grown >> 20) + " MB over 1000 steps");
        assertTrue(Double.isFinite(losses.get(999).item()));
    }


}
