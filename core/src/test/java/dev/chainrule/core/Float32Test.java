package dev.chainrule.core;

import dev.chainrule.check.GradCheck;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * float32 tensors: every op's value and gradient in float32 against float64 run on the same inputs (the float32
 * values, widened exactly), with tolerances scaled to float32's epsilon; the promotion rule; conversions; and the
 * refusal of gradient checks in float32.
 */
class Float32Test {
    /** float32's machine epsilon. */
    static final double EPS32 = Math.ulp(1.0f);

    /** Each op as a function of two operands of one shape (the second ignored by unary ops). */
    static Map<String, Function<List<Tensor>, Tensor>> ops() {
        Map<String, Function<List<Tensor>, Tensor>> ops = new LinkedHashMap<>();
        ops.put("neg", in -> in.get(0).neg());
        ops.put("square", in -> in.get(0).square());
        ops.put("sqrt", in -> in.get(0).abs().add(0.5).sqrt());
        ops.put("exp", in -> in.get(0).exp());
        ops.put("log", in -> in.get(0).abs().add(0.5).log());
        ops.put("tanh", in -> in.get(0).tanh());
        ops.put("sigmoid", in -> in.get(0).sigmoid());
        ops.put("relu", in -> in.get(0).relu());
        ops.put("softplus", in -> in.get(0).softplus());
        ops.put("abs", in -> in.get(0).abs());
        ops.put("sin", in -> in.get(0).sin());
        ops.put("cos", in -> in.get(0).cos());
        ops.put("pow", in -> in.get(0).abs().add(0.5).pow(2.5));
        ops.put("pow(tensor)", in -> in.get(0).abs().add(0.5).pow(in.get(1)));
        ops.put("clamp", in -> in.get(0).clamp(-1.0, 1.0));
        ops.put("add", in -> in.get(0).add(in.get(1)));
        ops.put("sub", in -> in.get(0).sub(in.get(1)));
        ops.put("mul", in -> in.get(0).mul(in.get(1)));
        ops.put("div", in -> in.get(0).div(in.get(1).abs().add(0.5)));
        ops.put("max", in -> in.get(0).max(in.get(1)));
        ops.put("min", in -> in.get(0).min(in.get(1)));
        ops.put("scalar operands", in -> in.get(0).mul(2.5).add(-1.0).sub(0.5).div(4.0));
        ops.put("where", in -> Tensor.where(in.get(1).gt(0.0), in.get(0), in.get(1)));
        ops.put("sum", in -> in.get(0).sum());
        ops.put("sum(axis)", in -> in.get(0).sum(-1, false));
        ops.put("mean(axis)", in -> in.get(0).mean(0, true));
        ops.put("var", in -> in.get(0).var(new int[] {-1}, false, 1));
        ops.put("std", in -> in.get(0).std(new int[] {0}, true, 0));
        ops.put("max(axis)", in -> in.get(0).max(-1, false));
        ops.put("logSumExp", in -> in.get(0).logSumExp(new int[] {-1}, false));
        ops.put("softmax", in -> in.get(0).softmax(-1));
        ops.put("logSoftmax", in -> in.get(0).logSoftmax(0));
        ops.put("matmul", in -> in.get(0).matmul(in.get(1).transpose()));
        ops.put("matmul^T", in -> in.get(0).transpose().matmul(in.get(1)));
        ops.put("reshape", in -> in.get(0).reshape(-1).mul(in.get(1).reshape(-1)));
        ops.put("permute", in -> in.get(0).permute(1, 0).exp());
        ops.put("expand", in -> in.get(0).sum(0, true).expand(in.get(1).shape()).mul(in.get(1)));
        ops.put("narrow", in -> in.get(0).narrow(1, 1, 2).square());
        ops.put("select", in -> in.get(0).select(0, 1).tanh());
        ops.put("indexSelect", in -> in.get(0).indexSelect(1, 2, 0, 2).square());
        ops.put("gather", in -> in.get(0).gather(1, Tensor.of(new double[] {0, 2, 1, 1, 0, 2}, 3, 2)).exp());
        ops.put("concat", in -> Tensor.concat(List.of(in.get(0), in.get(1).square()), 0).sin());
        ops.put("stack", in -> Tensor.stack(List.of(in.get(0), in.get(1)), 1).tanh());
        ops.put("unsqueeze/squeeze", in -> in.get(0).unsqueeze(0).squeeze(0).mul(in.get(1)));
        return ops;
    }

