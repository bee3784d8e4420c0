package dev.chainrule.nn.text;

import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Sym;
import dev.chainrule.check.tex.TexMatrix.M;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.core.Differentiable;
import dev.chainrule.nn.text.NeuronScope.UnboundSymbol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The samples of a batch in a layered page's symbols: one unit across the batch ({@code \\hat{y}_i}, a row of a
 * C x N output), and sample n of a quantity inside a sum over the notation's sample index.
 */
final class LayerSamples {
    private LayerSamples() {
    }

    /**
     * Unit i of a per-sample quantity across a batch ({@code \hat{y}_i} of a C x N output): its row in the column
     * convention, its column in the row convention.
     */
    static <T extends Differentiable<T>> M<T> unitOfBatch(LayerNotation n, Sym s, M<T> m, int index) {
        int i = index - n.base;
        int units = n.column ? m.rows() : m.cols();
        if (i < 0 || i >= units) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + ": unit " + index + " is outside " + n.base + ".."
                    + (n.base + units - 1), true);
        }
        List<T> e = new ArrayList<>();
        int samples = n.column ? m.cols() : m.rows();
        for (int k = 0; k < samples; k++) {
            e.add(n.column ? m.get(i, k) : m.get(k, i));
        }
        return n.column ? new M<>(1, samples, e) : new M<>(samples, 1, e);
    }

    /**
     * Inside a sum over the notation's sample index ({@code \sum_{n=1}^{N} \hat{y}_i}), a per-sample quantity
     * written without that index is sample n's: its column in the column convention, its row in the row one.
     */
    static <T extends Differentiable<T>> M<T> atSample(LayerNotation n, Sym s, M<T> m,
                                                       Map<String, Integer> indices) {
        String letter = n.sampleIndex;
        if (letter == null || !indices.containsKey(letter) || s.sub() != null && mentions(s.sub(), letter)) {
            return m;
        }
        int samples = n.column ? m.cols() : m.rows();
        if (samples != n.batch) {
            return m;
        }
        int k = indices.get(letter) - n.base;
        if (k < 0 || k >= samples) {
            throw new UnboundSymbol(s, TexPrinter.print(s) + " in a sum over the samples " + letter + ": sample "
                    + indices.get(letter) + " is outside " + n.base + ".." + (n.base + samples - 1) + " (a batch of "
                    + samples + ")", true);
        }
        List<T> e = new ArrayList<>();
        int units = n.column ? m.rows() : m.cols();
        for (int u = 0; u < units; u++) {
            e.add(n.column ? m.get(u, k) : m.get(k, u));
        }
        return n.column ? new M<>(units, 1, e) : new M<>(1, units, e);
    }

    /** Whether a subscript names the letter anywhere ({@code y_{i,n}} names n). */
    private static boolean mentions(Tex t, String letter) {
        List<Tex> items = new ArrayList<>();
        dev.chainrule.check.tex.TexTree.flattenIndices(t, items);
        return items.stream().anyMatch(x -> x instanceof Sym y && y.name().equals(letter));
    }
}
