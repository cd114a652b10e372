/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.data.SampleEncoding;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportDetailsTest {

    // Four samples; columns: objective a, objective b, validation loss.
    private static final double[] MASK = {0.9, 0.2, 0.6, 0.7};
    private static final double[][] EFFECTS = {{-1, 10, 0.5}, {-2, 20, 0.25}, {-4, 40, 0.125}, {-8, 80, 1}};
    private static final List<String> OBJECTIVES = List.of("mgu@10", "ndcg-gap@10:gender");

    private static double[] doubles(Provenance p) {
        List<?> l = ((ListProvenance<?>) p).getList();
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = l.get(i) instanceof DoubleProvenance d ? d.getValue() : ((IntProvenance) l.get(i)).getValue();
            out[i] = ((Number) v).doubleValue();
        }
        return out;
    }

    private static List<String> strings(Provenance p) {
        return ((ListProvenance<?>) p).getList().stream().map(x -> ((StringProvenance) x).getValue()).toList();
    }

    private static List<Example<Label>> train() {
        List<Example<Label>> out = new ArrayList<>();
        String[] genders = {"F", "M", null, "M"};
        String[] ages = {"20", "30", "33", "47"};
        for (int i = 0; i < 4; i++) {
            Map<String, String> meta = new HashMap<>();
            meta.put(SampleEncoding.USER, Integer.toString(i + 1));
            meta.put(SampleEncoding.SAMPLE, (i + 1) + ":3");
            meta.put(SampleEncoding.AGE, ages[i]);
            if (genders[i] != null) {
                meta.put(SampleEncoding.GENDER, genders[i]);
            }
            out.add(SampleEncoding.encode(new int[]{7, 8}, 100 + i, meta));
        }
        return out;
    }

    @Test
    void tradeOffSumsTheEffectsOfEachThresholdSelection() {
        Map<String, Provenance> v = ReportDetails.thresholdTradeOff(MASK, EFFECTS, OBJECTIVES, 1.0, new double[]{0.1, 0.5, 0.65, 0.95});
        assertArrayEquals(new double[]{0.1, 0.5, 0.65, 0.95}, doubles(v.get(ReportDetails.TRADEOFF_THRESHOLDS)), 0.0);
        // > 0.1: all four; > 0.5: samples 0, 2, 3; > 0.65: samples 0, 3; > 0.95: none.
        assertArrayEquals(new double[]{4, 3, 2, 0}, doubles(v.get(ReportDetails.TRADEOFF_SELECTED)), 0.0);
        assertArrayEquals(new double[]{-15, -13, -9, 0}, doubles(v.get(ReportDetails.TRADEOFF_PREDICTED_CHANGE + "mgu@10")), 0.0);
        assertArrayEquals(new double[]{150, 130, 90, 0},
                          doubles(v.get(ReportDetails.TRADEOFF_PREDICTED_CHANGE + "ndcg-gap@10:gender")), 0.0);
        assertArrayEquals(new double[]{1.875, 1.625, 1.5, 0}, doubles(v.get(ReportDetails.TRADEOFF_PREDICTED_LOSS_CHANGE)), 0.0);
        // The cap keeps the highest-mask floor(0.5 * 4) = 2 samples (0 and 3), as the run's selection does.
        Map<String, Provenance> capped = ReportDetails.thresholdTradeOff(MASK, EFFECTS, OBJECTIVES, 0.5, new double[]{0.1});
        assertArrayEquals(new double[]{2}, doubles(capped.get(ReportDetails.TRADEOFF_SELECTED)), 0.0);
        assertArrayEquals(new double[]{-9}, doubles(capped.get(ReportDetails.TRADEOFF_PREDICTED_CHANGE + "mgu@10")), 0.0);
        assertTrue(v.keySet().stream().allMatch(k -> k.startsWith(FudlrTransformer.PREFIX)));
    }

    @Test
    void unlearnedSamplesAreListedInMaskOrderWithGroupCounts() {
        Map<String, Provenance> v = ReportDetails.unlearnedSamples(train(), new int[]{2, 0, 3}, MASK, EFFECTS, OBJECTIVES,
                                                                   List.of(SampleEncoding.GENDER, SampleEncoding.AGE), 2);
        // Unlearned 2 (0.6), 0 (0.9), 3 (0.7): mask order is 0, 3, 2; the top 2 are listed.
        assertEquals(List.of("1:3", "4:3"), strings(v.get(ReportDetails.TOP_IDS)));
        assertArrayEquals(new double[]{0.9, 0.7}, doubles(v.get(ReportDetails.TOP_MASK_VALUES)), 0.0);
        assertEquals(List.of("100", "103"), strings(v.get(ReportDetails.TOP_TARGET_ITEMS)));
        assertArrayEquals(new double[]{-1, -8}, doubles(v.get(ReportDetails.TOP_PREDICTED_CHANGE + "mgu@10")), 0.0);
        assertArrayEquals(new double[]{0.5, 1}, doubles(v.get(ReportDetails.TOP_PREDICTED_LOSS_CHANGE)), 0.0);
        // Unlearned 0 (F), 2 (no gender -> unknown), 3 (M); training has F, M, unknown, M.
        Map<String, ?> unlearned = ((MapProvenance<?>) v.get(ReportDetails.UNLEARNED_GROUPS + "gender")).getMap();
        Map<String, ?> all = ((MapProvenance<?>) v.get(ReportDetails.TRAIN_GROUPS + "gender")).getMap();
        assertEquals(1, ((IntProvenance) unlearned.get("F")).getValue());
        assertEquals(1, ((IntProvenance) unlearned.get("M")).getValue());
        assertEquals(1, ((IntProvenance) unlearned.get("unknown")).getValue());
        assertEquals(2, ((IntProvenance) all.get("M")).getValue());
        assertEquals(1, ((IntProvenance) all.get("unknown")).getValue());
        // Ages are counted in the evaluator's buckets, not per year.
        Map<String, ?> ageAll = ((MapProvenance<?>) v.get(ReportDetails.TRAIN_GROUPS + "age")).getMap();
        assertEquals(Set.of("<25", "25-34", "45+"), ageAll.keySet());
        assertEquals(2, ((IntProvenance) ageAll.get("25-34")).getValue());
        // Of the two 25-34 samples, 2 (age 33) is unlearned and 1 (age 30) is not.
        assertEquals(1, ((IntProvenance) ((MapProvenance<?>) v.get(ReportDetails.UNLEARNED_GROUPS + "age")).getMap().get("25-34")).getValue());
        // No per-user attribute value is recorded: only the group maps mention genders.
        for (Map.Entry<String, Provenance> e : v.entrySet()) {
            if (!e.getKey().startsWith(ReportDetails.UNLEARNED_GROUPS) && !e.getKey().startsWith(ReportDetails.TRAIN_GROUPS)) {
                String s = e.getValue().toString();
                assertTrue(!s.contains("=F") && !s.contains("=M"), e.getKey() + " leaks an attribute value: " + s);
            }
        }
    }

    @Test
    void badInputIsRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ReportDetails.thresholdTradeOff(MASK, new double[][]{{1, 2, 3}}, OBJECTIVES, 1.0, ReportDetails.DEFAULT_THRESHOLDS));
        assertTrue(e.getMessage().contains("mask has 4 values but effects 1 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> ReportDetails.thresholdTradeOff(MASK, EFFECTS, List.of("mgu@10"), 1.0, ReportDetails.DEFAULT_THRESHOLDS));
        assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> ReportDetails.thresholdTradeOff(MASK, EFFECTS, OBJECTIVES, 1.0, new double[]{0.5, 0.4}));
        assertTrue(e.getMessage().contains("ascending"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> ReportDetails.unlearnedSamples(train(), new int[]{4}, MASK, EFFECTS, OBJECTIVES, List.of(), 5));
        assertTrue(e.getMessage().contains("unlearned index 4"), e.getMessage());
        assertEquals(19, ReportDetails.DEFAULT_THRESHOLDS.length);
        assertEquals(0.15, ReportDetails.DEFAULT_THRESHOLDS[2], 0.0);
    }
}