    /**
     * For every op, at 40 seeds: the float32 value and the float32 gradient of {@code <c, f(x)>} agree with the
     * float64 ones at the same (float32-representable) point, to a few thousand float32 epsilons relative to the
     * scale, and every result and gradient is float32.
     */
    @Property(tries = 40)
    void everyOpAgreesWithFloat64(@ForAll long seed) {
        for (Map.Entry<String, Function<List<Tensor>, Tensor>> op : ops().entrySet()) {
            agreesWithFloat64(op.getKey(), op.getValue(), seed);
        }
    }

    private static void agreesWithFloat64(String name, Function<List<Tensor>, Tensor> f, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor a32 = TensorOpsTest.values(rnd, new int[] {3, 4}, 0.05).to(DType.F32);
        Tensor b32 = TensorOpsTest.values(rnd, new int[] {3, 4}, 0.3).to(DType.F32);
        Tensor a64 = a32.to(DType.F64).detach().requiresGrad();
        Tensor b64 = b32.to(DType.F64).detach().requiresGrad();
        a32.requiresGrad();
        b32.requiresGrad();
        Tensor y64 = f.apply(List.of(a64, b64));
        Tensor y32 = f.apply(List.of(a32, b32));
        assertEquals(DType.F32, y32.dtype(), name + ": the result's dtype");
        assertClose(name + " value", y64.toArray(), y32.toArray());
        Tensor c = Tensor.randn(rnd, y64.shape().dims());
        y64.backward(c);
        y32.backward(c.to(DType.F32));
        for (Tensor[] pair : new Tensor[][] {{a64, a32}, {b64, b32}}) {
            if (pair[0].grad() == null) {
                assertSame(null, pair[1].grad(), name);
                continue;
            }
            assertEquals(DType.F32, pair[1].grad().dtype(), name + ": the gradient's dtype");
            assertClose(name + " gradient", pair[0].grad().toArray(), pair[1].grad().toArray());
        }
    }

