package dev.chainrule.nn.loss;

/** How a loss turns per-element (or per-sample) terms into one number. */
public enum Reduction {
    /** The sum of the terms. */
    SUM,
    /**
     * The mean: over every element for elementwise losses (squared error, binary cross-entropy, Itakura-Saito),
     * over the samples of the batch for per-sample losses (softmax cross-entropy, negative log-likelihood).
     */
    MEAN
}
