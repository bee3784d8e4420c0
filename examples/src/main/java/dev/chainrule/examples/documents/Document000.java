package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.DerivationReport;
import dev.chainrule.check.Draw;
import dev.chainrule.core.Differentiable;
import dev.chainrule.nn.Activation;
import dev.chainrule.nn.graph.NeuronNetwork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Document 000, CSDS 440 Assignment 5 Problem 20: backpropagation with a free activation h and the binary
 * cross-entropy L = -y log h(n_out) - (1 - y) log(1 - h(n_out)), in Lecture 10's notation: n_j = sum_i w_ji x_ji,
 * where x_ji is the input that unit j receives from unit i (x_ji = h(n_i) for a hidden unit i).
 */
public final class Document000 {
    /** The document's file name in {@code shared/seeds}. */
    public static final String FILE = "000_53a04f825576beed.txt";

    static final String HO = "Problem 20, hidden-to-output: dL/dw_ji = ((1-y)/(1-h(n_j)) - (-y)/h(n_j)) h'(n_j) x_ji";
    static final String HO_FIXED = "Problem 20, hidden-to-output, corrected: dL/dw_ji = ((1-y)/(1-h(n_j)) - y/h(n_j))"
            + " h'(n_j) x_ji";
    static final String IH = "Problem 20, input-to-hidden: dL/dw_ji = h'(n_j) x_ji sum_{k in Downstream(j)} "
            + "dL/dw_kj w_kj / x_kj";
    static final String IH_LINE = "Problem 20, input-to-hidden, its line 7: dL/dw_ji = h'(n_j) sum_{k in "
            + "Downstream(j)} dL/dn_k w_kj x_ji";
    static final String HO_LINE3 = "Problem 20, hidden-to-output, its line 3: dL/dw_ji = dL/dn_j x_ji";
    static final String IH_LINE4 = "Problem 20, input-to-hidden, its line 4: dL/dw_ji = sum_{k in Downstream(j)} "
            + "dL/dn_k dn_k/dn_j x_ji, with dn_k/dn_j = w_kj h'(n_j) (its lines 5-6)";
    static final String PLUGGED = "Problem 20, input-to-hidden with the loss plugged in: dL/dw_ji = h'(n_j) x_ji "
            + "sum_k ((1-y)/(1-h(n_k)) - (-y)/h(n_k)) h'(n_k) x_kj w_kj / x_kj";
    static final String PLUGGED_SIGN = "Problem 20, input-to-hidden with the loss plugged in, only its sign fixed "
            + "(ours): ... ((1-y)/(1-h(n_k)) - y/h(n_k)) ...";
    static final String IH_FIXED = "Problem 20, input-to-hidden, corrected (its line 7, no division by x_kj): "
            + "dL/dw_ji = h'(n_j) x_ji sum_{k in Downstream(j)} dL/dn_k w_kj";
    static final String IH_LINE3 = "Problem 20, input-to-hidden, its line 3: dL/dw_ji = dL/dn_j x_ji";
    static final String GENERAL = "Problem 20, input-to-hidden, corrected for any depth: dL/dw_ji = h'(n_j) x_ji "
            + "sum_k delta_k w_kj, delta_out = ((1-y)/(1-h) - y/h) h'(n_out), delta_k = h'(n_k) sum_m delta_m w_mk";

    /** An activation with its derivative as a student writes it. */
    record H(Activation act, DoubleUnaryOperator prime) {
        String name() {
            return act.name();
        }
    }

    static final H SIGMOID = standard(Activation.sigmoid());
    static final H HALF_TANH = new H(Activation.pointwise("(1 + tanh u)/2", new Activation.Formula() {
        @Override
        public <T extends Differentiable<T>> T apply(T z) {
            return z.tanh().add(1).mul(0.5);
        }
    }), z -> (1 - Math.tanh(z) * Math.tanh(z)) / 2);
    static final H GAUSSIAN = new H(Activation.pointwise("exp(-u^2)", new Activation.Formula() {
        @Override
        public <T extends Differentiable<T>> T apply(T z) {
            return z.square().neg().exp();
        }
    }), z -> -2 * z * Math.exp(-z * z));
    static final H TANH = standard(Activation.tanh());
    static final H RELU = standard(Activation.relu());

    /** A standard activation with the hand derivative the documents share. */
    private static H standard(Activation act) {
        return new H(act, z -> Neurons.derivative(act, z));
    }

    /** One network and activation choice: hidden units use {@code hidden}, the output unit {@code out}. */
    record Setting(String title, NeuronNetwork net, H hidden, H out, String output, String j, String i,
                   String hoJ, String hoI, boolean yZero) {
        H act(String unit) {
            return unit.equals(output) ? out : hidden;
        }
    }

    private Document000() {
    }

