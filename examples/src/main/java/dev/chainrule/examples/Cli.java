package dev.chainrule.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What every main of the examples does with its arguments: a user's mistake (a bad argument, a missing program
 * such as Graphviz) prints one message and the usage on standard error and exits non-zero, with no stack trace;
 * a stack trace is left for bugs.
 */
public final class Cli {
    /** Exit status of a bad argument. */
    public static final int USAGE = 2;
    /** Exit status of a user-facing failure that is not a bad argument (a missing program, an unwritable file). */
    public static final int FAILED = 1;

    private Cli() {
    }

    /** A bad argument: its message says which and why. */
    public static final class UsageError extends Exception {
        /** A bad argument, explained. */
        public UsageError(String message) {
            super(message);
        }
    }

    /** A failure the user can fix that is not a bad argument (a missing program): its message says how. */
    public static final class Failure extends Exception {
        /** A failure, explained. */
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A main's work over its arguments. */
    @FunctionalInterface
    public interface Body {
        /** Runs the main; throws {@link UsageError} for a bad argument. */
        void run(String[] args) throws Exception;
    }

    /** Runs {@code body} as the main {@code name} and exits with a non-zero status if it was refused. */
    public static void main(String name, String usage, String[] args, Body body) {
        int status = run(name, usage, args, System.err, body);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs {@code body} and returns the exit status: 0, {@link #USAGE} after a {@link UsageError}, or
     * {@link #FAILED} after a {@link Failure} or an {@link java.io.IOException} (a file that cannot be written).
     * The message and, for a usage error, the usage go to {@code err}. Any other exception is a bug and keeps its
     * stack trace.
     */
    public static int run(String name, String usage, String[] args, PrintStream err, Body body) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            err.println("usage: " + usage);
            return 0;
        }
        try {
            body.run(args);
            return 0;
        } catch (UsageError e) {
            err.println(name + ": " + e.getMessage());
            err.println("usage: " + usage);
            return USAGE;
        } catch (Failure e) {
            err.println(name + ": " + e.getMessage());
            return FAILED;
        } catch (java.nio.file.FileSystemException e) {
            // its message is only the path: say what went wrong with it
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "exists and is not a directory"
                    : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            err.println(name + ": " + e.getFile() + ": " + why);
            return FAILED;
        } catch (java.io.IOException e) {
            err.println(name + ": " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new RuntimeException(e);
        }
    }

    /** The integer argument {@code what}, at least {@code min}. */
    public static int integer(String what, String value, int min) throws UsageError {
        long v = number(what, value);
        if (v < min || v > Integer.MAX_VALUE) {
            throw new UsageError(what + " must be an integer from " + min + " to " + Integer.MAX_VALUE + ", not '"
                    + value + "'");
        }
        return (int) v;
    }

    /** The long integer argument {@code what}. */
    public static long number(String what, String value) throws UsageError {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageError(what + " must be an integer, not '" + value + "'");
        }
    }

    /** The decimal argument {@code what}, greater than 0 and finite. */
    public static double positive(String what, String value) throws UsageError {
        double v;
        try {
            v = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageError(what + " must be a number, not '" + value + "'");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new UsageError(what + " must be a finite number > 0, not '" + value + "'");
        }
        return v;
    }

    /** {@code value}, which must be one of {@code choices}. */
    public static String oneOf(String what, String value, String... choices) throws UsageError {
        for (String c : choices) {
            if (c.equals(value.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new UsageError(what + " must be one of " + String.join(", ", choices) + ", not '" + value + "'");
    }

    /** Refuses more than {@code max} arguments. */
    public static void atMost(String[] args, int max) throws UsageError {
        if (args.length > max) {
            throw new UsageError(max == 0 ? "takes no arguments, got '" + String.join(" ", args) + "'"
                    : "takes at most " + max + " arguments, got " + args.length + ": '" + String.join(" ", args)
                    + "'");
        }
    }
}
