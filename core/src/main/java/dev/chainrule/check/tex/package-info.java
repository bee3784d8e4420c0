/**
 * The page as input: the display formulas of a Markdown/LaTeX derivation ({@link dev.chainrule.check.tex.DisplayMath}),
 * parsed into expression trees that record what is written ({@link dev.chainrule.check.tex.TexParser},
 * {@link dev.chainrule.check.tex.Tex}), printed back ({@link dev.chainrule.check.tex.TexPrinter}) and evaluated
 * once a notation says what the symbols mean ({@link dev.chainrule.check.tex.TexEval}).
 *
 * <pre>{@code
 * Source page = new Source("derivation.md", Files.readString(path));
 * for (DisplayMath.Row row : DisplayMath.rows(page)) {
 *     Tex.Chain chain = TexParser.parse(page, row.from(), row.to(), Set.of("h"), Set.of("Downstream"));
 *     // chain.sides(): the sides of A = B = C, each a tree; errors name file:line:col
 * }
 * }</pre>
 */
package dev.chainrule.check.tex;
