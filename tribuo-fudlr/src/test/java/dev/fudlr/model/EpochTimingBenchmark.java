/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.logging.Logger;

/**
 * Measures the cost of the default {@link LmRecommenderTrainer} configuration at MovieLens-100K scale on synthetic
 * random sequences (not run by the test suite). Arguments (all optional): samples (97171), items (1682),
 * pretrain epochs (1), LoRA epochs (1), device (cpu). Run from {@code tribuo-fudlr}:
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * DJL_OFFLINE=true OPT_OUT_TRACKING=true java -Djava.util.logging.config.file=../.ci/logging.properties \
 *     -cp target/test-classes:target/classes:$(cat target/test-cp.txt) dev.fudlr.model.EpochTimingBenchmark
 * </pre>
 * The trainer logs the time of every epoch; this class adds the cost of scoring, per-sample losses and the summed
 * loss gradient over all samples.
 */
public final class EpochTimingBenchmark {

    private static final Logger logger = Logger.getLogger(EpochTimingBenchmark.class.getName());

    private EpochTimingBenchmark() {}

    /**
     * Runs the benchmark.
     * @param args samples, items, pretrain epochs, LoRA epochs, device.
     */
    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 97171;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 1682;
        int pretrain = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int lora = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        String device = args.length > 4 ? args[4] : "cpu";
        long t0 = System.nanoTime();
        List<Example<Label>> data = SyntheticData.randomSamples(items, samples, 10, 1L);
        MutableDataset<Label> dataset = SyntheticData.dataset(data, "random sequences");
        logger.info(String.format("built %d samples over %d items in %.1f s", dataset.size(), items, secs(t0)));
        LmRecommenderTrainer trainer = LmRecommenderTrainer.builder().pretrainEpochs(pretrain).epochs(lora)
            .device(device).build();
        long t1 = System.nanoTime();
        try (DjlRecommenderModel model = (DjlRecommenderModel) trainer.train(dataset)) {
            logger.info(String.format("train total %.1f s (%d pretrain + %d LoRA epochs), %d trainable parameters",
                                      secs(t1), pretrain, lora, model.numTrainableParameters()));
            long t2 = System.nanoTime();
            model.scores(data);
            logger.info(String.format("scores of all samples: %.1f s", secs(t2)));
            long t3 = System.nanoTime();
            model.perSampleLoss(data);
            logger.info(String.format("per-sample losses of all samples: %.1f s", secs(t3)));
            long t4 = System.nanoTime();
            model.lossGradient(data);
            logger.info(String.format("summed loss gradient over all samples: %.1f s", secs(t4)));
        }
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
