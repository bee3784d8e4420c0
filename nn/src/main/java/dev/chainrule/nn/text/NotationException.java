package dev.chainrule.nn.text;

/** A notation that cannot be used: the message names the file, the line or key, and what is wrong. */
public final class NotationException extends IllegalArgumentException {
    /**
     * A problem, described with its place.
     *
     * @param message what is wrong, starting with the file and the line or key it concerns
     */
    public NotationException(String message) {
        super(message);
    }
}
