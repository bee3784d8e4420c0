package dev.chainrule.check;

import java.util.Map;

/**
 * All formulas at one instance, with the recorded values the hints look at; or, for an instance the derivation
 * does not admit, why ({@code rejection}, with no results).
 */
final class Evaluation {
    /** What one formula gave at one instance (compared by value, its arrays by content). */
    record Result(double[] hand, int[] handDims, double[] reference, double[] numeric, double[] forward, int[] dims,
                  boolean agrees, boolean transposeAgrees, double maxDifference, String problem, String note) {
        private static final String NAMES = "hand, handDims, reference, numeric, forward, dims, agrees, "
                + "transposeAgrees, maxDifference, problem, note";

        private Object[] components() {
            return new Object[] {hand, handDims, reference, numeric, forward, dims, agrees, transposeAgrees,
                    maxDifference, problem, note};
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && ArrayComponents.equal(components(), r.components());
        }

        @Override
        public int hashCode() {
            return ArrayComponents.hash(components());
        }

        @Override
        public String toString() {
            return ArrayComponents.describe("Result", NAMES, components());
        }
    }

    final Derivation.Instance instance;
    final String rejection;
    final Result[] results;
    final Map<String, double[]> recorded;

    Evaluation(Derivation.Instance instance, String rejection, Result[] results, Map<String, double[]> recorded) {
        this.instance = instance;
        this.rejection = rejection;
        this.results = results;
        this.recorded = recorded;
    }

    /** The one formula's result, or null where the instance is not admitted. */
    Result onlyResult() {
        return rejection != null || results == null ? null : results[0];
    }

    /** An instance the derivation does not admit, and why (a requirement broken, a kink). */
    static Evaluation rejected(Derivation.Instance instance, String why, Map<String, double[]> recorded) {
        return new Evaluation(instance, why, null, recorded);
    }

    /** This evaluation with the result of formula {@code f} only (as an evaluation of that formula alone). */
    Evaluation only(int f) {
        return new Evaluation(instance, rejection, new Result[] {results[f]}, recorded);
    }
}
