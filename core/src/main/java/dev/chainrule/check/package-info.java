/**
 * Gradient checks: autograd compared with central finite differences, with a tolerance rule
 * ({@link dev.chainrule.check.Tolerance}) and a report that names each failing input with both values.
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
 */
package dev.chainrule.check;
