package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.Derivation.Values;
import dev.chainrule.check.Draw;
import dev.chainrule.core.Grad;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.Linear;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.Sgd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The check of document 002 (499-hw1 part 1): the hand-derived backpropagation of a feed-forward network of any
 * depth L, for regression (one linear output, squared error) and for softmax classification (cross-entropy),
 * written with the recursive Delta notation.
 *
 * <p>Notation as in the document: layers l = 0..L with n_l nodes, O^0 = x, s_i^l = sum_j O_j^l omega_ji^l + b_i^l,
 * O_i^{l+1} = sigma(s_i^l) for the hidden layers, sigma_i^l = sigma'(s_i^l), and Delta_i^n = dE/ds_i^{L-n}
 * (so Delta^n lives on the nodes of layer L-n+1). The network is built from nn {@link Linear} layers (weight
 * [n_l, n_{l+1}], which is exactly omega^l_{ij} from node i of layer l to node j of layer l+1) and
 * {@link Activation}s, and every formula is checked by the {@link Derivation} checker against autograd and
 * central differences.
 */
public final class Document002 {
    /** The document's file name. */
    public static final String FILE = "002_4bffe4f66781a40e.txt";
    /** The step size alpha of the update rules. */
    static final double ALPHA = 0.1;
    /** How far ReLU pre-activations are kept from the kink at 0. */
    static final double MARGIN = 0.05;

    private Document002() {
    }

    /** The two problems of the assignment. */
    enum Task {
        /** One output O^L = s^{L-1} (no activation), E = (y - O^L)^2. */
        REGRESSION,
        /** O^L = softmax(s^{L-1}), E = -sum_i l_i log O_i^L with l one-hot. */
        CLASSIFICATION
    }

    /** The hidden activation sigma. */
    enum Act {
        /** The document's sigma(s) = 1 / (1 + e^-s). */
        SIGMOID {
            @Override
            double derivative(double s) {
                double g = 1 / (1 + Math.exp(-s));
                return g * (1 - g);
            }

            @Override
            Activation module() {
                return Activation.sigmoid();
            }
        },
        /** max(s, 0), "many other activation functions such as ReLU". */
        RELU {
            @Override
            double derivative(double s) {
                return s > 0 ? 1 : 0;
            }

            @Override
            Activation module() {
                return Activation.relu();
            }
        };

        /** sigma'(s), from the pre-activation s. */
        abstract double derivative(double s);

        /** The nn module. */
        abstract Activation module();
    }

    /**
     * One network of the document: widths n_0..n_L, the task, the hidden activation, and the batch.
     *
     * @param n            the widths n_0..n_L (L = n.length - 1 >= 2; n_L = 1 for regression)
     * @param task         regression or classification
     * @param act          the hidden activation
     * @param batch        the number of samples N (1 for the document's single sample)
     * @param reduction    how E combines the samples of a batch (irrelevant for N = 1)
     * @param onesInput    whether the input is x = (1, ..., 1) instead of random
     * @param biasSentence whether to check the literal reading of the biases sentence
     */
    record Net(int[] n, Task task, Act act, int batch, Reduction reduction, boolean onesInput,
               boolean biasSentence) {
        Net {
            n = n.clone();
            if (n.length < 3) {
                throw new IllegalArgumentException("Document002.Net: need L >= 2 (at least one hidden layer), got "
                        + "widths " + Arrays.toString(n));
            }
            for (int w : n) {
                if (w < 1) {
                    throw new IllegalArgumentException("Document002.Net: widths must be >= 1, got "
                            + Arrays.toString(n));
                }
            }
            if (task == Task.REGRESSION && n[n.length - 1] != 1) {
                throw new IllegalArgumentException("Document002.Net: regression has one output, got n_L = "
                        + n[n.length - 1]);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("Document002.Net: batch must be >= 1, got " + batch);
            }
        }

        /** A single-sample network with random input. */
        static Net of(Task task, Act act, int... n) {
            return new Net(n, task, act, 1, Reduction.SUM, false, false);
        }

        /** This network with a batch of {@code size} samples combined by {@code r}. */
        Net batch(int size, Reduction r) {
            return new Net(n, task, act, size, r, onesInput, biasSentence);
        }

        /** This network, also checking the literal biases sentence; with x = (1, ..., 1) when {@code ones}. */
        Net withBiasSentence(boolean ones) {
            return new Net(n, task, act, batch, reduction, ones, true);
        }

        @Override
        public int[] n() {
            return n.clone();
        }

        /** L, the last layer. */
        int depth() {
            return n.length - 1;
        }

        /** The batch sentence's factor on dE/dO^L: 1/N when E is the mean over the batch, else 1. */
        double batchScale() {
            return reduction == Reduction.MEAN ? 1.0 / batch : 1.0;
        }

        /** The summary's upper limit n_L-l+2-1 read literally: n_L - l + 1. */
        int typesetLimit(int l) {
            return n[depth()] - l + 1;
        }

        /** The body's upper limit n_{L-l+2} - 1. */
        int bodyLimit(int l) {
            return n[depth() - l + 2] - 1;
        }

        /** Whether the summary's typeset limit n_L-l+2-1 equals the body's n_{L-l+2}-1 at level l. */
        boolean literalLimitAgrees(int l) {
            return typesetLimit(l) == bodyLimit(l);
        }

        String describe() {
            String s = (task == Task.REGRESSION ? "regression" : "classification") + ", " + act.name().toLowerCase()
                    + " hidden layers, L = " + depth() + ", n = (" + Arrays.stream(n).mapToObj(Integer::toString)
                    .collect(Collectors.joining(", ")) + ")";
            if (batch > 1) {
                s += ", batch of N = " + batch + " with E the " + (reduction == Reduction.MEAN ? "mean" : "sum")
                        + " over samples";
            }
            if (onesInput) {
                s += ", x = (1, ..., 1)";
            }
            return s;
        }
    }

    // ================================================================ labels, in the document's notation

    static final String DEDO_REGRESSION = "dE/dO_i^L = -2(y - O_i^L)";
    static final String DELTA1_REGRESSION = "Delta_i^1 = -2(y - O_i^L) (regression)";
    static final String DEDO_CLASSIFICATION = "dE/dO_i^L = -l_i / O_i^L";
    static final String DELTA1_CLASSIFICATION = "Delta_i^1 = -sum_{j=0}^{n_L-1} l_j (1{i=j} - O_i^L) (classification)";
    static final String DELTA2_GENERAL = "Delta_i^2 = sigma_i^{L-2} sum_{j=0}^{n_L-1} dE/dO_j^L dO_j^L/dO_i^{L-1}";
    static final String DELTA2_REGRESSION = "Delta_i^2 = sigma_i^{L-2} sum_{j=0}^{n_L-1} omega_ij^{L-1} Delta_j^1 "
            + "(regression)";
    static final String DELTA2_C3 = "Delta_i^2 = sigma_i^{L-2} sum_j -l_j/O_j^L (sum_k omega_ik^{L-1} O_j^L (1{j=k} "
            + "- O_k^L)) (classification, 3rd line)";
    static final String DELTA2_C4 = "Delta_i^2 = sigma_i^{L-2} sum_k omega_ik^{L-1} (-sum_j l_j (1{j=k} - O_k^L)) "
            + "(classification, 4th line)";
    static final String DELTA2_C5 = "Delta_i^2 = sigma_i^{L-2} sum_j omega_ij^{L-1} (-sum_k l_k (1{j=k} - O_j^L)) "
            + "(classification, 5th line)";
    static final String DELTA2_C6 = "Delta_i^2 = sigma_i^{L-2} sum_{j=0}^{n_L-1} omega_ij^{L-1} Delta_j^1 "
            + "(classification)";
    static final String CONTRAST_TAG = "(contrast, not the document's)";
    static final String TYPESET_TAG = "(summary, as typeset)";
    static final String LITERAL_TAG = "(biases sentence, read literally)";
    static final String BATCH_TAG = "(batch sentence";
    static final String SGD_PREFIX = "nn Sgd step";
    static final String BIAS_PREFIX = "dE/db_j^{L-n} = Delta_j^n, n = ";

