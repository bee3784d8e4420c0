package dev.chainrule.check.tex;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The display formulas of a Markdown (or plain text) page: {@code $$...$$}, {@code \[...\]}, and the
 * {@code equation}, {@code align}, {@code aligned}, {@code split}, {@code gather} environments (starred too),
 * each split into its rows at {@code \\} and with the alignment marks {@code &} dropped. Prose, inline math
 * ({@code $...$}) and fenced code blocks are ignored. Each row keeps its place in the page.
 *
 * <p>One pass over the text, no backtracking: a 10 MB page is read in time proportional to its size. A block
 * that is never closed is reported as unreadable ({@link Row#error}) and the rest of the page is still read.
 */
public final class DisplayMath {
    private static final Set<String> ENVIRONMENTS = Set.of("equation", "align", "aligned", "split", "gather",
            "gathered", "multline", "eqnarray", "alignat");

    private DisplayMath() {
    }

    /**
     * One row of a display formula: {@code [from, to)} in the source, the block it belongs to (rows of one
     * block share {@code block}), and an error when the block cannot be read.
     */
    public record Row(Source source, int block, int from, int to, String error) {
        /** {@return the row's text as written} */
        public String text() {
            return source.text().substring(from, to);
        }

        /** {@return where the row starts: {@code file:line:col}} */
        public String position() {
            return source.position(from);
        }
    }

    /**
     * {@return every display-formula row of the page, in order}
     *
     * @param source the page
     */
    public static List<Row> rows(Source source) {
        return rows(source, 0);
    }

    /**
     * {@return the rows of display math from offset {@code from} on} For a page's body after its notation block,
     * whose own LaTeX (such as a correction's {@code $$}) is no display math of the page.
     *
     * @param source the page
     * @param from   the offset in the page's text where reading starts
     */
    public static List<Row> rows(Source source, int from) {
        String s = source.text();
        List<Row> out = new ArrayList<>();
        int block = 0;
        int i = from;
        boolean lineStart = true;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (lineStart && (s.startsWith("```", i) || s.startsWith("~~~", i))) {
                i = skipFence(s, i);
                continue;
            }
            lineStart = c == '\n' || lineStart && (c == ' ' || c == '\t');
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                i += 2; // an escaped dollar in prose
            } else if (s.startsWith("$$", i)) {
                int end = s.indexOf("$$", i + 2);
                i = block(source, out, block++, i, i + 2, end, end < 0 ? -1 : end + 2, "$$");
            } else if (s.startsWith("\\[", i)) {
                int end = s.indexOf("\\]", i + 2);
                i = block(source, out, block++, i, i + 2, end, end < 0 ? -1 : end + 2, "\\[");
            } else if (s.startsWith("\\begin{", i) && environment(s, i) != null) {
                String env = environment(s, i);
                int open = i + "\\begin{".length() + env.length() + 1;
                String close = "\\end{" + env + "}";
                int end = s.indexOf(close, open);
                i = block(source, out, block++, i, open, end, end < 0 ? -1 : end + close.length(), "\\begin{"
                        + env + "}");
            } else if (c == '$') {
                int end = s.indexOf('$', i + 1); // inline math: prose for the checker
                i = end < 0 ? i + 1 : end + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    private static String environment(String s, int i) {
        int close = s.indexOf('}', i);
        if (close < 0 || close - i > 30) {
            return null;
        }
        String env = s.substring(i + "\\begin{".length(), close);
        return ENVIRONMENTS.contains(env.replace("*", "")) ? env : null;
    }

    /** Adds the rows of the block whose body is [from, to) and returns where reading goes on. */
    private static int block(Source source, List<Row> out, int block, int start, int from, int to, int next,
                             String opener) {
        if (to < 0) {
            out.add(new Row(source, block, start, Math.min(source.text().length(), start + opener.length()),
                    opener + " is never closed"));
            return start + opener.length();
        }
        String s = source.text();
        int[] range = stripEnvironment(s, from, to);
        int rowStart = range[0];
        int level = 0;
        int nested = 0;
        for (int i = range[0]; i < range[1]; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < range[1]) {
                if (s.startsWith("\\begin{", i)) {
                    nested++;
                } else if (s.startsWith("\\end{", i)) {
                    nested--;
                } else if (s.charAt(i + 1) == '\\' && level == 0 && nested == 0) {
                    addRow(source, out, block, rowStart, i);
                    rowStart = i + 2;
                }
                i++;
            } else if (c == '{') {
                level++;
            } else if (c == '}') {
                level--;
            }
        }
        addRow(source, out, block, rowStart, range[1]);
        return next;
    }

    /** A body that is one alignment environment ({@code $$\begin{split} ... \end{split}$$}): its inside. */
    private static int[] stripEnvironment(String s, int from, int to) {
        int a = from;
        while (a < to && Character.isWhitespace(s.charAt(a))) {
            a++;
        }
        int b = to;
        while (b > a && Character.isWhitespace(s.charAt(b - 1))) {
            b--;
        }
        if (s.startsWith("\\begin{", a)) {
            String env = environment(s, a);
            String close = env == null ? null : "\\end{" + env + "}";
            if (close != null && b - close.length() >= a && s.startsWith(close, b - close.length())) {
                return new int[] {a + "\\begin{".length() + env.length() + 1, b - close.length()};
            }
        }
        return new int[] {from, to};
    }

    /** A row, with alignment marks outside matrices and cases left for the parser to skip. */
    private static void addRow(Source source, List<Row> out, int block, int from, int to) {
        String t = source.text().substring(from, to);
        if (!t.isBlank()) {
            out.add(new Row(source, block, from, to, null));
        }
    }

    private static int skipFence(String s, int i) {
        String fence = s.substring(i, i + 3);
        int end = s.indexOf("\n" + fence, i + 3);
        return end < 0 ? s.length() : end + 4;
    }
}
