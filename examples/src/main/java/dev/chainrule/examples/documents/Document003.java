package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.DerivationReport;
import dev.chainrule.check.Draw;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The checks of seed document 003 (CS 1678/2078 Homework 3, Question 1): the hand-derived backprop formulas of a
 * 4-3-2-1 network without biases, each run through the {@link Derivation} checker as written, with corrections
 * where they fail.
 *
 * <p>The network, reconstructed from the items (the document omits its figure): x = x_{(1,1..4)}, z^1 = W^1 x
 * with W^1 [3, 4], h^1 = sigma(z^1) with sigma = ReLU (item 6), z^2 = W^2 h^1 with W^2 [2, 3], h^2 (2 units),
 * h^3 = W^3 h^2 with W^3 [1, 2], and a loss l(theta) of h^3. Two readings of layer 2 are checked as two settings:
 * (A) h^2 = sigma(z^2) and (B) h^2 = z^2. The matrices are stored as the document writes them ([out, in]), so a
 * layer is {@code x W^T}; nn's {@code Linear} keeps W^T as its weight, which is why the layers are written out.
 */
public final class Document003 {
    /** The document's file name. */
    public static final String FILE = "003_2a7598b08d26a625.txt";
    /** What the document is. */
    public static final String TITLE = "CS 1678/2078 Homework 3 (Back prop), Question 1";

    // ------------------------------------------------------------------ the formulas' labels

    /**
     * The tag of the items written with layer 2 linear (no sigma'(z^2) anywhere, reading (B)), so that the
     * summary's rows show which reading they were written for; their failures are under reading (A) only.
     */
    public static final String FOR_B = " [written for (B) h^2 = W^2 h^1]";

    /** Our loss's dl/dh^3 (the document's sigma in items 1-5 and delta in items 10-15). */
    public static final String SETUP = "setup (our loss): sigma = delta = dl/dh^3 = h^3 - y for l = (h^3 - y)^2 / 2";
    /** Item 1. */
    public static final String ITEM1 = "Question 1 item 1: dl/dW^3_{1,1} = h^2_1 x sigma";
    /** Item 2, the entry. */
    public static final String ITEM2 = "Question 1 item 2: dl/dW^3_{1,2} = h^2_2 x sigma";
    /** Item 2, the row vector. */
    public static final String ITEM2_ROW = "Question 1 item 2: dl/dW^3 = [h^2_1 x sigma, h^2_2 x sigma]";
    /** Item 4. */
    public static final String ITEM4 = "Question 1 item 4: dl/dh^2_{1,1} = W^3_{1,1} x sigma";
    /** Item 5. */
    public static final String ITEM5 = "Question 1 item 5: dl/dh^2 = [W^3_{1,1} x sigma, W^3_{1,2} x sigma]";
    /** Item 6. */
    public static final String ITEM6 = "Question 1 item 6: dsigma(x)/dx = 1 if x > 0, 0 if x <= 0";
    /** Item 7. */
    public static final String ITEM7 = "Question 1 item 7: dh^2_{1,1}/dW^2_{1,j} = [sigma(z^1_1), sigma(z^1_2), "
            + "sigma(z^1_3)]" + FOR_B;
    /** Item 8, row 2 of W^2. */
    public static final String ITEM8 = "Question 1 item 8: dh^2_{1,1}/dW^2_{2,j} = [sigma(z^1_1), sigma(z^1_2), "
            + "sigma(z^1_3)]";
    /** Item 8, the matrix. */
    public static final String ITEM8_MATRIX = "Question 1 item 8: dh^2_{1,1}/dW^2 = [[sigma(z^1_1), sigma(z^1_2), "
            + "sigma(z^1_3)], [sigma(z^1_1), sigma(z^1_2), sigma(z^1_3)]]";
    /** Item 10 with its indices as written (W^3_{i,j}). */
    public static final String ITEM10_AS_WRITTEN = "Question 1 item 10 (indices as written): dl/dW^2_{i,j} = "
            + "delta W^3_{i,j} sigma(z^1) [sigma(z^1) read as sigma(z^1_j)]";
    /** Item 10 with item 11's indices (W^3_{1,i}). */
    public static final String ITEM10 = "Question 1 item 10 (with item 11's indices): dl/dW^2_{i,j} = "
            + "delta W^3_{1,i} sigma(z^1_j)" + FOR_B;
    /** Item 11. */
    public static final String ITEM11 = "Question 1 item 11: dl/dW_2 = [[delta W^3_{(1,1)} sigma(z^1_j)]_j, "
            + "[delta W^3_{(1,2)} sigma(z^1_j)]_j]" + FOR_B;
    /** Item 12. */
    public static final String ITEM12 = "Question 1 item 12: dh^2_1/dh^1_{1,j} = W^2_{(1,j)}" + FOR_B;
    /** Item 13 (dh_2/dh_1 as written; checked as the row dh^2_1/dh^1 it lists). */
    public static final String ITEM13 = "Question 1 item 13: dh_2/dh_1 = [W^2_{(1,1)}, W^2_{(1,2)}, W^2_{(1,3)}] "
            + "[as the row dh^2_1/dh^1]" + FOR_B;
    /** Item 14. */
    public static final String ITEM14 = "Question 1 item 14: dl/dh^1_{(1,j)} = sum_{i=1}^{n_2} delta W^3_{(1,i)} "
            + "W^2_{(i,j)}" + FOR_B;
    /** Item 15. */
    public static final String ITEM15 = "Question 1 item 15: dl/dh_1 = [sum_i delta W^3_{(1,i)} W^2_{(i,1)}, "
            + "sum_i delta W^3_{(1,i)} W^2_{(i,2)}, sum_i delta W^3_{(1,i)} W^2_{(i,3)}]" + FOR_B;
    /** The first formula after item 15. */
    public static final String W1_ENTRY = "Question 1 after item 15: dl/dW^1_{(i,j)} = sum_{k=1}^{n_1} "
            + "(sum_{m=1}^{n_2} delta W^3_{(1,m)} W^2_{(m,k)})";
    /** The second formula after item 15. */
    public static final String W1_MATRIX = "Question 1 after item 15: dl/dW_1 = [sum_{k=1}^{n_1} dl/dh^1_{(1,k)} "
            + "x_{(1,j)}]_{i,j} (the same in all three rows)";

