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
 * same findings as the Java encoding: items 1-6 hold, item 8's matrix fails (its second row is 0), items 7, 11, 12,
 * 14 and 15 lack sigma'(z^2) under A and hold under B, and both dl/dW^1 formulas fail in both.
 */
class Document003TextTest {
    @Test
    void theBodyIsTheSeedPageVerbatim() throws IOException {
        SeedPages.assertBodyIsTheSeed("003");
    }

    private static List<String> verdicts(PageCheck.Report r) {
        return r.lines().stream().map(l -> SeedPages.seedPosition("003", l) + " " + l.verdict()).toList();
    }

    @Test
    void bothReadingsAreCheckedLineByLine() throws IOException {
        List<PageCheck.Report> reports = PageCheck.check("003.md", SeedPages.page("003"), Derivation.DEFAULT_SEED,
                60, null);
        assertEquals(2, reports.size());
        List<String> common = List.of("11:51 holds", "13:45 holds", "15:45 holds", "19:51 holds", "23:51 holds",
                "25:45 holds", "29:51 holds", "31:51 holds", "35:45 holds", "41:3 holds", "41:27 holds");
        List<String> a = verdicts(reports.get(0));
        List<String> b = verdicts(reports.get(1));
        assertEquals(common, a.subList(0, common.size()), reports.get(0).text());
        assertEquals(common, b.subList(0, common.size()), reports.get(1).text());
        // item 6's "=" ends its display and the next one continues it; items 7 and 8 list a row of
        // derivatives by W^2_{1,j} and W^2_{2,j}, read entry j at a time
        // item 14's h_1^{(1,j)} and the second dl/dW^1's x^{(1,1)} are read with the index pair as the element
        assertEquals(List.of("45:51 FAILS", "49:51 FAILS", "51:45 FAILS", "55:66 NOT READ", "55:270 NOT READ",
                "59:45 FAILS", "63:47 FAILS", "67:39 NOT READ", "71:53 FAILS", "75:45 FAILS", "77:53 FAILS",
                "79:45 FAILS"), a.subList(common.size(), a.size() - 9), reports.get(0).text());
        assertEquals(List.of("45:51 holds", "49:51 FAILS", "51:45 FAILS", "55:66 NOT READ", "55:270 NOT READ",
                "59:45 holds", "63:47 holds", "67:39 NOT READ", "71:53 holds", "75:45 holds", "77:53 FAILS",
                "79:45 FAILS"), b.subList(common.size(), b.size() - 9), reports.get(1).text());
        // the notation's nine corrections (items 7, 8 and its row, 11, 12, 14, 15, both dl/dW^1) hold in both
        for (PageCheck.Report r : reports) {
            List<PageCheck.Line> corrections = r.lines().subList(r.lines().size() - 9, r.lines().size());
            corrections.forEach(l -> assertTrue(l.holds() && l.formula().startsWith("(correction '"), r.text()));
        }
        String item11 = reports.get(0).lines().stream()
                .filter(l -> SeedPages.seedPosition("003", l).equals("59:45")).findFirst()
                .orElseThrow().detail();
        assertTrue(item11.contains("agrees with autograd exactly where every element of z^2 > 0"), item11);
        // the slip x^{(1,1)} is read as x_{(1,1)}, and the line says so
        String slip = reports.get(0).lines().get(reports.get(0).lines().size() - 10).detail();
        assertTrue(slip.contains("read with the index pair written as a superscript as the element index: "
                + "x^{(1,1)} as x_{(1,1)}"), slip);
    }
}
