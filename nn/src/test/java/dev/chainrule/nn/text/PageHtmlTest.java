package dev.chainrule.nn.text;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML report: one row and one verdict per line, each formula read typeset as MathML, no LaTeX command left
 * outside code, a page's markup coming out as text and no script; in headless Chromium, where it is installed, a
 * screenshot with nothing drawn past the page's margin.
 */
class PageHtmlTest {
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
            symbols: {n: preactivation, x: input to from, w: weight to from, L: loss}
            ---
            """;

    private static final String PAGE = NOTATION + """
            $$\\frac{\\partial L}{\\partial n_4} = (h(n_4) - y) \\frac{\\partial h(n_4)}{\\partial n_4}$$
            $$\\frac{\\partial L}{\\partial n_4} = (y - h(n_4)) \\frac{\\partial h(n_4)}{\\partial n_4}$$
            $$\\frac{\\partial L}{\\partial w_{ji}} = \\frac{\\partial L}{\\partial n_j} x_{ji}$$
            $$\\frac{\\partial L}{\\partial n_4} = (h(n_4) - y) q_4$$
            $$L = \\text{<script>alert(1)</script>} \\frac{1}{2} (h(n_4) - y)^2$$
            $$L = "><img src=x onerror=alert(1)>$$
            """;

    private static Document dom(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document d, String tag) {
        NodeList n = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add((Element) n.item(i));
        }
        return out;
    }

    /** The text of every text node that is neither inside code nor inside math. */
    private static void plainText(Node n, List<String> out) {
        if (n.getNodeType() == Node.TEXT_NODE) {
            out.add(n.getNodeValue());
        }
        if (n instanceof Element e && (e.getTagName().equals("code") || e.getTagName().equals("math")
                || e.getTagName().equals("style") || e.getTagName().equals("title"))) {
            return;
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            plainText(c, out);
        }
    }

    @Test
    void everyLineIsARowWithItsVerdictItsFormulaTypesetAndNoMarkupFromThePage() throws Exception {
        List<PageCheck.Report> reports = PageCheck.check("<b>page</b>.md", PAGE, 7, 20, null, true);
        String html = PageHtml.of("report of <b>page</b>.md", reports);
        Document d = dom(html);
        List<PageCheck.Line> lines = reports.get(0).lines();
        List<Element> rows = elements(d, "tr").stream().filter(r -> r.getAttribute("class").startsWith("line "))
                .toList();
        assertEquals(lines.size(), rows.size(), html);
        for (int i = 0; i < rows.size(); i++) {
            Element verdict = (Element) rows.get(i).getElementsByTagName("td").item(2);
            assertTrue(verdict.getTextContent().startsWith(lines.get(i).verdict()), verdict.getTextContent());
            Element formula = (Element) rows.get(i).getElementsByTagName("td").item(1);
            if (lines.get(i).tex() != null) {
                assertEquals(1, formula.getElementsByTagName("math").getLength(), "typeset: " + lines.get(i));
            }
        }
        assertTrue(lines.stream().filter(l -> l.holds() || l.fails()).allMatch(l -> l.tex() != null),
                "every formula checked is typeset");
        assertTrue(rows.get(1).getAttribute("class").contains("fails")
                && rows.get(1).getTextContent().contains("opposite sign"), "the hint beside the failing line");
        assertTrue(elements(d, "table").stream().anyMatch(t -> t.getAttribute("class").equals("cx")),
                "the counterexample as a table");
        List<String> text = new ArrayList<>();
        plainText(d.getDocumentElement(), text);
        text.forEach(t -> assertTrue(!t.matches("(?s).*\\\\[a-zA-Z]+.*"), "LaTeX outside code and math: " + t));
        assertEquals(List.of(), elements(d, "script"), "no script from the page");
        assertEquals(List.of(), elements(d, "img"), "no image from the page");
        assertEquals(List.of(), elements(d, "b"), "no markup from the file name");
        assertTrue(d.getDocumentElement().getTextContent().contains("<script>alert(1)</script>"),
                "the page's markup comes out as text");
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), "no script can run");
    }

    @Test
    void formulasQuotedInASentenceAreTypesetAndTheSentenceStaysText() {
        String t = PageHtml.text("holds if \\begin{cases} a & j = 1 \\\\ b & j = 2 \\end{cases} reads "
                + "\\sigma'\\left(z_{1}^{2}\\right) \\cdot x (a missing factor \\sigma'\\left(z_{1}^{2}\\right))",
                java.util.Set.of());
        assertEquals(3, t.split("<math>", -1).length - 1, t);
        assertTrue(!t.contains("<code>") && t.startsWith("holds if <math>") && t.endsWith("</math>)"), t);
        assertTrue(PageHtml.text("x_{(1, 2)}: (1, 2) is outside <b>", java.util.Set.of()).endsWith("&lt;b&gt;"));
    }

    @Test
    void theNetworkIsDrawnAsSvgANeuronGraphOrALayerDiagram() throws Exception {
        String graph = PageCheck.check("page.md", PAGE, 7, 5, null, false).get(0).network();
        Document g = dom(graph);
        assertEquals(4, elements(g, "circle").size(), "one circle per neuron: inputs 1, 2 and units 3, 4\n" + graph);
        assertEquals(4, elements(g, "line").size(), "one arrow per edge");
        String layers = NOTATION.replace("network: neurons", "network: layers").replaceAll(
                "(?s)inputs:.*?output: 4\n", "sizes: [784, 3, 2]\n").replace("activation: h", "activation: \\sigma")
                .replace("loss: \\frac{1}{2} (h(n_4) - y)^2", "activations: {2: softmax}\nloss: -\\sum_{k=1}^{2} y_k "
                        + "\\log a^2_k").replace("target: {y: [0, 1]}", "target: {y: onehot}")
                .replace("symbols: {n: preactivation, x: input to from, w: weight to from, L: loss}",
                        "symbols: {W: weight, b: bias, a: activity, L: loss}");
        String svg = PageCheck.check("layers.md", layers + "$$L = L$$\n", 7, 5, null, false).get(0).network();
        Document l = dom(svg);
        assertEquals(NetworkSvg.SHOWN - 1 + 3 + 2, elements(l, "circle").size(), "784 units drawn as 7 and a mark\n"
                + svg);
        assertTrue(l.getDocumentElement().getTextContent().contains("input: 784")
                && l.getDocumentElement().getTextContent().contains("softmax"), svg);
        assertTrue(PageHtml.of("r", Map.of("page.md", PageCheck.check("page.md", PAGE, 7, 5, null, false)))
                .contains("<figure class=\"network\"><svg"), "the report shows it");
    }

    @Test
    void inHeadlessChromiumTheReportRendersWithinItsMargins(@TempDir Path dir) throws Exception {
        String chromium = List.of("chromium", "chromium-browser", "google-chrome").stream()
                .filter(c -> System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH")
                        .split(File.pathSeparator)).anyMatch(p -> Files.isExecutable(Path.of(p, c))))
                .findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "headless Chromium is not installed (apt-get install chromium)");
        Path html = dir.resolve("report.html");
        Files.writeString(html, PageHtml.of("report", Map.of("page.md", PageCheck.check("page.md", PAGE, 7, 20,
                null, false))));
        Path png = dir.resolve("report.png");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=900,1600", "--screenshot=" + png, html.toUri().toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Chromium did not finish in 2 minutes");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        // the page's right margin stays background: no formula or table drawn past the page's width
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = img.getWidth() - 12; x < img.getWidth(); x++) {
                assertEquals(0xFFFFFF, img.getRGB(x, y) & 0xFFFFFF, "something drawn at " + x + "," + y);
            }
        }
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                dark += (img.getRGB(x, y) & 0xFF) < 128 ? 1 : 0;
            }
        }
        assertTrue(dark > 2000, "the report has text on it: " + dark + " dark samples");
        Process dump = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                html.toUri().toString()).redirectError(dir.resolve("dump.log").toFile()).start();
        String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dump.waitFor(120, TimeUnit.SECONDS));
        assertTrue(dom.contains("<math") && dom.contains("<mfrac>"), "the browser's DOM holds the MathML");
    }
}
