/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.report.HtmlAuditReport;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small-group suppression: the rule on metric maps and unlearned-sample counts, and end to end a FUDLR run whose audit
 * data has a one-user group: its value is absent from the provenance JSON and the HTML report, its count present, the
 * threshold recorded, and the other groups' values unchanged.
 */
class SmallGroupsTest {

    @Test
    void metricEntriesOfSmallGroupsAreLeftOutAndCountsKept() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("hr-gap@10:gender", 0.2);
        m.put("hr-gap@10:gender/count[F]", 12.0);
        m.put("hr-gap@10:gender/count[M]", 30.0);
        m.put("hr-gap@10:gender/count[X]", 1.0);
        m.put("hr-gap@10:gender/count[unknown]", 0.0);
        m.put("hr-gap@10:gender/hr[F]", 0.5);
        m.put("hr-gap@10:gender/hr[M]", 0.3);
        m.put("hr-gap@10:gender/hr[X]", 1.0);
        m.put("hr-gap@10:gender/hr[unknown]", Double.NaN);
        m.put("hr-gap@10:gender/compared-groups", 3.0);
        m.put("exposure-parity@10:gender/share[X,pop1]", 0.7);
        m.put("exposure-parity@10:gender/share[F,pop1]", 0.4);
        m.put("exposure-parity@10:gender/distance[F,X]", 0.3);
        m.put("exposure-parity@10:gender/count[F]", 12.0);
        m.put("exposure-parity@10:gender/count[X]", 1.0);
        // An item-group metric: no user counts, nothing suppressed even for a group of 1 item.
        m.put("mgu@10/items[pop1]", 1.0);
        m.put("mgu@10/gp_rec[pop1]", 0.9);
        TreeSet<String> out = new TreeSet<>();
        Map<String, Double> kept = SmallGroups.metrics(m, 5, out);
        assertEquals(new TreeSet<>(List.of("hr-gap@10:gender/hr[X]", "exposure-parity@10:gender/share[X,pop1]",
                                           "exposure-parity@10:gender/distance[F,X]")), out);
        Map<String, Double> expected = new LinkedHashMap<>(m);
        out.forEach(expected::remove);
        assertEquals(expected, kept);
        // k = 1 suppresses nothing; k = 13 also F (12 users).
        assertEquals(m, SmallGroups.metrics(m, 1, new TreeSet<>()));
        TreeSet<String> more = new TreeSet<>();
        SmallGroups.metrics(m, 13, more);
        assertTrue(more.contains("hr-gap@10:gender/hr[F]") && more.contains("exposure-parity@10:gender/share[F,pop1]"), more.toString());
        assertFalse(more.contains("hr-gap@10:gender/hr[M]"));
        assertThrows(IllegalArgumentException.class, () -> SmallGroups.metrics(m, 0, new TreeSet<>()));
        assertEquals("suppressed (n < 5)", SmallGroups.label(5));
    }

    private static Example<Label> sample(String user, int position, String gender) {
        Map<String, Object> md = new HashMap<>();
        md.put(SampleEncoding.USER, user);
        md.put(SampleEncoding.SAMPLE, user + ":" + position);
        md.put(SampleEncoding.GENDER, gender);
        ArrayExample<Label> e = new ArrayExample<>(new Label("1"), md);
        e.add("item:2", 1);
        return e;
    }

    @Test
    void unlearnedCountsAreWithheldWhenTheyWouldRevealListedUsersGroups() {
        List<Example<Label>> train = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            for (int p = 0; p < 2; p++) {
                train.add(sample("u" + u, p, u < 6 ? "F" : "M"));
            }
        }
        // Users u0..u5 are F (samples 0..11), u6..u11 M (12..23).
        int[] fiveEach = {0, 2, 4, 6, 8, 12, 14, 16, 18, 20};
        assertFalse(SmallGroups.unlearnedGroupsSuppressed(train, fiveEach, SampleEncoding.GENDER, 5));
        // One F user (two samples) among five M users: F's count would name it.
        assertTrue(SmallGroups.unlearnedGroupsSuppressed(train, new int[]{0, 1, 12, 14, 16, 18, 20}, SampleEncoding.GENDER, 5));
        // All unlearned users M: every listed id would be M, however many.
        assertTrue(SmallGroups.unlearnedGroupsSuppressed(train, new int[]{12, 14, 16, 18, 20, 22}, SampleEncoding.GENDER, 5));
        assertFalse(SmallGroups.unlearnedGroupsSuppressed(train, new int[]{0, 12}, SampleEncoding.GENDER, 1));
        // ReportDetails records the withheld attribute and keeps the training counts.
        double[] mask = new double[train.size()];
        double[][] effects = new double[train.size()][2];
        var v = ReportDetails.unlearnedSamples(train, new int[]{0, 12, 14}, mask, effects, List.of("mgu@10"),
                                               List.of(SampleEncoding.GENDER), 3, 5);
        assertFalse(v.containsKey(ReportDetails.UNLEARNED_GROUPS + SampleEncoding.GENDER));
        assertTrue(v.containsKey(ReportDetails.TRAIN_GROUPS + SampleEncoding.GENDER));
        assertEquals("[gender]", v.get(ReportDetails.UNLEARNED_GROUPS_SUPPRESSED).toString().replaceAll("[^\\[\\]a-z,]", "")
                                                                                 .replace("attribute", ""));
    }

    private static MutableDataset<Label> data(List<Example<Label>> examples, String name) {
        return FudlrTransformerTest.dataset(examples, name);
    }

    @Test
    void aOneUserGroupIsCountedButItsValuesAreNotPublished() throws Exception {
        SyntheticGenerator.Config config = new SyntheticGenerator.Config(11, 40, 50, 5, 15, 1.0, 0.4, 4, 0.3, 0.5, 2.0);
        SampleSplits splits = MovieLensDataSource.splits(dev.fudlr.data.SyntheticGenerator.generate(config), new SampleBuilder(3, 0, 3));
        // One audit user alone in group X.
        List<Example<Label>> audit = new ArrayList<>();
        String lone = SampleEncoding.metadata(splits.validation().get(0), SampleEncoding.USER);
        for (Example<Label> e : splits.validation()) {
            boolean isLone = lone.equals(SampleEncoding.metadata(e, SampleEncoding.USER));
            Map<String, Object> md = new HashMap<>(e.getMetadata());
            if (isLone) {
                md.put(SampleEncoding.GENDER, "X");
            }
            ArrayExample<Label> copy = new ArrayExample<>(e.getOutput(), e.getWeight(), md);
            for (Feature f : e) {
                copy.add(f.getName(), f.getValue());
            }
            audit.add(copy);
        }
        MutableDataset<Label> train = data(splits.train(), "train");
        MutableDataset<Label> validation = data(audit, "audit with a one-user group");
        try (DjlRecommenderModel model = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16)
                .maxHistory(3).loraRank(2).loraAlpha(4).pretrainEpochs(2).epochs(1).batchSize(16).learningRate(1e-2).seed(31)
                .device("cpu").build().trainTransformer(train)) {
            FudlrReport open = run(model, train, validation, 1);
            FudlrReport suppressed = run(model, train, validation, 5);
            String metric = "hr-gap@10:gender";
            assertEquals(1.0, open.metricsBefore().get(metric + "/count[X]"));
            assertTrue(open.metricsBefore().containsKey(metric + "/hr[X]"));
            // Provenance: X's values absent, its count present, F and M unchanged, the threshold recorded.
            String text = provenanceJson.get(suppressed);
            assertTrue(text.contains(metric + "/count[X]"));
            // The key appears only in the record of the suppression, never with a value.
            String recorded = metric + "/hr[X]: suppressed (n ";
            assertTrue(text.contains(recorded), "the suppression is recorded");
            assertFalse(text.replace(recorded, "").contains(metric + "/hr[X]"), "X's hit rate is in the provenance");
            assertEquals(5, ((IntProvenance) suppressed.provenanceValues().get(FudlrReport.MIN_GROUP_SIZE)).getValue());
            assertTrue(text.contains(FudlrReport.MIN_GROUP_SIZE));
            for (String g : List.of("F", "M")) {
                for (String q : List.of("count", "hr")) {
                    String key = metric + "/" + q + "[" + g + "]";
                    assertEquals(open.metricsBefore().get(key), suppressed.metricsBefore().get(key), key);
                }
            }
            assertEquals(open.metricsBefore().get(metric), suppressed.metricsBefore().get(metric));
            assertFalse(suppressed.metricsBefore().containsKey(metric + "/hr[X]"));
            assertFalse(suppressed.metricsAfter().containsKey(metric + "/hr[X]"));
            // HTML: the row of X says suppressed, the raw key appears nowhere, the count key does (provenance tree).
            String html = HtmlAuditReport.builder(suppressed).build().render();
            assertTrue(html.contains("<td>X</td><td>1</td><td>suppressed (n &lt; 5)</td>"), "X's row");
            assertFalse(html.replace(recorded, "").contains(metric + "/hr[X]"), "X's hit rate key with a value");
            // A report with a larger k suppresses more than the run did; from the open run it suppresses X as well.
            String fromOpen = HtmlAuditReport.builder(open).minGroupSize(5).build().render();
            assertTrue(fromOpen.contains("<td>X</td><td>1</td><td>suppressed (n &lt; 5)</td>"), "X's row in a report of the open run");
            String unsuppressed = HtmlAuditReport.builder(open).minGroupSize(1).build().render();
            assertFalse(unsuppressed.contains("suppressed (n &lt;"));
        }
    }

    private FudlrReport run(DjlRecommenderModel model, MutableDataset<Label> train, MutableDataset<Label> audit, int k) {
        PostTrainingResult<Label> r = FudlrTransformer.builder().objectives("hr-gap@10:gender").hessianSubsample(100).cg(1e-3, 20)
            .mask(40, 0.1).surrogateTemperature(0.1).accuracyTolerance(0.5).force(true).minGroupSize(k).seed(3).build()
            .transform(model, train, audit);
        try (DjlRecommenderModel m = (DjlRecommenderModel) r.model()) {
            provenanceJson.put((FudlrReport) r.report(), new JsonProvenanceSerialization(true).marshalAndSerialize(m.getProvenance()));
        }
        return (FudlrReport) r.report();
    }

    /** The debiased model's provenance as JSON, per run. */
    private static final Map<FudlrReport, String> provenanceJson = new java.util.IdentityHashMap<>();
}
