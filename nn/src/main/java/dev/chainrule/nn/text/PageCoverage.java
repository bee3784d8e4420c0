package dev.chainrule.nn.text;

import dev.chainrule.check.tex.DisplayMath;
import dev.chainrule.check.tex.Source;

import java.util.ArrayList;
import java.util.List;

/**
 * How much of a page its checks read: each display row is read when some reading checks a side on it (or it ends
 * with a relation that the next row's read chain continues); each row no reading reads is listed with the reason
 * the first reading gave. A row set aside by every reading counts as not read.
 *
 * @param rows the number of display rows in the page's body
 * @param unread the rows no reading read, in page order
 */
public record PageCoverage(int rows, List<Unread> unread) {
    /**
     * A display row no reading read: its place, its text (clipped), and why.
     *
     * @param position the row's place, "file:line:column"
     * @param text the row's text, clipped
     * @param why the reason the first reading that names the row gave, or "no reading checks it"
     */
    public record Unread(String position, String text, String why) {
    }

    /**
     * Copies the list of unread rows.
     *
     * @param rows the number of display rows in the page's body
     * @param unread the rows no reading read, in page order
     */
    public PageCoverage {
        unread = List.copyOf(unread);
    }

    /** {@return the number of rows read in at least one reading} */
    public int read() {
        return rows - unread.size();
    }

    /** {@return the share of rows read, from 0 to 1 (1 for a page without rows)} */
    public double fraction() {
        return rows == 0 ? 1 : (double) read() / rows;
    }

    /**
     * {@return the coverage of {@code page} by the reports of its readings ({@link PageCheck#check})}
     *
     * @param file the page's name, used in messages (a path or a label)
     * @param page the page's whole text, its notation block included
     * @param reports the reports of the page's readings, as {@link PageCheck#check} gives them
     */
    public static PageCoverage of(String file, String page, List<PageCheck.Report> reports) {
        FrontMatter.Block fm = FrontMatter.read(file, page);
        Source source = new Source(file, page);
        List<DisplayMath.Row> rows = DisplayMath.rows(source, fm == null ? 0 : fm.bodyStart());
        boolean[] read = new boolean[rows.size()];
        String[] why = new String[rows.size()];
        for (PageCheck.Report r : reports) {
            for (PageCheck.Line l : r.lines()) {
                int at = offset(source, l.position());
                for (int k = 0; k < rows.size(); k++) {
                    if (at < rows.get(k).from() || at >= rows.get(k).to()) {
                        continue;
                    }
                    boolean checked = !l.verdict().equals("NOT READ") && !l.verdict().equals("not checked");
                    read[k] |= checked;
                    if (!checked && why[k] == null) {
                        why[k] = l.detail() == null ? l.verdict() : l.detail().lines().findFirst().orElse("");
                    }
                }
            }
        }
        for (int k = rows.size() - 2; k >= 0; k--) { // "A =" at the end of a display, its right side in the next
            read[k] |= read[k + 1] && rows.get(k).text().strip().endsWith("=");
        }
        List<Unread> out = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            if (!read[k]) {
                DisplayMath.Row row = rows.get(k);
                out.add(new Unread(row.position(), SideText.clip(row.text().strip()), why[k] == null
                        ? "no reading checks it" : why[k]));
            }
        }
        return new PageCoverage(rows.size(), out);
    }

    /**
     * {@return the reports with each side that fails by an undefined product alone ({@link PageCheck#UNDEFINED})
     * listed as not read, unless every reading finds the row undefined by a product whose inner sizes differ}: where
     * another reading reads the row, or cannot read it for another reason (a side of another shape), the product's
     * sizes may be the reading's (its convention, its batch), not the page's.
     *
     * @param file the page's name, used in messages (a path or a label)
     * @param page the page's whole text, its notation block included
     * @param reports the reports of the page's readings
     */
    static List<PageCheck.Report> undefinedInEveryReading(String file, String page, List<PageCheck.Report> reports) {
        FrontMatter.Block fm = FrontMatter.read(file, page);
        Source source = new Source(file, page);
        List<DisplayMath.Row> rows = DisplayMath.rows(source, fm == null ? 0 : fm.bodyStart());
        java.util.Set<Integer> otherwise = new java.util.HashSet<>(); // rows some reading reads or leaves otherwise
        for (PageCheck.Report r : reports) {
            for (PageCheck.Line l : r.lines()) {
                boolean byProduct = undefined(l) || l.verdict().equals("NOT READ") && l.detail() != null
                        && l.detail().contains("inner sizes");
                if (!byProduct && !l.verdict().equals("not checked")) {
                    otherwise.add(row(source, rows, l));
                }
            }
        }
        List<PageCheck.Report> out = new ArrayList<>();
        for (PageCheck.Report r : reports) {
            List<PageCheck.Line> lines = new ArrayList<>();
            for (PageCheck.Line l : r.lines()) {
                boolean unread = undefined(l) && otherwise.contains(row(source, rows, l));
                lines.add(unread ? l.judged("NOT READ", Double.NaN, l.detail().substring(PageCheck.UNDEFINED.length())
                        + " (in this reading; another reads the row, or leaves it for another reason)") : l);
            }
            out.add(new PageCheck.Report(r.file(), r.reading(), lines, r.rows(), (int) lines.stream()
                    .filter(l -> l.verdict().equals("NOT READ")).count(), r.findings(), r.network()));
        }
        return out;
    }

    private static boolean undefined(PageCheck.Line l) {
        return l.fails() && l.detail() != null && l.detail().startsWith(PageCheck.UNDEFINED);
    }

    /** The index of the display row a line stands on, or -1 (a correction, written in the notation). */
    private static int row(Source source, List<DisplayMath.Row> rows, PageCheck.Line l) {
        int at = offset(source, l.position());
        for (int k = 0; k < rows.size(); k++) {
            if (at >= rows.get(k).from() && at < rows.get(k).to()) {
                return k;
            }
        }
        return -1;
    }

    /** The offset of a place "file:line:col" in the page. */
    private static int offset(Source source, String position) {
        String[] p = position.split(":");
        int line = Integer.parseInt(p[p.length - 2]);
        int col = Integer.parseInt(p[p.length - 1]);
        String text = source.text();
        int off = 0;
        for (int i = 1; i < line && off >= 0; i++) {
            off = text.indexOf('\n', off) + 1;
        }
        return off + col - 1;
    }
}
