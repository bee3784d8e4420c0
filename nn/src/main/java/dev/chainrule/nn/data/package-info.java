/**
 * Seeded data sets ({@link dev.chainrule.nn.data.Datasets}: two moons, circles, blobs, XOR) and
 * {@link dev.chainrule.nn.data.Dataset} with train/test split, shuffling and mini-batches.
 *
 * <p>A worked example: the two-moons data of the COMP 576 assignment, 80% for training.
 *
 * <pre>{@code
 * List<Dataset> parts = Datasets.moons(1000, 0.1, 2017).split(0.8, 1);
 * Dataset train = parts.get(0), test = parts.get(1);
 * for (Dataset batch : train.batches(32, new SplittableRandom(3))) { ... }
 * }</pre>
 */
package dev.chainrule.nn.data;