    /** The second dl/dW^1 formula with k = i only, still without sigma'(z^1_i): separates its two errors. */
    public static final String W1_MATRIX_K_EQUALS_I = "Question 1 after item 15, second dl/dW^1 with k = i only (ours, "
            + "to separate the two errors): dl/dW^1_{(i,j)} = dl/dh^1_{(1,i)} x_{(1,j)}, dl/dh^1 from autograd";
    /** The second dl/dW^1 formula with sigma'(z^1_i), still summing over k: separates its two errors. */
    public static final String W1_MATRIX_WITH_DSIGMA = "Question 1 after item 15, second dl/dW^1 with sigma'(z^1_i) "
            + "added, still summing over k (ours, to separate the two errors): dl/dW^1_{(i,j)} = sum_{k=1}^{n_1} "
            + "dl/dh^1_{(1,k)} sigma'(z^1_i) x_{(1,j)}, dl/dh^1 from autograd";
    /** The second dl/dW^1 formula corrected: its own step, with dl/dh^1 from autograd (both readings). */
    public static final String W1_MATRIX_CORRECTED = "Question 1 after item 15, second dl/dW^1 corrected: "
            + "dl/dW^1_{(i,j)} = dl/dh^1_{(1,i)} sigma'(z^1_i) x_{(1,j)}, dl/dh^1 from autograd";
    /** Item 10 corrected under (A). */
    public static final String ITEMS_10_11_CORRECTED = "Question 1 items 10-11, corrected: dl/dW^2_{i,j} = "
            + "delta W^3_{1,i} sigma'(z^2_i) sigma(z^1_j)";
    /** Item 10 corrected under (B): only its indices. */
    public static final String ITEM10_CORRECTED_B = "Question 1 item 10, corrected: dl/dW^2_{i,j} = "
            + "delta W^3_{1,i} sigma(z^1_j)";
    /** Items 14-15 corrected under (A). */
    public static final String ITEMS_14_15_CORRECTED = "Question 1 items 14-15, corrected: dl/dh^1_{(1,j)} = "
            + "sum_{i=1}^{n_2} delta W^3_{(1,i)} sigma'(z^2_i) W^2_{(i,j)}";
    /** The dl/dW^1 formulas corrected under (A). */
    public static final String W1_CORRECTED_A = "Question 1 after item 15, corrected: dl/dW^1_{(i,j)} = "
            + "dl/dh^1_{(1,i)} sigma'(z^1_i) x_{(1,j)}, dl/dh^1 from items 14-15 corrected";
    /** The dl/dW^1 formulas corrected under (B). */
    public static final String W1_CORRECTED_B = "Question 1 after item 15, corrected: dl/dW^1_{(i,j)} = "
            + "dl/dh^1_{(1,i)} sigma'(z^1_i) x_{(1,j)}, dl/dh^1 from item 14";
    /** Item 7 corrected under (A). */
    public static final String ITEM7_CORRECTED = "Question 1 item 7, corrected: dh^2_{1,1}/dW^2_{1,j} = "
            + "sigma'(z^2_1) sigma(z^1_j)";
    /** Item 8 (row 2) corrected, both readings. */
    public static final String ITEM8_CORRECTED = "Question 1 item 8, corrected: dh^2_{1,1}/dW^2_{2,j} = [0, 0, 0]";
    /** Item 8 (matrix) corrected under (A). */
    public static final String ITEM8_MATRIX_CORRECTED_A = "Question 1 item 8, corrected: dh^2_{1,1}/dW^2 = "
            + "[[sigma'(z^2_1) sigma(z^1_j)]_j, [0, 0, 0]]";
    /** Item 8 (matrix) corrected under (B). */
    public static final String ITEM8_MATRIX_CORRECTED_B = "Question 1 item 8, corrected: dh^2_{1,1}/dW^2 = "
            + "[[sigma(z^1_j)]_j, [0, 0, 0]]";
    /** Items 12-13 corrected under (A). */
    public static final String ITEMS_12_13_CORRECTED = "Question 1 items 12-13, corrected: dh^2_1/dh^1_{1,j} = "
            + "sigma'(z^2_1) W^2_{(1,j)}";

