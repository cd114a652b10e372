/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.report;

import dev.fudlr.fairness.data.UserAttribute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-group breakdown of one recorded metric: its {@code metric/quantity[group]} entries (e.g.
 * {@code hr-gap@10:gender/hr[F]}, see {@code MetricResult}) as a quantity-by-group table, and its plain
 * {@code metric/key} scalars. Groups are in natural order with the unknown group last.
 */
final class MetricBreakdown {

    private static final Pattern BREAKDOWN = Pattern.compile("^([^\\[]*)\\[(.*)]$");
    /** Breakdown quantities in reading order: sizes, reference shares, then the measured values. */
    private static final List<String> QUANTITY_ORDER = List.of("count", "items", "gp_hist", "gp_rec", "gu", "reference", "exposure",
                                                               "diff", "hr", "ndcg", "recall", "mrr", "ratio", "flagged", "share",
                                                               "distance", "value", "contribution");

    final List<String> quantities = new ArrayList<>();
    final List<String> groups = new ArrayList<>();
    final Map<String, Double> values = new HashMap<>();
    final Map<String, Double> scalars = new LinkedHashMap<>();

    static MetricBreakdown of(Map<String, Double> metrics, String metric) {
        MetricBreakdown b = new MetricBreakdown();
        String prefix = metric + "/";
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String rest = e.getKey().substring(prefix.length());
            Matcher m = BREAKDOWN.matcher(rest);
            if (m.matches()) {
                String q = m.group(1);
                String g = m.group(2);
                if (!b.quantities.contains(q)) {
                    b.quantities.add(q);
                }
                if (!b.groups.contains(g)) {
                    b.groups.add(g);
                }
                b.values.put(q + "\u0000" + g, e.getValue());
            } else {
                b.scalars.put(rest, e.getValue());
            }
        }
        // Natural order (pop2 before pop10), the unknown group last as the fairness metrics order it.
        b.groups.sort(MetricBreakdown::compareNatural);
        if (b.groups.remove(UserAttribute.UNKNOWN)) {
            b.groups.add(UserAttribute.UNKNOWN);
        }
        b.quantities.sort((x, y) -> {
            int ix = QUANTITY_ORDER.indexOf(x);
            int iy = QUANTITY_ORDER.indexOf(y);
            if (ix >= 0 && iy >= 0) {
                return Integer.compare(ix, iy);
            }
            return ix >= 0 ? -1 : iy >= 0 ? 1 : x.compareTo(y);
        });
        return b;
    }

    double value(String quantity, String group) {
        return values.getOrDefault(quantity + "\u0000" + group, Double.NaN);
    }

    Map<String, Double> column(String quantity) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String g : groups) {
            Double v = values.get(quantity + "\u0000" + g);
            if (v != null) {
                out.put(g, v);
            }
        }
        return out;
    }

    boolean constant(String quantity, MetricBreakdown other) {
        for (String g : groups) {
            if (Double.compare(value(quantity, g), other.value(quantity, g)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Metric names among the keys: those that are not "name/breakdown" of another key. */
    static List<String> topLevel(Collection<String> keys) {
        Set<String> all = new TreeSet<>(keys);
        List<String> out = new ArrayList<>();
        for (String k : all) {
            boolean child = false;
            for (int i = k.indexOf('/'); i >= 0; i = k.indexOf('/', i + 1)) {
                if (all.contains(k.substring(0, i))) {
                    child = true;
                    break;
                }
            }
            if (!child) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * Compares group names with embedded numbers by value (pop2 before pop10, 18-24 before 25-34).
     * @param a a name.
     * @param b a name.
     * @return the comparison.
     */
    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                int ej = j;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                int c = new java.math.BigInteger(a.substring(i, ei)).compareTo(new java.math.BigInteger(b.substring(j, ej)));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
