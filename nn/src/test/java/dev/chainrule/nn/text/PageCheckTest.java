package dev.chainrule.nn.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page checked line by line: right lines hold, wrong ones fail, and a typo is never a failing formula. */
class PageCheckTest {
    private static final String NOTATION = """
            ---
            network: neurons
            inputs: [1, 2]
            units: [3, 4]
            edges: [1->3, 2->3, 3->4, 1->4]
            output: 4
            activation: h
            settings: [sigmoid, tanh]
            loss: \\frac{1}{2} (h(n_4) - y)^2
            target: {y: [0, 1]}
            symbols:
              n: preactivation    # n_j
              x: input to from    # x_{ji}
              w: weight to from   # w_{ji}: edge i -> j
              L: loss
            sets: {Downstream: downstream}
            ---
            """;

    private static PageCheck.Report check(String body) {
        return PageCheck.check("page.md", NOTATION + body, 7, 30);
    }

    private static PageCheck.Line line(PageCheck.Report r, String formulaPart) {
        return r.lines().stream().filter(l -> l.formula().contains(formulaPart)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + formulaPart + " in\n" + r.text()));
    }

    @Test
    void rightLinesHoldAndEveryFreeIndexIsEnumerated() {
        PageCheck.Report r = check("""
                $$\\frac{\\partial L}{\\partial n_4} = (h(n_4) - y) \\frac{\\partial h(n_4)}{\\partial n_4}$$
                $$\\frac{\\partial L}{\\partial w_{ji}} = \\frac{\\partial L}{\\partial n_j} x_{ji}$$
                $$\\frac{\\partial L}{\\partial n_3} = h'(n_3) w_{43} \\frac{\\partial L}{\\partial n_4}$$
                $$\\frac{\\partial L}{\\partial n_j} = \\frac{\\partial h(n_j)}{\\partial n_j}
                  \\sum_{k \\in Downstream(j)}
                  w_{kj} \\frac{\\partial L}{\\partial n_k} \\quad j \\neq 4$$
                """);
        assertEquals(4, r.lines().size(), r.text());
        r.lines().forEach(l -> assertTrue(l.holds(), l + "\n" + r.text()));
        assertFalse(r.anyFails());
        assertEquals("page.md:18:37", r.lines().get(0).position(), "where the side starts");
    }

    @Test
    void theFirstWrongLinkOfAChainIsTheOneThatFails() {
        PageCheck.Report r = check("""
                $$\\begin{aligned}
                \\frac{\\partial L}{\\partial w_{43}}
                  &= \\frac{\\partial L}{\\partial n_4} \\frac{\\partial n_4}{\\partial w_{43}} \\\\
                &= (h(n_4) - y) h(n_3) \\\\
                &= (h(n_4) - y) \\frac{\\partial h(n_4)}{\\partial n_4} h(n_3)
                \\end{aligned}$$
                """);
        assertEquals(3, r.lines().size(), r.text());
        assertTrue(r.lines().get(0).holds(), r.text());
        assertTrue(r.lines().get(1).fails(), "the step that drops h'(n_4)\n" + r.text());
        assertTrue(r.lines().get(2).holds(), r.text());
        assertTrue(r.anyFails());
    }

    @Test
    void aPlantedSignErrorFailsWithACounterexampleAndAHint() {
        PageCheck.Report r = check("$$\\frac{\\partial L}{\\partial n_4} = (y - h(n_4)) "
                + "\\frac{\\partial h(n_4)}{\\partial n_4}$$\n");
        PageCheck.Line l = r.lines().get(0);
        assertTrue(l.fails(), r.text());
        assertTrue(l.detail().contains("counterexample"), l.detail());
        assertTrue(l.detail().contains("opposite sign"), l.detail());
    }

    @Test
    void typosAndIndicesOutsideTheNetworkAreNotReadNeverFailing() {
        PageCheck.Report r = check("""
                $$\\frac{\\partial L}{\\partial n_4} = (h(n_4) - y) q_4$$
                $$\\frac{\\partial L}{\\partial w_{43}} = \\frac{\\partial L}{\\partial n_4} x_{42}$$
                $$\\frac{\\partial L}{\\partial n_4} = (h(n_4) - y \\frac{\\partial h(n_4)}{\\partial n_4}$$
                $$\\frac{\\partial L}{\\partial n_4} = \\foo{x}$$
                """);
        assertEquals(4, r.lines().size(), r.text());
        r.lines().forEach(l -> assertEquals("NOT READ", l.verdict(), r.text()));
        assertTrue(r.lines().get(0).detail().contains("q_{4} is not in the notation; known: [n, x, w, L, y]"),
                r.lines().get(0).detail());
        assertTrue(r.lines().get(1).detail().contains("there is no edge 2 -> 4"), r.lines().get(1).detail());
        assertTrue(r.lines().get(2).detail().startsWith("page.md:20:"), r.lines().get(2).detail());
        assertTrue(r.lines().get(3).detail().contains("unknown macro \\foo"), r.lines().get(3).detail());
        assertFalse(r.anyFails());
        assertEquals(4, r.unreadable(), "every line NOT READ counts");
    }

    @Test
    void aDefinitionInTermsOfItselfIsNotReadInsteadOfOverflowingTheStack() {
        PageCheck.Report r = check("""
                $$q = q + 1$$
                $$\\frac{\\partial L}{\\partial n_4} = q$$
                """);
        PageCheck.Line uses = line(r, "n_4} = q");
        assertEquals("NOT READ", uses.verdict(), r.text());
        assertTrue(uses.detail().contains("the definition of q refers to itself more than 64 deep"), r.text());
    }

    @Test
    void stepsThatAreNotGradientsAreCheckedAgainstTheStepBefore() {
        PageCheck.Report r = check("""
                $$L = \\frac{1}{2} (h(n_4) - y)^2$$
                $$L = (h(n_4) - y)^2$$
                $$\\frac{\\partial n_j}{\\partial w_{ji}} = x_{ji} = w_{ji}$$
                $$w_{43} \\leftarrow w_{43} - \\alpha \\frac{\\partial L}{\\partial w_{43}}$$
                """);
        assertEquals(List.of("holds", "FAILS", "holds", "FAILS", "NOT READ"),
                r.lines().stream().map(PageCheck.Line::verdict).toList(), r.text());
        assertTrue(r.lines().get(4).detail().contains("update rule") && r.lines().get(4).detail().contains(
                "constant of the notation"), r.text());
    }

    @Test
    void symbolsThePageDefinesServeTheFormulasAfterThem() {
        PageCheck.Report r = check("""
                $$\\delta_j = \\frac{\\partial L}{\\partial n_j}$$
                $$\\frac{\\partial L}{\\partial w_{ji}} = \\delta_j x_{ji}$$
                $$\\delta_3 = h'(n_3) w_{43} \\delta_4$$
                $$\\delta_3 = w_{43} \\delta_4$$
                """);
        assertEquals(List.of("defined", "holds", "holds", "FAILS"),
                r.lines().stream().map(PageCheck.Line::verdict).toList(), r.text());
    }

    @Test
    void updateRulesAreJudgedByTheGradientTheyImply() {
        String withStep = NOTATION.replace("sets: {Downstream: downstream}",
                "sets: {Downstream: downstream}\nconstants: {\\eta: 0.3}");
        PageCheck.Report r = PageCheck.check("page.md", withStep + """
                $$w_{4i} \\leftarrow w_{4i} - \\eta \\frac{\\partial L}{\\partial n_4} x_{4i}$$
                $$w_{4i} = w_{4i} - \\eta (h(n_4) - y) x_{4i}$$
                """, 5, 30);
        assertEquals(List.of("holds", "FAILS"), r.lines().stream().map(PageCheck.Line::verdict).toList(), r.text());
    }

    @Test
    void badNotationsAreRefusedByName() {
        assertThrows(NotationException.class, () -> PageCheck.check("p.md", "$$a = b$$", 1, 5),
                "no notation block");
        NotationException twice = assertThrows(NotationException.class, () -> PageCheck.check("p.md",
                NOTATION.replace("units: [3, 4]", "units: [3, 3, 4]") + "$$a = b$$", 1, 5));
        assertTrue(twice.getMessage().contains("names unit 3 twice"), twice.getMessage());
        NotationException edge = assertThrows(NotationException.class, () -> PageCheck.check("p.md",
                NOTATION.replace("1->4]", "1->9]") + "$$a = b$$", 1, 5));
        assertTrue(edge.getMessage().contains("edge '1->9'"), edge.getMessage());
        NotationException act = assertThrows(NotationException.class, () -> PageCheck.check("p.md",
                NOTATION.replace("[sigmoid, tanh]", "[sigmoidd]") + "$$a = b$$", 1, 5));
        assertTrue(act.getMessage().contains("unknown activation 'sigmoidd'"), act.getMessage());
        NotationException none = assertThrows(NotationException.class, () -> PageCheck.check("p.md",
                NOTATION + "no formulas here", 1, 5));
        assertTrue(none.getMessage().contains("no display formula"), none.getMessage());
        NotationException open = assertThrows(NotationException.class, () -> PageCheck.check("p.md",
                "---\nnetwork: neurons\n", 1, 5));
        assertTrue(open.getMessage().contains("never closed"), open.getMessage());
    }

    @Test
    void aPageInAnotherNotationAndAnotherStyle() {
        String page = """
---
network: neurons
inputs: [1, 2, 3]
units: [4, 5, 6]
edges: [1->4, 2->4, 3->4, 1->5, 2->5, 3->5, 4->6, 5->6]
output: 6
activation: \\sigma
settings: [sigmoid, tanh, softplus]
loss: \\frac{1}{2}(t - a_6)^2
target: {t: [0, 0.5, 1]}
symbols:
  z: preactivation
  a: activity
  w: weight from to
  E: loss
---
Homework 3, question 2. I use $z_j$ for the net input of unit j, $a_j = \\sigma(z_j)$, and $w_{ij}$ for the
weight from i to j. The error is $E = \\frac12 (t - a_6)^2$.

\\[ \\frac{\\partial E}{\\partial a_6} = -(t - a_6) \\]

\\begin{align*}
\\frac{\\partial E}{\\partial z_6} &= \\frac{\\partial E}{\\partial a_6} \\cdot \\frac{\\partial a_6}{\\partial
z_6} \\\\
  &= -(t - a_6) \\, \\sigma'(z_6) \\\\
  &= -(t - a_6) a_6 (1 - a_6)
\\end{align*}

For the hidden layer ($j = 4, 5$):

$$ \\frac{\\partial E}{\\partial w_{ij}} = \\frac{\\partial E}{\\partial z_j} a_i \\qquad j \\in \\{4,5\\} $$

Oops I think this is wrong, the inputs have no activity:

$$ \\frac{\\partial E}{\\partial z_{j}} = \\sigma'(z_j)\\, w_{j6}\\, \\frac{\\partial E}{\\partial z_6}, \\quad j
\\in \\{4, 5\\} $$
""";
        PageCheck.Report r = PageCheck.check("student.md", page, 11, 40);
        // a_i of an input unit i is the input's value, as pages that write a_0 = x do
        assertEquals(List.of("holds", "holds", "holds", "FAILS", "holds", "holds"),
                r.lines().stream().map(PageCheck.Line::verdict).toList(), r.text());
        PageCheck.Line simplified = r.lines().get(3);
        assertTrue(simplified.detail().startsWith("tanh") && !simplified.detail().contains("sigmoid"),
                "a(1 - a) is the sigmoid's derivative only\n" + simplified.detail());
    }

    @Test
    void withoutANotationEachFormulaIsReadOrNotWithTheReason() {
        PageCheck.Report r = PageCheck.read("seed.txt", """
                Some prose.
                $$a = b + c$$
                $$= d$$
                $$\\frac{\\partial (w + h(n)}{\\partial n}$$
                $$= e$$
                """);
        assertEquals(List.of("read", "NOT READ", "NOT READ"), r.lines().stream().map(PageCheck.Line::verdict)
                .toList(), r.text());
        assertTrue(r.lines().get(0).formula().contains("a ... b + c ... d"), "a chain continued across blocks\n"
                + r.text());
        assertTrue(r.lines().get(2).detail().contains("continues the chain of a formula above it that could not be "
                + "read"), r.text());
        assertTrue(r.text().contains("no notation, so nothing checked"), r.text());
    }

    @Test
    void whatAnOutsideTesterFoundIsReadAsStudentsWriteIt() {
        String notation = NOTATION.replace("activation: h", "activation: \\phi")
                .replace("sets: {Downstream: downstream}", "sets: {Downstream: downstream}\nconstants: {\\eta: 0.2}")
                .replace("  n: preactivation    # n_j", "  net: preactivation  # net_j");
        PageCheck.Report r = PageCheck.check("p.md", notation.replace("h(n_4)", "\\phi(net_4)") + """
                $$\\frac{\\partial L}{\\partial net_j} = (\\phi(net_4) - y) \\phi'(net_4) \\quad \\text{for } j = 4$$
                $$\\frac{\\partial L}{\\partial net_j} = (\\phi(net_4) - y) \\phi'(net_4)
                  \\quad \\forall j \\in \\{4\\}$$
                $$\\delta_j := -\\frac{\\partial L}{\\partial net_j}$$
                $$w_{43} \\leftarrow w_{43} + \\eta \\delta_4 x_{43}$$
                $$\\frac{\\partial \\phi(net_3)}{\\partial net_3} = e^{-net_3} \\phi(net_3)^2$$
                """, 5, 30);
        assertEquals(List.of("holds", "holds", "defined", "holds", "FAILS"),
                r.lines().stream().map(PageCheck.Line::verdict).toList(), r.text());
        assertTrue(r.lines().get(4).detail().startsWith("tanh"), "e^{-x} phi^2 is the sigmoid's derivative only\n"
                + r.text());
        NotationException key = assertThrows(NotationException.class, () -> PageCheck.check("p.md",
                NOTATION.replace("output: 4", "output: 4\nactivatons: {4: sigmoid}") + "$$a = b$$", 1, 5));
        assertTrue(key.getMessage().contains("unknown key 'activatons'"), key.getMessage());
        NotationException bias = assertThrows(NotationException.class, () -> PageCheck.check("p.md",
                NOTATION.replace("  L: loss", "  L: loss\n  b: bias") + "$$a = b$$", 1, 5));
        assertTrue(bias.getMessage().contains("'bias: true'"), bias.getMessage());
    }

    @Test
    void aPageCanAskForSeveralReadingsAndGetsAReportForEach() {
        String readings = NOTATION.replace("sets: {Downstream: downstream}", """
                sets: {Downstream: downstream}
                readings:
                  to-from:
                    symbols: {n: preactivation, x: input to from, w: weight to from, L: loss}
                  from-to:
                    symbols: {n: preactivation, x: input from to, w: weight from to, L: loss}""");
        String body = "$$\\frac{\\partial L}{\\partial w_{43}} = \\frac{\\partial L}{\\partial n_4} h(n_3)$$\n";
        List<PageCheck.Report> both = PageCheck.check("p.md", readings + body, 3, 20, null);
        assertEquals(List.of("to-from", "from-to"), both.stream().map(PageCheck.Report::reading).toList());
        assertEquals("holds", both.get(0).lines().get(0).verdict(), both.get(0).text());
        assertEquals("NOT READ", both.get(1).lines().get(0).verdict(), "w_43 as the edge 4 -> 3, which is not there");
        assertTrue(both.get(1).text().startsWith("p.md (reading from-to):"), both.get(1).text());
        assertEquals(1, PageCheck.check("p.md", readings + body, 3, 20, "from-to").size());
        NotationException unknown = assertThrows(NotationException.class,
                () -> PageCheck.check("p.md", readings + body, 3, 20, "sideways"));
        assertTrue(unknown.getMessage().contains("[to-from, from-to]"), unknown.getMessage());
    }

    @Test
    void aSumWithoutLimitsRunsOverEveryUnitThatApplies() {
        PageCheck.Report r = check("""
                $$\\frac{\\partial L}{\\partial n_3} = h'(n_3) \\sum_k w_{k3} \\frac{\\partial L}{\\partial n_k}$$
                $$\\frac{\\partial L}{\\partial n_3} = h'(n_3) \\sum_k w_{k3}$$
                $$\\frac{\\partial L}{\\partial n_3} = h'(n_3) \\sum_k q_k$$
                """);
        assertEquals(List.of("holds", "FAILS", "NOT READ"), r.lines().stream().map(PageCheck.Line::verdict)
                .toList(), r.text());
    }

    @Test
    void aSideNoInstanceCouldJudgeIsNotCheckedNeverHolds() {
        String nanLoss = NOTATION.replace("loss: \\frac{1}{2} (h(n_4) - y)^2", "loss: \\log(y - 2) + h(n_4)");
        PageCheck.Report r = PageCheck.check("p.md", nanLoss + "$$\\frac{\\partial L}{\\partial n_4} = 0$$\n", 3, 10);
        assertEquals("not checked", r.lines().get(0).verdict(), r.text());
        PageCheck.Report none = check("$$\\frac{\\partial L}{\\partial n_j} = 0 \\quad j \\in \\{9\\}$$\n");
        assertEquals("NOT READ", none.lines().get(0).verdict(), none.text());
    }

    @Test
    void aPageWithMoreSidesThanTheLimitHasTheRestListedNotChecked() {
        String line = "$$\\frac{\\partial L}{\\partial n_4} = (h(n_4) - y) h'(n_4)$$\n";
        PageCheck.Report r = PageCheck.check("p.md", NOTATION + line.repeat(PageCheck.MAX_SIDES + 5), 1, 1);
        assertEquals(PageCheck.MAX_SIDES, r.lines().stream().filter(PageCheck.Line::holds).count());
        assertEquals(5, r.lines().stream().filter(l -> l.verdict().equals("not checked")).count());
    }

    @Test
    void frontMatterReadsNestedMapsListsAndLatexKeys() {
        FrontMatter.Block b = FrontMatter.read("f.md", """
                ---
                a: [1, 2, {x: 3}]
                b:
                  c: d    # a comment
                  x_{ji}: input to from
                loss: -y \\log h(n_5)
                ---
                body
                """);
        assertEquals(List.of("1", "2", Map.of("x", "3")), b.values().get("a"));
        assertEquals(Map.of("c", "d", "x_{ji}", "input to from"), b.values().get("b"));
        assertEquals("-y \\log h(n_5)", b.values().get("loss"));
    }
}
