package dev.chainrule.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress: a bar redrawn in place on a terminal; plain lines, and no carriage return, in a pipe or a log. */
class ProgressTest {
    private static String run(boolean terminal, int total) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress("checking", total, new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal);
        for (int i = 1; i <= total; i++) {
            p.step(i, "step " + i);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPipeGetsPlainLinesAndATerminalABar() {
        String pipe = run(false, 5);
        assertFalse(pipe.contains("\r"), pipe);
        assertEquals(5, pipe.lines().count(), pipe);
        assertTrue(pipe.lines().allMatch(l -> l.matches("checking: \\d/5 step \\d \\(\\d+\\.\\d s\\)")), pipe);
        assertEquals(10, run(false, 1000).lines().count(), "a long run: every tenth step, the last among them");
        assertEquals(11, run(false, 1001).lines().count(), "and the last where it is not a tenth");
        String bar = run(true, 5);
        assertTrue(bar.contains("\rchecking [######........................] 1/5 step 1"), bar);
        assertFalse(bar.contains("\n"), "redrawn in place: " + bar);
        assertTrue(bar.endsWith("\r"), "the line left clean at the end");
    }
}
