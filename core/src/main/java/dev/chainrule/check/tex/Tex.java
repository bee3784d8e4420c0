package dev.chainrule.check.tex;

import java.util.List;

/**
 * A node of a LaTeX math expression as a derivation writes it: what the parser ({@link TexParser}) makes of a
 * display formula, before any meaning is given to its symbols. Every node keeps {@code at}, the offset in the
 * document where it starts, so that every message can point at the page ({@link Source#position}).
 *
 * <p>The tree records what is written, not what it means: {@code z_i^2} is a {@link Sym} with subscript
 * {@code i} and superscript {@code 2}, which a notation reads as layer 2 or as a square; {@code h(n_j)} is an
 * {@link Apply} only when {@code h} is known as a function, and a product otherwise.
 */
public sealed interface Tex {
    /** {@return where the node starts in the document (an offset, see {@link Source#position})} */
    int at();

    /** A number as written: {@code 2}, {@code 0.5}. */
    record Num(double value, String text, int at) implements Tex {
    }

    /**
     * A symbol: a letter, a Greek letter or a declared word ({@code w}, {@code \omega}, {@code Downstream}),
     * with its decorations ({@code \hat}, {@code \mathbf}: part of {@code name}, as in {@code \hat{y}}), its
     * primes, and its subscript and superscript as written (null when absent).
     */
    record Sym(String name, int primes, Tex sub, Tex sup, int at) implements Tex {
    }

    /** A list of indices in a subscript, {@code i,j} or {@code (1,2)}, or juxtaposed letters {@code ji}. */
    record Indices(List<Tex> items, boolean separated, int at) implements Tex {
        /**
         * An index list, holding a copy of {@code items}.
         *
         * @param items     the indices, in order as written
         * @param separated whether commas separate them ({@code i,j}, {@code (1,2)}) rather than juxtaposition
         *                  ({@code ji})
         * @param at        where the list starts in the document (an offset)
         */
        public Indices {
            items = List.copyOf(items);
        }
    }

    /**
     * A function applied to arguments: {@code \log(x)}, {@code \sigma(z)}, {@code h(n_j)}, {@code f'(z^1)}.
     * {@code fn} is the function as a symbol (its name, primes, sub- and superscript: {@code \sigma_i^{l-1}}).
     */
    record Apply(Sym fn, List<Tex> args, int at) implements Tex {
        /**
         * A function application, holding a copy of {@code args}.
         *
         * @param fn   the function as a symbol, with its primes and scripts
         * @param args the arguments, in order
         * @param at   where the application starts in the document (an offset)
         */
        public Apply {
            args = List.copyOf(args);
        }
    }

    /** A binary operation: {@code +}, {@code -}, {@code *} (a product: juxtaposition, cdot or times),
     * {@code /}, {@code ⊙} (Hadamard). */
    record Bin(char op, Tex left, Tex right, boolean implicit, int at) implements Tex {
    }

    /** {@code -x}. */
    record Neg(Tex x, int at) implements Tex {
    }

    /** {@code \frac{num}{den}} that is not a derivative. */
    record Frac(Tex num, Tex den, int at) implements Tex {
    }

    /** {@code base^{exponent}} on anything that is not a plain symbol (a group, a function, a number). */
    record Pow(Tex base, Tex exponent, int at) implements Tex {
    }

    /** {@code x^T}, {@code x^\top}. */
    record Transpose(Tex x, int at) implements Tex {
    }

    /**
     * A derivative written as a fraction: {@code \frac{\partial L}{\partial w}} (partial) or
     * {@code \frac{d\sigma(x)}{dx}}, {@code \frac{\delta E}{\delta w}}. {@code of} is null when the numerator is
     * the operator alone ({@code \frac{\partial}{\partial x} f}); the operand is then the factor after it.
     * {@code operator} is how it was written: "partial", "d", "delta".
     */
    record Deriv(Tex of, Tex wrt, String operator, boolean wellFormed, int at) implements Tex {
    }

