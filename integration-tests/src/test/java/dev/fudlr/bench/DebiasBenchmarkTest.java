/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticData;
import dev.fudlr.data.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the benchmark's {@code --quick} mode (synthetic data, tiny transformer, one seed: the mode CI can afford) end
 * to end and checks what it writes: every method of issue 8 has a row, FUDLR lowered MGU@10 on the audit users, and
 * the Markdown carries the tables; {@code --oracle} adds the model retrained without the planted samples.
 */
class DebiasBenchmarkTest {

    @Test
    void quickModeWritesEveryMethodToCsvAndMarkdown(@TempDir Path out) throws Exception {
        DebiasBenchmark.main(new String[]{"--quick", "--oracle", "--synthetic-autoplay", "0.8", "--out", out.toString()});
        List<String> lines = Files.readAllLines(out.resolve("debias.csv"), StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        assertEquals(List.of("backbone", "objectives", "seed", "method"), header.subList(0, 4));
        int auditMgu = header.indexOf("audit:mgu@10");
        assertTrue(auditMgu > 0, lines.get(0));
        Map<String, String[]> byMethod = new HashMap<>();
        List<String> methods = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            // Quoted fields (method, note) contain no commas before the note, which is last.
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            String method = f[3].replace("\"", "");
            methods.add(method);
            byMethod.put(method, f);
            assertEquals("tiny", f[0], line);
        }
        for (String expected : List.of("base", "fudlr", "fairness-topk@|S|", "random@|S|", "retrain-without-S (cold)",
                                       "retrain-without-S (warm, 1 LoRA epoch)", "popularity-rerank (lambda 0.5)")) {
            assertTrue(methods.contains(expected), "no row for " + expected + ": " + methods);
        }
        // --oracle: one model per kind of planted sample, retrained without exactly those samples.
        SyntheticData data = SyntheticGenerator.generate(DebiasBenchmark.syntheticConfig());
        assertEquals(0.8, data.config().genderAutoplayFraction());
        SampleSplits splits = MovieLensDataSource.splits(data, new SampleBuilder());
        Map<String, Integer> planted = Map.of("popularity-driven interactions (planted bias 1)", data.biasInducingSampleIds(splits).size(),
                                              "autoplayed wrong sequels (planted bias 4)", data.autoplaySampleIds(splits).size());
        for (Map.Entry<String, Integer> kind : planted.entrySet()) {
            String[] oracle = byMethod.get("retrain-without-planted: " + kind.getKey());
            assertTrue(oracle != null, "no oracle row for " + kind.getKey() + ": " + methods);
            assertTrue(kind.getValue() > 0, kind.getKey());
            assertEquals(kind.getValue(), Integer.parseInt(oracle[4]), kind.getKey());
        }
        assertTrue(header.contains("ndcg-gap@10:gender;agg=signed"), lines.get(0));
        // Each gender's NDCG beside the gap; every quick-mode user has a gender, so the overall NDCG (a mean over users)
        // lies between the two group means, and their difference is the gap.
        String[] base = byMethod.get("base");
        double female = Double.parseDouble(base[header.indexOf("ndcg@10[F]")]);
        double male = Double.parseDouble(base[header.indexOf("ndcg@10[M]")]);
        double all = Double.parseDouble(base[header.indexOf("ndcg@10")]);
        assertTrue(all >= Math.min(female, male) - 1e-6 && all <= Math.max(female, male) + 1e-6, female + " " + all + " " + male);
        assertEquals(female - male, Double.parseDouble(base[header.indexOf("ndcg-gap@10:gender;agg=signed")]), 2e-6);
        // Quick mode is seeded end to end; on its data FUDLR debiases (it lowered audit MGU@10 about 18% when written).
        String[] fudlr = byMethod.get("fudlr");
        assertTrue(!fudlr[fudlr.length - 1].contains("REFUSED"), String.join(",", fudlr));
        double before = Double.parseDouble(byMethod.get("base")[auditMgu]);
        double after = Double.parseDouble(fudlr[auditMgu]);
        assertTrue(after < before, "FUDLR did not lower audit MGU@10: " + before + " -> " + after);
        assertTrue(Integer.parseInt(fudlr[4]) > 0, "FUDLR removed nothing");
        String md = Files.readString(out.resolve("debias.md"), StandardCharsets.UTF_8);
        assertTrue(md.contains("**Held-out test users:**") && md.contains("Paired 95% bootstrap intervals"), md);
        // The influence view: one row for FUDLR's own set and one per kind of planted sample, with that set's size.
        // FUDLR's mask removes the samples of highest predicted net benefit first, so its set sits near the top.
        Map<String, String[]> view = new HashMap<>();
        md.lines().filter(l -> l.startsWith("| mgu@10 | 1 | ")).forEach(l -> view.put(l.split(" \\| ")[2], l.split(" \\| ")));
        assertEquals(fudlr[4], view.get("FUDLR's S")[3], md);
        assertTrue(Double.parseDouble(view.get("FUDLR's S")[6].replace("|", "").trim()) < 25, md);
        for (Map.Entry<String, Integer> kind : planted.entrySet()) {
            assertEquals(kind.getValue().toString(), view.get("planted: " + kind.getKey())[3], kind.getKey());
        }
        // The order view ranks the same first-order effects several ways. Its "fairness only" order at |S| is influence
        // top-k, which FUDLR also ran as a baseline selection and the recovery table scored: both paths must agree.
        Map<String, Double> topkRecovery = new HashMap<>();
        Map<String, Double> chance = new HashMap<>();
        String kind = null;
        for (String l : md.lines().toList()) {
            if (l.startsWith("Recovery of the ")) {
                kind = l.substring(l.indexOf("samples (") + 9, l.indexOf("); chance"));
                String share = l.substring(l.indexOf("training set, ") + 14);
                chance.put(kind, Double.parseDouble(share.substring(0, share.indexOf(". "))));
            } else if (kind != null && l.startsWith("| mgu@10 | fairness-topk@|S| | ")) {
                String[] cells = l.split(" \\| ");
                topkRecovery.put(kind, Double.parseDouble(cells[5]));
            }
        }
        assertEquals(planted.keySet(), topkRecovery.keySet(), md);
        for (Map.Entry<String, Integer> k : planted.entrySet()) {
            String[] atS = md.lines().filter(l -> l.startsWith("| mgu@10 | 1 | " + k.getKey() + " | \\|S\\| "))
                             .findFirst().orElseThrow(() -> new AssertionError("no order-view row at |S| for " + k.getKey() + "\n" + md))
                             .split(" \\| ");
            assertEquals("\\|S\\| " + fudlr[4], atS[3], md);
            assertEquals(topkRecovery.get(k.getKey()), Double.parseDouble(atS[5]), 0.0051, md);
            String[] atP = md.lines().filter(l -> l.startsWith("| mgu@10 | 1 | " + k.getKey() + " | \\|P\\| "))
                             .findFirst().orElseThrow().split(" \\| ");
            assertEquals("\\|P\\| " + k.getValue(), atP[3], md);
            // At |P| a perfect order finds only planted samples: precision 1, i.e. 1 / chance; no order does better.
            double best = Double.parseDouble(atP[4]);
            // (the caption prints chance to 3 decimals, the table the ratio to 2)
            double c = chance.get(k.getKey());
            assertTrue(best >= 1 / (c + 0.0005) - 0.005 && best <= 1 / (c - 0.0005) + 0.005, best + " vs 1 / " + c);
            for (int col = 5; col < atP.length; col++) {
                double ratio = Double.parseDouble(atP[col].replace("|", "").trim());
                assertTrue(ratio >= 0 && ratio <= best + 0.005, "column " + col + ": " + String.join(" | ", atP));
            }
        }
    }
}