    /**
     * Inputs 1, 2, hidden layers of two units each, one output unit; weight w_ji on the edge i -&gt; j; no biases,
     * as the document's n_j = sum_i w_ji x_ji has none.
     */
    static NeuronNetwork network(int hiddenLayers, H hidden, H out) {
        NeuronNetwork.Builder b = NeuronNetwork.builder().input("1").input("2");
        List<String> previous = List.of("1", "2");
        int next = 3;
        for (int l = 0; l < hiddenLayers; l++) {
            List<String> layer = List.of(Integer.toString(next), Integer.toString(next + 1));
            next += 2;
            for (String j : layer) {
                b.neuron(j, hidden.act());
                for (String i : previous) {
                    b.edge(i, j, "w_" + j + i);
                }
            }
            previous = layer;
        }
        String o = Integer.toString(next);
        b.neuron(o, out.act());
        for (String i : previous) {
            b.edge(i, o, "w_" + o + i);
        }
        return b.build(0);
    }

    static Setting setting(int hiddenLayers, H hidden, H out) {
        return setting(hiddenLayers, hidden, out, false);
    }

    /** With {@code yZero}, the label y is always 0 (the document's y-term then vanishes). */
    static Setting setting(int hiddenLayers, H hidden, H out, boolean yZero) {
        NeuronNetwork net = network(hiddenLayers, hidden, out);
        String output = net.neurons().get(net.neurons().size() - 1);
        String title = (hiddenLayers == 1 ? "one hidden layer" : hiddenLayers + " hidden layers")
                + (hidden == out ? ", h = " + hidden.name() : ", hidden h = " + hidden.name() + ", output h = "
                + out.name()) + (yZero ? ", y = 0 only" : "");
        // input-to-hidden is checked at w_31 (unit 3 in the first hidden layer), hidden-to-output at the output's
        // weight from the last hidden layer's first unit
        String lastHidden = net.neurons().get(net.neurons().size() - 3);
        return new Setting(title, net, hidden, out, output, "3", "1", output, lastHidden, yZero);
    }

    /** The derivation of one setting: every formula of Problem 20 as written, and the corrections. */
    static Derivation derivation(Setting s) {
        NeuronNetwork net = s.net();
        Derivation.Builder b = Derivation.builder(s.title());
        for (String p : net.parameters().keySet()) {
            b.scalar(p, Draw.uniform(-2, 2));
        }
        b.scalar("x_1", Draw.uniform(-2, 2)).scalar("x_2", Draw.uniform(-2, 2))
                .scalar("y", s.yZero() ? Draw.of(0) : Draw.of(0, 1));
        b.model(new Derivation.GenericModel() {
            @Override
            public <T extends Differentiable<T>> T loss(Derivation.Generic<T> c) {
                T o = Neurons.forward(c, net, "n_", "h_").x().get(s.output());
                double y = c.value("y");
                // L = -y log h(n_out) - (1 - y) log(1 - h(n_out)), the document's loss
                return o.log().mul(-y).sub(o.neg().add(1).log().mul(1 - y));
            }
        });
        b.require("0.01 <= h(n_out) <= 0.99 (the loss has poles at 0 and 1)",
                v -> v.get("h_" + s.output()) >= 0.01 && v.get("h_" + s.output()) <= 0.99);
        if (s.hidden() == RELU) {
            for (String j : net.neurons()) {
                if (!j.equals(s.output())) {
                    b.awayFromZero(0.05, "n_" + j);
                }
            }
        }
        if (s.hidden() == GAUSSIAN) {
            for (String j : net.neurons()) {
                b.awayFromZero(0.05, "n_" + j);
            }
        }
        String j = s.j();
        String i = s.i();
        String wji = "w_" + j + i;
        String who = "w_" + s.hoJ() + s.hoI();
        return b.formula(HO, who, v -> outputFactor(s, v, true) * x(v, s.hoJ(), s.hoI()))
                .formula(HO_FIXED, who, v -> outputFactor(s, v, false) * x(v, s.hoJ(), s.hoI()))
                .formula(HO_LINE3, who, v -> v.grad("n_" + s.hoJ()) * x(v, s.hoJ(), s.hoI()))
                .formula(IH_LINE3, wji, v -> v.grad("n_" + j) * x(v, j, i))
                .formula(IH_LINE4, wji, v -> {
                    double sum = 0;
                    for (String k : net.downstream(j)) {
                        sum += v.grad("n_" + k) * v.get("w_" + k + j) * prime(s, v, j);
                    }
                    return sum * x(v, j, i);
                })
                .formula(IH, wji, v -> {
                    double sum = 0;
                    for (String k : net.downstream(j)) {
                        String wkj = "w_" + k + j;
                        sum += v.grad(wkj) * v.get(wkj) / x(v, k, j);
                    }
                    return prime(s, v, j) * x(v, j, i) * sum;
                })
                .formula(IH_LINE, wji, v -> {
                    double sum = 0;
                    for (String k : net.downstream(j)) {
                        sum += v.grad("n_" + k) * v.get("w_" + k + j);
                    }
                    return prime(s, v, j) * sum * x(v, j, i);
                })
                .formula(IH_FIXED, wji, v -> {
                    double sum = 0;
                    for (String k : net.downstream(j)) {
                        sum += v.grad("n_" + k) * v.get("w_" + k + j);
                    }
                    return prime(s, v, j) * x(v, j, i) * sum;
                })
                .formula(PLUGGED, wji, v -> plugged(s, v, j, i, true))
                .formula(PLUGGED_SIGN, wji, v -> plugged(s, v, j, i, false))
                .formula(GENERAL, wji, v -> {
                    double sum = 0;
                    for (String k : net.downstream(j)) {
                        sum += delta(s, v, k) * v.get("w_" + k + j);
                    }
                    return prime(s, v, j) * x(v, j, i) * sum;
                })
                .build();
    }

