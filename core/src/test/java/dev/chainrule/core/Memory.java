package dev.chainrule.core;

import java.lang.ref.WeakReference;

/** Heap helpers for the tests that check that released graphs are collected. */
final class Memory {
    private Memory() {
    }

    /** Whether the referent is collected within a few GC cycles. */
    static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ref.get() == null;
    }

    /** Heap in use after a few GC cycles. */
    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
