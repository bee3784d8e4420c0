package dev.chainrule.nn;

import dev.chainrule.core.Tensor;

import java.util.List;

/** Modules applied one after the other; their parameters are named by position ("0.weight", "2.bias"). */
public final class Sequential extends Module {
    private final List<Module> layers;

    /**
     * A network of these modules.
     *
     * @param layers the modules, first applied first; each is registered under its position ("0", "1", ...)
     */
    public Sequential(Module... layers) {
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) {
            child(Integer.toString(i), layers[i]);
        }
    }

    /** {@return the modules in order, in an unmodifiable list} */
    public List<Module> layers() {
        return layers;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Module m : layers) {
            h = m.forward(h);
        }
        return h;
    }
}