    static String recursion(int l) {
        return "Delta_i^l = sigma_i^{L-l} sum_{j=0}^{n_{L-l+2}-1} omega_ij^{L-l+1} Delta_j^{l-1} (derivation), l = "
                + l;
    }

    static String literal(int l) {
        return "Delta_i^l = sigma_i^{L-l} sum_{j=0}^{n_L-l+2-1} omega_ij^{L-l+1} Delta_j^{l-1} " + TYPESET_TAG
                + ", l = " + l;
    }

    static String corrected(int l) {
        return "Delta_i^l = sigma_i^{L-l} sum_{j=0}^{n_{L-l+2}-1} omega_ij^{L-l+1} Delta_j^{l-1} (summary), corrected, "
                + "l = " + l;
    }

    static String weight(int n) {
        return "dE/domega_ij^{L-n} = O_i^{L-n} Delta_j^n, n = " + n;
    }

    static String nested(int n) {
        return "dE/domega_{i_j i_n}^{L-n} = (sum_{i_{n-1}} (... (sum_{i_1} dE/dO_{i_1}^L dO_{i_1}^L/dO_{i_2}^{L-1})"
                + " ...) sigma_{i_{n-1}}^{L-n+1} omega_{i_n i_{n-1}}^{L-n+1}) sigma_{i_n}^{L-n} O_{i_j}^{L-n}, n = "
                + n;
    }

    static String bias(int n) {
        return BIAS_PREFIX + n;
    }

    static String biasSentence(int n) {
        return "dE/domega_ij^{L-n} = dE/db_j^{L-n} " + LITERAL_TAG + ", n = " + n;
    }

    static String update(int l) {
        return "omega_ij^l = omega_ij^l - alpha dE/domega_ij^l (update rule, dE/domega from O Delta), l = " + l;
    }

    static String sgd(int l) {
        return SGD_PREFIX + " gives omega_ij^l - alpha dE/domega_ij^l, l = " + l;
    }

    // the batch sentence: E over N samples, each gradient the sum over the samples of the per-sample formula

    private static String batchTag(boolean mean) {
        return mean ? " " + BATCH_TAG + ": E the mean over N samples, so divided by N)"
                : " " + BATCH_TAG + ": E the sum over N samples, so not modified)";
    }

    private static String dEdOText(Task task) {
        return task == Task.REGRESSION ? "dE/dO_i^L = -2(y - O_i^L)" : "dE/dO_i^L = -l_i / O_i^L";
    }

    private static String delta1Text(Task task) {
        return task == Task.REGRESSION ? "Delta_i^1 = -2(y - O_i^L)"
                : "Delta_i^1 = -sum_{j=0}^{n_L-1} l_j (1{i=j} - O_i^L)";
    }

    /** dE/dO_i^L per sample of a batch: the document's, divided by N when E is the mean. */
    static String batchDEdO(Task task, boolean mean) {
        String divided = task == Task.REGRESSION ? "dE/dO_i^L = -2(y - O_i^L) / N" : "dE/dO_i^L = -l_i / (N O_i^L)";
        return (mean ? divided : dEdOText(task)) + batchTag(mean);
    }

    /** Delta_i^1 per sample of a batch: the document's, divided by N when E is the mean. */
    static String batchDelta1(Task task, boolean mean) {
        return delta1Text(task) + (mean ? " / N" : "") + batchTag(mean);
    }

    /** dE/domega^{L-n} for a batch: the sum over samples of O^{L-n} Delta^n, Delta^n built on Delta^1 as above. */
    static String batchWeight(int n, boolean mean) {
        return "dE/domega_ij^{L-n} = sum over samples of O_i^{L-n} Delta_j^n, Delta^n built on Delta^1"
                + (mean ? " / N" : "") + batchTag(mean) + ", n = " + n;
    }

    /** dE/db^{L-n} for a batch: the sum over samples of Delta^n, Delta^n built on Delta^1 as above. */
    static String batchBias(int n, boolean mean) {
        return "dE/db_j^{L-n} = sum over samples of Delta_j^n, Delta^n built on Delta^1" + (mean ? " / N" : "")
                + batchTag(mean) + ", n = " + n;
    }

    /** The other choice for Delta^1: undivided with E the mean, divided by N with E the sum. */
    static String batchContrastDelta1(Task task, boolean mean) {
        return delta1Text(task) + (mean ? ", not divided by N, with E the mean over N samples "
                : " / N, with E the sum over N samples ") + CONTRAST_TAG;
    }

    /** The other choice for dE/domega^{L-n}. */
    static String batchContrastWeight(int n, boolean mean) {
        return "dE/domega_ij^{L-n} = sum over samples of O_i^{L-n} Delta_j^n, Delta^n built on Delta^1"
                + (mean ? " not divided by N, with E the mean over N samples " : " / N, with E the sum over N"
                + " samples ") + CONTRAST_TAG + ", n = " + n;
    }

    static String hiddenWeight() {
        return "dO_i^l/domega_ji^{l-1} = sigma'(s_i^{l-1}) O_j^{l-1} = sigma_i^{l-1} O_j^{l-1}";
    }

    static String hiddenInput() {
        return "dO_i^l/dO_j^{l-1} = sigma'(s_i^{l-1}) omega_ji^{l-1} = sigma_i^{l-1} omega_ji^{l-1}";
    }

    static String hiddenBias() {
        return "dO_i^l/db_i^{l-1} = sigma_i^{l-1}";
    }

    static final String SIGMOID_FROM_S = "sigma_i^{l-1} = sigma(s_i^{l-1})(1 - sigma(s_i^{l-1})) (sigmoid)";
    static final String SIGMOID_FROM_O = "sigma_i^{l-1} = O_i^l (1 - O_i^l) (sigmoid)";
    static final String RELU_FROM_O = "sigma_i^{l-1} = 1{O_i^l > 0} (ReLU, in terms of O_i^l; not written out)";
    static final String OUT_REGRESSION = "dO_j^L/dO_i^{L-1} = omega_ij^{L-1} (regression)";
    static final String OUT_CLASSIFICATION = "dO_i^L/dO_j^{L-1} = sum_{k=0}^{n_L-1} dO_i^L/ds_k^{L-1} "
            + "ds_k^{L-1}/dO_j^{L-1} = sum_k O_i^L (1{i=k} - O_k^L) omega_jk^{L-1}";
    static final String SOFTMAX = "dO_i^L/ds_k^{L-1} = O_i^L (1{i=k} - O_k^L)";
    static final String SOFTMAX_DIAGONAL = "dO_i^L/ds_i^{L-1} = O_i^L (1 - O_i^L) (the sigmoid derivative, i = k)";

    // ================================================================ names of the quantities

    static String omega(int l) {
        return "omega^" + l;
    }

    static String b(int l) {
        return "b^" + l;
    }

