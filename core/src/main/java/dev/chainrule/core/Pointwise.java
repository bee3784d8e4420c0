package dev.chainrule.core;

/**
 * The op table for pointwise maths: for each op, its forward formula and its derivative, side by side.
 *
 * <p>Each derivative is given twice, in the same case of two switches: once over doubles (the eager backward
 * pass, which must not allocate per node) and once over {@link Differentiable} (the recording backward pass
 * used for higher-order derivatives). The two are kept equal by a property test over every op. Each switch is
 * one monomorphic method, so the JIT inlines it into the engine's loop; no per-element virtual call.
 *
 * <p>The switches are exhaustive arrow switches with no {@code default}: an op added to an enum without its
 * forward and both derivatives does not compile. The kernels' specialised loops ({@link Kernels}) call the
 * static rules below rather than restating them; the Vector API loops ({@link VectorKernels}) cannot, and a
 * test checks every kernel against this table on every op.
 */
final class Pointwise {
    private Pointwise() {
    }

    /** One-argument ops: y = f(x). */
    enum Unary {
        /** y = -x; dy/dx = -1; second derivative 0. */
        NEG("neg"),
        /** y = x^2; dy/dx = 2x. */
        SQUARE("square"),
        /** y = sqrt(x); dy/dx = 1 / (2 y); a pole at x = 0, NaN below. */
        SQRT("sqrt"),
        /** y = e^x; dy/dx = y. */
        EXP("exp"),
        /** y = ln x; dy/dx = 1 / x; a pole at 0, NaN below. */
        LOG("log"),
        /** y = tanh x; dy/dx = 1 - y^2. */
        TANH("tanh"),
        /** y = 1 / (1 + e^-x), computed without overflow; dy/dx = y (1 - y). */
        SIGMOID("sigmoid"),
        /**
         * y = max(x, 0); dy/dx = 1 for x &gt; 0, else 0. NOTE: relu'(0) = 0 by convention; the second derivative is
         * 0 wherever it exists (undefined at 0).
         */
        RELU("relu"),
        /** y = ln(1 + e^x), computed without overflow; dy/dx = sigmoid(x). */
        SOFTPLUS("softplus"),
        /** y = |x|; dy/dx = sign(x). NOTE: abs'(0) = 0 by convention; the second derivative is 0 (undefined at 0). */
        ABS("abs"),
        /** y = sin x; dy/dx = cos x. */
        SIN("sin"),
        /** y = cos x; dy/dx = -sin x. */
        COS("cos"),
        /**
         * y = 1 if x &gt; 0 else 0; dy/dx = 0 (piecewise constant: 0 where the derivative exists, and 0 taken at the
         * jump). Recorded like any op, so that a function built from it has a zero gradient rather than none.
         */
        STEP("step"),
        /** y = sign(x); dy/dx = 0, as for {@link #STEP} (PyTorch's convention for sign). */
        SIGN("sign");

        final String symbol;

        Unary(String symbol) {
            this.symbol = symbol;
        }

        /** y = f(x). */
        double apply(double x) {
            return switch (this) {
                case NEG -> neg(x);
                case SQUARE -> square(x);
                case SQRT -> Math.sqrt(x);
                case EXP -> Math.exp(x);
                case LOG -> Math.log(x);
                case TANH -> Math.tanh(x);
                case SIGMOID -> sigmoid(x);
                case RELU -> relu(x);
                case SOFTPLUS -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
                case ABS -> Math.abs(x);
                case SIN -> Math.sin(x);
                case COS -> Math.cos(x);
                case STEP -> x > 0 ? 1.0 : 0.0;
                case SIGN -> Math.signum(x);
            };
        }

        /** dL/dx given x, y = f(x) and g = dL/dy. */
        double grad(double x, double y, double g) {
            return switch (this) {
                case NEG -> negGrad(g);
                case SQUARE -> 2.0 * x * g;
                case SQRT -> g / (2.0 * y);
                case EXP -> expGrad(y, g);
                case LOG -> g / x;
                case TANH -> tanhGrad(y, g);
                case SIGMOID -> sigmoidGrad(y, g);
                case RELU -> reluGrad(x, g);
                case SOFTPLUS -> g * sigmoid(x);
                case ABS -> g * Math.signum(x);
                case SIN -> g * Math.cos(x);
                case COS -> -(g * Math.sin(x));
                case STEP, SIGN -> 0.0;
            };
        }

        /** The same rule as {@link #grad(double, double, double)}, written with engine ops (higher order). */
        <T extends Differentiable<T>> T grad(T x, T y, T g) {
            return switch (this) {
                case NEG -> g.neg();
                case SQUARE -> g.mul(x).mul(2.0);
                case SQRT -> g.div(y.mul(2.0));
                case EXP -> g.mul(y);
                case LOG -> g.div(x);
                case TANH -> g.mul(y.square().neg().add(1.0));
                case SIGMOID -> g.mul(y.mul(y.neg().add(1.0)));
                case RELU -> g.mul(x.step());
                case SOFTPLUS -> g.mul(x.sigmoid());
                case ABS -> g.mul(x.sign());
                case SIN -> g.mul(x.cos());
                case COS -> g.mul(x.sin()).neg();
                case STEP, SIGN -> g.mul(0.0);
            };
        }
    }

    // The rules that the kernels' specialised loops use too: written here once, called from both (a call on a
    // constant enum costs the loops up to a third of their speed; a static method is inlined and vectorised).

    static double neg(double x) {
        return -x;
    }

    static double square(double x) {
        return x * x;
    }

    /** relu(x) = max(x, 0); NaN passes through. */
    static double relu(double x) {
        return x <= 0 ? 0.0 : x;
    }

