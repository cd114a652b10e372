/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.DataFormatException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The core's per-file rules for delimited text ({@code DelimitedText}, {@code MovieLensReader.decode}) for files Spark
 * reads, found by one distributed pass over their bytes (Hadoop's line reader, no decoding):
 * <ul>
 *     <li>delimiter: a tab when the name ends with {@code .tsv} or {@code .tab} or the header line holds a tab, else a
 *     comma;</li>
 *     <li>encoding: UTF-8 when the file starts with the UTF-8 byte-order mark or its bytes are valid UTF-8, else
 *     ISO-8859-1 (which never fails). Lines are checked one by one, which is the whole-file check: a line feed never
 *     occurs inside a UTF-8 sequence;</li>
 *     <li>refused, naming the file and the byte offset of the line: a UTF-16 byte-order mark, a NUL byte, a UTF-8
 *     byte-order mark on a file that is not valid UTF-8.</li>
 * </ul>
 */
final class TextFileFormats {

    private TextFileFormats() {}

    /**
     * How to read one file.
     * @param path the file, as Spark listed it.
     * @param delimiter the field delimiter.
     * @param charset the encoding's name, for Spark's CSV {@code encoding} option.
     */
    record Format(String path, char delimiter, String charset) implements Serializable {}

    /** What one partition saw of a file. */
    private record Seen(boolean invalidUtf8, boolean utf8Bom, boolean headerTab) implements Serializable {
        Seen or(Seen o) {
            return new Seen(invalidUtf8 || o.invalidUtf8, utf8Bom || o.utf8Bom, headerTab || o.headerTab);
        }
    }

    /**
     * The format of each file.
     * @param context the Spark context.
     * @param files the files (e.g. a DataFrame's {@code inputFiles()}).
     * @param what the option and path, for messages.
     * @return one format per file, in the order given.
     * @throws DataFormatException (thrown in a task, so inside Spark's job failure) for a refused file.
     */
    static List<Format> of(JavaSparkContext context, List<String> files, String what) {
        Job job;
        try {
            job = Job.getInstance(context.hadoopConfiguration());
            FileInputFormat.setInputPaths(job, files.stream().map(Path::new).toArray(Path[]::new));
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot list " + files + ": " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked") // JavaSparkContext.newAPIHadoopRDD builds a JavaNewHadoopRDD
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) context.newAPIHadoopRDD(
            job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
        Map<String, Seen> seen = new TreeMap<>(lines.mapPartitionsWithInputSplit((split, it) -> {
            String file = ((FileSplit) split).getPath().toString();
            Seen s = new Seen(false, false, false);
            while (it.hasNext()) {
                Tuple2<LongWritable, Text> line = it.next();
                s = s.or(check(file, line._1().get(), line._2()));
            }
            return List.of(new Tuple2<>(file, s)).iterator();
        }, true).mapToPair(t -> t).reduceByKey(Seen::or).collectAsMap());
        List<Format> out = new ArrayList<>();
        java.util.Set<String> matched = new java.util.HashSet<>();
        for (String f : files) {
            String key = new Path(f).toString();
            matched.add(key);
            // Absent: an empty file (no lines, nothing to decode).
            Seen s = seen.getOrDefault(key, new Seen(false, false, false));
            if (s.utf8Bom && s.invalidUtf8) {
                throw new DataFormatException(f, "starts with a UTF-8 byte-order mark but is not valid UTF-8; save it as ISO-8859-1 or UTF-8");
            }
            String lower = f.toLowerCase(Locale.ROOT);
            char delimiter = lower.endsWith(".tsv") || lower.endsWith(".tab") || s.headerTab ? '\t' : ',';
            out.add(new Format(f, delimiter, s.utf8Bom || !s.invalidUtf8 ? StandardCharsets.UTF_8.name() : StandardCharsets.ISO_8859_1.name()));
        }
        if (!matched.containsAll(seen.keySet())) {
            throw new IllegalStateException(what + ": the byte pass read " + seen.keySet() + ", the listing names " + matched);
        }
        return out;
    }

    /** One line's bytes (without its terminator) at a byte offset of a file. */
    private static Seen check(String file, long offset, Text line) {
        byte[] b = line.getBytes();
        int n = line.getLength();
        boolean first = offset == 0;
        if (first && n >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE))) {
            throw new DataFormatException(file, "UTF-16 encoded (byte-order mark); save it as ISO-8859-1 or UTF-8");
        }
        boolean nonAscii = false;
        boolean tab = false;
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                throw new DataFormatException(file, "NUL byte in the line at byte offset " + offset
                                                    + ": a binary or UTF-16 file, expected ISO-8859-1 or UTF-8 text");
            }
            nonAscii |= b[i] < 0;
            tab |= b[i] == '\t';
        }
        boolean bom = first && n >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
        boolean invalid = false;
        if (nonAscii) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, n));
            } catch (CharacterCodingException e) {
                invalid = true;
            }
        }
        return new Seen(invalid, bom, first && tab);
    }
}
