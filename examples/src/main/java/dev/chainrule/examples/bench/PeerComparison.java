package dev.chainrule.examples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the peers' reference workloads ({@code run.sh} of a peer benchmark directory: PyTorch, NumPy, JAX) right
 * after chainrule's, prints their RESULT lines beside chainrule's, and a table of each workload's ratio to the best
 * peer of the same sitting: the machine's speed drifts by 10-30% between runs, so only ratios taken in one sitting
 * are comparable.
 */
final class PeerComparison {
    /** A W2 or W3 line: {@code RESULT W2 784-256-128-10 relu b128 numpy float32 steps/s median 548.1 ...}. */
    private static final Pattern MLP = Pattern.compile(
            "^RESULT (W[23]) .*? (\\S+) (float32|float64) steps/s median\\s+([0-9.]+)");
    /** A W4 line of a peer: {@code RESULT numpy float32 n=  512 GFLOPS median 196.0 ...}. */
    private static final Pattern PEER_MATMUL = Pattern.compile(
            "^RESULT (\\S+) (float32|float64) n=\\s*(\\d+) GFLOPS median\\s+([0-9.]+)");
    /** chainrule's W4 line: {@code RESULT W4 matmul n=512 chainrule float32 GFLOPS median 182.0 ...}. */
    private static final Pattern OWN_MATMUL = Pattern.compile(
            "^RESULT W4 matmul n=(\\d+) (\\S+) (float32|float64) GFLOPS median\\s+([0-9.]+)");

    /** Figures by workload key ("W2 float32", "W4 n=512 float64"), then by library. */
    private final Map<String, Map<String, Double>> figures = new LinkedHashMap<>();

    /** Records a RESULT line (chainrule's or a peer's); other lines are ignored. */
    void record(String line) {
        Matcher m = MLP.matcher(line);
        if (m.find()) {
            put(m.group(1) + " " + m.group(3), m.group(2), Double.parseDouble(m.group(4)));
            return;
        }
        m = OWN_MATMUL.matcher(line);
        if (m.find()) {
            put("W4 n=" + m.group(1) + " " + m.group(3), m.group(2), Double.parseDouble(m.group(4)));
            return;
        }
        m = PEER_MATMUL.matcher(line);
        if (m.find()) {
            put("W4 n=" + m.group(3) + " " + m.group(2), m.group(1), Double.parseDouble(m.group(4)));
        }
    }

    private void put(String workload, String library, double value) {
        // a peer measured twice (one and two threads) counts with its better figure
        figures.computeIfAbsent(workload, k -> new LinkedHashMap<>()).merge(library, value, Math::max);
    }

    /**
     * Runs {@code bash run.sh <what>} in {@code dir} for each workload group asked for, echoing its output.
     *
     * @param dir   the peer benchmark directory, holding run.sh
     * @param what  the groups of run.sh to run: w23, w4
     * @return false (with the reason on standard error) when run.sh is missing or fails, for instance because the
     *         peers are not installed
     */
    boolean runPeers(Path dir, List<String> what) throws IOException, InterruptedException {
        Path script = dir.resolve("run.sh");
        if (!Files.isRegularFile(script)) {
            System.err.println("no peer comparison: " + script + " does not exist (give the directory of the "
                    + "peers' run.sh)");
            return false;
        }
        for (String group : what) {
            System.out.println("# peers: bash " + script + " " + group);
            Process p = new ProcessBuilder("bash", script.toString(), group).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("  " + line);
                    record(line);
                }
            }
            int exit = p.waitFor();
            if (exit != 0) {
                System.err.println("no peer comparison: run.sh " + group + " exited with " + exit
                        + " (see its output above; the peers may not be installed)");
                return false;
            }
        }
        return true;
    }

    /** {@return the table of chainrule against the best peer, one row per workload both measured} */
    List<String> table() {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%-18s %12s %12s  %-10s %7s", "workload", "chainrule", "best peer",
                "(which)", "ratio"));
        for (Map.Entry<String, Map<String, Double>> e : figures.entrySet()) {
            Double own = e.getValue().get("chainrule");
            String best = null;
            double bestValue = 0;
            for (Map.Entry<String, Double> peer : e.getValue().entrySet()) {
                if (!peer.getKey().equals("chainrule") && peer.getValue() > bestValue) {
                    best = peer.getKey();
                    bestValue = peer.getValue();
                }
            }
            if (own != null && best != null) {
                rows.add(String.format(Locale.ROOT, "%-18s %12.1f %12.1f  %-10s %7.2f", e.getKey(), own, bestValue,
                        best, own / bestValue));
            }
        }
        return rows;
    }
}