    static String s(int l) {
        return "s^" + l;
    }

    static String o(int l) {
        return "O^" + l;
    }

    // ================================================================ the report

    /** Checks every formula of the document on {@code instances} random instances per setting. */
    public static DocumentReport run(long seed, int instances) {
        DocumentReport r = new DocumentReport(FILE, "499-hw1 part 1: backpropagation of a depth-L network, "
                + "regression and softmax classification, recursive Delta notation");
        r.line("Notation (the document's): layers l = 0..L with n_l nodes; O^0 = x; s_i^l = sum_j O_j^l omega_ji^l"
                + " (+ b_i^l);");
        r.line("O_i^{l+1} = sigma(s_i^l) for hidden layers; sigma_i^l = sigma'(s_i^l); omega_ij^l joins node i of"
                + " layer l to node j of layer l+1");
        r.line("(nn Linear's weight [n_l, n_{l+1}]). Regression: O^L = s^{L-1}, E(x) = (y - O^L)^2. Classification:"
                + " O^L = softmax(s^{L-1}),");
        r.line("E(x) = -sum_i l_i log O_i^L, l one-hot. Delta_i^n = dE/ds_i^{L-n} (the checker probes s^{L-n}); the"
                + " networks are built from");
        r.line("nn Linear + Activation modules whose parameters the checker binds to omega^l and b^l.");
        r.line("Reading: we take omega^l for l = 0..L-1 (the document writes l in {0..L}, but layer L has no"
                + " outgoing weights).");
        r.line("ReLU settings keep every hidden pre-activation |s_i^l| >= " + MARGIN + " (relu' jumps at 0).");
        r.line("Rows marked as our own checks: nn's Sgd step (a check of the setup), the ReLU form of sigma_i^{l-1}"
                + " (the document names");
        r.line("ReLU but does not write its derivative out), the biases sentence read literally (we read it as an"
                + " analogy, section 4),");
        r.line("and the batch contrasts.");

        r.line("");
        r.line("1. Partial derivatives of one hidden node O_i^l (the checked 'loss' is O_i^l itself, i drawn at"
                + " random). The formula for");
        r.line("   dO_i^l/domega_ji^{l-1} is encoded with 0 in the entries omega_jk^{l-1}, k != i, which O_i^l does"
                + " not involve.");
        List<String> hiddenSettings = new ArrayList<>();
        for (Act act : Act.values()) {
            Net net = Net.of(Task.REGRESSION, act, 3, 4, 3, 1);
            for (int l = 1; l < net.depth(); l++) {
                hiddenSettings.add(add(r, hiddenNode(net, l), seed, instances));
            }
        }
        r.line("");
        r.claim(holdsEverywhere(r, hiddenSettings, List.of(hiddenWeight(), hiddenInput(), hiddenBias())),
                "dO_i^l/domega_ji^{l-1} = sigma_i^{l-1} O_j^{l-1}, dO_i^l/dO_j^{l-1} = sigma_i^{l-1} omega_ji^{l-1} and"
                        + " dO_i^l/db_i^{l-1} = sigma_i^{l-1} hold",
                "at both hidden layers, for sigmoid and for ReLU.");
        r.claim(r.holds(SIGMOID_FROM_S) && r.holds(SIGMOID_FROM_O),
                "For the sigmoid, sigma_i^{l-1} = sigma(s_i^{l-1})(1 - sigma(s_i^{l-1})) = O_i^l (1 - O_i^l) holds,"
                        + " as the document says.");
        r.claim(r.holds(RELU_FROM_O),
                "For ReLU our reading sigma_i^{l-1} = 1{O_i^l > 0} holds (away from the kink), so sigma_i^{l-1} is"
                        + " indeed a function of O_i^l there too.");

        r.line("");
        r.line("2. Partial derivatives of one output node O_i^L (regression: O^L = s^{L-1}, so dO^L/dO^{L-1} is"
                + " ds^{L-1}/dO^{L-1};");
        r.line("   classification: the softmax Jacobian). The diagonal dO_i^L/ds_i^{L-1} is checked through a probe"
                + " on s_i^{L-1} alone.");
        for (Net net : List.of(Net.of(Task.REGRESSION, Act.SIGMOID, 3, 4, 1),
                Net.of(Task.CLASSIFICATION, Act.SIGMOID, 3, 4, 3))) {
            add(r, outputNode(net), seed, instances);
        }
        r.line("");
        r.claim(r.holds(OUT_REGRESSION), "dO_j^L/dO_i^{L-1} = omega_ij^{L-1} holds for regression.");
        r.claim(r.holds(OUT_CLASSIFICATION) && r.holds(SOFTMAX) && r.holds(SOFTMAX_DIAGONAL),
                "For classification the softmax Jacobian O_i^L (1{i=k} - O_k^L), its diagonal O_i^L (1 - O_i^L) (the"
                        + " sigmoid's form) and",
                "the chain through s^{L-1} to dO_i^L/dO_j^{L-1} hold.");

        r.line("");
        r.line("3. The loss E(x) of one sample: dE/dO^L, Delta^1, Delta^2 (each line of its derivation), the"
                + " recursion for Delta^l (as");
        r.line("   derived in the body and as typeset in the summary), dE/domega^{L-n} = O^{L-n} Delta^n (recursive"
                + " and nested forms),");
        r.line("   dE/db^{L-n} = Delta^n, and the update rule (the checker's reference step omega - alpha dE/domega,"
                + " alpha = " + ALPHA + ").");
        r.line("   The summary typesets the recursion's upper limit as n_L-\\ell+2-1, without braces: read literally"
                + " that is n_L - l + 1,");
        r.line("   whereas the body derives n_{L-l+2} - 1 (the last node of layer L-l+2, where Delta^{l-1} lives)."
                + " 'corrected' rows use");
        r.line("   the body's limit in the summary's recursion.");
        List<Net> nets = List.of(
                Net.of(Task.REGRESSION, Act.SIGMOID, 3, 4, 1).withBiasSentence(false),
                Net.of(Task.REGRESSION, Act.SIGMOID, 2, 3, 4, 1),
                Net.of(Task.REGRESSION, Act.RELU, 3, 2, 3, 2, 1),
                Net.of(Task.CLASSIFICATION, Act.SIGMOID, 3, 4, 3),
                Net.of(Task.CLASSIFICATION, Act.RELU, 2, 4, 3, 3),
                Net.of(Task.CLASSIFICATION, Act.SIGMOID, 2, 3, 1, 3),
                Net.of(Task.CLASSIFICATION, Act.SIGMOID, 2, 3, 1, 2, 3));
        List<String> lossSettings = new ArrayList<>();
        for (Net net : nets) {
            lossSettings.add(add(r, network(net), seed, instances));
        }
        r.line("");
        List<String> derivation = formulasIn(r, lossSettings, f -> r.kindOf(f) == DocumentReport.Kind.AS_WRITTEN
                && !f.contains(TYPESET_TAG) && !f.contains(LITERAL_TAG));
        boolean derivationHolds = allHold(r, lossSettings, derivation) && derivation.containsAll(List.of(
                DEDO_REGRESSION, DELTA1_REGRESSION, DEDO_CLASSIFICATION, DELTA1_CLASSIFICATION, DELTA2_GENERAL,
                DELTA2_REGRESSION, DELTA2_C3, DELTA2_C4, DELTA2_C5, DELTA2_C6));
        boolean sgdHolds = true;
        for (int k = 0; k < nets.size(); k++) {
            Net net = nets.get(k);
            List<String> perLevel = new ArrayList<>();
            List<String> steps = new ArrayList<>();
            for (int l = 2; l <= net.depth(); l++) {
                perLevel.add(recursion(l));
                perLevel.add(nested(l));
            }
            for (int m = 1; m <= net.depth(); m++) {
                perLevel.add(weight(m));
                perLevel.add(bias(m));
                perLevel.add(update(m - 1));
                steps.add(sgd(m - 1));
            }
            derivationHolds &= holdsEverywhere(r, List.of(lossSettings.get(k)), perLevel);
            sgdHolds &= holdsEverywhere(r, List.of(lossSettings.get(k)), steps);
        }
        r.claim(derivationHolds,
                "Every formula of the derivation as written other than the typeset recursion (dE/dO_i^L, Delta^1,"
                        + " each line of Delta^2,",
                "the recursion as derived, dE/domega in recursive and nested form, dE/db and the update rule) holds"
                        + " in every one of the",
                nets.size() + " networks that checks it (" + derivation.size() + " formulas; the regression and"
                        + " classification lines each in their own task;",
                "the recursion, dE/domega, dE/db and the update rule at every level of every network).");
        r.claim(sgdHolds, "nn's Sgd takes the same step at every layer of every network (our check of the setup).");
        boolean atTwo = true;
        for (int k = 0; k < nets.size(); k++) {
            atTwo &= nets.get(k).literalLimitAgrees(2) && r.holdsIn(literal(2), lossSettings.get(k));
        }
        r.claim(atTwo, "The typeset recursion holds at l = 2 in all " + nets.size() + " networks (both limits are"
                + " n_L - 1).");
        boolean onlyWhereWidthsAgree = true;
        boolean correctedHolds = true;
        int deep = 0;
        for (Net net : nets) {
            if (net.depth() >= 3) {
                deep++;
                String setting = network(net).title();
                List<String> lines = new ArrayList<>();
                boolean borneOut = true;
                lines.add("Typeset recursion in n = " + widths(net) + ":");
                boolean wrongBelow = false;
                for (int l = 3; l <= net.depth(); l++) {
                    String limits = "limits n_L - l + 1 = " + net.typesetLimit(l) + " and n_{L-l+2} - 1 = "
                            + net.bodyLimit(l);
                    if (!wrongBelow && net.literalLimitAgrees(l)) {
                        lines.add("   l = " + l + ": " + limits + " agree; it holds.");
                        borneOut &= r.holdsIn(literal(l), setting);
                    } else if (!net.literalLimitAgrees(l)) {
                        String what = net.typesetLimit(l) < 0 ? "the sum is empty"
                                : net.typesetLimit(l) < net.bodyLimit(l) ? "the sum is truncated"
                                : "the sum runs past the layer and cannot be evaluated";
                        lines.add("   l = " + l + ": " + limits + ": " + what + (wrongBelow ? ", on a Delta^{l-1}"
                                + " already wrong" : "") + "; it fails.");
                        borneOut &= r.failsIn(literal(l), setting);
                        if (what.contains("past")) {
                            borneOut &= r.report(setting).verdict(literal(l)).error() != null;
                        }
                        wrongBelow = true;
                    } else {
                        lines.add("   l = " + l + ": " + limits + " agree, but Delta^{l-1} is already wrong; it"
                                + " fails.");
                        borneOut &= r.failsIn(literal(l), setting);
                    }
                    onlyWhereWidthsAgree &= wrongBelow ? r.failsIn(literal(l), setting) : r.holdsIn(literal(l), setting);
                    correctedHolds &= r.holdsIn(corrected(l), setting);
                }
                r.claim(borneOut, lines.toArray(new String[0]));
            }
        }
        r.claim(deep > 0 && onlyWhereWidthsAgree, "So in these " + deep + " networks of depth L >= 3, at l >= 3 the"
                + " typeset recursion holds exactly where the widths grow by one",
                "per layer toward the output (n_{L-k+2} = n_L - k + 2 at every level k = 3..l), and fails from the"
                        + " first level where they",
                "do not.");
        r.claim(deep > 0 && correctedHolds && allHold(r, lossSettings, formulasIn(r, lossSettings,
                        f -> r.kindOf(f) == DocumentReport.Kind.CORRECTED)),
                "With the body's limit n_{L-l+2} - 1 ('corrected') the summary's recursion holds at every level"
                        + " l >= 3 of every network",
                "(at l = 2 the two limits coincide and the typeset recursion holds as it stands).");

        r.line("");
        r.line("4. The biases sentence 'dE/domega_ij^{L-n} = dE/db_j^{L-n}', read literally, equates a weight's"
                + " gradient with a bias's.");
        r.line("   With dE/domega_ij^{L-n} = O_i^{L-n} Delta_j^n and dE/db_j^{L-n} = Delta_j^n it asks for"
                + " O_i^{L-n} Delta_j^n = Delta_j^n. We read the");
        r.line("   sentence as an analogy (a bias is a weight from a node fixed at 1, so replace O_i^{L-n} by 1),"
                + " as the next sentences of");
        r.line("   the document do, and count the literal reading as our own check, not as a formula of the"
                + " document. It is shown on a");
        r.line("   random input (in section 3, n = (3, 4, 1)) and on x = (1, ..., 1), where O^0 = 1.");
        Net ones = Net.of(Task.REGRESSION, Act.SIGMOID, 3, 4, 1).withBiasSentence(true);
        String onesSetting = add(r, network(ones), seed, instances);
        Net random = nets.get(0);
        String randomSetting = lossSettings.get(0);
        int top = ones.depth();
        r.line("");
        boolean randomInput = random.biasSentence() && !random.onesInput()
                && !inputIsOnes(r, randomSetting, biasSentence(top));
        r.claim(randomInput && r.failsIn(biasSentence(1), randomSetting) && r.failsIn(biasSentence(top), randomSetting),
                "Read literally, the biases sentence fails on a random input at n = 1 and n = L = " + top
                        + " (O_i^{L-n} != 1 at both).");
        boolean onesInput = ones.onesInput() && inputIsOnes(r, onesSetting, biasSentence(1));
        r.claim(onesInput && r.holdsIn(biasSentence(top), onesSetting) && r.failsIn(biasSentence(1), onesSetting),
                "On x = (1, ..., 1) it holds at n = L = " + top + ", where O_i^0 = x_i = 1, and still fails at n = 1,"
                        + " where O_i^1 = sigma(s_i^0)",
                "lies in (0, 1): in these two settings it holds exactly at the level where O_i^{L-n} = 1.");
        List<String> allLoss = new ArrayList<>(lossSettings);
        allLoss.add(onesSetting);
        List<Net> allNets = new ArrayList<>(nets);
        allNets.add(ones);
        boolean biasHolds = true;
        for (int k = 0; k < allNets.size(); k++) {
            for (int m = 1; m <= allNets.get(k).depth(); m++) {
                biasHolds &= holdsEverywhere(r, List.of(allLoss.get(k)), List.of(bias(m)));
            }
        }
        r.claim(onesInput && r.holdsIn(biasSentence(top), onesSetting) && r.holdsIn(weight(top), onesSetting)
                        && biasHolds,
                "As the analogy it holds: a bias is a weight from a node fixed at 1. Where O_i^{L-n} = 1 (x = (1, ...,"
                        + " 1), n = L),",
                "dE/domega_ij^{L-n} = O_i^{L-n} Delta_j^n and dE/db_j^{L-n} agree; and dE/db_j^{L-n} = Delta_j^n, the"
                        + " weight formula",
                "with O_i^{L-n} replaced by 1, holds at every n in every network of sections 3 and 4 ("
                        + allNets.size() + " networks).");

        r.line("");
        r.line("5. Batches: 'divide dE/dO_i^L by the number of samples if taking the average; if taking the sum, no"
                + " modification'. A batch");
        r.line("   of N samples gives O^L and s^l one row per sample; we read the gradients as the sums over samples"
                + " of the per-sample");
        r.line("   formulas (implicit in the document). The batch sentence is checked as its own formulas, whose"
                + " labels say whether dE/dO^L");
        r.line("   (and so Delta^1 and everything built on it) is divided by N; each setting adds the other choice as"
                + " a contrast.");
        for (Net net : List.of(Net.of(Task.REGRESSION, Act.SIGMOID, 2, 3, 1).batch(3, Reduction.MEAN),
                Net.of(Task.REGRESSION, Act.SIGMOID, 2, 3, 1).batch(3, Reduction.SUM),
                Net.of(Task.CLASSIFICATION, Act.RELU, 2, 3, 2, 3).batch(4, Reduction.MEAN))) {
            String setting = add(r, network(net), seed, instances);
            boolean mean = net.reduction() == Reduction.MEAN;
            List<String> sentence = new ArrayList<>(List.of(batchDEdO(net.task(), mean), batchDelta1(net.task(),
                    mean)));
            for (int m = 1; m <= net.depth(); m++) {
                sentence.add(batchWeight(m, mean));
                sentence.add(batchBias(m, mean));
            }
            boolean contrastsFail = true;
            List<String> contrasts = formulasIn(r, List.of(setting), f -> f.contains(CONTRAST_TAG));
            for (String c : contrasts) {
                List<String> hints = r.report(setting).verdict(c).hints();
                contrastsFail &= r.failsIn(c, setting) && !hints.isEmpty()
                        && hints.get(0).startsWith(mean ? "a constant factor of N " : "a constant factor of 1/N ");
            }
            r.line("");
            r.claim(holdsEverywhere(r, List.of(setting), sentence) && !contrasts.isEmpty() && contrastsFail,
                    "Batch of N = " + net.batch() + ", E the " + (mean ? "mean" : "sum") + ", n = " + widths(net) + ": "
                            + (mean ? "dE/dO_i^L divided by N" : "dE/dO_i^L unmodified") + " holds, and so do Delta^1,"
                            + " dE/domega and dE/db built on it;",
                    "the " + (mean ? "undivided" : "divided") + " contrast fails by the factor "
                            + (mean ? "N" : "1/N") + ".");
        }
        return r;
    }

