package dev.chainrule.check;

import java.util.List;

/**
 * Shrinks the instance of a failing formula toward simple values (0, 1, -1, 0.5, -0.5, 2, -2), one element at a
 * time, for as long as the formula still fails there in the same way, and turns the result into the
 * counterexample a report shows.
 */
final class Shrinker {
    /** The simple values, simplest first. */
    private static final double[] SIMPLE = {0, 1, -1, 0.5, -0.5, 2, -2};
    /** Passes over every element; each pass after the first starts from the previous one's instance. */
    private static final int PASSES = 4;

    /**
     * What a smaller instance must keep of the original failure. It must still show the failure in its numbers:
     * where the reference was not all zeros ({@code informative}), a candidate that makes it all zeros only hides
     * the mismatch. Nor may it trade the failure for another kind: a pole of the formula (where its value was
     * {@code finite}), or an exception (where it had no {@code problem}).
     */
    private record Failure(boolean informative, boolean finite, String problem) {
        static Failure of(Evaluation.Result r) {
            return new Failure(!allZero(r.reference()), r.hand() != null && Shrinker.finite(r.hand()), r.problem());
        }

        /** Whether a candidate's result still fails, in the same way. */
        boolean keptBy(Evaluation.Result r) {
            return !r.agrees()
                    && (!informative || !allZero(r.reference()))
                    && (!finite || Shrinker.finite(r.hand()))
                    && (problem != null || r.problem() == null);
        }
    }

    private final Derivation d;

    Shrinker(Derivation d) {
        this.d = d;
    }

    /**
     * Shrinks the instance of {@code failing}, an evaluation of formula {@code f} alone where it fails, and gives
     * the counterexample, with the seed the instance was drawn from.
     */
    DerivationReport.Counterexample shrink(int f, Evaluation failing, long seed) {
        List<Spec> one = List.of(d.specs.get(f));
        Failure failure = Failure.of(failing.results[0]);
        Evaluation best = failing;
        for (int pass = 0; pass < PASSES; pass++) {
            Evaluation shrunk = pass(best, one, failure);
            if (shrunk == best) {
                break;
            }
            best = shrunk;
        }
        return counterexampleOf(best, seed);
    }

    /** One pass over every element of every shrinkable quantity; {@code start} itself when nothing shrank. */
    private Evaluation pass(Evaluation start, List<Spec> one, Failure failure) {
        Evaluation best = start;
        for (Quantity q : d.quantities) {
            if (!q.draw().shrinkable()) {
                continue;
            }
            for (int e = 0; e < q.size(); e++) {
                Evaluation simpler = simplest(best, q, e, one, failure);
                if (simpler != null) {
                    best = simpler;
                }
            }
        }
        return best;
    }

    /**
     * The evaluation at the instance with element {@code e} of {@code q} set to the simplest value that is
     * simpler than its own, that its draw admits, where the formula still fails the same way and that the
     * derivation admits; null if there is none.
     */
    private Evaluation simplest(Evaluation current, Quantity q, int e, List<Spec> one, Failure failure) {
        double now = current.instance.values.get(q.name())[e];
        for (double c : SIMPLE) {
            if (c == now || !q.draw().admits(c) || simpler(now, c)) {
                continue;
            }
            Derivation.Instance candidate = current.instance.with(q.name(), e, c);
            Evaluation ev = d.evaluator.evaluate(candidate, one);
            if (ev.rejection == null && failure.keptBy(ev.results[0])
                    && d.evaluator.evaluate(candidate, d.specs).rejection == null) {
                return ev;
            }
        }
        return null;
    }

    /** The counterexample of an evaluation of one formula (its only result), with its seed or null. */
    static DerivationReport.Counterexample counterexampleOf(Evaluation e, Long seed) {
        Evaluation.Result r = e.results[0];
        String note = r.problem() == null ? r.note() : r.note() == null ? r.problem() : r.problem() + "; " + r.note();
        return new DerivationReport.Counterexample(seed, e.instance, r.hand(), r.handDims(), r.reference(),
                r.numeric(), r.forward(), r.dims(), note);
    }

    private static boolean finite(double[] v) {
        if (v == null) {
            return false;
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code now} is already at least as simple as the candidate (earlier in SIMPLE). */
    private static boolean simpler(double now, double candidate) {
        return rank(now) <= rank(candidate);
    }

    /** The position of a value in SIMPLE, or SIMPLE's length for any other value. */
    private static int rank(double v) {
        for (int i = 0; i < SIMPLE.length; i++) {
            if (SIMPLE[i] == v) {
                return i;
            }
        }
        return SIMPLE.length;
    }
}
