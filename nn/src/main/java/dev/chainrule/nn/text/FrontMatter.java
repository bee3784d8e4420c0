package dev.chainrule.nn.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notation block at the top of a derivation page, between two {@code ---} lines, in the subset of YAML that
 * such blocks use: {@code key: value} lines, nested maps by indentation, inline lists {@code [a, b]} and maps
 * {@code {a: b}}, and {@code #} comments. Values are strings, lists and maps. A value that starts with a
 * backslash or holds LaTeX is kept verbatim (the rest of the line), so a loss can be written as on the page.
 */
public final class FrontMatter {
    private FrontMatter() {
    }

    /**
     * The block and where the page's body starts after it.
     *
     * @param values the block's keys and values (strings, lists and maps), in the order written
     * @param bodyStart the offset in the page of the first character after the closing {@code ---} line
     * @param firstLine the page's line number of the opening {@code ---}: 1, as the block opens the page
     */
    public record Block(Map<String, Object> values, int bodyStart, int firstLine) {
    }

    /**
     * {@return the front matter of {@code page}, or null when the page does not start with {@code ---}}
     *
     * @param file the page's name, used in messages (a path or a label)
     * @param page the page's whole text
     * @throws NotationException naming the line when the block is not closed or a line cannot be read
     */
    public static Block read(String file, String page) {
        if (!page.startsWith("---")) {
            return null;
        }
        int end = page.indexOf("\n---", 3);
        if (end < 0) {
            throw new NotationException(file + ":1: the notation block opened by '---' is never closed by '---'");
        }
        String[] lines = page.substring(page.indexOf('\n') + 1, end + 1).split("\n", -1);
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> stack = new ArrayList<>(List.of(root));
        List<Integer> indents = new ArrayList<>(List.of(-1));
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            String line = stripComment(raw);
            if (line.isBlank()) {
                continue;
            }
            int indent = raw.length() - raw.stripLeading().length();
            while (indent <= indents.get(indents.size() - 1)) {
                stack.remove(stack.size() - 1);
                indents.remove(indents.size() - 1);
            }
            int colon = keyColon(line);
            if (colon < 0) {
                throw new NotationException(file + ":" + (n + 2) + ": expected 'key: value', found '" + line.strip()
                        + "'");
            }
            String key = unquote(line.substring(0, colon).strip());
            String value = line.substring(colon + 1).strip();
            Map<String, Object> into = stack.get(stack.size() - 1);
            if (into.containsKey(key)) {
                throw new NotationException(file + ":" + (n + 2) + ": '" + key + "' is given twice");
            }
            if (value.isEmpty()) {
                Map<String, Object> child = new LinkedHashMap<>();
                into.put(key, child);
                stack.add(child);
                indents.add(indent);
            } else {
                into.put(key, value(value, file, n + 2));
            }
        }
        int body = page.indexOf('\n', end + 4);
        return new Block(root, body < 0 ? page.length() : body + 1, 1);
    }

    /** The colon that ends a key: the first one outside braces and brackets (keys may be LaTeX: {@code x_{ji}}). */
    private static int keyColon(String line) {
        int level = 0;
        int first = line.length() - line.stripLeading().length();
        int start = 0;
        if (first < line.length() && (line.charAt(first) == '"' || line.charAt(first) == '\'')) {
            int close = line.indexOf(line.charAt(first), first + 1); // a quoted key may hold anything but its quote
            if (close < 0) {
                return -1;
            }
            start = close + 1;
        }
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '{' || c == '[' || c == '(') {
                level++;
            } else if (c == '}' || c == ']' || c == ')') {
                level--;
            } else if (c == ':' && level == 0 && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static String stripComment(String line) {
        int hash = line.indexOf(" #");
        if (line.stripLeading().startsWith("#")) {
            return "";
        }
        return hash < 0 ? line : line.substring(0, hash);
    }

    /** An inline value: a list, a map or a scalar string (quotes removed). */
    static Object value(String v, String file, int line) {
        if (v.startsWith("[") && v.endsWith("]")) {
            List<Object> out = new ArrayList<>();
            for (String part : split(v.substring(1, v.length() - 1))) {
                if (!part.isBlank()) {
                    out.add(value(part.strip(), file, line));
                }
            }
            return out;
        }
        if (v.equals("{}")) {
            return new LinkedHashMap<String, Object>(); // an empty map: "change nothing"
        }
        if (v.startsWith("{") && v.endsWith("}") && keyColon(v.substring(1, v.length() - 1)) > 0) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String part : split(v.substring(1, v.length() - 1))) {
                int colon = keyColon(part);
                if (colon < 0) {
                    throw new NotationException(file + ":" + line + ": expected 'key: value' in '" + v + "'");
                }
                out.put(unquote(part.substring(0, colon).strip()), value(part.substring(colon + 1).strip(), file,
                        line));
            }
            return out;
        }
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    /** A key without the quotes around it ({@code "1b) Activations"}). */
    private static String unquote(String key) {
        boolean quoted = key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"")
                || key.startsWith("'") && key.endsWith("'"));
        return quoted ? key.substring(1, key.length() - 1) : key;
    }

    /** Splits at commas outside brackets and braces. */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int level = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote; // a comma inside quotes: "regression, depth 4"
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{' || c == '(') {
                level++;
            } else if (c == ']' || c == '}' || c == ')') {
                level--;
            } else if (c == ',' && level == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }
}
