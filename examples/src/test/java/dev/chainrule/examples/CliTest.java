package dev.chainrule.examples;

import dev.chainrule.examples.bench.ScalarBenchmark;
import dev.chainrule.examples.bench.TensorBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every main refuses a bad argument with its usage and a non-zero status, and shows no stack trace. */
class CliTest {
    private record Outcome(int status, String err) {
    }

    private static Outcome run(String name, String usage, Cli.Body body, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = Cli.run(name, usage, args, err, body);
        return new Outcome(status, bytes.toString(StandardCharsets.UTF_8));
    }

    private static void assertUsageError(Outcome o, String usage, String mentions) {
        assertEquals(Cli.USAGE, o.status(), o.err());
        assertTrue(o.err().contains(mentions), o.err());
        assertTrue(o.err().contains("usage: " + usage), o.err());
        assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    }

    @Test
    void moonsExampleRefusesANonNumberOfEpochs() {
        assertUsageError(run("MoonsExample", MoonsExample.USAGE, MoonsExample::run, "abc"), MoonsExample.USAGE,
                "MoonsExample: epochs must be an integer, not 'abc'");
        assertUsageError(run("MoonsExample", MoonsExample.USAGE, MoonsExample::run, "0"), MoonsExample.USAGE,
                "epochs must be an integer from 1");
        assertUsageError(run("MoonsExample", MoonsExample.USAGE, MoonsExample::run, "3", "d", "e"),
                MoonsExample.USAGE, "at most 2 arguments");
    }

    @Test
    void benchmarksRefuseAnUnknownWorkload() {
        assertUsageError(run("ScalarBenchmark", ScalarBenchmark.USAGE, ScalarBenchmark::run, "foo"),
                ScalarBenchmark.USAGE, "the workload must be one of w1, w5, all, not 'foo'");
        assertUsageError(run("ScalarBenchmark", ScalarBenchmark.USAGE, ScalarBenchmark::run, "w1", "-3"),
                ScalarBenchmark.USAGE, "steps must be an integer from 1");
        assertUsageError(run("TensorBenchmark", TensorBenchmark.USAGE, TensorBenchmark::run, "w9"),
                TensorBenchmark.USAGE, "not 'w9'");
        assertUsageError(run("TensorBenchmark", TensorBenchmark.USAGE, TensorBenchmark::run, "w3", "NaN"),
                TensorBenchmark.USAGE, "seconds per sample must be a finite number > 0");
        assertUsageError(run("TensorBenchmark", TensorBenchmark.USAGE, TensorBenchmark::run, "w2", "0.5", "f16"),
                TensorBenchmark.USAGE, "the precision must be one of f64, f32, both, not 'f16'");
        assertUsageError(run("TensorBenchmark", TensorBenchmark.USAGE, TensorBenchmark::run, "w2", "--peers"),
                TensorBenchmark.USAGE, "--peers needs the directory of the peers' run.sh");
    }

    @Test
    void theMainJobAndTheDocumentsRefuseBadArguments() {
        assertUsageError(run("Main", Main.USAGE, Main::run, "many"), Main.USAGE, "instances must be an integer");
        assertUsageError(run("Main", Main.USAGE, Main::run, "--fast"), Main.USAGE, "unknown option '--fast'");
        assertUsageError(run("Main", Main.USAGE, Main::run, "5", "6", "7"), Main.USAGE, "too many arguments");
        assertUsageError(run("Main", Main.USAGE, Main::run, "0"), Main.USAGE, "from 1");
        assertUsageError(run("Tour", Tour.USAGE, Tour::run, "--png"), Tour.USAGE, "unknown argument '--png'");
        assertUsageError(run("Tour", Tour.USAGE, Tour::run, "--svg"), Tour.USAGE, "--svg takes one file name");
        assertUsageError(run("Tour", Tour.USAGE, Tour::run, "--svg", "graph.txt"), Tour.USAGE, ".svg, .png or .pdf");
    }

    @Test
    void tourDrawsWithGraphvizOrSaysHowToGetIt(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("neuron.svg");
        PrintStream old = System.out;
        Outcome o;
        try (PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            System.setOut(quiet);
            o = run("Tour", Tour.USAGE, Tour::run, "--svg", svg.toString());
        } finally {
            System.setOut(old);
        }
        if (o.status() == 0) {
            assertTrue(Files.readString(svg).contains("<svg"), "Graphviz is here: the SVG was drawn");
        } else {
            assertEquals(Cli.FAILED, o.status(), o.err());
            assertTrue(o.err().startsWith("Tour: Dot.render: Graphviz's 'dot' program is not on the PATH"), o.err());
            assertTrue(o.err().contains("apt-get install graphviz"), o.err());
            assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
        }
    }

    @Test
    void anOutputDirectoryThatCannotBeMadeSaysWhy(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Outcome o = run("MoonsExample", MoonsExample.USAGE, MoonsExample::run, "1", file.resolve("out").toString());
        assertEquals(Cli.FAILED, o.status(), o.err());
        assertTrue(o.err().startsWith("MoonsExample: " + file), o.err());
        assertTrue(o.err().strip().length() > ("MoonsExample: " + file).length(), "a reason follows the path");
        assertFalse(o.err().contains("Exception") || o.err().contains("\tat "), o.err());
    }

    @Test
    void aRealProcessExitsNonZeroWithTheUsageAndNoStackTrace() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MoonsExample.class.getName(), "abc").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(Cli.USAGE, p.exitValue(), out);
        assertEquals(List.of("MoonsExample: epochs must be an integer, not 'abc'", "usage: " + MoonsExample.USAGE),
                out.strip().lines().toList());
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        Outcome o = run("Tour", Tour.USAGE, a -> {
            throw new AssertionError("--help must not run the main");
        }, "--help");
        assertEquals(0, o.status());
        assertEquals("usage: " + Tour.USAGE, o.err().strip());
        assertUsageError(run("Example", "Example (no arguments)", a -> Cli.atMost(a, 0), "x"),
                "Example (no arguments)", "takes no arguments");
    }
}
