package dev.chainrule.nn.text;

import dev.chainrule.check.tex.DisplayMath;
import dev.chainrule.check.tex.Source;
import dev.chainrule.check.tex.Tex;
import dev.chainrule.check.tex.Tex.Chain;
import dev.chainrule.check.tex.Tex.Deriv;
import dev.chainrule.check.tex.TexPrinter;
import dev.chainrule.check.tex.TexTree;

import java.util.ArrayList;
import java.util.List;

/**
 * How the report shows a page's formulas: each side's text as the page writes it (between the relations around
 * it), clipped to a line, and the notes on how a loose side was read.
 */
final class SideText {
    private SideText() {
    }

    /** Each side's text as the page writes it: the text between the relations around it. */
    static List<int[]> spans(Source source, Chain c, DisplayMath.Row r) {
        String text = source.text();
        int n = c.sides().size();
        int lead = c.relations().size() - n + 1; // 1 when the row starts with a relation
        int[] from = new int[n];
        int[] to = new int[n];
        for (int i = 0; i < n; i++) {
            String rel = i + lead - 1 >= 0 ? c.relations().get(i + lead - 1) : null;
            if (rel == null) {
                from[i] = r.from();
            } else {
                String mark = rel.equals("=") ? "=" : rel.startsWith("\\") ? rel : rel.substring(0, 1);
                int at = text.lastIndexOf(mark, start(c.sides().get(i)));
                from[i] = at < r.from() ? start(c.sides().get(i)) : at + mark.length();
                if (i > 0) {
                    to[i - 1] = Math.max(from[i - 1], at);
                }
            }
        }
        to[n - 1] = r.to();
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = from[i];
            int b = Math.max(from[i], to[i]);
            while (a < b && (Character.isWhitespace(text.charAt(a)) || text.charAt(a) == '&')) {
                a++;
            }
            while (b > a && (Character.isWhitespace(text.charAt(b - 1)) || text.charAt(b - 1) == '&')) {
                b--; // "A &= B": the alignment mark before the relation
            }
            out.add(new int[] {a, b});
        }
        return out;
    }

    /** Where a tree's text starts: the leftmost place of its nodes (a product's place is its operator's). */
    static int start(Tex t) {
        int min = t.at();
        if (t instanceof Tex.Bin b) {
            min = Math.min(min, start(b.left()));
        } else if (t instanceof Tex.Pow p) {
            min = Math.min(min, start(p.base()));
        } else if (t instanceof Tex.Transpose tr) {
            min = Math.min(min, start(tr.x()));
        }
        return min;
    }

    /** The notes that are not null, joined with "; ", or null if none is. */
    static String join(String... notes) {
        String out = null;
        for (String n : notes) {
            if (n != null && (out == null || !out.contains(n))) {
                out = out == null ? n : out + "; " + n;
            }
        }
        return out;
    }

    /** How a side was read where the page is loose: a derivative whose denominator lacks its operator. */
    static String readingNote(Tex t) {
        List<String> loose = new ArrayList<>();
        looseDerivatives(t, loose);
        List<String> tuples = new ArrayList<>();
        TexTree.symbols(t, s -> {
            if (LayerScope.tupleAsIndex(s) != s) {
                tuples.add(TexPrinter.print(s) + " as " + TexPrinter.print(LayerScope.tupleAsIndex(s)));
            }
        });
        List<String> notes = new ArrayList<>();
        if (!loose.isEmpty()) {
            notes.add("read as derivatives, though their denominators lack the operator: " + String.join(", ", loose));
        }
        if (!tuples.isEmpty()) {
            notes.add("read with the index pair written as a superscript as the element index: "
                    + String.join(", ", tuples.stream().distinct().toList()));
        }
        return notes.isEmpty() ? null : String.join("; ", notes);
    }

    static void looseDerivatives(Tex t, List<String> out) {
        if (t instanceof Deriv d) {
            if (!d.wellFormed()) {
                out.add(TexPrinter.print(d));
            }
            if (d.of() != null) {
                looseDerivatives(d.of(), out);
            }
        } else if (t instanceof Tex.Bin b) {
            looseDerivatives(b.left(), out);
            looseDerivatives(b.right(), out);
        } else if (t instanceof Tex.Neg n) {
            looseDerivatives(n.x(), out);
        } else if (t instanceof Tex.Sum sum) {
            looseDerivatives(sum.body(), out);
        } else if (t instanceof Tex.Frac f) {
            looseDerivatives(f.num(), out);
            looseDerivatives(f.den(), out);
        }
    }

    static String clip(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= 110 ? t : t.substring(0, 107) + "...";
    }

}
