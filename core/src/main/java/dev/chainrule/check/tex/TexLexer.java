package dev.chainrule.check.tex;

import java.util.ArrayList;
import java.util.List;

/**
 * LaTeX math as tokens: numbers, runs of letters, commands ({@code \frac}, {@code \\}, {@code \,}) and single
 * characters. Comments ({@code %} to the end of the line) and whitespace are dropped; each token keeps its
 * offset in the document. One pass, no backtracking: a formula of n characters costs O(n).
 */
final class TexLexer {
    /** Longest formula read (characters): a longer one is refused by name rather than parsed. */
    static final int MAX_LENGTH = 200_000;

    enum Kind { NUMBER, WORD, COMMAND, CHAR, END }

    /** A token: its kind, its text (a command without its backslash), and where it starts and ends. */
    record Token(Kind kind, String text, int start, int end) {
        boolean is(char c) {
            return kind == Kind.CHAR && text.length() == 1 && text.charAt(0) == c;
        }

        boolean isCommand(String name) {
            return kind == Kind.COMMAND && text.equals(name);
        }

        @Override
        public String toString() {
            return kind == Kind.COMMAND ? "\\" + text : kind == Kind.END ? "the end of the formula" : text;
        }
    }

    private TexLexer() {
    }

    /** The tokens of {@code text[from, to)}, ending with an END token at {@code to}. */
    static List<Token> tokens(Source source, int from, int to) {
        if (to - from > MAX_LENGTH) {
            throw new TexException(source, from, "a formula of " + (to - from) + " characters; formulas longer "
                    + "than " + MAX_LENGTH + " characters are not read");
        }
        String s = source.text();
        List<Token> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '%' && (i == from || s.charAt(i - 1) != '\\')) {
                while (i < to && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\\') {
                int j = i + 1;
                if (j < to && isLetter(s.charAt(j))) {
                    while (j < to && isLetter(s.charAt(j))) {
                        j++;
                    }
                    out.add(new Token(Kind.COMMAND, s.substring(i + 1, j), i, j));
                } else if (j < to) {
                    out.add(new Token(Kind.COMMAND, String.valueOf(s.charAt(j)), i, j + 1));
                    j++;
                } else {
                    throw new TexException(source, i, "a lone backslash at the end of the formula");
                }
                i = j;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < to && Character.isDigit(s.charAt(i + 1))) {
                int j = i;
                while (j < to && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                if (j + 1 < to && s.charAt(j) == '.' && Character.isDigit(s.charAt(j + 1))) {
                    j++;
                    while (j < to && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                }
                out.add(new Token(Kind.NUMBER, s.substring(i, j), i, j));
                i = j;
            } else if (isLetter(c)) {
                int j = i;
                while (j < to && isLetter(s.charAt(j))) {
                    j++;
                }
                out.add(new Token(Kind.WORD, s.substring(i, j), i, j));
                i = j;
            } else if (c == '.' && i + 2 < to && s.charAt(i + 1) == '.' && s.charAt(i + 2) == '.') {
                out.add(new Token(Kind.COMMAND, "ldots", i, i + 3));
                i += 3;
            } else {
                out.add(new Token(Kind.CHAR, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        out.add(new Token(Kind.END, "", to, to));
        return out;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
