/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.train;

import dev.fudlr.data.SampleEncoding;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelInfo;
import org.tribuo.classification.MutableLabelInfo;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What every recommender trainer derives from its Tribuo dataset in the same way: the run seed, the example weights
 * and the label domain of the catalogue.
 */
public final class TrainingData {

    private TrainingData() {}

    /**
     * The seed of one training run: a pure function of the configured seed and the invocation count.
     * @param seed the trainer's seed.
     * @param invocation the invocation count.
     * @return the run seed.
     */
    public static long runSeed(long seed, int invocation) {
        SplittableRandom rng = new SplittableRandom(seed);
        long s = rng.nextLong();
        for (int i = 0; i < invocation; i++) {
            s = rng.nextLong();
        }
        return s;
    }

    /**
     * Example weights normalised to mean 1, or null when they are all equal (then training is unweighted, bit for bit).
     * @param samples the training samples.
     * @return the normalised weights, parallel to {@code samples}, or null.
     * @throws IllegalArgumentException if a weight is negative or not finite, or all are 0.
     */
    public static double[] normalisedWeights(List<? extends Example<Label>> samples) {
        double sum = 0;
        boolean equal = true;
        float first = samples.isEmpty() ? 1f : samples.get(0).getWeight();
        for (int i = 0; i < samples.size(); i++) {
            float w = samples.get(i).getWeight();
            if (!(w >= 0) || Float.isInfinite(w)) {
                String id = SampleEncoding.metadata(samples.get(i), SampleEncoding.SAMPLE);
                throw new IllegalArgumentException("Example " + i + (id == null ? "" : " (sample " + id + ")")
                                                   + " has weight " + w + "; weights must be finite and >= 0");
            }
            equal &= w == first;
            sum += w;
        }
        if (equal) {
            if (first == 0) {
                throw new IllegalArgumentException("All " + samples.size() + " example weights are 0: nothing to train on");
            }
            return null;
        }
        double mean = sum / samples.size();
        double[] out = new double[samples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples.get(i).getWeight() / mean;
        }
        return out;
    }

    /**
     * The dataset's label domain plus the catalogue items that only occur in histories (observed once), so that
     * every catalogue item is a label of the model.
     * @param dataset the training data.
     * @param itemIds the catalogue's item ids.
     * @return the output domain.
     */
    public static ImmutableOutputInfo<Label> catalogueDomain(Dataset<Label> dataset, List<String> itemIds) {
        if (!(dataset.getOutputInfo() instanceof LabelInfo)) {
            throw new IllegalArgumentException("Dataset output info is not a label domain: " + dataset.getOutputInfo().getClass());
        }
        MutableLabelInfo info = new MutableLabelInfo((LabelInfo) dataset.getOutputInfo());
        Set<Label> domain = dataset.getOutputInfo().getDomain();
        for (String id : itemIds) {
            Label l = new Label(id);
            if (!domain.contains(l)) {
                info.observe(l);
            }
        }
        return info.generateImmutableOutputInfo();
    }
}
