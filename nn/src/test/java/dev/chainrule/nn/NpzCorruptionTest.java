package dev.chainrule.nn;

import dev.chainrule.core.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Npz on damaged input: every way a file can be wrong is an IOException (or, for a file that does not fit the
 * module, an IllegalArgumentException) naming the file and the entry, and a refused load changes no parameter.
 */
class NpzCorruptionTest {
    private static final String HEADER = "{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }";

    private static Path temp(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("chainrule-npz", ".npz");
        file.toFile().deleteOnExit();
        Files.write(file, bytes);
        return file;
    }

    /** A .npy entry with the given header text, header-length field and data bytes. */
    private static byte[] npy(String header, int declaredHeaderLength, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) declaredHeaderLength);
        return b.put(h).put(data).array();
    }

    private static byte[] npy(String shape, byte[] data) {
        String h = String.format(HEADER, shape) + "\n";
        return npy(h, h.length(), data);
    }

    private static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    /** A zip of stored (uncompressed) entries, so that a test can place bytes exactly. */
    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static IOException refused(byte[] file) {
        return assertThrows(IOException.class, () -> Npz.read(temp(file)));
    }

    @Test
    void aShortDataBlockIsNamedWithItsCounts() throws IOException {
        IOException e = refused(zip(Map.of("0.weight.npy", npy("2, 3", doubles(1, 2, 3)))));
        assertTrue(e.getMessage().contains("entry '0.weight.npy'") && e.getMessage().contains("declares 6 values")
                && e.getMessage().contains("holds 24 bytes of data, not 48"), e.getMessage());
    }

    @Test
    void aHugeDeclaredShapeIsRefusedWithoutAllocating() throws IOException {
        IOException e = refused(zip(Map.of("0.weight.npy", npy("46000, 46000", new byte[1000]))));
        assertTrue(e.getMessage().contains("declares 2,116,000,000 values") && e.getMessage().contains("1,000 bytes"),
                e.getMessage());
        IOException beyond = refused(zip(Map.of("w.npy", npy("70000, 70000", new byte[8]))));
        assertTrue(beyond.getMessage().contains("more than"), beyond.getMessage());
    }

    @Test
    void aBadHeaderLengthIsNamed() throws IOException {
        String h = String.format(HEADER, "1,") + "\n";
        IOException e = refused(zip(Map.of("b.npy", npy(h, 60_000, doubles(1)))));
        assertTrue(e.getMessage().contains("entry 'b.npy'") && e.getMessage().contains("header declares 60000"),
                e.getMessage());
        IOException garbled = refused(zip(Map.of("b.npy", npy(h, 5, doubles(1)))));
        assertTrue(garbled.getMessage().contains("cannot read the header"), garbled.getMessage());
    }

    @Test
    void nonZipBytesAreNotAZipArchive() throws IOException {
        IOException e = refused("this is not an archive at all".getBytes(StandardCharsets.US_ASCII));
        assertTrue(e.getMessage().contains("not a zip archive"), e.getMessage());
        assertTrue(refused(new byte[0]).getMessage().contains("not a zip archive"));
        Sequential m = Mlp.of(2, 2).build(1);
        double[] before = m.parameters().get(0).toArray();
        IOException load = assertThrows(IOException.class, () -> Npz.load(m, temp(new byte[] {1, 2, 3})));
        assertTrue(load.getMessage().contains("not a zip archive"), load.getMessage());
        assertArrayEquals(before, m.parameters().get(0).toArray());
    }

    @Test
    void anEntryHeldTwiceIsRefused() throws IOException {
        byte[] zip = zip(new java.util.LinkedHashMap<>(Map.of("a.npy", npy("1,", doubles(1)), "b.npy",
                npy("3,", doubles(1, 2, 3)))));
        // rename b to a in place, in its local header and in the central directory: a concatenated or hand-made
        // archive can hold a name twice (ZipOutputStream refuses to write one)
        byte[] dup = new String(zip, StandardCharsets.ISO_8859_1).replace("b.npy", "a.npy")
                .getBytes(StandardCharsets.ISO_8859_1);
        IOException e = assertThrows(IOException.class, () -> Npz.read(temp(dup)));
        assertTrue(e.getMessage().contains("entry 'a.npy'") && e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void malformedShapesAndDtypesAreNamed() throws IOException {
        assertTrue(refused(zip(Map.of("s.npy", npy("2, -3", new byte[0])))).getMessage()
                .contains("not a tuple of sizes"));
        assertTrue(refused(zip(Map.of("s.npy", npy("two", new byte[0])))).getMessage()
                .contains("not a tuple of sizes"));
        String h = "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }\n";
        assertTrue(refused(zip(Map.of("s.npy", npy(h, h.length(), doubles(1))))).getMessage()
                .contains("dtype '<i8'"));
    }

    @Test
    void nanAndInfinityAreRefusedNamingTheElement() throws IOException {
        IOException e = refused(zip(Map.of("w.npy", npy("3,", doubles(1, Double.NaN, 2)))));
        assertTrue(e.getMessage().contains("element 1 is NaN"), e.getMessage());
        assertTrue(refused(zip(Map.of("w.npy", npy("1,", doubles(Double.NEGATIVE_INFINITY))))).getMessage()
                .contains("-Infinity"));
    }

    @Test
    void bigEndianAndTrailingCommaShapesAreRead() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(1.5).putDouble(-2);
        String h = "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }\n";
        Map<String, Tensor> r = Npz.read(temp(zip(Map.of("v.npy", npy(h, h.length(), b.array())))));
        assertArrayEquals(new double[] {1.5, -2}, r.get("v").toArray());
    }

    @Test
    void float32EntriesAreCheckedAsFloat64OnesAre() throws IOException {
        String le = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }\n";
        IOException e = refused(zip(Map.of("w.npy", npy(le, le.length(), new byte[12]))));
        assertTrue(e.getMessage().contains("declares 4 values") && e.getMessage().contains("<f4")
                && e.getMessage().contains("holds 12 bytes of data, not 16"), e.getMessage());
        ByteBuffer nan = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(Float.NaN)
                .putFloat(2).putFloat(3);
        IOException n = refused(zip(Map.of("w.npy", npy(le, le.length(), nan.array()))));
        assertTrue(n.getMessage().contains("element 1 is NaN"), n.getMessage());
        ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(0.1f);
        String h = "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n";
        Tensor t = Npz.read(temp(zip(Map.of("v.npy", npy(h, h.length(), be.array()))))).get("v");
        assertEquals(dev.chainrule.core.DType.F32, t.dtype());
        assertArrayEquals(new float[] {1.5f, 0.1f}, t.toFloatArray());
    }

    // ------------------------------------------------------------ fuzzing

    private static byte[] valid() throws IOException {
        Path file = Files.createTempFile("chainrule-npz", ".npz");
        file.toFile().deleteOnExit();
        Npz.save(model(), file);
        return Files.readAllBytes(file);
    }

    private static Sequential model() {
        return Mlp.of(3, 4, 2).build(7);
    }

    /** Reads and loads the damaged file: only the documented exceptions, no hang, and no half-loaded module. */
    private static void survives(byte[] damaged) {
        Sequential m = Mlp.of(3, 4, 2).build(99);
        List<double[]> before = new ArrayList<>();
        m.parameters().forEach(p -> before.add(p.toArray()));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Path file = temp(damaged);
            try {
                Npz.read(file);
            } catch (IOException expected) {
                // documented
            }
            try {
                Npz.load(m, file);
                List<Tensor> loaded = m.parameters();
                List<Tensor> original = model().parameters();
                for (int i = 0; i < loaded.size(); i++) {
                    // a load that succeeds may carry a flipped bit in the data; it is then a full load
                    assertEquals(original.get(i).shape(), loaded.get(i).shape());
                }
                return;
            } catch (IOException | IllegalArgumentException refusedLoad) {
                assertTrue(refusedLoad.getMessage() != null && refusedLoad.getMessage().startsWith("Npz."),
                        refusedLoad.toString());
            } catch (RuntimeException other) {
                fail("undocumented exception from a damaged file: " + other, other);
            }
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), m.parameters().get(i).toArray(), "a refused load changed a parameter");
            }
        });
    }

    @Property(tries = 150)
    void truncatedFilesAreRefused(@ForAll @IntRange(min = 0, max = 10_000) int cut) throws IOException {
        byte[] v = valid();
        survives(Arrays.copyOf(v, cut % v.length));
    }

    @Property(tries = 250)
    void bitFlippedFilesAreRefusedOrReadWhole(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0,
            max = Integer.MAX_VALUE) Integer> flips) throws IOException {
        byte[] v = valid();
        for (int f : flips) {
            int bit = f % (8 * v.length);
            v[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        survives(v);
    }

    @Provide
    Arbitrary<String> shapes() {
        return Arbitraries.oneOf(Arbitraries.of("3, 4", "4,", "", "4, 2", "2, 4", "-1,", "99999, 99999", "4, 2, 0",
                "2147483647,", "3 4", "(", "4,,2", "0x10,"),
                Arbitraries.strings().withChars("0123456789, -()'L").ofMaxLength(12));
    }

    @Property(tries = 300)
    void headerMangledEntriesAreRefusedOrReadWhole(@ForAll("shapes") String shape,
                                                    @ForAll @IntRange(min = -20, max = 200) int lengthDelta,
                                                    @ForAll @IntRange(min = 0, max = 100) int dataValues,
                                                    @ForAll @IntRange(min = 0, max = 120) int garbleAt) throws IOException {
        String h = String.format(HEADER, shape) + "\n";
        byte[] header = h.getBytes(StandardCharsets.ISO_8859_1);
        if (garbleAt < header.length) {
            header[garbleAt] = (byte) ('!' + garbleAt % 90);
        }
        double[] data = new double[dataValues];
        Arrays.fill(data, 0.25);
        byte[] entry = npy(new String(header, StandardCharsets.ISO_8859_1), Math.max(0, h.length() + lengthDelta),
                doubles(data));
        survives(zip(Map.of("0.weight.npy", entry, "0.bias.npy", npy("4,", doubles(0, 0, 0, 0)))));
    }
}
