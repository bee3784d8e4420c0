package dev.chainrule.nn;

import dev.chainrule.core.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpzTest {

    @Test
    void saveAndLoadGiveIdenticalOutputs(@TempDir Path dir) throws IOException {
        Sequential a = Mlp.of(3, 5, 2).hidden(Activation::tanh).build(1);
        Sequential b = Mlp.of(3, 5, 2).hidden(Activation::tanh).build(2);
        Tensor x = Tensor.of(new double[] {0.1, -0.2, 0.3, 1, 2, 3}, 2, 3);
        Path file = dir.resolve("net.npz");
        Npz.save(a, file);
        Npz.load(b, file);
        for (String name : a.namedParameters().keySet()) {
            assertArrayEquals(a.namedParameters().get(name).toArray(), b.namedParameters().get(name).toArray(), name);
        }
        // NOTE: bit-identical parameters; outputs may differ in the last place while the JIT warms up, as the
        // vectorised tanh of compiled code and the scalar one of the interpreter can differ by an ulp
        assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray(), 1e-15);
    }

    @Test
    void shapesAndScalarsRoundTrip(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.npz");
        Map<String, Tensor> in = Map.of("s", Tensor.scalar(2.5), "v", Tensor.arange(3), "m", Tensor.eye(2),
                "e", Tensor.zeros(0, 4));
        Npz.write(in, file);
        Map<String, Tensor> out = Npz.read(file);
        for (String k : in.keySet()) {
            assertEquals(in.get(k).shape(), out.get(k).shape(), k);
            assertArrayEquals(in.get(k).toArray(), out.get(k).toArray(), k);
        }
    }

    @Test
    void aMismatchedArchitectureIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("net.npz");
        Npz.save(Mlp.of(3, 5, 2).build(1), file);
        Sequential other = Mlp.of(3, 4, 2).build(1);
        double[] before = other.parameters().get(0).toArray();
        var e = assertThrows(IllegalArgumentException.class, () -> Npz.load(other, file));
        assertEquals("Npz.load: parameter '0.weight' has shape [3, 4] but net.npz holds shape [3, 5]", e.getMessage());
        assertArrayEquals(before, other.parameters().get(0).toArray(), "nothing was changed");
        var deeper = assertThrows(IllegalArgumentException.class, () -> Npz.load(Mlp.of(3, 5, 5, 2).build(1), file));
        assertEquals("Npz.load: parameter '2.weight' has shape [5, 5] but net.npz holds shape [5, 2]",
                deeper.getMessage());
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        Sequential extra = new Sequential(new Linear(3, 5, rnd), Activation.relu(), new Linear(5, 2, rnd),
                Activation.identity(), new Linear(2, 2, rnd));
        var missing = assertThrows(IllegalArgumentException.class, () -> Npz.load(extra, file));
        assertTrue(missing.getMessage().contains("no array '4.weight'"), missing.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> Npz.load(Mlp.of(3, 5, 2).build(1),
                writeWithExtra(dir, file)));
        assertTrue(unknown.getMessage().contains("holds 'stray'"), unknown.getMessage());
    }

    private static Path writeWithExtra(Path dir, Path file) throws IOException {
        Map<String, Tensor> arrays = new java.util.LinkedHashMap<>(Npz.read(file));
        arrays.put("stray", Tensor.ones(1));
        Path out = dir.resolve("extra.npz");
        Npz.write(arrays, out);
        return out;
    }

    @Test
    void numpyReadsWhatWeWrite(@TempDir Path dir) throws Exception {
        // the python3 on the PATH, as a user's shell would find it (numpy may live in a virtual environment)
        String[] path = System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator);
        Path python = java.util.Arrays.stream(path).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "python3"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(python != null, "no python3 on the PATH here");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import numpy").start();
        Assumptions.assumeTrue(probe.waitFor() == 0, "numpy is not installed here");
        Path file = dir.resolve("t.npz");
        Npz.write(Map.of("w", Tensor.of(new double[] {1.5, -2, 3.25, 4, 5, 6}, 2, 3)), file);
        Process p = new ProcessBuilder(python.toString(), "-c",
                "import numpy, sys; a = numpy.load(sys.argv[1])['w']; print(a.shape, a.dtype, a[1, 0], a.sum())",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals("(2, 3) float64 4.0 17.75", out);
    }
}
