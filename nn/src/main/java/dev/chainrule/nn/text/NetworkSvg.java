package dev.chainrule.nn.text;

import dev.chainrule.nn.Activation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.chainrule.check.tex.TexMathML.escape;

/**
 * The network a page's notation describes, drawn as SVG for its report: the layer diagram of {@code network:
 * layers} (each layer a column of units, at most {@value #SHOWN} drawn, with its size and activation), or the graph
 * of named neurons of {@code network: neurons} (each neuron at the depth of its longest path from an input, each
 * edge an arrow). Text from the page is escaped.
 */
final class NetworkSvg {
    static final int SHOWN = 8;
    private static final int COLUMN = 130;
    private static final int ROW = 42;

    private NetworkSvg() {
    }

    /** The drawing of the notation's network, or null for a notation without one (a function of numbers). */
    static String of(Map<String, Object> notation, String file) {
        Map<String, Object> n = new LinkedHashMap<>(notation);
        n.remove("parts");
        n.remove("corrections");
        n.remove("findings");
        Notation parsed;
        try {
            parsed = Notation.of(n, file);
        } catch (RuntimeException e) { // a notation the check itself reports on
            return null;
        }
        if (parsed instanceof LayerNotation l) {
            return layers(l);
        }
        return parsed instanceof NeuronNotation g ? neurons(g) : null;
    }

    private static String layers(LayerNotation n) {
        int layers = n.sizes.length;
        int tallest = 0;
        for (int s : n.sizes) {
            tallest = Math.max(tallest, Math.min(s, SHOWN));
        }
        int width = COLUMN * layers + 40;
        int height = 20 + ROW * tallest + 50;
        StringBuilder b = open(width, height, "the layers of the network");
        List<double[]> previous = null;
        for (int l = 0; l < layers; l++) {
            int size = n.sizes[l];
            int drawn = Math.min(size, SHOWN);
            double x = 20 + COLUMN * l + COLUMN / 2.0;
            List<double[]> units = new ArrayList<>();
            for (int i = 0; i < drawn; i++) {
                units.add(new double[] {x, 20 + (tallest - drawn) * ROW / 2.0 + i * ROW + ROW / 2.0});
            }
            if (previous != null) {
                for (double[] p : previous) {
                    for (double[] u : units) {
                        b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                                + "stroke=\"#bbb\" stroke-width=\"0.7\"/>", p[0] + 12, p[1], u[0] - 12, u[1]));
                    }
                }
            }
            for (int i = 0; i < units.size(); i++) {
                double[] u = units.get(i);
                boolean more = size > SHOWN && i == drawn - 2;
                b.append(more ? String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                        + "&#8942;</text>", u[0], u[1] + 5) : circle(u[0], u[1], l == 0 ? "#e8f0fe" : "#fff"));
            }
            String activation = l == 0 ? "" : label(n, l);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x, height - 28, escape((l == 0 ? "input" : "layer " + l) + ": " + size)));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">"
                    + "%s</text>", x, height - 10, escape(activation)));
            previous = units;
        }
        return b.append("</svg>").toString();
    }

    /** A layer's activation: fixed by the notation, or the setting checked (the page's own symbol). */
    private static String label(LayerNotation n, int l) {
        Activation fixed = n.fixed.get(l);
        return fixed != null ? fixed.name() : "activation";
    }

    private static String neurons(NeuronNotation n) {
        Map<String, Integer> depth = new HashMap<>();
        n.inputs.forEach(i -> depth.put(i, 0));
        // longest path from an input: relax every edge as often as there are neurons (no recursion)
        List<String> all = new ArrayList<>(n.inputs);
        all.addAll(n.units);
        for (int round = 0; round < all.size(); round++) {
            for (NeuronNotation.Edge e : n.edges) {
                Integer d = depth.get(e.from());
                if (d != null && depth.getOrDefault(e.to(), -1) < d + 1) {
                    depth.put(e.to(), d + 1);
                }
            }
        }
        Map<Integer, List<String>> columns = new java.util.TreeMap<>();
        for (String v : all) {
            columns.computeIfAbsent(depth.getOrDefault(v, 0), k -> new ArrayList<>()).add(v);
        }
        int tallest = columns.values().stream().mapToInt(List::size).max().orElse(1);
        int width = COLUMN * columns.size() + 40;
        int height = ROW * 2 * tallest + 40;
        Map<String, double[]> at = new HashMap<>();
        int c = 0;
        for (List<String> col : columns.values()) {
            for (int i = 0; i < col.size(); i++) {
                at.put(col.get(i), new double[] {20 + COLUMN * c + COLUMN / 2.0,
                        height / 2.0 - (col.size() - 1) * ROW + i * 2 * ROW});
            }
            c++;
        }
        StringBuilder b = open(width, height, "the neurons of the network");
        b.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#888\"/>"
                + "</marker></defs>");
        for (NeuronNotation.Edge e : n.edges) {
            double[] p = at.get(e.from());
            double[] q = at.get(e.to());
            if (p == null || q == null) {
                continue;
            }
            double dx = q[0] - p[0];
            double dy = q[1] - p[1];
            double len = Math.max(1, Math.hypot(dx, dy));
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" "
                    + "marker-end=\"url(#arrow)\"/>", p[0] + 16 * dx / len, p[1] + 16 * dy / len, q[0] - 17 * dx / len,
                    q[1] - 17 * dy / len));
        }
        for (String v : all) {
            double[] p = at.get(v);
            boolean input = n.inputs.contains(v);
            b.append(circle(p[0], p[1], input ? "#e8f0fe" : v.equals(n.output) ? "#fdecea" : "#fff"));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", p[0],
                    p[1] + 5, escape(v)));
        }
        return b.append("</svg>").toString();
    }

    private static StringBuilder open(int width, int height, String title) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "class=\"network\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" font-size=\"13\" "
                + "font-family=\"sans-serif\"><title>%s</title>", width, height, width, height, escape(title)));
    }

    private static String circle(double x, double y, String fill) {
        return String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"14\" fill=\"%s\" stroke=\"#333\"/>", x,
                y, fill);
    }
}
