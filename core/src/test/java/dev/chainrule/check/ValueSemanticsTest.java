package dev.chainrule.check;

import dev.chainrule.core.Scalar;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records with array components compare, hash and print their arrays by content, not by identity. */
class ValueSemanticsTest {
    @Test
    void choicesCompareTheirValues() {
        assertEquals(Draw.of(0, 1, 2), Draw.of(0, 1, 2));
        assertEquals(Draw.of(0, 1, 2).hashCode(), Draw.of(0, 1, 2).hashCode());
        assertNotEquals(Draw.of(0, 1, 2), Draw.of(2, 1, 0));
        assertEquals("one of [0.0, 1.0]", Draw.of(0, 1).toString());
    }

    @Test
    void quantitiesCompareTheirShapes() {
        Quantity a = new Quantity("W", new int[] {2, 3}, Draw.uniform(-1, 1));
        Quantity b = new Quantity("W", new int[] {2, 3}, Draw.uniform(-1, 1));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new Quantity("W", new int[] {3, 2}, Draw.uniform(-1, 1)));
        assertTrue(a.toString().contains("dims=[2, 3]"), a.toString());
    }

    @Test
    void resultsCompareTheirValues() {
        Evaluation.Result a = result(1.0);
        assertEquals(a, result(1.0));
        assertEquals(a.hashCode(), result(1.0).hashCode());
        assertNotEquals(a, result(2.0));
        assertTrue(a.toString().startsWith("Result[hand=[1.0], handDims=[], reference=[0.5]"), a.toString());
        assertTrue(a.toString().contains("forward=null"), a.toString());
    }

    private static Evaluation.Result result(double hand) {
        return new Evaluation.Result(new double[] {hand}, new int[0], new double[] {0.5}, new double[] {0.5},
                null, new int[0], false, false, Math.abs(hand - 0.5), null, null);
    }

    @Test
    void counterexamplesCompareTheirValues() {
        Derivation d = Derivation.builder("linear")
                .scalar("w", Draw.uniform(-2, 2)).scalar("x", Draw.uniform(-2, 2))
                .scalarModel(c -> {
                    Scalar w = c.scalar("w");
                    return w.mul(c.scalar("x"));
                })
                .formula("dL/dw", "w", v -> 2 * v.get("x"))
                .build();
        Derivation.Instance i = d.instance(Map.of("w", new double[] {0.5}, "x", new double[] {1.5}));
        DerivationReport.Counterexample a = d.check(i).assertFails("dL/dw");
        DerivationReport.Counterexample b = d.check(i).assertFails("dL/dw");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        DerivationReport.Counterexample other = new DerivationReport.Counterexample(a.seed(), a.instance(),
                new double[] {4.0}, a.handDims(), a.autograd(), a.numeric(), a.forward(), a.dims(), a.note());
        assertNotEquals(a, other);
        assertEquals(new DerivationReport.Counterexample(a.seed(), a.instance(), a.hand().clone(), a.handDims().clone(),
                a.autograd().clone(), a.numeric().clone(), null, a.dims().clone(), a.note()), a);
    }
}
