package dev.chainrule.examples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long run, on standard error so that the report on standard output stays clean: a bar redrawn in
 * place on a terminal, and on a pipe or a log one plain line per step (no carriage returns to garble them).
 */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean terminal;
    private final int total;
    private final String what;
    private final long start = System.nanoTime();
    private int drawn = -1;

    Progress(String what, int total, PrintStream err, boolean terminal) {
        this.what = what;
        this.total = Math.max(1, total);
        this.err = err;
        this.terminal = terminal;
    }

    /** On standard error, a bar when it is a terminal. */
    static Progress of(String what, int total) {
        return new Progress(what, total, System.err, System.console() != null);
    }

    /** Step {@code done} of the total finished, with a short note (a document, a loss). */
    void step(int done, String note) {
        int bar = (int) Math.round(WIDTH * (double) done / total);
        if (terminal) {
            if (bar == drawn && done != total) {
                return; // redraw only when the bar grows
            }
            drawn = bar;
            err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %s", what, "#".repeat(bar), ".".repeat(WIDTH - bar), done,
                    total, note);
            if (done == total) {
                err.print("\r" + " ".repeat(what.length() + WIDTH + 40) + "\r"); // leave the line clean
            }
        } else if (total <= 20 || done == total || done % Math.max(1, total / 10) == 0) {
            err.printf(Locale.ROOT, "%s: %d/%d %s (%.1f s)%n", what, done, total, note,
                    (System.nanoTime() - start) / 1e9);
        }
        err.flush();
    }
}
