package dev.chainrule.core;

import dev.chainrule.check.GradCheck;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's own op with a hand-written backward: custom tanh, matmul and softmax match the built-ins in first and
 * second order; a raw-array backward is differentiable once and a second derivative through it is refused by
 * name; a wrong number or shape of gradients, NaN under anomaly mode, a forward that modifies its input and a saved
 * input modified before backward are each named.
 */
class CustomOpTest {
    /** tanh with the built-in's own rule, g (1 - y^2), written with Tensor ops: twice differentiable. */
    static final CustomOp TANH = CustomOp.named("myTanh")
            .forward((saved, x) -> x[0].tanh())
            .backward((saved, g) -> new Tensor[] {g.mul(saved.output().square().neg().add(1.0))})
            .build();

    static final CustomOp MATMUL = CustomOp.named("myMatmul")
            .forward((saved, x) -> x[0].matmul(x[1]))
            .backward((saved, g) -> new Tensor[] {g.matmul(saved.input(1).transpose()),
                    saved.input(0).transpose().matmul(g)})
            .build();

    static final CustomOp SOFTMAX = CustomOp.named("mySoftmax")
            .forward((saved, x) -> x[0].softmax(-1))
            .backward((saved, g) -> {
                Tensor y = saved.output();
                return new Tensor[] {y.mul(g.sub(g.mul(y).sum(-1, true)))};
            })
            .build();

    /** tanh with a backward on arrays: differentiable once. */
    static final CustomOp RAW_TANH = CustomOp.named("rawTanh")
            .forward((saved, x) -> x[0].tanh())
            .rawBackward((saved, g) -> {
                double[] y = saved.output().toArray();
                double[] dx = new double[g.length];
                for (int i = 0; i < g.length; i++) {
                    dx[i] = g[i] * (1.0 - y[i] * y[i]);
                }
                return new double[][] {dx};
            })
            .build();

    /** tanh with a backward on arrays and a forward-mode rule: jvp goes through it, a Hessian does not. */
    static final CustomOp RAW_TANH_JVP = CustomOp.named("rawTanhJvp")
            .forward((saved, x) -> x[0].tanh())
            .rawBackward((saved, g) -> new double[][] {tanhGrad(saved, g)})
            .jvp((saved, t) -> t[0].mul(saved.output().detach().square().neg().add(1.0)))
            .build();

    /** matmul with a backward on arrays and the product rule as its jvp: d(AB) = dA B + A dB. */
    static final CustomOp RAW_MATMUL = CustomOp.named("rawMatmul")
            .forward((saved, x) -> x[0].matmul(x[1]))
            .rawBackward((saved, g) -> {
                Tensor gt = Tensor.of(g, saved.output().shape());
                return new double[][] {gt.matmul(saved.input(1).detach().transpose()).toArray(),
                        saved.input(0).detach().transpose().matmul(gt).toArray()};
            })
            .jvp((saved, t) -> {
                Tensor a = saved.input(0).detach();
                Tensor b = saved.input(1).detach();
                Tensor da = t[0] == null ? null : t[0].matmul(b);
                Tensor db = t[1] == null ? null : a.matmul(t[1]);
                return da == null ? db : db == null ? da : da.add(db);
            })
            .build();

