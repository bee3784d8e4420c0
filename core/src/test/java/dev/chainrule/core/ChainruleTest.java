package dev.chainrule.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public query of the fast path agrees with the kernels in use and says how to enable it when it is off. */
class ChainruleTest {
    @Test
    void theFastPathQueryAgreesWithTheKernelsAndNamesTheFlag() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            assertEquals(false, Chainrule.vectorized(), "no module, no fast path");
        }
        assertTrue(Chainrule.fastPath().startsWith("chainrule: the Vector API fast path is "), Chainrule.fastPath());
        if (!Chainrule.vectorized()) { // then it says how to enable it
            assertTrue(Chainrule.fastPath().contains("--add-modules jdk.incubator.vector"), Chainrule.fastPath());
        }
    }
}
