package dev.chainrule.check;

import dev.chainrule.check.Derivation.Formula;
import dev.chainrule.check.Derivation.Generic;
import dev.chainrule.check.Derivation.GenericModel;
import dev.chainrule.check.Derivation.Requirement;
import dev.chainrule.check.Derivation.ScalarFormula;
import dev.chainrule.check.Derivation.ScalarModel;
import dev.chainrule.check.Derivation.TensorModel;
import dev.chainrule.check.Derivation.Values;

import dev.chainrule.core.Scalar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What {@link Derivation.Builder} collects and how: quantities, one model, formulas, requirements. Users see
 * {@code Derivation.Builder}; this base keeps {@link Derivation}'s file readable, as {@link ContextBase} and
 * {@link ValuesBase} do for its other views.
 */
abstract class BuilderBase {
    final String title;
    final Map<String, Quantity> quantities = new LinkedHashMap<>();
    ScalarModel scalarModel;
    GenericModel genericModel;
    TensorModel tensorModel;
    final List<Spec> specs = new ArrayList<>();
    final List<Requirement> requirements = new ArrayList<>();
    final Map<String, Double> constants = new LinkedHashMap<>();

    BuilderBase(String title) {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("Derivation.builder: give the derivation a title");
        }
        this.title = title;
    }

    /**
     * Declares a one-element quantity (a weight, an input, a target), drawn per instance.
     * @param name the quantity's name, new to the derivation
     * @param draw how its value is drawn
     * @return this builder
     */
    public Derivation.Builder scalar(String name, Draw draw) {
        return tensor(name, draw);
    }

    /**
     * Declares a quantity of the given shape, drawn per instance.
     * @param name the quantity's name, new to the derivation
     * @param draw how its values are drawn
     * @param dims its shape, each size &gt;= 1; none for one element
     * @return this builder
     */
    public Derivation.Builder tensor(String name, Draw draw, int... dims) {
        if (quantities.containsKey(name)) {
            throw new IllegalArgumentException("Derivation.Builder: quantity " + name + " declared twice");
        }
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("Derivation.Builder: quantity " + name + " has shape "
                        + Arrays.toString(dims) + "; every size must be >= 1");
            }
        }
        quantities.put(name, new Quantity(name, dims.clone(), draw));
        return self();
    }

    /**
     * Declares a named constant of the problem (such as the batch size N), used by formulas and by the hints.
     * @param name  the constant's name, new to the derivation
     * @param value its value
     * @return this builder
     */
    public Derivation.Builder constant(String name, double value) {
        if (constants.containsKey(name)) {
            throw new IllegalArgumentException("Derivation.Builder: constant " + name + " declared twice");
        }
        constants.put(name, value);
        return self();
    }

    /**
     * Sets the loss, built from Scalars (a neuron-level network).
     * @param model computes the loss from a context; the derivation's only model
     * @return this builder
     */
    public Derivation.Builder scalarModel(ScalarModel model) {
        requireNoModel();
        this.scalarModel = model;
        return self();
    }

    /**
     * Sets the loss, written once over {@link dev.chainrule.core.Differentiable}: checked by reverse mode, central differences and
     * forward mode (dual numbers).
     * @param model computes the loss on Scalars or Duals; the derivation's only model
     * @return this builder
     */
    public Derivation.Builder model(GenericModel model) {
        requireNoModel();
        this.genericModel = model;
        this.scalarModel = c -> model.loss(new Generic<Scalar>(c, null));
        return self();
    }

    /**
     * Sets the loss, built from Tensors (a layered network).
     * @param model computes the loss from a context; the derivation's only model
     * @return this builder
     */
    public Derivation.Builder tensorModel(TensorModel model) {
        requireNoModel();
        this.tensorModel = model;
        return self();
    }

    /** Refuses a second model. */
    private void requireNoModel() {
        if (scalarModel != null || tensorModel != null) {
            throw new IllegalStateException("Derivation.Builder: " + title + " already has a model");
        }
    }

    /**
     * Adds a condition every instance must meet, such as keeping a pre-activation away from relu's kink or the
     * loss's pole; instances that break it are redrawn and counted.
     * @param description the condition in words, for reports
     * @param test        whether an instance meets it, seen as the formulas see it
     * @return this builder
     */
    public Derivation.Builder require(String description, Predicate<Values> test) {
        requirements.add(new Requirement(description, test));
        return self();
    }

    /**
     * Keeps every element of these recorded or drawn values at least {@code margin} away from 0.
     * @param margin the least magnitude allowed
     * @param names  the quantities or recorded values it applies to
     * @return this builder
     */
    public Derivation.Builder awayFromZero(double margin, String... names) {
        for (String n : names) {
            require("|" + n + "| >= " + margin, v -> {
                for (double x : v.tensor(n).toArray()) {
                    if (Math.abs(x) < margin) {
                        return false;
                    }
                }
                return true;
            });
        }
        return self();
    }

    /**
     * Adds a hand formula for dL/d(wrt), a one-element quantity or probe.
     * @param label   the formula's label in reports, new to the derivation
     * @param wrt     the quantity or probe it differentiates by
     * @param formula computes the gradient at an instance
     * @return this builder
     */
    public Derivation.Builder formula(String label, String wrt, ScalarFormula formula) {
        return add(new Spec(label, wrt, Spec.scalarHand(formula), Double.NaN));
    }

    /**
     * Adds a hand formula for one element of dL/d(wrt): {@code element} is its row-major index in wrt's shape (a
     * layer's W^2_{12} is element 1 * columns + 2 of W^2). Judged as a one-element formula, against that element of
     * autograd's gradient, with central differences and forward mode confirming it.
     * @param label   the formula's label in reports, new to the derivation
     * @param wrt     the quantity or probe it differentiates by
     * @param element the element's row-major index, &gt;= 0
     * @param formula computes that element of the gradient at an instance
     * @return this builder
     */
    public Derivation.Builder formula(String label, String wrt, int element, ScalarFormula formula) {
        requireElement(label, element);
        return add(new Spec(label, wrt, Spec.scalarHand(formula), Double.NaN, null, element));
    }

    /**
     * Adds {@link #update(String, String, double, ScalarFormula)} for one element of wrt (row-major).
     * @param label    the rule's label in reports, new to the derivation
     * @param wrt      the quantity it updates
     * @param element  the element's row-major index, &gt;= 0
     * @param rate     the learning rate, finite and &gt; 0
     * @param newValue computes the element's new value at an instance
     * @return this builder
     */
    public Derivation.Builder update(String label, String wrt, int element, double rate, ScalarFormula newValue) {
        requireElement(label, element);
        requireRate(label, rate);
        return add(new Spec(label, wrt, Spec.scalarHand(newValue), rate, null, element));
    }

    private static void requireElement(String label, int element) {
        if (element < 0) {
            throw new IllegalArgumentException("Derivation.Builder: formula '" + label + "' is about element "
                    + element + "; an element index is >= 0 (row-major in the quantity's shape)");
        }
    }

    /**
     * Adds a hand formula for dL/d(wrt), a tensor of wrt's shape (or, wrongly, of another shape).
     * @param label   the formula's label in reports, new to the derivation
     * @param wrt     the quantity or probe it differentiates by
     * @param formula computes the gradient at an instance
     * @return this builder
     */
    public Derivation.Builder tensorFormula(String label, String wrt, Formula formula) {
        return add(new Spec(label, wrt, Spec.tensorHand(formula), Double.NaN));
    }

    /**
     * Adds a hand update rule for {@code wrt}: the formula gives the new value, and the reference is one gradient
     * descent step {@code wrt - rate * dL/dwrt}.
     * @param label    the rule's label in reports, new to the derivation
     * @param wrt      the quantity it updates
     * @param rate     the learning rate, finite and &gt; 0
     * @param newValue computes the new value at an instance
     * @return this builder
     */
    public Derivation.Builder update(String label, String wrt, double rate, ScalarFormula newValue) {
        return update(label, wrt, rate, Spec.scalarHand(newValue));
    }

    /**
     * Adds {@link #update(String, String, double, ScalarFormula)} for a tensor quantity.
     * @param label    the rule's label in reports, new to the derivation
     * @param wrt      the quantity it updates
     * @param rate     the learning rate, finite and &gt; 0
     * @param newValue computes the new value, of wrt's shape, at an instance
     * @return this builder
     */
    public Derivation.Builder tensorUpdate(String label, String wrt, double rate, Formula newValue) {
        return update(label, wrt, rate, Spec.tensorHand(newValue));
    }

    /** An update rule at this rate, which must be finite and positive. */
    private Derivation.Builder update(String label, String wrt, double rate, Spec.Hand newValue) {
        requireRate(label, rate);
        return add(new Spec(label, wrt, newValue, rate));
    }

    private static void requireRate(String label, double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("Derivation.Builder.update: the rate of " + label + " is " + rate
                    + "; it must be finite and > 0");
        }
    }

    /**
     * Adds a claim that {@code formula} equals {@code reference} at every instance, to rounding: how a derivation's
     * step that is not a gradient of the loss is checked ({@code \\frac{\\partial n_j}{\\partial w_{ji}} = x_{ji}},
     * one side of a chain against the side before it). Both are evaluated by the caller's formulas; the verdict,
     * counterexample, shrinking and hints are the checker's, with the reference in autograd's place.
     * @param label     the claim's label in reports, new to the derivation
     * @param reference the side taken as right
     * @param formula   the side judged against it
     * @return this builder
     */
    public Derivation.Builder claim(String label, ScalarFormula reference, ScalarFormula formula) {
        return add(new Spec(label, "(" + label + ")", Spec.scalarHand(formula), Double.NaN,
                Spec.scalarHand(reference)));
    }

    /**
     * Adds {@link #claim(String, ScalarFormula, ScalarFormula)} for tensor-valued sides (a matrix equation): the
     * two must agree in shape, and elementwise to rounding; a transposed formula is named as such.
     * @param label     the claim's label in reports, new to the derivation
     * @param reference the side taken as right
     * @param formula   the side judged against it
     * @return this builder
     */
    public Derivation.Builder tensorClaim(String label, Formula reference, Formula formula) {
        return add(new Spec(label, "(" + label + ")", Spec.tensorHand(formula), Double.NaN,
                Spec.tensorHand(reference)));
    }

    /** Adds a formula, refusing a label used before. */
    private Derivation.Builder add(Spec s) {
        for (Spec o : specs) {
            if (o.label().equals(s.label())) {
                throw new IllegalArgumentException("Derivation.Builder: formula '" + s.label() + "' declared "
                        + "twice");
            }
        }
        specs.add(s);
        return self();
    }

    /** This builder as the type users hold. */
    private Derivation.Builder self() {
        return (Derivation.Builder) this;
    }
}
