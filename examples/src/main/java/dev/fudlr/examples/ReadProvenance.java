/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.UnlearnableRecommender;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Walk-through 3: a debiased model carries its own audit trail. This example debiases a tiny recommender, saves
 * it to a file, loads it back with Tribuo's {@link Model#deserializeFromFile(Path)}, and reads from its
 * {@link PostTrainingModelProvenance}:
 * <ul>
 *     <li>which training samples were unlearned (count, ids, and a SHA-256 of the sorted ids that anyone holding
 *     the id list can recompute);</li>
 *     <li>the audit metrics before and after;</li>
 *     <li>the solver diagnostics (curvature, damping, conjugate-gradient iterations and residuals);</li>
 *     <li>the configuration of the FUDLR step, turned back into a working {@link FudlrTransformer} with
 *     {@link ProvenanceUtil#extractConfiguration}.</li>
 * </ul>
 * The keys are listed in docs/provenance.md. Run with {@code java dev.fudlr.examples.ReadProvenance [model file]}.
 */
public final class ReadProvenance {
    private static final Logger logger = Logger.getLogger(ReadProvenance.class.getName());

    private ReadProvenance() {
    }

    /**
     * Trains a tiny recommender on synthetic data, debiases it for MGU@10 and saves the result.
     * @param splits the samples.
     * @param file where the debiased model is written.
     * @throws IOException if the file cannot be written.
     */
    public static void debiasAndSave(SampleSplits splits, Path file) throws IOException {
        MutableDataset<Label> train = ExampleData.dataset(splits.train(), "synthetic train");
        MutableDataset<Label> audit = ExampleData.dataset(splits.validation(), "synthetic validation");
        // Small solver and mask budgets keep this to seconds. force(true): on a model this tiny FUDLR may find
        // no removal it can certify as an improvement and would refuse; forcing returns the model anyway and
        // records the refusal under fudlr.refusals, which is what a provenance reader wants to see too.
        FudlrTransformer fudlr = FudlrTransformer.builder().objectives("mgu@10").maxRemovalFraction(0.3)
            .accuracyTolerance(0.5).hessianSubsample(150).cg(1e-3, 30).mask(100, 0.1).force(true).seed(3).build();
        try (DjlRecommenderModel original = ExampleData.tinyTrainer().trainTransformer(train)) {
            PostTrainingResult<Label> result = fudlr.transform(original, train, audit);
            try {
                result.model().serializeToFile(file);
            } finally {
                ((UnlearnableRecommender) result.model()).close();
            }
        }
    }

    /**
     * Loads a model saved by Tribuo and returns the provenance of its last post-training step.
     * @param file the model file.
     * @return the provenance.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException if the model was not produced by a post-training step.
     */
    public static PostTrainingModelProvenance load(Path file) throws IOException {
        Model<?> model = Model.deserializeFromFile(file);
        try {
            if (!(model.getProvenance() instanceof PostTrainingModelProvenance p)) {
                throw new IllegalArgumentException("The model in " + file + " was not produced by a post-training step; its provenance is a "
                                                   + model.getProvenance().getClass().getName());
            }
            return p;
        } finally {
            if (model instanceof UnlearnableRecommender r) {
                r.close();
            }
        }
    }

    /**
     * The unlearned sample ids recorded by FUDLR, in the recorded (sorted) order.
     * @param p the provenance.
     * @return the ids.
     */
    public static List<String> unlearnedIds(PostTrainingModelProvenance p) {
        ListProvenance<?> ids = (ListProvenance<?>) p.getInstanceProvenance().getMap().get(FudlrReport.UNLEARNED_IDS);
        List<String> out = new ArrayList<>(ids.getList().size());
        for (Provenance id : ids.getList()) {
            out.add(id.toString());
        }
        return out;
    }

    /**
     * Recomputes the SHA-256 FUDLR records for the unlearned ids: UTF-8 of the sorted ids joined by newlines.
     * A data-protection officer holding the id list can check it against {@code fudlr.unlearned-ids-sha256}.
     * @param sortedIds the ids, sorted.
     * @return the lower-case hex digest.
     */
    public static String idsSha256(List<String> sortedIds) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", sortedIds).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * The FUDLR values whose keys start with a prefix, sorted by key.
     * @param p the provenance.
     * @param prefix a key prefix such as "fudlr.solve.".
     * @return key to value.
     */
    public static Map<String, Provenance> values(PostTrainingModelProvenance p, String prefix) {
        Map<String, Provenance> out = new TreeMap<>();
        p.getInstanceProvenance().getMap().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Re-instantiates the FUDLR step from the provenance: OLCUT turns a configured object's provenance back
     * into configuration, so the same step can be applied to another model.
     * @param p the provenance.
     * @return a transformer configured exactly like the one that produced the model.
     */
    public static FudlrTransformer rebuildTransformer(PostTrainingModelProvenance p) {
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(p.getTransformerProvenance()));
        try {
            return cm.lookupAll(FudlrTransformer.class).get(0);
        } finally {
            cm.close();
        }
    }

    /**
     * Debiases, saves, loads and prints what the provenance holds.
     * @param args optional model file (default: a temporary file).
     * @throws IOException if the model file cannot be written or read.
     */
    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("fudlr-debiased", ".model");
        debiasAndSave(ExampleData.synthetic(80, 50), file);
        PostTrainingModelProvenance p = load(file);
        Map<String, ? extends Provenance> v = p.getInstanceProvenance().getMap();
        List<String> ids = unlearnedIds(p);
        logger.info("steps in the chain: " + p.chainLength() + ", last step: " + p.getTransformerProvenance().getClassName());
        logger.info("unlearned " + v.get(FudlrReport.UNLEARNED_COUNT) + " samples, first " + ids.subList(0, Math.min(5, ids.size())));
        logger.info("ids SHA-256 recorded " + v.get(FudlrReport.UNLEARNED_IDS_SHA256) + ", recomputed " + idsSha256(ids));
        logger.info("metrics before " + v.get(FudlrReport.METRICS_BEFORE));
        logger.info("metrics after  " + v.get(FudlrReport.METRICS_AFTER));
        values(p, FudlrTransformer.PREFIX + "solve.").forEach((k, x) -> logger.info(k + " = " + x));
        logger.info("re-instantiated step: " + rebuildTransformer(p));
        // The original model's provenance is nested unchanged: the trainer and data that produced it.
        logger.info("original trainer: " + p.getOriginalModelProvenance().getTrainerProvenance().getClassName());
    }
}
