package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parity of the two paths before the Java encodings are retired: for formulas that both the Java encoding of a
 * document and its text page check, the verdicts agree, and where a hint names the kind of mistake (an opposite
 * sign, a division by a quantity that can be 0, a missing relu'(z^2), a transposed layout, a constant factor),
 * both give it. Each pair names the Java row by its label and the text line by its place in the document.
 */
class TextParityTest {
    /**
     * A Java row (its label's beginning) and a text line (its reading, or null for any, and its place; a
     * correction by its name), with the hint both must give (its Java and its text spelling), or none.
     */
    private record Pair(String doc, String java, String reading, String at, String javaHint, String textHint) {
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair("000", "Problem 20, hidden-to-output: dL/dw_ji", null, "22:40", "opposite sign",
                    "opposite sign"),
            new Pair("000", "Problem 20, hidden-to-output, its line 3", null, "18:217", null, null),
            new Pair("000", "Problem 20, input-to-hidden: dL/dw_ji = h'(n_j) x_ji sum", null, "32:40",
                    "not finite", "not finite"),
            new Pair("000", "Problem 20, input-to-hidden, its line 7", null, "28:677", null, null),
            new Pair("000", "Problem 20, input-to-hidden with the loss plugged in:", null, "36:40", "opposite sign",
                    "opposite sign"),
            new Pair("000", "Problem 20, hidden-to-output, corrected", null, "bracket sign", null, null),
            new Pair("001", "1b d(1 + e^-x)^-1/dx = f(x)(1 - f(x))", "per-sample", "17:378", null, null),
            new Pair("001", "1b d(sinh(x)/cosh(x))/dx = 1 - tanh^2(x)", "per-sample", "21:345", null, null),
            new Pair("001", "1b ReLU f'(x) = 1 if x > 0", "per-sample", "29:11", null, null),
            new Pair("001", "1d dyhat_i/dz_i^2 = yhat_i (1 - yhat_i)", "per-sample", "63:47", null, null),
            new Pair("001", "1d dyhat_i/dz_j^2 = -yhat_i yhat_j  (j != i)", "per-sample", "69:47", null, null),
            new Pair("001", "1d dL/dyhat_i = -(1/N) sum_{n=1}^{N} sum_{i=1}^{C} d(y_i log yhat_i)/dyhat_i  (read as",
                    "per-sample", "71:43", null, null),
            new Pair("001", "1d dL/db^2 = (1/N) sum_{n=1}^{C} delta^3", "per-sample", "99:37", null, null),
            new Pair("001", "1d dL/db^2, corrected", "per-sample", "sum over the batch", null, null),
            new Pair("001", "1d dL/dW^2 = (1/N) a^1T delta^3  (the document's form, in the row convention", "row",
                    "93:37", null, null),
            new Pair("002", "dE/dO_i^L = -2(y - O_i^L)", "regression", "53:93", null, null),
            new Pair("002", "Delta_i^1 = -2(y - O_i^L) (regression)", "regression", "53:315", null, null),
            new Pair("002", "Delta_i^l = sigma_i^{L-l} sum_{j=0}^{n_L-l+2-1} omega_ij^{L-l+1} Delta_j^{l-1} (summary, "
                    + "as typeset), l = 3", "classification", "63:207", null, null),
            new Pair("002", "Delta_i^l = sigma_i^{L-l} sum_{j=0}^{n_{L-l+2}-1} omega_ij^{L-l+1} Delta_j^{l-1} (summary)"
                    + ", corrected", "classification", "upper limit", null, null),
            new Pair("003", "Question 1 item 1:", null, "11:51", null, null),
            new Pair("003", "Question 1 item 6", null, "41:27", null, null),
            new Pair("003", "Question 1 item 8: dh^2_{1,1}/dW^2 = [[", "B", "51:45", "every element of h1 = 0",
                    "every element of h^1 = 0"),
            new Pair("003", "Question 1 item 11", "A", "59:45", "every element of z2 > 0",
                    "every element of z^2 > 0"),
            new Pair("003", "Question 1 item 12", "A", "63:47", null, null),
            new Pair("003", "Question 1 item 15", "A", "75:45", "every element of z2 > 0",
                    "every element of z^2 > 0"),
            new Pair("003", "Question 1 after item 15: dl/dW^1_{(i,j)} = sum_{k=1}^{n_1} (sum_{m=1}", null, "77:53",
                    null, null),
            new Pair("004", "(a) dL/dz_6 = 2 (z_6^2 - t) / z_6^3", null, "19:131", null, null),
            new Pair("004", "(a) dL/dz_6 = -t (2) (z_6) / z_6^4 + 2 (1 / z_6)", null, "19:37", null, null),
            new Pair("004", "(b) update w_46 <- w_46 - 2 k x_4 (z_6^2 - t) / z_6^3", null, "37:12", null, null),
            new Pair("004", "(c) update b_6 <- b_6 - 2 k (z_6^2 - t) / z_6^3", null, "55:9", null, null),
            new Pair("004", "(d) dL/dz_3 = 2 (z_6^2 - t) / z_6^3 sigma'(z_3)", null, "83:111", null, null),
            new Pair("004", "(d) dz_6/dz_3 = w_36 sigma'(z_3) + w_34 w_46", null, "79:56", null, null));

    private static final Map<String, BiFunction<Long, Integer, DocumentReport>> JAVA = Map.of(
            "000", Document000::run, "001", Document001::run, "002", Document002::run, "003", Document003::run,
            "004", Document004::run);

    @Test
    void bothPathsGiveTheSameVerdictsAndHints() throws IOException {
        List<String> mismatches = new ArrayList<>();
        for (String doc : List.of("000", "001", "002", "003", "004")) {
            DocumentReport java = JAVA.get(doc).apply(Derivation.DEFAULT_SEED, 60);
            List<PageCheck.Report> text = PageCheck.check(doc + ".md", SeedPages.page(doc), Derivation.DEFAULT_SEED,
                    60, null);
            for (Pair p : PAIRS.stream().filter(x -> x.doc().equals(doc)).toList()) {
                DocumentReport.Row row = java.rows().stream().filter(r -> r.formula().startsWith(p.java()))
                        .findFirst().orElse(null);
                PageCheck.Line line = text.stream().filter(r -> p.reading() == null || p.reading().equals(r.reading()))
                        .flatMap(r -> r.lines().stream())
                        .filter(l -> p.at().contains(":") ? SeedPages.seedPosition(doc, l).equals(p.at())
                                : l.formula().startsWith("(correction '" + p.at() + "'"))
                        .findFirst().orElse(null);
                if (row == null || line == null) {
                    mismatches.add(doc + " " + p.java() + ": " + (row == null ? "no Java row" : "no text line at "
                            + p.at()));
                    continue;
                }
                boolean javaHolds = row.verdict().equals("holds");
                if (javaHolds != line.holds() || !javaHolds && !line.fails()) {
                    mismatches.add(doc + " " + p.java() + ": Java " + row.verdict() + ", text " + line.verdict());
                }
                if (p.javaHint() != null && !(row.hint().contains(p.javaHint()) && line.detail() != null
                        && line.detail().contains(p.textHint()))) {
                    mismatches.add(doc + " " + p.java() + ": hint '" + p.javaHint() + "' in Java: "
                            + row.hint().contains(p.javaHint()) + ", '" + p.textHint() + "' in the text: "
                            + (line.detail() != null && line.detail().contains(p.textHint())));
                }
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }
}
