/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.spi.NetworkRecommenderModel;
import dev.fudlr.model.spi.NetworkRecommenderTrainer;
import dev.fudlr.model.UnlearnableRecommender;
import dev.fudlr.reliability.EnumChoices;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import dev.fudlr.reliability.ProvenanceClock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Retraining shared by the retraining baselines: cold (a fresh model from the original trainer configuration and run
 * seed) or warm (LoRA epochs continued from the model's parameters), and wrapping the result in a
 * {@link PostTrainingModelProvenance}.
 */
final class Retraining {
    private static final Logger logger = Logger.getLogger(Retraining.class.getName());

    private Retraining() {}

    /** Validation of a mode field: OLCUT never sets it to null, a builder given null does. */
    static void checkMode(RetrainingMode mode) {
        if (mode == null) {
            throw new PropertyException("", "mode", "mode must be one of " + EnumChoices.names(RetrainingMode.class) + ", found null");
        }
    }

    /**
     * The trainer of a retraining: the configured one, else the original trainer rebuilt from the model's trainer
     * provenance through OLCUT (the same configuration, seed included).
     */
    static Trainer<Label> trainer(Trainer<Label> configured, Model<Label> model) {
        if (configured != null) {
            return configured;
        }
        TrainerProvenance p = model.getProvenance().getTrainerProvenance();
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(p);
        ConfigurationManager cm = new ConfigurationManager();
        try {
            cm.addConfiguration(config);
            @SuppressWarnings("unchecked") // the provenance is a trainer's, of a Model<Label>
            Trainer<Label> t = (Trainer<Label>) cm.lookup(config.get(0).getName());
            return t;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot rebuild the trainer " + p.getClassName() + " from the provenance of model "
                                               + model.getName() + " (configure a trainer instead): " + e, e);
        } finally {
            cm.close();
        }
    }

    /** The invocation count of the original training run (0 if the provenance does not record it). */
    static int invocationCount(Model<Label> model) {
        Map<String, PrimitiveProvenance<?>> values = model.getProvenance().getTrainerProvenance().getInstanceValues();
        PrimitiveProvenance<?> p = values.get(TrainerProvenance.TRAIN_INVOCATION_COUNT);
        return p != null && p.getValue() instanceof Number ? ((Number) p.getValue()).intValue() : 0;
    }

    /**
     * Retrains on {@code data}.
     * @param mode cold or warm.
     * @param trainer the trainer (warm: an {@link LmRecommenderTrainer} or a {@link NetworkRecommenderTrainer}).
     * @param model the original model (warm: the start point, a {@link DjlRecommenderModel} or a {@link NetworkRecommenderModel}).
     * @param data the (filtered or weighted) training data.
     * @param warmEpochs warm LoRA epochs, negative = the trainer's.
     * @param report receives mode, epochs, trainer and seed values.
     * @return the trained model with the trainer's provenance.
     */
    static Model<Label> retrain(RetrainingMode mode, Trainer<Label> trainer, Model<Label> model, Dataset<Label> data, int warmEpochs,
                                BaselineReport.Builder report) {
        int invocation = invocationCount(model);
        report.put("mode", mode.label()).put("trainer", trainer.getClass().getName()).put("trainer-invocation-count", invocation);
        Model<Label> trained;
        if (mode == RetrainingMode.COLD) {
            // The original run's invocation count gives the original run seed (Tribuo trainers derive it from both).
            trained = trainer.train(data, Collections.emptyMap(), invocation);
            if (trainer instanceof LmRecommenderTrainer) {
                LmRecommenderTrainer lm = (LmRecommenderTrainer) trainer;
                report.put("epochs", lm.getEpochs()).put("pretrain-epochs", lm.getPretrainEpochs());
            }
        } else if (trainer instanceof NetworkRecommenderTrainer nt && model instanceof NetworkRecommenderModel start) {
            // A network of the recommender SPI: its unlearnable parameters continue from the model's.
            int epochs = warmEpochs >= 0 ? warmEpochs : nt.getEpochs();
            nt.setInvocationCount(invocation);
            trained = nt.continueTraining(start, data, epochs);
            report.put("epochs", epochs);
        } else {
            if (!(trainer instanceof LmRecommenderTrainer)) {
                throw new IllegalArgumentException("Warm retraining needs an " + LmRecommenderTrainer.class.getSimpleName() + " or a "
                                                   + NetworkRecommenderTrainer.class.getSimpleName() + ", the trainer is " + trainer.getClass().getName());
            }
            if (!(model instanceof DjlRecommenderModel)) {
                throw new IllegalArgumentException("Warm retraining continues the LoRA training of a " + DjlRecommenderModel.class.getSimpleName()
                                                   + " (with an " + LmRecommenderTrainer.class.getSimpleName() + ") or a "
                                                   + NetworkRecommenderModel.class.getSimpleName() + " (with a "
                                                   + NetworkRecommenderTrainer.class.getSimpleName() + "), got " + model.getClass().getName());
            }
            LmRecommenderTrainer lm = (LmRecommenderTrainer) trainer;
            int epochs = warmEpochs >= 0 ? warmEpochs : lm.getEpochs();
            lm.setInvocationCount(invocation);
            trained = lm.continueTraining((DjlRecommenderModel) model, data, epochs);
            report.put("epochs", epochs);
        }
        Provenance seed = trained.getProvenance().getInstanceProvenance().getMap().get(LmRecommenderTrainer.RUN_SEED);
        if (seed != null) {
            report.put("run-seed", seed.toString());
        }
        return trained;
    }

    /**
     * The trained model under a new provenance (a copy; {@code trained} is closed when it holds native memory).
     * @param trained the retrained model.
     * @param provenance the provenance of the result.
     * @return the result.
     */
    static Model<Label> withProvenance(Model<Label> trained, ModelProvenance provenance) {
        try {
            if (trained instanceof AbstractDjlRecommenderModel d) {
                // Every DJL recommender (built-in backbones and a user's network alike).
                return d.copyWithTrainableParameters(d.trainableParametersAsDouble(), provenance);
            }
            // Any other Tribuo model: its protected copy(name, provenance), the contract Tribuo itself uses.
            Method copy = Model.class.getDeclaredMethod("copy", String.class, ModelProvenance.class);
            copy.setAccessible(true);
            @SuppressWarnings("unchecked") // copy returns the same model type
            Model<Label> out = (Model<Label>) copy.invoke(trained, trained.getName(), provenance);
            return out;
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new IllegalStateException("Cannot attach the post-training provenance to a " + trained.getClass().getName() + ": " + e, e);
        } finally {
            if (trained instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) trained).close();
                } catch (Exception e) {
                    logger.warning("Closing the retrained model failed: " + e);
                }
            }
        }
    }

    /** The post-training provenance of a baseline's result. */
    static PostTrainingModelProvenance provenance(Model<Label> result, Model<Label> original, ConfiguredObjectProvenance step,
                                                  Map<String, Provenance> values) {
        return new PostTrainingModelProvenance(result.getClass().getName(), ProvenanceClock.now(), original.getProvenance(), step, values);
    }

    /** SHA-256 of a model's trainable parameters, or null for models without them. */
    static String thetaSha256(Model<Label> model) {
        return model instanceof UnlearnableRecommender ? Digest.sha256(((UnlearnableRecommender) model).trainableParametersAsDouble()) : null;
    }
}
