/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import dev.fudlr.data.SampleEncoding;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.model.ItemIndex;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.Arrays;
import java.util.List;

/**
 * Per-group training weights of {@link GroupReweightRetrain}: every training sample gets the weight of the item group
 * of its target. With observed target shares {@code p_g} (the unweighted share of training targets in group g) and a
 * target distribution {@code t_g}, full reweighting is {@code w_g = t_g / p_g}, under which the weighted share of group
 * g is exactly {@code t_g}; strength alpha interpolates the weights linearly, {@code w_g(alpha) = 1 - alpha + alpha
 * t_g / p_g}, so the weighted shares interpolate linearly too: {@code (1 - alpha) p_g + alpha t_g}. The mean weight
 * over the training samples is 1 for every alpha. Groups without training targets cannot be reweighted; the target
 * distribution is restricted to the groups that have targets (and renormalised). Immutable.
 */
public final class GroupWeights {

    private final ItemIndex items;
    private final ItemGroups groups;
    private final String targetName;
    private final double alpha;
    private final double[] observed;
    private final double[] target;
    private final double[] weights;

    private GroupWeights(ItemIndex items, ItemGroups groups, String targetName, double alpha, double[] observed,
                         double[] target, double[] weights) {
        this.items = items;
        this.groups = groups;
        this.targetName = targetName;
        this.alpha = alpha;
        this.observed = observed;
        this.target = target;
        this.weights = weights;
    }

    /**
     * Computes the weights.
     * @param items the catalogue the item groups are over.
     * @param train the training samples (their targets give {@code p_g}).
     * @param groups the item groups.
     * @param targetName a name of the target distribution (for reports).
     * @param rawTarget non-negative target masses per group (normalised here, over groups with training targets).
     * @param alpha strength in [0, 1].
     * @return the weights.
     * @throws IllegalArgumentException if a target is not in the catalogue, alpha is out of range, or the target puts
     * no mass on any group that has training targets.
     */
    public static GroupWeights compute(ItemIndex items, List<? extends Example<Label>> train, ItemGroups groups, String targetName,
                                       double[] rawTarget, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], found " + alpha);
        }
        if (groups.numItems() != items.size()) {
            throw new IllegalArgumentException("Item groups cover " + groups.numItems() + " items, the catalogue has " + items.size());
        }
        int numGroups = groups.numGroups();
        if (rawTarget.length != numGroups) {
            throw new IllegalArgumentException("Target has " + rawTarget.length + " groups, the grouping " + numGroups);
        }
        double[] counts = new double[numGroups];
        for (int i = 0; i < train.size(); i++) {
            counts[groups.groupOf(itemOf(items, train.get(i), i))] += 1;
        }
        double[] p = new double[numGroups];
        double[] t = new double[numGroups];
        double mass = 0;
        for (int g = 0; g < numGroups; g++) {
            p[g] = counts[g] / train.size();
            if (!(rawTarget[g] >= 0) || Double.isInfinite(rawTarget[g])) {
                throw new IllegalArgumentException("Target mass of group " + groups.group(g) + " is " + rawTarget[g]);
            }
            t[g] = counts[g] > 0 ? rawTarget[g] : 0.0;
            mass += t[g];
        }
        if (!(mass > 0)) {
            throw new IllegalArgumentException("Target distribution '" + targetName + "' " + Arrays.toString(rawTarget)
                                               + " puts no mass on the groups with training targets " + Arrays.toString(p));
        }
        double[] w = new double[numGroups];
        for (int g = 0; g < numGroups; g++) {
            t[g] /= mass;
            // A group without targets has no samples to weigh; 1 keeps the vector readable.
            w[g] = p[g] > 0 ? (1 - alpha) + alpha * t[g] / p[g] : 1.0;
        }
        return new GroupWeights(items, groups, targetName, alpha, p, t, w);
    }

    private static int itemOf(ItemIndex items, Example<Label> e, int position) {
        int idx = items.index(e.getOutput().getLabel());
        if (idx < 0) {
            String id = SampleEncoding.metadata(e, SampleEncoding.SAMPLE);
            throw new IllegalArgumentException("Target item '" + e.getOutput().getLabel() + "' of training example " + position
                                               + (id == null ? "" : " (sample " + id + ")") + " is not in the model's catalogue");
        }
        return idx;
    }

    /**
     * The weight of each sample (the weight of its target's group, as a float like {@link Example#getWeight()}).
     * @param samples samples whose targets are in the catalogue.
     * @return one weight per sample.
     */
    public float[] sampleWeights(List<? extends Example<Label>> samples) {
        float[] out = new float[samples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) weights[groups.groupOf(itemOf(items, samples.get(i), i))];
        }
        return out;
    }

    /** @return the item groups. */
    public ItemGroups groups() {
        return groups;
    }

    /** @return the name of the target distribution. */
    public String targetName() {
        return targetName;
    }

    /** @return alpha. */
    public double alpha() {
        return alpha;
    }

    /** @return p_g, the unweighted shares of training targets (a copy). */
    public double[] observedShares() {
        return observed.clone();
    }

    /** @return t_g, the target distribution over groups with training targets (a copy). */
    public double[] targetShares() {
        return target.clone();
    }

    /** @return w_g(alpha) per group (a copy). */
    public double[] groupWeights() {
        return weights.clone();
    }

    /** @return the weighted shares of training targets, {@code p_g w_g / sum_h p_h w_h} (a copy). */
    public double[] weightedShares() {
        double[] out = new double[observed.length];
        double sum = 0;
        for (int g = 0; g < out.length; g++) {
            out[g] = observed[g] * weights[g];
            sum += out[g];
        }
        for (int g = 0; g < out.length; g++) {
            out[g] /= sum;
        }
        return out;
    }

    @Override
    public String toString() {
        return "GroupWeights(" + groups.name() + " " + groups.groups() + ", target=" + targetName + ", alpha=" + alpha
               + ", observed=" + Arrays.toString(observed) + ", target shares=" + Arrays.toString(target)
               + ", weights=" + Arrays.toString(weights) + ")";
    }
}
