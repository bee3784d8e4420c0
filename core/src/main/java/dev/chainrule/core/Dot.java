package dev.chainrule.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Graphviz export of a scalar graph, like micrograd's {@code draw_dot}: one box per node with its label, value
 * and gradient, one oval per op. A backward pass releases the graph it went through, so draw a graph before
 * backward, or after {@code backward(true)}, which retains it.
 *
 * <pre>{@code
 * String dot = Dot.of(loss);                  // DOT text
 * Dot.render(dot, Path.of("loss.svg"));        // needs Graphviz's 'dot' on the PATH
 * }</pre>
 */
public final class Dot {
    private Dot() {
    }

    /**
     * {@return DOT text for the graph that produced {@code root}} The walk is iterative, so deep graphs are fine.
     *
     * @param root the output node; every node it was computed from is drawn, with its value and gradient
     */
    public static String of(Scalar root) {
        Map<Scalar, Integer> ids = new IdentityHashMap<>();
        List<Scalar> nodes = new ArrayList<>();
        ArrayDeque<Scalar> todo = new ArrayDeque<>();
        ids.put(root, 0);
        nodes.add(root);
        todo.push(root);
        while (!todo.isEmpty()) {
            Scalar s = todo.pop();
            for (Scalar in : s.inputs()) {
                if (!ids.containsKey(in)) {
                    ids.put(in, nodes.size());
                    nodes.add(in);
                    todo.push(in);
                }
            }
        }
        StringBuilder out = new StringBuilder("digraph chainrule {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Scalar s = nodes.get(i);
            String name = s.label() == null ? "" : escape(s.label()) + " | ";
            String grad = s.requiresGrad() ? String.format(Locale.ROOT, "grad %.4f", s.grad) : "constant";
            out.append(String.format(Locale.ROOT, "  n%d [shape=record, label=\"{ %sdata %.4f | %s }\"];%n",
                    i, name, s.value(), grad));
            if (!s.isLeaf()) {
                out.append(String.format(Locale.ROOT, "  n%dop [label=\"%s\"];%n  n%dop -> n%d;%n",
                        i, escape(s.op()), i, i));
                for (Scalar in : s.inputs()) {
                    out.append(String.format(Locale.ROOT, "  n%d -> n%dop;%n", ids.get(in), i));
                }
            }
        }
        return out.append("}\n").toString();
    }

    /** {@return whether Graphviz's {@code dot} is on the PATH} */
    public static boolean graphvizAvailable() {
        return findDot(System.getenv("PATH")) != null;
    }

    /**
     * Renders DOT text to {@code out}, in the format named by its extension ({@code .svg}, {@code .png},
     * {@code .pdf}), with Graphviz's {@code dot}.
     *
     * @param dot the DOT text, as {@link #of} makes it
     * @param out the file to write; its extension names the format
     * @throws IllegalStateException if {@code dot} is not on the PATH or fails
     * @throws IOException if {@code dot} cannot be started or its output read, or the wait for it is interrupted
     */
    public static void render(String dot, Path out) throws IOException {
        render(dot, out, System.getenv("PATH"));
    }

    static void render(String dot, Path out, String pathVariable) throws IOException {
        String file = out.getFileName().toString();
        int cut = file.lastIndexOf('.');
        String format = cut < 0 ? "" : file.substring(cut + 1).toLowerCase(Locale.ROOT);
        if (!List.of("svg", "png", "pdf").contains(format)) {
            throw new IllegalArgumentException("Dot.render: cannot tell the format of '" + file
                    + "'; end the file name with .svg, .png or .pdf");
        }
        Path exe = findDot(pathVariable);
        if (exe == null) {
            throw new IllegalStateException("Dot.render: Graphviz's 'dot' program is not on the PATH, so " + file
                    + " cannot be drawn; install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew "
                    + "install graphviz) or render the text of Dot.of(...) with any Graphviz viewer");
        }
        Process p = new ProcessBuilder(exe.toString(), "-T" + format, "-o", out.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String messages;
        try (InputStream in = p.getInputStream()) {
            messages = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Dot.render: 'dot' did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Dot.render: interrupted while waiting for 'dot'", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("Dot.render: 'dot' failed with exit code " + p.exitValue() + ": "
                    + messages.strip());
        }
    }

    static Path findDot(String pathVariable) {
        if (pathVariable == null) {
            return null;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : new String[] {"dot", "dot.exe"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\"{}|<>\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
