/**
 * Benchmark mains whose RESULT lines sit beside the peer reference workloads' (PyTorch, micrograd).
 *
 * <p>A worked example: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp ... ScalarBenchmark all 31} prints
 * W1's milliseconds per training step and W5's seconds for a 100,000-deep chain.
 */
package dev.chainrule.examples.bench;