    /**
     * Matmul at random shapes, vectors and broadcast batches included (the float32 kernel's edge tiles, thin
     * products and the batch loop), value and both gradients against float64.
     */
    @Property(tries = 60)
    void matmulAtRandomShapesAgreesWithFloat64(@ForAll @IntRange(min = 1, max = 40) int m,
                                               @ForAll @IntRange(min = 1, max = 40) int k,
                                               @ForAll @IntRange(min = 1, max = 40) int n,
                                               @ForAll @IntRange(min = 0, max = 5) int layout, @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] da = switch (layout) {
            case 0 -> new int[] {k};
            case 3 -> new int[] {2, m, k};
            case 4 -> new int[] {3, 1, m, k};
            default -> new int[] {m, k};
        };
        int[] db = switch (layout) {
            case 1 -> new int[] {k};
            case 3 -> new int[] {k, n};
            case 4 -> new int[] {2, k, n};
            default -> new int[] {k, n};
        };
        Tensor a32 = Tensor.randn(rnd, da).to(DType.F32).requiresGrad();
        Tensor b32 = Tensor.randn(rnd, db).to(DType.F32).requiresGrad();
        Tensor a64 = a32.to(DType.F64).detach().requiresGrad();
        Tensor b64 = b32.to(DType.F64).detach().requiresGrad();
        Tensor y32 = a32.matmul(b32);
        Tensor y64 = a64.matmul(b64);
        assertEquals(DType.F32, y32.dtype());
        assertEquals(y64.shape(), y32.shape());
        double scale = Math.sqrt(k);
        assertClose("matmul", y64.div(scale).toArray(), y32.div(scale).toArray());
        Tensor c = Tensor.randn(rnd, y64.shape().dims());
        y64.backward(c);
        y32.backward(c.to(DType.F32));
        assertClose("d/da", a64.grad().div(Math.sqrt(n)).toArray(), a32.grad().div(Math.sqrt(n)).toArray());
        assertClose("d/db", b64.grad().div(Math.sqrt(m)).toArray(), b32.grad().div(Math.sqrt(m)).toArray());
    }

    /** |a - b| within 2000 float32 epsilons of the larger of 1 and the largest |a|. */
    static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            assertTrue(err <= 2000 * EPS32 * scale, what + "[" + i + "]: float64 " + expected[i] + ", float32 "
                    + actual[i] + " (error " + err + ", allowed " + 2000 * EPS32 * scale + ")");
        }
    }

    @Test
    void arithmeticIsFloat32Arithmetic() {
        // 1 + 2^-30 is 1 in float32 and not in float64
        Tensor one = Tensor.of(new float[] {1f});
        assertEquals(1.0, one.add(Math.pow(2, -30)).item());
        assertEquals(1.0 + Math.pow(2, -30), one.to(DType.F64).add(Math.pow(2, -30)).item());
        // 0.1 rounds to float32 on the way in
        assertEquals((double) 0.1f, Tensor.of(new double[] {0.1}).to(DType.F32).item());
        Tensor x = Tensor.of(new float[] {1.5f, -2f, 3.25f}, 3);
        assertArrayEquals(new float[] {3f, -4f, 6.5f}, x.mul(2).toFloatArray());
        assertEquals(DType.F32, Tensor.zeros(DType.F32, 2, 3).dtype());
        assertEquals(6, Tensor.zeros(DType.F32, 2, 3).size());
        assertEquals("tensor([3.0, -4.0, 6.50000], dtype=float32)", x.mul(2).toString());
        assertTrue(!Tensor.of(new double[] {1.5, -2}).toString().contains("dtype"), "float64 is not named");
    }

    @Test
    void promotionFollowsPyTorch() {
        Tensor f32 = Tensor.zeros(DType.F32, 2, 2);
        Tensor f64 = Tensor.zeros(2, 2);
        assertEquals(DType.F64, f32.add(f64).dtype(), "two ranked operands: float64 wins");
        assertEquals(DType.F64, f64.matmul(f32).dtype());
        assertEquals(DType.F32, f32.add(Tensor.scalar(1.0)).dtype(), "a rank-0 float64 does not promote");
        assertEquals(DType.F32, f32.mul(3.0).dtype(), "nor does a double operand");
        assertEquals(DType.F64, Tensor.scalar(1.0).add(Tensor.scalar(2.0).to(DType.F32)).dtype(),
                "all rank 0: float64 wins");
        assertEquals(DType.F32, f32.gt(0.0).dtype(), "a comparison's mask has its operands' dtype");
    }

    @Test
    void aGradientHasItsTensorsDtypeWhenPromoted() {
        Tensor w = Tensor.of(new float[] {1f, 2f, 3f}, 3).requiresGrad();
        Tensor x = Tensor.of(new double[] {0.5, 0.25, 2}).requiresGrad();
        w.mul(x).sum().backward();
        assertEquals(DType.F32, w.grad().dtype());
        assertEquals(DType.F64, x.grad().dtype());
        assertArrayEquals(new double[] {0.5, 0.25, 2}, w.grad().toArray());
        assertArrayEquals(new double[] {1, 2, 3}, x.grad().toArray());
    }

    @Test
    void toIsRecordedAndItsGradientConvertsBack() {
        Tensor x = Tensor.of(new double[] {0.1, 0.2}).requiresGrad();
        Tensor y = x.to(DType.F32);
        assertEquals("to(float32)", y.op());
        assertSame(y, y.to(DType.F32), "to the same dtype is the tensor itself");
        y.square().sum().backward();
        assertEquals(DType.F64, x.grad().dtype());
        assertArrayEquals(new double[] {2 * (double) 0.1f, 2 * (double) 0.2f}, x.grad().toArray(), 1e-7);
    }

    @Test
    void viewsShareFloat32StorageAndVersion() {
        Tensor w = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2).requiresGrad();
        Tensor v = w.reshape(4);
        Tensor y = v.square().sum();
        w.addInPlace(-0.5, Tensor.ones(2, 2));
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f}, v.toFloatArray(), "a view sees the update");
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void assignAndAddInPlaceRoundOnce() {
        Tensor w = Tensor.zeros(DType.F32, 2).requiresGrad();
        w.assign(Tensor.of(new double[] {0.1, 1e-3}));
        assertArrayEquals(new float[] {0.1f, 1e-3f}, w.toFloatArray());
        w.addInPlace(0.5, Tensor.of(new float[] {2f, 4f}));
        assertArrayEquals(new float[] {(float) (0.1f + 1.0), (float) (1e-3f + 2.0)}, w.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> w.assign(Tensor.of(new double[] {1, 2, 3})));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[] {1f, Float.NaN}));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    }

    @Test
    void gradientChecksRefuseFloat32AndSayWhy() {
        Tensor x32 = Tensor.of(new float[] {1f, 2f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.tensors(in -> in.get(0).square().sum(), List.of(x32)));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("1e-3")
                && e.getMessage().contains("to(DType.F64)"), e.getMessage());
        IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.tensors(in -> in.get(0).to(DType.F32).square().sum(),
                        List.of(Tensor.of(new double[] {1, 2}))));
        assertTrue(inside.getMessage().contains("returns a float32"), inside.getMessage());
    }

    /** The functional API keeps the point's dtype, and agrees with float64 at the same point. */
    @Test
    void theFunctionalApiStaysInTheInputsDtype() {
        SplittableRandom rnd = new SplittableRandom(5);
        Tensor x64 = Tensor.randn(rnd, 3).to(DType.F32).to(DType.F64);
        Tensor x32 = x64.to(DType.F32);
        Tensor t = Tensor.randn(rnd, 3);
        java.util.function.UnaryOperator<Tensor> f = x -> x.tanh().mul(x.sum());
        java.util.function.UnaryOperator<Tensor> g = x -> x.square().sum().sqrt();
        List<Tensor[]> pairs = List.of(
                new Tensor[] {Autograd.jvp(f, x64, t), Autograd.jvp(f, x32, t.to(DType.F32))},
                new Tensor[] {Autograd.vjp(f, x64, t), Autograd.vjp(f, x32, t.to(DType.F32))},
                new Tensor[] {Autograd.hvp(g, x64, t), Autograd.hvp(g, x32, t.to(DType.F32))},
                new Tensor[] {Autograd.jacobian(f, x64), Autograd.jacobian(f, x32)},
                new Tensor[] {Autograd.hessian(g, x64), Autograd.hessian(g, x32)});
        for (Tensor[] p : pairs) {
            assertEquals(DType.F32, p[1].dtype());
            assertClose("functional API", p[0].toArray(), p[1].toArray());
        }
    }

    /** Custom ops (Tensor-op and raw backwards) run on float32 and give float32 gradients equal to the built-in's. */
    @Test
    void customOpsRunInFloat32() {
        for (CustomOp op : List.of(CustomOpTest.TANH, CustomOpTest.RAW_TANH)) {
            Tensor x = Tensor.of(new float[] {0.5f, -1.25f, 2f}).requiresGrad();
            Tensor y = op.apply(x);
            assertEquals(DType.F32, y.dtype(), op.name());
            y.square().sum().backward();
            assertEquals(DType.F32, x.grad().dtype(), op.name());
            Tensor ref = Tensor.of(new float[] {0.5f, -1.25f, 2f}).requiresGrad();
            ref.tanh().square().sum().backward();
            assertClose(op.name(), ref.grad().toArray(), x.grad().toArray());
        }
    }

    /** Anomaly detection names the op that made a non-finite float32 value. */
    @Test
    void anomalyDetectionCoversFloat32() {
        Tensor x = Tensor.of(new float[] {1f, -1f}).requiresGrad();
        try (Anomaly.Scope on = Anomaly.detect()) {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> x.log());
            assertTrue(e.getMessage().contains("log"), e.getMessage());
        }
        Tensor big = Tensor.of(new float[] {1e30f}).requiresGrad();
        try (Anomaly.Scope on = Anomaly.detect()) {
            // 1e30^2 overflows float32 (not float64): the float32 result is infinite, and is caught
            assertThrows(ArithmeticException.class, () -> big.square());
        }
    }

    /** The review's reproductions: each gave float64, threw, or compared with the unrounded number. */
    @Test
    void numbersNeverPromoteAndWholeTensorReductionsStayFloat32() {
        Tensor x = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2);
        assertEquals(DType.F32, x.flatten().dtype());
        assertEquals(4.0, x.max().item());
        assertEquals(1.0, x.min().item());
        for (Tensor r : List.of(x.mean(), x.var(new int[] {0, 1}, false, 1), x.std(new int[] {0, 1}, false, 0),
                x.sum().mul(0.5), x.sum().add(1.0), x.sum().clamp(0, 1), x.sum().pow(2.0), x.sum().constantLike(3))) {
            assertEquals(DType.F32, r.dtype(), r.toString());
        }
        assertEquals(2.5, x.mean().item());
        Tensor p = Tensor.of(new float[] {0.1f, 0.3f});
        assertArrayEquals(new double[] {1, 0}, p.eq(0.1).toArray(), "0.1 is rounded to float32, as in PyTorch");
        assertArrayEquals(new double[] {1, 1}, p.le(0.3).toArray());
        assertArrayEquals(new double[] {0, 0}, p.to(DType.F64).eq(0.1).add(p.to(DType.F64).eq(0.3)).toArray(),
                "float64 compares with the float64 number");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.tensors(in -> in.get(0).to(DType.F32).exp().sum().div(4.0),
                        List.of(Tensor.of(new double[] {1, 2}))));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Tensor.zeros(null, 2));
        assertTrue(npe.getMessage().contains("DType.F64 or DType.F32"), npe.getMessage());
    }

    /** The second review's reproductions. */
    @Test
    void rankZeroFloat64OperandsAndSeedsTakeTheFloat32Side() {
        Tensor x = Tensor.of(new float[] {0.1f});
        Tensor s64 = Tensor.scalar(0.1);
        assertArrayEquals(new double[] {1}, x.eq(s64).toArray(), "compared in float32, 0.1 rounded");
        assertArrayEquals(new double[] {0}, x.gt(s64).toArray());
        assertEquals(DType.F32, x.eq(s64).dtype());
        Tensor leaf = Tensor.of(new float[] {1f, 2f}).requiresGrad();
        leaf.add(1.0).backward(Tensor.of(new double[] {1, 1}).requiresGrad());
        assertTrue(leaf.grad().isLeaf() && !leaf.grad().isGradRequired(), "a float64 seed is a constant seed");
        assertEquals(DType.F32, leaf.grad().dtype());
        Tensor logits = Tensor.of(new float[] {0.5f, 2f, -1f, 0.25f}, 2, 2);
        assertEquals(DType.F32, logits.argmax(1).dtype());
        assertArrayEquals(new double[] {1, 1}, logits.argmax(1).toArray());
        assertEquals(DType.F32, logits.mul(Tensor.oneHot(logits.argmax(1), 2)).dtype());
    }

    @Test
    void aCustomOpsOutputHasItsForwardsDtype() {
        CustomOp toF32 = CustomOp.named("toF32").forward((saved, in) -> in[0].to(DType.F32))
                .backward((saved, g) -> new Tensor[] {g.to(DType.F64)}).build();
        Tensor x = Tensor.of(new double[] {0.1, 2}).requiresGrad();
        Tensor y = toF32.apply(x);
        assertEquals(DType.F32, y.dtype());
        y.sum().backward();
        assertEquals(DType.F64, x.grad().dtype());
        assertArrayEquals(new double[] {1, 1}, x.grad().toArray());
    }

    @Test
    void assigningANumberFloat32CannotHoldIsRefusedAndWritesNothing() {
        Tensor w = Tensor.zeros(DType.F32, 2).requiresGrad();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.assign(Tensor.of(new double[] {1, 1e300})));
        assertTrue(e.getMessage().contains("element 1") && e.getMessage().contains("float32's range"), e.getMessage());
        assertArrayEquals(new float[] {0f, 0f}, w.toFloatArray());
    }

    @Test
    void secondOrderWorksInFloat32() {
        Tensor x = Tensor.of(new float[] {0.5f, -1f}).requiresGrad();
        List<Tensor> g = Autograd.grad(List.of(x.tanh().sum()), null, List.of(x), true, true, true);
        Tensor h = Autograd.grad(List.of(g.get(0).sum()), null, List.of(x), false, false, true).get(0);
        assertEquals(DType.F32, h.dtype());
        for (int i = 0; i < 2; i++) {
            double t = Math.tanh(x.toArray()[i]);
            assertEquals(-2 * t * (1 - t * t), h.toArray()[i], 1e-6);
        }
    }
}
