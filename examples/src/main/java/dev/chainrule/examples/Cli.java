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
        /**
         * A bad argument, explained.
         *
         * @param message which argument is bad and why, printed after the main's name
         */
        public UsageError(String message) {
            super(message);
        }
    }

    /** A failure the user can fix that is not a bad argument (a missing program): its message says how. */
    public static final class Failure extends Exception {
        /**
         * A failure, explained.
         *
         * @param message what failed and how the user can fix it, printed after the main's name
         * @param cause   the exception that reported the failure
         */
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A main's work over its arguments. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs the main.
         *
         * @param args the main's command-line arguments, as given to it
         * @throws Exception a {@link UsageError} for a bad argument, a {@link Failure} or an
         *                   {@link java.io.IOException} for a failure the user can fix; any other is a bug
         */
        void run(String[] args) throws Exception;
    }

    /**
     * Runs {@code body} as the main {@code name} and exits with a non-zero status if it was refused.
     *
     * @param name  the main's name, which starts each message on standard error
     * @param usage the usage line, printed after a bad argument and for {@code --help} or {@code -h}
     * @param args  the main's command-line arguments
     * @param body  the main's work over {@code args}
     */
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
     *
     * @param name  the main's name, which starts each message
     * @param usage the usage line, printed after a bad argument and for {@code --help} or {@code -h}
     * @param args  the main's command-line arguments
     * @param err   where the message and the usage go
     * @param body  the main's work over {@code args}
     * @return the exit status: 0 when {@code body} finished or help was asked for, {@link #USAGE} or
     *         {@link #FAILED}
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

    /**
     * The integer argument {@code what}, at least {@code min}.
     *
     * @param what  the argument's name, for the message
     * @param value the argument as given; surrounding white space is ignored
     * @param min   the smallest value accepted
     * @return {@code value} as an int from {@code min} to {@link Integer#MAX_VALUE}
     * @throws UsageError if {@code value} is not an integer or is out of that range
     */
    public static int integer(String what, String value, int min) throws UsageError {
        long v = number(what, value);
        if (v < min || v > Integer.MAX_VALUE) {
            throw new UsageError(what + " must be an integer from " + min + " to " + Integer.MAX_VALUE + ", not '"
                    + value + "'");
        }
        return (int) v;
    }

    /**
     * The long integer argument {@code what}.
     *
     * @param what  the argument's name, for the message
     * @param value the argument as given; surrounding white space is ignored
     * @return {@code value} as a long
     * @throws UsageError if {@code value} is not an integer that fits in a long
     */
    public static long number(String what, String value) throws UsageError {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageError(what + " must be an integer, not '" + value + "'");
        }
    }

    /**
     * The decimal argument {@code what}, greater than 0 and finite.
     *
     * @param what  the argument's name, for the message
     * @param value the argument as given; surrounding white space is ignored
     * @return {@code value} as a double, greater than 0 and finite
     * @throws UsageError if {@code value} is not a number, or is not greater than 0, or is infinite
     */
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

    /**
     * {@code value}, which must be one of {@code choices}.
     *
     * @param what    the argument's name, for the message
     * @param value   the argument as given, matched in lower case
     * @param choices the accepted values, in lower case
     * @return the choice that {@code value} names
     * @throws UsageError if {@code value} names none of {@code choices}
     */
    public static String oneOf(String what, String value, String... choices) throws UsageError {
        for (String c : choices) {
            if (c.equals(value.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new UsageError(what + " must be one of " + String.join(", ", choices) + ", not '" + value + "'");
    }

    /**
     * Refuses more than {@code max} arguments.
     *
     * @param args a main's command-line arguments
     * @param max  how many it takes at most
     * @throws UsageError if there are more than {@code max}, quoting them
     */
    public static void atMost(String[] args, int max) throws UsageError {
        if (args.length > max) {
            throw new UsageError(max == 0 ? "takes no arguments, got '" + String.join(" ", args) + "'"
                    : "takes at most " + max + " arguments, got " + args.length + ": '" + String.join(" ", args)
                    + "'");
        }
    }
}
