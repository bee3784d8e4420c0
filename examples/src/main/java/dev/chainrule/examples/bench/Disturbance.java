package dev.chainrule.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What disturbed a timed sample, from Linux's per-thread scheduler statistics
 * ({@code /proc/self/task/TID/schedstat}: time on a CPU, time waiting for one): how long the benchmark's own
 * threads (the main thread and the matrix kernel's workers) waited for a CPU, and how much CPU the JIT compiler
 * threads took. On a 2-core machine either one halves a two-thread product; both are 0 where the statistics are
 * not available. The garbage collector's threads are not counted as a disturbance: collecting is part of the
 * work a training step costs.
 */
final class Disturbance {
    /** Nanoseconds the benchmark's threads waited for a CPU, and nanoseconds the JIT compiler threads ran. */
    record Reading(long waited, long others) {
        /** {@return what happened between {@code before} and this reading} */
        Reading since(Reading before) {
            return new Reading(waited - before.waited, others - before.others);
        }
    }

    private Disturbance() {
    }

    /** {@return the totals so far} */
    static Reading read() {
        long waited = 0;
        long others = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).trim();
                    String[] f = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII).trim()
                            .split(" ");
                    if (comm.equals("java") || comm.equals("main") || comm.startsWith("chainrule-gemm")) {
                        waited += Long.parseLong(f[1]);
                    } else if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        others += Long.parseLong(f[0]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended, or no scheduler statistics
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Reading(0, 0);
        }
        return new Reading(waited, others);
    }
}
