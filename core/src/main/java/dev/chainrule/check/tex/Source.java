package dev.chainrule.check.tex;

import java.util.Arrays;

/**
 * A document's text with its name, which turns offsets into {@code file:line:col} (both from 1) for messages.
 * The line table is built once, in one pass, so that a 10 MB page costs one scan.
 */
public final class Source {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    /**
     * The document {@code name} (a file name, for messages) holding {@code text}.
     *
     * @param name the name messages give the document, usually its file name
     * @param text the whole text; offsets are indices into it
     */
    public Source(String name, String text) {
        this.name = name;
        this.text = text;
        int[] starts = new int[16];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    /** {@return the name given for messages} */
    public String name() {
        return name;
    }

    /** {@return the whole text} */
    public String text() {
        return text;
    }

    /**
     * {@return the line (from 1) of an offset}
     *
     * @param offset an index into the text, from 0
     */
    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /**
     * {@return the column (from 1) of an offset}
     *
     * @param offset an index into the text, from 0
     */
    public int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    /**
     * {@return {@code name:line:col} of an offset}
     *
     * @param offset an index into the text, from 0
     */
    public String position(int offset) {
        return name + ":" + line(offset) + ":" + column(offset);
    }
}
