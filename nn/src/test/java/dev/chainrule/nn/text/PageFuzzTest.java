package dev.chainrule.nn.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages no one on the team wrote: formulas made of the notation's own symbols and constructs, put together at
 * random (most of them wrong, many of them malformed). Whatever the page, the check reports on every row, or
 * refuses the notation with a {@link NotationException}; it never fails with another exception.
 */
class PageFuzzTest {
    private static final String LAYERS = """
            ---
            network: layers
            sizes: [2, 3, 2]
            batch: 4
            activation: \\sigma
            settings: [tanh]
            activations: {2: softmax}
            loss: -\\frac{1}{N} \\sum_{n=1}^{N} \\sum_{k=1}^{2} y_{k,n} \\log a^2_{k,n}
            target: {y: onehot}
            functions: [f]
            symbols: {W: weight, b: bias, z: preactivation, a: activity, x: input, L: loss, n: size, N: batch}
            ---
            """;
    private static final String NEURONS = """
            ---
            network: neurons
            inputs: [1, 2]
            units: [3, 4]
            edges: [1->3, 2->3, 3->4, 1->4]
            output: 4
            activation: h
            settings: [sigmoid]
            loss: \\frac{1}{2} (h(n_4) - y)^2
            target: {y: [0, 1]}
            symbols: {n: preactivation, x: input to from, w: weight to from, L: loss}
            sets: {Downstream: downstream}
            ---
            """;
    private static final Set<String> VERDICTS = Set.of("holds", "FAILS", "NOT READ", "not checked", "defined");

    private static final List<String> LAYER_PIECES = List.of("W^1", "W^2", "W^l", "W^{l+1}", "W^3", "W^0",
            "W^2_{ij}", "W^1_{12}", "W^1_{(2,9)}", "W_2", "b^1", "b^2_k", "z^1", "z^{l-1}", "z^2_{k,n}", "a^0",
            "a^1", "a^2_k", "x", "x_{i,n}", "y", "y_k", "n_1", "n_{l}", "n_7", "N", "L", "\\delta^2", "\\delta^l",
            "\\delta^2_k", "\\sigma(z^1)", "\\sigma'(z^1)", "\\sigma'(z^2)", "f(z^1)", "\\hat{y}", "e^{z^1_1}",
            "\\frac{\\partial L}{\\partial W^1}", "\\frac{\\partial L}{\\partial z^2}",
            "\\frac{\\partial z^2}{\\partial a^1}", "\\frac{\\partial a^2_k}{\\partial z^2_{j,n}}",
            "\\frac{\\partial L}{\\partial W^2_{ij}}", "\\frac{d a^1}{d z^1}", "\\frac{1}{N}", "\\frac{1}{0}", "2",
            "-1", "0.5", "^T", "^{-1}", "^2", "\\odot", "\\cdot", "\\times", "+", "-", "(", ")", "\\left(", "\\right)",
            "\\sum_{k=1}^{2}", "\\sum_{j \\neq k}^{3}", "\\sum_k", "\\prod_{i=1}^{n_1}", "\\lVert", "\\rVert",
            "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", "\\begin{cases} 1 & z^1 > 0 \\\\ 0 & \\text{else} "
                    + "\\end{cases}", "\\log", "\\exp", "\\sqrt{", "}", "{", "_", "^", "&", "1\\{k = j\\}", "\\ldots",
            "\\quad j \\neq k", "\\text{Let }", "\\underbrace{a^1}_{x}");
    private static final List<String> NEURON_PIECES = List.of("w_{31}", "w_{43}", "w_{ji}", "w_{kj}", "w_{73}",
            "n_3", "n_j", "n_k", "x_{31}", "x_{ji}", "h(n_3)", "h'(n_j)", "h(n_4)", "y", "L",
            "\\frac{\\partial L}{\\partial n_j}", "\\frac{\\partial L}{\\partial w_{ji}}",
            "\\frac{\\partial h(n_j)}{\\partial n_j}", "\\sum_{k \\in Downstream(j)}", "\\sum_k", "\\cdot", "+", "-",
            "(", ")", "2", "\\frac{1}{2}", "^2", "\\log", "\\quad j \\neq 4", "\\leftarrow", "\\alpha", "_", "{",
            "}");

