package dev.chainrule.core;

/**
 * The op table for pointwise maths: for each op, its forward formula and its derivative, side by side.
 *
 * <p>Each derivative is given twice, in the same case of two switches: once over doubles (the eager backward
 * pass, which must not allocate per node) and once over {@link Differentiable} (the recording backward pass
 * used for higher-order derivatives). The two are kept equal by a property test over every op. Each switch is
 * one monomorphic method, so the JIT inlines it into the engine's loop; no per-element virtual call.
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

        double apply(double x) {
            switch (this) {
                case NEG: return -x;
                case SQUARE: return x * x;
                case SQRT: return Math.sqrt(x);
                case EXP: return Math.exp(x);
                case LOG: return Math.log(x);
                case TANH: return Math.tanh(x);
                case SIGMOID: return sigmoid(x);
                case RELU: return x <= 0 ? 0.0 : x; // NaN passes through
                case SOFTPLUS: return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
                case ABS: return Math.abs(x);
                case SIN: return Math.sin(x);
                case COS: return Math.cos(x);
                case STEP: return x > 0 ? 1.0 : 0.0;
                case SIGN: return Math.signum(x);
                default: throw new AssertionError(this);
            }
        }

        /** dL/dx given x, y = f(x) and g = dL/dy. */
        double grad(double x, double y, double g) {
            switch (this) {
                case NEG: return -g;
                case SQUARE: return 2.0 * x * g;
                case SQRT: return g / (2.0 * y);
                case EXP: return g * y;
                case LOG: return g / x;
                case TANH: return g * (1.0 - y * y);
                case SIGMOID: return g * (y * (1.0 - y));
                case RELU: return x > 0 ? g : 0.0;
                case SOFTPLUS: return g * sigmoid(x);
                case ABS: return g * Math.signum(x);
                case SIN: return g * Math.cos(x);
                case COS: return -(g * Math.sin(x));
                default: return 0.0;
            }
        }

        /** The same rule as {@link #grad(double, double, double)}, written with engine ops. */
        <T extends Differentiable<T>> T grad(T x, T y, T g) {
            switch (this) {
                case NEG: return g.neg();
                case SQUARE: return g.mul(x).mul(2.0);
                case SQRT: return g.div(y.mul(2.0));
                case EXP: return g.mul(y);
                case LOG: return g.div(x);
                case TANH: return g.mul(y.square().neg().add(1.0));
                case SIGMOID: return g.mul(y.mul(y.neg().add(1.0)));
                case RELU: return g.mul(x.step());
                case SOFTPLUS: return g.mul(x.sigmoid());
                case ABS: return g.mul(x.sign());
                case SIN: return g.mul(x.cos());
                case COS: return g.mul(x.sin()).neg();
                default: return g.mul(0.0);
            }
        }
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

        double apply(double a, double b) {
            switch (this) {
                case ADD: return a + b;
                case SUB: return a - b;
                case MUL: return a * b;
                case DIV: return a / b;
                case POW: return b == 2.0 ? a * a : Math.pow(a, b);
                case MAX: return a >= b || a != a ? a : b; // NaN in either operand propagates
                case MIN: return a <= b || a != a ? a : b;
                default: throw new AssertionError(this);
            }
        }

        /** dL/da given a, b, y = f(a, b) and g = dL/dy. */
        double gradA(double a, double b, double y, double g) {
            switch (this) {
                case ADD: return g;
                case SUB: return g;
                case MUL: return g * b;
                case DIV: return g / b;
                case POW: return b == 2.0 ? g * 2.0 * a : b == 0.0 && a == 0.0 ? 0.0 : g * b * Math.pow(a, b - 1.0);
                case MAX: return a >= b || a != a ? g : 0.0;
                case MIN: return a <= b || a != a ? g : 0.0;
                default: throw new AssertionError(this);
            }
        }

        /** dL/db given a, b, y = f(a, b) and g = dL/dy. */
        double gradB(double a, double b, double y, double g) {
            switch (this) {
                case ADD: return g;
                case SUB: return -g;
                case MUL: return g * a;
                case DIV: return -(g * a / (b * b));
                case POW: return g * y * Math.log(a);
                case MAX: return a >= b || a != a ? 0.0 : g;
                case MIN: return a <= b || a != a ? 0.0 : g;
                default: throw new AssertionError(this);
            }
        }

        /** The same rule as {@link #gradA(double, double, double, double)}, written with engine ops. */
        <T extends Differentiable<T>> T gradA(T a, T b, T y, T g) {
            switch (this) {
                case ADD: return g;
                case SUB: return g;
                case MUL: return g.mul(b);
                case DIV: return g.div(b);
                case POW: // b a^(b - 1), but 0 rather than 0 * inf where a = b = 0 (x^0 has a zero gradient)
                    return g.mul(b).mul(a.pow(b.sub(1.0).add(isZero(a).mul(isZero(b)))));
                case MAX: return g.mul(b.sub(a).step().neg().add(1.0));
                case MIN: return g.mul(a.sub(b).step().neg().add(1.0));
                default: throw new AssertionError(this);
            }
        }

        /** The same rule as {@link #gradB(double, double, double, double)}, written with engine ops. */
        <T extends Differentiable<T>> T gradB(T a, T b, T y, T g) {
            switch (this) {
                case ADD: return g;
                case SUB: return g.neg();
                case MUL: return g.mul(a);
                case DIV: return g.mul(a).div(b.square()).neg();
                case POW: return g.mul(y).mul(a.log());
                case MAX: return g.mul(b.sub(a).step());
                case MIN: return g.mul(a.sub(b).step());
                default: throw new AssertionError(this);
            }
        }
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
