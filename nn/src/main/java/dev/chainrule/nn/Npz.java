package dev.chainrule.nn;

import dev.chainrule.core.DType;
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
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's .npz format: a zip of .npy arrays, one per named tensor, little-endian, C order, float64 ({@code <f8}) or
 * float32 ({@code <f4}) as the tensor's dtype: readable with
 * {@code numpy.load} (and so by PyTorch or JAX users); {@link #save(Module, Path)} and {@link #load(Module, Path)}
 * store and restore a module's parameters by their dotted names.
 *
 * <p>A damaged or foreign file is an {@link IOException} naming the file, the entry and what is wrong (not a zip
 * archive, a header that cannot be read, data that does not fill the declared shape); a file that does not fit
 * the module is an {@link IllegalArgumentException}. A file holding NaN or an infinity is refused (an
 * IOException naming the element), not loaded with a warning. A refused {@link #load} changes no parameter.
 */
public final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npz() {
    }

    /**
     * Writes the module's parameters, named as in {@link Module#namedParameters()}.
     *
     * @param module the module whose parameters are written, read but not changed
     * @param file the .npz file to write, replaced if it exists
     * @throws IOException when the file cannot be written
     */
    public static void save(Module module, Path file) throws IOException {
        write(module.namedParameters(), file);
    }

    /**
     * Copies the arrays of {@code file} into the module's parameters of the same names.
     *
     * @param module the module whose parameters receive the arrays, in place
     * @param file the .npz file to read, holding one array for each parameter and nothing else
     * @throws IllegalArgumentException naming the parameter when one is missing from the file, has another
     *                                  shape, or the file holds a name the module lacks; nothing is changed then
     * @throws IOException              as {@link #read} does; nothing is changed then either
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

    /**
     * Writes named tensors as a .npz file.
     *
     * @param arrays the tensors by name, each written as entry "name.npy" in the map's order
     * @param file the .npz file to write, replaced if it exists
     * @throws IOException when the file cannot be written
     */
    public static void write(Map<String, Tensor> arrays, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(npy(e.getValue()));
                zip.closeEntry();
            }
        }
    }

    /**
     * Reads the arrays of a .npz file (float64 or float32, either byte order, C order), by name.
     *
     * @param file the .npz file to read
     * @return the arrays as tensors, float64 for {@code f8} and float32 for {@code f4} entries, by entry name
     *         without ".npy", in the archive's order
     * @throws IOException naming the file and the entry when the file cannot be read, is not a zip archive, or an
     *                     entry is not a well-formed .npy array whose data fills its declared shape exactly, or holds
     *                     NaN or an infinity (refused: a parameter file with them is a training run gone wrong, and
     *                     loading it would only move the NaN into the next forward pass)
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        String where = "Npz.read: " + file.getFileName();
        try {
            return readArchive(file, where);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IOException(where + ": cannot be read (" + e + ")", e); // a missing file, a damaged archive
        }
    }

    private static Map<String, Tensor> readArchive(Path file, String where) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | java.io.EOFException e) {
            // EOFException: a central directory that points past the end of the file
            throw new IOException(where + " is not a zip archive (" + e + "); an .npz file is one", e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new IOException(where + ": entry '" + name + "' is not .npy");
                }
                String entry = where + ", entry '" + name + "'";
                if (e.getSize() > Shape.MAX_ELEMENTS) {
                    throw new IOException(entry + ": declares " + e.getSize() + " bytes, more than an array holds");
                }
                if (2 * e.getSize() > Runtime.getRuntime().maxMemory()) { // its bytes, then its values
                    throw new IOException(String.format(Locale.ROOT, "%s: declares %,d bytes, more than half this "
                            + "JVM's heap limit of %,d bytes (raise it with -Xmx)", entry, e.getSize(),
                            Runtime.getRuntime().maxMemory()));
                }
                String array = name.substring(0, name.length() - 4);
                if (out.containsKey(array)) {
                    throw new IOException(entry + ": the archive holds the entry twice");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readNBytes((int) Math.max(0, e.getSize()) + 1);
                } catch (IOException | RuntimeException x) {
                    throw new IOException(entry + ": the archive is damaged (" + x + ")", x);
                }
                if (bytes.length != e.getSize()) {
                    throw new IOException(entry + ": the archive is damaged (the entry declares " + e.getSize()
                            + " bytes, " + (bytes.length > e.getSize() ? "more" : bytes.length) + " were read)");
                }
                out.put(array, parse(bytes, entry));
            }
        } catch (IllegalStateException | IllegalArgumentException x) {
            // ZipFile's own refusals of a malformed central directory (bad entry names, closed by a bad offset)
            throw new IOException(where + ": the archive is damaged (" + x.getMessage() + ")", x);
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
        boolean f32 = t.dtype() == DType.F32;
        String dict = "{'descr': '" + (f32 ? "<f4" : "<f8") + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + t.dtype().bytes() * t.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        if (f32) {
            for (float v : t.toFloatArray()) {
                buf.putFloat(v);
            }
        } else {
            for (double v : t.toArray()) {
                buf.putDouble(v);
            }
        }
        return buf.array();
    }

    /** One .npy array; {@code where} names the file and the entry for messages. */
    static Tensor parse(byte[] bytes, String where) throws IOException {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes.length < 10 || bytes[i] != MAGIC[i]) {
                throw new IOException(where + ": not a .npy array (bad magic)");
            }
        }
        int major = bytes[6];
        if (major < 1 || major > 3) {
            throw new IOException(where + ": .npy format version " + major + " is not one of 1, 2, 3");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int start = major == 1 ? 10 : 12;
        if (bytes.length < start) {
            throw new IOException(where + ": the entry ends inside its preamble (" + bytes.length + " bytes)");
        }
        long headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : Integer.toUnsignedLong(buf.getInt(8));
        if (headerLength > bytes.length - start) {
            throw new IOException(where + ": the header declares " + headerLength + " bytes but the entry holds "
                    + (bytes.length - start) + " after its preamble");
        }
        String header = new String(bytes, start, (int) headerLength, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shape.find()) {
            throw new IOException(where + ": cannot read the header: " + header.strip());
        }
        if (order.group(1).equals("True")) {
            throw new IOException(where + ": the array is in Fortran order; save it with C order");
        }
        int[] dims = dims(shape.group(1), where);
        long count = 1;
        for (int d : dims) {
            count *= d;
            if (count > Shape.MAX_ELEMENTS) {
                throw new IOException(where + ": shape (" + shape.group(1).strip() + ") holds more than "
                        + Shape.MAX_ELEMENTS + " values, the most a tensor holds");
            }
        }
        String dtype = descr.group(1);
        int itemSize = switch (dtype) {
            case "<f8", ">f8" -> 8;
            case "<f4", ">f4" -> 4;
            default -> throw new IOException(where + ": dtype '" + dtype + "'; only float64 ('<f8', '>f8') and "
                    + "float32 ('<f4', '>f4') are read");
        };
        int dataStart = start + (int) headerLength;
        long held = bytes.length - dataStart;
        if (held != count * itemSize) {
            throw new IOException(String.format(Locale.ROOT, "%s: declares %,d values (shape (%s), %s) but holds "
                    + "%,d bytes of data, not %,d", where, count, shape.group(1).strip(), dtype, held,
                    count * itemSize));
        }
        buf.position(dataStart).order(dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] data = new double[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = itemSize == 8 ? buf.getDouble() : buf.getFloat();
            if (!Double.isFinite(data[i])) {
                throw new IOException(where + ": element " + i + " is " + data[i] + "; Npz refuses NaN and "
                        + "infinities (the file is the trace of a diverged run, not parameters to continue from)");
            }
        }
        Tensor t = Tensor.of(data, Shape.of(dims));
        return itemSize == 8 ? t : t.to(DType.F32); // exact: each value came from a float
    }

    /** The sizes of a shape tuple such as {@code "3, 4"} or {@code "5,"} or {@code ""}. */
    private static int[] dims(String tuple, String where) throws IOException {
        String[] parts = tuple.split(",", -1);
        int n = parts.length;
        if (parts[n - 1].isBlank()) {
            n--; // a trailing comma: "(5,)"
        }
        int[] dims = new int[n];
        for (int i = 0; i < n; i++) {
            String p = parts[i].strip();
            try {
                dims[i] = Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
            } catch (NumberFormatException e) {
                dims[i] = -1;
            }
            if (dims[i] < 0) {
                throw new IOException(where + ": shape (" + tuple.strip() + ") is not a tuple of sizes");
            }
        }
        return dims;
    }
}
