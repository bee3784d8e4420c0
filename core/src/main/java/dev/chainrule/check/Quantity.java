package dev.chainrule.check;

/** A drawn quantity: its name, its shape and how it is drawn (compared by value, its shape by content). */
record Quantity(String name, int[] dims, Draw draw) {
    /** The number of elements. */
    int size() {
        return size(dims);
    }

    private Object[] components() {
        return new Object[] {name, dims, draw};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && ArrayComponents.equal(components(), q.components());
    }

    @Override
    public int hashCode() {
        return ArrayComponents.hash(components());
    }

    @Override
    public String toString() {
        return ArrayComponents.describe("Quantity", "name, dims, draw", components());
    }

    /** The number of elements of a shape (1 for a scalar's empty shape). */
    static int size(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }
}
