/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.baseline;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.fairness.ranking.ItemIds;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import dev.fudlr.reliability.ProvenanceClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Trains a {@link MostPopularModel}: the non-personalised baseline that recommends items by how often they
 * were interacted with in the training data. Any recommender in this project should beat it; popularity
 * fairness metrics also use it as the most popularity-biased reference point.
 * <p>
 * The catalogue is the training dataset's output domain (the items seen as training targets). An item's
 * score is the sum of the weights of the training examples whose label is that item (a plain count with
 * Tribuo's default example weight of 1). With {@link #countHistoryItems} each history feature
 * {@code item:<id>} (see {@link SampleEncoding}) of an example adds the example's weight to that item too;
 * history items that never occur as a target stay outside the catalogue and are ignored.
 * <p>
 * Training is deterministic and seed-free: equal scores are ordered by item id in {@link ItemIds#ORDER},
 * the same tie rule as {@link dev.fudlr.fairness.ranking.RankingEvaluator}.
 */
public final class MostPopularTrainer implements Trainer<Label> {

    private static final Logger logger = Logger.getLogger(MostPopularTrainer.class.getName());

    @Config(description = "Also count every history feature item:<id> of a training example as an interaction with "
            + "that item (weighted by the example weight). Sliding-window samples repeat each interaction in up to "
            + "L histories, so this weights items by exposure in histories; false counts target labels only.")
    private boolean countHistoryItems = false;

    private int invocationCount = 0;

    /**
     * For OLCUT.
     */
    private MostPopularTrainer() {}

    /**
     * Creates a trainer.
     * @param countHistoryItems whether history features {@code item:<id>} count as interactions as well as
     *                          the target labels.
     */
    public MostPopularTrainer(boolean countHistoryItems) {
        this.countHistoryItems = countHistoryItems;
    }

    /**
     * Whether history features count as interactions.
     * @return the {@code countHistoryItems} option.
     */
    public boolean countsHistoryItems() {
        return countHistoryItems;
    }

    @Override
    public MostPopularModel train(Dataset<Label> examples) {
        return train(examples, Collections.emptyMap());
    }

    @Override
    public MostPopularModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public MostPopularModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        if (examples.size() == 0) {
            throw new IllegalArgumentException("Cannot train a most-popular model on an empty dataset");
        }
        TrainerProvenance trainerProvenance;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            // Record the count this run was started with, so a provenance can reproduce it.
            trainerProvenance = getProvenance();
            this.invocationCount++;
        }
        Set<String> catalogue = new HashSet<>();
        for (Label l : examples.getOutputIDInfo().getDomain()) {
            catalogue.add(l.getLabel());
        }
        Map<String, Double> counts = new HashMap<>();
        for (String item : catalogue) {
            counts.put(item, 0.0);
        }
        Set<String> ignoredHistoryItems = new HashSet<>();
        int index = 0;
        for (Example<Label> example : examples) {
            Label label = example.getOutput();
            if (LabelFactory.UNKNOWN_LABEL.equals(label)) {
                throw new IllegalArgumentException("Training example " + index + " has no target item (Tribuo's unknown label)");
            }
            double w = example.getWeight();
            counts.merge(label.getLabel(), w, Double::sum);
            if (countHistoryItems) {
                for (Feature f : example) {
                    String name = f.getName();
                    if (name.startsWith(SampleEncoding.ITEM_FEATURE_PREFIX)) {
                        String item = name.substring(SampleEncoding.ITEM_FEATURE_PREFIX.length());
                        if (catalogue.contains(item)) {
                            counts.merge(item, w, Double::sum);
                        } else {
                            ignoredHistoryItems.add(item);
                        }
                    }
                }
            }
            index++;
        }
        if (!ignoredHistoryItems.isEmpty()) {
            logger.log(Level.INFO, "Ignored {0} history items that never occur as a training target (outside the catalogue)",
                    ignoredHistoryItems.size());
        }
        List<String> ranked = new ArrayList<>(catalogue);
        ranked.sort((a, b) -> {
            int c = Double.compare(counts.get(b), counts.get(a));
            return c != 0 ? c : ItemIds.compare(a, b);
        });
        double[] rankedCounts = new double[ranked.size()];
        for (int i = 0; i < rankedCounts.length; i++) {
            rankedCounts[i] = counts.get(ranked.get(i));
        }
        ModelProvenance provenance = new ModelProvenance(MostPopularModel.class.getName(), ProvenanceClock.now(),
                examples.getProvenance(), trainerProvenance, runProvenance);
        return new MostPopularModel("most-popular", provenance, examples.getFeatureIDMap(), examples.getOutputIDInfo(),
                ranked.toArray(new String[0]), rankedCounts);
    }

    @Override
    public int getInvocationCount() {
        return invocationCount;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("invocationCount must be non-negative, got " + invocationCount);
        }
        this.invocationCount = invocationCount;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "MostPopularTrainer(countHistoryItems=" + countHistoryItems + ")";
    }
}