    private static final Activation SIGMA = Activation.relu();
    private static final Draw WEIGHTS = Draw.uniform(-2, 2);
    private static final double MARGIN = 0.05;

    /** The two readings of layer 2. */
    public enum Reading {
        /** h^2 = sigma(z^2), z^2 = W^2 h^1: both hidden layers ReLU, as item 6 suggests. */
        A("(A) h^2 = sigma(W^2 h^1)", true),
        /** h^2 = W^2 h^1: layer 2 linear, as items 7-15 treat it. */
        B("(B) h^2 = W^2 h^1", false);

        private final String text;
        private final boolean relu;

        Reading(String text, boolean relu) {
            this.text = text;
            this.relu = relu;
        }

        /** The reading in the document's notation. */
        public String text() {
            return text;
        }

        /** Whether layer 2 has the ReLU. */
        public boolean relu() {
            return relu;
        }
    }

    private Document003() {
    }

    // ------------------------------------------------------------------ the network

    /**
     * The forward pass on the checker's context, with probes on every quantity a formula differentiates by.
     * Rows of W^2 and elements of W^3 and h^2 are probed separately (and joined again) so that the document's
     * single entries and rows are compared with exactly their own gradients.
     *
     * @param toLoss true for l(theta); false to stop at h^2_1 (the derivatives of items 7, 8, 12, 13)
     */
    private static Tensor forward(Derivation.Context c, Reading reading, boolean toLoss) {
        Tensor x = c.tensor("x");                                                      // [1, 4]
        Tensor z1 = c.probe("z1", x.matmul(c.tensor("W1").transpose()));               // z^1 = W^1 x, [1, 3]
        Tensor h1 = c.probe("h1", SIGMA.forward(z1));                                  // h^1 = sigma(z^1)
        Tensor w2 = c.tensor("W2");                                                    // [2, 3]
        Tensor w2Rows = Tensor.concat(List.of(c.probe("W2_1", w2.narrow(0, 0, 1)),
                c.probe("W2_2", w2.narrow(0, 1, 1))), 0);
        Tensor z2 = h1.matmul(w2Rows.transpose());                                     // z^2 = W^2 h^1, [1, 2]
        c.record("z2", z2);
        c.record("z2_1", z2.narrow(1, 0, 1));
        c.record("z2_2", z2.narrow(1, 1, 1));
        Tensor h2 = c.probe("h2", reading.relu() ? SIGMA.forward(z2) : z2);
        if (!toLoss) {
            return h2.narrow(1, 0, 1);                                                 // h^2_1
        }
        Tensor h2Elements = Tensor.concat(List.of(c.probe("h2_1", h2.narrow(1, 0, 1)),
                c.probe("h2_2", h2.narrow(1, 1, 1))), 1);
        Tensor w3 = c.tensor("W3");                                                    // [1, 2]
        Tensor w3Elements = Tensor.concat(List.of(c.probe("W3_11", w3.narrow(1, 0, 1)),
                c.probe("W3_12", w3.narrow(1, 1, 1))), 1);
        Tensor h3 = c.probe("h3", h2Elements.matmul(w3Elements.transpose()));          // h^3 = W^3 h^2, [1, 1]
        return Losses.squaredError(h3, c.tensor("y"), Reduction.SUM, true);
    }

    private static Derivation.Builder network(String title, Reading reading, boolean toLoss) {
        Derivation.Builder b = Derivation.builder(title)
                .tensor("x", WEIGHTS, 1, 4).tensor("W1", WEIGHTS, 3, 4).tensor("W2", WEIGHTS, 2, 3);
        if (toLoss) {
            b.tensor("W3", WEIGHTS, 1, 2).tensor("y", WEIGHTS, 1, 1);
        }
        b.tensorModel(c -> forward(c, reading, toLoss)).awayFromZero(MARGIN, "z1");
        if (reading.relu()) {
            b.awayFromZero(MARGIN, "z2");
        }
        return b;
    }

    // ------------------------------------------------------------------ helpers for the formulas

    /** sigma'(u) for ReLU, item 6's convention: 1 if u &gt; 0, 0 if u &lt;= 0. */
    private static double dsigma(double u) {
        return u > 0 ? 1 : 0;
    }

    /** delta = sigma = dl/dh^3, whatever the loss: autograd's gradient at the probe on h^3. */
    private static double delta(Derivation.Values v) {
        return v.grad("h3");
    }

    private static double sigmaZ1(Derivation.Values v, int j) {
        return Math.max(v.get("z1", 0, j), 0);
    }

