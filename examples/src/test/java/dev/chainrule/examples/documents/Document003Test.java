package dev.chainrule.examples.documents;

import dev.chainrule.check.Derivation;
import dev.chainrule.check.DerivationReport;
import dev.chainrule.examples.documents.Document003.Reading;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.chainrule.examples.documents.Document003.FILE;
import static dev.chainrule.examples.documents.Document003.ITEM1;
import static dev.chainrule.examples.documents.Document003.ITEM10;
import static dev.chainrule.examples.documents.Document003.ITEM10_AS_WRITTEN;
import static dev.chainrule.examples.documents.Document003.ITEM10_CORRECTED_B;
import static dev.chainrule.examples.documents.Document003.ITEM11;
import static dev.chainrule.examples.documents.Document003.ITEM12;
import static dev.chainrule.examples.documents.Document003.ITEM13;
import static dev.chainrule.examples.documents.Document003.ITEM14;
import static dev.chainrule.examples.documents.Document003.ITEM15;
import static dev.chainrule.examples.documents.Document003.ITEM2;
import static dev.chainrule.examples.documents.Document003.ITEM2_ROW;
import static dev.chainrule.examples.documents.Document003.ITEM4;
import static dev.chainrule.examples.documents.Document003.ITEM5;
import static dev.chainrule.examples.documents.Document003.ITEM6;
import static dev.chainrule.examples.documents.Document003.ITEM7;
import static dev.chainrule.examples.documents.Document003.ITEM7_CORRECTED;
import static dev.chainrule.examples.documents.Document003.ITEM8;
import static dev.chainrule.examples.documents.Document003.ITEM8_CORRECTED;
import static dev.chainrule.examples.documents.Document003.ITEM8_MATRIX;
import static dev.chainrule.examples.documents.Document003.ITEM8_MATRIX_CORRECTED_A;
import static dev.chainrule.examples.documents.Document003.ITEM8_MATRIX_CORRECTED_B;
import static dev.chainrule.examples.documents.Document003.ITEMS_10_11_CORRECTED;
import static dev.chainrule.examples.documents.Document003.ITEMS_12_13_CORRECTED;
import static dev.chainrule.examples.documents.Document003.ITEMS_14_15_CORRECTED;
import static dev.chainrule.examples.documents.Document003.SETUP;
import static dev.chainrule.examples.documents.Document003.W1_CORRECTED_A;
import static dev.chainrule.examples.documents.Document003.W1_CORRECTED_B;
import static dev.chainrule.examples.documents.Document003.W1_ENTRY;
import static dev.chainrule.examples.documents.Document003.W1_MATRIX;
import static dev.chainrule.examples.documents.Document003.W1_MATRIX_CORRECTED;
import static dev.chainrule.examples.documents.Document003.W1_MATRIX_K_EQUALS_I;
import static dev.chainrule.examples.documents.Document003.W1_MATRIX_WITH_DSIGMA;
import static dev.chainrule.examples.documents.Document003.jacobianTitle;
import static dev.chainrule.examples.documents.Document003.lossTitle;
import static dev.chainrule.examples.documents.Document003.relu;
import static dev.chainrule.examples.documents.Document003.reluAtKink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdicts of document 003's formulas: right ones hold, wrong ones fail with a counterexample and a fix. */
class Document003Test {
    private static final int INSTANCES = 40;

    /** The formulas expected to fail in the "derivatives of l" setting; every other formula there must hold. */
    private static Set<String> lossFailures(Reading reading, boolean restricted) {
        Set<String> f = new HashSet<>(List.of(ITEM10_AS_WRITTEN, W1_ENTRY, W1_MATRIX, W1_MATRIX_K_EQUALS_I,
                W1_MATRIX_WITH_DSIGMA));
        if (reading == Reading.A && !restricted) {
            f.addAll(List.of(ITEM10, ITEM11, ITEM14, ITEM15));
        }
        return f;
    }

    /** The formulas expected to fail in the "derivatives of h^2_1" setting; every other one must hold. */
    private static Set<String> jacobianFailures(Reading reading, boolean restricted) {
        Set<String> f = new HashSet<>(List.of(ITEM8, ITEM8_MATRIX));
        if (reading == Reading.A && !restricted) {
            f.addAll(List.of(ITEM7, ITEM12, ITEM13));
        }
        return f;
    }

