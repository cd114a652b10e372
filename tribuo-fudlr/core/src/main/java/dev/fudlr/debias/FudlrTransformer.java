/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import ai.djl.ndarray.NDArray;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.PostTrainingTransformer;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.UserAttribute;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.surrogate.SeparableSurrogate;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InfluenceCalculator;
import dev.fudlr.influence.InverseHvpSolver;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.RemovalScorePass;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.SubsetGradient;
import dev.fudlr.influence.ScoreFunction;
import dev.fudlr.influence.TracedSolver;
import dev.fudlr.mask.BaselineSelections;
import dev.fudlr.debias.stage.DampedSolve;
import dev.fudlr.debias.stage.GuardedUnlearning;
import dev.fudlr.debias.stage.MaskSelection;
import dev.fudlr.debias.stage.TemperatureCalibration;
import dev.fudlr.mask.GuardedSelection;
import dev.fudlr.mask.MaskOptimizer;
import dev.fudlr.mask.MaskProblem;
import dev.fudlr.mask.MaskResult;
import dev.fudlr.mask.Selection;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.BaseParameterDigest;
import dev.fudlr.telemetry.FudlrAttributes;
import dev.fudlr.telemetry.FudlrTelemetry;
import dev.fudlr.telemetry.SpanNames;
import dev.fudlr.telemetry.Stage;
import dev.fudlr.progress.Progress;
import dev.fudlr.unlearn.NewtonCorrection;
import dev.fudlr.unlearn.NewtonRemoval;
import dev.fudlr.unlearn.UnlearningCertificate;
import org.tribuo.ConfigurableDataSource;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import dev.fudlr.reliability.EnumChoices;
import dev.fudlr.reliability.FudlrNumericException;
import dev.fudlr.reliability.NumericChecks;
import dev.fudlr.reliability.ProvenanceClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * FUDLR as a {@link PostTrainingTransformer} (registered as {@value #NAME}): debiases a trained
 * {@link AbstractDjlRecommenderModel} by unlearning a mask-selected set of training samples with one influence-function
 * Newton step, without retraining. Pipeline (see {@code shared/notes/method.md}):
 * <ol>
 *     <li>audit: exact fairness metrics of the model's top-K lists on the audit examples (users' already-seen items
 *     excluded, see {@link RecommenderAudit}), plus validation NDCG@K, HR@K and validation cross-entropy;</li>
 *     <li>surrogate gradients of each objective through the model's scores, and the gradient of the validation
 *     loss;</li>
 *     <li>CG solves {@code v_k = (H + lambda I)^-1 q_k} (damping escalated until they converge; every attempt
 *     recorded), then per-sample effects {@code a_ik = (1/n) g_i . v_k} and {@code b_i = (1/n) g_i . v_acc};</li>
 *     <li>the mask objective {@link MaskProblem} optimised with Adam; selection = mask above the threshold, capped at
 *     {@code maxRemovalFraction * n}, in mask order;</li>
 *     <li>Newton removal of the selection into a new model, re-audit, and the accuracy guard: while the accuracy drop
 *     exceeds {@code accuracyTolerance}, the selection is shrunk in mask order and Stage 2 repeated;</li>
 *     <li>an {@link UnlearningCertificate} and a surrogate sanity check (does the surrogate's predicted change have
 *     the sign of the exact change?).</li>
 * </ol>
 * Design choices of this project (not the paper's): the fairness terms of the mask start from the surrogate values
 * (the effects a_ik are surrogate changes), the accuracy term is normalised by the pre-debias validation loss, and the
 * guard measures accuracy as the <em>relative</em> drop of validation NDCG@{@code auditK} ({@code accuracyMeasure =
 * NDCG}, default) or the relative increase of the validation loss ({@code accuracyMeasure = LOSS}).
 * <p>
 * Not thread-safe per instance during {@link #transform}; the original model is never modified.
 */
public final class FudlrTransformer implements PostTrainingTransformer<Label> {
    private static final Logger logger = Logger.getLogger(FudlrTransformer.class.getName());

    /** The registry name. */
    public static final String NAME = "fudlr";
    /** Instance-value key prefix. */
    public static final String PREFIX = ReportKey.PREFIX;
    /** Fix for non-finite mask values. */
    static final String FIX_MASK = "Lower maskLearningRate or the mask weights (beta, gamma, eta); check the per-sample effects "
                                   + "(raise the damping if they are huge)";
    /** Fix for non-finite parameters after a Newton removal. */
    static final String FIX_STEP = "Raise the damping (or maxDamping) or remove fewer samples (lower maxRemovalFraction): the "
                                   + "Newton step overflowed";
    /** Metadata keys of the sensitive attributes this project's data carry (see {@link SampleEncoding}). */
    private static final List<String> SENSITIVE_KEYS = List.of(SampleEncoding.GENDER, SampleEncoding.AGE, SampleEncoding.OCCUPATION);
    /**
     * Most fairness objectives of one run (64). Each objective costs a surrogate gradient, an inverse-Hessian solve and
     * a column of per-sample effects over the whole training set; real runs use one to a few. Duplicates are refused.
     */
    public static final int MAX_OBJECTIVES = 64;
    /**
     * Largest {@code hessianSubsample} (1,000,000; 0 means all training samples). The empirical Fisher stores a
     * per-sample gradient row per subsampled sample (bounded by the memory budget too), and every curvature product
     * passes over the subsample; for more, use 0.
     */
    public static final int MAX_HESSIAN_SUBSAMPLE = 1_000_000;

    /**
     * Default retained samples of the certificate's residual after the step. Its interval's width depends on this
     * count, not on n, so the certificate costs the same on 10^5 and 10^8 samples; smaller training sets are
     * certified on all their samples.
     */
    public static final int DEFAULT_CERTIFICATE_SAMPLES = 8192;
    /** Default {@code correctionSteps}. */
    public static final int DEFAULT_CORRECTION_STEPS = 0;
    /** Default {@code correctionTarget}. */
    public static final NewtonCorrection.Target DEFAULT_CORRECTION_TARGET = NewtonCorrection.Target.RETRAINED;

    /**
     * Default largest fraction of training samples removed: the budget of every FUDLR result in docs/benchmarks.md.
     * A larger budget lets the mask remove more but costs accuracy the guard then has to win back.
     */
    public static final double DEFAULT_MAX_REMOVAL_FRACTION = 0.1;
    /** Audit rows of the objective check (the check runs the metrics on zero scores of these rows). */
    private static final int PROBE_ROWS = 64;

    @Config(description = "Fairness objectives: metric names of the fairness-metrics registry (plus CDI metric beans when a container runs), e.g. mgu@10 or ndcg-gap@10:gender; each once, at most MAX_OBJECTIVES (64).")
    private List<String> objectives = new ArrayList<>(List.of("mgu@10"));

    @Config(description = "Weights alpha_k of the objectives (empty = all 1).")
    private double[] objectiveWeights = new double[0];

    @Config(description = "Sensitive attribute metadata keys made available to attribute metrics.")
    private List<String> attributes = new ArrayList<>(List.of(SampleEncoding.GENDER));

    @Config(description = "beta: weight of the predicted validation-loss increase in the mask objective.")
    private double beta = 1.0;

    @Config(description = "gamma: per-sample removal cost in the mask objective.")
    private double gamma = 0.1;

    @Config(description = "eta: weight of the term pushing mask values towards 0 or 1.")
    private double eta = 0.1;

    @Config(description = "Largest fraction of training samples removed, in (0, 1].")
    private double maxRemovalFraction = DEFAULT_MAX_REMOVAL_FRACTION;

    @Config(description = "Largest accepted accuracy drop (relative, see accuracyMeasure) before the selection is shrunk.")
    private double accuracyTolerance = 0.03;

    @Config(description = "Accuracy measure of the guard: NDCG (relative drop of validation NDCG@auditK) or LOSS (relative validation loss increase).")
    private AccuracyMeasure accuracyMeasure = AccuracyMeasure.NDCG;

    @Config(description = "Fraction of the selection kept per guard shrink, in (0, 1).")
    private double guardShrinkFactor = 0.5;

    @Config(description = "Most accuracy checks (each one Newton removal) of the guard.")
    private int guardMaxAttempts = 6;

    // Fisher (Gauss-Newton) by default: a recommender trained for a few epochs is not at a minimum, its exact
    // Hessian is indefinite there, CG then hits negative curvature and only a large damping (1.0 on the synthetic
    // data) converges, which shrinks the update; the PSD Gauss-Newton matrix converges at 0.01.
    // A String, not an enum: CDI and plug-ins add curvature backends by name.
    @Config(description = "Curvature backend: exact, finite-difference, fisher (Gauss-Newton, default) or identity.")
    private String curvature = Curvatures.FISHER;

    @Config(description = "Initial damping lambda of the inverse-Hessian solves.")
    private double damping = 0.01;

    @Config(description = "Multiplier of lambda after a failed solve (> 1).")
    private double dampingEscalation = 10.0;

    @Config(description = "Largest damping tried.")
    private double maxDamping = 100.0;

    @Config(description = "Relative residual tolerance of conjugate gradient, in (0, 1).")
    private double cgTolerance = 1e-3;

    @Config(description = "Iteration cap of conjugate gradient.")
    private int cgMaxIterations = 100;

    @Config(description = "Training samples in the Hessian subsample (0 = all; at most MAX_HESSIAN_SUBSAMPLE, 1,000,000).")
    private int hessianSubsample = 2000;

    @Config(description = "Per-sample effects: EXACT (per-sample gradients) or FINITE_DIFFERENCE.")
    private GradientEngine.DirectionalMode directionalMode = GradientEngine.DirectionalMode.EXACT;

    @Config(description = "Adam steps of the mask optimisation.")
    private int maskSteps = 300;

    @Config(description = "Adam learning rate of the mask logits.")
    private double maskLearningRate = 0.1;

    @Config(description = "Initial mask logit (0 = every m_i starts at 0.5).")
    private double maskInitialLogit = 0.0;

    @Config(description = "Mask threshold of the selection.")
    private double maskThreshold = 0.5;

    @Config(description = "K of the audit's top-K lists and of the accuracy metrics (1..1000, MetricSpec.MAX_CUTOFF, and at most the catalogue).")
    private int auditK = 10;

    @Config(description = "Temperature of the fairness surrogates; 0 (default) = calibrated per objective on the audit scores from calibrationTemperatures.")
    private double surrogateTemperature = 0.0;

    @Config(description = "Candidate surrogate temperatures of the calibration (used when surrogateTemperature is 0).")
    private double[] calibrationTemperatures = {0.02, 0.05, 0.1, 0.25, 0.5, 1.0};

    @Config(description = "Calibration: accepted relative distance of a surrogate's value from its exact metric.")
    private double calibrationValueTolerance = 0.15;

    @Config(description = "Calibration: root-mean-square score change of the descent step that checks a surrogate's direction (capped so that the predicted change removes at most half of the surrogate's distance).")
    private double calibrationStep = 0.1;

    @Config(description = "How the removal set is chosen: MASK (FUDLR, default), FAIRNESS_TOPK (influence top-k on the fairness terms only, FMD-style) or RANDOM (a baseline).")
    private SelectionRule selection = SelectionRule.MASK;

    @Config(description = "Fixed removal-set size before the guard (0 = the mask's threshold decides; FAIRNESS_TOPK and RANDOM then use maxRemovalFraction * n).")
    private int removalCount = 0;

    @Config(description = "Also unlearn fairness-only top-k and random sets of the accepted size (same solver) and record their audit metrics in the report.")
    private boolean compareBaselines = false;

    @Config(description = "Return a debiased model even when FUDLR refuses (uncalibratable surrogate, fairness not improved, accuracy guard failed); the refusal is recorded.")
    private boolean force = false;

    @Config(description = "L2 weight decay of the training risk; negative = read weightDecay from the model's trainer provenance (0 if absent).")
    private double weightDecay = -1.0;

    @Config(description = "Samples per forward/backward chunk of the gradient engine.")
    private int chunkSize = 256;

    @Config(description = "Retained training samples the unlearning certificate evaluates at the new parameters (a seeded random subsample, with a 95% bootstrap interval in the report); 0 = all of them (one more gradient pass over the training data).")
    private int certificateSamples = DEFAULT_CERTIFICATE_SAMPLES;

    @Config(description = "Corrective Newton steps on the guard's accepted removal (0 = the one-step removal): each re-evaluates the stationarity condition at the edited parameters on correctionSamples retained samples and solves again with the same curvature and damping; the result is re-audited once and kept only under the guard's rule.")
    private int correctionSteps = DEFAULT_CORRECTION_STEPS;

    @Config(description = "What the corrective steps drive to zero: RETRAINED (default: the retrained optimum's stationarity, which the certificate measures; needs directionalMode EXACT) or REMOVAL (the removal's own condition; the base's gradient is kept).")
    private NewtonCorrection.Target correctionTarget = DEFAULT_CORRECTION_TARGET;

    @Config(description = "Retained training samples each corrective step evaluates (a seeded random subsample, drawn apart from the certificate's); 0 = all of them.")
    private int correctionSamples = DEFAULT_CERTIFICATE_SAMPLES;

    @Config(description = "Minimum number of users of a group whose per-group values the report and provenance publish; smaller groups are counted but their values suppressed (k-anonymity style; 1 = no suppression).")
    private int minGroupSize = SmallGroups.DEFAULT_MIN_GROUP_SIZE;

    @Config(description = "Seed of the Hessian subsample and the mask initial jitter.")
    private long seed = 12345L;

    @Config(description = "Interactions that define item popularity and the items each audit user has already seen "
                          + "(default: the training data). Give the full training interactions when the model was trained "
                          + "on a subset of them (few-shot), so that popularity groups match the data the recommender serves.")
    private ConfigurableDataSource<Label> interactionSource;

    /** Creates a transformer with default settings (for OLCUT and the registry). */
    public FudlrTransformer() {}

    /**
     * Creates a transformer with the given objectives and otherwise default settings.
     * @param objectives metric names.
     */
    public FudlrTransformer(List<String> objectives) {
        this.objectives = new ArrayList<>(objectives);
        postConfig();
    }

    /** @return a builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void postConfig() {
        if (objectives == null || objectives.isEmpty()) {
            throw new PropertyException("", "objectives", "At least one fairness objective is needed");
        }
        if (objectives.size() > MAX_OBJECTIVES) {
            throw new PropertyException("", "objectives", "At most " + MAX_OBJECTIVES + " objectives (FudlrTransformer.MAX_OBJECTIVES) "
                                        + "are allowed, found " + objectives.size());
        }
        MetricRegistry registry = MetricSource.current();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < objectives.size(); i++) {
            String o = objectives.get(i);
            FairnessMetric m;
            try {
                m = registry.parse(o);
            } catch (IllegalArgumentException e) {
                throw new PropertyException("", "objectives", "Unknown objective '" + o + "': " + e.getMessage());
            }
            if (!m.hasSurrogate() || m.direction() == Direction.DESCRIPTIVE) {
                throw new PropertyException("", "objectives", "Objective '" + o + "' has no differentiable surrogate or no distance from fair");
            }
            // By canonical name: "MGU@10" and "mgu@10" are one objective; a weight belongs in objectiveWeights.
            Integer first = seen.putIfAbsent(m.name(), i);
            if (first != null) {
                throw new PropertyException("", "objectives", "Objective '" + m.name() + "' is listed twice (entries " + (first + 1)
                                            + " and " + (i + 1) + "); list each objective once and weight it with objectiveWeights");
            }
        }
        if (attributes == null || attributes.stream().anyMatch(a -> a == null || a.isBlank())) {
            throw new PropertyException("", "attributes", "attributes must be a list of metadata keys without empty entries, found " + attributes);
        }
        // Fail at configuration time for the project's own sensitive keys (other names may be item groups or plug-in
        // attributes; those are checked against the audit data before the first model evaluation).
        for (String o : objectives) {
            for (String a : attributeParts(o)) {
                if (SENSITIVE_KEYS.contains(a) && !attributes.contains(a)) {
                    throw new PropertyException("", "objectives", "Objective '" + o + "' needs the user attribute '" + a
                                                + "', which is not among the attributes FUDLR reads " + attributes + "; add it to attributes");
                }
            }
        }
        if (objectiveWeights != null && objectiveWeights.length != 0 && objectiveWeights.length != objectives.size()) {
            throw new PropertyException("", "objectiveWeights", "Expected " + objectives.size() + " weights (one per objective) or none, found " + objectiveWeights.length);
        }
        if (objectiveWeights != null) {
            for (double w : objectiveWeights) {
                if (!(w >= 0) || !Double.isFinite(w)) {
                    throw new PropertyException("", "objectiveWeights", "Weights must be finite and >= 0, found " + w);
                }
            }
        }
        nonNegative(beta, "beta");
        nonNegative(gamma, "gamma");
        nonNegative(eta, "eta");
        nonNegative(accuracyTolerance, "accuracyTolerance");
        if (!(maxRemovalFraction > 0 && maxRemovalFraction <= 1)) {
            throw new PropertyException("", "maxRemovalFraction", "maxRemovalFraction must be in (0, 1], found " + maxRemovalFraction);
        }
        required(accuracyMeasure, "accuracyMeasure", AccuracyMeasure.class);
        if (!(guardShrinkFactor > 0 && guardShrinkFactor < 1)) {
            throw new PropertyException("", "guardShrinkFactor", "guardShrinkFactor must be in (0, 1), found " + guardShrinkFactor);
        }
        if (guardMaxAttempts < 1) {
            throw new PropertyException("", "guardMaxAttempts", "guardMaxAttempts must be >= 1, found " + guardMaxAttempts);
        }
        List<String> backends = List.of(Curvatures.EXACT, Curvatures.FINITE_DIFFERENCE, Curvatures.FISHER, Curvatures.IDENTITY);
        if (curvature == null || !backends.contains(curvature.toLowerCase(Locale.ROOT))) {
            throw new PropertyException("", "curvature", "curvature must be one of " + backends + ", found " + curvature);
        }
        nonNegative(damping, "damping");
        if (!(dampingEscalation > 1) || !Double.isFinite(dampingEscalation)) {
            throw new PropertyException("", "dampingEscalation", "dampingEscalation must be finite and > 1, found " + dampingEscalation);
        }
        if (!(maxDamping >= damping) || !Double.isFinite(maxDamping)) {
            throw new PropertyException("", "maxDamping", "maxDamping must be finite and >= damping (" + damping + "), found " + maxDamping);
        }
        if (!(cgTolerance > 0 && cgTolerance < 1)) {
            throw new PropertyException("", "cgTolerance", "cgTolerance must be in (0, 1), found " + cgTolerance);
        }
        if (cgMaxIterations < 1) {
            throw new PropertyException("", "cgMaxIterations", "cgMaxIterations must be >= 1, found " + cgMaxIterations);
        }
        if (hessianSubsample < 0) {
            throw new PropertyException("", "hessianSubsample", "hessianSubsample must be >= 0, found " + hessianSubsample);
        }
        if (hessianSubsample > MAX_HESSIAN_SUBSAMPLE) {
            throw new PropertyException("", "hessianSubsample", "hessianSubsample must be at most " + MAX_HESSIAN_SUBSAMPLE
                                        + " (FudlrTransformer.MAX_HESSIAN_SUBSAMPLE; 0 = all training samples), found " + hessianSubsample);
        }
        required(directionalMode, "directionalMode", GradientEngine.DirectionalMode.class);
        if (maskSteps < 0) {
            throw new PropertyException("", "maskSteps", "maskSteps must be >= 0, found " + maskSteps);
        }
        if (!(maskLearningRate > 0) || !Double.isFinite(maskLearningRate)) {
            throw new PropertyException("", "maskLearningRate", "maskLearningRate must be finite and > 0, found " + maskLearningRate);
        }
        if (!Double.isFinite(maskInitialLogit)) {
            throw new PropertyException("", "maskInitialLogit", "maskInitialLogit must be finite, found " + maskInitialLogit);
        }
        if (!(maskThreshold > 0 && maskThreshold < 1)) {
            throw new PropertyException("", "maskThreshold", "maskThreshold must be in (0, 1), found " + maskThreshold);
        }
        if (auditK < 1) {
            throw new PropertyException("", "auditK", "auditK must be >= 1, found " + auditK);
        }
        if (auditK > MetricSpec.MAX_CUTOFF) {
            throw new PropertyException("", "auditK", "auditK must be at most " + MetricSpec.MAX_CUTOFF + " (MetricSpec.MAX_CUTOFF), found " + auditK);
        }
        if (!(surrogateTemperature >= 0) || !Double.isFinite(surrogateTemperature)) {
            throw new PropertyException("", "surrogateTemperature", "surrogateTemperature must be finite and >= 0 (0 = calibrate), found " + surrogateTemperature);
        }
        if (surrogateTemperature == 0) {
            if (calibrationTemperatures == null || calibrationTemperatures.length == 0) {
                throw new PropertyException("", "calibrationTemperatures", "calibrationTemperatures must not be empty when surrogateTemperature is 0");
            }
            for (double t : calibrationTemperatures) {
                if (!(t > 0) || !Double.isFinite(t)) {
                    throw new PropertyException("", "calibrationTemperatures", "calibration temperatures must be finite and > 0, found " + t);
                }
            }
        }
        nonNegative(calibrationValueTolerance, "calibrationValueTolerance");
        required(selection, "selection", SelectionRule.class);
        if (removalCount < 0) {
            throw new PropertyException("", "removalCount", "removalCount must be >= 0, found " + removalCount);
        }
        if (!(calibrationStep > 0) || !Double.isFinite(calibrationStep)) {
            throw new PropertyException("", "calibrationStep", "calibrationStep must be finite and > 0, found " + calibrationStep);
        }
        if (!Double.isFinite(weightDecay)) {
            throw new PropertyException("", "weightDecay", "weightDecay must be finite, found " + weightDecay);
        }
        if (chunkSize < 1) {
            throw new PropertyException("", "chunkSize", "chunkSize must be >= 1, found " + chunkSize);
        }
        if (correctionSteps < 0) {
            throw new PropertyException("", "correctionSteps", "correctionSteps must be >= 0 (0 = the one-step Newton removal), found " + correctionSteps);
        }
        required(correctionTarget, "correctionTarget", NewtonCorrection.Target.class);
        if (correctionSamples < 0) {
            throw new PropertyException("", "correctionSamples", "correctionSamples must be >= 0 (0 = all retained samples), found " + correctionSamples);
        }
        if (correctionSteps > 0 && correctionTarget == NewtonCorrection.Target.RETRAINED
            && directionalMode != GradientEngine.DirectionalMode.EXACT) {
            throw new PropertyException("", "correctionTarget", "correctionTarget RETRAINED needs the full-data gradient of the exact "
                                        + "per-sample pass; set directionalMode EXACT or correctionTarget REMOVAL");
        }
        if (certificateSamples != 0 && certificateSamples < UnlearningCertificate.MIN_SAMPLES) {
            throw new PropertyException("", "certificateSamples", "certificateSamples must be 0 (all retained samples) or at least "
                                        + UnlearningCertificate.MIN_SAMPLES + " (the interval needs " + UnlearningCertificate.MIN_SAMPLES / 2
                                        + " batches of at least 2), found " + certificateSamples);
        }
        if (minGroupSize < 1) {
            throw new PropertyException("", "minGroupSize", "minGroupSize must be >= 1 (1 = no suppression), found " + minGroupSize);
        }
    }

    /** The argument of a metric name split at {@code *} (an attribute or intersection, or an item group), or none. */
    private static List<String> attributeParts(String objective) {
        try {
            String argument = MetricSpec.parse(objective).argument();
            return argument == null ? List.of() : UserAttribute.parts(argument);
        } catch (IllegalArgumentException e) {
            // A plug-in metric whose name does not follow the registry grammar: nothing to check here.
            return List.of();
        }
    }

    /** OLCUT never sets an enum field to null; a builder given null does. */
    private static void required(Enum<?> v, String name, Class<? extends Enum<?>> type) {
        if (v == null) {
            throw new PropertyException("", name, name + " must be one of " + EnumChoices.names(type) + ", found null");
        }
    }

    private static void nonNegative(double v, String name) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new PropertyException("", name, name + " must be finite and >= 0, found " + v);
        }
    }

    /**
     * @return samples per forward/backward chunk of the per-sample pass; a pass run elsewhere uses the same chunks to
     * return the same values.
     */
    public int chunkSize() {
        return chunkSize;
    }

    /** @return the objective names. */
    public List<String> objectives() {
        return Collections.unmodifiableList(objectives);
    }

    @Override
    public PostTrainingResult<Label> transform(Model<Label> model, Dataset<Label> train, Dataset<Label> audit) {
        return transform(model, train, audit, null);
    }

    /**
     * As {@link #transform(Model, Dataset, Dataset)}, with the passes whose cost grows with n or |S| run by
     * {@code effectsPass}, e.g. on Spark executors: the per-sample effects over all training samples, the Newton
     * removal's gradient over the removed samples and the exact certificate's passes over the retained ones (as its
     * {@link SubsetGradient}). Every other stage (audits, solves over the Hessian subsample, the mask, the certificate's
     * and the corrections' subsamples) runs in this JVM. The result selects the samples the in-JVM run selects (the
     * pass returns the same per-sample values); the new parameters equal it up to the rounding of the removed samples'
     * gradient sum, which the pass may add in another order. The pass's execution facts are added to the provenance
     * under {@link ReportKey#EXECUTION}.
     * @param model the model.
     * @param train its training data, in the order the pass scores it.
     * @param audit the audit data.
     * @param effectsPass null for this JVM, else the pass over {@code train} for {@code model}.
     * @return the debiased model and the report.
     */
    public PostTrainingResult<Label> transform(Model<Label> model, Dataset<Label> train, Dataset<Label> audit, RemovalScorePass effectsPass) {
        if (train == null || train.size() == 0) {
            throw new IllegalArgumentException("FUDLR needs the (non-empty) training dataset of the model");
        }
        return transform(model, TrainingSamples.of(train.getData()), audit, effectsPass);
    }

    /**
     * As {@link #transform(Model, Dataset, Dataset, RemovalScorePass)}, with the training samples kept where
     * {@code train} keeps them: this JVM reads only what its stages use, each fetched in one request (the Hessian
     * subsample, the sampled certificate's and the corrections' subsamples, the unlearned samples' metadata, and one
     * {@link TrainingSummary}); the passes over all samples or over S run in {@code effectsPass}. With the samples in
     * this JVM ({@link TrainingSamples#of}) it is the in-JVM run. Without a pass every sample is fetched (the per-sample
     * effects are then computed here); so is every sample when {@code hessianSubsample} is 0, and every retained one
     * for corrective steps with {@code correctionSamples} 0.
     * @param model the model.
     * @param train its training samples, in the order the pass scores them.
     * @param audit the audit data.
     * @param effectsPass null for this JVM, else the pass over {@code train} for {@code model}.
     * @return the debiased model and the report.
     */
    public PostTrainingResult<Label> transform(Model<Label> model, TrainingSamples train, Dataset<Label> audit, RemovalScorePass effectsPass) {
        return transform(model, train, audit, effectsPass, null);
    }

    /**
     * As {@link #transform(Model, TrainingSamples, Dataset, RemovalScorePass)}, with the re-audits of the candidate
     * models (the guard's, the corrective steps', the baseline selections') run by {@code reAudits}, bound to this run's
     * audit rows; the first audit, which also calibrates the surrogates, runs here.
     * @param model the model.
     * @param train its training samples, in the order the pass scores them.
     * @param audit the audit data.
     * @param effectsPass null for this JVM, else the pass over {@code train} for {@code model}.
     * @param reAudits null for this JVM, else the pass that re-audits candidates of {@code model}.
     * @return the debiased model and the report.
     */
    public PostTrainingResult<Label> transform(Model<Label> model, TrainingSamples train, Dataset<Label> audit, RemovalScorePass effectsPass,
                                               AuditPass reAudits) {
        if (!(model instanceof AbstractDjlRecommenderModel)) {
            throw new IllegalArgumentException("FUDLR needs a " + AbstractDjlRecommenderModel.class.getSimpleName() + ", got "
                                               + (model == null ? "null" : model.getClass().getName()));
        }
        if (train == null || train.size() == 0) {
            throw new IllegalArgumentException("FUDLR needs the (non-empty) training dataset of the model");
        }
        if (audit == null || audit.size() == 0) {
            throw new IllegalArgumentException("FUDLR needs a non-empty audit dataset (e.g. the validation split)");
        }
        return FudlrTelemetry.get().call(SpanNames.DEBIAS, FudlrAttributes.debiasRun(((AbstractDjlRecommenderModel) model).baseModelName(), objectives, curvature, train.size(), audit.size()),
                                         root -> {
                                             Run run = new Run((AbstractDjlRecommenderModel) model, train, audit.getData(), effectsPass, reAudits);
                                             try {
                                                 return run.execute();
                                             } finally {
                                                 // A refused or failed run ends its progress task too (idempotent).
                                                 run.progress.close();
                                                 if (run.held != null) {
                                                     run.held.close();
                                                 }
                                                 if (run.boundReAudits != null) {
                                                     run.boundReAudits.close();
                                                 }
                                             }
                                         });
    }

    /** One transform call: the state of the pipeline. */
    private final class Run {
        private final AbstractDjlRecommenderModel model;
        private final TrainingSamples samples;
        /** The training samples this JVM reads: fetched by the stage that reads them (all of them for an in-JVM list). */
        private final FetchedSamples train;
        /** The unlearned samples' labels and metadata, for the report. */
        private final FetchedSamples unlearnedMetadata;
        private final List<Example<Label>> audit;
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        private final FudlrReport.Builder report = new FudlrReport.Builder();
        private final List<FairnessMetric> metrics;
        private final List<FairnessMetric> accuracy;
        private final int cutoff;
        private long stageStart = System.nanoTime();
        private Map<String, Double> beforeValues;
        /** Weight of each objective: the configured one, or 0 for an objective skipped at calibration. */
        private final double[] weights;
        /** (1/n) sum of the per-sample gradients at theta, from the scoring pass (exact mode), or null. */
        private double[] fullGradientBefore;
        private final int skippedAudit;
        /** The per-sample effects pass elsewhere (e.g. Spark), or null for this JVM. */
        private final RemovalScorePass effectsPass;
        /** The re-audits elsewhere, or null for this JVM; bound to the audit rows while the run lasts. */
        private final AuditPass reAudits;
        private AuditPass.Bound boundReAudits;
        /** The original model's scores held by the audit pass for the first audit, or null when they are in this JVM. */
        private AuditPass.HeldScores held;
        private final FudlrTelemetry telemetry = FudlrTelemetry.get();
        // Reporting only: one unit per stage() call (audit ... report); the task ends when the run does.
        // One unit per stage that runs (baseline selections only when compared).
        private final Progress progress = Progress.start("FUDLR", FudlrStage.values().length - (compareBaselines ? 0 : 1), "stages");

        Run(AbstractDjlRecommenderModel model, TrainingSamples train, List<Example<Label>> audit, RemovalScorePass effectsPass,
            AuditPass reAudits) {
            this.model = model;
            this.reAudits = reAudits;
            this.samples = train;
            this.train = FetchedSamples.examples(train);
            this.unlearnedMetadata = FetchedSamples.metadata(train);
            this.effectsPass = effectsPass;
            if (effectsPass != null && (effectsPass.size() != train.size() || effectsPass.parameterCount() != model.numTrainableParameters())) {
                throw new IllegalArgumentException("The per-sample effects pass scores " + effectsPass.size() + " samples for "
                                                   + effectsPass.parameterCount() + " parameters, but the model has "
                                                   + model.numTrainableParameters() + " trainable parameters and " + train.size()
                                                   + " training samples were given: the pass must be built for this model and data");
            }
            this.audit = RecommenderAudit.inCatalogue(model.items(), audit);
            this.skippedAudit = audit.size() - this.audit.size();
            if (skippedAudit > 0) {
                logger.warning(skippedAudit + " audit samples target items outside the model's catalogue; they are left out of the audit");
            }
            if (this.audit.isEmpty()) {
                throw new IllegalArgumentException("No audit sample targets an item of the model's catalogue (" + audit.size() + " given)");
            }
            MetricRegistry registry = MetricSource.current();
            this.metrics = registry.parseAll(objectives);
            this.weights = new double[metrics.size()];
            for (int k = 0; k < weights.length; k++) {
                weights[k] = objectiveWeights == null || objectiveWeights.length == 0 ? 1.0 : objectiveWeights[k];
            }
            this.accuracy = registry.parseAll(List.of("ndcg@" + auditK, "hr@" + auditK));
            int c = auditK;
            for (FairnessMetric m : metrics) {
                c = Math.max(c, m.cutoff());
            }
            if (c > model.items().size()) {
                throw new IllegalArgumentException("The audit cut-off K = " + c + " (auditK " + auditK + " and the objectives' @K) is larger "
                                                   + "than the model's catalogue of " + model.items().size() + " items; lower auditK or the objectives' @K");
            }
            this.cutoff = c;
        }

        /** Popularity and seen items: of interactionSource's examples, else of the training data. */
        private TrainingSummary interactions(TrainingSummary training, Set<String> users) {
            if (interactionSource == null) {
                return training;
            }
            List<Example<Label>> out = new ArrayList<>();
            interactionSource.forEach(out::add);
            if (out.isEmpty()) {
                throw new IllegalArgumentException("interactionSource " + interactionSource.getProvenance().getClassName()
                                                   + " yielded no examples; FUDLR needs interactions to define item popularity");
            }
            logger.info("FUDLR popularity and seen items from interactionSource (" + out.size() + " interactions, "
                        + train.size() + " training samples)");
            return TrainingSummary.of(model.items(), out, users, List.of());
        }

        private void stage(FudlrStage stage) {
            progress.step(1, stage.id() + " done");
            long now = System.nanoTime();
            seconds.put(stage.id(), (now - stageStart) / 1e9);
            stageStart = now;
        }

        PostTrainingResult<Label> execute() {
            int n = train.size();
            int numObjectives = metrics.size();
            double wd = resolveWeightDecay();
            Stage span = telemetry.start(SpanNames.AUDIT).samples(audit.size());
            // One pass over the training samples, where they are: popularity, the audit users' seen items, group counts.
            Set<String> auditUsers = TrainingSummary.users(audit);
            TrainingSummary training = samples.summary(model.items(), auditUsers, attributes);
            if (training.samples() != n) {
                throw new IllegalStateException("The training summary covers " + training.samples() + " samples, the training set has " + n);
            }
            AuditData auditData = RecommenderAudit.build(model.items(), interactions(training, auditUsers), audit, attributes);
            checkObjectives(auditData);
            // Where the re-audits run, the first audit runs too when every surrogate is a sum over users: the scores stay there.
            held = holdScores(auditData);
            Measurement before = held == null ? measure(model, auditData, "FUDLR audit: scores of the original model", NumericChecks.FIX_MODEL)
                : audited(held.audit(), auditData, "FUDLR audit: the held scores' lists");
            beforeValues = before.values;
            report.minGroupSize(minGroupSize).before(before.values).trainSize(n).auditSize(audit.size()).auditSkipped(skippedAudit).weightDecay(wd)
                .parameters(model.numTrainableParameters(), sha256(model.trainableParametersAsDouble()))
                .baseParameters(model.baseParameterDigest().orElseThrow());
            stage(FudlrStage.AUDIT);
            span.metrics(before.values).set(FudlrAttributes.PARAMETERS, (long) model.numTrainableParameters()).end();

            AbstractDjlRecommenderModel result = null;
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(model), model.manager(), chunkSize)) {
                SampleLoss trainLoss = RecommenderObjectives.inPlace(model, train);
                SampleLoss validationLoss = RecommenderObjectives.loss(model, audit);
                ScoreFunction scoreFunction = RecommenderObjectives.scores(model, audit);
                double[] temperatures = calibrate(before, auditData);
                stage(FudlrStage.CALIBRATION);
                span = telemetry.start(SpanNames.GRADIENTS).samples(audit.size());
                NDArray[] queries = new NDArray[numObjectives + 1];
                double[] surrogateBefore = new double[numObjectives];
                Surrogate[] surrogates = new Surrogate[numObjectives];
                for (int k = 0; k < numObjectives; k++) {
                    surrogates[k] = metrics.get(k).surrogate(SurrogateSettings.DEFAULT.withTemperature(temperatures[k]));
                    ValueAndGradient vg = surrogateGradient(engine, scoreFunction, surrogates[k], auditData);
                    surrogateBefore[k] = NumericChecks.requireFinite("FUDLR surrogate-gradients: surrogate value of " + metrics.get(k).name(),
                                                                     vg.value(), NumericChecks.FIX_TEMPERATURE);
                    queries[k] = NumericChecks.requireFinite("FUDLR surrogate-gradients: surrogate gradient of " + metrics.get(k).name(),
                                                             vg.gradient(), NumericChecks.FIX_TEMPERATURE);
                }
                int[] all = GradientEngine.range(audit.size());
                double accuracyReference;
                if (accuracyMeasure == AccuracyMeasure.NDCG) {
                    // b_i from a soft NDCG@K on the audit users: the quantity the guard checks, on the fairness
                    // terms' relative scale (the full-catalogue cross-entropy barely moves when top-10 lists do).
                    FairnessMetric ndcg = accuracy.get(0);
                    double t = calibrateOne(ndcg, before, auditData);
                    ValueAndGradient vg = surrogateGradient(engine, scoreFunction, ndcg.surrogate(SurrogateSettings.DEFAULT.withTemperature(t)), auditData);
                    // The mask's accuracy term is loss-like (positive = worse): negate the NDCG gradient.
                    queries[numObjectives] = vg.gradient().neg();
                    vg.gradient().close();
                    accuracyReference = NumericChecks.requireFinite("FUDLR surrogate-gradients: surrogate value of " + ndcg.name(),
                                                                    vg.value(), NumericChecks.FIX_TEMPERATURE);
                    NumericChecks.requireFinite("FUDLR surrogate-gradients: surrogate gradient of " + ndcg.name(),
                                                queries[numObjectives], NumericChecks.FIX_TEMPERATURE);
                } else {
                    queries[numObjectives] = engine.gradient(validationLoss, all, 1.0 / audit.size(), null);
                    accuracyReference = before.validationLoss;
                }
                if (held != null) {
                    // The first audit is done: the scores are released where they are held.
                    held.close();
                    held = null;
                }
                stage(FudlrStage.SURROGATE_GRADIENTS);
                span.end();

                if (hessianSubsample > n) {
                    logger.info("hessianSubsample " + hessianSubsample + " is more than the " + n + " training samples; the Hessian uses all of them");
                }
                int[] hessianSample = hessianSubsample > 0 ? Curvatures.subsample(n, hessianSubsample, seed) : GradientEngine.range(n);
                // Built where the training samples are when the pass can (the Fisher's m x p gradients stay there), else here.
                Optional<CurvatureOperator> elsewhere = effectsPass == null ? Optional.empty()
                    : effectsPass.curvature(curvature, engine, hessianSample, wd);
                if (elsewhere.isEmpty()) {
                    train.fetch(hessianSample, "the Hessian subsample");
                }
                CurvatureOperator curv = elsewhere.isPresent() ? elsewhere.get() : Curvatures.create(curvature, engine, trainLoss, hessianSample, wd);
                InverseHvpSolver cg = TracedSolver.of(new ConjugateGradientSolver(cgTolerance, cgMaxIterations), telemetry);
                DampedSolve.Outcome solved = new DampedSolve(damping, dampingEscalation, maxDamping).solve(engine, trainLoss, curv, cg, queries);
                double lambda = solved.damping();
                NDArray[] directions = solved.directions();
                report.querySolve(curv.name(), lambda, solved.converged(), solved.iterations(), solved.residuals(), solved.attempts(), curv.products());
                stage(FudlrStage.INFLUENCE_SOLVES);

                span = telemetry.start(SpanNames.EFFECTS).samples(n);
                // The exact pass also yields the full-data gradient at theta, which the certificate reuses.
                boolean withGradient = directionalMode == GradientEngine.DirectionalMode.EXACT;
                double[][] effects;
                GradientEngine.DirectionalKernel kernel;
                if (effectsPass == null) {
                    train.fetch(GradientEngine.range(n), "the per-sample effects pass in this JVM");
                    double[] fullGradient = withGradient ? new double[engine.space().size()] : null;
                    effects = new InfluenceCalculator(engine, trainLoss, curv, cg, lambda)
                        .removalScores(GradientEngine.range(n), directionalMode, fullGradient, directions);
                    fullGradientBefore = fullGradient;
                    kernel = engine.lastDirectionalKernel();
                } else {
                    double[][] host = new double[directions.length][];
                    for (int k = 0; k < directions.length; k++) {
                        host[k] = engine.space().toHost(directions[k]);
                    }
                    RemovalScorePass.Result r = effectsPass.removalScores(host, directionalMode, withGradient);
                    if (r.effects().length != n || (withGradient && (r.gradient() == null || r.gradient().length != engine.space().size()))) {
                        throw new IllegalStateException("The per-sample effects pass returned " + r.effects().length + " rows for " + n
                                                        + " samples" + (withGradient ? " and a gradient of length "
                                                        + (r.gradient() == null ? "null" : String.valueOf(r.gradient().length)) : ""));
                    }
                    effects = r.effects();
                    fullGradientBefore = withGradient ? r.gradient() : null;
                    kernel = r.kernel();
                }
                report.effectsKernel(kernel.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                // Rows are training samples; columns a_i1..a_iK, then b_i.
                NumericChecks.requireFinite("FUDLR per-sample-effects: a_ik and b_i (columns: objectives, then validation loss)",
                                            effects, NumericChecks.FIX_DAMPING);
                for (NDArray a : queries) {
                    a.close();
                }
                for (NDArray d : directions) {
                    d.close();
                }
                stage(FudlrStage.PER_SAMPLE_EFFECTS);
                span.end();

                span = telemetry.start(SpanNames.MASK).samples(n);
                MaskProblem problem = maskProblem(effects, surrogateBefore, accuracyReference);
                report.maskProblem(problem);
                MaskOptimizer optimizer = MaskSelection.optimizer(maskSteps, maskLearningRate, maskInitialLogit, seed);
                MaskResult mask = optimizer.optimize(problem);
                NumericChecks.requireFinite("FUDLR mask: mask values m_i", mask.mask(), FIX_MASK);
                Selection selection = select(problem, mask, n);
                double[] trace = mask.trace();
                report.mask(mask.histogram(10), maskThreshold, trace[0], mask.finalObjective(), selection.candidates(), selection.size(), selection.capped());
                List<String> objectiveNames = metrics.stream().map(FairnessMetric::name).toList();
                report.details(ReportDetails.thresholdTradeOff(mask.mask(), effects, objectiveNames, maxRemovalFraction,
                                                               ReportDetails.DEFAULT_THRESHOLDS));
                stage(FudlrStage.MASK);
                span.set(FudlrAttributes.MASK_THRESHOLD, maskThreshold).set(FudlrAttributes.MASK_CANDIDATES, (long) selection.candidates())
                    .set(FudlrAttributes.MASK_SELECTED, (long) selection.size()).set(FudlrAttributes.MASK_OBJECTIVE_INITIAL, trace[0])
                    .set(FudlrAttributes.MASK_OBJECTIVE_FINAL, mask.finalObjective()).end();
                if (selection.size() == 0) {
                    refuse("the mask selected no training samples, so nothing changes",
                           "lower gamma (the per-sample removal cost) or beta, or raise maskSteps");
                }

                span = telemetry.start(SpanNames.UNLEARN);
                // Sums over the removed (or all retained) samples run where the per-sample pass runs: their cost grows
                // with |S| (or n), the solves' and the subsamples' does not.
                SubsetGradient trainingGradients = effectsPass != null ? effectsPass : SubsetGradient.inJvm(engine, trainLoss);
                NewtonRemoval removal = new NewtonRemoval(engine, trainLoss, curv, cg, lambda, dampingEscalation, maxDamping, trainingGradients);
                GuardedSelection guard = new GuardedSelection(accuracyTolerance, guardShrinkFactor, guardMaxAttempts);
                NewtonCorrection correction = new NewtonCorrection(engine, trainLoss, curv, cg, wd, correctionTarget, correctionSamples, seed);
                // The guard judges one-step removals; the corrections refine the accepted one only (one re-audit) and
                // are applied to the baseline selections too, so that equal-|S| comparisons use the same edit.
                Function<int[], NewtonRemoval.Result> unlearn = set -> {
                    NewtonRemoval.Result r = removal.remove(set);
                    fetchForCorrections(correction, r);
                    return correction.correct(r, correctionSteps, fullGradientBefore);
                };
                GuardedUnlearning.Outcome<Measurement> unlearned = GuardedUnlearning.run(model, removal, guard, selection, (m, size) -> {
                    Stage reaudit = telemetry.start(SpanNames.REAUDIT).samples(audit.size()).set(FudlrAttributes.SELECTION_SIZE, (long) size);
                    Measurement after = reAudit(m, auditData, "FUDLR re-audit: scores after unlearning " + size + " samples", FIX_STEP);
                    // A removal that does not improve the exact fairness objective (an overshooting step, or a wrong
                    // first-order prediction) is shrunk like one that costs too much accuracy: reported as drop +inf.
                    double drop = weightedDistance(after) < weightedDistance(before) ? accuracyDrop(before, after) : Double.POSITIVE_INFINITY;
                    reaudit.metrics(after.values).set(FudlrAttributes.ACCURACY_DROP, drop).end();
                    return new GuardedUnlearning.Judgement<>(after, drop);
                }, FIX_STEP);
                GuardedSelection.Outcome outcome = unlearned.guard();
                report.guard(outcome.satisfied(), outcome.attempts().stream().map(Object::toString).toList());
                GuardedUnlearning.Candidate<Measurement> chosen = outcome.selection().size() > 0 ? unlearned.accepted() : null;
                if (chosen != null && correctionSteps > 0) {
                    fetchForCorrections(correction, chosen.removal());
                    chosen = corrected(chosen, correction, auditData, before);
                }
                stage(FudlrStage.UNLEARNING_AND_GUARD);
                span.set(FudlrAttributes.UNLEARNED, (long) outcome.selection().size()).set(FudlrAttributes.GUARD_SATISFIED, outcome.satisfied()).end();
                if (!outcome.satisfied() && selection.size() > 0) {
                    refuse("no selection tried both improved the exact fairness objective and kept the accuracy drop within accuracyTolerance="
                           + accuracyTolerance + " (drop = Infinity: fairness not improved) ("
                           + outcome.attempts() + ")", "raise accuracyTolerance or guardMaxAttempts, or lower maxRemovalFraction");
                }

                Selection accepted = outcome.selection();
                int[] removed = accepted.sortedIndices();
                double[] thetaAfter;
                Measurement after;
                if (removed.length == 0) {
                    thetaAfter = model.trainableParametersAsDouble();
                    after = before;
                    report.removal(List.of(), lambda, true, 0.0);
                } else {
                    GuardedUnlearning.Candidate<Measurement> c = chosen;
                    thetaAfter = c.removal().thetaAfter();
                    after = c.after();
                    report.removal(c.removal().attempts().stream().map(Object::toString).toList(), c.removal().damping(),
                                   c.removal().converged(), c.removal().stepNorm());
                    train.fetch(UnlearningCertificate.sampledIndices(n, c.removal().removed(), certificateSamples, fullGradientBefore != null, seed),
                                "the certificate's subsample");
                    UnlearningCertificate cert = UnlearningCertificate.computeSampled(trainingGradients, engine, trainLoss, wd, c.removal(),
                                                                                       fullGradientBefore, certificateSamples, seed);
                    report.certificate(cert);
                }
                stage(FudlrStage.CERTIFICATE);
                if (compareBaselines) {
                    if (removed.length > 0) {
                        compareSelections(unlearn, problem, auditData, removed.length);
                    }
                    stage(FudlrStage.BASELINE_SELECTIONS);
                }

                // Surrogate sanity: its predicted change (sum of a_ik over S) against the exact change.
                for (int k = 0; k < numObjectives; k++) {
                    String name = metrics.get(k).name();
                    double predicted = 0;
                    for (int i : removed) {
                        predicted += effects[i][k];
                    }
                    double exact = after.values.get(name) - before.values.get(name);
                    report.surrogate(name, surrogateBefore[k], predicted, exact);
                }
                report.after(after.values);
                if (removed.length > 0) {
                    double fairBefore = weightedDistance(before);
                    double fairAfter = weightedDistance(after);
                    report.fairnessDistance(fairBefore, fairAfter);
                    if (!(fairAfter < fairBefore)) {
                        refuse(String.format(Locale.ROOT, "the exact fairness objective did not improve on the audit users (weighted distance %.6f -> %.6f)",
                                             fairBefore, fairAfter),
                               "check the calibration rows in the report; try another curvature backend, a larger damping or a smaller maxRemovalFraction");
                    }
                }
                List<String> ids = new ArrayList<>(removed.length);
                unlearnedMetadata.fetch(removed, "the unlearned samples' ids");
                for (int i : removed) {
                    String id = SampleEncoding.metadata(unlearnedMetadata.get(i), SampleEncoding.SAMPLE);
                    ids.add(id == null ? "index:" + i : id);
                }
                Collections.sort(ids);
                report.unlearned(ids, removed);
                if (removed.length > 0) {
                    report.details(ReportDetails.unlearnedSamples(unlearnedMetadata, training, attributes, removed, mask.mask(), effects,
                                                                  objectiveNames, ReportDetails.DEFAULT_TOP, minGroupSize));
                }
                if (model.dataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
                    // The new model stores float32: hash exactly what it will hold, so `fudlr verify` can match it.
                    for (int j = 0; j < thetaAfter.length; j++) {
                        thetaAfter[j] = (float) thetaAfter[j];
                    }
                }
                NumericChecks.requireFinite("FUDLR report: new parameters before they are written into the model", thetaAfter, FIX_STEP);
                report.thetaAfter(sha256(thetaAfter));
                report.environment(model.effectiveDeviceSpec(), model.device().toString(), djlVersion());
                if (effectsPass != null) {
                    report.execution(effectsPass.executionFacts(!ProvenanceClock.isFixed()));
                }
                stage(FudlrStage.REPORT);
                report.seconds(seconds);
                progress.close();
                FudlrReport finished = report.build();
                ModelProvenance provenance = new PostTrainingModelProvenance(model.getClass().getName(), ProvenanceClock.now(),
                                                                             model.getProvenance(), getProvenance(),
                                                                             finished.provenanceValues());
                result = model.copyWithTrainableParameters(thetaAfter, provenance);
                // The record must hold for the model written: FUDLR changes only the trainable parameters.
                String baseAfter = result.baseParameterDigest().orElseThrow().sha256();
                if (!baseAfter.equals(model.baseParameterDigest().orElseThrow().sha256())) {
                    throw new IllegalStateException("FUDLR report: the base parameters of the new model differ from the original's ("
                                                    + baseAfter + "); only trainable parameters may change");
                }
                logger.info(finished.summary());
                return new PostTrainingResult<>(result, finished);
            }
        }

        /** Fetches the retained samples the corrective steps on a removal evaluate (none without corrective steps). */
        private void fetchForCorrections(NewtonCorrection correction, NewtonRemoval.Result removal) {
            if (correctionSteps > 0 && removal.removed().length > 0) {
                train.fetch(correction.subsample(train.size(), removal.removed()), "the corrective steps' subsample");
            }
        }

        /**
         * The corrective steps on the guard's accepted removal, re-audited once: kept when the exact fairness objective
         * still improves and the accuracy drop stays within the tolerance (the guard's own rule), otherwise the
         * one-step removal stands; the report records which, and why.
         */
        private GuardedUnlearning.Candidate<Measurement> corrected(GuardedUnlearning.Candidate<Measurement> accepted, NewtonCorrection correction,
                                                                   AuditData auditData, Measurement before) {
            NewtonRemoval.Result r = correction.correct(accepted.removal(), correctionSteps, fullGradientBefore);
            int tried = r.attempts().size() - accepted.removal().attempts().size();
            List<String> stepsTried = r.attempts().subList(accepted.removal().attempts().size(), r.attempts().size()).stream()
                .map(NewtonRemoval.Attempt::solver).toList();
            if (Arrays.equals(r.thetaAfter(), accepted.removal().thetaAfter())) {
                report.correction("none accepted: no corrective step decreased |F| (" + tried + " tried)", stepsTried);
                return accepted;
            }
            NumericChecks.requireFinite("FUDLR correction: new parameters", r.thetaAfter(), FIX_STEP);
            AbstractDjlRecommenderModel edited = NewtonRemoval.apply(model, r, model.getProvenance());
            Measurement m;
            try {
                m = reAudit(edited, auditData, "FUDLR re-audit: scores after the corrective steps", FIX_STEP);
            } finally {
                edited.close();
            }
            double drop = weightedDistance(m) < weightedDistance(before) ? accuracyDrop(before, m) : Double.POSITIVE_INFINITY;
            String steps = correctionTarget.name().toLowerCase(Locale.ROOT) + ", " + tried + " step(s) tried";
            if (drop <= accuracyTolerance) {
                report.correction(String.format(Locale.ROOT, "accepted (%s; accuracy drop %.4f)", steps, drop), stepsTried);
                return new GuardedUnlearning.Candidate<>(r, m);
            }
            String why = Double.isInfinite(drop) ? "the exact fairness objective did not improve"
                : String.format(Locale.ROOT, "accuracy drop %.4f above accuracyTolerance %.4f", drop, accuracyTolerance);
            logger.info("Corrective steps rejected (" + why + "); keeping the one-step removal");
            report.correction("rejected (" + steps + "): " + why + "; the one-step removal is kept", stepsTried);
            return accepted;
        }

        /**
         * The same Newton removal (and corrective steps, when configured) for fairness-only top-k and random sets of the
         * accepted size, sharing this run's influence computations: at equal |S| the comparison isolates the selection
         * rule.
         */
        private void compareSelections(Function<int[], NewtonRemoval.Result> unlearn, MaskProblem problem, AuditData auditData, int size) {
            Map<String, Selection> rules = new LinkedHashMap<>();
            // Keyed by the lowercase labels: the report's baseline keys (fudlr.baseline.fairness-topk...) stay as they were.
            rules.put(SelectionRule.FAIRNESS_TOPK.label(), BaselineSelections.fairnessTopK(problem, size));
            rules.put(SelectionRule.RANDOM.label(), BaselineSelections.random(problem.size(), size, seed));
            for (Map.Entry<String, Selection> e : rules.entrySet()) {
                NewtonRemoval.Result r = unlearn.apply(e.getValue().indices());
                NumericChecks.requireFinite("FUDLR baseline selection " + e.getKey() + ": new parameters", r.thetaAfter(), FIX_STEP);
                AbstractDjlRecommenderModel m = NewtonRemoval.apply(model, r, model.getProvenance());
                Measurement after;
                try {
                    after = reAudit(m, auditData, "FUDLR baseline selection " + e.getKey() + ": scores", FIX_STEP);
                } finally {
                    m.close();
                }
                report.baselineSelection(e.getKey(), e.getValue().sortedIndices(), r.thetaAfter(), after.values);
            }
        }

        /**
         * Fails before the first model evaluation when an objective cannot be computed on the audit data: an attribute
         * it names is carried by no audit sample, or computing it fails (e.g. an attribute FUDLR was not configured to
         * read). The metrics run on zero scores of the first {@value #PROBE_ROWS} audit rows, which costs no model
         * evaluation.
         */
        private void checkObjectives(AuditData auditData) {
            java.util.Set<String> present = new java.util.TreeSet<>();
            for (Example<Label> e : audit) {
                for (Map.Entry<String, Object> m : e.getMetadata().entrySet()) {
                    if (!SampleEncoding.RESERVED_KEYS.contains(m.getKey()) && m.getValue() != null && !m.getValue().toString().isEmpty()) {
                        present.add(m.getKey());
                    }
                }
            }
            for (FairnessMetric f : metrics) {
                for (String a : attributeParts(f.name())) {
                    if (attributes.contains(a) && !present.contains(a)) {
                        throw new IllegalArgumentException("Objective '" + f.name() + "' needs the user attribute '" + a + "', but none of the "
                                                           + audit.size() + " audit samples carries it; attributes in the audit data: " + present);
                    }
                }
            }
            int rows = Math.min(PROBE_ROWS, audit.size());
            AuditData probe = auditData.rows(GradientEngine.range(rows));
            Recommendations recs = Recommendations.fromScores(ScoreMatrix.ofFloats(new float[rows][model.items().size()]), probe, cutoff);
            for (FairnessMetric f : metrics) {
                try {
                    f.compute(recs);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new IllegalArgumentException("Objective '" + f.name() + "' cannot be computed on the audit data: " + e.getMessage()
                                                       + " (FUDLR reads the attributes " + attributes + "; attributes in the audit data: "
                                                       + present + ")", e);
                }
            }
        }

        /** The removal set before the guard, in priority order (the guard shrinks it from the end). */
        private Selection select(MaskProblem problem, MaskResult mask, int n) {
            int budget = removalCount > 0 ? Math.min(removalCount, n) : (int) Math.floor(maxRemovalFraction * n);
            switch (selection) {
                case FAIRNESS_TOPK:
                    return BaselineSelections.fairnessTopK(problem, budget);
                case RANDOM:
                    return BaselineSelections.random(n, budget, seed);
                default:
                    // The mask decides how many samples go (those above the threshold), best net benefit first.
                    return MaskSelection.select(problem, mask.mask(), maskThreshold, budget, removalCount > 0);
            }
        }

        /**
         * Per objective: the fixed temperature, or the calibrated one. An objective no temperature fits is skipped (weight
         * 0, recorded) when another one calibrates: typically a gap that is already about 0 on the audit users, where
         * every step widens it; FUDLR refuses only when no objective is left.
         */
        private double[] calibrate(Measurement before, AuditData auditData) {
            double[] out = new double[metrics.size()];
            List<Integer> uncalibrated = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            for (int k = 0; k < metrics.size(); k++) {
                TemperatureCalibration.Outcome o = calibrationOutcome(metrics.get(k), before, auditData);
                out[k] = o == null ? surrogateTemperature : o.temperature();
                if (Double.isNaN(out[k])) {
                    uncalibrated.add(k);
                    reasons.add(notCalibrated(o));
                    out[k] = o.closestInValue();
                }
            }
            if (!uncalibrated.isEmpty() && uncalibrated.size() < metrics.size()) {
                for (int i = 0; i < uncalibrated.size(); i++) {
                    int k = uncalibrated.get(i);
                    weights[k] = 0.0;
                    report.skippedObjective(metrics.get(k).name(), reasons.get(i));
                    logger.warning("FUDLR skips objective " + metrics.get(k).name() + ": " + reasons.get(i));
                }
            } else {
                for (String reason : reasons) {
                    refuse(reason, "add other calibrationTemperatures or a larger calibrationStep, or drop this objective");
                }
            }
            return out;
        }

        private String notCalibrated(TemperatureCalibration.Outcome o) {
            return "the surrogate of " + o.metric() + " does not move with the exact metric at any temperature in "
                   + Arrays.toString(calibrationTemperatures) + " (rows: " + o.rows() + ")";
        }

        /** The calibration of one metric (recorded), or null when the temperature is fixed by configuration. */
        private TemperatureCalibration.Outcome calibrationOutcome(FairnessMetric m, Measurement before, AuditData auditData) {
            if (surrogateTemperature > 0) {
                report.calibration(m.name(), surrogateTemperature, List.of("fixed by surrogateTemperature"));
                return null;
            }
            TemperatureCalibration calibration = new TemperatureCalibration(calibrationTemperatures, calibrationStep, calibrationValueTolerance);
            TemperatureCalibration.Outcome o = held == null ? calibration.calibrate(m, before.scores, auditData)
                : calibration.calibrate(m, held, before.recommendations);
            report.calibration(m.name(), o.temperature(), o.rows().stream().map(Object::toString).toList());
            logger.info(String.format(Locale.ROOT, "Surrogate of %s: temperature %g (rows: %s)", m.name(), o.temperature(), o.rows()));
            return o;
        }

        private double calibrateOne(FairnessMetric m, Measurement before, AuditData auditData) {
            TemperatureCalibration.Outcome o = calibrationOutcome(m, before, auditData);
            if (o == null) {
                return surrogateTemperature;
            }
            if (!o.calibrated()) {
                refuse(notCalibrated(o), "add other calibrationTemperatures or a larger calibrationStep, or drop this objective");
            }
            return o.temperatureOrClosest();
        }

        /** The mask's fairness terms on exact values: sum_k alpha_k rho_k(F_k) / rho_k(F_k before). */
        private double weightedDistance(Measurement m) {
            double total = 0;
            for (int k = 0; k < metrics.size(); k++) {
                FairnessMetric f = metrics.get(k);
                double ref = f.direction().distance(beforeValues.get(f.name()));
                total += weights[k] * f.direction().distance(m.values.get(f.name())) / (ref > 1e-12 ? ref : 1.0);
            }
            return total;
        }

        /** Stops the run (or, with force, records the refusal and goes on). */
        private void refuse(String reason, String hint) {
            report.refusal(reason, force);
            if (force) {
                logger.warning("FUDLR would refuse (" + reason + "); continuing because force=true");
                return;
            }
            throw new DebiasRefusedException("FUDLR refused: " + reason, hint);
        }

        private MaskProblem maskProblem(double[][] effects, double[] surrogateBefore, double accuracyReference) {
            return MaskSelection.problem(effects, metrics, weights, surrogateBefore, accuracyReference, beta, gamma, eta);
        }

        private double accuracyDrop(Measurement before, Measurement after) {
            if (accuracyMeasure == AccuracyMeasure.LOSS) {
                return (after.validationLoss - before.validationLoss) / Math.max(1e-12, Math.abs(before.validationLoss));
            }
            double b = before.values.get(ndcgName());
            double a = after.values.get(ndcgName());
            // With no hits before, a relative drop is undefined; the absolute one is used.
            return b > 0 ? (b - a) / b : b - a;
        }

        private double resolveWeightDecay() {
            if (weightDecay >= 0) {
                return weightDecay;
            }
            Provenance p = model.getProvenance().getTrainerProvenance().getConfiguredParameters().get("weightDecay");
            if (p instanceof DoubleProvenance) {
                return ((DoubleProvenance) p).getValue();
            }
            logger.warning("No weightDecay in the trainer provenance of " + model.getName() + "; assuming 0");
            return 0.0;
        }

        /**
         * Exact metrics of a model on the audit users.
         * @param stage names the scores in a numeric fault.
         * @param fix the fix of a numeric fault.
         * @throws FudlrNumericException if a score is NaN or infinite (a ranking of NaN scores is meaningless).
         */
        private Measurement measure(AbstractDjlRecommenderModel m, AuditData auditData, String stage, String fix) {
            float[][] rows = m.scores(audit);
            for (int r = 0; r < rows.length; r++) {
                NumericChecks.requireFinite(stage + " (audit sample " + r + ")", rows[r], fix);
            }
            ScoreMatrix matrix = ScoreMatrix.ofFloats(rows);
            return measured(Recommendations.fromScores(matrix, auditData, cutoff), m.perSampleLossAsDouble(audit), matrix);
        }

        /** Exact metrics of a candidate model: by the re-audit pass when there is one (from its lists), else here. */
        private Measurement reAudit(AbstractDjlRecommenderModel m, AuditData auditData, String stage, String fix) {
            if (reAudits == null) {
                return measure(m, auditData, stage, fix);
            }
            return audited(bound(auditData).audit(m.trainableParametersAsDouble(), cutoff), auditData, stage);
        }

        private AuditPass.Bound bound(AuditData auditData) {
            if (boundReAudits == null) {
                boundReAudits = reAudits.bind(audit, auditData);
            }
            return boundReAudits;
        }

        /** Exact metrics from an audit the pass ran elsewhere. */
        private Measurement audited(AuditPass.Audit a, AuditData auditData, String stage) {
            if (a.lists().length != audit.size() || a.losses().length != audit.size()) {
                throw new IllegalStateException(stage + ": the audit pass returned " + a.lists().length + " lists and " + a.losses().length
                                                + " losses for " + audit.size() + " audit rows");
            }
            return measured(Recommendations.of(TopKLists.of(a.lists(), cutoff, model.items().size()), auditData), a.losses(), null);
        }

        /**
         * The original model's scores held by the audit pass, when there is one that holds scores and every surrogate
         * the run takes (the objectives', and NDCG's when it measures accuracy) is a sum over users; else null.
         */
        private AuditPass.HeldScores holdScores(AuditData auditData) {
            if (reAudits == null) {
                return null;
            }
            List<FairnessMetric> smoothed = new ArrayList<>(metrics);
            if (accuracyMeasure == AccuracyMeasure.NDCG) {
                smoothed.add(accuracy.get(0));
            }
            for (FairnessMetric f : smoothed) {
                if (f.surrogate(SurrogateSettings.DEFAULT).separable(auditData).isEmpty()) {
                    logger.info("FUDLR first audit in this JVM: the surrogate of " + f.name() + " is not a sum over users");
                    return null;
                }
            }
            AuditPass.HeldScores h = bound(auditData).hold(model.trainableParametersAsDouble(), cutoff).orElse(null);
            if (h != null && (h.numUsers() != audit.size() || h.numItems() != model.items().size())) {
                h.close();
                throw new IllegalStateException("The audit pass holds " + h.numUsers() + " x " + h.numItems() + " scores for " + audit.size()
                                                + " audit rows and " + model.items().size() + " items");
            }
            return h;
        }

        /** A surrogate's value and gradient at the original parameters: on the held scores, else on the score matrix here. */
        private ValueAndGradient surrogateGradient(GradientEngine engine, ScoreFunction scores, Surrogate surrogate, AuditData auditData) {
            if (held == null) {
                GradientEngine.ValueAndGradient vg = engine.surrogateGradient(scores, SurrogateObjective.of(surrogate, auditData), null);
                return new ValueAndGradient(vg.value(), vg.gradient());
            }
            SeparableSurrogate s = surrogate.separable(auditData).orElseThrow();
            double[] sums = held.sums(List.of(s))[0];
            double[] g = held.surrogateGradient(s, sums, s.adjoint(sums));
            if (g.length != engine.space().size()) {
                throw new IllegalStateException("The audit pass returned a surrogate gradient of " + g.length + " entries for "
                                                + engine.space().size() + " trainable parameters");
            }
            return new ValueAndGradient(s.value(sums), engine.space().fromHost(engine.vectors(), g));
        }

        /** The objectives, the accuracy metrics and the mean validation loss of recommendations. */
        private Measurement measured(Recommendations recs, double[] losses, ScoreMatrix matrix) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (FairnessMetric f : metrics) {
                MetricResult r = f.compute(recs);
                values.put(f.name(), r.value());
                for (Map.Entry<String, Double> e : r.breakdown().entrySet()) {
                    values.put(f.name() + "/" + e.getKey(), e.getValue());
                }
            }
            for (FairnessMetric f : accuracy) {
                values.put(f.name(), f.value(recs));
            }
            double loss = Arrays.stream(losses).average().orElse(Double.NaN);
            values.put("validation-loss", loss);
            return new Measurement(values, loss, recs, matrix);
        }
    }

    private String ndcgName() {
        return "ndcg@" + auditK;
    }

    private static double[] column(double[][] m, int k) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][k];
        }
        return out;
    }

    static String sha256(double[] values) {
        return BaseParameterDigest.vectorSha256(values);
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String djlVersion() {
        try {
            ai.djl.engine.Engine e = ai.djl.engine.Engine.getInstance();
            return "djl=" + ai.djl.engine.Engine.getDjlVersion() + ", engine=" + e.getEngineName() + " " + e.getVersion();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    /** Exact metrics of one model on the audit set. */
    private static final class Measurement {
        final Map<String, Double> values;
        final double validationLoss;
        /** The recommendations the values were computed from. */
        final Recommendations recommendations;
        /** The scores, when they are in this JVM (the first audit without held scores), else null. */
        final ScoreMatrix scores;

        Measurement(Map<String, Double> values, double validationLoss, Recommendations recommendations, ScoreMatrix scores) {
            this.values = Collections.unmodifiableMap(values);
            this.validationLoss = validationLoss;
            this.recommendations = recommendations;
            this.scores = scores;
        }
    }

    /** A surrogate's value and its gradient with respect to the trainable parameters. */
    private record ValueAndGradient(double value, NDArray gradient) {}

    /** A guard-checked removal. */
    /** Two transformers are equal when every configured value is (compared through their provenance). */
    @Override
    public boolean equals(Object o) {
        return o instanceof FudlrTransformer && getProvenance().equals(((FudlrTransformer) o).getProvenance());
    }

    @Override
    public int hashCode() {
        return getProvenance().hashCode();
    }

    @Override
    public String toString() {
        return "FudlrTransformer(objectives=" + objectives + ", weights=" + Arrays.toString(objectiveWeights) + ", beta=" + beta
               + ", gamma=" + gamma + ", eta=" + eta + ", maxRemovalFraction=" + maxRemovalFraction + ", accuracyTolerance="
               + accuracyTolerance + ", curvature=" + curvature + ", damping=" + damping + ")";
    }

    /**
     * The accuracy measure of the guard ({@code accuracyMeasure}). Configuration files name the constant; the report
     * and the command line keep the lowercase {@link #label()}.
     */
    public enum AccuracyMeasure {
        /** Relative drop of validation NDCG@{@code auditK}; the mask's accuracy term is a soft NDCG surrogate. */
        NDCG,
        /** Relative increase of the validation cross-entropy; the mask's accuracy term is the validation loss. */
        LOSS;

        /** @return the lowercase name used before 0.1.0 and on the command line ({@code ndcg}, {@code loss}). */
        public String label() {
            return EnumChoices.label(this);
        }
    }

    /**
     * How the removal set is chosen ({@code selection}). Configuration files name the constant; report keys and the
     * command line keep the lowercase {@link #label()}.
     */
    public enum SelectionRule {
        /** The FUDLR mask: samples above {@code maskThreshold}, best net benefit first. */
        MASK,
        /** Influence top-k on the fairness terms only, no accuracy term (FMD-style). */
        FAIRNESS_TOPK,
        /** Uniformly random samples (a baseline). */
        RANDOM;

        /** @return the lowercase name used in reports and on the command line ({@code mask}, {@code fairness-topk}, {@code random}). */
        public String label() {
            return EnumChoices.label(this);
        }
    }

    /** Builds a transformer (validated as by OLCUT). */
    public static final class Builder {
        private final FudlrTransformer t = new FudlrTransformer();

        private Builder() {}

        /** @param v objective names. @return this. */
        public Builder objectives(String... v) {
            t.objectives = new ArrayList<>(Arrays.asList(v));
            return this;
        }

        /** @param v weights alpha_k. @return this. */
        public Builder objectiveWeights(double... v) {
            t.objectiveWeights = v.clone();
            return this;
        }

        /** @param v attribute metadata keys. @return this. */
        public Builder attributes(String... v) {
            t.attributes = new ArrayList<>(Arrays.asList(v));
            return this;
        }

        /** @param v beta. @return this. */
        public Builder beta(double v) {
            t.beta = v;
            return this;
        }

        /** @param v gamma. @return this. */
        public Builder gamma(double v) {
            t.gamma = v;
            return this;
        }

        /** @param v eta. @return this. */
        public Builder eta(double v) {
            t.eta = v;
            return this;
        }

        /** @param v max removal fraction. @return this. */
        public Builder maxRemovalFraction(double v) {
            t.maxRemovalFraction = v;
            return this;
        }

        /** @param v accuracy tolerance. @return this. */
        public Builder accuracyTolerance(double v) {
            t.accuracyTolerance = v;
            return this;
        }

        /** @param v the accuracy measure of the guard. @return this. */
        public Builder accuracyMeasure(AccuracyMeasure v) {
            t.accuracyMeasure = v;
            return this;
        }

        /** @param v curvature backend. @return this. */
        public Builder curvature(String v) {
            t.curvature = v;
            return this;
        }

        /** @param v damping. @return this. */
        public Builder damping(double v) {
            t.damping = v;
            return this;
        }

        /** @param tolerance CG tolerance. @param maxIterations CG cap. @return this. */
        public Builder cg(double tolerance, int maxIterations) {
            t.cgTolerance = tolerance;
            t.cgMaxIterations = maxIterations;
            return this;
        }

        /**
         * @param v corrective Newton steps after each removal.
         * @return this.
         */
        public Builder correctionSteps(int v) {
            t.correctionSteps = v;
            return this;
        }

        /**
         * @param v what the corrective steps drive to zero.
         * @return this.
         */
        public Builder correctionTarget(NewtonCorrection.Target v) {
            t.correctionTarget = v;
            return this;
        }

        /**
         * @param v retained samples per corrective step (0 = all).
         * @return this.
         */
        public Builder correctionSamples(int v) {
            t.correctionSamples = v;
            return this;
        }

        /** @param v retained samples of the certificate's residual after (0 = all). @return this. */
        public Builder certificateSamples(int v) {
            t.certificateSamples = v;
            return this;
        }

        /** @param v Hessian subsample size (0 = all). @return this. */
        public Builder hessianSubsample(int v) {
            t.hessianSubsample = v;
            return this;
        }

        /** @param steps Adam steps. @param learningRate Adam rate. @return this. */
        public Builder mask(int steps, double learningRate) {
            t.maskSteps = steps;
            t.maskLearningRate = learningRate;
            return this;
        }

        /** @param v audit K. @return this. */
        public Builder auditK(int v) {
            t.auditK = v;
            return this;
        }

        /**
         * Sets the candidate temperatures of the surrogate calibration.
         * @param v the temperatures.
         * @return this.
         */
        public Builder calibrationTemperatures(double... v) {
            t.calibrationTemperatures = v.clone();
            return this;
        }

        /**
         * Sets the selection rule and a fixed removal count.
         * @param rule the selection rule.
         * @param count removal count before the guard (0 = the rule's default).
         * @return this.
         */
        public Builder selection(SelectionRule rule, int count) {
            t.selection = rule;
            t.removalCount = count;
            return this;
        }

        /**
         * Sets whether the run also unlearns top-k and random sets of the accepted size for comparison.
         * @param v compare.
         * @return this.
         */
        public Builder compareBaselines(boolean v) {
            t.compareBaselines = v;
            return this;
        }

        /**
         * Sets whether a refused run still returns a model (the refusal is recorded).
         * @param v force.
         * @return this.
         */
        public Builder force(boolean v) {
            t.force = v;
            return this;
        }

        /**
         * Sets the guard's shrink factor and attempt cap.
         * @param shrinkFactor fraction of the selection kept per shrink.
         * @param maxAttempts most accuracy checks.
         * @return this.
         */
        public Builder guard(double shrinkFactor, int maxAttempts) {
            t.guardShrinkFactor = shrinkFactor;
            t.guardMaxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the fairness surrogates' temperature; 0 (the default) calibrates it per objective on the audit scores.
         * @param v the temperature.
         * @return this.
         */
        public Builder surrogateTemperature(double v) {
            t.surrogateTemperature = v;
            return this;
        }

        /** @param v weight decay (negative = from the trainer provenance). @return this. */
        public Builder weightDecay(double v) {
            t.weightDecay = v;
            return this;
        }

        /**
         * Sets the minimum group size of the small-group suppression.
         * @param v k, at least 1 (1 = no suppression).
         * @return this.
         */
        public Builder minGroupSize(int v) {
            t.minGroupSize = v;
            return this;
        }

        /** @param v seed. @return this. */
        public Builder seed(long v) {
            t.seed = v;
            return this;
        }

        /**
         * @param v interactions defining item popularity and seen items (null = the training data), see the field.
         * @return this.
         */
        public Builder interactionSource(ConfigurableDataSource<Label> v) {
            t.interactionSource = v;
            return this;
        }

        /**
         * @param v how the per-sample effects are computed.
         * @return this.
         */
        public Builder directionalMode(GradientEngine.DirectionalMode v) {
            t.directionalMode = v;
            return this;
        }

        /** @return the validated transformer. */
        public FudlrTransformer build() {
            t.postConfig();
            return t;
        }
    }
}