    /** x_ji: the input unit j receives from unit i (an input's value, or h(n_i) of a hidden unit). */
    private static double x(Derivation.Values v, String j, String i) {
        return i.equals("1") || i.equals("2") ? v.get("x_" + i) : v.get("h_" + i);
    }

    private static double prime(Setting s, Derivation.Values v, String unit) {
        return s.act(unit).prime().applyAsDouble(v.get("n_" + unit));
    }

    /** ((1-y)/(1-h(n_k)) - (-y)/h(n_k)) h'(n_k) as written, or with -y/h(n_k) when corrected. */
    private static double factor(Setting s, Derivation.Values v, String k, boolean asWritten) {
        double y = v.get("y");
        double h = v.get("h_" + k);
        double yTerm = asWritten ? -y / h : y / h;
        return ((1 - y) / (1 - h) - yTerm) * prime(s, v, k);
    }

    private static double outputFactor(Setting s, Derivation.Values v, boolean asWritten) {
        return factor(s, v, s.hoJ(), asWritten);
    }

    private static double plugged(Setting s, Derivation.Values v, String j, String i, boolean asWritten) {
        double sum = 0;
        for (String k : s.net().downstream(j)) {
            double xkj = x(v, k, j);
            sum += factor(s, v, k, asWritten) * xkj * v.get("w_" + k + j) / xkj;
        }
        return prime(s, v, j) * x(v, j, i) * sum;
    }

    /** delta_k = dL/dn_k by the corrected recursion, from the output down. */
    private static double delta(Setting s, Derivation.Values v, String k) {
        if (k.equals(s.output())) {
            return factor(s, v, k, false);
        }
        double sum = 0;
        for (String m : s.net().downstream(k)) {
            sum += delta(s, v, m) * v.get("w_" + m + k);
        }
        return prime(s, v, k) * sum;
    }

    /** The settings the report checks. */
    static List<Setting> settings() {
        return List.of(setting(1, SIGMOID, SIGMOID), setting(1, HALF_TANH, HALF_TANH), setting(1, GAUSSIAN, GAUSSIAN),
                setting(1, TANH, SIGMOID), setting(1, RELU, SIGMOID), setting(2, SIGMOID, SIGMOID),
                setting(1, SIGMOID, SIGMOID, true));
    }

