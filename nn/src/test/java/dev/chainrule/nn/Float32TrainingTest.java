package dev.chainrule.nn;

import dev.chainrule.core.DType;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.data.Datasets;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.Momentum;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.Trainer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training in float32: the layers, the optimizers and a whole training run against float64. */
class Float32TrainingTest {

    /** A float32 layer's output and gradients are the float64 layer's (same seed), to float32 precision. */
    @Property(tries = 30)
    void linearInFloat32AgreesWithFloat64(@ForAll @IntRange(min = 1, max = 40) int in,
                                          @ForAll @IntRange(min = 1, max = 40) int out,
                                          @ForAll @IntRange(min = 1, max = 9) int batch, @ForAll long seed) {
        Linear l64 = new Linear(in, out, true, Init.xavier(), DType.F64, new SplittableRandom(seed));
        Linear l32 = new Linear(in, out, true, Init.xavier(), DType.F32, new SplittableRandom(seed));
        assertEquals(DType.F32, l32.weight().dtype());
        assertEquals(DType.F32, l32.bias().dtype());
        Tensor x = Tensor.randn(new SplittableRandom(seed + 1), batch, in).to(DType.F32);
        Tensor y32 = l32.forward(x).tanh().sum();
        Tensor y64 = new Linear(in, out, true, (r, fi, fo, d) -> l32.weight().to(DType.F64).detach(), null)
                .forward(x.to(DType.F64)).tanh().sum();
        assertEquals(DType.F32, y32.dtype());
        double tol = 1e-4 * (1 + Math.abs(y64.item())) * Math.sqrt(in);
        assertEquals(y64.item(), y32.item(), tol);
        y32.backward();
        Tensor w = l32.weight();
        Tensor w64 = w.to(DType.F64).detach().requiresGrad();
        x.to(DType.F64).matmul(w64).tanh().sum().backward();
        assertEquals(DType.F32, w.grad().dtype());
        double[] g32 = w.grad().toArray();
        double[] g64 = w64.grad().toArray();
        for (int i = 0; i < g32.length; i++) {
            assertEquals(g64[i], g32[i], 1e-4 * (1 + Math.abs(g64[i])) * batch, "dW[" + i + "]");
        }
    }

    /** The moons network trained in float32 reaches the accuracy of the same network trained in float64. */
    @Test
    void theMoonsNetworkTrainsInFloat32ToTheSameAccuracy() {
        List<Dataset> parts = Datasets.moons(1000, 0.1, 2017).split(0.8, 1);
        double[] accuracy = new double[2];
        for (DType dtype : DType.values()) {
            Dataset train = parts.get(0).to(dtype);
            Dataset test = parts.get(1).to(dtype);
            Sequential net = Mlp.of(2, 16, 16, 2).hidden(Activation::tanh).dtype(dtype).build(5);
            List<Trainer.Epoch> history = Trainer.fit(net, train, test,
                    (logits, y) -> Losses.softmaxCrossEntropy(logits, y, Reduction.MEAN),
                    new Adam(net.parameters(), 0.02), 60, 32, 3, null);
            for (Tensor p : net.parameters()) {
                assertEquals(dtype, p.dtype(), "a parameter kept its dtype through training");
            }
            accuracy[dtype.ordinal()] = history.get(history.size() - 1).testAccuracy();
        }
        assertTrue(accuracy[0] >= 0.97 && accuracy[1] >= 0.97, "f64 " + accuracy[0] + ", f32 " + accuracy[1]);
        assertTrue(Math.abs(accuracy[0] - accuracy[1]) <= 0.01, "f64 " + accuracy[0] + ", f32 " + accuracy[1]);
    }

    /** Every loss, summed or averaged, is float32 on float32 predictions and targets. */
    @Test
    void lossesStayInFloat32() {
        Tensor z = Tensor.of(new float[] {0.5f, -1f, 2f, 0.25f, 1f, -0.5f}, 2, 3);
        Tensor classes = Tensor.of(new double[] {2, 0});
        Tensor targets = Tensor.of(new float[] {0f, 0f, 1f, 1f, 0f, 0f}, 2, 3);
        for (Reduction r : Reduction.values()) {
            for (Tensor loss : List.of(Losses.softmaxCrossEntropy(z, classes, r),
                    Losses.softmaxCrossEntropyOneHot(z, targets, r), Losses.squaredError(z, targets, r, true),
                    Losses.binaryCrossEntropyWithLogits(z, targets, r))) {
                assertEquals(DType.F32, loss.dtype(), r + " " + loss);
            }
        }
    }

    /** Each optimizer's float32 step is its float64 step rounded (a few ulps after three steps). */
    @Test
    void optimizersStepInTheParametersDtype() {
        List<Function<List<Tensor>, Optimizer>> makers = List.of(p -> new Sgd(p, 0.1), p -> new Momentum(p, 0.1, 0.9),
                p -> new Adam(p, 0.01));
        for (Function<List<Tensor>, Optimizer> make : makers) {
            Tensor w64 = Tensor.of(new double[] {0.5, -1.25, 2}).requiresGrad();
            Tensor w32 = w64.to(DType.F32).detach().requiresGrad();
            Optimizer o64 = make.apply(List.of(w64));
            Optimizer o32 = make.apply(List.of(w32));
            for (int step = 0; step < 3; step++) {
                for (Tensor w : List.of(w64, w32)) {
                    w.zeroGrad();
                    w.square().mul(w).sum().backward();
                }
                o64.step();
                o32.step();
            }
            assertEquals(DType.F32, w32.dtype());
            double[] a = w64.toArray();
            double[] b = w32.toArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 * (1 + Math.abs(a[i])), o32.getClass().getSimpleName() + " w[" + i + "]");
            }
        }
    }
}