    @Provide
    Arbitrary<String> layerPage() {
        return page(LAYER_PIECES);
    }

    @Provide
    Arbitrary<String> neuronPage() {
        return page(NEURON_PIECES);
    }

    /**
     * One to three display formulas, each a chain of one to three sides: pieces joined by operators (mostly
     * well formed, so that many sides reach the checker) or by spaces (anything at all).
     */
    private static Arbitrary<String> page(List<String> pieces) {
        Arbitrary<String> joined = Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(4)
                .map(p -> String.join(" ", p));
        Arbitrary<String> atom = Arbitraries.of(pieces.stream().filter(p -> p.length() > 2 && !p.startsWith("\\q")
                && !p.startsWith("\\sum") && !p.startsWith("\\prod") && !p.equals("\\lVert")
                && !p.equals("\\rVert") && !p.equals("\\left(") && !p.equals("\\right)")).toList());
        Arbitrary<String> formed = Arbitraries.oneOf(atom, atom.map(a -> "(" + a + ")^T"),
                atom.map(a -> "\\sum_{k=1}^{2} " + a)).list().ofMinSize(1).ofMaxSize(3)
                .flatMap(terms -> Arbitraries.of(" ", " + ", " - ", " \\odot ").list().ofSize(terms.size())
                        .map(ops -> {
                            StringBuilder b = new StringBuilder(terms.get(0));
                            for (int k = 1; k < terms.size(); k++) {
                                b.append(ops.get(k)).append(terms.get(k));
                            }
                            return b.toString();
                        }));
        Arbitrary<String> side = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, formed),
                net.jqwik.api.Tuple.of(1, joined));
        Arbitrary<String> any = side.list().ofMinSize(1).ofMaxSize(3).map(s -> String.join(" = ", s));
        Arbitrary<String> gradient = Arbitraries.of(pieces.stream().filter(p -> p.startsWith("\\frac{\\partial L}"))
                .toList()).flatMap(d -> formed.list().ofMinSize(1).ofMaxSize(2)
                .map(rest -> d + " = " + String.join(" = ", rest)));
        Arbitrary<String> chain = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, any),
                net.jqwik.api.Tuple.of(2, gradient));
        return chain.list().ofMinSize(1).ofMaxSize(3).map(cs -> String.join("\n\n",
                cs.stream().map(c -> "$$" + c + "$$").toList()));
    }

    private static void checkOrRefuse(String page) {
        try {
            List<PageCheck.Report> reports = PageCheck.check("fuzz.md", page, 1, 2, null);
            for (PageCheck.Report r : reports) {
                r.lines().forEach(l -> assertTrue(VERDICTS.contains(l.verdict()), l + "\n" + page));
                assertTrue(r.text().length() > 0);
            }
            // and its HTML report is well-formed markup whatever the page holds
            String html = PageHtml.of("fuzz", reports);
            try {
                javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(
                        new java.io.ByteArrayInputStream(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new AssertionError("the report of this page is not well-formed: " + e + "\n" + page, e);
            }
        } catch (NotationException e) {
            assertTrue(e.getMessage().startsWith("fuzz.md"), e.getMessage());
        }
    }

    @Property(tries = 150)
    void aLayeredPageIsReportedOnWhateverItsFormulas(@ForAll("layerPage") String body) {
        checkOrRefuse(LAYERS + body + "\n");
    }

    @Property(tries = 100)
    void aNeuronPageIsReportedOnWhateverItsFormulas(@ForAll("neuronPage") String body) {
        checkOrRefuse(NEURONS + body + "\n");
    }
}
