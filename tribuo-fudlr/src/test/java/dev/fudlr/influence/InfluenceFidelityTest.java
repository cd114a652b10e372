/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.metric.popularity.MeanGroupUnfairness;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Influence predictions against actual retraining in the convex case (frozen features, trainable softmax head,
 * float64): 36 removal sets (12 single samples, 12 random sets, 12 top-influence sets). Retraining minimises the
 * same risk {@code (1/n) sum_{i not in S} l_i + (wd/2)|theta|^2} by Newton's method from the trained parameters until the
 * gradient norm is below 1e-10.
 */
class InfluenceFidelityTest {
    private static final Logger logger = Logger.getLogger(InfluenceFidelityTest.class.getName());

    static final int N = 150;
    static final int VAL = 60;
    static final double WD = 1e-2;

    /**
     * Minimises (1/n) sum_{i in kept} l_i + wd/2 |theta|^2 from start by Newton's method with the analytic Hessian
     * (dense, host) and the engine's exact gradient; returns the minimiser (gradient norm below 1e-10).
     */
    static NDArray minimise(SoftmaxHeadProblem pr, GradientEngine engine, SampleLoss loss, int[] kept, NDArray start) {
        NDArray theta = start.duplicate();
        theta.attach(engine.vectors());
        for (int it = 0; it < 50; it++) {
            NDArray g = engine.gradient(loss, kept, 1.0 / N, theta);
            Vectors.axpy(g, WD, theta);
            double gn = Vectors.norm(g);
            if (gn < 1e-10) {
                g.close();
                return theta;
            }
            double[] t = pr.space.toHost(theta);
            double[][] h = pr.analyticHessian(t, kept, 0.0);
            for (int a = 0; a < h.length; a++) {
                for (int b = 0; b < h.length; b++) {
                    h[a][b] *= (double) kept.length / N;
                }
                h[a][a] += WD;
            }
            double[] step = new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(h))
                .getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(pr.space.toHost(g))).toArray();
            NDArray d = pr.space.fromHost(engine.vectors(), step);
            theta.subi(d);
            d.close();
            g.close();
        }
        throw new AssertionError("Newton did not converge");
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void convexHeadPredictionsTrackRetraining() {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(N + VAL, 6, 6, 5, DataType.FLOAT64, 21);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, N)) {
            long t0 = System.nanoTime();
            SampleLoss train = pr.loss(0, N);
            SampleLoss val = pr.loss(N, VAL);
            ScoreFunction valScores = pr.scores(N, VAL);
            int[] all = GradientEngine.range(N);
            NDArray trained = minimise(pr, engine, train, all, engine.theta());
            pr.space.set(trained);
            // Audit data: popularity groups from training label counts; each validation user's history is its label.
            long[] counts = new long[pr.classes];
            for (int i = 0; i < N; i++) {
                counts[pr.y[i]]++;
            }
            int[][] history = new int[VAL][];
            for (int u = 0; u < VAL; u++) {
                history[u] = new int[]{pr.y[N + u]};
            }
            AuditData audit = AuditData.builder(VAL, pr.classes).itemCounts(counts).history(history).build();
            Surrogate surrogate = new MeanGroupUnfairness(2, "pop").surrogate(SurrogateSettings.softmax(0.5));

            NDArray qVal = engine.gradient(val, GradientEngine.range(VAL), 1.0 / VAL, null);
            GradientEngine.ValueAndGradient fair = engine.surrogateGradient(valScores, dev.fudlr.debias.SurrogateObjective.of(surrogate, audit), null);
            CurvatureOperator hess = Curvatures.create("exact", engine, train, all, WD);
            InfluenceCalculator calc = new InfluenceCalculator(engine, train, hess, new ConjugateGradientSolver(1e-9, 200), 0.0);
            SolveResult[] solved = calc.solve(qVal, fair.gradient());
            assertTrue(solved[0].converged() && solved[1].converged());
            double[][] scores = calc.removalScores(all, GradientEngine.DirectionalMode.EXACT, solved[0].solution(), solved[1].solution());
            double[] valScore = Arrays.stream(scores).mapToDouble(r -> r[0]).toArray();
            double[] fairScore = Arrays.stream(scores).mapToDouble(r -> r[1]).toArray();

            List<int[]> sets = new ArrayList<>();
            Random rng = new Random(9);
            for (int s = 0; s < 12; s++) {
                sets.add(new int[]{rng.nextInt(N)});
            }
            for (int s = 0; s < 12; s++) {
                sets.add(Curvatures.subsample(N, 3 + rng.nextInt(10), 100 + s));
            }
            Integer[] order = IntStream.range(0, N).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble(i -> valScore[i]));
            for (int s = 0; s < 6; s++) {
                // Most loss-reducing and most loss-increasing sets of growing size.
                int k = 2 + 2 * s;
                sets.add(Arrays.stream(order, 0, k).mapToInt(Integer::intValue).toArray());
                sets.add(Arrays.stream(order, N - k, N).mapToInt(Integer::intValue).toArray());
            }
            double baseVal = engine.meanLoss(val, GradientEngine.range(VAL), null);
            double baseFair = fair.value();
            double[] thetaHost = pr.space.toHost(trained);
            double[] predVal = new double[sets.size()];
            double[] actVal = new double[sets.size()];
            double[] predFair = new double[sets.size()];
            double[] actFair = new double[sets.size()];
            int closer = 0;
            long t1 = System.nanoTime();
            // All Newton removal steps in one block CG solve (shared forward and first backward passes).
            SolveResult[] steps = calc.removalSteps(sets.toArray(new int[0][]));
            long t2 = System.nanoTime();
            for (int s = 0; s < sets.size(); s++) {
                assertTrue(steps[s].converged(), "removal step " + s + ": " + steps[s]);
                int[] removed = sets.get(s);
                boolean[] drop = new boolean[N];
                for (int i : removed) {
                    drop[i] = true;
                }
                int[] kept = IntStream.range(0, N).filter(i -> !drop[i]).toArray();
                try (NDManager tmp = engine.vectors().newSubManager()) {
                    NDArray retrained = minimise(pr, engine, train, kept, trained);
                    retrained.attach(tmp);
                    predVal[s] = InfluenceCalculator.setScore(valScore, removed);
                    predFair[s] = InfluenceCalculator.setScore(fairScore, removed);
                    actVal[s] = engine.meanLoss(val, GradientEngine.range(VAL), retrained) - baseVal;
                    actFair[s] = surrogate.value(dev.fudlr.debias.SurrogateObjective.scores(engine, valScores, retrained), audit) - baseFair;
                    steps[s].solution().attach(tmp);
                    double[] unlearned = pr.space.toHost(trained.add(steps[s].solution()));
                    double[] re = pr.space.toHost(retrained);
                    if (distance(unlearned, re) < distance(thetaHost, re)) {
                        closer++;
                    }
                }
            }
            logger.info(String.format("fidelity timings: setup+solve %.1f s, block removal steps %.1f s, retraining %.1f s",
                                      (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9));
            double spearVal = new SpearmansCorrelation().correlation(predVal, actVal);
            double spearFair = new SpearmansCorrelation().correlation(predFair, actFair);
            double pearVal = new PearsonsCorrelation().correlation(predVal, actVal);
            double pearFair = new PearsonsCorrelation().correlation(predFair, actFair);
            logger.info(String.format("convex fidelity over %d sets: validation loss Spearman %.4f Pearson %.4f; "
                                      + "MGU surrogate Spearman %.4f Pearson %.4f; unlearned closer to retrained in %d",
                                      sets.size(), spearVal, pearVal, spearFair, pearFair, closer));
            assertTrue(spearVal >= 0.8, "validation-loss Spearman " + spearVal);
            assertTrue(spearFair >= 0.8, "surrogate Spearman " + spearFair);
            assertTrue(closer >= 0.9 * sets.size(), "closer in " + closer + " of " + sets.size());
        }
    }
}