    private static Tensor matrix(int rows, int cols, Entry e) {
        double[] m = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i * cols + j] = e.at(i, j);
            }
        }
        return Tensor.of(m, rows, cols);
    }

    @FunctionalInterface
    private interface Entry {
        double at(int i, int j);
    }

    /** dl/dh^1_{(1,j)} = sum_i delta W^3_{(1,i)} [sigma'(z^2_i)] W^2_{(i,j)}, with sigma' only when asked. */
    private static double dldh1(Derivation.Values v, int j, boolean withDsigma) {
        double s = 0;
        for (int i = 0; i < 2; i++) {
            s += delta(v) * v.get("W3", 0, i) * (withDsigma ? dsigma(v.get("z2", 0, i)) : 1) * v.get("W2", i, j);
        }
        return s;
    }

    // ------------------------------------------------------------------ the settings

    /** Item 6: sigma = ReLU on its own, kept at least 0.05 from the kink at 0. */
    public static Derivation relu() {
        return Derivation.builder("item 6: sigma = ReLU, |x| >= 0.05")
                .scalar("x", Draw.uniform(-2, 2))
                .tensorModel(c -> SIGMA.forward(c.tensor("x")))
                .awayFromZero(MARGIN, "x")
                .formula(ITEM6, "x", v -> dsigma(v.get("x")))
                .build();
    }

    /** Item 6 on x in {-1, 0, 1}: the instances at the kink cannot be judged and are redrawn. */
    public static Derivation reluAtKink() {
        return Derivation.builder("item 6: sigma = ReLU, x in {-1, 0, 1}")
                .scalar("x", Draw.of(-1, 0, 1))
                .tensorModel(c -> SIGMA.forward(c.tensor("x")))
                .formula(ITEM6, "x", v -> dsigma(v.get("x")))
                .build();
    }

    /** The title of the setting "derivatives of l" under a reading (restricted to z^2 &gt; 0 if asked). */
    public static String lossTitle(Reading reading, boolean restricted) {
        return reading.text() + (restricted ? ", restricted to z^2_1 > 0 and z^2_2 > 0" : "")
                + ": derivatives of l";
    }

    /** The title of the setting "derivatives of h^2_1" under a reading (restricted to z^2_1 &gt; 0 if asked). */
    public static String jacobianTitle(Reading reading, boolean restricted) {
        return reading.text() + (restricted ? ", restricted to z^2_1 > 0" : "") + ": derivatives of h^2_1";
    }

    /**
     * Items 1-5, 10, 11, 14, 15 and the two dl/dW^1 formulas, as written and corrected, under a reading.
     *
     * @param restricted keep only instances where both layer-2 units are active (z^2 &gt; 0); for (A) only
     */
    public static Derivation loss(Reading reading, boolean restricted) {
        if (restricted && !reading.relu()) {
            throw new IllegalArgumentException("Document003.loss: the restriction to z^2 > 0 is for reading (A)");
        }
        boolean a = reading.relu();
        Derivation.Builder b = network(lossTitle(reading, restricted), reading, true);
        if (restricted) {
            b.require("z^2_1 > 0 and z^2_2 > 0", v -> v.get("z2", 0, 0) > 0 && v.get("z2", 0, 1) > 0);
        }
        b.formula(SETUP, "h3", v -> v.get("h3") - v.get("y"))
                .formula(ITEM1, "W3_11", v -> v.get("h2", 0, 0) * delta(v))
                .formula(ITEM2, "W3_12", v -> v.get("h2", 0, 1) * delta(v))
                .tensorFormula(ITEM2_ROW, "W3", v -> matrix(1, 2, (i, j) -> v.get("h2", 0, j) * delta(v)))
                .formula(ITEM4, "h2_1", v -> v.get("W3", 0, 0) * delta(v))
                .tensorFormula(ITEM5, "h2", v -> matrix(1, 2, (i, j) -> v.get("W3", 0, j) * delta(v)))
                .tensorFormula(ITEM10_AS_WRITTEN, "W2",
                        v -> matrix(2, 3, (i, j) -> delta(v) * v.get("W3", i, j) * sigmaZ1(v, j)))
                .tensorFormula(ITEM10, "W2", v -> matrix(2, 3, (i, j) -> delta(v) * v.get("W3", 0, i) * sigmaZ1(v, j)))
                .tensorFormula(ITEM11, "W2", v -> matrix(2, 3, (i, j) -> delta(v) * v.get("W3", 0, i) * sigmaZ1(v, j)))
                .tensorFormula(ITEM14, "h1", v -> matrix(1, 3, (i, j) -> dldh1(v, j, false)))
                .tensorFormula(ITEM15, "h1", v -> matrix(1, 3, (i, j) -> dldh1(v, j, false)))
                .tensorFormula(W1_ENTRY, "W1", v -> {
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        s += dldh1(v, k, false);
                    }
                    double all = s;
                    return matrix(3, 4, (i, j) -> all);
                })
                .tensorFormula(W1_MATRIX, "W1", v -> {
                    Tensor g = v.gradTensor("h1");     // dl/dh^1 as autograd gives it, so only this step is judged
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        s += g.get(0, k);
                    }
                    double sum = s;
                    return matrix(3, 4, (i, j) -> sum * v.get("x", 0, j));
                })
                .tensorFormula(W1_MATRIX_K_EQUALS_I, "W1", v -> {
                    Tensor g = v.gradTensor("h1");
                    return matrix(3, 4, (i, j) -> g.get(0, i) * v.get("x", 0, j));
                })
                .tensorFormula(W1_MATRIX_WITH_DSIGMA, "W1", v -> {
                    Tensor g = v.gradTensor("h1");
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        s += g.get(0, k);
                    }
                    double sum = s;
                    return matrix(3, 4, (i, j) -> sum * dsigma(v.get("z1", 0, i)) * v.get("x", 0, j));
                })
                .tensorFormula(W1_MATRIX_CORRECTED, "W1", v -> {
                    Tensor g = v.gradTensor("h1");
                    return matrix(3, 4, (i, j) -> g.get(0, i) * dsigma(v.get("z1", 0, i)) * v.get("x", 0, j));
                });
        if (a) {
            b.tensorFormula(ITEMS_10_11_CORRECTED, "W2", v -> matrix(2, 3,
                            (i, j) -> delta(v) * v.get("W3", 0, i) * dsigma(v.get("z2", 0, i)) * sigmaZ1(v, j)))
                    .tensorFormula(ITEMS_14_15_CORRECTED, "h1", v -> matrix(1, 3, (i, j) -> dldh1(v, j, true)))
                    .tensorFormula(W1_CORRECTED_A, "W1", v -> matrix(3, 4,
                            (i, j) -> dldh1(v, i, true) * dsigma(v.get("z1", 0, i)) * v.get("x", 0, j)));
        } else {
            b.tensorFormula(ITEM10_CORRECTED_B, "W2",
                            v -> matrix(2, 3, (i, j) -> delta(v) * v.get("W3", 0, i) * sigmaZ1(v, j)))
                    .tensorFormula(W1_CORRECTED_B, "W1", v -> matrix(3, 4,
                            (i, j) -> dldh1(v, i, false) * dsigma(v.get("z1", 0, i)) * v.get("x", 0, j)));
        }
        return b.build();
    }

    /**
     * Items 7, 8, 12 and 13: derivatives of h^2_1 (entries of the Jacobian), checked as derivations whose
     * "loss" is h^2_1, as written and corrected, under a reading.
     *
     * @param restricted keep only instances where z^2_1 &gt; 0; for (A) only
     */
    public static Derivation jacobian(Reading reading, boolean restricted) {
        if (restricted && !reading.relu()) {
            throw new IllegalArgumentException("Document003.jacobian: the restriction to z^2_1 > 0 is for reading (A)");
        }
        boolean a = reading.relu();
        Derivation.Builder b = network(jacobianTitle(reading, restricted), reading, false);
        if (restricted) {
            b.require("z^2_1 > 0", v -> v.get("z2", 0, 0) > 0);
        }
        b.tensorFormula(ITEM7, "W2_1", v -> matrix(1, 3, (i, j) -> sigmaZ1(v, j)))
                .tensorFormula(ITEM8, "W2_2", v -> matrix(1, 3, (i, j) -> sigmaZ1(v, j)))
                .tensorFormula(ITEM8_MATRIX, "W2", v -> matrix(2, 3, (i, j) -> sigmaZ1(v, j)))
                .tensorFormula(ITEM12, "h1", v -> matrix(1, 3, (i, j) -> v.get("W2", 0, j)))
                .tensorFormula(ITEM13, "h1", v -> matrix(1, 3, (i, j) -> v.get("W2", 0, j)))
                .tensorFormula(ITEM8_CORRECTED, "W2_2", v -> Tensor.zeros(1, 3));
        if (a) {
            b.tensorFormula(ITEM7_CORRECTED, "W2_1",
                            v -> matrix(1, 3, (i, j) -> dsigma(v.get("z2", 0, 0)) * sigmaZ1(v, j)))
                    .tensorFormula(ITEM8_MATRIX_CORRECTED_A, "W2",
                            v -> matrix(2, 3, (i, j) -> i == 0 ? dsigma(v.get("z2", 0, 0)) * sigmaZ1(v, j) : 0))
                    .tensorFormula(ITEMS_12_13_CORRECTED, "h1",
                            v -> matrix(1, 3, (i, j) -> dsigma(v.get("z2", 0, 0)) * v.get("W2", 0, j)));
        } else {
            b.tensorFormula(ITEM8_MATRIX_CORRECTED_B, "W2", v -> matrix(2, 3, (i, j) -> i == 0 ? sigmaZ1(v, j) : 0));
        }
        return b.build();
    }

    // ------------------------------------------------------------------ the report

    /** Every check of the document on {@code instances} instances per setting drawn from {@code seed}. */
    public static DocumentReport run(long seed, int instances) {
        DocumentReport r = new DocumentReport(FILE, TITLE);
        r.kind(DocumentReport.Kind.OURS, SETUP, ITEM10, W1_MATRIX_K_EQUALS_I, W1_MATRIX_WITH_DSIGMA);
        r.line("The network (the document omits its figure; reconstructed from the items, no biases):")
                .line("  x = x_{(1,1..4)}, z^1 = W^1 x (W^1 is 3 x 4), h^1 = sigma(z^1) with sigma = ReLU (item 6),")
                .line("  z^2 = W^2 h^1 (W^2 is 2 x 3), h^2 (2 units), h^3 = W^3 h^2 (W^3 is 1 x 2), loss l(theta).")
                .line("  Matrices are [out, in] as in the document; x, h^1, h^2 are rows, so a layer is x W^T.")
                .line("  The document numbers its items 1, 2, 4, ..., 8, 10, ..., 15 (there is no item 3 or 9).")
                .line("Two readings of layer 2, checked as separate settings:")
                .line("  " + Reading.A.text() + ": both hidden layers ReLU, as item 6 (a ReLU derivative) suggests;")
                .line("  " + Reading.B.text() + ": layer 2 linear, as items 7-15 treat h^2 (no sigma'(z^2) anywhere);")
                .line("  the labels of items 7, 10 (with item 11's indices) and 11-15 are tagged" + FOR_B + ".")
                .line("Notation: items 1-5 write sigma for dl/dh^3 and items 10-15 write delta for it; items 6-15 use")
                .line("  sigma for ReLU. Here sigma' is item 6's derivative (1 if u > 0, 0 if u <= 0). The formulas")
                .line("  take delta = dl/dh^3 from autograd, so they apply to any differentiable l of h^3; the checks")
                .line("  use l = (h^3 - y)^2 / 2 (nn Losses.squaredError, SUM, half), whose delta is h^3 - y (setup).")
                .line("Quantities in counterexamples: x, W1, W2, W3, y are drawn uniformly from [-2, 2]; z1 = z^1,")
                .line("  h1 = h^1, z2 = z^2, h2 = h^2, h3 = h^3; W2_1, W2_2 are the rows of W^2, W3_11, W3_12 the")
                .line("  entries of W^3, h2_1, h2_2 the entries of h^2 (probed separately so that single entries and")
                .line("  rows are compared with their own gradients). Pre-activations of ReLUs are kept >= 0.05 from")
                .line("  its kink at 0, except in the second setting of item 6.");

        double autogradSlope = Neurons.reluSlopeAtZero();
        double h = 1e-6;
        double centralSlope = (Math.max(0, h) - Math.max(0, -h)) / (2 * h);
        r.line("")
                .line("Item 6: ReLU is not differentiable at 0; the document's value 0 there is a convention (any")
                .line("  value in [0, 1] is a subgradient). The second setting draws x from {-1, 0, 1} to show what")
                .line("  the checker does at the kink.");
        r.claim(autogradSlope == 0.0 && centralSlope == 0.5,
                "  chainrule's relu also uses 0 at the kink (autograd gives " + autogradSlope + "), and central",
                "  differences give " + centralSlope + " there, so no formula can be judged at x = 0.");
        r.add(relu().title(), relu().check(seed, instances));
        r.add(reluAtKink().title(), reluAtKink().check(seed, instances));
        r.line("");
        Derivation kink = reluAtKink();
        boolean atMinusOneAndOne = kink.check(kink.instance(Map.of("x", new double[] {-1}))).verdict(ITEM6)
                .holds() && kink.check(kink.instance(Map.of("x", new double[] {1}))).verdict(ITEM6).holds();
        boolean zeroRedrawn = !kink.admits(kink.instance(Map.of("x", new double[] {0})));
        r.claim(r.holdsIn(ITEM6, relu().title()) && r.holdsIn(ITEM6, reluAtKink().title()) && atMinusOneAndOne
                        && zeroRedrawn && r.report(reluAtKink().title()).rejected() > 0,
                "Finding: item 6 holds away from the kink (first setting) and at x = -1 and x = 1 (second setting);",
                "  x = 0 is not admissible and its draws are redrawn there, so its value 0 at the kink is a",
                "  convention the checks cannot confirm.");

        r.line("")
                .line("Items 7, 8, 12, 13 are derivatives of h^2_1 (entries of a Jacobian), checked as derivations")
                .line("  whose 'loss' is h^2_1. Item 13 writes dh_2/dh_1 but lists one row: it is read as that row,")
                .line("  dh^2_1/dh^1. Under (A), h^2_1 = sigma(z^2_1); a setting restricted to z^2_1 > 0 probes where")
                .line("  that ReLU is active. Corrections: sigma'(z^2_1) added under (A); row 2 of item 8 set to 0.");
        for (Reading reading : Reading.values()) {
            Derivation d = jacobian(reading, false);
            r.add(d.title(), d.check(seed, instances));
            if (reading.relu()) {
                Derivation restricted = jacobian(reading, true);
                r.add(restricted.title(), restricted.check(seed, instances));
            }
        }
        String jA = jacobianTitle(Reading.A, false);
        String jA1 = jacobianTitle(Reading.A, true);
        String jB = jacobianTitle(Reading.B, false);
        boolean exactlyWhereZ21 = true;
        for (String f : List.of(ITEM7, ITEM12, ITEM13)) {
            exactlyWhereZ21 &= r.failsIn(f, jA) && r.holdsIn(f, jA1)
                    && hinted(r, jA, f, "exactly where z2_1 > 0", "missing activation derivative");
        }
        r.line("");
        r.claim(exactlyWhereZ21,
                "Finding: under (A), items 7, 12, 13 lack sigma'(z^2_1): they hold exactly where z^2_1 > 0 (the",
                "  restricted setting, and the hint on the unrestricted one) and fail elsewhere.");
        r.claim(r.holdsIn(ITEM7_CORRECTED, jA) && r.holdsIn(ITEMS_12_13_CORRECTED, jA)
                        && r.holdsIn(ITEM7_CORRECTED, jA1) && r.holdsIn(ITEMS_12_13_CORRECTED, jA1),
                "Finding: with the factor sigma'(z^2_1), items 7 and 12-13 hold under (A) everywhere.");
        r.claim(r.holdsIn(ITEM7, jB) && r.holdsIn(ITEM12, jB) && r.holdsIn(ITEM13, jB),
                "Finding: under (B), items 7, 12, 13 hold as written.");
        boolean item8 = true;
        for (String setting : List.of(jA, jA1, jB)) {
            item8 &= r.failsIn(ITEM8, setting) && r.failsIn(ITEM8_MATRIX, setting)
                    && r.holdsIn(ITEM8_CORRECTED, setting)
                    && r.holdsIn(setting.equals(jB) ? ITEM8_MATRIX_CORRECTED_B : ITEM8_MATRIX_CORRECTED_A, setting);
        }
        r.claim(item8,
                "Finding: item 8 fails in both readings (both as the row dh^2_{1,1}/dW^2_{2,j} and as the matrix):",
                "  h^2_1 does not depend on row 2 of W^2, so that row of the derivative is 0; the document copies",
                "  row 1 there. With row 2 set to 0 (and sigma'(z^2_1) in row 1 under (A)) it holds.");

        r.line("")
                .line("Derivatives of l. Item 10 writes W^3_{i,j} and sigma(z^1); sigma(z^1) is read as sigma(z^1_j).")
                .line("  Item 11 shows the intended W^3_{(1,i)}, so item 10 is also checked with item 11's indices")
                .line("  (our reading). Under (A), a setting restricted to z^2_1 > 0 and z^2_2 > 0 probes where both")
                .line("  layer-2 ReLUs are active. The second dl/dW^1 formula is checked with dl/dh^1 from autograd,")
                .line("  so only its own step is judged (its row 3 writes x^{(1,1)}, read as x_{(1,1)}).");
        for (Reading reading : Reading.values()) {
            Derivation d = loss(reading, false);
            r.add(d.title(), d.check(seed, instances));
            if (reading.relu()) {
                Derivation restricted = loss(reading, true);
                r.add(restricted.title(), restricted.check(seed, instances));
            }
        }
        String lA = lossTitle(Reading.A, false);
        String lA12 = lossTitle(Reading.A, true);
        String lB = lossTitle(Reading.B, false);
        r.line("");
        boolean items1To5 = true;
        for (String setting : List.of(lA, lA12, lB)) {
            for (String f : List.of(SETUP, ITEM1, ITEM2, ITEM2_ROW, ITEM4, ITEM5)) {
                items1To5 &= r.holdsIn(f, setting);
            }
        }
        r.claim(items1To5,
                "Finding: items 1, 2, 4, 5 hold in both readings (they involve only h^3 = W^3 h^2, not layer 2's",
                "  activation), and delta = h^3 - y for our loss (setup).");
        boolean outOfShape = true;
        for (String setting : List.of(lA, lA12, lB)) {
            DerivationReport.Verdict v = r.report(setting).verdict(ITEM10_AS_WRITTEN);
            outOfShape &= r.failsIn(ITEM10_AS_WRITTEN, setting) && v.failures() == v.instances()
                    && v.error() != null && v.error().contains("W3[0, 2] is outside shape [1, 2]");
        }
        r.claim(outOfShape,
                "Finding: item 10 with its indices as written fails in both readings, on every instance: it has",
                "  W^3_{i,j}, which does not exist for j = 3 (nor for i = 2; W^3 is 1 x 2), so it cannot be",
                "  evaluated in either reading. Item 11 shows the intended indices W^3_{(1,i)}.");
        boolean exactlyWhereZ2 = true;
        for (String f : List.of(ITEM10, ITEM11, ITEM14, ITEM15)) {
            exactlyWhereZ2 &= r.failsIn(f, lA) && r.holdsIn(f, lA12)
                    && hinted(r, lA, f, "exactly where every element of z2 > 0", "missing activation derivative");
        }
        r.claim(exactlyWhereZ2,
                "Finding: under (A), items 10 (with item 11's indices), 11, 14, 15 lack sigma'(z^2_i): they hold",
                "  exactly where both layer-2 units are active (z^2 > 0: the restricted setting, and the hint on",
                "  the unrestricted one) and fail elsewhere.");
        r.claim(r.holdsIn(ITEMS_10_11_CORRECTED, lA) && r.holdsIn(ITEMS_10_11_CORRECTED, lA12)
                        && r.holdsIn(ITEMS_14_15_CORRECTED, lA) && r.holdsIn(ITEMS_14_15_CORRECTED, lA12),
                "Finding: with the factor sigma'(z^2_i), items 10-11 and 14-15 hold under (A) everywhere.");
        r.claim(r.holdsIn(ITEM10, lB) && r.holdsIn(ITEM11, lB) && r.holdsIn(ITEM14, lB) && r.holdsIn(ITEM15, lB)
                        && r.holdsIn(ITEM10_CORRECTED_B, lB),
                "Finding: under (B), item 10 with item 11's indices (its correction there), 11, 14 and 15 hold.");
        boolean w1Fail = true;
        boolean secondErrors = true;
        boolean w1Corrected = r.holdsIn(W1_CORRECTED_A, lA) && r.holdsIn(W1_CORRECTED_A, lA12)
                && r.holdsIn(W1_CORRECTED_B, lB);
        for (String setting : List.of(lA, lA12, lB)) {
            w1Fail &= r.failsIn(W1_ENTRY, setting) && r.failsIn(W1_MATRIX, setting);
            secondErrors &= r.failsIn(W1_MATRIX_K_EQUALS_I, setting) && r.failsIn(W1_MATRIX_WITH_DSIGMA, setting)
                    && r.holdsIn(W1_MATRIX_CORRECTED, setting);
        }
        r.claim(w1Fail,
                "Finding: the two dl/dW^1 formulas fail in both readings, also where both layer-2 units are",
                "  active.");
        r.claim(secondErrors,
                "Finding: the second dl/dW^1 formula (checked with autograd's dl/dh^1) has two errors: it sums",
                "  dl/dh^1_{(1,k)} over every k where only k = i belongs, and it lacks sigma'(z^1_i). Either",
                "  change alone still fails in every setting: with k = i only, on "
                        + failures(r, W1_MATRIX_K_EQUALS_I, lA),
                "  under (A) and " + failures(r, W1_MATRIX_K_EQUALS_I, lB) + " under (B); with sigma'(z^1_i) added but",
                "  the sum over k kept, on " + failures(r, W1_MATRIX_WITH_DSIGMA, lA) + " under (A) and "
                        + failures(r, W1_MATRIX_WITH_DSIGMA, lB) + " under (B).",
                "  Both together, dl/dh^1_{(1,i)} sigma'(z^1_i) x_{(1,j)}, hold in both readings.");
        r.claim(w1Fail && w1Corrected,
                "Finding: the first dl/dW^1 formula has, as written, no x_{(1,j)} and no sigma'(z^1_i), and sums over",
                "  every k like the second (under (A) its inner sum, item 14's dl/dh^1, also lacks sigma'(z^2));",
                "  dl/dW^1_{(i,j)} = dl/dh^1_{(1,i)} sigma'(z^1_i) x_{(1,j)}, with dl/dh^1 from item 14 under (B) and",
                "  from items 14-15 corrected under (A), holds in both readings.");

        boolean readingB = true;
        for (String f : List.of(ITEM7, ITEM12, ITEM13)) {
            readingB &= r.holdsIn(f, jB) && r.failsIn(f, jA);
        }
        for (String f : List.of(ITEM10, ITEM11, ITEM14, ITEM15)) {
            readingB &= r.holdsIn(f, lB) && r.failsIn(f, lA);
        }
        boolean dsigmaZ2Fixes = r.holdsIn(ITEM7_CORRECTED, jA) && r.holdsIn(ITEMS_12_13_CORRECTED, jA)
                && r.holdsIn(ITEMS_10_11_CORRECTED, lA) && r.holdsIn(ITEMS_14_15_CORRECTED, lA);
        List<String> bItems = List.of(ITEM7, ITEM10, ITEM11, ITEM12, ITEM13, ITEM14, ITEM15);
        List<DocumentReport.Row> bRows = r.rows().stream().filter(row -> bItems.contains(row.formula())).toList();
        boolean oneOfThree = bRows.size() == bItems.size()
                && bRows.stream().allMatch(row -> row.failed() == 1 && row.settings() == 3 && row.unchecked() == 0);
        r.line("");
        r.claim(readingB && dsigmaZ2Fixes && exactlyWhereZ21 && exactlyWhereZ2 && oneOfThree && outOfShape && item8
                        && w1Fail,
                "Finding: the document's own treatment of h^2 is (B): items 7-15 have no sigma'(z^2) anywhere. Under",
                "  (B), items 7, 11, 12, 13, 14 and 15 hold as written, and so does item 10 with item 11's",
                "  indices; under (A) they lack sigma'(z^2) and fail except where layer 2 is active (z^2_1 > 0 for",
                "  items 7, 12, 13; z^2 > 0 for the others). Their FAILS in the summary (1 of 3 settings) are under",
                "  reading (A) only. Item 10 as written, item 8 and the two dl/dW^1 formulas fail under (B) as well.");
        return r;
    }

    /** Whether the formula's hints in that setting include one that contains every part. */
    private static boolean hinted(DocumentReport r, String setting, String formula, String... parts) {
        return r.report(setting).verdict(formula).hints().stream()
                .anyMatch(h -> Arrays.stream(parts).allMatch(h::contains));
    }

    /** "k of n instances" where the formula failed in that setting. */
    private static String failures(DocumentReport r, String formula, String setting) {
        DerivationReport.Verdict v = r.report(setting).verdict(formula);
        return v.failures() + " of " + v.instances() + " instances";
    }

    /** Prints the report on the default seed with 200 instances per setting. */
    public static void main(String[] args) {
        dev.chainrule.examples.Cli.main("Document003", "Document003 (no arguments)", args, a -> {
            dev.chainrule.examples.Cli.atMost(a, 0);
            System.out.print(run(Derivation.DEFAULT_SEED, 200).text());
        });
    }
}
