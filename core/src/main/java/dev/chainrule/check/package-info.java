/**
 * Gradient checks: autograd compared with central finite differences, with a tolerance rule
 * ({@link dev.chainrule.check.Tolerance}) and a report that names each failing input with both values; and the
 * derivation checker ({@link dev.chainrule.check.Derivation}), which checks hand-derived formulas against
 * autograd on random instances and answers a failure with a shrunk counterexample and hints.
 *
 * <p>A worked example: a gradient that is wrong on purpose ({@code detach} hides one factor from autograd) is
 * caught, and the report says where.
 *
 * <pre>{@code
 * GradCheckReport ok = GradCheck.scalars(x -> x.get(0).mul(x.get(0)), 1.5);
 * ok.assertPassed();                                               // d(x^2)/dx = 3 both ways
 * GradCheckReport bad = GradCheck.scalars(x -> x.get(0).mul(x.get(0).detach()), 1.5);
 * bad.passed();                                                    // false: analytic 1.5, numeric 3.0
 * System.out.println(bad);                                         // names x0, both values, the difference
 * }</pre>
 *
 * <p>A derivation: the hand formula for dL/dw of L = (w x - t)^2 / 2 forgets the factor x, and the checker finds
 * an instance where that matters, shrunk to simple values (it reports w = 0, x = -1, t = 1: formula -1,
 * autograd 1).
 *
 * <pre>{@code
 * Derivation d = Derivation.builder("least squares")
 *         .scalar("w", Draw.uniform(-2, 2)).scalar("x", Draw.uniform(-2, 2)).scalar("t", Draw.uniform(-2, 2))
 *         .scalarModel(c -> c.scalar("w").mul(c.scalar("x")).sub(c.value("t")).square().mul(0.5))
 *         .formula("dL/dw", "w", v -> v.get("w") * v.get("x") - v.get("t"))
 *         .build();
 * d.check().verdict("dL/dw").holds();                              // false, with a counterexample
 * }</pre>
 */
package dev.chainrule.check;
