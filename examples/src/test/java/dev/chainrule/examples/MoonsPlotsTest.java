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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The moons pictures: written at their size, and the colours at known points are the classes'. */
class MoonsPlotsTest {
    private static boolean near(int rgb, Color... any) {
        for (Color c : any) {
            Color p = new Color(rgb);
            if (Math.abs(p.getRed() - c.getRed()) + Math.abs(p.getGreen() - c.getGreen())
                    + Math.abs(p.getBlue() - c.getBlue()) < 30) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theRegionsAndPointsAreColouredByClassAtKnownPlaces(@TempDir Path dir) throws Exception {
        List<Dataset> parts = Datasets.moons(400, 0.15, 2017).split(0.75, 1);
        Sequential net = Mlp.of(2, 16, 2).hidden(Activation::tanh).build(7);
        List<Trainer.Epoch> h = Trainer.fit(net, parts.get(0), parts.get(1), (z, y) -> Losses.softmaxCrossEntropy(z,
                y, Reduction.MEAN), new Sgd(net.parameters(), 0.5), 150, 32, 3, e -> { });
        assertTrue(h.get(h.size() - 1).testAccuracy() > 0.95, "trained: " + h.get(h.size() - 1));
        Path png = dir.resolve("b.png");
        MoonsPlots.Area a = MoonsPlots.decisionBoundary(net, parts.get(0), parts.get(1), "title", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(520, img.getHeight());
        assertTrue(Files.size(png) > 5_000 && Files.size(png) < 500_000, "a plausible size: " + Files.size(png));
        // the top of the upper moon is class 0, the bottom of the lower moon class 1: region or point colour
        assertTrue(near(img.getRGB(a.px(0), a.py(1)), MoonsPlots.REGION_0, MoonsPlots.CLASS_0), "class 0 at (0, 1)");
        assertTrue(near(img.getRGB(a.px(1), a.py(-0.5)), MoonsPlots.REGION_1, MoonsPlots.CLASS_1),
                "class 1 at (1, -0.5)");
        // a training point is drawn filled in its class's colour where it lies
        double[] x = parts.get(0).x().toArray();
        double[] y = parts.get(0).y().toArray();
        for (int n = 0; n < 5; n++) {
            int rgb = img.getRGB(a.px(x[2 * n]), a.py(x[2 * n + 1]));
            Color want = y[n] == 1 ? MoonsPlots.CLASS_1 : MoonsPlots.CLASS_0;
            Color other = y[n] == 1 ? MoonsPlots.CLASS_0 : MoonsPlots.CLASS_1;
            assertTrue(near(rgb, want) || near(rgb, other), "point " + n + " drawn at its place: " + new Color(rgb));
        }
        Path loss = dir.resolve("loss.png");
        MoonsPlots.lossCurves(Map.of("tanh", h), loss);
        assertEquals(640, ImageIO.read(loss.toFile()).getWidth());
        assertTrue(Files.size(loss) > 2_000);
    }
}
