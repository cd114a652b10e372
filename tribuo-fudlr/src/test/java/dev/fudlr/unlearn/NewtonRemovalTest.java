/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.unlearn;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.ConjugateGradientSolver;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.InverseHvpSolver;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.influence.SolveResult;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Newton removal on a convex problem, against retraining computed on the host. */
class NewtonRemovalTest {
    private static final Logger logger = Logger.getLogger(NewtonRemovalTest.class.getName());

    static final int N = 120;
    static LinearSoftmaxProblem pr;
    static GradientEngine engine;
    static SampleLoss loss;
    static double[] trained;

    @BeforeAll
    static void setUp() {
        pr = new LinearSoftmaxProblem(N, 5, 4, 1e-2, 17);
        trained = pr.minimise(LinearSoftmaxProblem.keptWithout(N, new int[0]), new double[pr.size()]);
        engine = new GradientEngine(pr.space, pr.manager, 128);
        try (NDArray t = pr.space.fromHost(engine.vectors(), trained)) {
            pr.space.set(t);
        }
        loss = pr.loss();
    }

    @AfterAll
    static void tearDown() {
        engine.close();
        pr.close();
    }

    static CurvatureOperator exact() {
        return Curvatures.create(Curvatures.EXACT, engine, loss, GradientEngine.range(N), pr.wd);
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void newtonStepApproachesRetrainingAndShrinksTheResidual() {
        NewtonRemoval removal = new NewtonRemoval(engine, loss, exact(), new ConjugateGradientSolver(1e-10, 200), 0.0, 10, 1.0);
        List<int[]> sets = List.of(new int[]{3}, new int[]{7, 50, 99}, new int[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                                   new int[]{119, 0, 60, 61, 30, 31, 90});
        for (int[] set : sets) {
            NewtonRemoval.Result r = removal.remove(set);
            assertTrue(r.converged(), r.toString());
            assertEquals(1, r.attempts().size());
            assertEquals(0.0, r.damping());
            assertArrayEquals(trained, r.thetaBefore(), 1e-15);
            double[] retrained = pr.minimise(LinearSoftmaxProblem.keptWithout(N, set), trained);
            double before = distance(trained, retrained);
            double after = distance(r.thetaAfter(), retrained);
            UnlearningCertificate c = UnlearningCertificate.compute(engine, loss, pr.wd, r);
            logger.info(String.format("|S|=%d: distance to retrained %.3e -> %.3e; residual %.3e -> %.3e",
                                      set.length, before, after, c.residualBefore(), c.residualAfter()));
            // Second-order accuracy: the Newton step lands much closer than staying put.
            assertTrue(after < 0.25 * before, "distance " + before + " -> " + after);
            assertTrue(c.residualAfter() < 0.25 * c.residualBefore(), c.toString());
            assertFalse(c.flagged());
            assertEquals(set.length, c.removed());
        }
        // The live parameters are untouched.
        try (NDArray t = engine.theta()) {
            assertArrayEquals(trained, pr.space.toHost(t), 0.0);
        }
    }

    /** Delegates, but reports failure below a damping threshold (as CG does when the damped system is ill-posed). */
    static final class FailingBelow implements InverseHvpSolver {
        final InverseHvpSolver inner;
        final double threshold;
        final boolean negative;

        FailingBelow(InverseHvpSolver inner, double threshold, boolean negative) {
            this.inner = inner;
            this.threshold = threshold;
            this.negative = negative;
        }

        @Override
        public String name() {
            return "failing-below";
        }

        @Override
        public SolveResult[] solve(CurvatureOperator curvature, double damping, NDArray... rhs) {
            SolveResult[] r = inner.solve(curvature, damping, rhs);
            if (damping >= threshold) {
                return r;
            }
            SolveResult[] out = new SolveResult[r.length];
            for (int k = 0; k < r.length; k++) {
                out[k] = new SolveResult(r[k].solution(), name(), r[k].iterations(), 0.5, negative, negative, 0, r[k].products(), new double[0]);
            }
            return out;
        }
    }

    @Test
    void dampingEscalatesUntilTheSolveConverges() {
        InverseHvpSolver cg = new ConjugateGradientSolver(1e-10, 200);
        NewtonRemoval removal = new NewtonRemoval(engine, loss, exact(), new FailingBelow(cg, 0.05, false), 1e-4, 10, 10);
        NewtonRemoval.Result r = removal.remove(new int[]{4, 8});
        assertTrue(r.converged());
        assertEquals(4, r.attempts().size());
        double[] expected = {1e-4, 1e-3, 1e-2, 1e-1};
        for (int a = 0; a < 4; a++) {
            assertEquals(expected[a], r.attempts().get(a).damping(), 1e-15);
            assertEquals(a == 3, r.attempts().get(a).converged());
        }
        assertEquals(0.1, r.damping(), 1e-15);
        // Its step is the damped solve at 0.1: smaller than the undamped one.
        NewtonRemoval plain = new NewtonRemoval(engine, loss, exact(), cg, 0.0, 10, 0.0);
        assertTrue(r.stepNorm() < plain.remove(new int[]{4, 8}).stepNorm());

        // Negative curvature also escalates; running out of damping flags the step.
        NewtonRemoval capped = new NewtonRemoval(engine, loss, exact(), new FailingBelow(cg, 0.05, true), 1e-4, 10, 1e-3);
        NewtonRemoval.Result f = capped.remove(new int[]{4, 8});
        assertFalse(f.converged());
        assertEquals(2, f.attempts().size());
        assertTrue(f.attempts().get(1).negativeCurvature());
    }

    @Test
    void emptySetAndBadInput() {
        NewtonRemoval removal = new NewtonRemoval(engine, loss, exact(), new ConjugateGradientSolver(1e-10, 200), 0.0, 10, 1.0);
        NewtonRemoval.Result r = removal.remove(new int[0]);
        assertEquals(0.0, r.stepNorm());
        assertTrue(r.attempts().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> removal.remove(new int[]{N}));
        assertThrows(IllegalArgumentException.class, () -> removal.remove(new int[]{3, 3}));
        assertThrows(IllegalArgumentException.class, () -> new NewtonRemoval(engine, loss, exact(), null, 0.1, 1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new NewtonRemoval(engine, loss, exact(), null, 0.1, 10, 0.01));
        // Sorted copy of the set is recorded.
        assertArrayEquals(new int[]{2, 9}, removal.remove(new int[]{9, 2}).removed());
    }

    @Test
    void certificateMatchesTheAnalyticResidualAndFlagsBadSteps() {
        int[] set = {5, 6, 70};
        boolean[] kept = LinearSoftmaxProblem.keptWithout(N, set);
        UnlearningCertificate stay = UnlearningCertificate.compute(engine, loss, set, pr.wd, trained, trained);
        double[] g = pr.riskGradient(trained, kept);
        double expected = Math.sqrt(Arrays.stream(g).map(v -> v * v).sum());
        assertEquals(expected, stay.residualBefore(), 1e-12);
        assertTrue(stay.flagged(), "no step cannot shrink the residual");
        // The trained point is an exact minimiser of the full risk.
        assertTrue(stay.trainingResidual() < 1e-10, stay.toString());
        // Moving the wrong way (minus the Newton step) makes it worse: flagged.
        NewtonRemoval.Result r = new NewtonRemoval(engine, loss, exact(), new ConjugateGradientSolver(1e-10, 200), 0.0, 10, 1.0).remove(set);
        double[] wrong = new double[trained.length];
        double[] after = r.thetaAfter();
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = 2 * trained[i] - after[i];
        }
        UnlearningCertificate bad = UnlearningCertificate.compute(engine, loss, set, pr.wd, trained, wrong);
        assertTrue(bad.flagged());
        assertTrue(bad.ratio() > 1);
        double[] ga = pr.riskGradient(after, kept);
        assertEquals(Math.sqrt(Arrays.stream(ga).map(v -> v * v).sum()),
                     UnlearningCertificate.compute(engine, loss, pr.wd, r).residualAfter(), 1e-12);
    }

    @Test
    void certificateReusesTheScoringPassGradient() {
        // The scoring pass's side output is the (1/n) full-data gradient; the certificate built from it equals the one
        // computed with its own passes.
        int[] set = {1, 8, 33, 34};
        ConjugateGradientSolver cg = new ConjugateGradientSolver(1e-10, 200);
        NewtonRemoval.Result r = new NewtonRemoval(engine, loss, exact(), cg, 0.0, 10, 1.0).remove(set);
        double[] full = new double[pr.size()];
        NDArray v = pr.space.fromHost(engine.vectors(), new double[pr.size()]);
        try {
            new dev.fudlr.influence.InfluenceCalculator(engine, loss, exact(), cg, 0.0)
                .removalScores(GradientEngine.range(N), GradientEngine.DirectionalMode.EXACT, full, v);
        } finally {
            v.close();
        }
        double[] expected = pr.riskGradient(trained, LinearSoftmaxProblem.keptWithout(N, new int[0]));
        for (int i = 0; i < full.length; i++) {
            // riskGradient includes the weight-decay term; the side output is the data term only.
            assertEquals(expected[i] - pr.wd * trained[i], full[i], 1e-12, "component " + i);
        }
        UnlearningCertificate direct = UnlearningCertificate.compute(engine, loss, pr.wd, r);
        UnlearningCertificate reused = UnlearningCertificate.compute(engine, loss, pr.wd, r, full);
        assertEquals(direct.residualBefore(), reused.residualBefore(), 1e-12);
        assertEquals(direct.residualAfter(), reused.residualAfter(), 1e-12);
        assertEquals(direct.trainingResidual(), reused.trainingResidual(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> UnlearningCertificate.compute(engine, loss, pr.wd, r, new double[2]));
    }

    @Test
    void removalKeepsTheRemovedGradientAndTheCertificateReusesIt() {
        int[] set = {2, 9, 40, 41, 77};
        ConjugateGradientSolver cg = new ConjugateGradientSolver(1e-10, 200);
        NewtonRemoval.Result r = new NewtonRemoval(engine, loss, exact(), cg, 0.0, 10, 1.0).remove(set);
        // Independent reference: the closed-form gradient over all samples minus the one over the retained ones
        // (both 1/N-normalised; the weight-decay terms cancel).
        double[] all = pr.riskGradient(trained, LinearSoftmaxProblem.keptWithout(N, new int[0]));
        double[] kept = pr.riskGradient(trained, LinearSoftmaxProblem.keptWithout(N, set));
        double[] removedGradient = r.removedGradient();
        for (int i = 0; i < removedGradient.length; i++) {
            assertEquals(all[i] - kept[i], removedGradient[i], 1e-12, "component " + i);
        }
        double[] full = all.clone();
        for (int i = 0; i < full.length; i++) {
            full[i] -= pr.wd * trained[i];
        }
        // From the result: no pass over S; from the raw vectors: one more chunk (|S| < the chunk size), same values.
        long start = engine.passCount();
        UnlearningCertificate reused = UnlearningCertificate.compute(engine, loss, pr.wd, r, full);
        long reusedPasses = engine.passCount() - start;
        start = engine.passCount();
        UnlearningCertificate recomputed = UnlearningCertificate.compute(engine, loss, set, pr.wd, r.thetaBefore(), r.thetaAfter(), full);
        long recomputedPasses = engine.passCount() - start;
        assertEquals(recomputedPasses - 1, reusedPasses);
        assertEquals(recomputed.residualBefore(), reused.residualBefore(), 1e-12);
        assertEquals(recomputed.residualAfter(), reused.residualAfter(), 1e-12);
        assertEquals(recomputed.trainingResidual(), reused.trainingResidual(), 1e-12);
        // The empty set keeps a zero gradient of the right length.
        assertArrayEquals(new double[pr.size()], new NewtonRemoval(engine, loss, exact(), cg, 0.0, 10, 1.0).remove(new int[0]).removedGradient());
    }

    @Test
    void sampledCertificateCoversTheExactResidual() {
        int[] set = {1, 8, 33, 34, 50, 51};
        ConjugateGradientSolver cg = new ConjugateGradientSolver(1e-10, 200);
        NewtonRemoval.Result r = new NewtonRemoval(engine, loss, exact(), cg, 0.0, 10, 1.0).remove(set);
        double[] full = pr.riskGradient(trained, LinearSoftmaxProblem.keptWithout(N, new int[0]));
        for (int i = 0; i < full.length; i++) {
            full[i] -= pr.wd * trained[i];
        }
        // All retained samples (or none asked for): the exact certificate, no interval.
        UnlearningCertificate exactNewton = UnlearningCertificate.compute(engine, loss, pr.wd, r, full);
        assertEquals(exactNewton, UnlearningCertificate.computeSampled(engine, loss, pr.wd, r, full, N, 1));
        assertEquals(exactNewton, UnlearningCertificate.computeSampled(engine, loss, pr.wd, r, full, 0, 1));
        assertEquals(0, exactNewton.sampled());
        // Half a Newton step leaves a residual of about half the one before: the quantity to estimate is not 0.
        double[] half = r.thetaBefore().clone();
        for (int i = 0; i < half.length; i++) {
            half[i] += 0.5 * (r.thetaAfter()[i] - r.thetaBefore()[i]);
        }
        UnlearningCertificate exact = UnlearningCertificate.compute(engine, loss, set, pr.wd, trained, half, full);
        assertTrue(exact.residualAfter() > 0.3 * exact.residualBefore(), exact.toString());
        // Half of the retained samples, 40 seeds: the 95% bootstrap interval holds the exact residual on most of them,
        // and the estimates scatter around it.
        int retained = N - set.length;
        int covered = 0;
        int seeds = 40;
        for (int seed = 0; seed < seeds; seed++) {
            UnlearningCertificate c = UnlearningCertificate.computeSampled(engine, loss, set, pr.wd, trained, half, full, retained / 2, seed);
            assertEquals(retained / 2, c.sampled());
            assertEquals(exact.residualBefore(), c.residualBefore(), 1e-12);
            double[] ci = c.residualAfterInterval();
            assertTrue(ci[0] <= c.residualAfter() && c.residualAfter() <= ci[1], "point estimate inside its interval: " + c);
            if (ci[0] <= exact.residualAfter() && exact.residualAfter() <= ci[1]) {
                covered++;
            }
        }
        assertTrue(covered >= 0.8 * seeds, "interval covered the exact residual " + exact.residualAfter() + " on " + covered + " of " + seeds + " seeds");
        // A step that overshoots four times: a residual several times larger, still covered. (This problem has 24
        // parameters and per-sample gradients far larger than the residual, the hard case for any subsample; the
        // precision on a real model is measured by the benchmarks.)
        double[] far = r.thetaBefore().clone();
        for (int i = 0; i < far.length; i++) {
            far[i] += 4.0 * (r.thetaAfter()[i] - r.thetaBefore()[i]);
        }
        UnlearningCertificate farExact = UnlearningCertificate.compute(engine, loss, set, pr.wd, trained, far, full);
        assertTrue(farExact.residualAfter() > 2 * exact.residualAfter(), farExact.toString());
        int farCovered = 0;
        for (int seed = 0; seed < seeds; seed++) {
            double[] ci = UnlearningCertificate.computeSampled(engine, loss, set, pr.wd, trained, far, full, retained / 2, seed)
                .residualAfterInterval();
            if (ci[0] <= farExact.residualAfter() && farExact.residualAfter() <= ci[1]) {
                farCovered++;
            }
        }
        assertTrue(farCovered >= 0.8 * seeds, "interval covered " + farExact.residualAfter() + " on " + farCovered + " of " + seeds + " seeds");
        assertThrows(IllegalArgumentException.class, () -> UnlearningCertificate.computeSampled(engine, loss, pr.wd, r, full, -1, 1));
    }

    static List<Example<Label>> samples(int numItems, int n, long seed) {
        Random rng = new Random(seed);
        List<Example<Label>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] history = new int[1 + rng.nextInt(4)];
            for (int t = 0; t < history.length; t++) {
                history[t] = 1 + (i + 3 * t) % numItems;
            }
            int target = rng.nextDouble() < 0.7 ? (history[history.length - 1] % numItems) + 1 : 1 + rng.nextInt(numItems);
            Map<String, String> meta = new HashMap<>();
            meta.put(SampleEncoding.USER, "u" + (i / 5));
            meta.put(SampleEncoding.SAMPLE, "u" + (i / 5) + ":" + (i % 5));
            meta.put(SampleEncoding.SPLIT, "train");
            out.add(SampleEncoding.encode(history, target, meta));
        }
        return out;
    }

    @Test
    void recommenderUnlearningBuildsANewModelAndLeavesTheOriginal() {
        List<Example<Label>> data = samples(10, 40, 3);
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new ListDataSource<>(data, f, new SimpleDataSourceProvenance("unlearn test",
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
        DjlRecommenderModel model = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(4)
            .loraRank(2).loraAlpha(4).pretrainEpochs(2).epochs(2).batchSize(16).learningRate(1e-2).seed(5)
            .device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(ds);
        DjlRecommenderModel unlearned = null;
        try (GradientEngine e = new GradientEngine(RecommenderObjectives.space(model), model.manager(), 64)) {
            SampleLoss l = RecommenderObjectives.loss(model, data);
            double[] theta = model.trainableParametersAsDouble();
            float[][] scoresBefore = model.scores(data.subList(0, 3));
            // Non-convex: start damped (wd 0 in this risk, so the damping is the only regulariser).
            CurvatureOperator c = Curvatures.create(Curvatures.EXACT, e, l, GradientEngine.range(data.size()), 0.0);
            NewtonRemoval.Result r = new NewtonRemoval(e, l, c, new ConjugateGradientSolver(1e-8, 100), 0.1, 10, 100).remove(new int[]{0, 5, 17});
            assertTrue(r.converged(), r.toString());
            assertTrue(r.stepNorm() > 0);
            unlearned = NewtonRemoval.apply(model, r, model.getProvenance());
            assertArrayEquals(r.thetaAfter(), unlearned.trainableParametersAsDouble(), 0.0);
            // The original keeps its parameters and its scores.
            assertArrayEquals(theta, model.trainableParametersAsDouble(), 0.0);
            float[][] scoresAfter = model.scores(data.subList(0, 3));
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(scoresBefore[i], scoresAfter[i], 0f);
            }
            assertFalse(Arrays.equals(scoresBefore[0], unlearned.scores(data.subList(0, 1))[0]));
            UnlearningCertificate cert = UnlearningCertificate.compute(e, l, 0.0, r);
            logger.info("tiny transformer: " + r + " " + cert);
            assertTrue(Double.isFinite(cert.residualAfter()) && cert.residualBefore() > 0);
            // A briefly trained model is not stationary: the training residual says so.
            assertTrue(cert.trainingResidual() > 0);
        } finally {
            if (unlearned != null) {
                unlearned.close();
            }
            model.close();
        }
    }
}
