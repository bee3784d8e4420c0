package dev.chainrule.nn;

import dev.chainrule.core.Shape;
import dev.chainrule.core.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's .npz format: a zip of .npy arrays, one per named tensor, float64 little-endian, C order: readable with
 * {@code numpy.load} (and so by PyTorch or JAX users); {@link #save(Module, Path)} and {@link #load(Module, Path)}
 * store and restore a module's parameters by their dotted names.
 */
public final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npz() {
    }

    /** Writes the module's parameters, named as in {@link Module#namedParameters()}. */
    public static void save(Module module, Path file) throws IOException {
        write(module.namedParameters(), file);
    }

    /**
     * Copies the arrays of {@code file} into the module's parameters of the same names.
     *
     * @throws IllegalArgumentException naming the parameter when one is missing from the file, has another
     *                                  shape, or the file holds a name the module lacks; nothing is changed then
     */
    public static void load(Module module, Path file) throws IOException {
        Map<String, Tensor> arrays = read(file);
        Map<String, Tensor> params = module.namedParameters();
        for (Map.Entry<String, Tensor> p : params.entrySet()) {
            Tensor a = arrays.get(p.getKey());
            if (a == null) {
                throw new IllegalArgumentException("Npz.load: " + file.getFileName() + " has no array '" + p.getKey()
                        + "' for the parameter of shape " + p.getValue().shape());
            }
            if (!a.shape().equals(p.getValue().shape())) {
                throw new IllegalArgumentException("Npz.load: parameter '" + p.getKey() + "' has shape "
                        + p.getValue().shape() + " but " + file.getFileName() + " holds shape " + a.shape());
            }
        }
        for (String name : arrays.keySet()) {
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("Npz.load: " + file.getFileName() + " holds '" + name
                        + "', which the module has no parameter for; its parameters are " + params.keySet());
            }
        }
        params.forEach((name, p) -> p.assign(arrays.get(name)));
    }

    /** Writes named tensors as a .npz file. */
    public static void write(Map<String, Tensor> arrays, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(npy(e.getValue()));
                zip.closeEntry();
            }
        }
    }

    /** Reads the arrays of a .npz file (float64 or float32, C order), by name. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new IOException("Npz.read: entry '" + name + "' of " + file.getFileName() + " is not .npy");
                }
                out.put(name.substring(0, name.length() - 4), parse(zip.readAllBytes(), name));
            }
        }
        return out;
    }

    static byte[] npy(Tensor t) {
        int[] dims = t.shape().dims();
        StringBuilder shape = new StringBuilder("(");
        for (int d : dims) {
            shape.append(d).append(", ");
        }
        if (dims.length > 1) {
            shape.setLength(shape.length() - 2);
        } else if (dims.length == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        double[] data = t.toArray();
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 8 * data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : data) {
            buf.putDouble(v);
        }
        return buf.array();
    }

    static Tensor parse(byte[] bytes, String name) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (bytes.length < 10 || buf.get() != b) {
                throw new IOException("Npz: '" + name + "' is not a .npy array (bad magic)");
            }
        }
        int major = buf.get();
        buf.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
        String header = new String(bytes, buf.position(), headerLength, StandardCharsets.ISO_8859_1);
        buf.position(buf.position() + headerLength);
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shape.find()) {
            throw new IOException("Npz: cannot read the header of '" + name + "': " + header.strip());
        }
        if (order.group(1).equals("True")) {
            throw new IOException("Npz: '" + name + "' is in Fortran order; save it with C order");
        }
        String[] parts = shape.group(1).split(",");
        int[] dims = java.util.Arrays.stream(parts).map(String::strip).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        int n = Shape.of(dims).size();
        double[] data = new double[n];
        switch (descr.group(1)) {
            case "<f8":
                for (int i = 0; i < n; i++) {
                    data[i] = buf.getDouble();
                }
                break;
            case "<f4":
                for (int i = 0; i < n; i++) {
                    data[i] = buf.getFloat();
                }
                break;
            default:
                throw new IOException("Npz: '" + name + "' has dtype " + descr.group(1)
                        + "; only float64 ('<f8') and float32 ('<f4') are read");
        }
        return Tensor.of(data, Shape.of(dims));
    }
}
