package dev.chainrule.core;

import java.util.Arrays;

/**
 * The shape of a tensor: its size along each dimension, outermost first (row-major). Immutable; a 0-d shape
 * ({@code []}) holds one element.
 *
 * @param dims the sizes, each &gt;= 0 (the accessor returns a copy)
 */
public record Shape(int[] dims) {
    /** The most elements a tensor holds: the largest Java array the JVM allocates. */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final Shape SCALAR = new Shape(new int[0]);

    /**
     * A shape holding a copy of {@code dims}.
     *
     * @param dims the sizes, outermost first; each must be &gt;= 0, and their product at most {@link #MAX_ELEMENTS}
     */
    public Shape {
        dims = dims.clone();
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("Shape: negative size in " + Arrays.toString(dims));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("Shape: " + Arrays.toString(dims) + " holds more than "
                        + MAX_ELEMENTS + " elements, the most a tensor holds");
            }
        }
    }

    /**
     * Zeroed storage for {@code elements} values, or an {@link IllegalArgumentException} naming {@code op} and the
     * size when no tensor can hold them: more than {@link #MAX_ELEMENTS}, or more bytes than the heap's limit.
     * Every factory sizes its storage here before it writes anything. {@code elements} is a double so that a
     * size computed past the int range (arange(0, 1e10, 1)) is still seen as it is.
     */
    static double[] storage(String op, double elements) {
        return new double[checkedSize(op, elements, 8)];
    }

    /** {@link #storage} for a float32 tensor. */
    static float[] storage32(String op, double elements) {
        return new float[checkedSize(op, elements, 4)];
    }

    private static int checkedSize(String op, double elements, int bytesPerElement) {
        if (!(elements >= 0 && elements <= MAX_ELEMENTS)) {
            throw new IllegalArgumentException(op + ": " + String.format(java.util.Locale.ROOT, "%,.0f", elements)
                    + " elements; a tensor holds from 0 to " + String.format(java.util.Locale.ROOT, "%,d",
                    MAX_ELEMENTS));
        }
        long bytes = bytesPerElement * (long) elements;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new IllegalArgumentException(op + ": " + String.format(java.util.Locale.ROOT, "%,d", (long) elements)
                    + " elements need " + String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e9) + " GB, more "
                    + "than this JVM's heap limit of " + String.format(java.util.Locale.ROOT, "%.1f", heap / 1e9)
                    + " GB (raise it with -Xmx)");
        }
        return (int) elements;
    }

    /** The shape with these sizes, refused in the name of {@code op} (a factory) when they are not one. */
    static Shape of(String op, int... dims) {
        try {
            return of(dims);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@return the shape with these sizes}
     *
     * @param dims the sizes, outermost first, each &gt;= 0; none for the 0-d shape
     */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims);
    }

    /** {@return the 0-d shape {@code []}} */
    public static Shape scalar() {
        return SCALAR;
    }

    /** {@return a copy of the sizes} */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return dims.length;
    }

    /**
     * {@return the size along dimension {@code axis}}
     *
     * @param axis the dimension, in [-rank, rank); negative axes count from the end
     */
    public int dim(int axis) {
        return dims[axis(axis, "Shape.dim")];
    }

    /** {@return the number of elements: the product of the sizes (1 for a 0-d shape)} */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** Row-major strides: the distance in elements between neighbours along each dimension. */
    int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Direct access to the sizes for the engine (never modified). */
    int[] raw() {
        return dims;
    }

    /** {@code axis} as an index in [0, rank), where negative axes count from the end. */
    int axis(int axis, String op) {
        int r = dims.length;
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + this
                    + " (rank " + r + ")");
        }
        return axis < 0 ? axis + r : axis;
    }

    /** The shape that NumPy's broadcasting rules give for operands of shapes {@code a} and {@code b}. */
    static Shape broadcast(Shape a, Shape b, String op) {
        if (a.equals(b)) {
            return a;
        }
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " cannot be broadcast "
                        + "together (dimension " + (i - r) + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** Whether a tensor of this shape can be broadcast to {@code target} (NumPy's rules, one way). */
    boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[off + i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
