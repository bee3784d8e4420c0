package dev.chainrule.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Heuristics that name the pattern of a failing formula's mismatch: an opposite sign, a constant factor, the
 * transpose, or agreement exactly where some quantity is positive (or zero, or one). They are shown beside the
 * raw numbers, never instead of them.
 */
final class Hints {
    private Hints() {
    }

    static List<String> of(Spec spec, int f, List<Evaluation> evaluations,
                           Map<String, Double> constants, java.util.Set<String> drawn) {
        return of(spec, f, evaluations, constants, drawn, null);
    }

    /** The hints of formula f of a derivation, which may evaluate it again at instances it makes up. */
    static List<String> of(Derivation d, Spec spec, int f, List<Evaluation> evaluations) {
        java.util.Set<String> drawn = new java.util.LinkedHashSet<>(); // in declaration order: reproducible hints
        d.quantities.forEach(q -> drawn.add(q.name()));
        return of(spec, f, evaluations, d.constants, drawn, values -> d.evaluator.evaluate(d.instance(values),
                List.of(spec)).onlyResult());
    }

    /**
     * The hints, and with {@code again} (the formula evaluated at another instance) also where it holds once one
     * drawn quantity is set to 0 (a path through it the formula misses, or one it adds).
     */
    static List<String> of(Spec spec, int f, List<Evaluation> evaluations, Map<String, Double> constants,
                           java.util.Set<String> drawn, java.util.function.Function<Map<String,
                           double[]>, Evaluation.Result> again) {
        List<String> hints = base(spec, f, evaluations, constants, drawn);
        if (hints.isEmpty() && !evaluations.isEmpty()) {
            hints.addAll(byATerm(f, evaluations));
            if (again != null) {
                hints.addAll(whereZero(f, evaluations, drawn, again));
            }
        }
        return hints;
    }

    private static List<String> base(Spec spec, int f, List<Evaluation> evaluations,
                                     Map<String, Double> constants, java.util.Set<String> drawn) {
        List<String> hints = new ArrayList<>();
        List<Evaluation.Result> failing = new ArrayList<>();
        for (Evaluation e : evaluations) {
            if (!e.results[f].agrees()) {
                failing.add(e.results[f]);
            }
        }
        if (failing.isEmpty()) {
            return hints;
        }
        boolean nonFinite = failing.stream().allMatch(Hints::nonFinite);
        if (nonFinite) {
            hints.add("not finite: wherever it fails, the formula gives NaN or infinity where autograd is finite (a "
                    + "division by a quantity that is 0 there?)");
        }
        if (failing.stream().allMatch(Evaluation.Result::transposeAgrees)) {
            hints.add("matches the transpose of dL/d" + spec.wrt() + ": the formula is laid out for the other "
                    + "orientation of the matrix (z = W a against z = a W)");
        }
        String ratio = ratio(failing, constants);
        if (ratio != null) {
            hints.add(ratio);
        } else {
            hints.addAll(factors(f, evaluations));
        }
        // where the formula is not finite, a split by sign is about the division, not an activation derivative
        hints.addAll(conditions(f, evaluations, drawn, !nonFinite));
        return hints;
    }

