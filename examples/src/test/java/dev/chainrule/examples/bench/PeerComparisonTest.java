package dev.chainrule.examples.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ratio table from RESULT lines as chainrule's benchmark and the peers' scripts print them. */
class PeerComparisonTest {
    @Test
    void eachWorkloadIsComparedWithItsBestPeerOfTheSameDtype() {
        PeerComparison c = new PeerComparison();
        for (String line : List.of(
                "RESULT W2 784-256-128-10 relu b128 chainrule float32 steps/s median      870.0 min 1 max 2",
                "RESULT W2 784-256-128-10 relu b128 chainrule float64 steps/s median      440.0 min 1 max 2",
                "RESULT W4 matmul n=512 chainrule float32 GFLOPS median 182.0 min 178.5 max 187.8",
                "# tuned, two threads",
                "RESULT W2 784-256-128-10 relu b128 torch float64 steps/s median      260.5 min      226.2",
                "RESULT W2 784-256-128-10 relu b128 numpy float32 steps/s median      548.1 min      513.3",
                "RESULT W2 784-256-128-10 relu b128 numpy float32 steps/s median      675.9 min      643.5",
                "RESULT W2 784-256-128-10 relu b128 jax-jit float32 steps/s median      845.1 min      765.3",
                "RESULT W2 784-256-128-10 relu b128 jax-jit float64 steps/s median      420.7 min      400.6",
                "RESULT numpy float32 n=  512 GFLOPS median   196.00 min   190.00 max   199.00",
                "RESULT torch float32 n=  512 GFLOPS median   199.00 min   190.00 max   201.00",
                "RESULT numpy float64 n= 1024 GFLOPS median    92.00 min    90.00 max    95.00")) {
            c.record(line);
        }
        assertEquals(List.of(
                "workload              chainrule    best peer  (which)      ratio",
                "W2 float32                870.0        845.1  jax-jit       1.03",
                "W2 float64                440.0        420.7  jax-jit       1.05",
                "W4 n=512 float32          182.0        199.0  torch         0.91"), c.table());
    }
}
