package dev.chainrule.check;

import dev.chainrule.core.Scalar;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradCheckTest {

    @Test
    void passesACorrectGradient() {
        GradCheckReport r = GradCheck.scalars(x -> x.get(0).mul(x.get(1)).tanh(), 0.3, -1.2);
        assertTrue(r.passed(), r.toString());
        assertEquals(2, r.entries().size());
        assertTrue(r.maxDifference() < 1e-8, r.toString());
        assertEquals(-1.2 * (1 - Math.pow(Math.tanh(-0.36), 2)), r.entries().get(0).analytic(), 1e-15);
    }

    @Test
    void catchesAPlantedErrorAndNamesIt() {
        // x * detach(x): autograd sees d/dx = x, the function's true derivative is 2x
        GradCheckReport r = GradCheck.scalars(x -> x.get(0).mul(x.get(0).detach()).add(x.get(1)),
                List.of("w", "b"), Tolerance.DEFAULT, 1.5, 0.25);
        assertFalse(r.passed());
        assertEquals(1, r.failures().size());
        GradCheckReport.Entry e = r.failures().get(0);
        assertEquals("w", e.name());
        assertEquals(1.5, e.analytic(), 1e-15);
        assertEquals(3.0, e.numeric(), 1e-8);
        var error = assertThrows(AssertionError.class, r::assertPassed);
        String m = error.getMessage();
        assertTrue(m.startsWith("gradient check FAILED for 1 of 2 inputs"), m);
        assertTrue(m.contains("w = 1.50000: analytic 1.500000000, numeric 3.000000000, difference 1.50"), m);
        assertTrue(m.contains("FAIL"), m);
        assertTrue(m.contains("|analytic - numeric| <= 1.0E-5 + 0.001 * |numeric|"), m);
    }

    @Test
    void toleranceScalesWithMagnitude() {
        Tolerance t = new Tolerance(1e-5, 1e-3);
        assertTrue(t.accepts(1000.5, 1000.0));
        assertFalse(t.accepts(1.5, 1.0));
        assertFalse(t.accepts(Double.NaN, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(-1, 0));
    }

    @Test
    void nanIsAFailureNotAPass() {
        GradCheckReport r = GradCheck.scalars(x -> x.get(0).log(), -1.0);
        assertFalse(r.passed(), r.toString());
        assertTrue(Double.isNaN(r.maxDifference()));
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.scalars(x -> x.get(0), Double.POSITIVE_INFINITY));
        assertTrue(e.getMessage().contains("input x0 is Infinity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.scalars(x -> x.get(0), List.of("a", "b"), Tolerance.DEFAULT, 1.0));
        assertEquals("GradCheck.scalars: 2 names for 1 inputs", e.getMessage());
    }

    @Test
    void aFunctionThatIgnoresAnInputHasZeroGradientThere() {
        GradCheckReport r = GradCheck.scalars(x -> x.get(0).exp(), 1.0, 2.0);
        assertTrue(r.passed(), r.toString());
        assertEquals(0.0, r.entries().get(1).analytic());
    }
}
