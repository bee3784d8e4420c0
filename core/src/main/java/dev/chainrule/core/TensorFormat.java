package dev.chainrule.core;

import java.util.Locale;

/**
 * The text of a {@link Tensor}: NumPy-like nested brackets, with the shape, the dtype when it is not the default
 * (as PyTorch prints {@code dtype=torch.float32}), the op and the gradient.
 */
final class TensorFormat {
    private TensorFormat() {
    }

    static String text(Tensor x) {
        StringBuilder s = new StringBuilder("tensor(");
        format(x, s, 0, 0, 7);
        if (x.rank() > 1 || x.size() > 6) {
            s.append(", shape=").append(x.shape);
        }
        if (x.isF32()) {
            s.append(", dtype=float32");
        }
        if (x.op != null) {
            s.append(", op=").append(x.op);
        } else if (x.requiresGradFlag()) {
            s.append(", requiresGrad");
        }
        if (x.grad != null) {
            s.append(",\n  grad=");
            format(x.grad, s, 0, 0, 7);
        }
        return s.append(')').toString();
    }

    /** NumPy-like nested brackets, eliding the middle of dimensions longer than 6. */
    private static void format(Tensor x, StringBuilder s, int axis, int offset, int indent) {
        if (x.rank() == 0) {
            s.append(num(x.at(0)));
            return;
        }
        int n = x.shape.raw()[axis];
        int stride = Kernels.inner(x.shape, axis);
        s.append('[');
        for (int i = 0; i < n; i++) {
            if (n > 6 && i == 3) {
                s.append("...");
                i = n - 3;
                s.append(axis == x.rank() - 1 ? ", " : ",\n" + " ".repeat(indent + axis + 1));
            }
            if (axis == x.rank() - 1) {
                s.append(num(x.at(offset + i)));
            } else {
                format(x, s, axis + 1, offset + i * stride, indent);
            }
            if (i < n - 1) {
                s.append(axis == x.rank() - 1 ? ", " : ",\n" + " ".repeat(indent + axis + 1));
            }
        }
        s.append(']');
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
