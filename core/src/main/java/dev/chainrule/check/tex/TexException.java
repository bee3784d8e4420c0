package dev.chainrule.check.tex;

/**
 * A formula that cannot be read: the message names the construct and, through {@link #offset()}, the place.
 * {@link #getMessage()} starts with {@code file:line:col} when the source is known.
 */
public final class TexException extends IllegalArgumentException {
    private final int offset;
    private final String reason;

    /** A reason at an offset, placed in {@code source} (may be null). */
    public TexException(Source source, int offset, String reason) {
        super((source == null ? "offset " + offset : source.position(offset)) + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** Where in the document. */
    public int offset() {
        return offset;
    }

    /** What is wrong, without the place. */
    public String reason() {
        return reason;
    }
}
