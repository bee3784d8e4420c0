package dev.chainrule.core;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The part of {@link Tensor} that makes tensors and arranges their elements without arithmetic: the factories,
 * the shape ops (views of the same storage where they can be) and slicing and indexing. Users see one class,
 * {@link Tensor}; this one only keeps its file readable.
 */
abstract class TensorLayout extends TensorNode {
    TensorLayout(double[] data, Shape shape) {
        super(data, shape);
    }

    TensorLayout(float[] data, Shape shape) {
        super(data, shape);
    }

    TensorLayout(Tensor of, Shape shape) {
        super(of, shape);
    }

    // ================================================================ factories

    /**
     * {@return a tensor holding a copy of {@code data}, of the given shape (a 1-d tensor when no dims are given)}
     * @param data the values, row-major; NaN is refused
     * @param dims the sizes, outermost first; none for a 1-d tensor of all the values
     */
    public static Tensor of(double[] data, int... dims) {
        return of(data, dims.length == 0 ? Shape.of(data.length) : Shape.of(dims));
    }

    /**
     * {@return a tensor holding a copy of {@code data}, of the given shape}
     * @param data  the values, row-major
     * @param shape the shape, whose size must be {@code data.length}
     * @throws IllegalArgumentException if the values do not fill the shape, or one is NaN (as {@link Scalar#of} refuses
     *                                  NaN: a graph does not start from NaN; infinities are accepted)
     */
    public static Tensor of(double[] data, Shape shape) {
        return Factories.of(data, shape);
    }

    /**
     * {@return a 2-d tensor from rows of equal length}
     * @param rows the matrix's rows, all of one length
     */
    public static Tensor of(double[][] rows) {
        return Factories.of(rows);
    }

