package dev.chainrule.core;

/**
 * What this JVM gives chainrule: whether the fast path of the large products (the Vector API's SIMD kernels, in
 * the incubator module {@code jdk.incubator.vector}) is in use, and how to enable it when it is not. The system
 * property {@code -Dchainrule.vector=false} turns it off on purpose.
 *
 * <pre>{@code
 * if (!Chainrule.vectorized()) System.err.println(Chainrule.fastPath());
 * }</pre>
 */
public final class Chainrule {
    private Chainrule() {
    }

    /**
     * {@return whether the large matrix products run on the Vector API's kernels} Without the module they run on plain
     * loops, correct but several times slower (7x measured on a 512 x 512 product).
     */
    public static boolean vectorized() {
        return Gemm.vectorized();
    }

    /** {@return one line on the fast path: in use, or how to enable it (the flag for java, Surefire and jshell)} */
    public static String fastPath() {
        return vectorized() ? "chainrule: the Vector API fast path is in use"
                : "chainrule: the Vector API fast path is off; start the JVM with --add-modules jdk.incubator.vector "
                + "(for tests, Surefire's <argLine>; for jshell, -R--add-modules -Rjdk.incubator.vector) to make "
                + "large products several times faster";
    }
}
