/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import dev.fudlr.debias.FudlrStage;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticData;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.debias.DebiasRefusedException;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.unlearn.NewtonCorrection;
import dev.fudlr.model.train.Precision;
import dev.fudlr.reliability.EnumChoices;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.evaluation.Bootstrap;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.mask.MaskProblem;
import dev.fudlr.data.ItemInfo;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.minilm.HybridMiniLmNetwork;
import dev.fudlr.model.minilm.MiniLmRecommenderTrainer;
import dev.fudlr.model.spi.NetworkRecommenderModel;
import dev.fudlr.model.spi.NetworkRecommenderTrainer;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.RecommenderScorer;
import dev.fudlr.debias.baselines.PopularityReRanker;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The debiasing benchmark: for each seed, trains the tiny LoRA transformer, then for each objective set runs FUDLR
 * (mask selection, accuracy guard), the same Newton removal for fairness-only top-k and random sets of FUDLR's size
 * (shared influence computations), and retraining from scratch without FUDLR's set; every model is evaluated on the
 * held-out test users. Prints a table and writes CSV + Markdown.
 * <p>
 * Usage: {@code DebiasBenchmark [--data DIR|synthetic] [--seeds 1,2,3] [--objectives "mgu@10|ndcg-gap@10:gender|mgu@10,ndcg-gap@10:gender"]
 * [--pretrain-epochs 3] [--epochs 1] [--retrain first|all|none] [--max-removal-fraction 0.1] [--beta 1] [--surrogate-temperature 0 (calibrated)] [--accuracy-measure ndcg|loss] [--accuracy-tolerance 0.03] [--model-cache DIR] [--rerank-lambda 0.5] [--out DIR] [--quick]
 * [--certificate-samples 8192 (0 = exact)] [--backbone tiny|minilm|hybrid|tiny,hybrid] [--hybrid-tokens TEXT_AND_ID|TEXT|ID] [--hybrid-pretrain-epochs 1] [--hybrid-epochs 1] [--few-shot 256] [--minilm-layers 6] [--minilm-items catalogue|training] [--synthetic-users 300] [--synthetic-female 0.3] [--synthetic-boost 4]
 * [--synthetic-confounders 0] [--synthetic-autoplay 0] [--synthetic-interactions 10,40] [--pretrain same|clean] [--output-lora] [--oracle]}
 * ({@code --output-lora}: the tiny transformer also has a LoRA adapter on its item scores, see
 * {@code LmRecommenderTrainer}'s {@code outputLora}; models get their own cache keys)
 * ({@code --oracle}, synthetic data: also retrain, as the base was trained, without each kind of planted sample, the
 * ceiling of what removing them can do)
 * (retraining without S, the expensive baseline, runs for the first objective set only by default).
 * <p>
 * MiniLM is trained few-shot on a seeded subset of the training samples, which is then its (and FUDLR's) training
 * set; it ranks the whole catalogue ({@code --minilm-items catalogue}, the default), and FUDLR and the re-ranker take
 * item popularity and users' seen items from all training interactions, as the evaluation does.
 */
public final class DebiasBenchmark {

    private static final String GENDER_GAP = "ndcg-gap@10:gender";
    // mgu@10 is IFairLRS's grouping (equal-size popularity quintiles); popmass is the project's equal-mass grouping
    // that the figures before issue 20 used, reported beside it so both readings stay comparable.
    private static final List<String> ALWAYS = List.of("ndcg@10", "hr@10", "mgu@10", "mgu@10;items=popmass", GENDER_GAP,
                                                        // Female minus male: which group a gap favours, and whether an edit flipped it.
                                                        "ndcg-gap@10:gender;agg=signed");

    /** Where base models are kept between runs (null = always train). */
    private static Path cache;
    /** Training indices of each kind of planted bias-inducing samples (synthetic data only, else empty). */
    private static Map<String, Set<Integer>> planted = Map.of();
    /** Markdown rows of the influence view of the planted sets (what FUDLR's first-order model predicts for them). */
    private static final StringBuilder influenceView = new StringBuilder();
    /** Markdown rows: planted precision at |S| under alternative per-sample orders (see the table's caption in main). */
    private static final StringBuilder orderView = new StringBuilder();
    /** Training indices whose target is a popularity-head item (synthetic data only, else empty). */
    private static Set<Integer> headTargets = Set.of();
    /** Number of training samples (planted share = the precision of a random removal set). */
    private static int trainSize;
    /** Synthetic data: female share and fraction of male gender confounders (planted bias 3). */
    private static double syntheticFemale = 0.3;
    private static double syntheticConfounders;
    /** Probability that a female user's training draw after a favoured-genre item is autoplayed (planted bias 4). */
    private static double syntheticAutoplay;
    /** FUDLR's beta, the weight of the predicted validation-loss increase in the mask objective. */
    private static double beta = 1.0;
    /** FUDLR's surrogate temperature; 0 = calibrated (FUDLR's default). */
    private static double surrogateTemperature = 0.0;
    /** FUDLR's guard: the accuracy measure (option --accuracy-measure ndcg or loss) and its tolerance. */
    private static int correctionSteps;
    private static int correctionSamples;
    private static NewtonCorrection.Target correctionTarget;
    private static FudlrTransformer.AccuracyMeasure accuracyMeasure = FudlrTransformer.AccuracyMeasure.NDCG;
    private static double accuracyTolerance = 0.03;
    /** Synthetic data: number of users and female users' affinity boost for the favoured genre. */
    private static int syntheticUsers = SyntheticGenerator.Config.DEFAULT_USERS;
    private static double syntheticBoost = 4.0;
    /** Smallest and largest number of interactions of a synthetic user. */
    private static int[] syntheticInteractions = {SyntheticGenerator.Config.DEFAULT_MIN_PER_USER, SyntheticGenerator.Config.DEFAULT_MAX_PER_USER};
    /** Whether to retrain without each kind of planted sample (synthetic data). */
    private static boolean oracle;
    /** tiny (the item-token transformer) or minilm (MiniLM-LoRA, few-shot). */
    private static String backbone = "tiny";
    /** MiniLM: training samples of the few-shot subset (the model's whole training set). */
    private static int fewShot;
    /** MiniLM: encoder layers used (of the pretrained 6). */
    private static int miniLmLayers;
    /** MiniLM: the ranked items, {@link MiniLmRecommenderTrainer#ITEMS_CATALOGUE} or {@link MiniLmRecommenderTrainer#ITEMS_TRAINING}. */
    private static String miniLmItems;
    /** Hybrid MiniLM: what an item token is made of, and the epochs of its base and LoRA phases. */
    private static HybridMiniLmNetwork.ItemTokens hybridTokens;
    /** Retained samples of FUDLR's certificate (the library default unless --certificate-samples). */
    private static int certificateSamples;
    private static int hybridPre;
    private static int hybridEp;
    /** Synthetic data: pre-train the tiny transformer's base weights on a clean population (--pretrain clean). */
    private static boolean pretrainClean;
    private static boolean outputLora;
    /** Penalty weight of the popularity re-ranking baseline. */
    private static double rerankLambda;

    private DebiasBenchmark() {}

    /** One evaluated model. */
    record Row(String objectives, long seed, String method, int removed, Map<String, Double> test, Map<String, Double> audit,
               double seconds, double epochSeconds, String note, Recommendations recs, Recommendations auditRecs, int[] removedIndices) {}

    /** A model's recommendations for the test users and for the audit (validation) users. */
    record Eval(Recommendations test, Recommendations audit) {}

    /** Metrics whose paired bootstrap interval (after - base, same test users) is reported. */
    private static final List<String> PAIRED = List.of("ndcg@10", "mgu@10", "ndcg-gap@10:gender;agg=signed");

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = BenchSupport.parse(args, List.of(
            "accuracy-measure", "accuracy-tolerance", "backbone", "beta", "certificate-samples", "correction-samples", "correction-steps",
            "correction-target", "data", "epochs", "few-shot", "hybrid-epochs",
            "hybrid-pretrain-epochs", "hybrid-tokens",
            "max-removal-fraction", "minilm-items", "minilm-layers", "model-cache", "objectives", "out", "pretrain",
            "pretrain-epochs", "rerank-lambda", "retrain", "seeds", "surrogate-temperature", "synthetic-autoplay",
            "synthetic-boost", "synthetic-confounders", "synthetic-female", "synthetic-interactions",
            "synthetic-users"), "oracle", "output-lora");
        boolean quick = opt.containsKey("quick");
        String data = opt.getOrDefault("data", quick ? "synthetic" : "../shared/data/ml-100k");
        long[] seeds = Arrays.stream(opt.getOrDefault("seeds", quick ? "1" : "1,2,3").split(",")).mapToLong(Long::parseLong).toArray();
        List<List<String>> objectiveSets = new ArrayList<>();
        for (String set : opt.getOrDefault("objectives", quick ? "mgu@10" : "mgu@10|ndcg-gap@10:gender|mgu@10,ndcg-gap@10:gender").split("\\|")) {
            objectiveSets.add(List.of(set.split(",")));
        }
        int pre = Integer.parseInt(opt.getOrDefault("pretrain-epochs", quick ? "4" : "" + LmRecommenderTrainer.DEFAULT_PRETRAIN_EPOCHS));
        int ep = Integer.parseInt(opt.getOrDefault("epochs", "" + LmRecommenderTrainer.DEFAULT_EPOCHS));
        String retrainMode = opt.getOrDefault("retrain", "first");
        boolean retrain = !retrainMode.equals("none");
        boolean retrainFirstOnly = retrainMode.equals("first");
        double maxFraction = Double.parseDouble(opt.getOrDefault("max-removal-fraction", "" + FudlrTransformer.DEFAULT_MAX_REMOVAL_FRACTION));
        Path out = Path.of(opt.getOrDefault("out", "target/bench"));
        rerankLambda = Double.parseDouble(opt.getOrDefault("rerank-lambda", "0.5"));
        certificateSamples = Integer.parseInt(opt.getOrDefault("certificate-samples", String.valueOf(FudlrTransformer.DEFAULT_CERTIFICATE_SAMPLES)));
        beta = Double.parseDouble(opt.getOrDefault("beta", "1"));
        correctionSteps = Integer.parseInt(opt.getOrDefault("correction-steps", String.valueOf(FudlrTransformer.DEFAULT_CORRECTION_STEPS)));
        correctionSamples = Integer.parseInt(opt.getOrDefault("correction-samples", String.valueOf(FudlrTransformer.DEFAULT_CERTIFICATE_SAMPLES)));
        correctionTarget = EnumChoices.parse(NewtonCorrection.Target.class,
                                             opt.getOrDefault("correction-target", FudlrTransformer.DEFAULT_CORRECTION_TARGET.name()));
        surrogateTemperature = Double.parseDouble(opt.getOrDefault("surrogate-temperature", "0"));
        // The option keeps its lowercase values (ndcg, loss); any case is accepted.
        accuracyMeasure = EnumChoices.parse(FudlrTransformer.AccuracyMeasure.class, opt.getOrDefault("accuracy-measure", "ndcg"));
        accuracyTolerance = Double.parseDouble(opt.getOrDefault("accuracy-tolerance", "0.03"));
        cache = opt.containsKey("model-cache") ? Path.of(opt.get("model-cache")) : null;
        List<String> backbones = List.of(opt.getOrDefault("backbone", "tiny").split(","));
        for (String b : backbones) {
            if (!b.equals("tiny") && !b.equals("minilm") && !b.equals("hybrid")) {
                throw new IllegalArgumentException("--backbone must be tiny, minilm, hybrid or a comma-separated list of them, found '" + b + "'");
            }
        }
        fewShot = Integer.parseInt(opt.getOrDefault("few-shot", "256"));
        miniLmLayers = Integer.parseInt(opt.getOrDefault("minilm-layers", "6"));
        miniLmItems = opt.getOrDefault("minilm-items", MiniLmRecommenderTrainer.ITEMS_CATALOGUE);
        hybridTokens = HybridMiniLmNetwork.ItemTokens.valueOf(opt.getOrDefault("hybrid-tokens", HybridMiniLmNetwork.ItemTokens.TEXT_AND_ID.name()));
        hybridPre = Integer.parseInt(opt.getOrDefault("hybrid-pretrain-epochs", "1"));
        hybridEp = Integer.parseInt(opt.getOrDefault("hybrid-epochs", "1"));
        syntheticFemale = Double.parseDouble(opt.getOrDefault("synthetic-female", "0.3"));
        syntheticConfounders = Double.parseDouble(opt.getOrDefault("synthetic-confounders", "0"));
        syntheticAutoplay = Double.parseDouble(opt.getOrDefault("synthetic-autoplay", "0"));
        syntheticUsers = Integer.parseInt(opt.getOrDefault("synthetic-users", String.valueOf(SyntheticGenerator.Config.DEFAULT_USERS)));
        syntheticBoost = Double.parseDouble(opt.getOrDefault("synthetic-boost", "4"));
        pretrainClean = opt.getOrDefault("pretrain", "same").equals("clean");
        oracle = opt.containsKey("oracle");
        outputLora = opt.containsKey("output-lora");
        String[] perUser = opt.getOrDefault("synthetic-interactions", syntheticInteractions[0] + "," + syntheticInteractions[1]).split(",");
        if (perUser.length != 2) {
            throw new IllegalArgumentException("--synthetic-interactions takes MIN,MAX, found '" + String.join(",", perUser) + "'");
        }
        syntheticInteractions = new int[]{Integer.parseInt(perUser[0].trim()), Integer.parseInt(perUser[1].trim())};
        // One backbone after the other; one CSV (backbone column) and one Markdown file with a section per backbone.
        StringBuilder csv = new StringBuilder();
        StringBuilder md = new StringBuilder();
        for (String b : backbones) {
            backbone = b;
            List<Row> rows = run(data, seeds, objectiveSets, pre, ep, retrain, retrainFirstOnly, maxFraction, quick);
            String table = csv(rows);
            if (csv.length() == 0) {
                csv.append("backbone,").append(table, 0, table.indexOf('\n') + 1);
            }
            table.lines().skip(1).forEach(line -> csv.append(b).append(',').append(line).append('\n'));
            String setup = data + ("synthetic".equals(data) ? String.format(Locale.ROOT, " (%d users with %d-%d interactions, female share %.2f, favoured-genre boost %.0f, gender confounders %.2f of male users, autoplay %.2f of female users' training draws after a favoured-genre item)",
                                                                          syntheticUsers, syntheticInteractions[0], syntheticInteractions[1],
                                                                          syntheticFemale, syntheticBoost, syntheticConfounders, syntheticAutoplay) : "")
                + (b.equals("minilm") ? String.format(Locale.ROOT, ", MiniLM-LoRA %d layers, few-shot %d samples x 1 epoch, ranking the %s items", miniLmLayers, fewShot, miniLmItems)
                   : b.equals("hybrid") ? String.format(Locale.ROOT, ", hybrid MiniLM-L6 (%s item tokens), all samples, %d base + %d LoRA epochs", hybridTokens, hybridPre, hybridEp)
                                      : pretrainClean ? String.format(Locale.ROOT, ", tiny transformer pre-trained %d epochs on a clean population (same items, no planted biases), then %d LoRA epoch(s) on this data", pre, ep)
                                      : String.format(Locale.ROOT, ", tiny transformer, %d+%d epochs", pre, ep))
                + (outputLora && !b.equals("minilm") ? ", LoRA also on the item scores" : "")
                + (correctionSteps > 0 ? String.format(Locale.ROOT, ", FUDLR with %d corrective Newton step(s) (%s, %d samples)", correctionSteps,
                                                       correctionTarget.name().toLowerCase(Locale.ROOT), correctionSamples) : "")
                + (beta != 1.0 ? String.format(Locale.ROOT, ", FUDLR beta %.2f", beta) : "")
                + (surrogateTemperature > 0 ? String.format(Locale.ROOT, ", surrogate temperature fixed at %.3g", surrogateTemperature) : "")
                + (accuracyMeasure != FudlrTransformer.AccuracyMeasure.NDCG || accuracyTolerance != 0.03
                   ? String.format(Locale.ROOT, ", FUDLR guard: %s within %.3g relative", accuracyMeasure.label(), accuracyTolerance) : "");
            md.append(backbones.size() > 1 ? "### Backbone: " + b + "\n\n" : "").append(markdown(rows, setup, seeds)).append('\n');
            if (influenceView.length() > 0) {
                md.append("Influence view (FUDLR's first-order predictions on the audit users, same run): the predicted change of each objective's ")
                    .append("distance from fair and of the validation loss if the set were removed, and where the set's samples fall in FUDLR's ")
                    .append("per-sample net-benefit order (mean percentile; 0 = removed first, 50 = no better than chance):\n\n")
                    .append("| objectives | seed | set | size | predicted objective change | predicted validation-loss change | mean net-benefit percentile |\n")
                    .append("|---|---:|---|---:|---|---:|---:|\n").append(influenceView).append('\n');
                if (orderView.length() > 0) {
                    md.append("Planted samples among the first |S| of other per-sample orders of the same first-order effects (precision / chance; ")
                        .append("fairness only = influence top-k; net x c = fairness score + c beta b_i / accRef, the accuracy term taken linear, so a ")
                        .append("predicted accuracy gain counts for a sample as a predicted loss counts against it; accuracy only = b_i ascending; ")
                        .append("first |S| = FUDLR's set size, first |P| = the planted set's size):\n\n")
                        .append("| objectives | seed | planted kind | first | best possible | fairness only | net x1 | net x3 | net x10 | net x30 | accuracy only |\n")
                        .append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n").append(orderView).append('\n');
                    orderView.setLength(0);
                }
                influenceView.setLength(0);
            }
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("debias.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("debias.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
        System.out.printf(Locale.ROOT, "peak RSS (VmHWM): %s%n", BenchSupport.peakRss());
    }

    /** The synthetic data's config: the defaults with the benchmark's size, gender boost and confounder options. */
    static SyntheticGenerator.Config syntheticConfig() {
        SyntheticGenerator.Config d = SyntheticGenerator.Config.defaults();
        return d.withSizes(syntheticUsers, d.numItems(), syntheticInteractions[0], syntheticInteractions[1])
            .withBias(d.popularitySkew(), d.biasedUserFraction(), d.biasedInteractionFraction(), syntheticBoost)
            .withGenderConfounders(syntheticFemale, syntheticConfounders)
            .withGenderAutoplay(syntheticAutoplay);
    }

    static List<Row> run(String data, long[] seeds, List<List<String>> objectiveSets, int pre, int ep, boolean retrain,
                         boolean retrainFirstOnly, double maxFraction, boolean quick) {
        SampleBuilder builder = new SampleBuilder();
        SyntheticData synthetic = "synthetic".equals(data)
            ? SyntheticGenerator.generate(syntheticConfig())
            : null;
        SampleSplits splits = synthetic != null
            ? MovieLensDataSource.splits(synthetic, builder)
            : MovieLensDataSource.splits(MovieLensFormat.ML_100K, Path.of(data), builder);
        boolean miniLm = backbone.equals("minilm");
        boolean hybrid = backbone.equals("hybrid");
        planted = new LinkedHashMap<>();
        headTargets = new HashSet<>();
        for (int i = 0; synthetic != null && i < splits.train().size(); i++) {
            if (synthetic.headItems().contains(Integer.parseInt(splits.train().get(i).getOutput().getLabel()))) {
                headTargets.add(i);
            }
        }
        if (synthetic != null && !miniLm) {
            planted.put("popularity-driven interactions (planted bias 1)", plantedIndices(splits.train(), synthetic.biasInducingSampleIds(splits)));
            if (syntheticConfounders > 0) {
                planted.put("gender-confounding interactions (planted bias 3)",
                            plantedIndices(splits.train(), synthetic.genderBiasInducingSampleIds(splits)));
            }
            if (syntheticAutoplay > 0) {
                planted.put("autoplayed wrong sequels (planted bias 4)", plantedIndices(splits.train(), synthetic.autoplaySampleIds(splits)));
            }
        }
        trainSize = splits.train().size();
        // --pretrain clean: the base weights never see the planted biases (as an LLM never saw the recommendation
        // data); they are learned only by the LoRA fine-tuning that FUDLR unlearns from.
        MutableDataset<Label> cleanPretraining = null;
        if (pretrainClean) {
            if (synthetic == null || miniLm) {
                throw new IllegalArgumentException("--pretrain clean needs --data synthetic and the tiny backbone");
            }
            SyntheticData clean = SyntheticGenerator.generateClean(syntheticConfig());
            cleanPretraining = BenchSupport.dataset(MovieLensDataSource.splits(clean, builder).train(), "clean synthetic population");
        }
        MutableDataset<Label> validation = BenchSupport.dataset(splits.validation(), "validation");
        // A few-shot model's training set is a subset: popularity and seen items come from all training interactions,
        // as in the evaluation below (the source's provenance records which data that was).
        MovieLensDataSource source = !miniLm && !hybrid ? null
            : synthetic != null ? new MovieLensDataSource(syntheticConfig(), SampleSplits.TRAIN, builder)
            : new MovieLensDataSource(MovieLensFormat.ML_100K, Path.of(data), SampleSplits.TRAIN, builder);
        // The hybrid backbone reads its item texts from the source; only few-shot MiniLM needs it as FUDLR's interactions.
        MovieLensDataSource interactions = miniLm ? source : null;
        if (source != null && !source.getSplits().ratings().interactions().equals(splits.ratings().interactions())) {
            // E.g. synthetic gender confounders, which the data source's configuration cannot express.
            throw new IllegalStateException("The interaction source does not reproduce the benchmark's data ("
                                            + source.getSplits().train().size() + " vs " + splits.train().size() + " training samples)");
        }
        MutableDataset<Label> allTrain = miniLm ? BenchSupport.dataset(splits.train(), "all training interactions") : null;
        List<Example<Label>> test = splits.test();
        List<Example<Label>> auditUsers = splits.validation();
        List<Row> rows = new ArrayList<>();
        for (long seed : seeds) {
            // MiniLM is few-shot (BIGRec-style): its training set, and so FUDLR's, is a seeded subset of the samples.
            List<Example<Label>> trainSamples = miniLm ? fewShotSubset(splits.train(), fewShot, seed) : splits.train();
            MutableDataset<Label> train = BenchSupport.dataset(trainSamples, "train");
            DjlRecommenderModel pretrained = cleanPretraining != null ? cleanBase(cleanPretraining, pre, seed, quick) : null;
            Backbone net = miniLm ? new MiniLm(splits.ratings().items(), miniLmLayers, seed, miniLmItems)
                : hybrid ? new HybridMiniLm(source, hybridTokens, hybridPre, hybridEp, seed)
                : new Tiny(pre, ep, seed, quick, pretrained);
            // Cached under a key of everything that decides the model (trainer settings, training examples, starting model,
            // code, CPU numerics): see ModelCache.
            List<String> extra = new ArrayList<>();
            if (pretrained != null) {
                extra.add("start=" + ModelCache.sha256(Arrays.toString(pretrained.trainableParametersAsDouble())) + " "
                          + pretrained.baseParameterDigest().map(Object::toString).orElse(""));
            }
            if (hybrid) {
                extra.add("catalogue=" + source.getProvenance());
            }
            double[] trained = {Double.NaN};
            ModelCache.Cached<AbstractDjlRecommenderModel> cachedBase = ModelCache.at(cache).getOrTrain(
                (miniLm ? "minilm" : hybrid ? "hybrid" : "tiny") + "-base-seed" + seed, net.trainer(), train, extra, () -> {
                    long t0 = System.nanoTime();
                    AbstractDjlRecommenderModel m = net.train(train);
                    trained[0] = (System.nanoTime() - t0) / 1e9;
                    return m;
                });
            AbstractDjlRecommenderModel base = cachedBase.model();
            double trainSeconds = trained[0];
            // The cost unit, timed in this run: one training epoch of the same model over its training samples.
            double epochSeconds = net.epochSeconds(base, train);
            BenchSupport.log("seed %d: base trained in %.1f s; one LoRA epoch %.1f s", seed, trainSeconds, epochSeconds);
            Set<String> metricNames = new LinkedHashSet<>(ALWAYS);
            objectiveSets.forEach(metricNames::addAll);
            List<String> attributes = List.of(SampleEncoding.GENDER);
            AuditData testAudit = RecommenderAudit.build(base.items(), splits.train(), test, attributes);
            AuditData auditAudit = RecommenderAudit.build(base.items(), splits.train(), auditUsers, attributes);
            // A model retrained on fewer samples may know fewer items (MiniLM's catalogue is its training data's items):
            // it is evaluated on its own catalogue, i.e. on the users whose target it can rank.
            Evaluator eval = model -> {
                if (model instanceof AbstractDjlRecommenderModel m && !m.items().equals(base.items())) {
                    return new Eval(recommend(m, test, RecommenderAudit.build(m.items(), splits.train(), test, attributes)),
                                    recommend(m, auditUsers, RecommenderAudit.build(m.items(), splits.train(), auditUsers, attributes)));
                }
                return new Eval(recommend(model, test, testAudit), recommend(model, auditUsers, auditAudit));
            };
            Eval baseEval = eval.apply(base);
            BenchSupport.log("seed %d: base test %s", seed, metrics(baseEval.test(), Set.of("ndcg@10", "hr@10", "mgu@10")));
            rows.add(row("-", seed, "base", null, baseEval, metricNames, trainSeconds, epochSeconds, "training"));
            if (oracle) {
                for (Map.Entry<String, Set<Integer>> kind : planted.entrySet()) {
                    int[] gone = kind.getValue().stream().mapToInt(Integer::intValue).sorted().toArray();
                    long o0 = System.nanoTime();
                    AbstractDjlRecommenderModel re = net.train(BenchSupport.dataset(keptSamples(trainSamples, kind.getValue()),
                                                                                    "train without planted"));
                    double oSeconds = (System.nanoTime() - o0) / 1e9;
                    rows.add(row("-", seed, "retrain-without-planted: " + kind.getKey(), gone, eval.apply(re), metricNames, oSeconds,
                                 epochSeconds, net.describe() + " without the planted samples (oracle)"));
                    re.close();
                }
            }
            for (List<String> objectives : objectiveSets) {
                String label = String.join("+", objectives);
                FudlrTransformer fudlr = FudlrTransformer.builder().objectives(objectives.toArray(String[]::new))
                    .maxRemovalFraction(maxFraction).beta(beta).surrogateTemperature(surrogateTemperature).certificateSamples(certificateSamples)
                    .correctionSteps(correctionSteps).correctionTarget(correctionTarget).correctionSamples(correctionSamples)
                    .accuracyMeasure(accuracyMeasure).accuracyTolerance(accuracyTolerance).compareBaselines(true).seed(seed).interactionSource(interactions).build();
                long f0 = System.nanoTime();
                try {
                    var result = fudlr.transform(base, train, validation);
                    double seconds = (System.nanoTime() - f0) / 1e9;
                    FudlrReport report = (FudlrReport) result.report();
                    AbstractDjlRecommenderModel debiased = (AbstractDjlRecommenderModel) result.model();
                    int[] removed = report.unlearnedIndices();
                    report.maskProblem().ifPresent(problem -> influenceView(label, seed, problem, removed));
                    double baselineSeconds = report.stageSeconds().getOrDefault(FudlrStage.BASELINE_SELECTIONS.id(), 0.0);
                    rows.add(row(label, seed, "fudlr", removed, eval.apply(debiased), metricNames, seconds - baselineSeconds,
                                 epochSeconds, "stages " + fmt(report.stageSeconds()) + certificateNote(report)));
                    debiased.close();
                    for (FudlrReport.BaselineRun b : report.baselineSelections().values()) {
                        AbstractDjlRecommenderModel m = base.copyWithTrainableParameters(b.thetaAfter(), base.getProvenance());
                        rows.add(row(label, seed, b.rule() + "@|S|", b.indices(), eval.apply(m), metricNames, Double.NaN, epochSeconds,
                                     "same Newton removal, same |S|"));
                        m.close();
                    }
                    if (retrain && removed.length > 0 && (!retrainFirstOnly || objectives == objectiveSets.get(0))) {
                        Set<Integer> gone = new HashSet<>();
                        for (int i : removed) {
                            gone.add(i);
                        }
                        List<Example<Label>> kept = keptSamples(trainSamples, gone);
                        long r0 = System.nanoTime();
                        AbstractDjlRecommenderModel re = net.train(BenchSupport.dataset(kept, "train without S"));
                        double reSeconds = (System.nanoTime() - r0) / 1e9;
                        rows.add(row(label, seed, "retrain-without-S (cold)", removed, eval.apply(re), metricNames, reSeconds, epochSeconds,
                                     net.describe() + " from scratch"));
                        re.close();
                        long w0 = System.nanoTime();
                        AbstractDjlRecommenderModel warm = net.warm(base, BenchSupport.dataset(kept, "train without S"));
                        double warmSeconds = (System.nanoTime() - w0) / 1e9;
                        if (warm != null) {
                            rows.add(row(label, seed, "retrain-without-S (warm, 1 LoRA epoch)", removed, eval.apply(warm), metricNames,
                                         warmSeconds, epochSeconds, "1 LoRA epoch from the base"));
                            warm.close();
                        }
                    }
                } catch (DebiasRefusedException e) {
                    rows.add(row(label, seed, "fudlr", null, baseEval, metricNames, (System.nanoTime() - f0) / 1e9, epochSeconds,
                                 "REFUSED: " + e.getMessage()));
                }
                if (objectives.contains("mgu@10")) {
                    // Post-processing baseline: scores minus lambda BenchSupport.log(1 + training count); no training data removed.
                    long p0 = System.nanoTime();
                    var reranked = new PopularityReRanker(rerankLambda, PopularityReRanker.Penalty.LOG)
                        .transform(base, allTrain != null ? allTrain : train, validation);
                    double pSeconds = (System.nanoTime() - p0) / 1e9;
                    rows.add(row(label, seed, "popularity-rerank (lambda " + rerankLambda + ")", null,
                                 eval.apply((RecommenderScorer) reranked.model()), metricNames, pSeconds, epochSeconds, "post-processing"));
                }
                BenchSupport.log("seed %d, %s done", seed, label);
            }
            base.close();
            if (pretrained != null) {
                pretrained.close();
            }
        }
        return rows;
    }

    /** Appends the influence view of FUDLR's own set and of each planted set (see the table's caption in main). */
    static void influenceView(String label, long seed, MaskProblem problem, int[] removed) {
        double[] net = problem.netBenefit();
        Integer[] order = new Integer[net.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(net[y], net[x]));
        double[] percentile = new double[net.length];
        for (int r = 0; r < order.length; r++) {
            percentile[order[r]] = 100.0 * r / Math.max(1, order.length - 1);
        }
        Map<String, int[]> sets = new LinkedHashMap<>();
        sets.put("FUDLR's S", removed);
        planted.forEach((kind, set) -> sets.put("planted: " + kind, set.stream().mapToInt(Integer::intValue).sorted().toArray()));
        for (Map.Entry<String, int[]> e : sets.entrySet()) {
            int[] set = e.getValue();
            double[] predicted = problem.predictedMetrics(set);
            StringBuilder change = new StringBuilder();
            for (int k = 0; k < predicted.length; k++) {
                MaskProblem.Objective o = problem.objectives().get(k);
                double before = o.distance().value(o.value());
                change.append(k > 0 ? "; " : "").append(o.name()).append(String.format(Locale.ROOT, " %+.1f%%",
                    100 * (o.distance().value(predicted[k]) / before - 1)));
            }
            double meanPercentile = Arrays.stream(set).mapToDouble(i -> percentile[i]).average().orElse(Double.NaN);
            influenceView.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %+.4f | %.1f |%n", label, seed, e.getKey(),
                                               set.length, change, problem.predictedAccuracyChange(problem.indicator(set)),
                                               meanPercentile));
        }
        orderView(label, seed, problem, removed.length);
    }

    /**
     * Appends, for each planted kind, the planted precision (relative to chance) of the first |S| and |P| samples of several
     * orders built from the same per-sample effects: would an accuracy term that also rewards a predicted gain find them?
     */
    static void orderView(String label, long seed, MaskProblem problem, int size) {
        if (size == 0 || planted.isEmpty()) {
            return;
        }
        int n = problem.size();
        double[] fair = problem.fairnessScores();
        double[] acc = problem.accuracyEffects();
        double c = problem.beta() / problem.accuracyReference();
        double[] multipliers = {0, 1, 3, 10, 30, Double.POSITIVE_INFINITY};
        // One order per multiplier, shared by every planted kind and both prefix lengths.
        int[][] orders = new int[multipliers.length][];
        for (int m = 0; m < multipliers.length; m++) {
            double mult = multipliers[m];
            double[] cost = new double[n];
            for (int i = 0; i < n; i++) {
                cost[i] = Double.isInfinite(mult) ? acc[i] : fair[i] + mult * c * acc[i];
            }
            orders[m] = IntStream.range(0, n).boxed().sorted((x, y) -> Double.compare(cost[x], cost[y]))
                .mapToInt(Integer::intValue).toArray();
        }
        for (Map.Entry<String, Set<Integer>> e : planted.entrySet()) {
            Set<Integer> kind = e.getValue();
            double chance = (double) kind.size() / n;
            // At |S| the best possible ratio is min(|S|, |P|) / |S| / chance; at |P| (R-precision) it is 1 / chance.
            for (int k : new int[]{size, kind.size()}) {
                StringBuilder cells = new StringBuilder();
                for (int[] order : orders) {
                    long hits = Arrays.stream(order, 0, k).filter(kind::contains).count();
                    cells.append(String.format(Locale.ROOT, " %.2f |", hits / (double) k / chance));
                }
                orderView.append(String.format(Locale.ROOT, "| %s | %d | %s | %s %d | %.2f |%s%n", label, seed, e.getKey(),
                                               k == size ? "\\|S\\|" : "\\|P\\|", k, Math.min(k, kind.size()) / (double) k / chance, cells));
            }
        }
    }

    /** Evaluates one model on the test and audit users. */
    @FunctionalInterface
    interface Evaluator {
        Eval apply(RecommenderScorer model);
    }

    private static Row row(String objectives, long seed, String method, int[] removed, Eval e, Set<String> names, double seconds,
                           double epochSeconds, String note) {
        return new Row(objectives, seed, method, removed == null ? 0 : removed.length, metrics(e.test(), names), metrics(e.audit(), names),
                       seconds, epochSeconds, note, e.test(), e.audit(), removed);
    }

    /**
     * The samples whose index is not in {@code removed}, in order: a fresh list, so a retrained model builds its own
     * catalogue (unlike {@link BenchSupport#without}, a view that keeps the full data's domains).
     */
    static List<Example<Label>> keptSamples(List<Example<Label>> samples, Set<Integer> removed) {
        List<Example<Label>> kept = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            if (!removed.contains(i)) {
                kept.add(samples.get(i));
            }
        }
        return kept;
    }

    /** Training indices whose sample id is one of the planted bias-inducing ids. */
    static Set<Integer> plantedIndices(List<Example<Label>> train, Set<String> ids) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            if (ids.contains(SampleEncoding.metadata(train.get(i), SampleEncoding.SAMPLE))) {
                out.add(i);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("None of the " + ids.size() + " planted sample ids is among the training samples");
        }
        return out;
    }

    /** The base weights pre-trained on the clean population (LoRA untouched), from the model cache when present. */
    static DjlRecommenderModel cleanBase(MutableDataset<Label> clean, int pre, long seed, boolean quick) {
        LmRecommenderTrainer trainer = new Tiny(pre, 0, seed, quick, null).trainer();
        return ModelCache.at(cache).getOrTrain("clean-pretrained-seed" + seed, trainer, clean, List.of(),
                                               () -> trainer.trainTransformer(clean)).model();
    }

    /** How the benchmark trains one backbone: from scratch, for one more epoch (the cost unit), and warm. */
    interface Backbone {
        AbstractDjlRecommenderModel train(MutableDataset<Label> data);

        double epochSeconds(AbstractDjlRecommenderModel base, MutableDataset<Label> data);

        /** One LoRA epoch from the base weights on other data, or null when the backbone cannot continue training. */
        AbstractDjlRecommenderModel warm(AbstractDjlRecommenderModel base, MutableDataset<Label> data);

        String describe();

        /** The trainer of the base model (its settings key the model cache). */
        Trainer<Label> trainer();
    }

    /** The item-token transformer: full pre-training then LoRA epochs. */
    /**
     * The tiny transformer: pre-training of the base weights then LoRA epochs on the benchmark data, or, with a
     * {@code pretrained} base (synthetic {@code --pretrain clean}), only the LoRA epochs, from that base.
     */
    record Tiny(int pre, int ep, long seed, boolean quick, DjlRecommenderModel pretrained) implements Backbone {
        public LmRecommenderTrainer trainer() {
            LmRecommenderTrainer.Builder b = LmRecommenderTrainer.builder().pretrainEpochs(pre).epochs(ep)
                .seed(seed).device(BenchSupport.device()).outputLora(outputLora);
            if (quick) {
                b.embeddingDim(32).ffnDim(64);
            }
            return b.build();
        }

        @Override
        public AbstractDjlRecommenderModel train(MutableDataset<Label> data) {
            return pretrained != null ? trainer().continueTraining(pretrained, data, ep) : trainer().trainTransformer(data);
        }

        @Override
        public double epochSeconds(AbstractDjlRecommenderModel base, MutableDataset<Label> data) {
            long u0 = System.nanoTime();
            trainer().continueTraining((DjlRecommenderModel) base, data, 1).close();
            return (System.nanoTime() - u0) / 1e9;
        }

        @Override
        public AbstractDjlRecommenderModel warm(AbstractDjlRecommenderModel base, MutableDataset<Label> data) {
            return trainer().continueTraining((DjlRecommenderModel) base, data, 1);
        }

        @Override
        public String describe() {
            return pretrained != null ? ep + " LoRA epochs from the clean pre-trained base" : (pre + ep) + " epochs";
        }
    }

    /**
     * MiniLM-LoRA, trained for one epoch on its (few-shot) training set. The cost unit is the wall time of that
     * training, which includes embedding the catalogue's titles once (tens of seconds): timed here by training a second
     * copy, so it is measured in the same run even when the base model came from the cache.
     */
    record MiniLm(Map<Integer, ItemInfo> items, int layers, long seed, String itemScope) implements Backbone {
        public MiniLmRecommenderTrainer trainer() {
            return new MiniLmRecommenderTrainer(items, layers, 0, 1, 16, 1e-3, seed, itemScope);
        }

        @Override
        public AbstractDjlRecommenderModel train(MutableDataset<Label> data) {
            return trainer().train(data);
        }

        @Override
        public double epochSeconds(AbstractDjlRecommenderModel base, MutableDataset<Label> data) {
            long u0 = System.nanoTime();
            trainer().train(data).close();
            return (System.nanoTime() - u0) / 1e9;
        }

        @Override
        public AbstractDjlRecommenderModel warm(AbstractDjlRecommenderModel base, MutableDataset<Label> data) {
            return null;
        }

        @Override
        public String describe() {
            return "1 epoch";
        }
    }

    /** The certificate (residuals, interval, subsample) and the effects kernel, for the CSV's note column. */
    static String certificateNote(FudlrReport report) {
        var c = report.certificate();
        String kernel = String.valueOf(report.provenanceValues().get(dev.fudlr.debias.ReportKey.EFFECTS_KERNEL.key()));
        if (c == null) {
            return "; kernel " + kernel;
        }
        double[] ci = c.residualAfterInterval();
        return String.format(Locale.ROOT, "; kernel %s; certificate before %.6f after %.6f [%.6f, %.6f] samples %d", kernel,
                             c.residualBefore(), c.residualAfter(), ci[0], ci[1], c.sampled());
    }

    /**
     * The hybrid-prompt MiniLM backbone ({@link HybridMiniLmNetwork} through the SPI trainer) on all training samples:
     * {@code pre} epochs of its base (projection, id embeddings, head, item biases), then {@code ep} LoRA epochs. The
     * cost unit is one LoRA epoch from the trained model, timed in this run.
     */
    record HybridMiniLm(MovieLensDataSource catalogue, HybridMiniLmNetwork.ItemTokens tokens, int pre, int ep, long seed) implements Backbone {
        public NetworkRecommenderTrainer trainer() {
            return new NetworkRecommenderTrainer(new HybridMiniLmNetwork(catalogue, tokens, true, 6, 8, 16.0), 10, pre, ep, 128,
                                                 1e-3, seed, BenchSupport.device(), Precision.FLOAT32);
        }

        @Override
        public AbstractDjlRecommenderModel train(MutableDataset<Label> data) {
            return trainer().train(data);
        }

        @Override
        public double epochSeconds(AbstractDjlRecommenderModel base, MutableDataset<Label> data) {
            long u0 = System.nanoTime();
            trainer().continueTraining((NetworkRecommenderModel) base, data, 1).close();
            return (System.nanoTime() - u0) / 1e9;
        }

        @Override
        public AbstractDjlRecommenderModel warm(AbstractDjlRecommenderModel base, MutableDataset<Label> data) {
            return trainer().continueTraining((NetworkRecommenderModel) base, data, 1);
        }

        @Override
        public String describe() {
            return pre + " base + " + ep + " LoRA epochs";
        }
    }

    /** A seeded random subset of the training samples, in their original order. */
    static List<Example<Label>> fewShotSubset(List<Example<Label>> all, int size, long seed) {
        if (size <= 0 || size >= all.size()) {
            return all;
        }
        int[] idx = IntStream.range(0, all.size()).toArray();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = Arrays.copyOf(idx, size);
        Arrays.sort(chosen);
        List<Example<Label>> out = new ArrayList<>(size);
        for (int i : chosen) {
            out.add(all.get(i));
        }
        return out;
    }

    static Recommendations recommend(RecommenderScorer model, List<Example<Label>> test, AuditData audit) {
        return Recommendations.fromScores(ScoreMatrix.ofFloats(model.scores(test)), audit, 10);
    }

    static Map<String, Double> metrics(Recommendations recs, Set<String> names) {
        MetricRegistry registry = MetricRegistry.standard();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String n : names) {
            MetricResult r = registry.parse(n).compute(recs);
            out.put(n, r.value());
            // Each group's NDCG beside the gender gap, so a table shows whether a gap closed by raising the worse
            // group or by lowering the better one.
            if (n.equals(GENDER_GAP)) {
                r.breakdown().forEach((key, v) -> {
                    if (key.startsWith("ndcg[")) {
                        out.put("ndcg@10" + key.substring("ndcg".length()), v);
                    }
                });
            }
        }
        return out;
    }

    static String csv(List<Row> rows) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(r.test().keySet()));
        StringBuilder sb = new StringBuilder("objectives,seed,method,removed,seconds,epoch_seconds");
        names.forEach(n -> sb.append(',').append(n));
        names.forEach(n -> sb.append(",audit:").append(n));
        sb.append(",note\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%d,\"%s\",%d,%.3f,%.3f", r.objectives(), r.seed(), r.method(), r.removed(), r.seconds(),
                                    r.epochSeconds()));
            for (String n : names) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", r.test().getOrDefault(n, Double.NaN)));
            }
            for (String n : names) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", r.audit().getOrDefault(n, Double.NaN)));
            }
            sb.append(",\"").append(r.note().replace("\"", "'")).append("\"\n");
        }
        return sb.toString();
    }

    /** Mean and sample standard deviation over seeds of each method's relative change against its seed's base model. */
    static String markdown(List<Row> rows, String setup, long[] seeds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Data %s, seeds %s. Change vs the seed's base model (relative, or absolute where marked), "
                                + "mean ± sd over seeds; cost in epoch-equivalents (one training epoch of the same model, same run).%n%n",
                                setup, Arrays.toString(seeds)));
        sb.append("**Held-out test users:**\n\n");
        changeTable(sb, rows, Row::test);
        sb.append("\n**Audit users** (the validation samples FUDLR audits and guards on):\n\n");
        changeTable(sb, rows, Row::audit);
        sb.append("\nPaired 95% bootstrap intervals of (after - base) on the same users (1,000 resamples of users), per seed:\n\n");
        sb.append("| objectives | method | seed | users |");
        PAIRED.forEach(n -> sb.append(" Δ ").append(n).append(" [95% CI] |"));
        sb.append("\n|---|---|---:|---|");
        PAIRED.forEach(n -> sb.append("---|"));
        sb.append('\n');
        MetricRegistry registry = MetricRegistry.standard();
        Map<Long, Row> base = new LinkedHashMap<>();
        rows.stream().filter(r -> r.method().equals("base")).forEach(r -> base.put(r.seed(), r));
        for (Row r : rows) {
            if (r.method().equals("base") || r.note().startsWith("REFUSED")) {
                continue;
            }
            for (String users : List.of("test", "audit")) {
                boolean t = users.equals("test");
                sb.append("| ").append(r.objectives()).append(" | ").append(r.method()).append(" | ").append(r.seed()).append(" | ")
                    .append(users).append(" |");
                Row b0 = base.get(r.seed());
                Recommendations x0 = t ? b0.recs() : b0.auditRecs();
                Recommendations x1 = t ? r.recs() : r.auditRecs();
                if (x0.numUsers() != x1.numUsers() || x0.audit().numItems() != x1.audit().numItems()) {
                    // A model with a smaller catalogue is evaluated on other users: no paired interval.
                    PAIRED.forEach(n -> sb.append(" n/a (other users) |"));
                    sb.append('\n');
                    continue;
                }
                for (String n : PAIRED) {
                    Row b = base.get(r.seed());
                    Bootstrap.Interval ci = Bootstrap.pairedDifference(registry.parse(n), t ? b.recs() : b.auditRecs(),
                                                                       t ? r.recs() : r.auditRecs(), 1000, 0.95, 7L);
                    sb.append(String.format(Locale.ROOT, " %+.4f [%+.4f, %+.4f]%s |", ci.value(), ci.lower(), ci.upper(),
                                            ci.lower() > 0 || ci.upper() < 0 ? " *" : ""));
                }
                sb.append('\n');
            }
        }
        sb.append("\n(* = the interval excludes 0.)\n");
        planted.forEach((what, set) -> plantedTable(sb, rows, what, set));
        rows.stream().filter(r -> r.note().startsWith("REFUSED")).forEach(r -> sb.append("\n* seed ").append(r.seed()).append(", ")
            .append(r.objectives()).append(": ").append(r.note()));
        return sb.append('\n').toString();
    }

    private static void changeTable(StringBuilder sb, List<Row> rows, java.util.function.Function<Row, Map<String, Double>> values) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(values.apply(r).keySet()));
        Map<Long, Row> base = new LinkedHashMap<>();
        rows.stream().filter(r -> r.method().equals("base")).forEach(r -> base.put(r.seed(), r));
        sb.append("| objectives | method | |S| | cost (epochs) |");
        names.forEach(n -> sb.append(' ').append(n).append(relative(base, n, values) ? " |" : " (abs. Δ) |"));
        sb.append("\n|---|---|---:|---:|");
        names.forEach(n -> sb.append("---:|"));
        sb.append('\n');
        sb.append("| - | base (absolute) | 0 | ").append(stat(base.values().stream().map(r -> r.seconds() / r.epochSeconds()).toList())).append(" |");
        for (String n : names) {
            sb.append(' ').append(stat(base.values().stream().map(r -> values.apply(r).get(n)).toList(), "%.4f")).append(" |");
        }
        sb.append('\n');
        for (List<Row> g : byMethod(rows).values()) {
            Row first = g.get(0);
            sb.append("| ").append(first.objectives()).append(" | ").append(first.method()).append(" | ")
                .append(stat(g.stream().map(r -> (double) r.removed()).toList(), "%.0f")).append(" | ")
                .append(stat(g.stream().map(r -> r.seconds() / r.epochSeconds()).toList())).append(" |");
            for (String n : names) {
                boolean relative = relative(base, n, values);
                List<Double> change = new ArrayList<>();
                for (Row r : g) {
                    double b = values.apply(base.get(r.seed())).get(n);
                    double a = values.apply(r).get(n);
                    change.add(relative ? 100 * (a - b) / Math.abs(b) : a - b);
                }
                sb.append(' ').append(stat(change, relative ? "%+.1f%%" : "%+.4f")).append(" |");
            }
            sb.append('\n');
        }
    }

    private static Map<String, List<Row>> byMethod(List<Row> rows) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        rows.stream().filter(r -> !r.method().equals("base")).forEach(r -> groups.computeIfAbsent(r.objectives() + "\u0000" + r.method(),
                                                                                                    k -> new ArrayList<>()).add(r));
        return groups;
    }

    /** Precision and recall of each removal set against the planted bias-inducing samples (synthetic data). */
    private static void plantedTable(StringBuilder sb, List<Row> rows, String what, Set<Integer> planted) {
        double plantedShare = planted.size() / (double) trainSize;
        sb.append(String.format(Locale.ROOT, "%nRecovery of the %d planted bias-inducing training samples (%s); "
                                + "chance precision = their share of the training set, %.3f. Last column: share of S whose target is "
                                + "a popularity-head item (training set: %.3f), what a popularity objective can see:%n%n",
                                planted.size(), what, plantedShare, headTargets.size() / (double) trainSize));
        sb.append("| objectives | method | |S| | precision | recall | precision / chance | head targets in S |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (List<Row> g : byMethod(rows).values()) {
            List<Row> withSets = g.stream().filter(r -> r.removedIndices() != null && r.removedIndices().length > 0).toList();
            if (withSets.isEmpty()) {
                continue;
            }
            List<Double> precision = new ArrayList<>();
            List<Double> recall = new ArrayList<>();
            List<Double> head = new ArrayList<>();
            for (Row r : withSets) {
                long hits = Arrays.stream(r.removedIndices()).filter(planted::contains).count();
                precision.add(hits / (double) r.removedIndices().length);
                recall.add(hits / (double) planted.size());
                head.add(Arrays.stream(r.removedIndices()).filter(headTargets::contains).count() / (double) r.removedIndices().length);
            }
            Row first = withSets.get(0);
            sb.append("| ").append(first.objectives()).append(" | ").append(first.method()).append(" | ")
                .append(stat(withSets.stream().map(r -> (double) r.removed()).toList(), "%.0f")).append(" | ")
                .append(stat(precision, "%.3f")).append(" | ").append(stat(recall, "%.3f")).append(" | ")
                .append(stat(precision.stream().map(p -> p / plantedShare).toList(), "%.2f")).append(" | ")
                .append(stat(head, "%.3f")).append(" |\n");
        }
    }

    /** Relative changes only where every seed's base value is clearly away from 0 (a gap near 0 has none). */
    private static boolean relative(Map<Long, Row> base, String metric, java.util.function.Function<Row, Map<String, Double>> values) {
        return base.values().stream().allMatch(r -> Math.abs(values.apply(r).get(metric)) >= 0.01);
    }

    private static String stat(List<Double> v) {
        return stat(v, "%.2f");
    }

    private static String stat(List<Double> v, String f) {
        List<Double> x = v.stream().filter(d -> d != null && Double.isFinite(d)).toList();
        if (x.isEmpty()) {
            return "-";
        }
        double mean = x.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (x.size() == 1) {
            return String.format(Locale.ROOT, f, mean);
        }
        double ss = x.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum();
        double sd = Math.sqrt(ss / (x.size() - 1));
        return String.format(Locale.ROOT, f + " ± " + f.replace("+", ""), mean, sd);
    }

    private static String fmt(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('=').append(String.format(Locale.ROOT, "%.1f", v)).append("s "));
        return sb.toString().trim();
    }
}