    /** A single ratio hand / autograd shared by every element of every failing instance. */
    private static String ratio(List<Evaluation.Result> failing, Map<String, Double> constants) {
        double r0 = Double.NaN;
        int ratios = 0;
        for (Evaluation.Result r : failing) {
            if (r.hand() == null || r.hand().length != r.reference().length || Double.isNaN(r.maxDifference())) {
                return null;
            }
            double scale = 0;
            for (double v : r.reference()) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < r.hand().length; i++) {
                double ref = r.reference()[i];
                double hand = r.hand()[i];
                if (Math.abs(ref) <= 1e-9 * scale + 1e-300) {
                    if (Math.abs(hand) > 1e-7 * scale + 1e-300) {
                        return null;
                    }
                    continue;
                }
                double q = hand / ref;
                ratios++;
                if (Double.isNaN(r0)) {
                    r0 = q;
                } else if (Math.abs(q - r0) > 1e-6 * Math.max(1, Math.abs(r0))) {
                    return null;
                }
            }
        }
        // one ratio says nothing (any error is some factor at one point); 1 is no factor at all
        if (Double.isNaN(r0) || ratios < 2 || close(r0, 1)) {
            return null;
        }
        if (Math.abs(r0 + 1) < 1e-6) {
            return "opposite sign: wherever it fails, the formula gives -1 x autograd's value";
        }
        if (Math.abs(r0) < 1e-12) {
            return null;
        }
        for (Map.Entry<String, Double> c : constants.entrySet()) {
            double v = c.getValue();
            if (v != 0 && v != 1 && v != -1) {
                for (int sign : new int[] {1, -1}) {
                    String s = sign < 0 ? "-" : "";
                    if (close(r0, sign * v)) {
                        return "a constant factor of " + s + c.getKey() + " (= " + fmt(sign * v) + "): the formula "
                                + "gives " + s + c.getKey() + " x autograd's value";
                    }
                    if (close(r0, sign / v)) {
                        return "a constant factor of " + s + "1/" + c.getKey() + " (= " + fmt(sign / v) + "): the "
                                + "formula gives " + s + "1/" + c.getKey() + " x autograd's value";
                    }
                }
            }
        }
        for (int q = 1; q <= 4; q++) {
            for (int p = -8; p <= 8; p++) {
                if (p != 0 && close(r0, (double) p / q)) {
                    String name = q == 1 ? Integer.toString(p) : p + "/" + q;
                    return "a constant factor of " + name + ": wherever it fails, the formula gives " + name
                            + " x autograd's value";
                }
            }
        }
        return "a constant factor of " + fmt(r0) + ": wherever it fails, the formula gives " + fmt(r0)
                + " x autograd's value";
    }

    /**
     * A factor that one recorded or drawn quantity supplies: autograd = formula x q (a missing factor q) or
     * formula = autograd x q (an extra factor q), elementwise where q has the gradient's shape, on every failing
     * instance.
     */
    private static List<String> factors(int f, List<Evaluation> evaluations) {
        List<String> found = new ArrayList<>();
        Map<String, double[]> first = evaluations.get(0).recorded;
        for (String name : first.keySet()) {
            if (missing(name, f, evaluations, true)) {
                found.add("a missing factor " + name + ": wherever it fails, autograd's value is the formula's times "
                        + name);
            } else if (missing(name, f, evaluations, false)) {
                found.add("an extra factor " + name + ": wherever it fails, the formula's value is autograd's times "
                        + name);
            }
            if (found.size() == 2) {
                break;
            }
        }
        return found;
    }

    private static boolean missing(String name, int f, List<Evaluation> evaluations, boolean inFormula) {
        boolean any = false;
        for (Evaluation e : evaluations) {
            Evaluation.Result r = e.results[f];
            if (r.agrees()) {
                continue;
            }
            double[] q = e.recorded.get(name);
            if (r.hand() == null || q == null || r.hand().length != r.reference().length
                    || Double.isNaN(r.maxDifference()) || (q.length != 1 && q.length != r.hand().length)) {
                return false;
            }
            double scale = 0;
            for (double v : r.reference()) {
                scale = Math.max(scale, Math.abs(v));
            }
            boolean trivial = true;
            for (int i = 0; i < r.hand().length; i++) {
                double qi = q.length == 1 ? q[0] : q[i];
                double lhs = inFormula ? r.reference()[i] : r.hand()[i];
                double rhs = (inFormula ? r.hand()[i] : r.reference()[i]) * qi;
                if (Math.abs(lhs - rhs) > 1e-9 + 1e-7 * Math.max(scale, Math.abs(lhs))) {
                    return false;
                }
                trivial &= qi == 1 || (lhs == 0 && rhs == 0);
            }
            any |= !trivial;
        }
        return any;
    }

    /**
     * "Differs by a term": formula - autograd is c x q on every failing instance, for one recorded or drawn
     * quantity q (elementwise where q has the gradient's shape) or a product of two scalar ones, and one c != 0.
     */
    private static List<String> byATerm(int f, List<Evaluation> evaluations) {
        List<Evaluation> failing = evaluations.stream().filter(e -> !e.results[f].agrees()
                && e.results[f].hand() != null && e.results[f].hand().length == e.results[f].reference().length
                && !Double.isNaN(e.results[f].maxDifference())).toList();
        if (failing.size() < 3) {
            return List.of(); // two points fit any line through them
        }
        Map<String, java.util.function.Function<Evaluation, double[]>> terms = new java.util.LinkedHashMap<>();
        List<String> names = new ArrayList<>(failing.get(0).recorded.keySet());
        for (String n : names) {
            terms.put(n, e -> e.recorded.get(n));
        }
        for (int a = 0; a < names.size(); a++) {
            for (int b = a; b < names.size(); b++) {
                String x = names.get(a);
                String y = names.get(b);
                if (failing.get(0).recorded.get(x).length == 1 && failing.get(0).recorded.get(y).length == 1) {
                    terms.put(x.equals(y) ? x + "^2" : x + " " + y, e -> new double[] {e.recorded.get(x)[0]
                            * e.recorded.get(y)[0]});
                }
            }
        }
        for (Map.Entry<String, java.util.function.Function<Evaluation, double[]>> t : terms.entrySet()) {
            double c = Double.NaN;
            boolean fits = true;
            for (Evaluation e : failing) {
                Evaluation.Result r = e.results[f];
                double[] q = t.getValue().apply(e);
                if (q == null || q.length != 1 && q.length != r.hand().length) {
                    fits = false;
                    break;
                }
                for (int i = 0; i < r.hand().length && fits; i++) {
                    double d = r.hand()[i] - r.reference()[i];
                    double qi = q.length == 1 ? q[0] : q[i];
                    if (Math.abs(qi) < 1e-9) {
                        fits = Math.abs(d) < 1e-7;
                        continue;
                    }
                    if (Double.isNaN(c)) {
                        c = d / qi;
                    }
                    fits = Math.abs(d - c * qi) <= 1e-7 * (1 + Math.abs(d));
                }
                if (!fits) {
                    break;
                }
            }
            if (fits && !Double.isNaN(c) && Math.abs(c) > 1e-9) {
                return List.of("differs by a term: wherever it fails, the formula minus autograd is " + fmt(c)
                        + " x " + t.getKey() + " (a term " + t.getKey() + " too many, or one left out)");
            }
        }
        return List.of();
    }

    /**
     * "Holds where q = 0": at a few failing instances, one drawn number set to 0 at a time; a quantity that makes the
     * formula agree at each of them is named (a path through it that the formula misses or adds).
     */
    private static List<String> whereZero(int f, List<Evaluation> evaluations, java.util.Set<String> drawn,
                                          java.util.function.Function<Map<String, double[]>, Evaluation.Result>
                                                  again) {
        List<Evaluation> failing = evaluations.stream().filter(e -> !e.results[f].agrees()).limit(5).toList();
        if (failing.size() < 2) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (String name : drawn) {
            double[] v0 = failing.get(0).instance.values(name);
            if (v0.length != 1) {
                continue;
            }
            boolean all = true;
            for (Evaluation e : failing) {
                Map<String, double[]> values = new java.util.LinkedHashMap<>();
                for (String n : e.instance.names()) {
                    values.put(n, e.instance.values(n).clone());
                }
                values.get(name)[0] = 0;
                Evaluation.Result r = again.apply(values);
                // agreement where autograd is 0 too says nothing (a = 0 silences every path through a)
                all &= r != null && r.agrees() && java.util.Arrays.stream(r.reference()).anyMatch(x -> x != 0);
                if (!all) {
                    break;
                }
            }
            if (all) {
                found.add("holds where " + name + " = 0: set to 0, it agrees with autograd at every failing instance "
                        + "tried (a path through " + name + " missing, or one too many?)");
            }
            if (found.size() == 2) {
                break;
            }
        }
        return found;
    }

    private static boolean nonFinite(Evaluation.Result r) {
        if (r.hand() == null) {
            return false;
        }
        for (double h : r.hand()) {
            if (!Double.isFinite(h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    }

    /**
     * Predicates on one recorded or drawn value that split the instances exactly into those where the formula
     * agreed and those where it did not (both kinds present).
     */
    private static List<String> conditions(int f, List<Evaluation> evaluations,
                                           java.util.Set<String> drawn, boolean activationHint) {
        List<String> found = new ArrayList<>();
        if (evaluations.size() < 4) {
            return found;
        }
        Map<String, double[]> first = evaluations.get(0).recorded;
        for (String name : first.keySet()) {
            boolean one = first.get(name).length == 1;
            List<Condition> candidates = new ArrayList<>();
            if (one) {
                candidates.add(new Condition(name + " = 0", v -> v[0] == 0));
                candidates.add(new Condition(name + " = 1", v -> v[0] == 1));
                candidates.add(new Condition(name + " > 0", v -> v[0] > 0));
                candidates.add(new Condition(name + " < 0", v -> v[0] < 0));
            } else {
                candidates.add(new Condition("every element of " + name + " > 0", v -> {
                    for (double x : v) {
                        if (!(x > 0)) {
                            return false;
                        }
                    }
                    return true;
                }));
                candidates.add(new Condition("every element of " + name + " = 0", v -> {
                    for (double x : v) {
                        if (x != 0) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Condition c : candidates) {
                if (splits(c, name, f, evaluations)) {
                    String s = "agrees with autograd exactly where " + c.text() + " and fails elsewhere";
                    if (activationHint && c.text().endsWith("> 0") && !drawn.contains(name)) {
                        s += " (a missing activation derivative? relu' is 1 there and 0 elsewhere)";
                    }
                    found.add(s);
                    break;
                }
            }
            if (found.size() == 2) {
                break;
            }
        }
        return found;
    }

    private static boolean splits(Condition c, String name, int f, List<Evaluation> evaluations) {
        boolean sawTrue = false;
        boolean sawFalse = false;
        for (Evaluation e : evaluations) {
            double[] v = e.recorded.get(name);
            if (v == null) {
                return false;
            }
            boolean p = c.test().test(v);
            if (p != e.results[f].agrees()) {
                return false;
            }
            sawTrue |= p;
            sawFalse |= !p;
        }
        return sawTrue && sawFalse;
    }

    private record Condition(String text, Predicate<double[]> test) {
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
