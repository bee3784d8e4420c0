package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.nn.text.PageCheck;
import dev.chainrule.nn.text.PageCoverage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The five documents' own sentences and corrections, as their notations write them: every finding sentence is
 * confirmed by the verdicts in the reading it names, and every correction holds wherever it can be read.
 */
class DocumentPagesFindingsTest {
    @Test
    void everyFindingIsConfirmedAndEveryCorrectionHolds() throws IOException {
        int read = 0;
        int rows = 0;
        for (String number : List.of("000", "001", "002", "003", "004")) {
            List<PageCheck.Report> reports = PageCheck.check(number + ".md", SeedPages.page(number),
                    Derivation.DEFAULT_SEED, 60, null);
            long findings = reports.stream().mapToLong(r -> r.findings().size()).sum();
            assertTrue(findings > 0, number + " states its findings");
            long corrections = 0;
            for (PageCheck.Report r : reports) {
                assertFalse(r.anyContradicted(), r.text());
                for (PageCheck.Line l : r.lines()) {
                    if (l.formula().startsWith("(correction '")) {
                        corrections++;
                        assertFalse(l.fails(), "a correction must hold\n" + r.text());
                    }
                }
            }
            assertTrue(corrections > 0, number + " writes its corrections");
            // coverage: each display row not read in any reading is listed with its reason
            PageCoverage c = PageCoverage.of(number + ".md", SeedPages.page(number), reports);
            c.unread().forEach(u -> assertFalse(u.why().isBlank(), u.toString()));
            read += c.read();
            rows += c.rows();
        }
        assertEquals(133, rows, "the display rows of the five seed pages");
        // the bar: at least 95% of the display rows read and checked (127 of 133); the main job lists the rest
        assertTrue(read * 100 >= 95 * rows, read + " of " + rows + " display rows read");
    }
}
