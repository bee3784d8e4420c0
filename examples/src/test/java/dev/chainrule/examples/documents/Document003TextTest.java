package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Document 003 as text: the seed page verbatim under a layered notation (row vectors, W^l stored out x in, no
 * biases, sigma = ReLU), in its two readings of layer 2 (A: h^2 = sigma(W^2 h^1); B: h^2 = W^2 h^1), with the
 * same findings as the Java encoding: items 1-6 hold, item 8's matrix fails (its second row is 0), items 11, 12
 * and 15 lack sigma'(z^2) under A and hold under B, and the first dl/dW^1 fails in both.
 */
class Document003TextTest {
    @Test
    void theBodyIsTheSeedPageVerbatim() throws IOException {
        SeedPages.assertBodyIsTheSeed("003");
    }

    private static List<String> verdicts(PageCheck.Report r) {
        return r.lines().stream().map(l -> l.position().substring("003.md:".length()) + " " + l.verdict()).toList();
    }

    @Test
    void bothReadingsAreCheckedLineByLine() throws IOException {
        List<PageCheck.Report> reports = PageCheck.check("003.md", SeedPages.page("003"), Derivation.DEFAULT_SEED,
                60, null);
        assertEquals(2, reports.size());
        List<String> common = List.of("38:51 holds", "40:45 holds", "42:45 holds", "46:51 holds", "50:51 holds",
                "52:45 holds", "56:51 holds", "58:51 holds", "62:45 holds", "66:3 NOT READ", "68:27 holds",
                "72:51 NOT READ", "76:51 NOT READ", "78:45 FAILS", "82:66 NOT READ", "82:270 NOT READ");
        List<String> a = verdicts(reports.get(0));
        List<String> b = verdicts(reports.get(1));
        assertEquals(common, a.subList(0, common.size()), reports.get(0).text());
        assertEquals(common, b.subList(0, common.size()), reports.get(1).text());
        assertEquals(List.of("86:45 FAILS", "90:47 FAILS", "94:39 NOT READ", "98:3 NOT READ", "102:45 FAILS",
                "104:53 FAILS", "106:45 NOT READ"), a.subList(common.size(), a.size()), reports.get(0).text());
        assertEquals(List.of("86:45 holds", "90:47 holds", "94:39 NOT READ", "98:3 NOT READ", "102:45 holds",
                "104:53 FAILS", "106:45 NOT READ"), b.subList(common.size(), b.size()), reports.get(1).text());
        String item11 = reports.get(0).lines().stream().filter(l -> l.position().endsWith(":86:45")).findFirst()
                .orElseThrow().detail();
        assertTrue(item11.contains("agrees with autograd exactly where every element of z^2 > 0"), item11);
        // the typo x^{(1,1)} is named, not judged
        String typo = reports.get(0).lines().get(reports.get(0).lines().size() - 1).detail();
        assertTrue(typo.contains("x^{(1,1)}"), typo);
    }
}
