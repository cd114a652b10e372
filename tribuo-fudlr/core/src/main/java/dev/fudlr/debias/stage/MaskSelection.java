/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.stage;

import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.mask.Distance;
import dev.fudlr.mask.MaskOptimizer;
import dev.fudlr.mask.MaskProblem;
import dev.fudlr.mask.Selection;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * FUDLR's mask stage: the bias-agnostic mask problem built from the per-sample effects, the optimiser with FUDLR's
 * settings, and the removal order the mask implies. Samples above the mask threshold come first, then the others;
 * within each group by first-order net benefit (fairness gain minus beta times accuracy cost), because Adam moves all
 * same-signed logits at the same rate and leaves no order among saturated mask values; ties by index.
 */
public final class MaskSelection {

    private MaskSelection() {}

    /**
     * The mask's distance from fair for a metric direction.
     * @param d the direction.
     * @return the distance.
     */
    public static Distance distance(Direction d) {
        switch (d) {
            case SIGNED:
            case UNFAIRNESS:
                // An unfairness is >= 0, so a first-order prediction below 0 has overshot into the opposite bias
                // (a range gap whose groups swapped places): penalise it like a signed gap, do not reward it.
                return Distance.ABSOLUTE;
            case HIGHER_IS_BETTER:
                return Distance.COMPLEMENT;
            case LOWER_IS_BETTER:
                return Distance.IDENTITY;
            default:
                throw new IllegalArgumentException("Direction " + d + " has no distance from fair");
        }
    }

    /**
     * The mask problem.
     * @param effects per training sample: the first-order change of each objective's surrogate, then the accuracy
     *                term's (columns in that order).
     * @param metrics the objectives.
     * @param weights their weights (0 = skipped).
     * @param surrogateBefore each objective's surrogate value before unlearning.
     * @param accuracyReference the accuracy term's value before (its normaliser; 1 when not positive and finite).
     * @param beta the accuracy weight.
     * @param gamma the per-sample removal cost.
     * @param eta the binary penalty.
     * @return the problem.
     */
    public static MaskProblem problem(double[][] effects, List<FairnessMetric> metrics, double[] weights, double[] surrogateBefore,
                                      double accuracyReference, double beta, double gamma, double eta) {
        int n = effects.length;
        MaskProblem.Builder b = MaskProblem.builder(n);
        for (int k = 0; k < metrics.size(); k++) {
            Distance d = distance(metrics.get(k).direction());
            double ref = d.value(surrogateBefore[k]);
            if (!(ref > 1e-12)) {
                // Already fair by the surrogate: normalise by 1 so the term stays defined.
                ref = 1.0;
            }
            b.objective(metrics.get(k).name(), column(effects, k), surrogateBefore[k], d, weights[k], ref);
        }
        return b.accuracy(column(effects, metrics.size()), beta)
            .accuracyReference(accuracyReference > 1e-12 && Double.isFinite(accuracyReference) ? accuracyReference : 1.0)
            .sizePenalty(gamma)
            .binaryPenalty(eta)
            .build();
    }

    /**
     * The mask optimiser with FUDLR's settings (Adam with betas 0.9 / 0.999, epsilon 1e-8, initial logits jittered by 1e-3).
     * @param steps Adam steps.
     * @param learningRate Adam's learning rate.
     * @param initialLogit every sample's starting logit.
     * @param seed the seed.
     * @return the optimiser.
     */
    public static MaskOptimizer optimizer(int steps, double learningRate, double initialLogit, long seed) {
        return new MaskOptimizer(steps, learningRate, initialLogit, 1e-3, seed, 0.9, 0.999, 1e-8);
    }

    /**
     * Every training sample in removal order.
     * @param problem the mask problem.
     * @param mask the mask values.
     * @param threshold the mask threshold.
     * @return sample indices, first removed first.
     */
    public static int[] removalOrder(MaskProblem problem, double[] mask, double threshold) {
        double[] net = problem.netBenefit();
        return IntStream.range(0, mask.length).boxed()
            .sorted(Comparator.comparingInt((Integer i) -> mask[i] > threshold ? 0 : 1)
                        .thenComparingDouble(i -> -net[i]).thenComparingInt(i -> i))
            .mapToInt(Integer::intValue).toArray();
    }

    /**
     * FUDLR's selection: the samples above the threshold, at most {@code budget}, best first; with a fixed count,
     * exactly {@code budget} samples of the {@link #removalOrder}.
     * @param problem the mask problem.
     * @param mask the mask values.
     * @param threshold the mask threshold.
     * @param budget the largest (or, with fixedCount, the exact) number of samples.
     * @param fixedCount whether the count is fixed by configuration.
     * @return the selection.
     */
    public static Selection select(MaskProblem problem, double[] mask, double threshold, int budget, boolean fixedCount) {
        int n = mask.length;
        double[] priority = problem.netBenefit();
        int above = 0;
        for (int i = 0; i < n; i++) {
            if (mask[i] > threshold) {
                above++;
            } else {
                priority[i] = Double.NEGATIVE_INFINITY;
            }
        }
        int k = fixedCount ? budget : Math.min(above, budget);
        if (k <= above) {
            return Selection.topK(priority, k);
        }
        // Beyond the mask's own count: the next-best samples by net benefit, not by index.
        return Selection.ofOrdered(Arrays.copyOf(removalOrder(problem, mask, threshold), k));
    }

    private static double[] column(double[][] m, int k) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][k];
        }
        return out;
    }
}
