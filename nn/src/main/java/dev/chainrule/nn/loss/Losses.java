package dev.chainrule.nn.loss;

import dev.chainrule.core.Tensor;

/**
 * Loss functions with their conventions in their names and parameters, built from core ops (no hand-written
 * derivative). For checking a derivation, the textbook forms compute the formula as written; for training, the
 * stable forms avoid overflow and log(0). Each method states its formula and its gradient.
 */
public final class Losses {
    private Losses() {
    }

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": predictions of shape " + a.shape() + " and targets of shape "
                    + b.shape() + " differ");
        }
    }

    private static Tensor reduce(Tensor terms, Reduction r) {
        return r == Reduction.SUM ? terms.sum() : terms.mean();
    }

    /**
     * Squared error: sum or mean of (y - t)^2, times 1/2 when {@code half}. Gradient: (y - t) with the 1/2, 2 (y -
     * t) without, divided by the number of elements for MEAN.
     *
     * @param y the predictions, of any shape
     * @param t the targets, of the shape of {@code y}
     * @param reduction whether the terms are summed or averaged over the elements
     * @param half whether to multiply by 1/2, the convention that cancels the 2 of the derivative
     * @return the loss, a scalar tensor that {@code backward()} differentiates
     */
    public static Tensor squaredError(Tensor y, Tensor t, Reduction reduction, boolean half) {
        sameShape("squaredError", y, t);
        Tensor terms = y.sub(t).square();
        return reduce(half ? terms.mul(0.5) : terms, reduction);
    }

    /**
     * Binary cross-entropy on probabilities, the textbook form -[t ln p + (1 - t) ln(1 - p)], with no clamping (p
     * = 0 or 1 gives infinity, as the formula does). Gradient: (p - t) / (p (1 - p)).
     *
     * @param p the predicted probabilities, in [0, 1]
     * @param t the targets, 0 or 1 (or any probability), of the shape of {@code p}
     * @param reduction whether the terms are summed or averaged over the elements
     * @return the loss, a scalar tensor that {@code backward()} differentiates
     */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor t, Reduction reduction) {
        sameShape("binaryCrossEntropy", p, t);
        Tensor terms = t.mul(p.log()).add(t.neg().add(1.0).mul(p.neg().add(1.0).log())).neg();
        return reduce(terms, reduction);
    }

    /**
     * Binary cross-entropy on logits z (p = sigmoid(z)), stable: softplus(z) - t z. Gradient: sigmoid(z) - t.
     *
     * @param z the logits, any real numbers
     * @param t the targets, 0 or 1 (or any probability), of the shape of {@code z}
     * @param reduction whether the terms are summed or averaged over the elements
     * @return the loss, a scalar tensor that {@code backward()} differentiates
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor z, Tensor t, Reduction reduction) {
        sameShape("binaryCrossEntropyWithLogits", z, t);
        return reduce(z.softplus().sub(t.mul(z)), reduction);
    }

    /**
     * Softmax cross-entropy on logits [N, C] with class indices [N] (integral values), stable:
     * -log softmax(z)[n, y_n] summed or averaged over the N samples. Gradient: softmax(z) - onehot(y) (divided
     * by N for MEAN).
     *
     * @param logits the unnormalised scores z, [N, C]
     * @param classes the class of each sample, [N], integral values in [0, C)
     * @param reduction whether the terms are summed or averaged over the N samples
     * @return the loss, a scalar tensor that {@code backward()} differentiates
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor classes, Reduction reduction) {
        return nll(logits.logSoftmax(-1), classes, reduction);
    }

    /**
     * Softmax cross-entropy on logits [N, C] with one-hot (or any probability) targets [N, C], stable:
     * -sum_i t_i log softmax(z)_i per sample, summed or averaged over samples. Gradient: softmax(z) sum(t) - t.
     *
     * @param logits the unnormalised scores z, [N, C]
     * @param targets the target distribution of each sample, [N, C], usually one-hot
     * @param reduction whether the terms are summed or averaged over the N samples
     * @return the loss, a scalar tensor that {@code backward()} differentiates
     */
    public static Tensor softmaxCrossEntropyOneHot(Tensor logits, Tensor targets, Reduction reduction) {
        sameShape("softmaxCrossEntropyOneHot", logits, targets);
        Tensor perSample = logits.logSoftmax(-1).mul(targets).sum(-1, false).neg();
        return reduce(perSample, reduction);
    }

    /**
     * Negative log-likelihood of log-probabilities [N, C] at class indices [N]: -logp[n, y_n], summed or averaged
     * over the samples. Gradient: -1 at each (n, y_n), 0 elsewhere (divided by N for MEAN).
     *
     * @param logProbs the log-probabilities, [N, C], such as {@code logits.logSoftmax(-1)}
     * @param classes the class of each sample, [N], integral values in [0, C)
     * @param reduction whether the terms are summed or averaged over the N samples
     * @return the loss, a scalar tensor that {@code backward()} differentiates
     */
    public static Tensor nll(Tensor logProbs, Tensor classes, Reduction reduction) {
        if (logProbs.rank() != 2 || classes.rank() != 1 || classes.dim(0) != logProbs.dim(0)) {
            throw new IllegalArgumentException("nll: log-probabilities of shape " + logProbs.shape()
                    + " need [N, C] and class indices of shape [N], got " + classes.shape());
        }
        Tensor picked = logProbs.gather(1, classes.unsqueeze(1)).reshape(-1);
        return reduce(picked.neg(), reduction);
    }

    /**
     * The Itakura-Saito distance L(x, t) = t/x - ln(t/x) - 1, elementwise (x, t &gt; 0). Gradient with respect to x:
     * (x - t) / x^2.
     *
     * @param x the estimates, positive
     * @param t the targets, positive, of the shape of {@code x}
     * @param reduction whether the terms are summed or averaged over the elements
     * @return the loss, a scalar tensor that {@code backward()} differentiates
     */
    public static Tensor itakuraSaito(Tensor x, Tensor t, Reduction reduction) {
        sameShape("itakuraSaito", x, t);
        Tensor r = t.div(x);
        return reduce(r.sub(r.log()).sub(1.0), reduction);
    }
}
