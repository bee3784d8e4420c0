package dev.chainrule.nn.text;

import dev.chainrule.check.tex.TexEdits;
import dev.chainrule.check.tex.TexParser;
import dev.chainrule.check.tex.TexPrinter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diagnosis recovers a random single edit of a random correct line: a claim {@code E = E'} where E' is E with
 * one sign flipped or one term scaled by 2 or 1/2 (an edit whose inverse the search knows), on a page of a
 * function of x and y. Wherever the edit changes the value, the line fails and the diagnosis names an edit under
 * which it holds (checked like the line, so never one that does not).
 */
class DiagnosisPropertyTest {
    private static final String NOTATION = """
            ---
            network: function
            variables: {x: [-2, 2], y: [0.5, 2]}
            ---
            """;

    @Provide
    Arbitrary<String> expressions() {
        Arbitrary<String> leaf = Arbitraries.of("x", "y", "2", "3", "x^2", "\\sin(x)", "e^{y}", "\\log(y)");
        return Arbitraries.recursive(() -> leaf, e -> Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(e, e).as((a, b) -> "(" + a + " + " + b + ")"),
                net.jqwik.api.Combinators.combine(e, e).as((a, b) -> "(" + a + " - " + b + ")"),
                net.jqwik.api.Combinators.combine(e, e).as((a, b) -> a + " " + b),
                net.jqwik.api.Combinators.combine(e, e).as((a, b) -> "\\frac{" + a + "}{" + b + " + 5}"),
                e.map(a -> "\\tanh(" + a + ")")), 3);
    }

    @Property(tries = 25)
    void aRandomSignOrScaleEditOfARightLineIsRecovered(@ForAll("expressions") String e, @ForAll long pick) {
        List<TexEdits.Edit> edits = TexEdits.of(TexParser.parse(e).sides().get(0), List.of(), 200).stream()
                .filter(x -> x.kind().equals("the opposite sign") || x.kind().matches("a factor (2|1/2)"))
                .toList();
        Assume.that(!edits.isEmpty());
        TexEdits.Edit planted = edits.get((int) Math.floorMod(pick, (long) edits.size()));
        String page = NOTATION + "$$" + e + " = " + TexPrinter.print(planted.formula()) + "$$\n";
        PageCheck.Line line = PageCheck.check("p.md", page, 5, 20, null, true).get(0).lines().get(0);
        Assume.that(line.fails()); // an edit that does not change the value (a sign of a zero term) is no error
        assertTrue(line.detail().contains("diagnosis: holds if"), planted.text() + "\n" + page + line.detail());
    }
}
