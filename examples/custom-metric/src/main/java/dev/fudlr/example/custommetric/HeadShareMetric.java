/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.example.custommetric;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.surrogate.SoftTopK;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateResult;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;

/**
 * HeadShare@10: the share of top-10 recommendation slots taken by head items (the 20% most popular items by
 * training interactions), averaged over users with a non-empty list,
 * {@code (1/|U|) sum_u |L_u ∩ head| / |L_u|}. Lower means less popularity concentration
 * ({@link Direction#LOWER_IS_BETTER}, distance from fair = the value itself).
 * <p>
 * Surrogate: the soft top-K memberships {@code m_ui} of {@link SoftTopK} replace the lists,
 * {@code (1/|U|) sum_u sum_i m_ui h_i / M_u} with {@code h_i = 1} for head items and {@code M_u = sum_i m_ui};
 * {@code d/dm_ui = (h_i - A_u) / (|U| M_u)}, {@code A_u} the user's soft head share, is pushed through the soft
 * top-K by {@link SoftTopK#backwardRow}.
 * <p>
 * The CDI part is the two annotations: {@code @Dependent} makes the class a bean in an {@code annotated} bean
 * archive, {@code @Named} gives the metric family name under which FUDLR resolves {@code head-share} and
 * {@code head-share@10}. It must equal the family of {@link #name()}.
 */
@Dependent
@Named(HeadShareMetric.FAMILY)
public class HeadShareMetric implements FairnessMetric {

    /** The metric family name (and bean name). */
    public static final String FAMILY = "head-share";

    /** The cut-off. */
    public static final int K = 10;

    /** The item grouping of the audit data: head = the 20% most popular items. */
    static final String GROUPING = "headtail";

    /** For CDI (and plain construction). */
    public HeadShareMetric() {}

    @Override
    public String name() {
        return FAMILY + "@" + K;
    }

    @Override
    public Direction direction() {
        return Direction.LOWER_IS_BETTER;
    }

    @Override
    public int cutoff() {
        return K;
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        TopKLists lists = recs.lists();
        lists.checkCutoff(K, name());
        double[] head = headIndicator(recs.audit());
        double sum = 0;
        int users = 0;
        for (int u = 0; u < lists.numUsers(); u++) {
            int len = lists.length(u, K);
            if (len == 0) {
                continue;
            }
            double inHead = 0;
            for (int p = 0; p < len; p++) {
                inHead += head[lists.item(u, p)];
            }
            sum += inHead / len;
            users++;
        }
        if (users == 0) {
            throw new IllegalStateException("Metric " + name() + ": no user has a non-empty list");
        }
        return MetricResult.builder(name(), direction()).value(sum / users).put("users", users).build();
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        return new Surrogate() {
            @Override
            public String name() {
                return HeadShareMetric.this.name();
            }

            @Override
            public SurrogateSettings settings() {
                return settings;
            }

            @Override
            public SurrogateResult evaluate(ScoreMatrix scores, AuditData audit) {
                return softHeadShare(scores, audit, settings);
            }
        };
    }

    private SurrogateResult softHeadShare(ScoreMatrix scores, AuditData audit, SurrogateSettings settings) {
        double[] head = headIndicator(audit);
        SoftTopK soft = SoftTopK.compute(scores, audit, K, settings);
        int rows = scores.rows();
        int cols = scores.cols();
        double[] share = new double[rows];
        double sum = 0;
        int users = 0;
        for (int u = 0; u < rows; u++) {
            double mass = soft.mass(u);
            if (mass <= 0) {
                continue;
            }
            double s = 0;
            for (int i = 0; i < cols; i++) {
                s += soft.membership(u, i) * head[i];
            }
            share[u] = s / mass;
            sum += share[u];
            users++;
        }
        if (users == 0) {
            throw new IllegalStateException("Metric " + name() + ": no user has a rankable item");
        }
        double[] grad = new double[rows * cols];
        double[] dm = new double[cols];
        for (int u = 0; u < rows; u++) {
            double mass = soft.mass(u);
            if (mass <= 0) {
                continue;
            }
            for (int i = 0; i < cols; i++) {
                dm[i] = (head[i] - share[u]) / (users * mass);
            }
            soft.backwardRow(u, dm, grad);
        }
        return new SurrogateResult(name(), sum / users, grad, rows, cols);
    }

    private static double[] headIndicator(AuditData audit) {
        ItemGroups groups = audit.itemGroups(GROUPING);
        int headGroup = groups.indexOf(ItemGroups.HEAD);
        double[] h = new double[groups.numItems()];
        for (int i = 0; i < h.length; i++) {
            h[i] = groups.groupOf(i) == headGroup ? 1.0 : 0.0;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadShareMetric;
    }

    @Override
    public int hashCode() {
        return name().hashCode();
    }

    @Override
    public String toString() {
        return name();
    }
}
