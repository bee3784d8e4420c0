package dev.chainrule.examples;

import dev.chainrule.examples.bench.ScalarBenchmark;
import dev.chainrule.examples.bench.TensorBenchmark;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs every main at small sizes so that a broken example fails the build. */
class ExamplesSmokeTest {

    private static String capture(ThrowingRunnable body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            body.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void tourPrintsAgreeingGradients() throws Exception {
        String out = capture(() -> Tour.main(new String[0]));
        assertTrue(out.contains("g = 24.7041, dg/da = 138.8338, dg/db = 645.5773"), out);
        assertTrue(out.contains("gradient check passed"), out);
        assertTrue(out.contains("agree") && !out.contains("DISAGREE"), out);
        assertTrue(out.contains("digraph chainrule"), out);
    }

    @Test
    void mainJobPrintsTheDocumentsSummary() throws Exception {
        String out = capture(() -> Main.main(new String[] {"20"}));
        for (String doc : new String[] {"000", "001", "002", "003", "004"}) {
            assertTrue(out.contains("\n" + doc + "  "), "a row for document " + doc + ":\n" + out);
        }
        assertTrue(out.contains("FAILS") && out.contains("holds"), out);
        assertTrue(out.contains("finding 'sign' confirmed: The hidden-to-output bracket"), out);
        assertTrue(out.contains("000   -               22:40      FAILS"), "the place in the document itself\n" + out);
        assertTrue(out.contains("(correction 'bracket sign' of 22:40)"), out);
        assertTrue(!out.contains("CONTRADICTED"), out);
    }

    @Test
    void scalarBenchmarkRunsAtSmallSizes() throws Exception {
        String out = capture(() -> ScalarBenchmark.main(new String[] {"all", "2", "1000"}));
        assertTrue(out.contains("RESULT W1 chainrule step ms"), out);
        assertTrue(out.contains("RESULT W5 chainrule depth=1000"), out);
    }

    @Test
    void tensorBenchmarkRunsAtSmallSizes() throws Exception {
        String out = capture(() -> TensorBenchmark.main(new String[] {"all", "0.002"}));
        assertTrue(out.contains("RESULT W2 784-256-128-10 relu b128 chainrule float64 steps/s"), out);
        assertTrue(out.contains("RESULT W3 2-64-64-2 tanh b64 chainrule float64 steps/s"), out);
        assertTrue(out.contains("RESULT W4 matmul n=512 chainrule float64 GFLOPS"), out);
    }

    @Test
    void moonsExampleTrainsAndDraws(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String out = capture(() -> MoonsExample.main(new String[] {"40", dir.toString()}));
        for (String act : new String[] {"sigmoid", "tanh", "relu"}) {
            assertTrue(out.contains("actFun = " + act), out);
            java.nio.file.Path png = dir.resolve("moons-" + act + ".png");
            assertTrue(java.nio.file.Files.size(png) > 1000, png + " was written");
            assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() == 640);
            assertTrue(out.contains("decision boundary: " + png), "the path of each picture is printed\n" + out);
        }
        assertTrue(java.nio.file.Files.size(dir.resolve("moons-loss.png")) > 1000, "the loss curves");
        assertTrue(out.contains("loss curves: " + dir.resolve("moons-loss.png")), out);
        assertTrue(out.contains("test accuracy"), out);
    }
}
