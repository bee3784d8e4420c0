package dev.chainrule.examples.bench;

import dev.chainrule.core.DType;
import dev.chainrule.core.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;

/**
 * W2 and W4 under JMH, the cross-check of {@link TensorBenchmark}'s own timing loop: the same network, batch and
 * products, in throughput mode (operations per second), forked with the benchmark main's JVM flags. Run after
 * {@code mvn -q -pl examples -am package -DskipTests}:
 *
 * <pre>
 * java -cp "examples/target/chainrule-examples-0.1.0-SNAPSHOT.jar:examples/target/lib/*" org.openjdk.jmh.Main TensorJmh
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--add-modules",
    "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 7, time = 1)
public class TensorJmh {
    /** The precision: F64 or F32. */
    @Param({"F64", "F32"})
    public String dtype;

    private TensorBenchmark.Mlp w2;
    private Tensor a;
    private Tensor b;

    /** Builds W2's network and batch, and W4's two 512 x 512 operands, in the precision asked for. */
    @Setup
    public void setUp() {
        DType d = DType.valueOf(dtype);
        w2 = new TensorBenchmark.Mlp(new int[] {784, 256, 128, 10}, true, 128, d);
        SplittableRandom rnd = new SplittableRandom(512);
        a = Tensor.randn(rnd, 512, 512).to(d);
        b = Tensor.randn(rnd, 512, 512).to(d);
    }

    /**
     * {@return the loss} of one W2 training step: forward, softmax cross-entropy, backward, SGD (steps per second).
     */
    @Benchmark
    public double w2Step() {
        return w2.step();
    }

    /** {@return the product} of W4 at n = 512 (products per second; times 2 n^3 / 1e9 for GFLOPS). */
    @Benchmark
    public Tensor w4Matmul512() {
        return a.matmul(b);
    }
}
