package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Document 004 as text: the seed page verbatim under a notation, checked line by line from its own LaTeX. */
class Document004TextTest {

    private static String page() throws IOException {
        return SeedPages.page("004");
    }

    @Test
    void theBodyIsTheSeedPageVerbatim() throws IOException {
        SeedPages.assertBodyIsTheSeed("004");
    }

    @Test
    void everyLineIsCheckedAndTheOneWrongStepIsFound() throws IOException {
        PageCheck.Report r = PageCheck.check("004.md", page(), Derivation.DEFAULT_SEED, 100);
        assertEquals(16, r.rows());
        List<String> verdicts = r.lines().stream().map(PageCheck.Line::verdict).toList();
        assertEquals(1, verdicts.stream().filter(v -> v.equals("NOT READ")).count(), r.text());
        assertEquals(1, verdicts.stream().filter(v -> v.equals("FAILS")).count(), r.text());
        assertEquals(24, verdicts.stream().filter(v -> v.equals("holds")).count(), r.text());
        // the notation's correction, 2 ln|z_6|, holds, listed last with the place of the line it corrects
        PageCheck.Line correction = r.lines().get(r.lines().size() - 1);
        assertTrue(correction.holds() && correction.formula().startsWith("(correction 'ln of a square' of "),
                correction.toString());
        PageCheck.Line typo = r.lines().get(0);
        assertTrue(typo.formula().startsWith("L(x, t)") && typo.verdict().equals("NOT READ"), r.text());
        // ln(t / z^2) = ln t - 2 ln|z|: the page's 2 ln(z_6) holds only where z_6 > 0
        PageCheck.Line log = r.lines().stream().filter(PageCheck.Line::fails).findFirst().orElseThrow();
        assertTrue(log.formula().endsWith("2 \\ln(z_6) - 1"), log.formula());
        assertTrue(log.detail().contains("where z_6 > 0"), log.detail());
    }
}
