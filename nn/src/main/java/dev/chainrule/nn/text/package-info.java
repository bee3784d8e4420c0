/**
 * A derivation page checked from its text: the notation at the top of the page
 * ({@link dev.chainrule.nn.text.FrontMatter}, {@link dev.chainrule.nn.text.NeuronNotation}) says what the symbols
 * mean for a network of named neurons, and {@link dev.chainrule.nn.text.PageCheck} checks every display formula
 * that derives a gradient of the loss, side by side, against autograd in every setting.
 *
 * <pre>{@code
 * PageCheck.Report r = PageCheck.check("page.md", Files.readString(path), Derivation.DEFAULT_SEED, 200);
 * System.out.print(r.text());          // file:line:col, verdict, max error, the formula as written
 * if (r.anyFails()) { ... }
 * }</pre>
 */
package dev.chainrule.nn.text;
