/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Row;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Places positions {@code 0..count-1} in contiguous ranges of {@code rowsPerPartition}: partition {@code p} holds
 * positions {@code [p * rowsPerPartition, min(count, (p + 1) * rowsPerPartition))}. With {@code rowsPerPartition} a
 * multiple of the gradient engine's chunk size, every chunk a partition runs holds the same samples as the
 * corresponding chunk of a single-JVM pass over all positions, which is what makes the per-sample values equal.
 * {@link #drain} checks on the executor that a partition got exactly its range (no position missing or repeated).
 */
final class ContiguousPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final long count;
    private final long rowsPerPartition;
    private final int partitions;

    /**
     * A partitioner.
     * @param count the positions {@code 0..count-1}, at least 1.
     * @param rowsPerPartition positions per partition, at least 1.
     */
    ContiguousPartitioner(long count, long rowsPerPartition) {
        if (count < 1 || rowsPerPartition < 1) {
            throw new IllegalArgumentException("A contiguous partitioning needs count >= 1 and rowsPerPartition >= 1, found "
                                               + count + " and " + rowsPerPartition);
        }
        long p = (count + rowsPerPartition - 1) / rowsPerPartition;
        if (p > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(count + " rows in partitions of " + rowsPerPartition + " make more than 2^31 partitions");
        }
        this.count = count;
        this.rowsPerPartition = rowsPerPartition;
        this.partitions = (int) p;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long position = (Long) key;
        if (position < 0 || position >= count) {
            throw new IllegalArgumentException("Position " + position + " is outside 0.." + (count - 1)
                                               + ": the sample indices must be 0..n-1 for n rows");
        }
        return (int) (position / rowsPerPartition);
    }

    /** @return the first position of a partition. */
    long first(int partition) {
        return partition * rowsPerPartition;
    }

    /** @return one past the last position of a partition. */
    long end(int partition) {
        return Math.min(count, (partition + 1) * rowsPerPartition);
    }

    /**
     * Rows keyed by position, moved into this partitioning and sorted by position within each partition.
     * @param byPosition rows keyed by position.
     * @return the arranged rows.
     */
    JavaPairRDD<Long, Row> arrange(JavaPairRDD<Long, Row> byPosition) {
        return byPosition.repartitionAndSortWithinPartitions(this);
    }

    /**
     * The rows of one partition of {@link #arrange}'s result, checked to be exactly its positions in order.
     * @param partition the partition.
     * @param rows its rows.
     * @return the rows in position order.
     * @throws IllegalStateException naming the first missing or repeated position.
     */
    List<Row> drain(int partition, Iterator<Tuple2<Long, Row>> rows) {
        long expected = first(partition);
        long end = end(partition);
        List<Row> out = new ArrayList<>((int) (end - expected));
        while (rows.hasNext()) {
            Tuple2<Long, Row> r = rows.next();
            if (r._1() != expected) {
                throw new IllegalStateException("Partition " + partition + " expected position " + expected + " and found " + r._1()
                                                + (r._1() < expected ? " (repeated)" : " (positions " + expected + ".." + (r._1() - 1) + " missing)")
                                                + ": the sample indices must be 0..n-1, each once");
            }
            out.add(r._2());
            expected++;
        }
        if (expected != end) {
            throw new IllegalStateException("Partition " + partition + " lacks positions " + expected + ".." + (end - 1)
                                            + ": the sample indices must be 0..n-1, each once");
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContiguousPartitioner c && c.count == count && c.rowsPerPartition == rowsPerPartition;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Long.hashCode(rowsPerPartition);
    }
}
