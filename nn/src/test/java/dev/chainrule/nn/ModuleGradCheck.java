package dev.chainrule.nn;

import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks a module's parameter gradients against central differences: each parameter element is nudged in
 * place, and the change of {@code <c, module(x)>} for a random cotangent c is compared with autograd.
 */
final class ModuleGradCheck {
    private ModuleGradCheck() {
    }

    static void check(Module module, Tensor x, long seed) {
        Tensor y = module.forward(x);
        Tensor c = Tensor.randn(new SplittableRandom(seed), y.shape().dims());
        module.zeroGrad();
        y.mul(c).sum().backward();
        for (Map.Entry<String, Tensor> e : module.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            double[] analytic = p.grad() == null ? new double[p.size()] : p.grad().toArray();
            double[] v = p.toArray();
            for (int j = 0; j < v.length; j++) {
                double h = 1e-6 * Math.max(1, Math.abs(v[j]));
                double numeric = (project(module, x, c, p, v, j, v[j] + h) - project(module, x, c, p, v, j, v[j] - h))
                        / (2 * h);
                assertEquals(numeric, analytic[j], 1e-5 + 1e-3 * Math.abs(numeric),
                        "d<c, y>/d " + e.getKey() + "[" + j + "]");
            }
            p.assign(Tensor.of(v, p.shape()));
        }
    }

    private static double project(Module m, Tensor x, Tensor c, Tensor p, double[] base, int j, double value) {
        double[] v = base.clone();
        v[j] = value;
        p.assign(Tensor.of(v, p.shape()));
        try (var off = Grad.disabled()) {
            return m.forward(x).mul(c).sum().item();
        }
    }
}
