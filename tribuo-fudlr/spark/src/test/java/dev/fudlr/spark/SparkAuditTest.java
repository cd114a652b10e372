/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.SampleEncoding;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.model.DjlRecommenderModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distributed audit's top-K lists against FUDLR's single-JVM audit of the same rows. */
class SparkAuditTest {

    private static Fixture.Run run;
    private static SparkSession spark;
    private static ModelBroadcast broadcast;
    private static DjlRecommenderModel reference;
    private static Dataset<Row> training;

    @BeforeAll
    static void start() {
        run = Fixture.Run.start(Fixture.session("local[2]", "SparkAuditTest"));
        spark = run.spark();
        broadcast = run.broadcast();
        reference = run.reference();
        training = run.samples();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    private static TopKLists singleJvm(List<Example<Label>> audit, int k) {
        return Fixture.singleJvmAudit(reference, audit, k);
    }

    private static void assertSameLists(TopKLists expected, AuditLists got) {
        assertEquals(expected.numUsers(), got.lists().length);
        for (int r = 0; r < got.lists().length; r++) {
            assertArrayEquals(expected.list(r), got.lists()[r], "audit row " + r);
        }
    }

    @Test
    void validationListsEqualTheSingleJvmAudit() {
        List<Example<Label>> audit = new ArrayList<>(Fixture.validation());
        // One row the model cannot rank: left out and counted, as in every audit.
        audit.add(SampleEncoding.encode(new int[]{1, 2}, 999_999, Map.of(SampleEncoding.USER, "1", SampleEncoding.SAMPLE, "1:99")));
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        AuditLists got = new SparkAudit(broadcast, 1, facts).topK(SampleRows.toDataFrame(spark, audit), training, 10);
        assertSameLists(singleJvm(audit, 10), got);
        assertEquals(1, got.skipped());
        assertEquals(10, got.k());
        List<Example<Label>> kept = RecommenderAudit.inCatalogue(reference.items(), audit);
        for (int r = 0; r < got.indices().length; r++) {
            assertTrue(kept.get(r) == audit.get((int) got.indices()[r]), "row " + r + " is audit index " + got.indices()[r]);
        }
        assertEquals(SparkAudit.AUDIT_STAGE, facts.stages().get(0).name());
    }

    @Test
    void listsOverSeveralScoringChunksEqualTheSingleJvmAudit() {
        // The training samples as audit rows: more rows than one scoring chunk, so several partitions.
        assertTrue(Fixture.train().size() > 2 * broadcast.chunkSize(), "the test needs at least 3 partitions");
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        AuditLists got = new SparkAudit(broadcast, 1, facts).topK(training, training, 20);
        assertSameLists(singleJvm(Fixture.train(), 20), got);
        assertTrue(facts.stages().get(0).partitions() >= 3);
    }
}
