/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generated ratings with their ground truth: which interactions and training samples carry the planted
 * popularity bias, who the bias-inducing users are, the popularity head, and the genre female users were
 * planted to favour. See {@link SyntheticGenerator} for the generative story. Immutable.
 */
public final class SyntheticData {

    private final RatingsData ratings;
    private final SyntheticGenerator.Config config;
    private final Set<String> biasInducingSampleIds;
    private final Set<Interaction> biasInducingInteractions;
    private final Set<Integer> biasInducingUsers;
    private final Set<Integer> headItems;
    private final String favouredGenre;
    private final Set<Interaction> genderBiasInducingInteractions;
    private final Set<Integer> genderConfounders;
    private final Set<Interaction> autoplayInteractions;

    SyntheticData(RatingsData ratings, SyntheticGenerator.Config config, Set<String> biasInducingSampleIds,
                  Set<Interaction> biasInducingInteractions, Set<Integer> biasInducingUsers, Set<Integer> headItems,
                  String favouredGenre, Set<Interaction> genderBiasInducingInteractions, Set<Integer> genderConfounders,
                  Set<Interaction> autoplayInteractions) {
        this.autoplayInteractions = Collections.unmodifiableSet(new LinkedHashSet<>(autoplayInteractions));
        this.genderBiasInducingInteractions = Collections.unmodifiableSet(new LinkedHashSet<>(genderBiasInducingInteractions));
        this.genderConfounders = Collections.unmodifiableSet(new TreeSet<>(genderConfounders));
        this.ratings = ratings;
        this.config = config;
        this.biasInducingSampleIds = Collections.unmodifiableSet(new LinkedHashSet<>(biasInducingSampleIds));
        this.biasInducingInteractions = Collections.unmodifiableSet(new LinkedHashSet<>(biasInducingInteractions));
        this.biasInducingUsers = Collections.unmodifiableSet(new TreeSet<>(biasInducingUsers));
        this.headItems = Collections.unmodifiableSet(new TreeSet<>(headItems));
        this.favouredGenre = favouredGenre;
    }

    /**
     * The generated ratings (file hashes empty; {@link RatingsData#combinedSha256()} hashes the content).
     * @return the ratings.
     */
    public RatingsData ratings() {
        return ratings;
    }

    /**
     * The generator parameters.
     * @return the config.
     */
    public SyntheticGenerator.Config config() {
        return config;
    }

    /**
     * Ground truth: ids ({@code "<userId>:<p>"}) of the training samples whose target is a popularity-driven
     * interaction, for samples built with all ratings kept ({@code minRating} 0 or 1) and any history length and
     * {@code minInteractions} up to {@link SyntheticGenerator.Config#minInteractionsPerUser()}. For other sample
     * configurations use {@link #biasInducingSampleIds(SampleSplits)}.
     * @return the ids, in generation order.
     */
    public Set<String> biasInducingSampleIds() {
        return biasInducingSampleIds;
    }

    /**
     * Ground truth mapped onto any sample configuration: the training samples of {@code splits} whose target is a
     * popularity-driven interaction.
     * @param splits samples built from {@link #ratings()}.
     * @return the ids.
     * @throws IllegalArgumentException if the splits were built from other data.
     */
    public Set<String> biasInducingSampleIds(SampleSplits splits) {
        return trainingIds(splits, biasInducingInteractions);
    }

    /**
     * Ground truth of planted bias 3: the training samples of {@code splits} whose target is a gender-confounding
     * interaction (a confounder's draw of a favoured-genre item's wrong sequel, see {@link SyntheticGenerator}). Empty
     * when the config has no confounders.
     * @param splits samples built from {@link #ratings()}.
     * @return the ids.
     * @throws IllegalArgumentException if the splits were built from other data.
     */
    public Set<String> genderBiasInducingSampleIds(SampleSplits splits) {
        return trainingIds(splits, genderBiasInducingInteractions);
    }

    /**
     * Ground truth of planted bias 3: the gender-confounding interactions (all positions, not just training targets).
     * @return the interactions, in generation order.
     */
    public Set<Interaction> genderBiasInducingInteractions() {
        return genderBiasInducingInteractions;
    }

    /**
     * The users designated gender confounders (planted bias 3): would-be male users whose accounts record no gender.
     * @return user ids, ascending.
     */
    public Set<Integer> genderConfounders() {
        return genderConfounders;
    }

    /**
     * Ground truth of planted bias 4: the training samples of {@code splits} whose target is an autoplayed draw (a
     * female user's training draw of a favoured-genre item's wrong sequel, see {@link SyntheticGenerator}). Empty
     * without autoplay.
     * @param splits samples built from {@link #ratings()}.
     * @return the ids.
     * @throws IllegalArgumentException if the splits were built from other data.
     */
    public Set<String> autoplaySampleIds(SampleSplits splits) {
        return trainingIds(splits, autoplayInteractions);
    }

    /**
     * Ground truth of planted bias 4: the autoplayed draws.
     * @return the interactions, in generation order.
     */
    public Set<Interaction> autoplayInteractions() {
        return autoplayInteractions;
    }

    private Set<String> trainingIds(SampleSplits splits, Set<Interaction> interactions) {
        if (splits.ratings() != ratings) {
            throw new IllegalArgumentException("The splits were built from other data than this synthetic data set");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Interaction x : interactions) {
            splits.trainingSampleId(x.user(), x.item()).ifPresent(out::add);
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * Ground truth: the popularity-driven interactions (all positions, not just training targets).
     * @return the interactions, in generation order.
     */
    public Set<Interaction> biasInducingInteractions() {
        return biasInducingInteractions;
    }

    /**
     * The users designated bias-inducing.
     * @return user ids, ascending.
     */
    public Set<Integer> biasInducingUsers() {
        return biasInducingUsers;
    }

    /**
     * The popularity head: the items with the best popularity ranks ({@link SyntheticGenerator#HEAD_FRACTION}).
     * @return item ids, ascending.
     */
    public Set<Integer> headItems() {
        return headItems;
    }

    /**
     * The genre whose affinity is boosted for female users.
     * @return the genre name.
     */
    public String favouredGenre() {
        return favouredGenre;
    }

    @Override
    public String toString() {
        return "SyntheticData(" + config + ", " + ratings + ", biasInducingSamples=" + biasInducingSampleIds.size() + ")";
    }
}
