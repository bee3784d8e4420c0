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
        assertEquals(List.of("27:37 holds", "27:111 holds", "33:37 holds", "38:36 holds", "39:4 FAILS",
                "50:42 holds", "52:42 FAILS", "56:40 holds", "60:40 FAILS"), verdicts("skip-connection.md"));
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

    private static int run(PrintStream out, PrintStream err, String... args) {
        return CheckCommand.run(List.of(args), out, err);
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
