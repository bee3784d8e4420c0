/**
 * Neuron-level networks: named inputs and neurons, weighted edges w_ij, biases b_j, any DAG; each pass exposes
 * every neuron's input current z_j and activity x_j and every parameter's gradient, so that a hand formula can
 * be written in a document's own notation ({@code Downstream(j)}, {@code sigma'(z_3)}, {@code w_34 * w_46}).
 *
 * <p>A worked example: the output delta of a sigmoid neuron under E = (x_5 - y)^2 / 2, by hand and by autograd.
 *
 * <pre>{@code
 * NeuronNetwork.Pass p = net.forward(Map.of("1", 0.5, "2", -1.0));
 * p.x("5").sub(y).square().mul(0.5).backward();
 * double delta5 = (p.x("5").value() - y) * net.activation("5").derivative(p.z("5").value());
 * double hand = delta5 * p.x("3").value();             // dE/dw_35 as derived
 * double auto = p.param("w_35").grad();                // the same, from autograd
 * }</pre>
 */
package dev.chainrule.nn.graph;
