package dev.chainrule.check.tex;

/**
 * A formula that cannot be read: the message names the construct and, through {@link #offset()}, the place.
 * {@link #getMessage()} starts with {@code file:line:col} when the source is known.
 */
public final class TexException extends IllegalArgumentException {
    /** Where in the document's text the formula cannot be read (an offset, from 0). */
    private final int offset;
    /** What is wrong, without the place. */
    private final String reason;

    /**
     * A reason at an offset, placed in {@code source} (may be null).
     *
     * @param source the document, which turns the offset into {@code file:line:col}; or null (the message then
     *               starts with {@code offset N})
     * @param offset where in the document's text (from 0) the formula cannot be read
     * @param reason what is wrong, naming the construct
     */
    public TexException(Source source, int offset, String reason) {
        super((source == null ? "offset " + offset : source.position(offset)) + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** {@return where in the document (an offset into its text, from 0)} */
    public int offset() {
        return offset;
    }

    /** {@return what is wrong, without the place} */
    public String reason() {
        return reason;
    }
}
