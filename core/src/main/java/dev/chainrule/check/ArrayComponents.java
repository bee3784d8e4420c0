package dev.chainrule.check;

import java.util.Arrays;

/**
 * Value semantics for the package's records that have array components. A record's own {@code equals},
 * {@code hashCode} and {@code toString} treat an array as an object (identity, identity hash, {@code [D@1b6d3586});
 * such a record lists its components in an {@code Object[]} and overrides the three with these, which compare,
 * hash and print arrays (nested ones too) by content and every other component as the record would.
 */
final class ArrayComponents {
    private ArrayComponents() {
    }

    /** Whether two records' components are equal, arrays by content ({@link Arrays#deepEquals}). */
    static boolean equal(Object[] a, Object[] b) {
        return Arrays.deepEquals(a, b);
    }

    /** A hash of the components consistent with {@link #equal}. */
    static int hash(Object[] components) {
        return Arrays.deepHashCode(components);
    }

    /**
     * The record's text in the form of a record's own {@code toString}, arrays by content:
     * {@code Name[a=1, b=[1.0, 2.0]]}.
     *
     * @param type       the record's simple name
     * @param names      the component names, comma-separated, in declaration order
     * @param components the component values, in the same order
     */
    static String describe(String type, String names, Object[] components) {
        String[] n = names.split(",\\s*");
        if (n.length != components.length) {
            throw new IllegalArgumentException("ArrayComponents.describe: " + n.length + " names for "
                    + components.length + " components of " + type);
        }
        StringBuilder s = new StringBuilder(type).append('[');
        for (int i = 0; i < n.length; i++) {
            if (i > 0) {
                s.append(", ");
            }
            String value = Arrays.deepToString(new Object[] {components[i]});
            s.append(n[i]).append('=').append(value, 1, value.length() - 1);
        }
        return s.append(']').toString();
    }
}