    /** Each formula of the report holds or fails as expected; a failure comes with a reproducible counterexample. */
    private static void assertVerdicts(Derivation d, DerivationReport r, Set<String> failures) {
        assertEquals(INSTANCES, r.instances(), r.toString());
        assertTrue(d.formulas().containsAll(failures), "every expected failure is checked: " + d.formulas());
        for (String formula : d.formulas()) {
            if (failures.contains(formula)) {
                DerivationReport.Counterexample cx = r.assertFails(formula);
                Long instanceSeed = cx.seed();
                assertNotNull(instanceSeed, "a random instance's counterexample has its seed: " + formula);
                assertEquals(cx.instance(), d.counterexample(formula, instanceSeed).instance(), formula);
            } else {
                r.assertHolds(formula);
            }
        }
    }

    @Property(tries = 6)
    void derivativesOfTheLoss(@ForAll("seeds") long seed, @ForAll Reading reading) {
        Derivation d = Document003.loss(reading, false);
        DerivationReport r = d.check(seed, INSTANCES);
        assertVerdicts(d, r, lossFailures(reading, false));
        // item 10 as written indexes W^3_{1,3}, which does not exist
        String error = r.verdict(ITEM10_AS_WRITTEN).error();
        assertNotNull(error);
        assertTrue(error.contains("W3[0, 2] is outside shape [1, 2]"), error);
        if (reading == Reading.A) {
            for (String formula : List.of(ITEM10, ITEM11, ITEM14, ITEM15)) {
                List<String> hints = r.verdict(formula).hints();
                assertTrue(hints.stream().anyMatch(h -> h.contains("exactly where every element of z2 > 0")
                        && h.contains("missing activation derivative")), formula + ": " + hints);
            }
        }
    }

    @Property(tries = 4)
    void lossFormulasOfItems10To15HoldWhereBothLayer2UnitsAreActive(@ForAll("seeds") long seed) {
        Derivation d = Document003.loss(Reading.A, true);
        assertVerdicts(d, d.check(seed, INSTANCES), lossFailures(Reading.A, true));
    }

    @Property(tries = 6)
    void derivativesOfH21(@ForAll("seeds") long seed, @ForAll Reading reading) {
        Derivation d = Document003.jacobian(reading, false);
        DerivationReport r = d.check(seed, INSTANCES);
        assertVerdicts(d, r, jacobianFailures(reading, false));
        if (reading == Reading.A) {
            for (String formula : List.of(ITEM7, ITEM12, ITEM13)) {
                List<String> hints = r.verdict(formula).hints();
                assertTrue(hints.stream().anyMatch(h -> h.contains("exactly where z2_1 > 0")
                        && h.contains("missing activation derivative")), formula + ": " + hints);
            }
        }
    }

    @Property(tries = 4)
    void items7And12To13HoldWhereTheFirstLayer2UnitIsActive(@ForAll("seeds") long seed) {
        Derivation d = Document003.jacobian(Reading.A, true);
        assertVerdicts(d, d.check(seed, INSTANCES), jacobianFailures(Reading.A, true));
    }