    /** Every check of the document, verdicts from the checker. */
    public static DocumentReport run(long seed, int instances) {
        DocumentReport r = new DocumentReport(FILE, "CSDS 440 Assignment 5, Problem 20 (free activation h, "
                + "cross-entropy)");
        r.line("Notation: n_j = sum_i w_ji x_ji (no biases, as in the document), x_ji = the input unit j "
                + "receives from i (x_i for an input,")
                .line("h(n_i) for a hidden unit), o = h(n_out), L = -y log h(n_out) - (1 - y) log(1 - "
                        + "h(n_out)), y in {0, 1}.")
                .line("The lecture's figure is not in the document: the networks are inputs 1, 2, hidden units of two,")
                .line("one output, built with nn's NeuronNetwork; weights and inputs drawn from [-2, 2].")
                .line("The document assumes nothing about h, so Problem 20 is checked with h = sigmoid, (1 + "
                        + "tanh u)/2,")
                .line("exp(-u^2) (all in (0, 1], as the loss needs at the output), and with hidden units tanh or relu")
                .line("under a sigmoid output (each unit's own h' in the formulas). dL/dw_kj and dL/dn_k inside a")
                .line("formula are taken from autograd, so each line is checked on its own. The loss is written once")
                .line("over Differentiable, so forward mode (dual numbers) confirms autograd beside central "
                        + "differences.");
        Map<String, List<String>> failedIn = new LinkedHashMap<>();
        List<DerivationReport> reports = new ArrayList<>();
        for (Setting s : settings()) {
            DerivationReport rep = derivation(s).check(seed, instances);
            r.add(s.title(), rep);
            reports.add(rep);
            for (DerivationReport.Verdict v : rep.verdicts()) {
                failedIn.computeIfAbsent(v.formula(), k -> new ArrayList<>());
                if (!v.holds()) {
                    failedIn.get(v.formula()).add(s.title());
                }
            }
        }
        r.kind(DocumentReport.Kind.OURS, PLUGGED_SIGN);
        r.kind(DocumentReport.Kind.CORRECTED, GENERAL);
        List<Setting> all = settings();
        Setting relu = all.get(4);
        Setting deep = all.get(5);
        Setting yZero = all.get(6);
        List<Setting> labelled = all.stream().filter(x -> !x.yZero()).toList();
        boolean hoFailsWithLabels = labelled.stream().allMatch(x -> r.failsIn(HO, x.title()));
        boolean opposite = reports.stream().filter(rep -> !rep.verdict(HO).holds()).allMatch(rep -> rep.verdict(HO)
                .hints().stream().anyMatch(h -> h.startsWith("opposite sign")));
        boolean yIsOne = reports.stream().filter(rep -> !rep.verdict(HO).holds()).allMatch(rep -> rep.verdict(HO)
                .counterexample().instance().values("y")[0] == 1.0);
        r.line("").line("Findings (each one checked against the verdicts above):");
        r.claim(r.holds(HO_LINE3) && r.holds(IH_LINE3) && r.holds(IH_LINE4) && r.holds(IH_LINE),
                " - The chain-rule steps hold in every setting: line 3 of each part (dL/dn_j x_ji), and lines 4-7 of",
                "   input-to-hidden (the sum over Downstream(j) of dL/dn_k w_kj h'(n_j) x_ji).");
        r.claim(hoFailsWithLabels && opposite && yIsOne && r.holdsIn(HO, yZero.title()) && r.holds(HO_FIXED),
                " - Hidden-to-output as written fails in every setting where y is 0 or 1, with the opposite sign",
                "   wherever it fails; every (shrunk) counterexample has y = 1, and with y = 0 only (sigmoid) it",
                "   holds (the y-term vanishes). d/dh of -y log h is -y/h, so the bracket must read "
                        + "(1-y)/(1-h(n_j)) - y/h(n_j); the",
                "   document's - (-y)/h(n_j) flips that term. The corrected bracket holds in every setting.");
        r.claim(failedIn.get(IH).equals(List.of(relu.title())) && r.holds(IH_LINE) && r.holds(IH_FIXED)
                        && hinted(r, IH, relu, "not finite") && hinted(r, IH, relu, "exactly where h_3 > 0"),
                " - Input-to-hidden (its last line) fails only with relu hidden units: it divides by x_kj = h(n_j),",
                "   so it needs every x_kj != 0; a relu unit with n_j < 0 has x_kj = 0, and then dL/dw_kj = 0 too, so",
                "   dL/dw_kj w_kj / x_kj is 0/0. Its own line 7, before the division, holds in every setting: it is",
                "   the corrected formula (checked again under that name).");
        r.claim(labelled.stream().allMatch(x -> r.failsIn(PLUGGED, x.title()))
                        && all.subList(0, 4).stream().allMatch(x -> hinted(r, PLUGGED, x, "opposite sign"))
                        && r.holdsIn(PLUGGED, yZero.title())
                        && failedIn.get(PLUGGED_SIGN).equals(List.of(relu.title(), deep.title()))
                        && hinted(r, PLUGGED_SIGN, relu, "not finite")
                        && r.holds(GENERAL),
                " - The plugged-in form fails in every setting where y is 0 or 1 (it inherits the sign error). With",
                "   only its sign fixed it still fails with relu units (x_kj = 0 again) and with two hidden layers: it",
                "   uses the output unit's factor for every k in Downstream(j), so it needs every such k to be the",
                "   output unit. The recursion delta_k = dL/dn_k (the last formula) is the correction that holds in",
                "   every setting.");
        return r;
    }

    /** Whether the verdict on a formula in a setting carries a hint containing {@code text}. */
    private static boolean hinted(DocumentReport r, String formula, Setting s, String text) {
        return r.report(s.title()).verdict(formula).hints().stream().anyMatch(h -> h.contains(text));
    }

    /** Prints the report. */
    public static void main(String[] args) {
        dev.chainrule.examples.Cli.main("Document000", "Document000 (no arguments)", args, a -> {
            dev.chainrule.examples.Cli.atMost(a, 0);
            System.out.print(run(Derivation.DEFAULT_SEED, Derivation.DEFAULT_INSTANCES).text());
        });
    }
}