    static double negGrad(double g) {
        return -g;
    }

    static double expGrad(double y, double g) {
        return g * y;
    }

    static double tanhGrad(double y, double g) {
        return g * (1.0 - y * y);
    }

    static double sigmoidGrad(double y, double g) {
        return g * (y * (1.0 - y));
    }

    /** relu'(x) = 1 for x &gt; 0, else 0 (relu'(0) = 0). */
    static double reluGrad(double x, double g) {
        return x > 0 ? g : 0.0;
    }

    // The same two rules over floats, for the float32 loops ({@link Kernels32}): a float widened to double and
    // back costs those loops their vectorisation. The kernel test checks them against the double rules above.

    /** {@link #relu(double)} over floats. */
    static float relu(float x) {
        return x <= 0 ? 0f : x;
    }

    /** {@link #reluGrad(double, double)} over floats. */
    static float reluGrad(float x, float g) {
        return x > 0 ? g : 0f;
    }

    /** Two-argument ops: y = f(a, b). */
    enum Binary {
        /** y = a + b; dy/da = 1, dy/db = 1; second derivatives 0. */
        ADD("+", "add"),
        /** y = a - b; dy/da = 1, dy/db = -1; second derivatives 0. */
        SUB("-", "sub"),
        /** y = a b; dy/da = b, dy/db = a. */
        MUL("*", "mul"),
        /** y = a / b; dy/da = 1 / b, dy/db = -a / b^2. */
        DIV("/", "div"),
        /**
         * y = a^b; dy/da = b a^(b-1), dy/db = y ln a. NOTE: dy/db is NaN for a &lt; 0 and -inf or NaN at a = 0;
         * it is only computed when the exponent requires grad.
         */
        POW("pow", "pow"),
        /**
         * y = max(a, b); the gradient goes to a where a &gt;= b, else to b. NOTE: at a tie it all goes to a; second
         * derivatives are 0 (undefined at a tie).
         */
        MAX("max", "max"),
        /**
         * y = min(a, b); the gradient goes to a where a &lt;= b, else to b. NOTE: at a tie it all goes to a; second
         * derivatives are 0 (undefined at a tie).
         */
        MIN("min", "min");

        final String symbol;
        /** The method name, for error messages. */
        final String method;

        Binary(String symbol, String method) {
            this.symbol = symbol;
            this.method = method;
        }

        /** y = f(a, b). */
        double apply(double a, double b) {
            return switch (this) {
                case ADD -> add(a, b);
                case SUB -> sub(a, b);
                case MUL -> mul(a, b);
                case DIV -> div(a, b);
                case POW -> b == 2.0 ? a * a : Math.pow(a, b);
                case MAX -> a >= b || a != a ? a : b; // NaN in either operand propagates
                case MIN -> a <= b || a != a ? a : b;
            };
        }

        /** dL/da given a, b, y = f(a, b) and g = dL/dy. */
        double gradA(double a, double b, double y, double g) {
            return switch (this) {
                case ADD, SUB -> g;
                case MUL -> g * b;
                case DIV -> g / b;
                case POW -> b == 2.0 ? g * 2.0 * a : b == 0.0 && a == 0.0 ? 0.0 : g * b * Math.pow(a, b - 1.0);
                case MAX -> a >= b || a != a ? g : 0.0;
                case MIN -> a <= b || a != a ? g : 0.0;
            };
        }

        /** dL/db given a, b, y = f(a, b) and g = dL/dy. */
        double gradB(double a, double b, double y, double g) {
            return switch (this) {
                case ADD -> g;
                case SUB -> -g;
                case MUL -> g * a;
                case DIV -> -(g * a / (b * b));
                case POW -> g * y * Math.log(a);
                case MAX -> a >= b || a != a ? 0.0 : g;
                case MIN -> a <= b || a != a ? 0.0 : g;
            };
        }

        /** The same rule as {@link #gradA(double, double, double, double)}, written with engine ops. */
        <T extends Differentiable<T>> T gradA(T a, T b, T y, T g) {
            return switch (this) {
                case ADD, SUB -> g;
                case MUL -> g.mul(b);
                case DIV -> g.div(b);
                // b a^(b - 1), but 0 rather than 0 * inf where a = b = 0 (x^0 has a zero gradient)
                case POW -> g.mul(b).mul(a.pow(b.sub(1.0).add(isZero(a).mul(isZero(b)))));
                case MAX -> g.mul(b.sub(a).step().neg().add(1.0));
                case MIN -> g.mul(a.sub(b).step().neg().add(1.0));
            };
        }

        /** The same rule as {@link #gradB(double, double, double, double)}, written with engine ops. */
        <T extends Differentiable<T>> T gradB(T a, T b, T y, T g) {
            return switch (this) {
                case ADD -> g;
                case SUB -> g.neg();
                case MUL -> g.mul(a);
                case DIV -> g.mul(a).div(b.square()).neg();
                case POW -> g.mul(y).mul(a.log());
                case MAX -> g.mul(b.sub(a).step());
                case MIN -> g.mul(a.sub(b).step());
            };
        }
    }

    // The binary forwards that the kernels' specialised loops use too.

    static double add(double a, double b) {
        return a + b;
    }

    static double sub(double a, double b) {
        return a - b;
    }

    static double mul(double a, double b) {
        return a * b;
    }

    static double div(double a, double b) {
        return a / b;
    }

    /** 1 where x = 0, else 0, as a constant: a mask that adds no term to the derivatives of a rule. */
    private static <T extends Differentiable<T>> T isZero(T x) {
        return x.detach().sign().abs().neg().add(1.0);
    }

    /** The logistic function without overflow for large |x|. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
