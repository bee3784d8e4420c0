package dev.chainrule.examples;

import dev.chainrule.core.CustomOp;
import dev.chainrule.core.Tensor;
import dev.chainrule.nn.Module;

/**
 * Layer normalisation over the last axis as a user writes it for speed: a custom op whose backward is derived by
 * hand and fused on arrays, {@code dx = rstd (g - mean(g) - xhat mean(g xhat))} row by row, then a learned scale
 * and shift (built-in ops). {@link #PLANTED} is the same op with the classic mistake: the mean's gradient term
 * {@code mean(g)} dropped, which {@link dev.chainrule.check.GradCheck#customOp} catches with a hint.
 */
public final class FusedLayerNorm extends Module {
    /** Added to the variance before its square root. */
    public static final double EPS = 1e-5;

    /** The op with the right backward. */
    public static final CustomOp OP = op("layerNorm", false);
    /** The op whose backward forgets the mean's term. */
    public static final CustomOp PLANTED = op("layerNorm (mean term dropped)", true);

    private final CustomOp op;
    private final Tensor gamma;
    private final Tensor beta;

    /**
     * A layer over {@code features} features, with the right op.
     *
     * @param features the size of the last axis, normalised and then scaled and shifted per feature
     */
    public FusedLayerNorm(int features) {
        this(features, OP);
    }

    /**
     * A layer over {@code features} features with a given op (the planted one, to see what the check says).
     *
     * @param features the size of the last axis, normalised and then scaled and shifted per feature
     * @param op       the normalisation: {@link #OP} or {@link #PLANTED}
     */
    public FusedLayerNorm(int features, CustomOp op) {
        this.op = op;
        this.gamma = parameter("gamma", Tensor.ones(features));
        this.beta = parameter("beta", Tensor.zeros(features));
    }

    @Override
    public Tensor forward(Tensor x) {
        return op.apply(x).mul(gamma).add(beta);
    }

    private static CustomOp op(String name, boolean dropMean) {
        return CustomOp.named(name)
                .forward((saved, x) -> {
                    Tensor centred = x[0].sub(x[0].mean(new int[] {-1}, true));
                    Tensor rstd = centred.square().mean(new int[] {-1}, true).add(EPS).sqrt().pow(-1.0);
                    Tensor xhat = centred.mul(rstd);
                    saved.put("xhat", xhat);
                    saved.put("rstd", rstd);
                    return xhat;
                })
                .rawBackward((saved, g) -> {
                    double[] xhat = saved.get("xhat").toArray();
                    double[] rstd = saved.get("rstd").toArray();
                    int d = saved.input(0).dim(-1);
                    double[] dx = new double[g.length];
                    for (int row = 0; row < rstd.length; row++) {
                        double meanG = 0;
                        double meanGx = 0;
                        for (int j = row * d; j < (row + 1) * d; j++) {
                            meanG += g[j] / d;
                            meanGx += g[j] * xhat[j] / d;
                        }
                        for (int j = row * d; j < (row + 1) * d; j++) {
                            dx[j] = rstd[row] * (g[j] - (dropMean ? 0 : meanG) - xhat[j] * meanGx);
                        }
                    }
                    return new double[][] {dx};
                })
                .build();
    }
}
