package dev.chainrule.examples;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The team's derivation pages (src/main/resources/derivations), checked from their text: every right line
 * holds, every planted mistake fails, and the command's exit status says which.
 */
class DerivationPagesTest {

    static String page(String name) throws IOException {
        try (InputStream in = DerivationPagesTest.class.getResourceAsStream("/derivations/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> verdicts(String name) throws IOException {
        PageCheck.Report r = PageCheck.check(name, page(name), Derivation.DEFAULT_SEED, 60);
        return r.lines().stream().map(l -> l.position().substring(name.length() + 1) + " " + l.verdict()).toList();
    }

    @Test
    void skipConnection() throws IOException {
        assertEquals(List.of("27:37 holds", "27:111 holds", "33:37 holds", "38:36 holds", "39:4 FAILS",
                "50:42 holds", "52:42 FAILS", "56:40 holds", "60:40 FAILS"), verdicts("skip-connection.md"));
        PageCheck.Report r = PageCheck.check("skip.md", page("skip-connection.md"), Derivation.DEFAULT_SEED, 60);
        String sigmoidOnly = r.lines().get(6).detail();
        assertTrue(sigmoidOnly.startsWith("tanh") && !sigmoidOnly.contains("sigmoid"),
                "h(1 - h) is the sigmoid's derivative, not tanh's\n" + sigmoidOnly);
    }

    @Test
    void logisticRegressionWithWeightDecay() throws IOException {
        assertEquals(List.of("25:7 holds", "29:37 holds", "29:152 holds", "34:39 holds", "35:4 holds",
                "40:37 holds", "44:40 FAILS", "46:37 FAILS", "50:21 holds", "54:21 FAILS"),
                verdicts("logistic-regression.md"));
    }

    @Test
    void reluByCases() throws IOException {
        assertEquals(List.of("25:37 holds", "29:37 holds", "29:131 holds", "33:37 FAILS", "37:40 holds"),
                verdicts("relu-cases.md"));
        PageCheck.Report r = PageCheck.check("relu-cases.md", page("relu-cases.md"), Derivation.DEFAULT_SEED, 60);
        String swapped = r.lines().get(3).detail();
        assertTrue(swapped.contains("hint: agrees with autograd exactly where"), swapped);
    }

    /** The detail of the line at this position (line:column) of a page. */
    private static String detail(String name, String at) throws IOException {
        PageCheck.Report r = PageCheck.check(name, page(name), Derivation.DEFAULT_SEED, 60);
        return r.lines().stream().filter(l -> l.position().equals(name + ":" + at)).findFirst().orElseThrow()
                .detail();
    }

    @Test
    void twoLayerMlpInTheColumnConvention() throws IOException {
        assertEquals(List.of("24:7 holds", "28:3 defined", "28:48 holds", "32:37 holds", "34:37 holds",
                "38:3 defined", "38:48 holds", "40:37 holds", "44:42 holds", "49:37 FAILS", "51:37 FAILS"),
                verdicts("mlp-column.md"));
        // the product without the transpose is undefined whatever the values: wrong as written, not unread
        assertTrue(detail("mlp-column.md", "49:37").startsWith("undefined whatever the values")
                && detail("mlp-column.md", "49:37").contains("multiplies a 2 x 4 by a 2 x 1 matrix")
                && detail("mlp-column.md", "49:37").contains("the left one transposed would agree"));
        assertTrue(detail("mlp-column.md", "51:37").contains("hint: matches the transpose of dL/dW^2"));
    }

    @Test
    void twoLayerMlpInTheRowConventionWithABatch() throws IOException {
        assertEquals(List.of("26:7 holds", "28:3 defined", "28:48 holds", "32:37 holds", "36:39 holds",
                "38:3 defined", "38:48 holds", "40:37 holds", "45:37 FAILS", "47:37 FAILS"), verdicts("mlp-row.md"));
        assertTrue(detail("mlp-row.md", "45:37").contains("hint: a constant factor of N (= 5.00000)"));
        assertTrue(detail("mlp-row.md", "47:37").contains("hint: matches the transpose of dL/dW^1"));
    }

    @Test
    void softmaxRegressionInMatrixNotation() throws IOException {
        assertEquals(List.of("25:7 holds", "29:51 holds", "33:35 holds", "35:35 holds", "37:37 holds",
                "41:35 FAILS", "43:35 FAILS"), verdicts("softmax-regression.md"));
        assertTrue(detail("softmax-regression.md", "41:35").contains("hint: a constant factor of N (= 5.00000)"));
        assertTrue(detail("softmax-regression.md", "43:35").contains("hint: opposite sign"));
    }

    @Test
    void linearRegressionWithABatchMean() throws IOException {
        assertEquals(List.of("23:7 holds", "25:35 holds", "27:35 holds", "31:16 holds", "35:35 FAILS"),
                verdicts("batch-mean.md"));
        assertTrue(detail("batch-mean.md", "35:35").contains("hint: a constant factor of N (= 4.00000)"));
    }

    private static int run(PrintStream out, PrintStream err, String... args) {
        return CheckCommand.run(List.of(args), out, err);
    }

    @Test
    void checkWritesAnHtmlReportOfEveryPageWithItsFormulasTypeset(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Path a = Files.writeString(dir.resolve("skip.md"), page("skip-connection.md"));
        Path b = Files.writeString(dir.resolve("batch.md"), page("batch-mean.md"));
        Path html = dir.resolve("report.html");
        assertEquals(1, run(out, out, a.toString(), b.toString(), "--instances", "20", "--html", html.toString()));
        String report = Files.readString(html);
        assertTrue(report.contains("<h2>" + a + "</h2>") && report.contains("<h2>" + b + "</h2>"), "both pages");
        assertTrue(report.contains("<math display=\"block\">") && report.contains("class=\"line fails\""), report);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("wrote " + html), bytes.toString());
        assertEquals(2, run(out, out, a.toString(), "--html", dir.resolve("no/such/dir/r.html").toString()),
                "a report that cannot be written is an error");
    }

    @Test
    void theCommandsExitStatusSaysWhetherEverythingHolds(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Path planted = Files.writeString(dir.resolve("skip.md"), page("skip-connection.md"));
        assertEquals(1, run(out, err, planted.toString(), "--instances", "20"));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("skip.md:39:4 FAILS"), bytes.toString());
        String right = page("relu-cases.md").replaceAll("(?s)Planted mistake.*?\\$\\$.*?\\$\\$", "");
        Path clean = Files.writeString(dir.resolve("clean.md"), right);
        assertEquals(0, run(out, err, clean.toString(), "--instances", "20", "--seed", "3"));
        assertEquals(2, run(out, err, dir.resolve("missing.md").toString()));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("missing.md: no such file"));
        Path noNotation = Files.writeString(dir.resolve("plain.md"), "$$a = b$$");
        assertEquals(2, run(out, err, noNotation.toString(), clean.toString()), "the other page is still checked");
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("plain.md: no notation"));
        assertEquals(Cli.USAGE, run(out, err));
        assertEquals(Cli.USAGE, run(out, err, "--instances", "0", clean.toString()));
        assertEquals(Cli.USAGE, run(out, err, "--fast", clean.toString()));
        assertEquals(2, run(out, err, clean.toString(), "--reading", "other"), "the page has no readings");
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("--reading other: the page defines no readings"));
    }
}
