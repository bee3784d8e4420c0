package dev.chainrule.nn;

import dev.chainrule.core.Tensor;

import java.util.List;

/** Modules applied one after the other; their parameters are named by position ("0.weight", "2.bias"). */
public final class Sequential extends Module {
    private final List<Module> layers;

    /** The modules, first applied first. */
    public Sequential(Module... layers) {
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) {
            child(Integer.toString(i), layers[i]);
        }
    }

    /** The modules in order. */
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
