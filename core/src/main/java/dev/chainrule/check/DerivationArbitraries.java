package dev.chainrule.check;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * jqwik arbitraries for a {@link Derivation}'s instances, so that a user's property test is a few lines:
 *
 * <pre>{@code
 * @Provide Arbitrary<Derivation.Instance> instances() { return DerivationArbitraries.instances(DERIVATION); }
 *
 * @Property void myFormulaHolds(@ForAll("instances") Derivation.Instance i) {
 *     DERIVATION.check(i).assertAllHold();
 * }
 * }</pre>
 *
 * <p>Each quantity drawn uniformly becomes jqwik doubles in its interval (which jqwik shrinks toward simple
 * values), a choice becomes one of its values, any other draw a seeded sample; instances that break a
 * requirement or sit on a kink are filtered out (each filter test is a full evaluation, and a derivation that
 * rejects most draws makes jqwik give up with too many filter misses). Needs jqwik on the class path: core
 * itself does not.
 */
public final class DerivationArbitraries {
    private DerivationArbitraries() {
    }

    /**
     * {@return admissible instances of the derivation's quantities}
     *
     * @param d the derivation whose quantities, draws and requirements define the instances
     */
    public static Arbitrary<Derivation.Instance> instances(Derivation d) {
        List<String> names = new ArrayList<>(d.shapes().keySet());
        List<Arbitrary<double[]>> parts = new ArrayList<>();
        for (String name : names) {
            int[] dims = d.shapes().get(name);
            parts.add(values(d.drawOf(name), dims));
        }
        return Combinators.combine(parts).as(values -> {
            Map<String, double[]> m = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                m.put(names.get(i), values.get(i));
            }
            return d.instance(m);
        }).filter(d::admits);
    }

    private static Arbitrary<double[]> values(Draw draw, int[] dims) {
        int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        Arbitrary<Double> element;
        if (draw instanceof Draw.Uniform u) {
            element = Arbitraries.doubles().between(u.lo(), u.hi()).ofScale(6);   // not jqwik's 0.01 grid
        } else if (draw instanceof Draw.Choice c) {
            element = Arbitraries.of(Arrays.stream(c.values()).boxed().toList());
        } else {
            return Arbitraries.longs().map(seed -> draw.sample(new SplittableRandom(seed), dims));
        }
        return element.list().ofSize(n).map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