    @Property(tries = 6)
    void item6HoldsAwayFromTheKink(@ForAll("seeds") long seed) {
        Document003.relu().check(seed, INSTANCES).assertAllHold();
        DerivationReport atKink = Document003.reluAtKink().check(seed, INSTANCES);
        atKink.assertAllHold();
        assertTrue(atKink.rejected() > 0, "x = 0 is redrawn: " + atKink);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Test
    void restrictionsAreOnlyForReadingA() {
        assertThrowsIllegal(() -> Document003.loss(Reading.B, true));
        assertThrowsIllegal(() -> Document003.jacobian(Reading.B, true));
    }

    private static void assertThrowsIllegal(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    }

    @Test
    void runReportsEveryFormulaInEverySetting() {
        DocumentReport report = Document003.run(7, 30);
        assertEquals(FILE, report.document());
        List<String> settings = List.of(relu().title(), reluAtKink().title(),
                jacobianTitle(Reading.A, false), jacobianTitle(Reading.A, true), jacobianTitle(Reading.B, false),
                lossTitle(Reading.A, false), lossTitle(Reading.A, true), lossTitle(Reading.B, false));
        assertEquals(settings, report.reports().stream().map(DerivationReport::title).toList());
        int formulas = report.reports().stream().mapToInt(r -> r.verdicts().size()).sum();
        assertEquals(formulas, report.settingRows().size());
        assertFalse(report.settingRows().isEmpty());
        for (DocumentReport.SettingRow row : report.settingRows()) {
            assertEquals(FILE, row.document());
            assertTrue(row.formula().startsWith("Question 1 ") || row.formula().startsWith("setup"), row.formula());
            Set<String> failures = row.setting().equals(jacobianTitle(Reading.A, false))
                    ? jacobianFailures(Reading.A, false)
                    : row.setting().equals(jacobianTitle(Reading.A, true)) ? jacobianFailures(Reading.A, true)
                    : row.setting().equals(jacobianTitle(Reading.B, false)) ? jacobianFailures(Reading.B, false)
                    : row.setting().equals(lossTitle(Reading.A, false)) ? lossFailures(Reading.A, false)
                    : row.setting().equals(lossTitle(Reading.A, true)) ? lossFailures(Reading.A, true)
                    : row.setting().equals(lossTitle(Reading.B, false)) ? lossFailures(Reading.B, false)
                    : Set.of();
            if (failures.contains(row.formula())) {
                assertTrue(row.verdict().startsWith("FAILS "), row.toString());
            } else {
                assertEquals("holds", row.verdict(), row.toString());
            }
        }
        DocumentReport.SettingRow hinted = report.settingRows().stream()
                .filter(row -> row.setting().equals(lossTitle(Reading.A, false)) && row.formula().equals(ITEM10))
                .findFirst().orElseThrow();
        assertTrue(hinted.hint().contains("missing activation derivative"), hinted.toString());

        // every verdict the prose states is borne out by the checks
        assertEquals(0, report.contradicted(), report.text());
        String text = report.text();
        assertFalse(text.contains("CONTRADICTED"), text);
        for (String s : List.of("h^1 = sigma(z^1)", "(A) h^2 = sigma(W^2 h^1)", "(B) h^2 = W^2 h^1", "delta",
                "counterexample at", "W^3_{i,j}, which", "Tolerances:",
                "Finding: under (A), items 7, 12, 13 lack sigma'(z^2_1): they hold exactly where z^2_1 > 0",
                "Finding: item 8 fails in both readings",
                "Finding: the two dl/dW^1 formulas fail in both readings",
                "Finding: the document's own treatment of h^2 is (B)")) {
            assertTrue(text.contains(s), s);
        }
        assertFalse(report.report(lossTitle(Reading.B, false)).allHold());
        assertNull(report.report(relu().title()).verdict(ITEM6).counterexample());
    }

    @Test
    void summaryRowsHaveTheirKindsAndVerdicts() {
        DocumentReport report = Document003.run(11, 30);
        assertEquals(0, report.contradicted(), report.text());
        List<DocumentReport.Row> rows = report.rows();
        assertFalse(rows.isEmpty());
        for (DocumentReport.Row row : rows) {
            assertEquals(0, row.unchecked(), row.toString());
        }
        assertEquals(Set.of(SETUP, ITEM10, W1_MATRIX_K_EQUALS_I, W1_MATRIX_WITH_DSIGMA),
                labels(rows, DocumentReport.Kind.OURS));
        assertEquals(Set.of(ITEMS_10_11_CORRECTED, ITEM10_CORRECTED_B, ITEMS_14_15_CORRECTED, W1_CORRECTED_A,
                W1_CORRECTED_B, W1_MATRIX_CORRECTED, ITEM7_CORRECTED, ITEM8_CORRECTED, ITEM8_MATRIX_CORRECTED_A,
                ITEM8_MATRIX_CORRECTED_B, ITEMS_12_13_CORRECTED), labels(rows, DocumentReport.Kind.CORRECTED));
        // the variants that separate the second dl/dW^1 formula's two errors fail in every setting
        List<DocumentReport.Row> variants = rows.stream().filter(row -> row.formula().equals(W1_MATRIX_K_EQUALS_I)
                || row.formula().equals(W1_MATRIX_WITH_DSIGMA)).toList();
        assertEquals(2, variants.size());
        for (DocumentReport.Row row : variants) {
            assertEquals("FAILS (3 of 3)", row.verdict(), row.toString());
        }
        List<DocumentReport.Row> corrected = rows.stream().filter(row -> row.kind() == DocumentReport.Kind.CORRECTED)
                .toList();
        assertFalse(corrected.isEmpty());
        for (DocumentReport.Row row : corrected) {
            assertEquals("holds", row.verdict(), row.toString());
        }
        List<DocumentReport.Row> asWritten = rows.stream().filter(row -> row.kind() == DocumentReport.Kind.AS_WRITTEN)
                .toList();
        assertFalse(asWritten.isEmpty());
        Set<String> failing = Set.of(ITEM7, ITEM8, ITEM8_MATRIX, ITEM10_AS_WRITTEN, ITEM11, ITEM12, ITEM13, ITEM14,
                ITEM15, W1_ENTRY, W1_MATRIX);
        assertEquals(Set.of(ITEM1, ITEM2, ITEM2_ROW, ITEM4, ITEM5, ITEM6, ITEM7, ITEM8, ITEM8_MATRIX,
                ITEM10_AS_WRITTEN, ITEM11, ITEM12, ITEM13, ITEM14, ITEM15, W1_ENTRY, W1_MATRIX),
                labels(rows, DocumentReport.Kind.AS_WRITTEN));
        for (DocumentReport.Row row : asWritten) {
            assertEquals(!failing.contains(row.formula()), row.verdict().equals("holds"), row.toString());
            assertEquals(failing.contains(row.formula()), row.verdict().startsWith("FAILS ("), row.toString());
        }
        // the items written for reading (B) fail only in the unrestricted setting of reading (A), and say so
        Set<String> forB = Set.of(ITEM7, ITEM10, ITEM11, ITEM12, ITEM13, ITEM14, ITEM15);
        List<DocumentReport.Row> forBRows = rows.stream().filter(row -> forB.contains(row.formula())).toList();
        assertEquals(forB.size(), forBRows.size());
        for (DocumentReport.Row row : forBRows) {
            assertEquals("FAILS (1 of 3)", row.verdict(), row.toString());
            assertTrue(row.formula().endsWith(Document003.FOR_B), row.formula());
            assertTrue(row.hint().contains("missing activation derivative"), row.toString());
        }
        // no other label carries the tag: item 8, item 10 as written and the dl/dW^1 formulas fail under (B) too
        List<DocumentReport.Row> tagged = rows.stream().filter(row -> row.formula().contains(Document003.FOR_B))
                .toList();
        assertEquals(forB, tagged.stream().map(DocumentReport.Row::formula).collect(Collectors.toSet()));
    }

    @Test
    void theSecondW1FormulasTwoErrorsAreSeparated() {
        DocumentReport report = Document003.run(5, 30);
        assertEquals(0, report.contradicted(), report.text());
        for (String setting : List.of(lossTitle(Reading.A, false), lossTitle(Reading.A, true),
                lossTitle(Reading.B, false))) {
            assertTrue(report.failsIn(W1_MATRIX, setting), setting);
            assertTrue(report.failsIn(W1_MATRIX_K_EQUALS_I, setting), setting);
            assertTrue(report.failsIn(W1_MATRIX_WITH_DSIGMA, setting), setting);
            assertTrue(report.holdsIn(W1_MATRIX_CORRECTED, setting), setting);
        }
        String text = report.text();
        assertTrue(text.contains("has two errors: it sums"), text);
        assertTrue(text.contains("and it lacks sigma'(z^1_i)"), text);
        assertFalse(text.contains("same value in every entry"), text);
        assertFalse(text.contains("three equal rows"), text);
    }

    @Test
    void item10AsWrittenIsNeverSaidToHoldWhereLayer2IsActive() {
        DocumentReport report = Document003.run(3, 30);
        assertEquals(0, report.contradicted(), report.text());
        for (String setting : List.of(lossTitle(Reading.A, false), lossTitle(Reading.A, true),
                lossTitle(Reading.B, false))) {
            DerivationReport.Verdict v = report.report(setting).verdict(ITEM10_AS_WRITTEN);
            assertEquals(v.instances(), v.failures(), v.toString());
        }
        List<String> lines = report.text().lines().filter(l -> l.contains("item 10")).toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            if (line.contains("hold") && line.contains("active")) {
                assertTrue(line.contains("item 11's indices"), line);
            }
        }
        assertTrue(report.text().contains("Their FAILS in the summary (1 of 3 settings) are under"), report.text());
        assertTrue(report.text().contains("reading (A) only. Item 10 as written"), report.text());
    }

    @Test
    void item6HoldsAtMinusOneAndOneAndZeroIsNotAdmissible() {
        Derivation kink = Document003.reluAtKink();
        for (double x : new double[] {-1, 1}) {
            kink.check(kink.instance(Map.of("x", new double[] {x}))).assertAllHold();
        }
        assertFalse(kink.admits(kink.instance(Map.of("x", new double[] {0}))));
    }

    private static Set<String> labels(List<DocumentReport.Row> rows, DocumentReport.Kind kind) {
        return rows.stream().filter(row -> row.kind() == kind).map(DocumentReport.Row::formula)
                .collect(Collectors.toSet());
    }

    @Property(tries = 3)
    void noClaimOfTheReportIsContradicted(@ForAll("seeds") long seed) {
        DocumentReport report = Document003.run(seed, INSTANCES);
        assertEquals(0, report.contradicted(), report.text());
    }
}