    /** Checks {@code d}, adds its report to {@code r}, marks the rows that are our own checks; the setting. */
    private static String add(DocumentReport r, Derivation d, long seed, int instances) {
        r.add(d.title(), d.check(seed, instances));
        for (var v : r.report(d.title()).verdicts()) {
            if (ours(v.formula())) {
                r.kind(DocumentReport.Kind.OURS, v.formula());
            }
        }
        return d.title();
    }

    /** Whether a label is a check of our own rather than a formula of the document. */
    static boolean ours(String formula) {
        return formula.startsWith(SGD_PREFIX) || formula.contains(CONTRAST_TAG) || formula.equals(RELU_FROM_O)
                || formula.contains(LITERAL_TAG);
    }

    /** The formulas checked in any of {@code settings} that {@code which} selects, in order, without repeats. */
    private static List<String> formulasIn(DocumentReport r, List<String> settings, Predicate<String> which) {
        Set<String> out = new LinkedHashSet<>();
        for (String setting : settings) {
            for (var v : r.report(setting).verdicts()) {
                if (which.test(v.formula())) {
                    out.add(v.formula());
                }
            }
        }
        return List.copyOf(out);
    }

    /** Whether there is at least one formula and each holds in every one of {@code settings} that checked it. */
    private static boolean allHold(DocumentReport r, List<String> settings, List<String> formulas) {
        if (formulas.isEmpty()) {
            return false;
        }
        for (String setting : settings) {
            Set<String> checked = r.report(setting).verdicts().stream().map(v -> v.formula())
                    .collect(Collectors.toSet());
            for (String f : formulas) {
                if (checked.contains(f) && !r.holdsIn(f, setting)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether there is at least one formula and each was checked, and held, in every one of {@code settings}. */
    private static boolean holdsEverywhere(DocumentReport r, List<String> settings, List<String> formulas) {
        if (formulas.isEmpty() || settings.isEmpty()) {
            return false;
        }
        for (String setting : settings) {
            Set<String> checked = r.report(setting).verdicts().stream().map(v -> v.formula())
                    .collect(Collectors.toSet());
            for (String f : formulas) {
                if (!checked.contains(f) || !r.holdsIn(f, setting)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the counterexample of {@code failing} in {@code setting} was drawn with x = (1, ..., 1). */
    private static boolean inputIsOnes(DocumentReport r, String setting, String failing) {
        var c = r.report(setting).verdict(failing).counterexample();
        return c != null && Arrays.stream(c.instance().values("x")).allMatch(x -> x == 1);
    }

    private static String widths(Net net) {
        return "(" + Arrays.stream(net.n).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + ")";
    }

    /** Prints the report of the default seed on 200 instances per setting. */
    public static void main(String[] args) {
        dev.chainrule.examples.Cli.main("Document002", "Document002 (no arguments)", args, a -> {
            dev.chainrule.examples.Cli.atMost(a, 0);
            System.out.print(run(Derivation.DEFAULT_SEED, 200).text());
        });
    }

    // ================================================================ the derivations

    /** The quantities of a network up to layer {@code last}: x, omega^l, b^l for l < last. */
    private static Derivation.Builder quantities(String title, Net net, int last) {
        int[] n = net.n;
        Derivation.Builder d = Derivation.builder(title)
                .tensor("x", net.onesInput ? Draw.constant(1) : Draw.uniform(-2, 2), net.batch, n[0]);
        for (int l = 0; l < last; l++) {
            d.tensor(omega(l), Draw.uniform(-1.5, 1.5), n[l], n[l + 1]).tensor(b(l), Draw.uniform(-1, 1), n[l + 1]);
        }
        if (net.act == Act.RELU) {
            for (int l = 0; l < Math.min(last, net.depth() - 1); l++) {
                d.awayFromZero(MARGIN, s(l));
            }
        }
        return d;
    }

    /**
     * The forward pass up to layer {@code last} with nn modules bound to the instance: records (or probes, if
     * named in {@code probes}) O^l and s^l, and applies {@code atLastS} to s^{last-1} after marking it.
     */
    private static Tensor forward(Derivation.Context c, Net net, int last, Set<String> probes,
                                  UnaryOperator<Tensor> atLastS) {
        Tensor out = mark(c, o(0), c.tensor("x"), probes);
        for (int l = 0; l < last; l++) {
            Linear linear = new Linear(net.n[l], net.n[l + 1], new SplittableRandom(l));
            c.bind(omega(l), linear.weight());
            c.bind(b(l), linear.bias());
            Tensor sl = mark(c, s(l), linear.forward(out), probes);
            if (l == last - 1) {
                sl = atLastS.apply(sl);
            }
            out = mark(c, o(l + 1), activation(net, l + 1).forward(sl), probes);
        }
        return out;
    }

    /** The activation producing O^layer: sigma for hidden layers, identity or softmax for the output. */
    private static Activation activation(Net net, int layer) {
        if (layer < net.depth()) {
            return net.act.module();
        }
        return net.task == Task.REGRESSION ? Activation.identity() : Activation.softmax();
    }

    private static Tensor mark(Derivation.Context c, String name, Tensor t, Set<String> probes) {
        if (probes.contains(name)) {
            return c.probe(name, t);
        }
        c.record(name, t);
        return t;
    }

    /** E(x) from the output O^L and the target (y or l), summed or averaged over the batch. */
    private static Tensor loss(Net net, Tensor out, Tensor target) {
        if (net.task == Task.REGRESSION) {
            return Losses.squaredError(out, target, net.reduction, false);
        }
        Tensor perSample = out.log().mul(target).sum(-1, false).neg();
        return net.reduction == Reduction.MEAN ? perSample.mean() : perSample.sum();
    }

    private static String target(Net net) {
        return net.task == Task.REGRESSION ? "y" : "l";
    }

    private static Derivation.Builder withTarget(Derivation.Builder d, Net net) {
        return net.task == Task.REGRESSION ? d.tensor("y", Draw.uniform(-2, 2), net.batch, 1)
                : d.tensor("l", Draw.oneHotRows(), net.batch, net.n[net.depth()]);
    }

    /** The one-hot selector u picks the node i whose output is the checked "loss". */
    private static int selected(Values v) {
        double[] u = v.tensor("u").toArray();
        for (int i = 0; i < u.length; i++) {
            if (u[i] == 1) {
                return i;
            }
        }
        throw new IllegalStateException("Document002: the selector u is not one-hot: " + Arrays.toString(u));
    }

    /** The derivation whose "loss" is one hidden node O_i^l (1 <= l <= L-1). */
    static Derivation hiddenNode(Net net, int l) {
        if (l < 1 || l >= net.depth()) {
            throw new IllegalArgumentException("Document002.hiddenNode: l must be a hidden layer 1.." + (net.depth()
                    - 1) + ", got " + l);
        }
        String title = "hidden node O_i^l, l = " + l + ", " + net.act.name().toLowerCase() + " hidden layers, (n_0.."
                + "n_l) = (" + Arrays.stream(net.n, 0, l + 1).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")) + ")";
        Derivation.Builder d = quantities(title, net, l)
                .tensor("u", Draw.oneHotRows(), 1, net.n[l])
                .tensorModel(c -> forward(c, net, l, Set.of(o(l - 1), s(l - 1)), t -> t)
                        .mul(c.tensor("u")).sum());
        int[] n = net.n;
        d.tensorFormula(hiddenWeight(), omega(l - 1), v -> {
            int i = selected(v);
            double sigma = net.act.derivative(v.get(s(l - 1), 0, i));
            double[] g = new double[n[l - 1] * n[l]];
            for (int j = 0; j < n[l - 1]; j++) {
                g[j * n[l] + i] = sigma * v.get(o(l - 1), 0, j);
            }
            return Tensor.of(g, n[l - 1], n[l]);
        });
        d.tensorFormula(hiddenInput(), o(l - 1), v -> {
            int i = selected(v);
            double sigma = net.act.derivative(v.get(s(l - 1), 0, i));
            double[] g = new double[n[l - 1]];
            for (int j = 0; j < n[l - 1]; j++) {
                g[j] = sigma * v.get(omega(l - 1), j, i);
            }
            return Tensor.of(g, 1, n[l - 1]);
        });
        d.tensorFormula(hiddenBias(), b(l - 1), v -> unit(n[l], selected(v),
                net.act.derivative(v.get(s(l - 1), 0, selected(v)))));
        if (net.act == Act.SIGMOID) {
            d.tensorFormula(SIGMOID_FROM_S, s(l - 1), v -> {
                int i = selected(v);
                double g = 1 / (1 + Math.exp(-v.get(s(l - 1), 0, i)));
                return unit(n[l], i, g * (1 - g));
            });
            d.tensorFormula(SIGMOID_FROM_O, s(l - 1), v -> {
                int i = selected(v);
                double oi = v.get(o(l), 0, i);
                return unit(n[l], i, oi * (1 - oi));
            });
        } else {
            d.tensorFormula(RELU_FROM_O, s(l - 1), v -> {
                int i = selected(v);
                return unit(n[l], i, v.get(o(l), 0, i) > 0 ? 1 : 0);
            });
        }
        return d.build();
    }

    /** A vector of {@code size} zeros with {@code value} at {@code i}. */
    private static Tensor unit(int size, int i, double value) {
        double[] g = new double[size];
        g[i] = value;
        return Tensor.of(g, size);
    }

    /** The derivation whose "loss" is one output node O_i^L. */
    static Derivation outputNode(Net net) {
        int big = net.depth();
        int[] n = net.n;
        String title = "output node O_i^L, " + net.describe();
        boolean classification = net.task == Task.CLASSIFICATION;
        Derivation.Builder d = quantities(title, net, big)
                .tensor("u", Draw.oneHotRows(), 1, n[big])
                .tensorModel(c -> {
                    Tensor u = c.tensor("u");
                    UnaryOperator<Tensor> diagonal = !classification ? t -> t : sl -> {
                        Tensor si = sl.mul(u).sum();
                        return sl.add(u.mul(c.probe("s_i^{L-1}", si).sub(si)));
                    };
                    return forward(c, net, big, Set.of(o(big - 1), s(big - 1)), diagonal).mul(u).sum();
                });
        if (!classification) {
            d.tensorFormula(OUT_REGRESSION, o(big - 1), v -> {
                int j = selected(v);
                double[] g = new double[n[big - 1]];
                for (int i = 0; i < g.length; i++) {
                    g[i] = v.get(omega(big - 1), i, j);
                }
                return Tensor.of(g, 1, g.length);
            });
            return d.build();
        }
        d.tensorFormula(OUT_CLASSIFICATION, o(big - 1), v -> {
            int i = selected(v);
            double[] g = new double[n[big - 1]];
            for (int j = 0; j < g.length; j++) {
                for (int k = 0; k < n[big]; k++) {
                    g[j] += softmaxJacobian(v, big, 0, i, k) * v.get(omega(big - 1), j, k);
                }
            }
            return Tensor.of(g, 1, g.length);
        });
        d.tensorFormula(SOFTMAX, s(big - 1), v -> {
            int i = selected(v);
            double[] g = new double[n[big]];
            for (int k = 0; k < g.length; k++) {
                g[k] = softmaxJacobian(v, big, 0, i, k);
            }
            return Tensor.of(g, 1, g.length);
        });
        d.formula(SOFTMAX_DIAGONAL, "s_i^{L-1}", v -> {
            double oi = v.get(o(big), 0, selected(v));
            return oi * (1 - oi);
        });
        return d.build();
    }

    /** dO_i^L/ds_k^{L-1} = O_i^L (1{i=k} - O_k^L) at sample p. */
    private static double softmaxJacobian(Values v, int big, int p, int i, int k) {
        return v.get(o(big), p, i) * ((i == k ? 1 : 0) - v.get(o(big), p, k));
    }

    /** The derivation of E(x) for one network: every formula of the derivation and of the summary. */
    static Derivation network(Net net) {
        int big = net.depth();
        int[] n = net.n;
        String title = "E(x), " + net.describe();
        Set<String> probes = new HashSet<>();
        for (int l = 0; l < big; l++) {
            probes.add(s(l));
        }
        probes.add(o(big));
        Derivation.Builder d = withTarget(quantities(title, net, big), net)
                .tensorModel(c -> loss(net, forward(c, net, big, probes, t -> t), c.tensor(target(net))));
        if (net.batch > 1) {
            addBatchFormulas(d, net);
            return d.build();
        }
        double scale = 1; // one sample: the document's formulas as written, no batch factor
        boolean regression = net.task == Task.REGRESSION;
        d.tensorFormula(regression ? DEDO_REGRESSION : DEDO_CLASSIFICATION, o(big),
                v -> tensor(dEdO(v, net, scale)));
        d.tensorFormula(regression ? DELTA1_REGRESSION : DELTA1_CLASSIFICATION, s(big - 1),
                v -> tensor(delta1(v, net, scale)));
        d.tensorFormula(DELTA2_GENERAL, s(big - 2), v -> {
            double[][] dedo = dEdO(v, net, scale);
            double[][] g = new double[net.batch][n[big - 1]];
            for (int p = 0; p < net.batch; p++) {
                for (int i = 0; i < n[big - 1]; i++) {
                    double sum = 0;
                    for (int j = 0; j <= n[big] - 1; j++) {
                        sum += dedo[p][j] * outputPartial(v, net, p, j, i);
                    }
                    g[p][i] = sigma(v, net, big - 2, p, i) * sum;
                }
            }
            return tensor(g);
        });
        if (regression) {
            d.tensorFormula(DELTA2_REGRESSION, s(big - 2), v -> tensor(delta(v, net, 2, scale, false)));
        } else {
            addClassificationLines(d, net);
        }
        for (int l = 2; l <= big; l++) {
            int level = l;
            d.tensorFormula(recursion(l), s(big - l), v -> tensor(delta(v, net, level, scale, false)));
        }
        for (int l = 2; l <= big; l++) {
            int level = l;
            d.tensorFormula(literal(l), s(big - l), v -> tensor(delta(v, net, level, scale, true)));
        }
        for (int l = 3; l <= big; l++) {
            int level = l;
            d.tensorFormula(corrected(l), s(big - l), v -> tensor(delta(v, net, level, scale, false)));
        }
        for (int m = 1; m <= big; m++) {
            int level = m;
            d.tensorFormula(weight(m), omega(big - m), v -> weightGradient(v, net, level, scale));
        }
        for (int m = 2; m <= big; m++) {
            int level = m;
            d.tensorFormula(nested(m), omega(big - m), v -> nestedGradient(v, net, level, scale));
        }
        for (int m = 1; m <= big; m++) {
            int level = m;
            d.tensorFormula(bias(m), b(big - m), v -> biasGradient(v, net, level, scale));
        }
        if (net.biasSentence) {
            for (int m = 1; m <= big; m++) {
                int level = m;
                d.tensorFormula(biasSentence(m), omega(big - m), v -> {
                    double[] db = biasGradient(v, net, level, scale).toArray();
                    int rows = n[big - level];
                    double[] g = new double[rows * db.length];
                    for (int i = 0; i < rows; i++) {
                        System.arraycopy(db, 0, g, i * db.length, db.length);
                    }
                    return Tensor.of(g, rows, db.length);
                });
            }
        }
        for (int l = 0; l < big; l++) {
            int layer = l;
            d.tensorUpdate(update(l), omega(l), ALPHA, v -> v.tensor(omega(layer))
                    .sub(weightGradient(v, net, big - layer, scale).mul(ALPHA)));
            d.tensorUpdate(sgd(l), omega(l), ALPHA, v -> sgdStep(v, net, layer));
        }
        return d.build();
    }

    /**
     * The batch sentence on a batch of N samples: dE/dO^L, Delta^1, and every dE/domega and dE/db built on them,
     * with dE/dO^L divided by N when E is the mean and unmodified when it is the sum; then the other choice, as
     * a contrast.
     */
    private static void addBatchFormulas(Derivation.Builder d, Net net) {
        int big = net.depth();
        boolean mean = net.reduction == Reduction.MEAN;
        double scale = net.batchScale();
        double other = mean ? 1.0 : 1.0 / net.batch;
        d.constant("N", net.batch);
        d.tensorFormula(batchDEdO(net.task, mean), o(big), v -> tensor(dEdO(v, net, scale)));
        d.tensorFormula(batchDelta1(net.task, mean), s(big - 1), v -> tensor(delta1(v, net, scale)));
        for (int m = 1; m <= big; m++) {
            int level = m;
            d.tensorFormula(batchWeight(m, mean), omega(big - m), v -> weightGradient(v, net, level, scale));
        }
        for (int m = 1; m <= big; m++) {
            int level = m;
            d.tensorFormula(batchBias(m, mean), b(big - m), v -> biasGradient(v, net, level, scale));
        }
        d.tensorFormula(batchContrastDelta1(net.task, mean), s(big - 1), v -> tensor(delta1(v, net, other)));
        d.tensorFormula(batchContrastWeight(big, mean), omega(0), v -> weightGradient(v, net, big, other));
    }

    /** The classification derivation of Delta^2 for one sample, line by line. */
    private static void addClassificationLines(Derivation.Builder d, Net net) {
        int big = net.depth();
        int[] n = net.n;
        int hidden = n[big - 1];
        int classes = n[big];
        d.tensorFormula(DELTA2_C3, s(big - 2), v -> {
            double[][] g = new double[net.batch][hidden];
            for (int p = 0; p < net.batch; p++) {
                for (int i = 0; i < hidden; i++) {
                    double outer = 0;
                    for (int j = 0; j < classes; j++) {
                        double inner = 0;
                        for (int k = 0; k < classes; k++) {
                            inner += v.get(omega(big - 1), i, k) * softmaxJacobian(v, big, p, j, k);
                        }
                        outer += -v.get("l", p, j) / v.get(o(big), p, j) * inner;
                    }
                    g[p][i] = sigma(v, net, big - 2, p, i) * outer;
                }
            }
            return tensor(g);
        });
        d.tensorFormula(DELTA2_C4, s(big - 2), v -> {
            double[][] g = new double[net.batch][hidden];
            for (int p = 0; p < net.batch; p++) {
                for (int i = 0; i < hidden; i++) {
                    double outer = 0;
                    for (int k = 0; k < classes; k++) {
                        double inner = 0;
                        for (int j = 0; j < classes; j++) {
                            inner += v.get("l", p, j) * ((j == k ? 1 : 0) - v.get(o(big), p, k));
                        }
                        outer += v.get(omega(big - 1), i, k) * -inner;
                    }
                    g[p][i] = sigma(v, net, big - 2, p, i) * outer;
                }
            }
            return tensor(g);
        });
        d.tensorFormula(DELTA2_C5, s(big - 2), v -> {
            double[][] g = new double[net.batch][hidden];
            for (int p = 0; p < net.batch; p++) {
                for (int i = 0; i < hidden; i++) {
                    double outer = 0;
                    for (int j = 0; j < classes; j++) {
                        double inner = 0;
                        for (int k = 0; k < classes; k++) {
                            inner += v.get("l", p, k) * ((j == k ? 1 : 0) - v.get(o(big), p, j));
                        }
                        outer += v.get(omega(big - 1), i, j) * -inner;
                    }
                    g[p][i] = sigma(v, net, big - 2, p, i) * outer;
                }
            }
            return tensor(g);
        });
        d.tensorFormula(DELTA2_C6, s(big - 2), v -> tensor(delta(v, net, 2, 1, false)));
    }

    // ================================================================ the hand formulas

    /** sigma_i^m = sigma'(s_i^m) at sample p. */
    private static double sigma(Values v, Net net, int m, int p, int i) {
        return net.act.derivative(v.get(s(m), p, i));
    }

    /** dE/dO_i^L per sample: the document's, times {@code scale} (1/N under the batch sentence with E the mean). */
    private static double[][] dEdO(Values v, Net net, double scale) {
        int big = net.depth();
        double[][] g = new double[net.batch][net.n[big]];
        for (int p = 0; p < net.batch; p++) {
            for (int i = 0; i < net.n[big]; i++) {
                double oi = v.get(o(big), p, i);
                g[p][i] = scale * (net.task == Task.REGRESSION ? -2 * (v.get("y", p, 0) - oi) : -v.get("l", p, i) / oi);
            }
        }
        return g;
    }

    /** dO_j^L/dO_i^{L-1} as the document gives it for each task. */
    private static double outputPartial(Values v, Net net, int p, int j, int i) {
        int big = net.depth();
        if (net.task == Task.REGRESSION) {
            return v.get(omega(big - 1), i, j);
        }
        double sum = 0;
        for (int k = 0; k < net.n[big]; k++) {
            sum += softmaxJacobian(v, big, p, j, k) * v.get(omega(big - 1), i, k);
        }
        return sum;
    }

    /** Delta_i^1 per sample, times {@code scale}. */
    private static double[][] delta1(Values v, Net net, double scale) {
        int big = net.depth();
        int classes = net.n[big];
        double[][] g = new double[net.batch][classes];
        for (int p = 0; p < net.batch; p++) {
            for (int i = 0; i < classes; i++) {
                double oi = v.get(o(big), p, i);
                if (net.task == Task.REGRESSION) {
                    g[p][i] = scale * -2 * (v.get("y", p, 0) - oi);
                } else {
                    double sum = 0;
                    for (int j = 0; j <= classes - 1; j++) {
                        sum += v.get("l", p, j) * ((i == j ? 1 : 0) - oi);
                    }
                    g[p][i] = scale * -sum;
                }
            }
        }
        return g;
    }

    /**
     * Delta^level per sample by the document's recursion from Delta^1, with the upper limit of the sum over j as
     * derived (n_{L-l+2} - 1) or as typeset in the summary (n_L - l + 2 - 1).
     */
    private static double[][] delta(Values v, Net net, int level, double scale, boolean typeset) {
        int big = net.depth();
        int[] n = net.n;
        double[][] d = delta1(v, net, scale);
        for (int l = 2; l <= level; l++) {
            int upper = typeset ? n[big] - l + 2 - 1 : n[big - l + 2] - 1;
            double[][] next = new double[net.batch][n[big - l + 1]];
            for (int p = 0; p < net.batch; p++) {
                for (int i = 0; i < n[big - l + 1]; i++) {
                    double sum = 0;
                    for (int j = 0; j <= upper; j++) {
                        sum += v.get(omega(big - l + 1), i, j) * d[p][j];
                    }
                    next[p][i] = sigma(v, net, big - l, p, i) * sum;
                }
            }
            d = next;
        }
        return d;
    }

    /** dE/domega_ij^{L-n} = O_i^{L-n} Delta_j^n, summed over the samples. */
    private static Tensor weightGradient(Values v, Net net, int level, double scale) {
        int big = net.depth();
        int rows = net.n[big - level];
        int cols = net.n[big - level + 1];
        double[][] delta = delta(v, net, level, scale, false);
        double[] g = new double[rows * cols];
        for (int p = 0; p < net.batch; p++) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    g[i * cols + j] += v.get(o(big - level), p, i) * delta[p][j];
                }
            }
        }
        return Tensor.of(g, rows, cols);
    }

    /**
     * The nested chain-rule form: G(i_2) = sum_{i_1} dE/dO_{i_1}^L dO_{i_1}^L/dO_{i_2}^{L-1}, then for each level
     * m = 3..n, G(i_m) = sum_{i_{m-1}=0}^{n_{L-m+2}-1} G(i_{m-1}) sigma_{i_{m-1}}^{L-m+1}
     * omega_{i_m i_{m-1}}^{L-m+1}, and finally G(i_n) sigma_{i_n}^{L-n} O_{i_j}^{L-n}.
     */
    private static Tensor nestedGradient(Values v, Net net, int level, double scale) {
        int big = net.depth();
        int[] n = net.n;
        double[][] dedo = dEdO(v, net, scale);
        int rows = n[big - level];
        int cols = n[big - level + 1];
        double[] result = new double[rows * cols];
        for (int p = 0; p < net.batch; p++) {
            double[] g = new double[n[big - 1]];
            for (int i2 = 0; i2 < n[big - 1]; i2++) {
                for (int i1 = 0; i1 <= n[big] - 1; i1++) {
                    g[i2] += dedo[p][i1] * outputPartial(v, net, p, i1, i2);
                }
            }
            for (int m = 3; m <= level; m++) {
                double[] next = new double[n[big - m + 1]];
                for (int im = 0; im < next.length; im++) {
                    for (int prev = 0; prev <= n[big - m + 2] - 1; prev++) {
                        next[im] += g[prev] * sigma(v, net, big - m + 1, p, prev)
                                * v.get(omega(big - m + 1), im, prev);
                    }
                }
                g = next;
            }
            for (int ij = 0; ij < rows; ij++) {
                for (int in = 0; in < cols; in++) {
                    result[ij * cols + in] += g[in] * sigma(v, net, big - level, p, in)
                            * v.get(o(big - level), p, ij);
                }
            }
        }
        return Tensor.of(result, rows, cols);
    }

    /** dE/db_j^{L-n} = Delta_j^n, summed over the samples. */
    private static Tensor biasGradient(Values v, Net net, int level, double scale) {
        double[][] delta = delta(v, net, level, scale, false);
        double[] g = new double[delta[0].length];
        for (double[] row : delta) {
            for (int j = 0; j < g.length; j++) {
                g[j] += row[j];
            }
        }
        return Tensor.of(g, g.length);
    }

    /** One step of nn's Sgd on a Sequential network holding this instance's values; the new omega^layer. */
    private static Tensor sgdStep(Values v, Net net, int layer) {
        int big = net.depth();
        List<Module> modules = new ArrayList<>();
        List<Linear> linears = new ArrayList<>();
        for (int l = 0; l < big; l++) {
            Linear linear = new Linear(net.n[l], net.n[l + 1], new SplittableRandom(l));
            linear.weight().assign(v.tensor(omega(l)));
            linear.bias().assign(v.tensor(b(l)));
            linears.add(linear);
            modules.add(linear);
            modules.add(activation(net, l + 1));
        }
        Sequential network = new Sequential(modules.toArray(new Module[0]));
        try (var on = Grad.enabled()) {
            loss(net, network.forward(v.tensor("x")), v.tensor(target(net))).backward();
        }
        new Sgd(network.parameters(), ALPHA).step();
        Tensor w = linears.get(layer).weight();
        return Tensor.of(w.toArray(), w.shape().dims());
    }

    /** A [N][k] array as a tensor of shape [N, k]. */
    private static Tensor tensor(double[][] rows) {
        int cols = rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int p = 0; p < rows.length; p++) {
            System.arraycopy(rows[p], 0, flat, p * cols, cols);
        }
        return Tensor.of(flat, rows.length, cols);
    }
}
