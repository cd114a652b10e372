/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import dev.fudlr.PostTrainingTrainer;
import dev.fudlr.data.InteractionLogDataSource;
import dev.fudlr.data.InteractionLogFixture;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.debias.baselines.GroupReweightRetrain;
import dev.fudlr.debias.baselines.PopularityReRanker;
import dev.fudlr.debias.baselines.RetrainWithout;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.influence.InfluenceSettings;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.baseline.MostPopularTrainer;
import dev.fudlr.model.spi.NetworkRecommenderModelTest;
import dev.fudlr.model.networks.TransformerNetwork;
import dev.fudlr.model.spi.NetworkRecommenderTrainer;
import dev.fudlr.model.minilm.HybridMiniLmNetwork;
import dev.fudlr.model.minilm.PromptMiniLmNetwork;
import dev.fudlr.model.minilm.MiniLmRecommenderTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every OLCUT {@link Configurable} class of the project rejects out-of-range hyper-parameters, unknown names (metrics,
 * backends, solvers, devices, formats) and missing components when it is built from XML, with a
 * {@link PropertyException} naming the component and the field ({@link ConfigFiles#lookup}). The list of classes is
 * checked against the compiled classes, so a new Configurable without cases here fails {@link #everyConfigurableClassIsCovered}.
 */
class ConfigurableValidationTest {

    /** Classes covered by {@link #cases()}. */
    private static final Map<Class<?>, Map<String, String>> BASES = new LinkedHashMap<>();

    static {
        BASES.put(SurrogateSettings.class, Map.of());
        BASES.put(InfluenceSettings.class, Map.of());
        BASES.put(MovieLensDataSource.class, Map.of("format", "synthetic", "seed", "3", "syntheticUsers", "30",
                "syntheticItems", "40", "syntheticMinPerUser", "5", "syntheticMaxPerUser", "15"));
        BASES.put(InteractionLogDataSource.class, Map.of("interactionsFile", interactionLog().toString()));
        BASES.put(LmRecommenderTrainer.class, Map.of());
        BASES.put(MiniLmRecommenderTrainer.class, Map.of("catalogueSource", "src"));
        BASES.put(MostPopularTrainer.class, Map.of());
        BASES.put(FudlrTransformer.class, Map.of());
        BASES.put(RetrainWithout.class, Map.of("sampleIds", "[1:5]"));
        BASES.put(GroupReweightRetrain.class, Map.of());
        BASES.put(PopularityReRanker.class, Map.of());
        BASES.put(PostTrainingTrainer.class, Map.of("innerTrainer", "pop", "steps", "[fudlr]", "auditSource", "src"));
        BASES.put(NetworkRecommenderTrainer.class, Map.of("network", "net"));
        BASES.put(TransformerNetwork.class, Map.of());
        BASES.put(HybridMiniLmNetwork.class, Map.of("catalogueSource", "src"));
        BASES.put(PromptMiniLmNetwork.class, Map.of("catalogueSource", "src"));
    }

    @TempDir
    static Path tmp;

    /** A small interaction log for {@link InteractionLogDataSource} (the class is initialised before {@link #tmp} is set). */
    private static Path interactionLog() {
        try {
            Path dir = Files.createTempDirectory("interaction-log");
            dir.toFile().deleteOnExit();
            Path file = InteractionLogFixture.write(dir.resolve("log.csv"), List.of("user,item,rating", "a,x,4", "a,y,5", "a,z,3",
                                                                                    "b,y,1", "b,x,2", "b,z,5"));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** (class, field, bad value or null for "missing", expected message fragment). */
    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        Class<?> s = SurrogateSettings.class;
        a.add(Arguments.of(s, "temperature", "0", "must be positive and finite"));
        a.add(Arguments.of(s, "temperature", "NaN", "must be positive and finite"));
        a.add(Arguments.of(s, "temperature", "Infinity", "must be positive and finite"));
        a.add(Arguments.of(s, "mode", "FUZZY", "FUZZY"));

        Class<?> i = InfluenceSettings.class;
        a.add(Arguments.of(i, "curvature", "hessian", "curvature must be one of"));
        a.add(Arguments.of(i, "solver", "newton", "solver must be one of"));
        a.add(Arguments.of(i, "solver", "woodbury", "needs curvature 'fisher'"));
        a.add(Arguments.of(i, "damping", "-1", "damping must be >= 0"));
        a.add(Arguments.of(i, "damping", "NaN", "damping must be >= 0"));
        a.add(Arguments.of(i, "weightDecay", "Infinity", "weightDecay must be >= 0 and finite"));
        a.add(Arguments.of(i, "cgTolerance", "1", "cgTolerance must be in (0, 1)"));
        a.add(Arguments.of(i, "cgMaxIterations", "0", "cgMaxIterations must be >= 1"));
        a.add(Arguments.of(i, "lissaScale", "0", "lissaScale must be > 0"));
        a.add(Arguments.of(i, "lissaDepth", "0", "lissaDepth must be >= 1"));
        a.add(Arguments.of(i, "lissaRepetitions", "0", "lissaRepetitions must be >= 1"));
        a.add(Arguments.of(i, "lissaBatchSize", "-1", "lissaBatchSize must be >= 0"));
        a.add(Arguments.of(i, "hessianSubsample", "-1", "hessianSubsample must be >= 0"));
        a.add(Arguments.of(i, "exactProductBudget", "0", "exactProductBudget must be >= 1"));
        a.add(Arguments.of(i, "memoryBudgetMb", "-1", "memoryBudgetMb must be >= 1"));

        Class<?> m = MovieLensDataSource.class;
        a.add(Arguments.of(m, "format", "ml-20m", "ml-20m"));
        a.add(Arguments.of(m, "format", null, "mandatory"));
        a.add(Arguments.of(m, "split", "dev", "split must be one of"));
        a.add(Arguments.of(m, "historyLength", "0", "historyLength must be at least 1"));
        a.add(Arguments.of(m, "minRating", "6", "minRating must be in 0..5"));
        a.add(Arguments.of(m, "minInteractions", "2", "minInteractions must be at least 3"));
        a.add(Arguments.of(m, "syntheticItems", "5", "numItems (5) must be at least maxInteractionsPerUser"));
        a.add(Arguments.of(m, "syntheticFemaleFraction", "1.5", "femaleFraction"));
        a.add(Arguments.of(m, "syntheticUsers", "0", "numUsers"));
        a.add(Arguments.of(m, "historyLength", "1001", "historyLength must be at most 1000"));
        a.add(Arguments.of(m, "syntheticUsers", "2000000000", "numUsers must be at most 1000000"));
        a.add(Arguments.of(m, "syntheticItems", "100001", "numItems must be at most 100000"));
        a.add(Arguments.of(m, "syntheticMaxPerUser", "10001", "maxInteractionsPerUser must be at most 10000"));

        Class<?> il = InteractionLogDataSource.class;
        a.add(Arguments.of(il, "interactionsFile", null, "mandatory"));
        a.add(Arguments.of(il, "split", "dev", "split must be one of"));
        a.add(Arguments.of(il, "historyLength", "1001", "historyLength must be at most 1000"));
        a.add(Arguments.of(il, "minInteractions", "2", "minInteractions must be at least 3"));
        a.add(Arguments.of(il, "minRating", "Infinity", "minRating must be finite"));
        a.add(Arguments.of(il, "itemColumn", "user", "userColumn and itemColumn must differ"));
        a.add(Arguments.of(il, "userColumn", " ", "userColumn must name a column"));
        a.add(Arguments.of(il, "itemColumn", " ", "itemColumn must name a column"));
        a.add(Arguments.of(il, "ratingColumn", " ", "ratingColumn must name a column or be left unset"));

        Class<?> t = LmRecommenderTrainer.class;
        a.add(Arguments.of(t, "backbone", "gpt", "backbone must be transformer (or left out)"));
        a.add(Arguments.of(t, "backbone", "minilm", "make the component of the former 'minilm' field (class MiniLmRecommenderTrainer in package dev.fudlr.model.minilm"));
        a.add(Arguments.of(t, "embeddingDim", "0", "embeddingDim must be >= 1"));
        a.add(Arguments.of(t, "numLayers", "0", "numLayers must be >= 1"));
        a.add(Arguments.of(t, "numHeads", "3", "must divide embeddingDim"));
        a.add(Arguments.of(t, "ffnDim", "-4", "ffnDim must be >= 1"));
        a.add(Arguments.of(t, "maxHistory", "0", "maxHistory must be >= 1"));
        a.add(Arguments.of(t, "maxHistory", "1001", "maxHistory must be at most 1000 (SampleBuilder.MAX_HISTORY_LENGTH)"));
        a.add(Arguments.of(t, "loraRank", "0", "loraRank must be >= 1"));
        a.add(Arguments.of(t, "loraAlpha", "-1", "loraAlpha must be positive"));
        a.add(Arguments.of(t, "pretrainEpochs", "-1", "pretrainEpochs must be >= 0"));
        a.add(Arguments.of(t, "epochs", "-1", "epochs must be >= 0"));
        a.add(Arguments.of(t, "batchSize", "0", "batchSize must be >= 1"));
        a.add(Arguments.of(t, "learningRate", "0", "learningRate must be positive"));
        a.add(Arguments.of(t, "learningRate", "NaN", "learningRate must be positive"));
        a.add(Arguments.of(t, "weightDecay", "-0.1", "weightDecay must be >= 0"));
        a.add(Arguments.of(t, "device", "tpu", "device must be auto, cpu, gpu"));
        a.add(Arguments.of(t, "dtype", "float16", "dtype: 'float16' is not one of FLOAT32, FLOAT64 (since 0.1.0"));
        a.add(Arguments.of(t, "dtype", "float32", "dtype: 'float32' is not one of FLOAT32, FLOAT64 (since 0.1.0 choice properties take the enum constant names: write FLOAT32)"));
        a.add(Arguments.of(t, "seed", "twelve", "twelve"));

        Class<?> l = MiniLmRecommenderTrainer.class;
        a.add(Arguments.of(l, "catalogueSource", null, "catalogueSource is required"));
        a.add(Arguments.of(l, "numLayers", "7", "numLayers must be in [1, 6]"));
        a.add(Arguments.of(l, "loraRank", "0", "loraRank must be >= 1"));
        a.add(Arguments.of(l, "loraAlpha", "0", "loraAlpha must be positive"));
        a.add(Arguments.of(l, "scoreScale", "-2", "scoreScale must be positive"));
        a.add(Arguments.of(l, "maxHistory", "0", "maxHistory must be >= 1"));
        a.add(Arguments.of(l, "maxHistory", "1001", "maxHistory must be at most 1000 (SampleBuilder.MAX_HISTORY_LENGTH)"));
        a.add(Arguments.of(l, "maxTokens", "2", "maxTokens must be in [3, 512]"));
        a.add(Arguments.of(l, "fewShotSamples", "-1", "fewShotSamples must be >= 0"));
        a.add(Arguments.of(l, "epochs", "-1", "epochs must be >= 0"));
        a.add(Arguments.of(l, "batchSize", "0", "batchSize must be >= 1"));
        a.add(Arguments.of(l, "learningRate", "Infinity", "learningRate must be positive"));
        a.add(Arguments.of(l, "weightDecay", "NaN", "weightDecay must be >= 0"));
        a.add(Arguments.of(l, "device", "gpu:x", "device must be auto, cpu, gpu"));
        a.add(Arguments.of(l, "dtype", "bf16", "dtype: 'bf16' is not one of FLOAT32, FLOAT64"));
        a.add(Arguments.of(l, "dtype", "float64", "dtype: 'float64' is not one of FLOAT32, FLOAT64 (since 0.1.0 choice properties take the enum constant names: write FLOAT64)"));

        Class<?> p = MostPopularTrainer.class;
        a.add(Arguments.of(p, "countHistoryItems", "maybe", "countHistoryItems must be true or false, found 'maybe'"));

        Class<?> f = FudlrTransformer.class;
        a.add(Arguments.of(f, "calibrationTemperatures", "[0.1,-1]", "calibration temperatures must be finite and > 0"));
        a.add(Arguments.of(f, "calibrationValueTolerance", "-1", "calibrationValueTolerance must be finite and >= 0"));
        a.add(Arguments.of(f, "calibrationStep", "0", "calibrationStep must be finite and > 0"));
        a.add(Arguments.of(f, "selection", "best", "selection: 'best' is not one of MASK, FAIRNESS_TOPK, RANDOM"));
        a.add(Arguments.of(f, "selection", "fairness-topk", "selection: 'fairness-topk' is not one of MASK, FAIRNESS_TOPK, RANDOM (since 0.1.0 choice properties take the enum constant names: write FAIRNESS_TOPK)"));
        a.add(Arguments.of(f, "removalCount", "-1", "removalCount must be >= 0"));
        a.add(Arguments.of(f, "force", "yes", "force must be true or false"));

        Class<?> rw = RetrainWithout.class;
        a.add(Arguments.of(rw, "sampleIds", null, "needs a removal set"));
        a.add(Arguments.of(rw, "mode", "lukewarm", "mode: 'lukewarm' is not one of COLD, WARM"));
        a.add(Arguments.of(rw, "mode", "warm", "mode: 'warm' is not one of COLD, WARM (since 0.1.0 choice properties take the enum constant names: write WARM)"));
        Class<?> gr = GroupReweightRetrain.class;
        a.add(Arguments.of(gr, "target", "flat", "target: 'flat' is not one of UNIFORM, HISTORY, CALIBRATED"));
        a.add(Arguments.of(gr, "target", "calibrated", "target: 'calibrated' is not one of UNIFORM, HISTORY, CALIBRATED (since 0.1.0 choice properties take the enum constant names: write CALIBRATED)"));
        a.add(Arguments.of(gr, "mode", "cold", "mode: 'cold' is not one of COLD, WARM (since 0.1.0 choice properties take the enum constant names: write COLD)"));
        a.add(Arguments.of(gr, "alpha", "1.5", "alpha must be in [0, 1]"));
        a.add(Arguments.of(gr, "auditK", "0", "auditK must be >= 1"));
        a.add(Arguments.of(gr, "maxRatio", "1", "maxRatio must be finite and > 1"));
        Class<?> pr = PopularityReRanker.class;
        a.add(Arguments.of(pr, "lambda", "-1", "lambda must be finite and >= 0"));
        a.add(Arguments.of(pr, "penalty", "sqrt", "penalty: 'sqrt' is not one of LOG, NORMALISED"));
        a.add(Arguments.of(pr, "penalty", "normalised", "penalty: 'normalised' is not one of LOG, NORMALISED (since 0.1.0 choice properties take the enum constant names: write NORMALISED)"));

        a.add(Arguments.of(f, "objectives", "[bogus@10]", "Unknown objective 'bogus@10'"));
        a.add(Arguments.of(f, "objectives", "[mgu@0]", "Unknown objective 'mgu@0'"));
        a.add(Arguments.of(f, "objectives", "[coverage@10]", "no differentiable surrogate or no distance from fair"));
        a.add(Arguments.of(f, "objectiveWeights", "[1.0,2.0]", "Expected 1 weights"));
        a.add(Arguments.of(f, "objectiveWeights", "[-1.0]", "Weights must be finite and >= 0"));
        a.add(Arguments.of(f, "beta", "-1", "beta must be finite and >= 0"));
        a.add(Arguments.of(f, "gamma", "NaN", "gamma must be finite and >= 0"));
        a.add(Arguments.of(f, "eta", "Infinity", "eta must be finite and >= 0"));
        a.add(Arguments.of(f, "maxRemovalFraction", "0", "maxRemovalFraction must be in (0, 1]"));
        a.add(Arguments.of(f, "maxRemovalFraction", "1.5", "maxRemovalFraction must be in (0, 1]"));
        a.add(Arguments.of(f, "accuracyTolerance", "-0.1", "accuracyTolerance must be finite and >= 0"));
        a.add(Arguments.of(f, "accuracyMeasure", "auc", "accuracyMeasure: 'auc' is not one of NDCG, LOSS (since 0.1.0 choice properties take the enum constant names)"));
        a.add(Arguments.of(f, "accuracyMeasure", "loss", "accuracyMeasure: 'loss' is not one of NDCG, LOSS (since 0.1.0 choice properties take the enum constant names: write LOSS)"));
        a.add(Arguments.of(f, "guardShrinkFactor", "1", "guardShrinkFactor must be in (0, 1)"));
        a.add(Arguments.of(f, "guardMaxAttempts", "0", "guardMaxAttempts must be >= 1"));
        a.add(Arguments.of(f, "curvature", "newton", "curvature must be one of"));
        a.add(Arguments.of(f, "damping", "-1", "damping must be finite and >= 0"));
        a.add(Arguments.of(f, "dampingEscalation", "1", "dampingEscalation must be finite and > 1"));
        a.add(Arguments.of(f, "maxDamping", "0.001", "maxDamping must be finite and >= damping"));
        a.add(Arguments.of(f, "cgTolerance", "0", "cgTolerance must be in (0, 1)"));
        a.add(Arguments.of(f, "cgMaxIterations", "0", "cgMaxIterations must be >= 1"));
        a.add(Arguments.of(f, "hessianSubsample", "-1", "hessianSubsample must be >= 0"));
        a.add(Arguments.of(f, "directionalMode", "fast", "directionalMode: 'fast' is not one of EXACT, FINITE_DIFFERENCE"));
        a.add(Arguments.of(f, "directionalMode", "finite-difference", "directionalMode: 'finite-difference' is not one of EXACT, FINITE_DIFFERENCE (since 0.1.0 choice properties take the enum constant names: write FINITE_DIFFERENCE)"));
        a.add(Arguments.of(f, "maskSteps", "-1", "maskSteps must be >= 0"));
        a.add(Arguments.of(f, "maskLearningRate", "0", "maskLearningRate must be finite and > 0"));
        a.add(Arguments.of(f, "maskInitialLogit", "Infinity", "maskInitialLogit must be finite"));
        a.add(Arguments.of(f, "maskThreshold", "1", "maskThreshold must be in (0, 1)"));
        a.add(Arguments.of(f, "auditK", "0", "auditK must be >= 1"));
        // Resource limits (issue 19): documented caps, duplicates refused.
        a.add(Arguments.of(f, "auditK", "1001", "auditK must be at most 1000 (MetricSpec.MAX_CUTOFF)"));
        a.add(Arguments.of(f, "hessianSubsample", "1000001", "hessianSubsample must be at most 1000000"));
        a.add(Arguments.of(f, "objectives", "[mgu@10,ndcg-gap@10:gender,MGU@10]", "Objective 'mgu@10' is listed twice (entries 1 and 3)"));
        a.add(Arguments.of(f, "objectives", "[" + String.join(",", Collections.nCopies(65, "mgu@10")) + "]",
                           "At most 64 objectives (FudlrTransformer.MAX_OBJECTIVES) are allowed, found 65"));
        a.add(Arguments.of(f, "surrogateTemperature", "-1", "surrogateTemperature must be finite and"));
        a.add(Arguments.of(f, "weightDecay", "NaN", "weightDecay must be finite"));
        a.add(Arguments.of(f, "chunkSize", "0", "chunkSize must be >= 1"));
        a.add(Arguments.of(f, "minGroupSize", "0", "minGroupSize must be >= 1"));
        a.add(Arguments.of(f, "certificateSamples", "-1", "certificateSamples must be 0 (all retained samples) or at least 16"));
        a.add(Arguments.of(f, "certificateSamples", "10", "certificateSamples must be 0 (all retained samples) or at least 16"));
        a.add(Arguments.of(f, "correctionSteps", "-1", "correctionSteps must be >= 0"));
        a.add(Arguments.of(f, "correctionSamples", "-5", "correctionSamples must be >= 0"));
        a.add(Arguments.of(f, "objectives", "[ndcg-gap@10:age]", "Objective 'ndcg-gap@10:age' needs the user attribute 'age', which is not among the attributes FUDLR reads [gender]"));

        Class<?> nt = NetworkRecommenderTrainer.class;
        a.add(Arguments.of(nt, "network", null, "mandatory"));
        a.add(Arguments.of(nt, "network", "nowhere", "network refers to component 'nowhere', which is not defined"));
        a.add(Arguments.of(nt, "maxHistory", "0", "maxHistory must be in [1, 1000]"));
        a.add(Arguments.of(nt, "pretrainEpochs", "-1", "pretrainEpochs must be >= 0"));
        a.add(Arguments.of(nt, "epochs", "-1", "epochs must be >= 0"));
        a.add(Arguments.of(nt, "batchSize", "0", "batchSize must be >= 1"));
        a.add(Arguments.of(nt, "learningRate", "NaN", "learningRate must be positive"));
        a.add(Arguments.of(nt, "weightDecay", "-1", "weightDecay must be >= 0"));
        a.add(Arguments.of(nt, "device", "tpu", "device must be auto, cpu, gpu"));
        a.add(Arguments.of(nt, "dtype", "FLOAT16", "FLOAT16"));

        Class<?> tn = TransformerNetwork.class;
        a.add(Arguments.of(tn, "embeddingDim", "0", "embeddingDim must be >= 1"));
        a.add(Arguments.of(tn, "numHeads", "3", "must divide embeddingDim"));
        a.add(Arguments.of(tn, "loraRank", "0", "loraRank must be >= 1"));
        a.add(Arguments.of(tn, "loraAlpha", "NaN", "loraAlpha must be positive"));
        a.add(Arguments.of(tn, "numLayers", "2000", "numLayers"));

        Class<?> hm = HybridMiniLmNetwork.class;
        a.add(Arguments.of(hm, "catalogueSource", null, "mandatory"));
        a.add(Arguments.of(hm, "itemTokens", "WORDS", "WORDS"));
        a.add(Arguments.of(hm, "numLayers", "7", "numLayers must be in [1, 6]"));
        a.add(Arguments.of(hm, "loraRank", "0", "loraRank must be >= 1"));
        a.add(Arguments.of(hm, "loraAlpha", "NaN", "loraAlpha must be positive"));
        a.add(Arguments.of(hm, "scoreScale", "0", "scoreScale must be positive"));

        Class<?> pm = PromptMiniLmNetwork.class;
        a.add(Arguments.of(pm, "catalogueSource", null, "mandatory"));
        a.add(Arguments.of(pm, "numLayers", "0", "numLayers must be in [1, 6]"));
        a.add(Arguments.of(pm, "loraRank", "0", "loraRank must be >= 1"));
        a.add(Arguments.of(pm, "loraAlpha", "-1", "loraAlpha must be positive"));
        a.add(Arguments.of(pm, "scoreScale", "Infinity", "scoreScale must be positive"));
        a.add(Arguments.of(pm, "maxTokens", "2", "maxTokens must be in [3, 512]"));

        Class<?> pt = PostTrainingTrainer.class;
        a.add(Arguments.of(pt, "innerTrainer", null, "mandatory"));
        a.add(Arguments.of(pt, "steps", null, "mandatory"));
        a.add(Arguments.of(pt, "auditSource", null, "mandatory"));
        a.add(Arguments.of(pt, "innerTrainer", "nowhere", "innerTrainer refers to component 'nowhere', which is not defined"));
        a.add(Arguments.of(pt, "steps", "[fudlr,nowhere]", "steps refers to component 'nowhere', which is not defined"));
        return a.stream();
    }

    static Stream<Class<?>> classes() {
        return BASES.keySet().stream();
    }

    /** Writes a configuration with component "c" of the class (base properties with one change) and helpers. */
    static Path write(Class<?> type, String field, String value, boolean remove) throws IOException {
        Map<String, String> props = new LinkedHashMap<>(BASES.get(type));
        if (remove) {
            props.remove(field);
        } else if (field != null) {
            props.put(field, value);
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n");
        component(xml, "c", type, props);
        component(xml, "src", MovieLensDataSource.class, BASES.get(MovieLensDataSource.class));
        component(xml, "pop", MostPopularTrainer.class, Map.of());
        component(xml, "fudlr", FudlrTransformer.class, Map.of());
        component(xml, "net", NetworkRecommenderModelTest.BagOfItemsNetwork.class, Map.of());
        xml.append("</config>\n");
        Path file = Files.createTempFile(tmp, "config-", ".xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    private static void component(StringBuilder xml, String name, Class<?> type, Map<String, String> props) {
        xml.append("  <component name=\"").append(name).append("\" type=\"").append(type.getName()).append("\">\n");
        for (Map.Entry<String, String> p : props.entrySet()) {
            String v = p.getValue();
            if (v.startsWith("[")) {
                xml.append("    <propertylist name=\"").append(p.getKey()).append("\">\n");
                for (String item : v.substring(1, v.length() - 1).split(",")) {
                    xml.append("      <item>").append(item).append("</item>\n");
                }
                xml.append("    </propertylist>\n");
            } else {
                xml.append("    <property name=\"").append(p.getKey()).append("\" value=\"").append(v).append("\"/>\n");
            }
        }
        xml.append("  </component>\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classes")
    void baseConfigurationBuilds(Class<?> type) throws Exception {
        try (ConfigurationManager cm = ConfigFiles.load(write(type, null, null, false))) {
            assertInstanceOf(type, ConfigFiles.lookup(cm, "c", Object.class));
        }
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @MethodSource("cases")
    void invalidValueIsRejectedNamingComponentAndField(Class<?> type, String field, String value, String fragment) throws Exception {
        try (ConfigurationManager cm = ConfigFiles.load(write(type, field, value, value == null))) {
            PropertyException e = assertThrows(PropertyException.class, () -> ConfigFiles.lookup(cm, "c", Object.class));
            String msg = e.getMessage();
            assertEquals(field, e.getProperty(), msg);
            assertTrue(msg.startsWith("Component: c, Property: " + field + ", "), msg);
            assertTrue(msg.contains(fragment), "'" + fragment + "' in: " + msg);
            assertTrue(!msg.contains("\n"), "one line: " + msg);
        }
    }

    /** (class, enum field, its constants) of the closed choice settings. */
    static Stream<Arguments> choices() {
        return Stream.of(
            Arguments.of(FudlrTransformer.class, "accuracyMeasure", "NDCG, LOSS"),
            Arguments.of(FudlrTransformer.class, "selection", "MASK, FAIRNESS_TOPK, RANDOM"),
            Arguments.of(FudlrTransformer.class, "directionalMode", "EXACT, FINITE_DIFFERENCE"),
            Arguments.of(PopularityReRanker.class, "penalty", "LOG, NORMALISED"),
            Arguments.of(GroupReweightRetrain.class, "target", "UNIFORM, HISTORY, CALIBRATED"),
            Arguments.of(GroupReweightRetrain.class, "mode", "COLD, WARM"),
            Arguments.of(RetrainWithout.class, "mode", "COLD, WARM"),
            Arguments.of(LmRecommenderTrainer.class, "dtype", "FLOAT32, FLOAT64"),
            Arguments.of(MiniLmRecommenderTrainer.class, "dtype", "FLOAT32, FLOAT64"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("choices")
    void everyChoiceConstantBuildsFromXml(Class<?> type, String field, String constants) throws Exception {
        for (String constant : constants.split(", ")) {
            try (ConfigurationManager cm = ConfigFiles.load(write(type, field, constant, false))) {
                Object c = ConfigFiles.lookup(cm, "c", Object.class);
                assertEquals(constant, String.valueOf(field(c, field).get(c)), type + "." + field);
            }
        }
    }

    /** OLCUT never sets an enum field to null, code can (builders, constructors): postConfig names the field and the constants. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("choices")
    void nullChoiceIsRejectedNamingTheConstants(Class<?> type, String field, String constants) throws Exception {
        try (ConfigurationManager cm = ConfigFiles.load(write(type, null, null, false))) {
            Configurable c = ConfigFiles.lookup(cm, "c", Configurable.class);
            field(c, field).set(c, null);
            PropertyException e = assertThrows(PropertyException.class, c::postConfig);
            assertEquals(field, e.getProperty(), e.getMessage());
            assertTrue(e.getMessage().contains(field + " must be one of " + constants + ", found null"), e.getMessage());
        }
    }

    private static java.lang.reflect.Field field(Object o, String name) throws NoSuchFieldException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // The superclass.
            }
        }
        throw new NoSuchFieldException(name);
    }

    /**
     * A configuration written before the choice settings became enums: the loader names the component, the property,
     * the accepted constants and the one the old value meant, also for a component another one refers to.
     */
    @Test
    void oldLowercaseChoiceValuesGetTheAcceptedConstants() throws Exception {
        try (ConfigurationManager cm = ConfigFiles.load(write(FudlrTransformer.class, "accuracyMeasure", "ndcg", false))) {
            PropertyException e = assertThrows(PropertyException.class, () -> ConfigFiles.lookup(cm, "c", Object.class));
            assertEquals("accuracyMeasure", e.getProperty());
            assertEquals("Component: c, Property: accuracyMeasure, accuracyMeasure: 'ndcg' is not one of NDCG, LOSS "
                         + "(since 0.1.0 choice properties take the enum constant names: write NDCG)", e.getMessage());
        }
        Path file = tmp.resolve("old-choices.xml");
        Files.writeString(file, """
            <?xml version="1.0" encoding="UTF-8"?>
            <config>
              <component name="src" type="dev.fudlr.data.MovieLensDataSource">
                <property name="format" value="synthetic"/>
                <property name="syntheticUsers" value="30"/>
                <property name="syntheticItems" value="40"/>
                <property name="syntheticMinPerUser" value="5"/>
                <property name="syntheticMaxPerUser" value="15"/>
              </component>
              <component name="pop" type="dev.fudlr.model.baseline.MostPopularTrainer"/>
              <component name="old-fudlr" type="dev.fudlr.debias.FudlrTransformer">
                <property name="selection" value="fairness-topk"/>
              </component>
              <component name="trainer" type="dev.fudlr.PostTrainingTrainer">
                <property name="innerTrainer" value="pop"/>
                <propertylist name="steps"><item>old-fudlr</item></propertylist>
                <property name="auditSource" value="src"/>
              </component>
            </config>
            """, StandardCharsets.UTF_8);
        try (ConfigurationManager cm = ConfigFiles.load(file)) {
            PropertyException e = assertThrows(PropertyException.class, () -> ConfigFiles.lookup(cm, "trainer", Object.class));
            assertEquals("selection", e.getProperty(), e.getMessage());
            assertTrue(e.getMessage().startsWith("Component: old-fudlr, Property: selection, selection: 'fairness-topk' is not one of "
                                                 + "MASK, FAIRNESS_TOPK, RANDOM (since 0.1.0 choice properties take the enum constant "
                                                 + "names: write FAIRNESS_TOPK)"), e.getMessage());
        }
    }

    @Test
    void lookupNamesMissingComponentsAndWrongTypes() throws Exception {
        try (ConfigurationManager cm = ConfigFiles.load(write(MostPopularTrainer.class, null, null, false))) {
            PropertyException none = assertThrows(PropertyException.class, () -> ConfigFiles.lookup(cm, "trainer", Object.class));
            assertEquals("Component: trainer, no component named 'trainer' in the configuration (it has: c, fudlr, net, pop, src)",
                    none.getMessage());
            PropertyException type = assertThrows(PropertyException.class, () -> ConfigFiles.lookup(cm, "src", org.tribuo.Trainer.class));
            assertEquals("Component: src, component 'src' is a dev.fudlr.data.MovieLensDataSource, expected a org.tribuo.Trainer",
                    type.getMessage());
        }
    }

    @Test
    void malformedFilesGiveConfigLoaderExceptionsNamingTheFile() throws Exception {
        Path missing = tmp.resolve("missing.xml");
        ConfigLoaderException e = assertThrows(ConfigLoaderException.class, () -> ConfigFiles.load(missing));
        assertEquals(missing + ": configuration file not found (or not a regular file)", e.getMessage());
        // A <propertylist> outside a <component>: OLCUT's loader throws a NullPointerException for this.
        Path orphan = tmp.resolve("orphan.xml");
        Files.writeString(orphan, "<?xml version=\"1.0\"?>\n<config>\n  <propertylist name=\"steps\"><item>a</item></propertylist>\n</config>\n");
        e = assertThrows(ConfigLoaderException.class, () -> ConfigFiles.load(orphan));
        assertTrue(e.getMessage().startsWith(orphan + ": malformed configuration (OLCUT failed with NullPointerException"), e.getMessage());
        Path encoding = tmp.resolve("encoding.xml");
        Files.writeString(encoding, "<?xml version=\"1.0\" encoding=\"UTF-P\"?>\n<config/>\n");
        e = assertThrows(ConfigLoaderException.class, () -> ConfigFiles.load(encoding));
        assertTrue(e.getMessage().startsWith(encoding + ": unsupported character encoding 'UTF-P'"), e.getMessage());
        Path truncated = tmp.resolve("truncated.xml");
        Files.writeString(truncated, "<?xml version=\"1.0\"?>\n<config>\n  <component name=\"c\" type=\"dev.fudlr.mod");
        e = assertThrows(ConfigLoaderException.class, () -> ConfigFiles.load(truncated));
        assertTrue(e.getMessage().contains("truncated.xml"), e.getMessage());
    }

    @Test
    void everyConfigurableClassIsCovered() throws Exception {
        Set<String> found = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Paths.get(entry);
            if (Files.isDirectory(p.resolve("dev").resolve("fudlr"))) {
                try (Stream<Path> files = Files.walk(p.resolve("dev").resolve("fudlr"))) {
                    files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> p.relativize(f).toString().replace(File.separatorChar, '/'))
                        .forEach(n -> addIfConfigurable(n, found));
                }
            } else if (entry.endsWith(".jar") && (p.getFileName().toString().startsWith("fairness-metrics")
                                                  || p.getFileName().toString().startsWith("tribuo-fudlr-"))) {
                try (JarFile jar = new JarFile(entry)) {
                    for (JarEntry e : java.util.Collections.list(jar.entries())) {
                        if (e.getName().startsWith("dev/fudlr/") && e.getName().endsWith(".class")) {
                            addIfConfigurable(e.getName(), found);
                        }
                    }
                }
            }
        }
        Set<String> covered = new TreeSet<>();
        BASES.keySet().forEach(c -> covered.add(c.getName()));
        // Test classes (dev.fudlr test fixtures) are on the class path too; only main classes must be covered.
        found.removeIf(n -> n.contains("Test") || n.contains("Bench") || n.contains("Fixture"));
        assertTrue(found.contains(SurrogateSettings.class.getName()), "fairness-metrics scanned: " + found);
        assertTrue(found.contains(FudlrTransformer.class.getName()), "the core scanned: " + found);
        assertEquals(covered, found, "Configurable classes of the project vs. those with validation cases here");
    }

    private static void addIfConfigurable(String resource, Set<String> out) {
        String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
        if (name.contains("$") && !name.matches(".*\\$[A-Z][A-Za-z]*$")) {
            return;
        }
        try {
            Class<?> c = Class.forName(name, false, ConfigurableValidationTest.class.getClassLoader());
            if (Configurable.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())
                    && !c.isAnonymousClass() && !c.isLocalClass()) {
                out.add(name);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // Not loadable without optional dependencies: not a configuration component.
        }
    }
}
