package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.Draw;
import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.Linear;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The derivation report of seed document 001, COMP 576 Assignment 1: the hand-derived backpropagation of a
 * three-layer network z^1 = W^1 x + b^1, a^1 = actFun(z^1), z^2 = W^2 a^1 + b^2, yhat = softmax(z^2) with the mean
 * cross-entropy loss, each formula encoded as written and checked by the {@link Derivation} checker.
 *
 * <p>The batch holds the samples as rows: x is [N, D], y and yhat are [N, C], so the document's per-sample
 * z^1 = W^1 x + b^1 becomes z^1 = x W^1T + b^1 with W^1 of shape [H, D] (the document's [out, in]).
 */
public final class Document001 {
    /** The document's file name. */
    public static final String FILE = "001_a2bf42304f32610f.txt";

    /** Input size D of the network settings. */
    public static final int D = 3;
    /** Hidden size H (different from D and C, so that a transposed gradient shows as a shape mismatch). */
    public static final int H = 4;
    /** Number of classes C. */
    public static final int C = 2;
    /** Batch sizes of the network settings: N &lt; C, N = C, N &gt; C. */
    public static final List<Integer> BATCH_SIZES = List.of(1, 2, 3);
    /** Batch size of the row-convention settings. */
    public static final int ROW_N = 3;

    // ------------------------------------------------------------------ 1b) activation derivatives
    /** 1b sigmoid, first line of the derivation. */
    public static final String SIGMOID_FIRST = "1b d(1 + e^-x)^-1/dx = (1 + e^-x)^-2 (e^-x)";
    /** 1b sigmoid, result. */
    public static final String SIGMOID = "1b d(1 + e^-x)^-1/dx = f(x)(1 - f(x))";
    /** 1b tanh, quotient rule line. */
    public static final String TANH_FIRST = "1b d(sinh(x)/cosh(x))/dx = (cosh^2(x) - sinh^2(x)) / cosh^2(x)";
    /** 1b tanh, result. */
    public static final String TANH = "1b d(sinh(x)/cosh(x))/dx = 1 - tanh^2(x)";
    /** 1b ReLU. */
    public static final String RELU = "1b ReLU f'(x) = 1 if x > 0, 0 otherwise";

    // ------------------------------------------------------------------ 1d) softmax
    /** 1d softmax, j = i, quotient line. */
    public static final String SOFTMAX_II_FIRST = "1d dyhat_i/dz_i^2 = (e^{z_i^2} sum_{j=1}^C e^{z_j^2} "
            + "- e^{z_i^2} e^{z_i^2}) / (sum_{j=1}^C e^{z_j^2})^2";
    /** 1d softmax, j = i. */
    public static final String SOFTMAX_II = "1d dyhat_i/dz_i^2 = yhat_i (1 - yhat_i)";
    /** 1d softmax, j != i, quotient line. */
    public static final String SOFTMAX_IJ_FIRST = "1d dyhat_i/dz_j^2 = (0 - e^{z_i^2} e^{z_j^2}) "
            + "/ (sum_{j=1}^C e^{z_j^2})^2  (j != i)";
    /** 1d softmax, j != i. */
    public static final String SOFTMAX_IJ = "1d dyhat_i/dz_j^2 = -yhat_i yhat_j  (j != i)";
    /** 1d softmax, j != i, for the third component k (the same formula with j = k). */
    public static final String SOFTMAX_IK = "1d dyhat_i/dz_j^2 = -yhat_i yhat_j  (j = k, another j != i)";

    // ------------------------------------------------------------------ 1d) the network's gradients
    /** dL/dz^2 as written. */
    public static final String DZ2 = "1d dL/dz_i^2 = (1/N) sum_{n=1}^{N} (yhat_i - y_i)";
    /** dL/dz^2 corrected. */
    public static final String DZ2_FIXED = "1d dL/dz_i^2, corrected (per sample n): (1/N) (yhat_{n,i} - y_{n,i})";
    /** dL/dW^2 with a^3, read literally (a^3 = the output layer's activation yhat). */
    public static final String DW2_A3 = "1d dL/dW^2 = (1/N) sum_{n=1}^{N} delta^3 a^3  (a^3 read as the output "
            + "activation a^2 = yhat)";
    /** dL/dW^2 with a^3 corrected to a^1. */
    public static final String DW2_A3_FIXED = "1d dL/dW^2 = (1/N) sum_{n=1}^{N} delta^3 a^3, corrected (a^3 -> a^1, "
            + "as dz^2/dW^2 = a^1 above): (1/N) sum_{n=1}^{N} delta^3_n a^1_n^T";
    /** dL/dW^2 in matrix form, as written. */
    public static final String DW2 = "1d dL/dW^2 = (1/N) a^1T delta^3";
    /** dL/dW^2 in matrix form, corrected for eq (3). */
    public static final String DW2_FIXED = "1d dL/dW^2, corrected for eq (3) z^2 = W^2 a^1 + b^2: "
            + "(1/N) delta^3T a^1";
    /** dL/db^2 as written. */
    public static final String DB2 = "1d dL/db^2 = (1/N) sum_{n=1}^{C} delta^3";
    /** dL/db^2 corrected. */
    public static final String DB2_FIXED = "1d dL/db^2, corrected: (1/N) sum_{n=1}^{N} delta^3";
    /** dL/dW^1 before delta^2 is introduced, as written. */
    public static final String DW1_FIRST = "1d dL/dW^1 = (1/N) W^2T delta^3 f'(z^1)";
    /** dL/dW^1 before delta^2, corrected. */
    public static final String DW1_FIRST_FIXED = "1d dL/dW^1 = (1/N) W^2T delta^3 f'(z^1), corrected (the factor "
            + "dz^1/dW^1 = x was dropped): (1/N) sum_{n=1}^{N} (W^2T delta^3_n * f'(z^1_n)) x_n^T";
    /** dL/dz^1 from the underbrace of dL/db^1. */
    public static final String DZ1 = "1d dL/dz^1 = (1/N) delta^2, delta^2 = W^2T delta^3 * f'(z^1)  (the underbrace "
            + "in dL/db^1)";
    /** dL/dW^1 = (1/N) delta^2 x. */
    public static final String DW1_OUTER = "1d dL/dW^1 = (1/N) delta^2 x  (delta^2_n x_n^T summed over n)";
    /** dL/dW^1 in matrix form, as written. */
    public static final String DW1 = "1d dL/dW^1 = (1/N) x^T delta^2";
    /** dL/dW^1 in matrix form, corrected for eq (1). */
    public static final String DW1_FIXED = "1d dL/dW^1, corrected for eq (1) z^1 = W^1 x + b^1: (1/N) delta^2T x";
    /** dL/db^1 as written. */
    public static final String DB1 = "1d dL/db^1 = (1/N) delta^2";
    /** dL/db^1 corrected. */
    public static final String DB1_FIXED = "1d dL/db^1, corrected: (1/N) sum_{n=1}^{N} delta^2";

    /** Row convention: the column-convention correction of dL/dW^2, which fails there. */
    public static final String ROW_DW2_COLUMN = "1d dL/dW^2 = (1/N) delta^3T a^1  (the form for eq (3); "
            + "fails in the row convention)";
    /** Row convention: the column-convention correction of dL/dW^1, which fails there. */
    public static final String ROW_DW1_COLUMN = "1d dL/dW^1 = (1/N) delta^2T x  (the form for eq (1); "
            + "fails in the row convention)";

    private Document001() {
    }

    /** The document's actFun: sigmoid, tanh or ReLU, with the derivative of 1b. */
    public enum ActFun {
        /** f(z) = 1 / (1 + e^-z), f' = f (1 - f). */
        SIGMOID("sigmoid", Activation::sigmoid),
        /** f(z) = tanh z, f' = 1 - tanh^2. */
        TANH("tanh", Activation::tanh),
        /** f(z) = max(0, z), f' = 1 for z &gt; 0 and 0 otherwise. */
        RELU("ReLU", Activation::relu);

        private final String label;
        private final java.util.function.Supplier<Activation> module;

        ActFun(String label, java.util.function.Supplier<Activation> module) {
            this.label = label;
            this.module = module;
        }

        /** The nn module computing the activation. */
        public Activation module() {
            return module.get();
        }

        /** The document's name for it. */
        public String label() {
            return label;
        }

        /** f'(z^1) by the document's 1b formulas, from z^1 and a^1 = f(z^1). */
        Tensor derivative(Tensor z, Tensor a) {
            return switch (this) {
                case SIGMOID -> a.mul(a.neg().add(1.0));
                case TANH -> a.square().neg().add(1.0);
                case RELU -> z.gt(0.0);
            };
        }
    }

    // ================================================================== the report

    /** Runs every check on {@code instances} instances per setting, drawn from {@code seed}. */
    public static DocumentReport run(long seed, int instances) {
        DocumentReport r = new DocumentReport(FILE, "COMP 576 Assignment 1: Backpropagation in a Simple Neural "
                + "Network (3 layers, softmax, mean cross-entropy)");
        r.line("The document's network, per sample x (eqs (1)-(5)):");
        r.line("  z^1 = W^1 x + b^1,  a^1 = actFun(z^1),  z^2 = W^2 a^1 + b^2,  a^2 = yhat = softmax(z^2),");
        r.line("  L(y, yhat) = -(1/N) sum_{n=1}^N sum_{i=1}^C y_{n,i} log yhat_{n,i};  delta^3 = yhat - y.");
        r.line("Here W is [out, in] (z = W x): W^1 [H, D], W^2 [C, H]. nn's Linear stores its weight [in, out]");
        r.line("(z = x W), so Linear.weight is the document's W^T. The batch holds samples as rows: x [N, D],");
        r.line("y, yhat, delta^3 [N, C], so eq (1) reads z^1 = x W^1T + b^1 (row n is sample n). Sizes D = " + D
                + ", H = " + H + ", C = " + C + ".");
        r.line("Each formula is checked as written against reverse-mode autograd (itself confirmed by central");
        r.line("differences at every instance); where one fails, a corrected formula follows and is checked too.");

        r.line("");
        r.line("1b) Derivatives of the activation functions, f(x) checked alone (nn's Activation modules).");
        r.add("1b sigmoid", activation(ActFun.SIGMOID).check(seed, instances));
        r.add("1b tanh", activation(ActFun.TANH).check(seed, instances));
        r.line("ReLU has no derivative at x = 0 (left slope 0, right slope 1): the check keeps |x| >= 0.05. The");
        r.line("document's 'otherwise' sets f'(0) = 0, the same convention as autograd's relu (which gives "
                + reluSlopeAtZero() + " at 0).");
        r.add("1b ReLU", activation(ActFun.RELU).check(seed, instances));

        r.line("");
        r.line("1d) The softmax Jacobian of one sample: the loss is the component yhat_i of softmax(z^2) with C = 3,");
        r.line("z^2 = (z_i^2, z_j^2, z_k^2), differentiated with respect to each component.");
        r.add("1d softmax Jacobian", softmax().check(seed, instances));

        r.line("");
        r.line("1d) The gradients of the network, one setting per actFun and batch size N (C = " + C + ").");
        r.line("The document heads the softmax chain 'dL/dyhat_i = ...', but the chain multiplies by dyhat/dz^2: its");
        r.line("value is dL/dz_i^2, which is what is checked (its underbrace in dL/dW^1 repeats it as");
        r.line("(1/N) sum_{i=1}^N delta^3). Readings used: 'delta^3 a^3' and 'delta^2 x' are outer products per");
        r.line("sample (delta^3_n a_n^T, delta^2_n x_n^T) summed over n, as their 1/N implies; 'W^2T delta^3 f'(z^1)'");
        r.line("is per sample, elementwise in f'(z^1), stacked over the batch [N, H]. a^3 is not defined by the");
        r.line("document (eqs (1)-(4) define a^1 and a^2 = yhat): it is checked as the output activation yhat, and");
        r.line("corrected to a^1, the dz^2/dW^2 the document found a few lines above.");
        for (int n : BATCH_SIZES) {
            for (ActFun act : ActFun.values()) {
                r.add(networkSetting(act, n), network(act, n).check(seed, instances));
            }
        }

        r.line("");
        r.line("Conditions found above:");
        r.line(" - dL/dz_i^2 = (1/N) sum_{n=1}^{N} (yhat_i - y_i) and dL/db^1 = (1/N) delta^2 hold only for N = 1.");
        r.line("   dL/dz^2 is per sample, (yhat_{n,i} - y_{n,i}) / N; the sum over n belongs to dL/db^2 (and dL/db^1");
        r.line("   needs the same sum over n).");
        r.line(" - dL/db^2 = (1/N) sum_{n=1}^{C} delta^3 sums the first C samples: it holds only when N = C;");
        r.line("   for N < C it reads samples that do not exist (the checker reports the exception), for N > C it");
        r.line("   leaves samples out.");
        r.line(" - dL/dW^1 = (1/N) W^2T delta^3 f'(z^1) is not a gradient of W^1 (the factor x is missing): it is");
        r.line("   (1/N) delta^2 = dL/dz^1, and the next line, (1/N) delta^2 x, is right.");
        r.line(" - (1/N) a^1T delta^3 and (1/N) x^T delta^2 are the gradients for the row convention z = a W + b");
        r.line("   (W stored [in, out], as nn's Linear does), i.e. the transposes of dL/dW for eqs (1) and (3).");
        r.line("   Checked below on the same network built from nn Linear layers, whose");
        r.line("   weights W^1 [D, H] and W^2 [H, C] are the document's W^1T and W^2T:");
        for (ActFun act : ActFun.values()) {
            r.add(rowSetting(act, ROW_N), rowConvention(act, ROW_N).check(seed, instances));
        }
        return r;
    }

    /** The report's name of the network setting with this actFun and batch size. */
    static String networkSetting(ActFun act, int n) {
        return "network, actFun = " + act.label() + ", N = " + n;
    }

    /** The report's name of the row-convention setting with this actFun and batch size. */
    static String rowSetting(ActFun act, int n) {
        return "row convention (nn Linear, z = a W + b), actFun = " + act.label() + ", N = " + n;
    }

    /** Prints the report for the default seed and 200 instances per setting. */
    public static void main(String[] args) {
        System.out.print(run(Derivation.DEFAULT_SEED, 200).text());
    }

    // ================================================================== the derivations

    /** 1b: the loss is f(x) for one activation; the formulas are the document's derivative lines. */
    public static Derivation activation(ActFun act) {
        Derivation.Builder b = Derivation.builder("1b " + act.label())
                .scalar("x", Draw.uniform(-4, 4))
                .tensorModel(c -> {
                    Tensor f = act.module().forward(c.tensor("x"));
                    c.record("f(x)", f);
                    return f;
                });
        return switch (act) {
            case SIGMOID -> b
                    .formula(SIGMOID_FIRST, "x", v -> Math.pow(1 + Math.exp(-v.get("x")), -2) * Math.exp(-v.get("x")))
                    .formula(SIGMOID, "x", v -> v.get("f(x)") * (1 - v.get("f(x)")))
                    .build();
            case TANH -> b
                    .formula(TANH_FIRST, "x", v -> {
                        double ch = Math.cosh(v.get("x"));
                        double sh = Math.sinh(v.get("x"));
                        return (ch * ch - sh * sh) / (ch * ch);
                    })
                    .formula(TANH, "x", v -> 1 - Math.pow(Math.tanh(v.get("x")), 2))
                    .build();
            case RELU -> b
                    .awayFromZero(0.05, "x")
                    .formula(RELU, "x", v -> v.get("x") > 0 ? 1 : 0)
                    .build();
        };
    }

    /** 1d: one sample's softmax over C = 3 components; the loss is the component yhat_i. */
    public static Derivation softmax() {
        return Derivation.builder("1d softmax Jacobian")
                .scalar("z_i^2", Draw.uniform(-3, 3)).scalar("z_j^2", Draw.uniform(-3, 3))
                .scalar("z_k^2", Draw.uniform(-3, 3))
                .tensorModel(c -> {
                    Tensor z = Tensor.concat(List.of(c.tensor("z_i^2"), c.tensor("z_j^2"), c.tensor("z_k^2")), 0);
                    Tensor yhat = z.softmax(0);
                    c.record("yhat_i", yhat.select(0, 0).toArray()[0]);
                    c.record("yhat_j", yhat.select(0, 1).toArray()[0]);
                    c.record("yhat_k", yhat.select(0, 2).toArray()[0]);
                    return yhat.select(0, 0);
                })
                .formula(SOFTMAX_II_FIRST, "z_i^2", v -> {
                    double ei = Math.exp(v.get("z_i^2"));
                    double sum = ei + Math.exp(v.get("z_j^2")) + Math.exp(v.get("z_k^2"));
                    return (ei * sum - ei * ei) / (sum * sum);
                })
                .formula(SOFTMAX_II, "z_i^2", v -> v.get("yhat_i") * (1 - v.get("yhat_i")))
                .formula(SOFTMAX_IJ_FIRST, "z_j^2", v -> {
                    double ei = Math.exp(v.get("z_i^2"));
                    double ej = Math.exp(v.get("z_j^2"));
                    double sum = ei + ej + Math.exp(v.get("z_k^2"));
                    return (0 - ei * ej) / (sum * sum);
                })
                .formula(SOFTMAX_IJ, "z_j^2", v -> -v.get("yhat_i") * v.get("yhat_j"))
                .formula(SOFTMAX_IK, "z_k^2", v -> -v.get("yhat_i") * v.get("yhat_k"))
                .build();
    }

    /**
     * 1d: the document's network (eqs (1)-(5), W as [out, in]) on a batch of {@code n} samples, with every gradient
     * formula as written and the corrections of those that fail.
     */
    public static Derivation network(ActFun act, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Document001.network: the batch size must be >= 1, got " + n);
        }
        Derivation.Builder b = Derivation.builder(networkSetting(act, n))
                .tensor("x", Draw.uniform(-2, 2), n, D)
                .tensor("W^1", Draw.uniform(-1.5, 1.5), H, D).tensor("b^1", Draw.uniform(-1, 1), H)
                .tensor("W^2", Draw.uniform(-1.5, 1.5), C, H).tensor("b^2", Draw.uniform(-1, 1), C)
                .tensor("y", Draw.oneHotRows(), n, C)
                .constant("N", n)
                .tensorModel(c -> {
                    Tensor x = c.tensor("x");
                    Tensor z1 = c.probe("z^1", x.matmul(c.tensor("W^1").transpose()).add(c.tensor("b^1")));
                    Tensor a1 = act.module().forward(z1);
                    c.record("a^1", a1);
                    Tensor z2 = c.probe("z^2", a1.matmul(c.tensor("W^2").transpose()).add(c.tensor("b^2")));
                    c.record("yhat", z2.softmax(-1));
                    return Losses.softmaxCrossEntropyOneHot(z2, Tensor.of(c.values("y"), n, C), Reduction.MEAN);
                });
        if (act == ActFun.RELU) {
            b.awayFromZero(0.05, "z^1");
        }
        UnaryOperator<Tensor> perN = t -> t.div((double) n);
        return b
                .tensorFormula(DZ2, "z^2", v -> Tensor.ones(n, 1).matmul(delta3(v).sum(0, true)).div(n))
                .tensorFormula(DZ2_FIXED, "z^2", v -> perN.apply(delta3(v)))
                .tensorFormula(DW2_A3, "W^2", v -> perN.apply(delta3(v).transpose().matmul(v.tensor("yhat"))))
                .tensorFormula(DW2_A3_FIXED, "W^2", v -> perN.apply(delta3(v).transpose().matmul(v.tensor("a^1"))))
                .tensorFormula(DW2, "W^2", v -> perN.apply(v.tensor("a^1").transpose().matmul(delta3(v))))
                .tensorFormula(DW2_FIXED, "W^2", v -> perN.apply(delta3(v).transpose().matmul(v.tensor("a^1"))))
                .tensorFormula(DB2, "b^2", v -> {
                    double[] s = new double[C];
                    for (int sample = 0; sample < C; sample++) {        // sum_{n=1}^{C}, as written
                        for (int i = 0; i < C; i++) {
                            s[i] += v.get("yhat", sample, i) - v.get("y", sample, i);
                        }
                    }
                    return perN.apply(Tensor.of(s, C));
                })
                .tensorFormula(DB2_FIXED, "b^2", v -> perN.apply(delta3(v).sum(0, false)))
                .tensorFormula(DW1_FIRST, "W^1", v -> perN.apply(delta2(v, act)))
                .tensorFormula(DW1_FIRST_FIXED, "W^1",
                        v -> perN.apply(delta2(v, act).transpose().matmul(v.tensor("x"))))
                .tensorFormula(DZ1, "z^1", v -> perN.apply(delta2(v, act)))
                .tensorFormula(DW1_OUTER, "W^1", v -> perN.apply(delta2(v, act).transpose().matmul(v.tensor("x"))))
                .tensorFormula(DW1, "W^1", v -> perN.apply(v.tensor("x").transpose().matmul(delta2(v, act))))
                .tensorFormula(DW1_FIXED, "W^1", v -> perN.apply(delta2(v, act).transpose().matmul(v.tensor("x"))))
                .tensorFormula(DB1, "b^1", v -> perN.apply(delta2(v, act)))
                .tensorFormula(DB1_FIXED, "b^1", v -> perN.apply(delta2(v, act).sum(0, false)))
                .build();
    }

    /**
     * 1d in the row convention z = a W + b of nn's Linear (W stored [in, out], the document's W^T): the network
     * built from two nn {@link Linear} layers whose parameters are the drawn quantities, where the document's
     * matrix forms (1/N) a^1T delta^3 and (1/N) x^T delta^2 are the right gradients.
     */
    public static Derivation rowConvention(ActFun act, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Document001.rowConvention: the batch size must be >= 1, got " + n);
        }
        Derivation.Builder b = Derivation.builder(rowSetting(act, n))
                .tensor("x", Draw.uniform(-2, 2), n, D)
                .tensor("W^1", Draw.uniform(-1.5, 1.5), D, H).tensor("b^1", Draw.uniform(-1, 1), H)
                .tensor("W^2", Draw.uniform(-1.5, 1.5), H, C).tensor("b^2", Draw.uniform(-1, 1), C)
                .tensor("y", Draw.oneHotRows(), n, C)
                .constant("N", n)
                .tensorModel(c -> {
                    SplittableRandom unused = new SplittableRandom(0);     // the weights are overwritten by bind
                    Linear layer1 = new Linear(D, H, unused);
                    Linear layer2 = new Linear(H, C, unused);
                    c.bind("W^1", layer1.weight());
                    c.bind("b^1", layer1.bias());
                    c.bind("W^2", layer2.weight());
                    c.bind("b^2", layer2.bias());
                    Tensor z1 = c.probe("z^1", layer1.forward(c.tensor("x")));
                    Tensor a1 = act.module().forward(z1);
                    c.record("a^1", a1);
                    Tensor z2 = layer2.forward(a1);
                    c.record("yhat", z2.softmax(-1));
                    return Losses.softmaxCrossEntropyOneHot(z2, Tensor.of(c.values("y"), n, C), Reduction.MEAN);
                });
        if (act == ActFun.RELU) {
            b.awayFromZero(0.05, "z^1");
        }
        return b
                .tensorFormula(DW2, "W^2", v -> v.tensor("a^1").transpose().matmul(delta3(v)).div(n))
                .tensorFormula(ROW_DW2_COLUMN, "W^2", v -> delta3(v).transpose().matmul(v.tensor("a^1")).div(n))
                .tensorFormula(DW1, "W^1", v -> v.tensor("x").transpose().matmul(rowDelta2(v, act)).div(n))
                .tensorFormula(ROW_DW1_COLUMN, "W^1", v -> rowDelta2(v, act).transpose().matmul(v.tensor("x")).div(n))
                .build();
    }

    /** delta^3 = yhat - y, one row per sample [N, C]. */
    private static Tensor delta3(Derivation.Values v) {
        return v.tensor("yhat").sub(v.tensor("y"));
    }

    /** delta^2 = W^2T delta^3 * f'(z^1) per sample; with samples as rows, (delta^3 W^2) * f'(z^1), [N, H]. */
    private static Tensor delta2(Derivation.Values v, ActFun act) {
        return delta3(v).matmul(v.tensor("W^2")).mul(act.derivative(v.tensor("z^1"), v.tensor("a^1")));
    }

    /** delta^2 in the row convention (W^2 stored [H, C]): (delta^3 W^2T) * f'(z^1), the same values. */
    private static Tensor rowDelta2(Derivation.Values v, ActFun act) {
        return delta3(v).matmul(v.tensor("W^2").transpose()).mul(act.derivative(v.tensor("z^1"), v.tensor("a^1")));
    }

    /** Autograd's relu'(0), for the report's note on the convention at the kink. */
    private static double reluSlopeAtZero() {
        try (var on = Grad.enabled()) {
            Tensor x = Tensor.zeros(1).requiresGrad();
            Activation.relu().forward(x).sum().backward();
            return x.grad().item();
        }
    }
}
