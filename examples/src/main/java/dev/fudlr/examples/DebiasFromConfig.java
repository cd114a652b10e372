/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingTrainer;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.model.UnlearnableRecommender;
import dev.fudlr.reliability.ConfigFiles;
import org.tribuo.DataSource;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Walk-through 2: train a recommender and debias it with FUDLR entirely from an OLCUT XML configuration.
 * <p>
 * The configurations in this module ({@code /dev/fudlr/examples/fudlr-popularity.xml}, {@code fudlr-gender.xml},
 * {@code fudlr-both.xml}) each define a {@link PostTrainingTrainer} named {@code trainer}: an inner trainer (the
 * LoRA transformer recommender), a list of post-training steps (one FUDLR step) and an audit data source. Its
 * {@code train} call trains the inner model, then applies the steps, and returns the debiased model whose
 * provenance records both. Single properties can be overridden without editing the XML
 * ({@link ConfigurationManager#overrideConfigurableProperty}); on the command line OLCUT accepts the same as
 * {@code --@component.property value}.
 * <p>
 * Run with {@code java dev.fudlr.examples.DebiasFromConfig [popularity|gender|both]}.
 */
public final class DebiasFromConfig {
    private static final Logger logger = Logger.getLogger(DebiasFromConfig.class.getName());

    /** The example configurations by short name (classpath resources). */
    public static final Map<String, String> CONFIGS = Map.of(
        "popularity", "/dev/fudlr/examples/fudlr-popularity.xml",
        "gender", "/dev/fudlr/examples/fudlr-gender.xml",
        "both", "/dev/fudlr/examples/fudlr-both.xml");

    private DebiasFromConfig() {
    }

    /**
     * Loads a configuration, applies property overrides, trains and debiases.
     * @param config a classpath resource (with a leading slash) or file path of an XML configuration with components {@code trainer}
     *               and {@code train-source}.
     * @param overrides "component.property" to value, applied before anything is instantiated.
     * @return the debiased model (close it: it holds native tensors).
     */
    @SuppressWarnings("unchecked")
    public static Model<Label> trainAndDebias(String config, Map<String, String> overrides) {
        // Every configuration passes the project's hardened XML check (no DOCTYPE, entities, includes).
        ConfigurationManager cm = DebiasFromConfig.class.getResource(config) != null
            ? ConfigFiles.loadResource(config) : ConfigFiles.load(Path.of(config));
        try {
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                int dot = e.getKey().indexOf('.');
                if (dot <= 0) {
                    throw new IllegalArgumentException("Override key '" + e.getKey() + "' is not of the form component.property");
                }
                cm.overrideConfigurableProperty(e.getKey().substring(0, dot), e.getKey().substring(dot + 1),
                                                new SimpleProperty(e.getValue()));
            }
            PostTrainingTrainer<Label> trainer = (PostTrainingTrainer<Label>) cm.lookup("trainer");
            DataSource<Label> source = (DataSource<Label>) cm.lookup("train-source");
            // One call: train the inner recommender, then run each post-training step on it.
            return trainer.train(new MutableDataset<>(source));
        } finally {
            cm.close();
        }
    }

    /**
     * Overrides that shrink the example configurations to a run of seconds on the CPU: fewer synthetic users and
     * items (on both data sources, so train and audit data stay consistent), a width-8 float64 model, small solver
     * and mask budgets. {@code force} makes FUDLR return its model even when it refuses (on data this small the
     * audit may show no improvement it can certify); the refusal is then recorded in provenance.
     * @return the overrides.
     */
    public static Map<String, String> tinyOverrides() {
        Map<String, String> o = new LinkedHashMap<>();
        for (String source : List.of("train-source", "audit-source")) {
            o.put(source + ".syntheticUsers", "80");
            o.put(source + ".syntheticItems", "50");
            o.put(source + ".syntheticMaxPerUser", "22");
            o.put(source + ".historyLength", "5");
        }
        o.put("inner-trainer.embeddingDim", "8");
        o.put("inner-trainer.ffnDim", "16");
        o.put("inner-trainer.maxHistory", "5");
        o.put("inner-trainer.loraRank", "2");
        o.put("inner-trainer.loraAlpha", "4.0");
        o.put("inner-trainer.pretrainEpochs", "3");
        o.put("inner-trainer.batchSize", "32");
        o.put("inner-trainer.learningRate", "0.01");
        o.put("inner-trainer.device", "cpu");
        o.put("inner-trainer.dtype", "FLOAT64");
        o.put("fudlr.hessianSubsample", "150");
        o.put("fudlr.cgMaxIterations", "30");
        o.put("fudlr.maskSteps", "100");
        o.put("fudlr.accuracyTolerance", "0.5");
        o.put("fudlr.force", "true");
        return o;
    }

    /**
     * Debiases from the chosen configuration (with the tiny overrides, so it finishes in seconds) and logs what
     * FUDLR recorded.
     * @param args optional configuration name: popularity (default), gender or both.
     */
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "popularity";
        String config = CONFIGS.get(name);
        if (config == null) {
            throw new IllegalArgumentException("Unknown configuration '" + name + "', expected one of " + CONFIGS.keySet());
        }
        Model<Label> model = trainAndDebias(config, tinyOverrides());
        try {
            PostTrainingModelProvenance p = (PostTrainingModelProvenance) model.getProvenance();
            logger.info("debiased by " + p.getTransformerProvenance().getClassName() + ", unlearned "
                        + p.getInstanceProvenance().getMap().get(FudlrReport.UNLEARNED_COUNT) + " samples; metrics before "
                        + p.getInstanceProvenance().getMap().get(FudlrReport.METRICS_BEFORE) + ", after "
                        + p.getInstanceProvenance().getMap().get(FudlrReport.METRICS_AFTER));
        } finally {
            ((UnlearnableRecommender) model).close();
        }
    }
}
