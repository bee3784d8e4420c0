package dev.chainrule.nn;

import dev.chainrule.core.DType;
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

    /**
     * The python3 on the PATH, as a user's shell would find it (numpy may live in a virtual environment); the test
     * is skipped where there is none, or it has no numpy.
     */
    private static Path pythonWithNumpy() throws IOException, InterruptedException {
        String[] path = System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator);
        Path python = java.util.Arrays.stream(path).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "python3"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(python != null, "no python3 on the PATH here");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import numpy").start();
        Assumptions.assumeTrue(probe.waitFor() == 0, "numpy is not installed here");
        return python;
    }

    @Test
    void numpyReadsWhatWeWrite(@TempDir Path dir) throws Exception {
        Path python = pythonWithNumpy();
        Path file = dir.resolve("t.npz");
        Npz.write(Map.of("w", Tensor.of(new double[] {1.5, -2, 3.25, 4, 5, 6}, 2, 3)), file);
        Process p = new ProcessBuilder(python.toString(), "-c",
                "import numpy, sys; a = numpy.load(sys.argv[1])['w']; print(a.shape, a.dtype, a[1, 0], a.sum())",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals("(2, 3) float64 4.0 17.75", out);
    }
    /** A float32 tensor is written as NumPy writes it: the same bytes as numpy.save of the float32 array. */
    @Test
    void float32IsWrittenAsNumpyWritesIt() {
        Tensor t = Tensor.of(new float[] {1.5f, -2f, 3.25f, 4f, 5f, 0.1f}, 2, 3);
        // numpy 2.4: b = io.BytesIO(); np.save(b, np.array([[1.5, -2, 3.25], [4, 5, 0.1]], dtype=np.float32))
        String numpy = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLC"
                + "B9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAUEAA"
                + "AIBAAACgQM3MzD0=";
        assertArrayEquals(java.util.Base64.getDecoder().decode(numpy), Npz.npy(t));
    }

    @Test
    void float32RoundTripsAsFloat32(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.npz");
        Tensor t = Tensor.of(new float[] {0.1f, -3e-8f, 1e30f, 7f}, 2, 2);
        Npz.write(Map.of("a", t, "b", Tensor.of(new double[] {0.1})), file);
        Map<String, Tensor> back = Npz.read(file);
        assertEquals(DType.F32, back.get("a").dtype());
        assertEquals(DType.F64, back.get("b").dtype());
        assertArrayEquals(t.toFloatArray(), back.get("a").toFloatArray());
        // a float32 network saves and loads as float32
        Sequential net = Mlp.of(3, 4, 2).dtype(DType.F32).build(7);
        Npz.save(net, file);
        Sequential other = Mlp.of(3, 4, 2).dtype(DType.F32).build(8);
        Npz.load(other, file);
        assertArrayEquals(net.parameters().get(0).toFloatArray(), other.parameters().get(0).toFloatArray());
        assertEquals(DType.F32, other.parameters().get(0).dtype());
    }

    @Test
    void numpyReadsFloat32AsFloat32(@TempDir Path dir) throws Exception {
        Path python = pythonWithNumpy();
        Path file = dir.resolve("t.npz");
        Npz.write(Map.of("w", Tensor.of(new float[] {1.5f, -2f, 3.25f, 4f, 5f, 0.1f}, 2, 3)), file);
        Process p = new ProcessBuilder(python.toString(), "-c",
                "import numpy, sys; a = numpy.load(sys.argv[1])['w']; "
                        + "print(a.shape, a.dtype, a[1, 2] == numpy.float32(0.1))",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals("(2, 3) float32 True", out);
    }
}
