package dev.chainrule.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DotTest {

    private static Scalar expression() {
        Scalar a = Scalar.of(2.0, "a");
        Scalar b = Scalar.of(-3.0, "b");
        Scalar y = a.mul(b).add(Scalar.constant(10.0)).label("y");
        y.backward(true);
        return y;
    }

    @Test
    void exportsEachNodeWithValueAndGrad() {
        String dot = Dot.of(expression());
        assertTrue(dot.startsWith("digraph chainrule {"), dot);
        assertTrue(dot.contains("{ a | data 2.0000 | grad -3.0000 }"), dot);
        assertTrue(dot.contains("{ b | data -3.0000 | grad 2.0000 }"), dot);
        assertTrue(dot.contains("{ y | data 4.0000 | grad 1.0000 }"), dot);
        assertTrue(dot.contains("{ data 10.0000 | constant }"), dot);
        assertTrue(dot.contains("[label=\"*\"]") && dot.contains("[label=\"+\"]"), dot);
        assertEquals(5, dot.lines().filter(l -> l.contains("shape=record")).count());
        assertEquals(2 + 4, dot.lines().filter(l -> l.contains("->")).count());
    }

    @Test
    void deepGraphsExportWithoutRecursion() {
        Scalar y = Scalar.of(0.1);
        for (int i = 0; i < 200_000; i++) {
            y = y.sin();
        }
        assertEquals(200_001, Dot.of(y).lines().filter(l -> l.contains("shape=record")).count());
    }

    @Test
    void renderSaysClearlyWhenGraphvizIsMissing(@TempDir Path dir) {
        var e = assertThrows(IllegalStateException.class,
                () -> Dot.render(Dot.of(expression()), dir.resolve("g.svg"), dir.toString()));
        assertTrue(e.getMessage().contains("'dot' program is not on the PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("install Graphviz"), e.getMessage());
    }

    @Test
    void renderRejectsUnknownFormats(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class, () -> Dot.render("digraph {}", dir.resolve("g.txt")));
        assertTrue(e.getMessage().contains(".svg, .png or .pdf"), e.getMessage());
    }

    @Test
    void rendersSvgWhenGraphvizIsPresent(@TempDir Path dir) throws IOException {
        if (!Dot.graphvizAvailable()) {
            // the missing-Graphviz path is covered above; here the real program must be found
            assertEquals(null, Dot.findDot(System.getenv("PATH")));
            return;
        }
        Path out = dir.resolve("g.svg");
        Dot.render(Dot.of(expression()), out);
        String svg = Files.readString(out);
        assertTrue(svg.contains("<svg"), svg);
        assertTrue(svg.contains("grad &#45;3.0000") || svg.contains("grad -3.0000"), svg);
    }
}
