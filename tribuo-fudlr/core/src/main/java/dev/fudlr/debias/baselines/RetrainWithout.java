/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.PostTrainingTransformer;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.RecommenderScorer;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.dataset.DatasetView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Baseline "retrain without S" (registered as {@value #NAME}): the gold standard that unlearning approximates. It
 * removes a set S of training samples, named by their sample ids (metadata {@value SampleEncoding#SAMPLE}; from the
 * {@code sampleIds} list, the {@code idsFile} in the {@link RemovalSet} file form, e.g. FUDLR's unlearned id list, or
 * both joined), and trains again on the retained samples:
 * <ul>
 *     <li>{@code mode = COLD}: a fresh model from the original trainer configuration, rebuilt from the model's trainer
 *     provenance with OLCUT ({@code ProvenanceUtil.extractConfiguration} and a {@code ConfigurationManager}) unless a
 *     {@code trainer} is configured, run at the original invocation count so the run seed is the original one. With
 *     the same trainer and seed this is bit-identical to training from scratch on the retained samples.</li>
 *     <li>{@code mode = WARM}: {@code warmEpochs} LoRA-only epochs continued from the model's current parameters on
 *     the retained samples ({@link LmRecommenderTrainer#continueTraining}, or
 *     {@link dev.fudlr.model.spi.NetworkRecommenderTrainer#continueTraining} for a network of the recommender SPI); the base weights are not touched.</li>
 * </ul>
 * The retained samples form a {@link DatasetView} of the training set that keeps its feature and output domains, so
 * the retrained model has the original catalogue (an item whose every sample was removed stays a catalogue item and
 * is only pushed down as a softmax negative), as the Newton update of FUDLR does.
 * <p>
 * Provenance instance values (prefix {@value #PREFIX}): removed-count, removed-ids-sha256 (equal to FUDLR's
 * {@code fudlr.unlearned-ids-sha256} for the same ids), retained-count, mode, epochs, trainer, trainer-invocation-count,
 * run-seed, theta-sha256-before/after and wall-seconds. The ids themselves are in the configuration (sampleIds) or
 * the file. Cold retraining reproduces the base training run only: for a model that is itself the result of
 * post-training steps, those steps are not re-applied (warm mode starts from the edited parameters). The audit set
 * is not used. The original model is never modified.
 */
public final class RetrainWithout implements PostTrainingTransformer<Label> {
    private static final Logger logger = Logger.getLogger(RetrainWithout.class.getName());

    /** The registry name. */
    public static final String NAME = "retrain-without";
    /** Instance-value key prefix. */
    public static final String PREFIX = NAME + ".";

    @Config(description = "Sample ids (metadata 'sample', e.g. 17:5) of the removal set S.")
    private List<String> sampleIds = new ArrayList<>();

    @Config(description = "File of sample ids of S, one per line (blank lines and # comments ignored), e.g. FUDLR's unlearned id list; joined with sampleIds.")
    private Path idsFile;

    @Config(description = "COLD (train a fresh model with the original trainer and seed) or WARM (continue LoRA training from the model's parameters).")
    private RetrainingMode mode = RetrainingMode.COLD;

    @Config(description = "LoRA epochs of warm mode; negative = the trainer's epochs.")
    private int warmEpochs = -1;

    @Config(description = "Trainer of the retraining; absent = rebuilt from the model's trainer provenance (warm mode needs an LmRecommenderTrainer or a NetworkRecommenderTrainer).")
    private Trainer<Label> trainer;

    /** For OLCUT and the registry (no removal set: configure one before use). */
    public RetrainWithout() {}

    /** @return a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void postConfig() {
        if ((sampleIds == null || sampleIds.isEmpty()) && idsFile == null) {
            throw new PropertyException("", "sampleIds", "RetrainWithout needs a removal set: sampleIds, idsFile or both");
        }
        if (sampleIds != null) {
            for (String id : sampleIds) {
                if (id == null || id.isBlank()) {
                    throw new PropertyException("", "sampleIds", "sampleIds contains a blank id");
                }
            }
        }
        Retraining.checkMode(mode);
    }

    /**
     * The removal set S: the configured ids joined with those of the file.
     * @return S.
     * @throws IllegalStateException if none is configured.
     * @throws IllegalArgumentException if the file cannot be read.
     */
    public RemovalSet removalSet() {
        if ((sampleIds == null || sampleIds.isEmpty()) && idsFile == null) {
            throw new IllegalStateException("RetrainWithout has no removal set: configure sampleIds or idsFile");
        }
        RemovalSet s = RemovalSet.of(sampleIds == null ? List.of() : sampleIds);
        return idsFile == null ? s : s.union(RemovalSet.read(idsFile));
    }

    @Override
    public PostTrainingResult<Label> transform(Model<Label> model, Dataset<Label> train, Dataset<Label> audit) {
        if (model == null) {
            throw new IllegalArgumentException("RetrainWithout needs a model");
        }
        if (train == null || train.size() == 0) {
            throw new IllegalArgumentException("RetrainWithout needs the (non-empty) training dataset of the model");
        }
        long start = System.nanoTime();
        RemovalSet s = removalSet();
        int[] removed = s.indicesIn(train.getData());
        int[] kept = complement(removed, train.size());
        if (kept.length == 0) {
            throw new IllegalArgumentException("The removal set covers all " + train.size() + " training samples: nothing to retrain on");
        }
        BaselineReport.Builder report = new BaselineReport.Builder(PREFIX, "Retrain without S (" + mode.label() + "): removed "
                                                                             + removed.length + " of " + train.size() + " samples");
        report.put("removed-count", s.size()).put("removed-samples", removed.length).put("removed-ids-sha256", s.sha256())
            .put("retained-count", kept.length);
        String before = Retraining.thetaSha256(model);
        if (before != null) {
            report.put("theta-sha256-before", before);
        }
        Dataset<Label> retained = new DatasetView<>(train, kept, train.getFeatureIDMap(), train.getOutputIDInfo(), NAME);
        Trainer<Label> t = Retraining.trainer(trainer, model);
        Model<Label> trained = Retraining.retrain(mode, t, model, retained, warmEpochs, report);
        checkCatalogue(model, trained);
        String after = Retraining.thetaSha256(trained);
        if (after != null) {
            report.put("theta-sha256-after", after);
        }
        report.seconds(start);
        BaselineReport finished = report.build();
        PostTrainingModelProvenance provenance = Retraining.provenance(trained, model, getProvenance(), finished.provenanceValues());
        Model<Label> result = Retraining.withProvenance(trained, provenance);
        logger.info(finished.summary());
        return new PostTrainingResult<>(result, finished);
    }

    /** A retrained model over another catalogue is not comparable with the original; say so. */
    static void checkCatalogue(Model<Label> original, Model<Label> trained) {
        if (original instanceof RecommenderScorer && trained instanceof RecommenderScorer
            && !((RecommenderScorer) original).items().ids().equals(((RecommenderScorer) trained).items().ids())) {
            logger.warning("The retrained model's catalogue (" + ((RecommenderScorer) trained).items().size()
                           + " items) differs from the original's (" + ((RecommenderScorer) original).items().size()
                           + "): was the model trained on this training set?");
        }
    }

    static int[] complement(int[] sortedRemoved, int n) {
        boolean[] out = new boolean[n];
        for (int i : sortedRemoved) {
            out[i] = true;
        }
        return java.util.stream.IntStream.range(0, n).filter(i -> !out[i]).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetrainWithout && getProvenance().equals(((RetrainWithout) o).getProvenance());
    }

    @Override
    public int hashCode() {
        return getProvenance().hashCode();
    }

    @Override
    public String toString() {
        return "RetrainWithout(mode=" + mode + ", sampleIds=" + (sampleIds == null ? 0 : sampleIds.size()) + " ids, idsFile=" + idsFile
               + ", warmEpochs=" + warmEpochs + ", trainer=" + (trainer == null ? "from provenance" : trainer) + ")";
    }

    /** Builds a validated {@link RetrainWithout}. */
    public static final class Builder {
        private final RetrainWithout t = new RetrainWithout();

        private Builder() {}

        /** @param ids sample ids of S. @return this. */
        public Builder sampleIds(String... ids) {
            t.sampleIds = new ArrayList<>(Arrays.asList(ids));
            return this;
        }

        /** @param ids sample ids of S. @return this. */
        public Builder sampleIds(List<String> ids) {
            t.sampleIds = new ArrayList<>(ids);
            return this;
        }

        /** @param file a file of sample ids. @return this. */
        public Builder idsFile(Path file) {
            t.idsFile = file;
            return this;
        }

        /** @param v cold or warm retraining. @return this. */
        public Builder mode(RetrainingMode v) {
            t.mode = v;
            return this;
        }

        /** @param v warm LoRA epochs (negative = the trainer's). @return this. */
        public Builder warmEpochs(int v) {
            t.warmEpochs = v;
            return this;
        }

        /** @param v the trainer (null = from the model's provenance). @return this. */
        public Builder trainer(Trainer<Label> v) {
            t.trainer = v;
            return this;
        }

        /** @return the validated transformer. */
        public RetrainWithout build() {
            t.postConfig();
            return t;
        }
    }
}