    /**
     * {@return a 0-d tensor}; NaN is refused, as by {@link #of(double[], Shape)}.
     * @param value the one element
     */
    public static Tensor scalar(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("Tensor.scalar: the value is NaN; a graph cannot start from NaN");
        }
        return new Tensor(new double[] {value}, Shape.scalar());
    }

    /**
     * {@return zeros of the given shape}
     * @param dims the sizes, outermost first; none for a 0-d tensor
     */
    public static Tensor zeros(int... dims) {
        Shape s = Shape.of("Tensor.zeros", dims);
        return new Tensor(Shape.storage("Tensor.zeros", s.size()), s);
    }

    /**
     * {@return zeros of the given shape and dtype}
     * @param dtype the element type
     * @param dims  the sizes, outermost first; none for a 0-d tensor
     */
    public static Tensor zeros(DType dtype, int... dims) {
        java.util.Objects.requireNonNull(dtype, "Tensor.zeros: the dtype is null; pass DType.F64 or DType.F32");
        Shape s = Shape.of("Tensor.zeros", dims);
        return dtype == DType.F64 ? new Tensor(Shape.storage("Tensor.zeros", s.size()), s)
                : new Tensor(Shape.storage32("Tensor.zeros", s.size()), s);
    }

    /**
     * {@return a float32 tensor holding a copy of {@code data}, of the given shape (1-d when no dims are given)}
     * @param data the values, row-major; NaN is refused
     * @param dims the sizes, outermost first; none for a 1-d tensor of all the values
     */
    public static Tensor of(float[] data, int... dims) {
        Shape s = dims.length == 0 ? Shape.of(data.length) : Shape.of(dims);
        if (s.size() != data.length) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + s
                    + " (" + s.size() + " elements)");
        }
        for (int i = 0; i < data.length; i++) {
            if (Float.isNaN(data[i])) {
                Storage.checkNotNaN("Tensor.of", Storage.widen(data), s);
            }
        }
        return new Tensor(data.clone(), s);
    }

    /**
     * {@return this tensor in {@code dtype}: itself when it has that dtype already, else a converted copy, recorded
     * (the gradient is converted back)} To float32, values are rounded to nearest; to float64, exactly.
     * @param dtype the element type wanted
     */
    public Tensor to(DType dtype) {
        java.util.Objects.requireNonNull(dtype, "to: the dtype is null; pass DType.F64 or DType.F32");
        if (dtype() == dtype) {
            return self();
        }
        DType from = dtype();
        Tensor out = dtype == DType.F64 ? new Tensor(Storage.widen(fdata), shape)
                : new Tensor(Storage.narrow(data), shape);
        return TensorNode.recorded(out, "to(" + dtype.numpyName() + ")", (g, y) -> new Tensor[] {g.to(from)},
                self());
    }

    /**
     * {@return ones of the given shape}
     * @param dims the sizes, outermost first; none for a 0-d tensor
     */
    public static Tensor ones(int... dims) {
        return full(1.0, dims);
    }

    /**
     * {@return {@code value} everywhere in the given shape}; NaN is refused, as by {@link #of(double[], Shape)}.
     * @param value the value of every element
     * @param dims  the sizes, outermost first; none for a 0-d tensor
     */
    public static Tensor full(double value, int... dims) {
        return Factories.full(value, dims);
    }

    /**
     * {@return the n x n identity matrix}
     * @param n the number of rows and of columns
     */
    public static Tensor eye(int n) {
        return Factories.eye(n);
    }

    /**
     * {@return start, start + step, ... up to but excluding end (NumPy's arange)}
     * @param start the first value
     * @param end   the bound, excluded
     * @param step  the spacing, finite and non-zero (negative to count down)
     */
    public static Tensor arange(double start, double end, double step) {
        return Factories.arange(start, end, step);
    }

    /**
     * {@return 0, 1, ..., n - 1}
     * @param n the number of values
     */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /**
     * {@return {@code n} evenly spaced values from start to end, both included}
     * @param start the first value
     * @param end   the last value (when n &gt; 1)
     * @param n     the number of values, &gt;= 0
     */
    public static Tensor linspace(double start, double end, int n) {
        return Factories.linspace(start, end, n);
    }

    /**
     * {@return uniform samples from [0, 1) drawn from {@code rnd}}
     * @param rnd  the source of randomness; seed it for reproducible tensors
     * @param dims the sizes, outermost first
     */
    public static Tensor rand(RandomGenerator rnd, int... dims) {
        return Factories.rand(rnd, dims);
    }

    /**
     * {@return standard normal samples drawn from {@code rnd}}
     * @param rnd  the source of randomness; seed it for reproducible tensors
     * @param dims the sizes, outermost first
     */
    public static Tensor randn(RandomGenerator rnd, int... dims) {
        return Factories.randn(rnd, dims);
    }

    /**
     * {@return one-hot rows: for class indices of shape S, a tensor of shape S + [classes] with a 1 at each index}
     * @param indices the class of each row: integral values in [0, classes)
     * @param classes the number of classes, the size of the new last axis
     */
    public static Tensor oneHot(Tensor indices, int classes) {
        return Factories.oneHot(indices, classes);
    }

    // ================================================================ shape ops

    /**
     * {@return the same elements in a new shape}; shares storage.
     * @param dims the new sizes, of the same element count; one may be -1, inferred
     */
    public Tensor reshape(int... dims) {
        return ShapeOps.reshape(self(), dims);
    }

    /** {@return a 1-d view of all elements} */
    public Tensor flatten() {
        return reshape(size());
    }

    /**
     * {@return the dimensions from {@code startAxis} to the end merged into one} (as nn.Flatten does from axis 1).
     * @param startAxis the first dimension merged; negative axes count from the end
     */
    public Tensor flatten(int startAxis) {
        return ShapeOps.flatten(self(), startAxis);
    }

    /** {@return this tensor with every dimension of size 1 removed} */
    public Tensor squeeze() {
        return reshape(Arrays.stream(shape.raw()).filter(d -> d != 1).toArray());
    }

    /**
     * {@return this tensor with dimension {@code axis}, which must have size 1, removed}
     * @param axis the dimension to remove; negative axes count from the end
     */
    public Tensor squeeze(int axis) {
        return ShapeOps.squeeze(self(), axis);
    }

    /**
     * {@return this tensor with a dimension of size 1 inserted at {@code axis}}
     * @param axis the new dimension's place, in [-rank - 1, rank]; negative counts from the end
     */
    public Tensor unsqueeze(int axis) {
        return ShapeOps.unsqueeze(self(), axis);
    }

    /**
     * {@return the dimensions reordered: output dimension i is this tensor's dimension perm[i]}
     * @param perm each dimension once (negative ones count from the end)
     */
    public Tensor permute(int... perm) {
        return ShapeOps.permute(self(), perm);
    }

    /**
     * {@return this tensor with two dimensions swapped}
     * @param axis0 one dimension; negative axes count from the end
     * @param axis1 the other
     */
    public Tensor transpose(int axis0, int axis1) {
        return ShapeOps.transpose(self(), axis0, axis1);
    }

    /** {@return the transpose of a matrix (the last two dimensions swapped; a 1-d tensor is returned as it is)} */
    public Tensor transpose() {
        return rank() < 2 ? self() : transpose(-2, -1);
    }

    // ================================================================ slicing and indexing

    /**
     * {@return the elements [start, start + length) along {@code axis}}; the gradient is padded back with zeros.
     * @param axis   the dimension to cut; negative axes count from the end
     * @param start  the first index kept, &gt;= 0
     * @param length how many indices are kept; the range must lie inside the dimension
     */
    public Tensor narrow(int axis, int start, int length) {
        return IndexOps.narrow(self(), axis, start, length);
    }

    /**
     * {@return the elements [start, end) along {@code axis}}; negative bounds count from the end (Python's slices).
     * @param axis  the dimension to cut; negative axes count from the end
     * @param start the first index kept; clamped to the dimension
     * @param end   the index after the last one kept; clamped to the dimension
     */
    public Tensor slice(int axis, int start, int end) {
        int a = shape.axis(axis, "slice");
        int n = shape.raw()[a];
        int s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
        int e = Math.max(s, Math.min(n, end < 0 ? end + n : end));
        return narrow(a, s, e - s);
    }

    /**
     * {@return the elements start, start + step, ... before end along {@code axis}}
     * @param axis  the dimension to cut; negative axes count from the end
     * @param start the first index kept; negative counts from the end, and it is clamped to the dimension
     * @param end   the bound, excluded; negative counts from the end, and it is clamped to the dimension
     * @param step  the spacing, &gt; 0
     */
    public Tensor slice(int axis, int start, int end, int step) {
        return IndexOps.slice(self(), axis, start, end, step);
    }

    /**
     * {@return the slice at {@code index} along {@code axis}, with that axis removed}
     * @param axis  the dimension to select along; negative axes count from the end
     * @param index the position kept; negative counts from the end
     */
    public Tensor select(int axis, int index) {
        return IndexOps.select(self(), axis, index);
    }

    /**
     * {@return the slices at the given indices along {@code axis}, in that order (repeats allowed)}
     * @param axis    the dimension to select along; negative axes count from the end
     * @param indices the positions, each in [0, size along the axis)
     */
    public Tensor indexSelect(int axis, int... indices) {
        return IndexOps.indexSelect(self(), axis, indices);
    }

    /**
     * {@return PyTorch's gather: out[i][j] = this[i][index[i][j]] for axis 1 (and so on for other axes)} The index
     * tensor holds integral values and has this tensor's shape except along {@code axis}.
     * @param axis  the dimension indexed; negative axes count from the end
     * @param index the positions along it, integral values; the result has its shape
     */
    public Tensor gather(int axis, Tensor index) {
        return IndexOps.gather(self(), axis, index);
    }

    /**
     * {@return the tensors joined along {@code axis}}; all other sizes must agree.
     * @param parts the tensors, at least one, of one rank
     * @param axis  the dimension to join along; negative axes count from the end
     */
    public static Tensor concat(List<Tensor> parts, int axis) {
        return IndexOps.concat(parts, axis);
    }

    /**
     * {@return the tensors, all of one shape, stacked along a new axis}
     * @param parts the tensors, at least one
     * @param axis  the new dimension's place in the result; negative counts from the end
     */
    public static Tensor stack(List<Tensor> parts, int axis) {
        return IndexOps.stack(parts, axis);
    }
}
