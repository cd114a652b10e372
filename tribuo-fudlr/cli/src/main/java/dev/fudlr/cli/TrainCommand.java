/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.reliability.AtomicFiles;
import dev.fudlr.reliability.ConfigFiles;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code fudlr train}: trains a recommender from an OLCUT XML configuration (or the default transformer)
 * and writes it as a Tribuo protobuf model file.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
         description = "Train a recommender and write it as a Tribuo model file (protobuf).")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DeviceOption deviceOption;

    @Mixin
    DataOptions data;

    @Option(names = "--config", paramLabel = "XML",
            description = "OLCUT configuration file holding the trainer (e.g. examples/src/main/resources/dev/fudlr/examples/transformer-trainer.xml).")
    Path config;

    @Option(names = "--trainer", paramLabel = "NAME",
            description = "Name of the trainer component in --config (default: the only Trainer in the file).")
    String trainerName;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Training seed of the default transformer (without --config; a config sets its own seed). "
                    + "Default: Tribuo's default seed.")
    Long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Model file to write.")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        AtomicFiles.checkTarget(output, force, "--output");
        data.check();
        deviceOption.check();
        Trainer<Label> trainer;
        if (config != null && seed != null) {
            throw new IllegalArgumentException("--seed applies to the default transformer; with --config set the trainer's seed in the file");
        }
        if (config != null) {
            try (ConfigurationManager cm = ConfigFiles.load(config)) {
                deviceOption.applyTo(cm);
                trainer = lookupTrainer(cm);
            }
        } else {
            LmRecommenderTrainer.Builder builder = LmRecommenderTrainer.builder().maxHistory(data.historyLength);
            if (deviceOption.device != null) {
                builder.device(deviceOption.device);
            }
            if (seed != null) {
                builder.seed(seed);
            }
            trainer = builder.build();
        }
        MutableDataset<Label> train = new MutableDataset<>(data.source(SampleSplits.TRAIN));
        System.out.println("Training " + trainer + " on " + train.size() + " samples of " + data.describe());
        Model<Label> model = trainer.train(train);
        AtomicFiles.write(output, force, model::serializeToFile);
        System.out.println("Wrote " + output.toAbsolutePath());
        if (model instanceof AutoCloseable c) {
            c.close();
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private Trainer<Label> lookupTrainer(ConfigurationManager cm) {
        if (trainerName != null) {
            return ConfigFiles.lookup(cm, trainerName, Trainer.class);
        }
        java.util.List<Trainer> trainers = cm.lookupAll(Trainer.class);
        if (trainers.size() != 1) {
            throw new IllegalArgumentException("--config " + config + " holds " + trainers.size()
                + " trainers; name one with --trainer (components: " + String.join(", ", cm.getComponentNames()) + ")");
        }
        return (Trainer<Label>) trainers.get(0);
    }
}