    /** {@code \sqrt{x}}. */
    record Sqrt(Tex x, int at) implements Tex {
    }

    /** {@code |x|} or {@code \lVert x \rVert} ({@code norm}). */
    record Abs(Tex x, boolean norm, int at) implements Tex {
    }

    /**
     * {@code \sum} or {@code \prod} with its limits: {@code _{i=1}^{n}} (index, from, to),
     * {@code _{k \in S}} (index, set), {@code _{j \neq i}^{C}} (index, excluded, to), or any other subscript
     * (kept as {@code condition}).
     */
    record Sum(boolean product, String index, Tex from, Tex to, Tex set, Tex excluded, Tex condition, Tex body,
               int at) implements Tex {
    }

    /** {@code \begin{bmatrix} ... \end{bmatrix}} (or pmatrix, matrix). */
    record Matrix(List<List<Tex>> rows, String kind, int at) implements Tex {
        /**
         * A matrix, holding copies of the rows.
         *
         * @param rows the elements, row by row as written (the rows need not be of one length)
         * @param kind the environment's name ({@code bmatrix}, {@code pmatrix}, {@code matrix}, ...)
         * @param at   where the environment starts in the document (an offset)
         */
        public Matrix {
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** {@code \begin{cases} value & condition \\ ... \end{cases}}; a null condition is "otherwise". */
    record Cases(List<Tex> values, List<Tex> conditions, int at) implements Tex {
        /**
         * Cases, holding copies of the lists.
         *
         * @param values     the value of each case, in order
         * @param conditions the condition of each case, null for "otherwise"; as many as values
         * @param at         where the environment starts in the document (an offset)
         */
        public Cases {
            values = List.copyOf(values);
            conditions = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(conditions));
        }
    }

    /** A comparison in a condition: {@code x > 0}, {@code x \le 0}, {@code i \neq j}, {@code k \in S}. */
    record Cmp(String op, Tex left, Tex right, int at) implements Tex {
    }

    /** an underbrace: x with a label below: a claim that x equals its label. */
    record Underbrace(Tex x, Tex label, int at) implements Tex {
    }

    /** {@code \text{...}} that is prose, not a name ({@code \text{otherwise}}, {@code \text{all paths}}). */
    record Text(String text, int at) implements Tex {
    }

    /** {@code \ldots} or {@code ...}: a pattern the reader must complete, which no checker can evaluate. */
    record Ellipsis(int at) implements Tex {
    }

    /**
     * A chain {@code A = B = C} (or with {@code \leftarrow}, {@code \approx}, {@code :=}): sides and relations.
     * A row that continues the chain of the row before it ({@code &= C} in an align) has a leading relation:
     * as many relations as sides. {@code conditions} are the comparisons written after the chain, set off by
     * {@code \\quad} or a comma ({@code \\quad j \\in \\{3, 4\\}}, {@code , j \\neq 5}): where the chain is
     * claimed to hold.
     */
    record Chain(List<Tex> sides, List<String> relations, List<Tex> conditions, int at) implements Tex {
        /**
         * A chain, holding copies of the lists.
         *
         * @param sides      the expressions the relations join, left to right
         * @param relations  the relations between consecutive sides ({@code =}, {@code \leftarrow}, ...), with a
         *                   leading one when the row continues the chain of the row before it
         * @param conditions the comparisons written after the chain, where it is claimed to hold; empty when there are
         *                   none
         * @param at         where the chain starts in the document (an offset)
         */
        public Chain {
            sides = List.copyOf(sides);
            relations = List.copyOf(relations);
            conditions = List.copyOf(conditions);
        }

        /**
         * A chain without conditions.
         *
         * @param sides     the expressions the relations join, left to right
         * @param relations the relations between consecutive sides ({@code =}, {@code \leftarrow}, ...), with a leading
         *                  one when the row continues the chain of the row before it
         * @param at        where the chain starts in the document (an offset)
         */
        public Chain(List<Tex> sides, List<String> relations, int at) {
            this(sides, relations, List.of(), at);
        }
    }
}
