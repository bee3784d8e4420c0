/**
 * Runnable mains: {@link dev.chainrule.examples.Main} (the main job) and the benchmarks in
 * {@code dev.chainrule.examples.bench}.
 *
 * <p>A worked example: run the main job from the repository's root with
 * {@code mvn -q -pl examples -am compile exec:exec}, or another main with
 * {@code -Dexec.main=dev.chainrule.examples.bench.ScalarBenchmark -Dexec.appArgs="w1 31"}.
 */
package dev.chainrule.examples;
