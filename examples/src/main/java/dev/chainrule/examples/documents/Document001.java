package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.Derivation.Formula;
import dev.chainrule.check.DerivationReport;
import dev.chainrule.check.Draw;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.Linear;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

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
    /** 1b sigmoid, second line. */
    public static final String SIGMOID_2 = "1b d(1 + e^-x)^-1/dx = e^-x / (1 + e^-x)^2";
    /** 1b sigmoid, third line (the second equality of the document's second line). */
    public static final String SIGMOID_3 = "1b d(1 + e^-x)^-1/dx = 1/(1 + e^-x) * e^-x/(1 + e^-x)";
    /** 1b sigmoid, fourth line. */
    public static final String SIGMOID_4 = "1b d(1 + e^-x)^-1/dx = 1/(1 + e^-x) * ((1 + e^-x) - 1)/(1 + e^-x)";
    /** 1b sigmoid, fifth line. */
    public static final String SIGMOID_5 = "1b d(1 + e^-x)^-1/dx = 1/(1 + e^-x) (1 - 1/(1 + e^-x))";
    /** 1b sigmoid, result. */
    public static final String SIGMOID = "1b d(1 + e^-x)^-1/dx = f(x)(1 - f(x))";
    /** 1b tanh, quotient rule line. */
    public static final String TANH_QUOTIENT = "1b d(sinh(x)/cosh(x))/dx = (cosh(x) cosh(x) - sinh(x) sinh(x)) "
            + "/ cosh^2(x)";
    /** 1b tanh, the quotient with the squares written as such. */
    public static final String TANH_SQUARES = "1b d(sinh(x)/cosh(x))/dx = (cosh^2(x) - sinh^2(x)) / cosh^2(x)";
    /** 1b tanh, the quotient split in two. */
    public static final String TANH_SPLIT = "1b d(sinh(x)/cosh(x))/dx = cosh^2(x)/cosh^2(x) - sinh^2(x)/cosh^2(x)";
    /** 1b tanh, result. */
    public static final String TANH = "1b d(sinh(x)/cosh(x))/dx = 1 - tanh^2(x)";
    /** 1b ReLU. */
    public static final String RELU = "1b ReLU f'(x) = 1 if x > 0, 0 otherwise";
    /** Every line of 1b, each a formula for df/dx: the sigmoid's six, tanh's four, ReLU's one. */
    public static final List<String> ACTIVATION_LINES = List.of(SIGMOID_FIRST, SIGMOID_2, SIGMOID_3, SIGMOID_4,
            SIGMOID_5, SIGMOID, TANH_QUOTIENT, TANH_SQUARES, TANH_SPLIT, TANH, RELU);

    // ------------------------------------------------------------------ 1d) softmax
    /** 1d softmax, j = i, quotient line. */
    public static final String SOFTMAX_II_FIRST = "1d dyhat_i/dz_i^2 = (e^{z_i^2} sum_{j=1}^C e^{z_j^2} "
            + "- e^{z_i^2} e^{z_i^2}) / (sum_{j=1}^C e^{z_j^2})^2";
    /** 1d softmax, j = i, the quotient line's second equality. */
    public static final String SOFTMAX_II_SECOND = "1d dyhat_i/dz_i^2 = e^{z_i^2} (sum_{j=1}^C e^{z_j^2} - e^{z_i^2}) "
            + "/ (sum_{j=1}^C e^{z_j^2} sum_{j=1}^C e^{z_j^2})";
    /** 1d softmax, j = i. */
    public static final String SOFTMAX_II = "1d dyhat_i/dz_i^2 = yhat_i (1 - yhat_i)";
    /** 1d softmax, j != i, quotient line. */
    public static final String SOFTMAX_IJ_FIRST = "1d dyhat_i/dz_j^2 = (0 - e^{z_i^2} e^{z_j^2}) "
            + "/ (sum_{j=1}^C e^{z_j^2})^2  (j != i)";
    /** 1d softmax, j != i. */
    public static final String SOFTMAX_IJ = "1d dyhat_i/dz_j^2 = -yhat_i yhat_j  (j != i)";
    /** 1d softmax, j != i, for the third component k (the same formula with j = k). */
    public static final String SOFTMAX_IK = "1d dyhat_i/dz_j^2 = -yhat_i yhat_j  (j = k, another j != i)";
    /** Every line of the softmax Jacobian, in the document's order. */
    public static final List<String> SOFTMAX_LINES = List.of(SOFTMAX_II_FIRST, SOFTMAX_II_SECOND, SOFTMAX_II,
            SOFTMAX_IJ_FIRST, SOFTMAX_IJ, SOFTMAX_IK);

    // ------------------------------------------------------------------ 1d) the network's gradients
    /** The reading of a dL/dz_i^2 line as the per-sample gradient: its value at every sample n. */
    static final String PER_SAMPLE = "  (read per sample: dL/dz^2_{n,i}, the same value for every n)";
    /** The reading of a dL/dz_i^2 line as the batch sum of the per-sample gradients. */
    static final String BATCH_SUM = "  (reading: summed over the batch, sum_n dL/dz^2_{n,i}, which is dL/db^2_i)";

    /** dL/dz^2 as written, read per sample. */
    public static final String DZ2 = "1d dL/dz_i^2 = (1/N) sum_{n=1}^{N} (yhat_i - y_i)" + PER_SAMPLE;
    /** dL/dz^2 as written, read as the batch sum (our reading). */
    public static final String DZ2_BATCH = "1d dL/dz_i^2 = (1/N) sum_{n=1}^{N} (yhat_i - y_i)" + BATCH_SUM;
    /** dL/dz^2 corrected. */
    public static final String DZ2_FIXED = "1d dL/dz_i^2, corrected (per sample n): (1/N) (yhat_{n,i} - y_{n,i})";

    /** The first equality of the line headed dL/dyhat_i, read as written: the double sum, a scalar. */
    public static final String DYHAT = "1d dL/dyhat_i = -(1/N) sum_{n=1}^{N} sum_{i=1}^{C} d(y_i log yhat_i)/dyhat_i  "
            + "(read as written: -(1/N) sum_n sum_i y_{n,i}/yhat_{n,i}, the same value for every n and i)";
    /** That equality with its class sum read as the derivative of sum_k y_k log yhat_k by yhat_i (our reading). */
    public static final String DYHAT_CLASS = "1d dL/dyhat_i = -(1/N) sum_{n=1}^{N} sum_{i=1}^{C} d(y_i log yhat_i)"
            + "/dyhat_i  (reading: d/dyhat_i of the class sum keeps its term i only: -(1/N) sum_n y_{n,i}/yhat_{n,i}, "
            + "the same value for every n)";
    /** That equality corrected. */
    public static final String DYHAT_FIXED = "1d dL/dyhat_i, corrected (per sample n): -(1/N) y_{n,i}/yhat_{n,i}";

    /** The lines of the chain that ends in dL/dz_i^2, before the one-hot step, in the document's words. */
    static final List<String> CHAIN_LINES = List.of(
            "1d 'dL/dyhat_i' = -(1/N) sum_{n=1}^{N} sum_{i=1}^{C} y_i (1/yhat_i) dyhat_i/dz_i^2  (its value is "
                    + "dL/dz_i^2; the class sum as the next line expands it: sum_j y_j (1/yhat_j) dyhat_j/dz_i^2)",
            "1d dL/dz_i^2 = -(1/N) sum_{n=1}^{N} [ (y_i/yhat_i) (1 - yhat_i) + sum_{j != i} (y_j/yhat_j) "
                    + "(-yhat_j yhat_i) ]",
            "1d dL/dz_i^2 = -(1/N) sum_{n=1}^{N} [ y_i (1 - yhat_i) - sum_{j != i} y_j yhat_i ]",
            "1d dL/dz_i^2 = (1/N) sum_{n=1}^{N} [ -y_i + y_i yhat_i + sum_{j != i} y_j yhat_i ]",
            "1d dL/dz_i^2 = (1/N) sum_{n=1}^{N} [ -y_i + sum_{j=1}^{C} y_j yhat_i ]");
    /** The chain's lines read per sample (as written). */
    public static final List<String> CHAIN = CHAIN_LINES.stream().map(l -> l + PER_SAMPLE).toList();
    /** The chain's lines read as batch sums (our reading). */
    public static final List<String> CHAIN_BATCH = CHAIN_LINES.stream().map(l -> l + BATCH_SUM).toList();
    /** The line of the chain whose j = i term lacks the factor yhat_i (index into CHAIN and CHAIN_BATCH). */
    public static final int CHAIN_MISSING_FACTOR = 1;
    /** That line corrected. */
    public static final String CHAIN_FIXED = "1d dL/dz_i^2 = -(1/N) sum_{n=1}^{N} [ (y_i/yhat_i) (1 - yhat_i) + ... ], "
            + "corrected (the factor yhat_i of dyhat_i/dz_i^2 = yhat_i (1 - yhat_i) restored, per sample n): "
            + "-(1/N) [ (y_{n,i}/yhat_{n,i}) yhat_{n,i} (1 - yhat_{n,i}) + sum_{j != i} (y_{n,j}/yhat_{n,j}) "
            + "(-yhat_{n,j} yhat_{n,i}) ]";

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
    /** dL/dW^1 before delta^2 is introduced, as written, read per sample. */
    public static final String DW1_FIRST = "1d dL/dW^1 = (1/N) W^2T delta^3 f'(z^1)  (read per sample: one "
            + "(1/N) W^2T delta^3_n * f'(z^1_n) for each n, no sum over n)";
    /** dL/dW^1 before delta^2, read with the sum over n (our reading). */
    public static final String DW1_FIRST_SUMMED = "1d dL/dW^1 = (1/N) W^2T delta^3 f'(z^1)  (reading: summed over n, "
            + "as the 1/N implies)";
    /** dL/dW^1 before delta^2, corrected. */
    public static final String DW1_FIRST_FIXED = "1d dL/dW^1 = (1/N) W^2T delta^3 f'(z^1), corrected (the factor "
            + "dz^1/dW^1 = x was dropped): (1/N) sum_{n=1}^{N} (W^2T delta^3_n * f'(z^1_n)) x_n^T";
    /** dL/dz^1 from the underbrace of dL/db^1. */
    public static final String DZ1 = "1d dL/dz^1 = (1/N) delta^2, delta^2 = W^2T delta^3 * f'(z^1)  (the underbrace "
            + "in dL/db^1, per sample)";
    /** dL/dW^1 = (1/N) delta^2 x, read per sample. */
    public static final String DW1_OUTER = "1d dL/dW^1 = (1/N) delta^2 x  (read per sample: one (1/N) delta^2_n x_n^T "
            + "for each n, no sum over n)";
    /** dL/dW^1 = (1/N) delta^2 x, corrected. */
    public static final String DW1_OUTER_FIXED = "1d dL/dW^1 = (1/N) delta^2 x, corrected (summed over the batch): "
            + "(1/N) sum_{n=1}^{N} delta^2_n x_n^T";
    /** dL/dW^1 = (1/N) delta^2 x, read with the sum over n (our reading). */
    public static final String DW1_OUTER_SUMMED = "1d dL/dW^1 = (1/N) delta^2 x  (reading: summed over n, as the 1/N "
            + "implies: (1/N) sum_{n=1}^{N} delta^2_n x_n^T)";
    /** dL/dW^1 in matrix form, as written. */
    public static final String DW1 = "1d dL/dW^1 = (1/N) x^T delta^2";
    /** dL/dW^1 in matrix form, corrected for eq (1). */
    public static final String DW1_FIXED = "1d dL/dW^1, corrected for eq (1) z^1 = W^1 x + b^1: (1/N) delta^2T x";
    /** dL/db^1 as written, read per sample. */
    public static final String DB1 = "1d dL/db^1 = (1/N) delta^2  (read per sample: one (1/N) delta^2_n for each n, "
            + "no sum over n)";
    /** dL/db^1 read with the sum over n (our reading; also the correction of the per-sample reading). */
    public static final String DB1_SUMMED = "1d dL/db^1 = (1/N) delta^2  (reading: summed over n, as the 1/N implies: "
            + "(1/N) sum_{n=1}^{N} delta^2_n)";
    /** dL/db^1 corrected. */
    public static final String DB1_FIXED = "1d dL/db^1, corrected: (1/N) sum_{n=1}^{N} delta^2_n";

    /** Row convention: the document's matrix form of dL/dW^2. */
    public static final String ROW_DW2 = "1d dL/dW^2 = (1/N) a^1T delta^3  (the document's form, in the row "
            + "convention z = a W + b)";
    /** Row convention: the column-convention correction of dL/dW^2. */
    public static final String ROW_DW2_COLUMN = "1d dL/dW^2 = (1/N) delta^3T a^1  (the form for eq (3), in the row "
            + "convention)";
    /** Row convention: the document's matrix form of dL/dW^1. */
    public static final String ROW_DW1 = "1d dL/dW^1 = (1/N) x^T delta^2  (the document's form, in the row "
            + "convention z = a W + b)";
    /** Row convention: the column-convention correction of dL/dW^1. */
    public static final String ROW_DW1_COLUMN = "1d dL/dW^1 = (1/N) delta^2T x  (the form for eq (1), in the row "
            + "convention)";

    // ------------------------------------------------------------------ 1d) the local partials
    /** dz^2/dW^2 = a^1. */
    public static final String P_DW2 = "1d dz^2/dW^2 = a^1  (through the chain: dL/dW^2 = (dL/dz^2)^T a^1)";
    /** dz^2/db^2 = 1. */
    public static final String P_DB2 = "1d dz^2/db^2 = 1  (through the chain: dL/db^2 = dL/dz^2)";
    /** The underbrace dz^2/da^1 = W^2 in dL/dW^1. */
    public static final String P_DA1 = "1d dz^2/da^1 = W^2  (underbrace in dL/dW^1; through the chain: dL/da^1 = "
            + "W^2T dL/dz^2)";
    /** The underbrace da^1/dz^1 = f'(z^1) in dL/dW^1. */
    public static final String P_DZ1 = "1d da^1/dz^1 = f'(z^1)  (underbrace in dL/dW^1, elementwise; through the "
            + "chain: dL/dz^1 = dL/da^1 * f'(z^1))";
    /** The underbrace dz^1/dW^1 = x in dL/dW^1. */
    public static final String P_DW1 = "1d dz^1/dW^1 = x  (underbrace in dL/dW^1; through the chain: dL/dW^1 = "
            + "(dL/dz^1)^T x)";
    /** The underbrace dz^1/db^1 = 1 in dL/db^1. */
    public static final String P_DB1 = "1d dz^1/db^1 = 1  (underbrace in dL/db^1; through the chain: dL/db^1 = "
            + "dL/dz^1)";

    /** The checks that are the report's own readings or contrasts, not the document's formulas as written. */
    static final List<String> OURS = Stream.concat(CHAIN_BATCH.stream(), Stream.of(DYHAT_CLASS, DZ2_BATCH,
            DW1_FIRST_SUMMED, DW1_OUTER_SUMMED, DB1_SUMMED, ROW_DW2, ROW_DW2_COLUMN, ROW_DW1, ROW_DW1_COLUMN)).toList();

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
        r.kind(DocumentReport.Kind.OURS, OURS.toArray(String[]::new));
        r.line("The document's network, per sample x (eqs (1)-(5)):");
        r.line("  z^1 = W^1 x + b^1,  a^1 = actFun(z^1),  z^2 = W^2 a^1 + b^2,  a^2 = yhat = softmax(z^2),");
        r.line("  L(y, yhat) = -(1/N) sum_{n=1}^N sum_{i=1}^C y_{n,i} log yhat_{n,i};  delta^3 = yhat - y.");
        r.line("Here W is [out, in] (z = W x): W^1 [H, D], W^2 [C, H]. nn's Linear stores its weight [in, out]");
        r.line("(z = x W), so Linear.weight is the document's W^T. The batch holds samples as rows: x [N, D],");
        r.line("y, yhat, delta^3 [N, C], so eq (1) reads z^1 = x W^1T + b^1 (row n is sample n). Sizes D = " + D
                + ", H = " + H + ", C = " + C + ".");
        r.line("Each formula is checked as written against reverse-mode autograd (itself confirmed by central");
        r.line("differences at every instance); where one fails, a corrected formula follows and is checked too.");
        r.line("A label '(read per sample: ...)' says how a formula is read as written; a label '(reading: "
                + "...)' marks");
        r.line("a reading of ours, checked beside it.");

        r.line("");
        r.line("1b) Derivatives of the activation functions, f(x) checked alone (nn's Activation modules).");
        r.add("1b sigmoid", activation(ActFun.SIGMOID).check(seed, instances));
        r.add("1b tanh", activation(ActFun.TANH).check(seed, instances));
        r.line("ReLU has no derivative at x = 0 (left slope 0, right slope 1): the check keeps |x| >= 0.05.");
        double slope = Neurons.reluSlopeAtZero();
        r.claim(slope == 0.0, "The document's 'otherwise' sets f'(0) = 0, the same convention as autograd's relu "
                + "(which gives " + slope + " at 0).");
        r.add("1b ReLU", activation(ActFun.RELU).check(seed, instances));
        r.claim(ACTIVATION_LINES.size() == 11 && ACTIVATION_LINES.stream().allMatch(r::holds),
                "All eleven derivative lines of 1b hold as formulas for df/dx: the six of the sigmoid's derivation,",
                "from (1 + e^-x)^-2 (e^-x) to f(x)(1 - f(x)), the four of tanh's, from the quotient rule to",
                "1 - tanh^2(x), and ReLU's f'(x) (away from its kink).");

        r.line("");
        r.line("1d) The softmax Jacobian of one sample: the loss is the component yhat_i of softmax(z^2) with C = 3,");
        r.line("z^2 = (z_i^2, z_j^2, z_k^2), differentiated with respect to each component.");
        r.add("1d softmax Jacobian", softmax().check(seed, instances));
        r.claim(SOFTMAX_LINES.size() == 6 && SOFTMAX_LINES.stream().allMatch(r::holds), "Every derivative line of the "
                + "softmax Jacobian of 1d holds: for j = i the quotient rule, its factored form and", "yhat_i (1 - "
                + "yhat_i); for j != i the quotient rule and -yhat_i yhat_j (the latter at both components j != i).");

        r.line("");
        r.line("1d) The local partials of the chains, one sample. Each is a Jacobian, so it is checked through");
        r.line("the chain rule: the 'loss' is u . z^2 with u drawn at random (so dL/dz^2 = u is an arbitrary");
        r.line("direction), and the document's partial times autograd's upstream gradient must give autograd's");
        r.line("downstream gradient. dz^2/dW^2 = a^1 is read as dz_k^2/dW^2_{k,h} = a^1_h (0 in the other rows),");
        r.line("dz^2/db^2 = 1 and dz^1/db^1 = 1 as identity matrices, f'(z^1) as a diagonal (elementwise) Jacobian.");
        for (ActFun act : ActFun.values()) {
            r.add(partialsSetting(act), partials(act).check(seed, instances));
        }
        boolean partialsHold = r.holds(P_DW2) && r.holds(P_DB2) && r.holds(P_DA1) && r.holds(P_DZ1) && r.holds(P_DW1)
                && r.holds(P_DB1);
        r.claim(partialsHold, "Every local partial the document writes holds: dz^2/dW^2 = a^1, dz^2/db^2 = 1, and the "
                + "underbraces dz^2/da^1 = W^2,", "da^1/dz^1 = f'(z^1), dz^1/dW^1 = x, dz^1/db^1 = 1.");

        r.line("");
        r.line("1d) The gradients: dL/dyhat of eq (5), one setting per batch size N, then the network's, one setting");
        r.line("per actFun and batch size N (C = " + C + ").");
        r.line("The document heads the softmax chain 'dL/dyhat_i = ...'. Its first equality,");
        r.line("-(1/N) sum_n sum_i d(y_i log yhat_i)/dyhat_i, is dL/dyhat of eq (5) and does not depend on the");
        r.line("network below yhat: it is checked on eq (5) computed from a probe on yhat = softmax(z^2), z^2 drawn");
        r.line("in [-3, 3] (one setting per N). It is checked as written, where the sums run over n and over the i");
        r.line("of the derivative, so the double sum is one number for every entry; ours, with d/dyhat_i of the");
        r.line("class sum keeping its term i only; and corrected.");
        for (int n : BATCH_SIZES) {
            r.add(yhatSetting(n), lossOnYhat(n).check(seed, instances));
        }
        r.line("");
        r.line("The chain's second equality multiplies by dyhat/dz^2: its value is dL/dz_i^2, and it is checked as");
        r.line("that (its underbrace in dL/dW^1 repeats it as (1/N) sum_{i=1}^N delta^3), in the network settings.");
        r.line("Each line of the chain from there, down to dL/dz_i^2 = (1/N) sum_n (yhat_i - y_i),");
        r.line("puts a sum over the batch in a per-sample gradient; it is checked in two readings: as written, the");
        r.line("per-sample dL/dz^2_{n,i} (the same value for every n), and, ours, the batch sum sum_n dL/dz^2_{n,i},");
        r.line("which is dL/db^2_i (b^2 is added to every sample) and is checked against dL/db^2.");
        r.line("'delta^3 a^3' and 'delta^2 x' are outer products per sample (delta^3_n a_n^T, delta^2_n x_n^T); the");
        r.line("first is summed over n by its sum_{n=1}^N. '(1/N) delta^2 x', '(1/N) delta^2' and");
        r.line("'(1/N) W^2T delta^3 f'(z^1)' write no sum over n: each is checked read per sample (one value for each");
        r.line("n, stacked over the batch) and, ours, summed over n as the 1/N implies. a^3 is not defined by the");
        r.line("document (eqs (1)-(4) define a^1 and a^2 = yhat): it is checked as the output activation yhat, and");
        r.line("corrected to a^1, the dz^2/dW^2 the document found a few lines above.");
        for (int n : BATCH_SIZES) {
            for (ActFun act : ActFun.values()) {
                r.add(networkSetting(act, n), network(act, n).check(seed, instances));
            }
        }

        r.line("");
        r.line("1d) The document's matrix forms (1/N) a^1T delta^3 and (1/N) x^T delta^2 in the row convention");
        r.line("z = a W + b (W stored [in, out], as nn's Linear does): the same network built from nn Linear layers,");
        r.line("whose weights W^1 [D, H] and W^2 [H, C] are the document's W^1T and W^2T.");
        for (ActFun act : ActFun.values()) {
            r.add(rowSetting(act, ROW_N), rowConvention(act, ROW_N).check(seed, instances));
        }

        findings(r);
        return r;
    }

    /** The findings over all settings, each stated only as the verdicts bear it out. */
    private static void findings(DocumentReport r) {
        r.line("");
        r.line("Findings (N = 1 < C, N = C = " + C + ", N = 3 > C; every actFun):");
        List<String> perSample = new ArrayList<>(List.of(DZ2));
        List<String> batch = new ArrayList<>(List.of(DZ2_BATCH));
        for (int k = 0; k < CHAIN.size(); k++) {
            if (k != CHAIN_MISSING_FACTOR) {
                perSample.add(CHAIN.get(k));
                batch.add(CHAIN_BATCH.get(k));
            }
        }
        r.claim(perSample.stream().allMatch(f -> holdsOnlyWhen(r, f, n -> n == 1)),
                " - Read per sample, as written, dL/dz_i^2 = (1/N) sum_{n=1}^{N} (yhat_i - y_i) and the lines of its",
                "   chain from the second equality of 'dL/dyhat_i' on (but one, below) hold only for N = 1: every",
                "   sample would get the whole batch's sum.");
        r.claim(batch.stream().allMatch(r::holds),
                " - Read as the batch sum sum_n dL/dz^2_{n,i} = dL/db^2_i, the same lines hold for every N: the sum",
                "   over n belongs to dL/db^2, not to the per-sample dL/dz^2.");
        boolean classReading = true;
        for (int n : BATCH_SIZES) {
            classReading &= n == 1 ? r.holdsIn(DYHAT_CLASS, yhatSetting(n)) : r.failsIn(DYHAT_CLASS, yhatSetting(n));
        }
        r.claim(r.failsEverywhere(DYHAT) && classReading && r.holds(DYHAT_FIXED),
                " - dL/dyhat_i = -(1/N) sum_n sum_i d(y_i log yhat_i)/dyhat_i, read as written (the double sum of",
                "   y_{n,i}/yhat_{n,i}, one number for every n and i), fails for every N. Read with d/dyhat_i of",
                "   the class sum keeping its term i only, it holds only for N = 1, as the chain's other lines;",
                "   per sample, -(1/N) y_{n,i}/yhat_{n,i}, it holds.");
        String dropped = CHAIN.get(CHAIN_MISSING_FACTOR);
        r.claim(r.failsEverywhere(dropped) && r.failsEverywhere(CHAIN_BATCH.get(CHAIN_MISSING_FACTOR))
                        && r.holds(CHAIN_FIXED) && r.holds(CHAIN_BATCH.get(CHAIN_MISSING_FACTOR + 1)),
                " - The line -(1/N) sum_n [ (y_i/yhat_i) (1 - yhat_i) + sum_{j != i} (y_j/yhat_j) (-yhat_j yhat_i) ]",
                "   fails in every setting, in both readings: its j = i term lacks the factor yhat_i of",
                "   dyhat_i/dz_i^2 = yhat_i (1 - yhat_i) (its j != i terms keep the whole dyhat_j/dz_i^2). With the",
                "   factor restored (per sample) it holds, and the next line, y_i (1 - yhat_i), has it back.");
        r.claim(r.holds(DZ2_FIXED), " - The per-sample gradient, (1/N) (yhat_{n,i} - y_{n,i}), holds for every N.");
        r.claim(r.failsEverywhere(DW2_A3) && r.holds(DW2_A3_FIXED),
                " - (1/N) sum_n delta^3 a^3 with a^3 = yhat fails in every setting; with a^1 for a^3 it holds.");
        r.claim(transposedEverywhere(r, DW2) && transposedEverywhere(r, DW1) && r.holds(DW2_FIXED)
                        && r.holds(DW1_FIXED),
                " - (1/N) a^1T delta^3 and (1/N) x^T delta^2 fail in every setting of eqs (1) and (3), and match the",
                "   transposes of dL/dW^2 and dL/dW^1 there; (1/N) delta^3T a^1 and (1/N) delta^2T x hold.");
        boolean rowForms = true;
        for (ActFun act : ActFun.values()) {
            String s = rowSetting(act, ROW_N);
            rowForms &= r.holdsIn(ROW_DW2, s) && r.holdsIn(ROW_DW1, s) && r.failsIn(ROW_DW2_COLUMN, s)
                    && r.failsIn(ROW_DW1_COLUMN, s);
        }
        r.claim(rowForms, " - In the row convention z = a W + b (nn's Linear) the document's matrix forms hold and the",
                "   forms for eqs (1) and (3) fail: the document's matrix forms are the row convention's gradients.");
        boolean outsideShape = true;
        for (ActFun act : ActFun.values()) {
            for (int n : BATCH_SIZES) {
                if (n < C) {
                    DerivationReport.Counterexample cx = r.report(networkSetting(act, n)).verdict(DB2).counterexample();
                    outsideShape &= cx != null && cx.hand() == null && cx.note() != null
                            && cx.note().contains("outside shape");
                }
            }
        }
        r.claim(holdsOnlyWhen(r, DB2, n -> n == C) && outsideShape && r.holds(DB2_FIXED),
                " - dL/db^2 = (1/N) sum_{n=1}^{C} delta^3 sums the first C samples: it holds only when N = C; for",
                "   N < C it reads samples that do not exist (the checker reports the exception), for N > C it leaves",
                "   samples out. Summed over n = 1..N it holds.");
        r.claim(r.failsEverywhere(DW1_FIRST) && r.failsEverywhere(DW1_FIRST_SUMMED) && r.holds(DZ1)
                        && r.holds(DW1_FIRST_FIXED),
                " - dL/dW^1 = (1/N) W^2T delta^3 f'(z^1) fails in every setting, read per sample or summed over n: the",
                "   factor dz^1/dW^1 = x is missing. Per sample it is (1/N) delta^2 = dL/dz^1, which holds, and with",
                "   x restored it holds.");
        r.claim(holdsOnlyWhen(r, DW1_OUTER, n -> n == 1) && r.holds(DW1_OUTER_SUMMED) && r.holds(DW1_OUTER_FIXED),
                " - The next line, (1/N) delta^2 x, holds only for N = 1 read per sample, and for every N summed over",
                "   n; corrected to (1/N) sum_{n=1}^{N} delta^2_n x_n^T it holds.");
        r.claim(holdsOnlyWhen(r, DB1, n -> n == 1) && r.holds(DB1_SUMMED) && r.holds(DB1_FIXED),
                " - dL/db^1 = (1/N) delta^2 holds only for N = 1 read per sample, and for every N summed over n (the",
                "   reading its 1/N implies); corrected to (1/N) sum_{n=1}^{N} delta^2_n it holds.");
    }

    /** Whether the formula holds in every network setting whose N satisfies {@code when}, and fails in the rest. */
    static boolean holdsOnlyWhen(DocumentReport r, String formula, IntPredicate when) {
        for (int n : BATCH_SIZES) {
            for (ActFun act : ActFun.values()) {
                String s = networkSetting(act, n);
                if (when.test(n) ? !r.holdsIn(formula, s) : !r.failsIn(formula, s)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the formula fails in every network setting with the hint that it matches the transpose. */
    private static boolean transposedEverywhere(DocumentReport r, String formula) {
        for (int n : BATCH_SIZES) {
            for (ActFun act : ActFun.values()) {
                String s = networkSetting(act, n);
                if (!r.failsIn(formula, s) || r.report(s).verdict(formula).hints().stream()
                        .noneMatch(h -> h.startsWith("matches the transpose"))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The report's name of the local-partials setting with this actFun. */
    static String partialsSetting(ActFun act) {
        return "local partials, actFun = " + act.label() + " (one sample, loss u . z^2)";
    }

    /** The report's name of the setting of eq (5) on yhat with this batch size. */
    static String yhatSetting(int n) {
        return "eq (5) on yhat = softmax(z^2), z^2 drawn, N = " + n;
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
        dev.chainrule.examples.Cli.main("Document001", "Document001 (no arguments)", args, a -> {
            dev.chainrule.examples.Cli.atMost(a, 0);
            System.out.print(run(Derivation.DEFAULT_SEED, 200).text());
        });
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
                    .formula(SIGMOID_2, "x", v -> {
                        double e = Math.exp(-v.get("x"));
                        return e / Math.pow(1 + e, 2);
                    })
                    .formula(SIGMOID_3, "x", v -> {
                        double e = Math.exp(-v.get("x"));
                        return 1 / (1 + e) * (e / (1 + e));
                    })
                    .formula(SIGMOID_4, "x", v -> {
                        double e = Math.exp(-v.get("x"));
                        return 1 / (1 + e) * (((1 + e) - 1) / (1 + e));
                    })
                    .formula(SIGMOID_5, "x", v -> {
                        double e = Math.exp(-v.get("x"));
                        return 1 / (1 + e) * (1 - 1 / (1 + e));
                    })
                    .formula(SIGMOID, "x", v -> v.get("f(x)") * (1 - v.get("f(x)")))
                    .build();
            case TANH -> b
                    .formula(TANH_QUOTIENT, "x", v -> {
                        double ch = Math.cosh(v.get("x"));
                        double sh = Math.sinh(v.get("x"));
                        return (ch * ch - sh * sh) / Math.pow(ch, 2);
                    })
                    .formula(TANH_SQUARES, "x", v -> {
                        double ch = Math.cosh(v.get("x"));
                        double sh = Math.sinh(v.get("x"));
                        return (Math.pow(ch, 2) - Math.pow(sh, 2)) / Math.pow(ch, 2);
                    })
                    .formula(TANH_SPLIT, "x", v -> {
                        double ch = Math.cosh(v.get("x"));
                        double sh = Math.sinh(v.get("x"));
                        return Math.pow(ch, 2) / Math.pow(ch, 2) - Math.pow(sh, 2) / Math.pow(ch, 2);
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
                .formula(SOFTMAX_II_SECOND, "z_i^2", v -> {
                    double ei = Math.exp(v.get("z_i^2"));
                    double sum = ei + Math.exp(v.get("z_j^2")) + Math.exp(v.get("z_k^2"));
                    return ei * (sum - ei) / (sum * sum);
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
     * 1d: the first equality of the line headed dL/dyhat_i, the gradient of eq (5) with respect to yhat. It does
     * not depend on the network below yhat, so yhat = softmax(z^2) is made from a drawn z^2 (|z^2| &lt;= 3, so that
     * no yhat comes near 0, where the central differences would step past log's pole) and probed; the loss is
     * eq (5) computed from the probe.
     */
    public static Derivation lossOnYhat(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Document001.lossOnYhat: the batch size must be >= 1, got " + n);
        }
        return Derivation.builder(yhatSetting(n))
                .tensor("z^2", Draw.uniform(-3, 3), n, C)
                .tensor("y", Draw.oneHotRows(), n, C)
                .constant("N", n)
                .tensorModel(c -> {
                    Tensor yhat = c.probe("yhat", c.tensor("z^2").softmax(-1));
                    return Tensor.of(c.values("y"), n, C).mul(yhat.log()).sum().neg().div((double) n);     // eq (5)
                })
                .tensorFormula(DYHAT, "yhat", v -> {
                    double s = 0;
                    for (int sample = 0; sample < n; sample++) {
                        for (int i = 0; i < C; i++) {
                            s += v.get("y", sample, i) / v.get("yhat", sample, i);
                        }
                    }
                    return Tensor.full(-s / n, n, C);
                })
                .tensorFormula(DYHAT_CLASS, "yhat",
                        v -> Tensor.ones(n, 1).matmul(v.tensor("y").div(v.tensor("yhat")).sum(0, true)).neg().div(n))
                .tensorFormula(DYHAT_FIXED, "yhat", v -> v.tensor("y").div(v.tensor("yhat")).neg().div(n))
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
        List<PerSample> chain = List.of(Document001::chain0, Document001::chain1, Document001::chain2,
                Document001::chain3, Document001::chain4);
        for (int k = 0; k < chain.size(); k++) {
            b.tensorFormula(CHAIN.get(k), "z^2", perSample(chain.get(k), n))
                    .tensorFormula(CHAIN_BATCH.get(k), "b^2", batchSum(chain.get(k), n));
        }
        return b
                .tensorFormula(CHAIN_FIXED, "z^2", v -> perN.apply(bracket(v, n, (y, yhat, i) -> {
                    double t = y[i] / yhat[i] * yhat[i] * (1 - yhat[i]);
                    for (int j = 0; j < C; j++) {
                        if (j != i) {
                            t += y[j] / yhat[j] * (-yhat[j] * yhat[i]);
                        }
                    }
                    return -t;
                })))
                .tensorFormula(DZ2, "z^2", perSample((v, m) -> delta3(v), n))
                .tensorFormula(DZ2_BATCH, "b^2", batchSum((v, m) -> delta3(v), n))
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
                .tensorFormula(DW1_FIRST_SUMMED, "W^1", v -> perN.apply(delta2(v, act).sum(0, false)))
                .tensorFormula(DW1_FIRST_FIXED, "W^1",
                        v -> perN.apply(delta2(v, act).transpose().matmul(v.tensor("x"))))
                .tensorFormula(DZ1, "z^1", v -> perN.apply(delta2(v, act)))
                .tensorFormula(DW1_OUTER, "W^1", v -> {
                    double[] d2 = delta2(v, act).toArray();          // one delta^2_n x_n^T / N per sample: [N, H, D]
                    double[] out = new double[n * H * D];
                    for (int sample = 0; sample < n; sample++) {
                        for (int h = 0; h < H; h++) {
                            for (int e = 0; e < D; e++) {
                                out[(sample * H + h) * D + e] = d2[sample * H + h]
                                        * v.get("x", sample, e) / n;
                            }
                        }
                    }
                    return Tensor.of(out, n, H, D);
                })
                .tensorFormula(DW1_OUTER_SUMMED, "W^1",
                        v -> perN.apply(delta2(v, act).transpose().matmul(v.tensor("x"))))
                .tensorFormula(DW1_OUTER_FIXED, "W^1",
                        v -> perN.apply(delta2(v, act).transpose().matmul(v.tensor("x"))))
                .tensorFormula(DW1, "W^1", v -> perN.apply(v.tensor("x").transpose().matmul(delta2(v, act))))
                .tensorFormula(DW1_FIXED, "W^1", v -> perN.apply(delta2(v, act).transpose().matmul(v.tensor("x"))))
                .tensorFormula(DB1, "b^1", v -> perN.apply(delta2(v, act)))
                .tensorFormula(DB1_SUMMED, "b^1", v -> perN.apply(delta2(v, act).sum(0, false)))
                .tensorFormula(DB1_FIXED, "b^1", v -> perN.apply(delta2(v, act).sum(0, false)))
                .build();
    }

    /** A dL/dz_i^2 line read per sample: its value (1/N) sum_n g_n, the same at every sample n: [N, C]. */
    private static Formula perSample(PerSample g, int n) {
        return v -> Tensor.ones(n, 1).matmul(g.of(v, n).sum(0, true)).div(n);
    }

    /** A dL/dz_i^2 line read as the batch sum sum_n dL/dz^2_{n,i}, which is dL/db^2_i: (1/N) sum_n g_n, [C]. */
    private static Formula batchSum(PerSample g, int n) {
        return v -> g.of(v, n).sum(0, false).div(n);
    }

    /** The bracket of a dL/dz_i^2 line for each sample n and class i, without the 1/N: [N, C]. */
    @FunctionalInterface
    interface PerSample {
        Tensor of(Derivation.Values v, int n);
    }

    /** The per-sample bracket from each sample's y_{n,i} and yhat_{n,i}. */
    @FunctionalInterface
    private interface Bracket {
        double at(double[] y, double[] yhat, int i);
    }

    private static Tensor bracket(Derivation.Values v, int n, Bracket b) {
        double[] out = new double[n * C];
        for (int sample = 0; sample < n; sample++) {
            double[] y = new double[C];
            double[] yhat = new double[C];
            for (int i = 0; i < C; i++) {
                y[i] = v.get("y", sample, i);
                yhat[i] = v.get("yhat", sample, i);
            }
            for (int i = 0; i < C; i++) {
                out[sample * C + i] = b.at(y, yhat, i);
            }
        }
        return Tensor.of(out, n, C);
    }

    /** dyhat_j/dz_i^2 by the document's two cases (j = i, j != i). */
    private static double softmaxPartial(double[] yhat, int j, int i) {
        return j == i ? yhat[i] * (1 - yhat[i]) : -yhat[j] * yhat[i];
    }

    /** -sum_j y_j (1/yhat_j) dyhat_j/dz_i^2, the 'dL/dyhat_i' line as the next line expands it. */
    private static Tensor chain0(Derivation.Values v, int n) {
        return bracket(v, n, (y, yhat, i) -> {
            double s = 0;
            for (int j = 0; j < C; j++) {
                s += y[j] * (1 / yhat[j]) * softmaxPartial(yhat, j, i);
            }
            return -s;
        });
    }

    /** -[ (y_i/yhat_i) (1 - yhat_i) + sum_{j != i} (y_j/yhat_j) (-yhat_j yhat_i) ]. */
    private static Tensor chain1(Derivation.Values v, int n) {
        return bracket(v, n, (y, yhat, i) -> {
            double s = y[i] / yhat[i] * (1 - yhat[i]);
            for (int j = 0; j < C; j++) {
                if (j != i) {
                    s += y[j] / yhat[j] * (-yhat[j] * yhat[i]);
                }
            }
            return -s;
        });
    }

    /** -[ y_i (1 - yhat_i) - sum_{j != i} y_j yhat_i ]. */
    private static Tensor chain2(Derivation.Values v, int n) {
        return bracket(v, n, (y, yhat, i) -> {
            double s = y[i] * (1 - yhat[i]);
            for (int j = 0; j < C; j++) {
                if (j != i) {
                    s -= y[j] * yhat[i];
                }
            }
            return -s;
        });
    }

    /** [ -y_i + y_i yhat_i + sum_{j != i} y_j yhat_i ]. */
    private static Tensor chain3(Derivation.Values v, int n) {
        return bracket(v, n, (y, yhat, i) -> {
            double s = -y[i] + y[i] * yhat[i];
            for (int j = 0; j < C; j++) {
                if (j != i) {
                    s += y[j] * yhat[i];
                }
            }
            return s;
        });
    }

    /** [ -y_i + sum_j y_j yhat_i ]. */
    private static Tensor chain4(Derivation.Values v, int n) {
        return bracket(v, n, (y, yhat, i) -> {
            double s = -y[i];
            for (int j = 0; j < C; j++) {
                s += y[j] * yhat[i];
            }
            return s;
        });
    }

    /**
     * 1d: the local partials of the document's chains for one sample, each checked through the chain rule on the
     * loss u . z^2 (u drawn, so dL/dz^2 = u is an arbitrary direction): the document's partial applied to
     * autograd's upstream gradient must give autograd's downstream gradient.
     */
    public static Derivation partials(ActFun act) {
        Derivation.Builder b = Derivation.builder(partialsSetting(act))
                .tensor("x", Draw.uniform(-2, 2), 1, D)
                .tensor("W^1", Draw.uniform(-1.5, 1.5), H, D).tensor("b^1", Draw.uniform(-1, 1), H)
                .tensor("W^2", Draw.uniform(-1.5, 1.5), C, H).tensor("b^2", Draw.uniform(-1, 1), C)
                .tensor("u", Draw.uniform(-1, 1), C)
                .tensorModel(c -> {
                    Tensor z1 = c.probe("z^1", c.tensor("x").matmul(c.tensor("W^1").transpose()).add(c.tensor("b^1")));
                    Tensor a1 = c.probe("a^1", act.module().forward(z1));
                    Tensor z2 = c.probe("z^2", a1.matmul(c.tensor("W^2").transpose()).add(c.tensor("b^2")));
                    return z2.mul(Tensor.of(c.values("u"), 1, C)).sum();
                });
        if (act == ActFun.RELU) {
            b.awayFromZero(0.05, "z^1");
        }
        return b
                .tensorFormula(P_DW2, "W^2", v -> v.gradTensor("z^2").transpose().matmul(v.tensor("a^1")))
                .tensorFormula(P_DB2, "b^2", v -> v.gradTensor("z^2"))
                .tensorFormula(P_DA1, "a^1", v -> v.gradTensor("z^2").matmul(v.tensor("W^2")))
                .tensorFormula(P_DZ1, "z^1",
                        v -> v.gradTensor("a^1").mul(act.derivative(v.tensor("z^1"), v.tensor("a^1"))))
                .tensorFormula(P_DW1, "W^1", v -> v.gradTensor("z^1").transpose().matmul(v.tensor("x")))
                .tensorFormula(P_DB1, "b^1", v -> v.gradTensor("z^1"))
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
                .tensorFormula(ROW_DW2, "W^2", v -> v.tensor("a^1").transpose().matmul(delta3(v)).div(n))
                .tensorFormula(ROW_DW2_COLUMN, "W^2", v -> delta3(v).transpose().matmul(v.tensor("a^1")).div(n))
                .tensorFormula(ROW_DW1, "W^1", v -> v.tensor("x").transpose().matmul(rowDelta2(v, act)).div(n))
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
}