    private static double[] tanhGrad(CustomOp.Saved saved, double[] g) {
        double[] y = saved.output().toArray();
        double[] dx = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            dx[i] = g[i] * (1.0 - y[i] * y[i]);
        }
        return dx;
    }

    private static Tensor rand(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), dims);
    }

    private static double[] gradOf(UnaryOperator<Tensor> f, Tensor at) {
        Tensor x = Tensor.of(at.toArray(), at.shape()).requiresGrad();
        try (var on = Grad.enabled()) {
            Tensor y = f.apply(x);
            y.mul(rand(99, y.shape().dims())).sum().backward(); // a random cotangent: no transpose can hide
        }
        return x.grad().toArray();
    }

    @Property(tries = 30)
    void customTanhMatmulAndSoftmaxMatchTheBuiltInsInFirstAndSecondOrder(@ForAll long seed,
                                                                          @ForAll @IntRange(min = 1, max = 5) int n) {
        Tensor x = rand(seed, n, 3);
        assertArrayEquals(gradOf(Tensor::tanh, x), gradOf(TANH::apply, x), 0.0, "tanh, to the last ulp");
        assertArrayEquals(gradOf(t -> t.softmax(-1), x), gradOf(SOFTMAX::apply, x), 1e-15, "softmax");
        Tensor w = rand(seed + 1, 3, 2);
        assertArrayEquals(gradOf(t -> t.matmul(w), x), gradOf(t -> MATMUL.apply(t, w), x), 0.0, "matmul");
        UnaryOperator<Tensor> loss = t -> t.tanh().mul(t).sum();
        UnaryOperator<Tensor> custom = t -> TANH.apply(t).mul(t).sum();
        assertArrayEquals(Autograd.hessian(loss, x).toArray(), Autograd.hessian(custom, x).toArray(), 1e-14,
                "the Hessian through a backward written with Tensor ops");
        UnaryOperator<Tensor> soft = t -> t.softmax(-1).square().sum();
        UnaryOperator<Tensor> mySoft = t -> SOFTMAX.apply(t).square().sum();
        Tensor v = rand(seed + 2, n, 3);
        assertArrayEquals(Autograd.hvp(soft, x, v).toArray(), Autograd.hvp(mySoft, x, v).toArray(), 1e-14);
    }

    @Property(tries = 20)
    void aCustomOpsBackwardPassesTheGradientCheck(@ForAll long seed,
                                                  @ForAll @DoubleRange(min = 0.1, max = 3) double s) {
        Tensor x = rand(seed, 2, 3).mul(s);
        Tensor w = rand(seed + 7, 3, 4);
        GradCheck.tensors(xs -> SOFTMAX.apply(MATMUL.apply(RAW_TANH.apply(xs.get(0)), xs.get(1))), List.of(x, w))
                .assertPassed();
    }

    @Test
    void aRawBackwardIsDifferentiableOnceAndASecondDerivativeIsRefusedByName() {
        Tensor x = rand(3, 4);
        assertArrayEquals(gradOf(Tensor::tanh, x), gradOf(RAW_TANH::apply, x), 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Autograd.hessian(t -> RAW_TANH.apply(t).sum(), x));
        assertTrue(e.getMessage().contains("'rawTanh'") && e.getMessage().contains("differentiable once")
                && e.getMessage().contains(".backward((saved, g) ->"), e.getMessage());
        // createGraph for a first derivative only is fine
        Tensor in = Tensor.of(x.toArray(), x.shape()).requiresGrad();
        Tensor g = Autograd.grad(RAW_TANH.apply(in).sum(), List.of(in), true).get(0);
        assertArrayEquals(Autograd.grad(in.tanh().sum(), List.of(in), true).get(0).toArray(), g.toArray(), 0.0);
        assertFalse(RAW_TANH.isTwiceDifferentiable());
    }

    @Test
    void aWrongNumberOrShapeOfGradientsIsNamedAtTheFirstBackward() {
        CustomOp two = CustomOp.named("pair").forward((s, x) -> x[0].add(x[1]))
                .backward((s, g) -> new Tensor[] {g}).build();
        Tensor a = rand(1, 2, 3).requiresGrad();
        Tensor b = rand(2, 2, 3).requiresGrad();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> two.apply(a, b).sum().backward());
        assertTrue(e.getMessage().contains("'pair'") && e.getMessage().contains("returned 1 gradients for 2 inputs"),
                e.getMessage());
        assertEquals(null, a.grad(), "nothing half-updated");
        CustomOp broadcast = CustomOp.named("addRow").forward((s, x) -> x[0].add(x[1]))
                .backward((s, g) -> new Tensor[] {g, g}).build();
        Tensor row = rand(3, 3).requiresGrad();
        e = assertThrows(IllegalStateException.class, () -> broadcast.apply(a, row).sum().backward());
        assertTrue(e.getMessage().contains("'addRow'") && e.getMessage().contains("input 1 has shape [2, 3]")
                && e.getMessage().contains("input 1 has shape [3]"), e.getMessage());
    }

    @Test
    void nanInTheBackwardUnderAnomalyModeNamesTheOp() {
        CustomOp bad = CustomOp.named("badLog").forward((s, x) -> x[0].log())
                .backward((s, g) -> new Tensor[] {g.mul(0.0).div(g.mul(0.0))}).build(); // 0/0
        Tensor x = rand(5, 3).abs().add(0.5).requiresGrad();
        try (var a = Anomaly.detect()) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> bad.apply(x).sum().backward());
            assertTrue(e.getMessage().contains("badLog"), e.getMessage());
            assertTrue(e.getCause() != null && e.getCause().getMessage().contains("'badLog' was created here")
                    && e.getCause().getStackTrace().length > 0, "the creation site is the cause");
        }
    }

    @Test
    void aForwardThatModifiesItsInputAndASavedInputModifiedLaterAreRefused() {
        Tensor w = rand(6, 3);
        CustomOp sneaky = CustomOp.named("sneaky").forward((s, x) -> {
            w.addInPlace(1.0, w);
            return x[0].mul(2);
        }).backward((s, g) -> new Tensor[] {g.mul(2)}).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sneaky.apply(w));
        assertTrue(e.getMessage().contains("'sneaky': the forward modified input 0"), e.getMessage());
        Tensor x = rand(7, 3).requiresGrad();
        Tensor y = TANH.apply(x);
        x.addInPlace(0.5, rand(8, 3));
        e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("'myTanh'") && e.getMessage().contains("modified in place"),
                e.getMessage());
    }

    @Test
    void aBuilderWithoutAForwardOrWithTwoBackwardsIsRefused() {
        assertThrows(IllegalStateException.class, () -> CustomOp.named("x").backward((s, g) -> null).build());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CustomOp.named("x")
                .forward((s, t) -> t[0]).backward((s, g) -> null).rawBackward((s, g) -> null).build());
        assertTrue(e.getMessage().contains("exactly one backward"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CustomOp.named(" "));
    }

    private static CustomOp planted(String name, CustomOp.Backward backward) {
        return CustomOp.named(name).forward((saved, x) -> x[0].exp().matmul(x[1])).backward(backward).build();
    }

    @Test
    void theCheckCatchesPlantedMistakesOfEachHintedKind() {
        // y = exp(A) B for square A, B: dA = (g B^T) exp(A), dB = exp(A)^T g
        CustomOp right = planted("right", (s, g) -> new Tensor[] {g.matmul(s.input(1).transpose())
                .mul(s.input(0).exp()), s.input(0).exp().transpose().matmul(g)});
        Tensor a = rand(11, 3, 3).mul(0.5);
        Tensor b = rand(12, 3, 3);
        GradCheck.customOp(right, List.of(a, b)).assertPassed();
        java.util.Map<String, CustomOp> mistakes = new java.util.LinkedHashMap<>();
        mistakes.put("opposite sign", planted("sign", (s, g) -> new Tensor[] {g.matmul(s.input(1).transpose())
                .mul(s.input(0).exp()).neg(), s.input(0).exp().transpose().matmul(g)}));
        mistakes.put("a constant factor of 2", planted("twice", (s, g) -> new Tensor[] {g.matmul(s.input(1)
                .transpose()).mul(s.input(0).exp()).mul(2), s.input(0).exp().transpose().matmul(g)}));
        mistakes.put("the transpose", planted("transposed", (s, g) -> new Tensor[] {g.matmul(s.input(1)
                .transpose()).mul(s.input(0).exp()), g.transpose().matmul(s.input(0).exp())}));
        mistakes.put("a missing factor 'e^A'", CustomOp.named("noExp").forward((saved, x) -> {
            saved.put("e^A", x[0].exp());
            return x[0].exp().matmul(x[1]);
        }).backward((s, g) -> new Tensor[] {g.matmul(s.input(1).transpose()), s.input(0).exp().transpose()
                .matmul(g)}).build());
        for (java.util.Map.Entry<String, CustomOp> m : mistakes.entrySet()) {
            dev.chainrule.check.GradCheckReport r = GradCheck.customOp(m.getValue(), List.of(a, b));
            assertFalse(r.passed(), m.getKey());
            assertTrue(r.hints().stream().anyMatch(h -> h.contains(m.getKey())), m.getKey() + "\n" + r);
        }
    }

    @Test
    void aForwardOnArraysIsCheckedAgainstCentralDifferencesWithTheSameHints() {
        CustomOp cube = CustomOp.named("cubeOnArrays").forward((s, x) -> {
            double[] v = x[0].toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] * v[i] * v[i];
            }
            return Tensor.of(v, x[0].shape());
        }).rawBackward((s, g) -> {
            double[] x = s.input(0).toArray();
            double[] dx = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                dx[i] = -3 * x[i] * x[i] * g[i]; // the sign flipped
            }
            return new double[][] {dx};
        }).build();
        dev.chainrule.check.GradCheckReport r = GradCheck.customOp(cube, List.of(rand(15, 2, 3)));
        assertFalse(r.passed(), r.toString());
        assertTrue(r.hints().stream().anyMatch(h -> h.contains("opposite sign")), r.toString());
        assertFalse(r.toString().contains("against the forward's autograd"), "no autograd of a forward on arrays");
    }

    @Test
    void forwardModeWorksThroughABackwardOfTensorOpsAndIsRefusedThroughARawOne() {
        Tensor x = rand(13, 4);
        Tensor t = rand(14, 4);
        assertArrayEquals(Autograd.jvp(Tensor::tanh, x, t).toArray(), Autograd.jvp(TANH::apply, x, t).toArray(),
                1e-15);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.jvp(RAW_TANH::apply, x,
                t));
        assertTrue(e.getMessage().contains("'rawTanh'") && e.getMessage().contains("needs a jvp rule"),
                e.getMessage());
    }

    @Property(tries = 20)
    void aJvpRuleCarriesForwardModeThroughARawBackwardAndASecondDerivativeIsStillRefused(@ForAll long seed) {
        Tensor x = rand(seed, 2, 3);
        Tensor t = rand(seed + 1, 2, 3);
        Tensor w = rand(seed + 2, 3, 4);
        assertArrayEquals(Autograd.jvp(Tensor::tanh, x, t).toArray(), Autograd.jvp(RAW_TANH_JVP::apply, x, t)
                .toArray(), 1e-15);
        UnaryOperator<Tensor> composite = v -> RAW_MATMUL.apply(RAW_TANH_JVP.apply(v), w).sin();
        UnaryOperator<Tensor> builtIn = v -> v.tanh().matmul(w).sin();
        assertArrayEquals(Autograd.jvp(builtIn, x, t).toArray(), Autograd.jvp(composite, x, t).toArray(), 1e-13,
                "jvp through two raw ops, by their rules");
        Tensor tw = rand(seed + 3, 3, 4);
        assertArrayEquals(Autograd.jvp(v -> x.matmul(v), w, tw).toArray(),
                Autograd.jvp(v -> RAW_MATMUL.apply(x, v), w, tw).toArray(), 1e-13, "the second input's tangent");
        assertArrayEquals(gradOf(builtIn, x), gradOf(composite, x), 1e-13, "first order as before");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Autograd.hessian(v -> RAW_TANH_JVP.apply(v).sum(), x));
        assertTrue(e.getMessage().contains("'rawTanhJvp'") && e.getMessage().contains("differentiable once"),
                e.getMessage());
        assertTrue(RAW_TANH_JVP.hasForwardMode() && !RAW_TANH.hasForwardMode() && TANH.hasForwardMode());
        GradCheck.customOp(RAW_TANH_JVP, List.of(x)).assertPassed();
        GradCheck.customOp(RAW_MATMUL, List.of(x, w)).assertPassed();
    }

    @Test
    void aSecondDerivativeThroughTheJvpRulesResultIsRefusedNotSilentlyZero() {
        // f(x) = rawTanh(x) + x^2: the tangent J t by forward mode, then its derivative by x, which needs the
        // raw backward's own derivative; the rule's result (computed from a detached output) must not hide it
        Tensor x = rand(31, 3).requiresGrad();
        Tensor t = rand(32, 3);
        Tensor u = Tensor.zeros(3).requiresGrad();
        Tensor y = RAW_TANH_JVP.apply(x).add(x.square());
        Tensor vjp = Autograd.grad(List.of(y), List.of(u), List.of(x), true, true, false).get(0);
        Tensor jt = Autograd.grad(List.of(vjp.mul(t).sum()), null, List.of(u), true, true, false).get(0);
        assertArrayEquals(Autograd.jvp(v -> v.tanh().add(v.square()), x.detach(), t).toArray(), jt.toArray(),
                1e-14, "the tangent itself");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Autograd.grad(jt.sum(), List.of(x)));
        assertTrue(e.getMessage().contains("'rawTanhJvp'") && e.getMessage().contains("differentiable once"),
                e.getMessage());
        // by the tangent's direction it is linear: J^T again, from the raw backward
        Tensor again = Autograd.grad(List.of(jt.mul(t).sum()), null, List.of(u), false, false, true).get(0);
        assertEquals(3, again.size());
    }

    @Test
    void aWrongJvpRuleIsCaughtByTheCheckWithAHintAndAMisplacedOneIsRefused() {
        CustomOp wrong = CustomOp.named("tanhJvpSign")
                .forward((saved, x) -> x[0].tanh())
                .rawBackward((saved, g) -> new double[][] {tanhGrad(saved, g)})
                .jvp((saved, t) -> t[0].mul(saved.output().detach().square().sub(1.0)))
                .build();
        dev.chainrule.check.GradCheckReport r = GradCheck.customOp(wrong, List.of(rand(21, 2, 3)));
        assertFalse(r.passed(), r.toString());
        assertTrue(r.hints().stream().anyMatch(h -> h.startsWith("jvp rule") && h.contains("opposite sign")),
                r.hints().toString());
        CustomOp shape = CustomOp.named("tanhJvpShape")
                .forward((saved, x) -> x[0].tanh())
                .rawBackward((saved, g) -> new double[][] {tanhGrad(saved, g)})
                .jvp((saved, t) -> t[0].sum())
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Autograd.jvp(shape::apply, rand(22, 3), rand(23, 3)));
        assertTrue(e.getMessage().contains("'tanhJvpShape'") && e.getMessage().contains("shape [3]"),
                e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> CustomOp.named("both").forward((s, x) -> x[0])
                .backward((s, g) -> new Tensor[] {g}).jvp((s, t) -> t[0]).build());
        assertTrue(e.getMessage().contains("drop jvp(...)"), e.getMessage());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<Tensor>> oneInput() {
        return dev.chainrule.check.TensorArbitraries.sameShape(1, 3, 3, -2, 2);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<Tensor>> factors() {
        return dev.chainrule.check.TensorArbitraries.matmulPair(4, -2, 2);
    }

    /** A user's property test of a custom op, with the arbitraries of shapes and values: a few lines. */
    @Property(tries = 20)
    void customOpsPassTheirCheckOnArbitraryShapes(@ForAll("oneInput") List<Tensor> x,
                                                  @ForAll("factors") List<Tensor> ab) {
        assertTrue(x.get(0).rank() >= 1 && x.get(0).rank() <= 3, x.get(0).shape().toString());
        GradCheck.customOp(TANH, x).assertPassed();
        GradCheck.customOp(RAW_TANH, x).assertPassed();
        GradCheck.customOp(MATMUL, ab).assertPassed();
    }
}
