/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.user;

import dev.fudlr.fairness.data.UserAttribute;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.UnknownPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * The user groups a group metric compares: every group with at least one user, except unknown groups under
 * {@link UnknownPolicy#EXCLUDE}.
 */
final class UserGroups {

    final UserAttribute attribute;
    /** Group of each user, or -1 when the user's group is not compared. */
    final int[] groupOfUser;
    /** Compared groups, in group order. */
    final int[] compared;

    /** Users of each group that take part (all its users unless some are left out), for means and gradients. */
    final int[] size;
    /** Whether each user takes part; null when all do. */
    private final boolean[] included;

    UserGroups(UserAttribute attribute, UnknownPolicy policy) {
        this(attribute, policy, null);
    }

    /**
     * @param included which users take part (e.g. only users with a relevant item, as Elliot's user-fairness metrics
     *                 count them), or null for all; a group none of whose users take part is not compared.
     */
    UserGroups(UserAttribute attribute, UnknownPolicy policy, boolean[] included) {
        this.attribute = attribute;
        this.included = included;
        int[] ofUser = attribute.comparedGroups(policy == UnknownPolicy.GROUP);
        this.size = new int[attribute.numGroups()];
        for (int u = 0; u < ofUser.length; u++) {
            if (included != null && !included[u]) {
                ofUser[u] = -1;
            } else {
                size[attribute.groupOf(u)]++;
            }
        }
        this.groupOfUser = ofUser;
        List<Integer> c = new ArrayList<>();
        for (int g = 0; g < attribute.numGroups(); g++) {
            if (size[g] > 0 && (policy == UnknownPolicy.GROUP || !attribute.isUnknown(g))) {
                c.add(g);
            }
        }
        this.compared = c.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Means of per-user values per group over the users that take part (NaN for groups with none).
     */
    double[] means(double[] perUser) {
        double[] sum = sums(perUser);
        for (int g = 0; g < sum.length; g++) {
            sum[g] = size[g] > 0 ? sum[g] / size[g] : Double.NaN;
        }
        return sum;
    }

    /**
     * Sums of per-user values per group over the users that take part: the numerators of {@link #means}, which add
     * over blocks of users (a block's groups keep the whole attribute's numbering).
     */
    double[] sums(double[] perUser) {
        double[] sum = new double[attribute.numGroups()];
        for (int u = 0; u < perUser.length; u++) {
            if (included == null || included[u]) {
                sum[attribute.groupOf(u)] += perUser[u];
            }
        }
        return sum;
    }

    /**
     * Adds the group sizes and the number of compared groups to a breakdown, and flags a comparison with
     * fewer than two groups.
     */
    void describe(MetricResult.Builder b, String metric) {
        for (int g = 0; g < attribute.numGroups(); g++) {
            b.put("count", attribute.group(g), attribute.count(g));
        }
        b.put("compared-groups", compared.length);
        if (included != null) {
            int left = 0;
            for (boolean in : included) {
                left += in ? 0 : 1;
            }
            b.put("users-left-out", left);
        }
        if (compared.length < 2) {
            b.flag(metric + ": fewer than two non-empty groups of '" + attribute.name() + "' to compare; the gap is 0 by definition");
        }
        int unknown = attribute.unknownCount();
        if (unknown > 0 && groupOfUserHasExcluded()) {
            b.flag(metric + ": " + unknown + " user(s) with unknown '" + attribute.name() + "' are counted but not compared (unknown=exclude)");
        }
    }

    private boolean groupOfUserHasExcluded() {
        for (int g : groupOfUser) {
            if (g < 0) {
                return true;
            }
        }
        return false;
    }
}
