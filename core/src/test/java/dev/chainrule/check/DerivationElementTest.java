package dev.chainrule.check;

import dev.chainrule.core.Differentiable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A generic model that uses a matrix quantity element by element, and formulas about one element. */
class DerivationElementTest {
    /** loss = sum_r tanh(z_r), z = W x, with W 2 x 3 and z probed element by element. */
    private static Derivation.Builder layer() {
        return Derivation.builder("tanh layer")
                .tensor("W", Draw.uniform(-1, 1), 2, 3)
                .tensor("x", Draw.uniform(-1, 1), 3)
                .model(new Derivation.GenericModel() {
                    @Override
                    public <T extends Differentiable<T>> T loss(Derivation.Generic<T> c) {
                        T loss = null;
                        for (int r = 0; r < 2; r++) {
                            T z = c.element("W", r * 3).mul(c.element("x", 0));
                            for (int k = 1; k < 3; k++) {
                                z = z.add(c.element("W", r * 3 + k).mul(c.element("x", k)));
                            }
                            z = c.probe("z", new int[] {2}, r, z);
                            loss = loss == null ? z.tanh() : loss.add(z.tanh());
                        }
                        return loss;
                    }
                });
    }

    private static double dtanh(double z) {
        double t = Math.tanh(z);
        return 1 - t * t;
    }

    @Test
    void aFormulaAboutOneElementOfAMatrixIsJudgedAgainstThatElement() {
        DerivationReport r = layer()
                .formula("dL/dW_{1,2}", "W", 1 * 3 + 2, v -> dtanh(v.get("z", 1)) * v.get("x", 2))
                .formula("dL/dz_0", "z", 0, v -> dtanh(v.get("z", 0)))
                .formula("dL/dW_{0,1} wrong sign", "W", 1, v -> -dtanh(v.get("z", 0)) * v.get("x", 1))
                .build().check(7, 40);
        assertTrue(r.verdicts().get(0).holds(), r.toString());
        assertTrue(r.verdicts().get(1).holds(), r.toString());
        DerivationReport.Verdict wrong = r.verdicts().get(2);
        assertFalse(wrong.holds());
        assertEquals("W[1]", wrong.wrt());
        assertTrue(wrong.hints().stream().anyMatch(h -> h.contains("opposite sign")), wrong.hints().toString());
    }

    @Test
    void aWholeMatrixFormulaSeesTheElementLeavesAsOneGradient() {
        DerivationReport r = layer()
                .tensorFormula("dL/dW", "W", v -> {
                    double[] g = new double[6];
                    for (int row = 0; row < 2; row++) {
                        for (int k = 0; k < 3; k++) {
                            g[row * 3 + k] = dtanh(v.get("z", row)) * v.get("x", k);
                        }
                    }
                    return dev.chainrule.core.Tensor.of(g, 2, 3);
                })
                .build().check(3, 30);
        assertTrue(r.allHold(), r.toString());
    }

    @Test
    void anElementOutsideTheQuantityIsAMisuseNotAFailure() {
        Derivation d = layer().formula("dL/dW_{9}", "W", 9, v -> 0.0).build();
        assertThrows(IllegalArgumentException.class, () -> d.check(1, 3));
        assertThrows(IllegalArgumentException.class, () -> layer().formula("neg", "W", -1, v -> 0.0));
    }
}
