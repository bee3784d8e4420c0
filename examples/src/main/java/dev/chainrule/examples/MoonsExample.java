package dev.chainrule.examples;

import dev.chainrule.nn.Activation;
import dev.chainrule.nn.Mlp;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.data.Datasets;
import dev.chainrule.nn.loss.Losses;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.Trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The three-layer network of the COMP 576 assignment (z1 = x W1 + b1, a1 = actFun(z1), z2 = a1 W2 + b2,
 * y^ = softmax(z2), mean cross-entropy) trained on two moons with each of sigmoid, tanh and relu: prints the
 * loss curve and the test accuracy, and draws each decision boundary to a PNG.
 *
 * <p>Usage: {@code MoonsExample [epochs=300] [output directory=target/moons]}.
 */
public final class MoonsExample {
    private MoonsExample() {
    }

    static final String USAGE = "MoonsExample [epochs=300] [output directory=target/moons]";

    /**
     * Trains the network with each activation, prints its loss curve and test accuracy, and draws its decision
     * boundary, then all the loss curves in one chart.
     *
     * @param args {@code [epochs [output directory]]}: the epochs to train (300 if absent) and the directory the
     *             PNGs are written to ({@code target/moons} if absent)
     */
    public static void main(String[] args) {
        Cli.main("MoonsExample", USAGE, args, MoonsExample::run);
    }

    static void run(String[] args) throws Cli.UsageError, IOException {
        Cli.atMost(args, 2);
        int epochs = args.length > 0 ? Cli.integer("epochs", args[0], 1) : 300;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/moons");
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Dataset> parts = Datasets.moons(400, 0.15, 2017).split(0.75, 1);
        Dataset train = parts.get(0);
        Dataset test = parts.get(1);
        Map<String, List<Trainer.Epoch>> histories = new LinkedHashMap<>();
        for (String name : List.of("sigmoid", "tanh", "relu")) {
            Supplier<Activation> act = name.equals("sigmoid") ? Activation::sigmoid
                    : name.equals("tanh") ? Activation::tanh : Activation::relu;
            Sequential net = Mlp.of(2, 16, 2).hidden(act).build(7);
            System.out.println("actFun = " + name + ": " + net.toString().replace("\n", "\n  "));
            long t0 = System.nanoTime();
            // a bar on a terminal only: in a pipe or a log the epochs below say the same once
            Progress bar = System.console() != null ? Progress.of("  training", epochs) : null;
            List<Trainer.Epoch> history = Trainer.fit(net, train, test,
                    (z, y) -> Losses.softmaxCrossEntropy(z, y, Reduction.MEAN), new Sgd(net.parameters(), 0.5),
                    epochs, 32, 3, e -> {
                        if (bar != null) {
                            bar.step(e.epoch(), String.format(Locale.ROOT, "loss %.4f", e.loss()));
                        }
                    });
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.println();
            for (Trainer.Epoch e : history) {
                if (e.epoch() == 1 || e.epoch() % Math.max(1, epochs / 6) == 0 || e.epoch() == epochs) {
                    System.out.println("  " + e);
                }
            }
            Trainer.Epoch last = history.get(history.size() - 1);
            histories.put(name, history);
            Path png = dir.resolve("moons-" + name + ".png");
            MoonsPlots.decisionBoundary(net, train, test, String.format(Locale.ROOT, "Two moons, %s hidden layer: "
                    + "test accuracy %.3f", name, last.testAccuracy()), png);
            System.out.printf(Locale.ROOT, "  test accuracy %.4f after %d epochs in %.2f s; decision boundary: %s%n%n",
                    last.testAccuracy(), epochs, seconds, png);
        }
        Path curves = dir.resolve("moons-loss.png");
        MoonsPlots.lossCurves(histories, curves);
        System.out.println("loss curves: " + curves);
    }
}
