/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.report;

import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.debias.ReportDetails;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.test.Helpers;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders the audit report of a real small FUDLR run (a tiny LoRA recommender on synthetic data, debiased for MGU@10
 * and the HR@10 gender gap) and checks its content, escaping, images, offline-ness, determinism, verification and
 * data minimisation; when a Chromium binary exists, also renders it headless and checks the screenshot.
 */
class HtmlAuditReportTest {
    private static final Logger logger = Logger.getLogger(HtmlAuditReportTest.class.getName());
    private static final Pattern PNG = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static final Pattern ID_LIST = Pattern.compile("href=\"data:text/plain;charset=utf-8;base64,([A-Za-z0-9+/=]*)\"");

    static SampleSplits splits;
    static MutableDataset<Label> train;
    static DjlRecommenderModel original;
    static DjlRecommenderModel debiased;
    static FudlrReport report;
    static PostTrainingModelProvenance provenance;
    /** The run's provenance plus ReportDetails values (trade-off curve, top samples, group counts). */
    static PostTrainingModelProvenance detailed;
    static String html;
    static String detailedHtml;

    static MutableDataset<Label> dataset(List<Example<Label>> examples, String name) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, f, new SimpleDataSourceProvenance(name,
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }

    @BeforeAll
    static void run() {
        long start = System.nanoTime();
        splits = MovieLensDataSource.splits(SyntheticGenerator.generate(SyntheticGenerator.Config.defaults().withSizes(80, 50, 10, 22)),
                                            new SampleBuilder(5, 0, 3));
        train = dataset(splits.train(), "synthetic train");
        MutableDataset<Label> validation = dataset(splits.validation(), "synthetic validation");
        original = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(5)
            .loraRank(2).loraAlpha(4).pretrainEpochs(3).epochs(2).batchSize(32).learningRate(1e-2).seed(7)
            .device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(train);
        FudlrTransformer fudlr = FudlrTransformer.builder().objectives("mgu@10", "hr-gap@10:gender").maxRemovalFraction(0.3)
            .accuracyTolerance(0.5).hessianSubsample(200).cg(1e-3, 30).mask(200, 0.1).seed(3).build();
        PostTrainingResult<Label> result = fudlr.transform(original, train, validation);
        debiased = (DjlRecommenderModel) result.model();
        report = (FudlrReport) result.report();
        provenance = (PostTrainingModelProvenance) debiased.getProvenance();
        detailed = withDetails(provenance, report, splits.train());
        html = HtmlAuditReport.builder(provenance).fudlrReport(report).model(debiased).build().render();
        detailedHtml = HtmlAuditReport.builder(detailed).model(debiased).trainingData(splits.train()).build().render();
        logger.info(String.format("run + 2 reports in %.1f s; report %d chars, detailed %d chars",
                                  (System.nanoTime() - start) / 1e9, html.length(), detailedHtml.length()));
    }

    @AfterAll
    static void close() {
        if (debiased != null) {
            debiased.close();
        }
        if (original != null) {
            original.close();
        }
    }

    /**
     * The run's provenance with the values FudlrTransformer records once it calls ReportDetails. The mask values and
     * effects are not exposed by a finished run, so they are drawn (seeded): unlearned samples above 0.5, the rest
     * below, effects of the signs a debiasing selection has.
     */
    static PostTrainingModelProvenance withDetails(PostTrainingModelProvenance p, FudlrReport r, List<Example<Label>> examples) {
        int n = examples.size();
        SplittableRandom rng = new SplittableRandom(11);
        Set<Integer> removed = new HashSet<>();
        for (int i : r.unlearnedIndices()) {
            removed.add(i);
        }
        double[] mask = new double[n];
        double[][] effects = new double[n][3];
        for (int i = 0; i < n; i++) {
            mask[i] = removed.contains(i) ? 0.5 + 0.5 * rng.nextDouble() : 0.5 * rng.nextDouble();
            effects[i] = new double[]{-1e-4 * rng.nextDouble(), -1e-4 * rng.nextDouble(), 1e-4 * rng.nextDouble()};
        }
        List<String> objectives = List.of("mgu@10", "hr-gap@10:gender");
        Map<String, Provenance> values = new TreeMap<>(p.getInstanceProvenance().getMap());
        values.putAll(ReportDetails.thresholdTradeOff(mask, effects, objectives, 0.3, ReportDetails.DEFAULT_THRESHOLDS));
        values.putAll(ReportDetails.unlearnedSamples(examples, r.unlearnedIndices(), mask, effects, objectives,
                                                     List.of(SampleEncoding.GENDER), ReportDetails.DEFAULT_TOP));
        return new PostTrainingModelProvenance(p.getClassName(), p.getTrainingTime(), p.getOriginalModelProvenance(),
                                               p.getTransformerProvenance(), values);
    }

    static String section(String doc, String id) {
        int start = doc.indexOf("<section id=\"" + id + "\">");
        assertTrue(start >= 0, "no section " + id);
        return doc.substring(start, doc.indexOf("</section>", start));
    }

    static List<byte[]> pngs(String doc) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = PNG.matcher(doc);
        while (m.find()) {
            out.add(Base64.getDecoder().decode(m.group(1)));
        }
        return out;
    }

    @Test
    void everySectionIsPresentWithTheRecordedNumbers() {
        for (String id : List.of("overview", "verification", "fairness", "accuracy", "impact", "exposure", "tradeoff", "mask",
                                 "unlearned", "solver", "timings", "provenance")) {
            section(html, id);
            section(detailedHtml, id);
        }
        RunRecord r = RunRecord.of(provenance);
        // Before/after of every objective and accuracy metric, as recorded.
        for (String m : List.of("mgu@10", "hr-gap@10:gender", "ndcg@10", "hr@10", "validation-loss")) {
            String fairnessOrAccuracy = section(html, m.contains("@10:") || m.startsWith("mgu") ? "fairness" : "accuracy");
            assertTrue(fairnessOrAccuracy.contains(Html.number(r.metricsBefore().get(m))), m + " before");
            assertTrue(fairnessOrAccuracy.contains(Html.number(r.metricsAfter().get(m))), m + " after");
        }
        // Per-group breakdown with user counts and the item groups of MGU.
        String fairness = section(html, "fairness");
        assertTrue(fairness.contains("count"), "group counts are shown");
        for (String key : r.metricsBefore().keySet()) {
            Matcher m = Pattern.compile("^hr-gap@10:gender/count\\[(.+)]$").matcher(key);
            if (m.matches()) {
                assertTrue(fairness.contains("<td>" + Html.escape(m.group(1)) + "</td>"), "group " + m.group(1));
            }
        }
        // Impact ratios derived from the per-group hit rates, with the 0.8 line.
        String impact = section(html, "impact");
        assertTrue(impact.contains("Derived from the per-group hit rates"), impact);
        assertTrue(impact.contains("<img"), "impact ratio chart");
        // Exposure of the popularity groups recorded by MGU.
        String exposure = section(html, "exposure");
        assertTrue(exposure.contains("gp_hist") && exposure.contains("<img"), "exposure chart");
        // Unlearned samples: count, hash, downloadable list.
        String unlearned = section(html, "unlearned");
        assertTrue(unlearned.contains(Integer.toString(report.unlearnedIds().size())));
        assertTrue(unlearned.contains(r.string(FudlrReport.UNLEARNED_IDS_SHA256).orElseThrow()));
        // The top samples (by mask value) are listed by id.
        assertTrue(report.unlearnedIds().stream().anyMatch(id -> unlearned.contains(Html.escape(id))), unlearned);
        // Solver diagnostics and timings.
        String solver = section(html, "solver");
        assertTrue(solver.contains(Html.number(r.number("fudlr.solve.damping").orElseThrow())));
        assertTrue(solver.contains(r.string("fudlr.solve.curvature").orElseThrow()));
        assertTrue(solver.contains(Html.number(r.number("fudlr.certificate.residual-after").orElseThrow())));
        String timings = section(html, "timings");
        for (String stage : r.numberMap("fudlr.stage-seconds").keySet()) {
            assertTrue(timings.contains("<td>" + stage + "</td>"), stage);
        }
        // Full provenance, collapsible, with the trainer of the original model.
        String prov = section(html, "provenance");
        assertTrue(prov.contains("<details>"));
        assertTrue(prov.contains(Html.escape(LmRecommenderTrainer.class.getName())));
        // The in-memory summary is included when the report object is given.
        assertTrue(section(html, "overview").contains("Run summary"));
        // FudlrTransformer records the trade-off itself, so a plain run's report draws the curve.
        assertFalse(section(html, "tradeoff").contains("Not recorded"), "the run records its trade-off curve");
        String tradeoff = section(detailedHtml, "tradeoff");
        assertFalse(tradeoff.contains("Not recorded"));
        assertTrue(tradeoff.contains("<img") && tradeoff.contains("class=\"chosen\""), "curve and the chosen threshold row");
        assertTrue(section(detailedHtml, "unlearned").contains("Top " + Math.min(20, report.unlearnedIds().size())
                                                               + " unlearned samples by mask value"));
    }

    @Test
    void maskHistogramAndCountsMatchTheRun() {
        RunRecord r = RunRecord.of(provenance);
        double[] hist = r.numbers("fudlr.mask.histogram");
        assertEquals(10, hist.length);
        double total = 0;
        for (double c : hist) {
            total += c;
        }
        assertEquals(train.size(), total, 0.0, "every training sample has a mask value");
        String mask = section(html, "mask");
        assertTrue(mask.contains("<td>[0.9, 1]</td><td>" + Html.number(hist[9]) + "</td>"), mask);
        assertTrue(mask.contains("<img"));
    }

    @Test
    void chartsAreValidPngImages() throws IOException {
        List<byte[]> images = pngs(detailedHtml);
        // accuracy, impact, exposure, trade-off, mask, group composition, timings.
        assertTrue(images.size() >= 7, "found " + images.size() + " charts");
        for (byte[] png : images) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(img, "a chart does not decode as PNG");
            assertEquals(Charts.WIDTH, img.getWidth());
            assertTrue(distinctColours(img) > 8, "a chart is (almost) blank");
        }
    }

    @Test
    void theReportLoadsNothingFromOutside() {
        for (String doc : List.of(html, detailedHtml)) {
            assertFalse(doc.contains("http://") || doc.contains("https://"), "a URL in the report");
            assertFalse(doc.toLowerCase().contains("<script"), "a script in the report");
            assertFalse(doc.contains("url("), "a CSS resource reference");
            assertFalse(doc.contains("@import") || doc.contains("@font-face"));
            Matcher m = Pattern.compile("(src|href)=\"([^\"]*)\"").matcher(doc);
            while (m.find()) {
                assertTrue(m.group(2).startsWith("data:") || m.group(2).startsWith("#"), "external reference " + m.group());
            }
        }
    }

    @Test
    void theIdDownloadIsTheHashedList() {
        Matcher m = ID_LIST.matcher(html);
        assertTrue(m.find());
        byte[] file = Base64.getDecoder().decode(m.group(1));
        assertEquals(report.unlearnedIds(), List.of(new String(file, StandardCharsets.UTF_8).split("\n")));
        // sha256sum of the downloaded file is the recorded hash.
        assertEquals(RunRecord.of(provenance).string(FudlrReport.UNLEARNED_IDS_SHA256).orElseThrow(), ReportChecks.sha256(file));
    }

    @Test
    void renderingIsDeterministicAcrossASerializationRoundTrip() throws Exception {
        assertEquals(html, HtmlAuditReport.builder(provenance).fudlrReport(report).model(debiased).build().render());
        Model<?> back = Model.deserialize(debiased.serialize());
        try {
            String again = HtmlAuditReport.builder(back.getProvenance()).fudlrReport(report).model(back).build().render();
            assertEquals(html, again, "a report of the reloaded model differs");
        } finally {
            ((DjlRecommenderModel) back).close();
        }
        // The ReportDetails values survive provenance marshalling, and so does the report.
        Helpers.testProvenanceMarshalling(detailed);
    }

    @Test
    void verificationPassesForTheRunAndFailsForTampering() {
        HtmlAuditReport r = HtmlAuditReport.builder(provenance).fudlrReport(report).model(debiased).build();
        Map<String, VerificationCheck.Status> byName = new TreeMap<>();
        for (VerificationCheck c : r.checks()) {
            byName.put(c.name(), c.status());
        }
        assertEquals(VerificationCheck.Status.PASS, byName.get("Unlearned id list matches its recorded SHA-256"));
        assertEquals(VerificationCheck.Status.PASS, byName.get("Unlearned count matches the id list"));
        assertEquals(VerificationCheck.Status.PASS, byName.get("Model parameters match the recorded SHA-256"), r.checks().toString());
        assertEquals(VerificationCheck.Status.PASS, byName.get("In-memory report matches the model provenance"));
        assertTrue(html.contains("badge pass"));

        // The original model's parameters do not match the debiased model's recorded hash.
        HtmlAuditReport wrongModel = HtmlAuditReport.builder(provenance).model(original).build();
        assertEquals(VerificationCheck.Status.FAIL, wrongModel.overallStatus());
        // A tampered id list fails its hash check; the report still renders and shows the failure.
        Map<String, Provenance> values = new TreeMap<>(provenance.getInstanceProvenance().getMap());
        values.put(FudlrReport.UNLEARNED_IDS_SHA256, new StringProvenance(FudlrReport.UNLEARNED_IDS_SHA256, "0".repeat(64)));
        HtmlAuditReport tampered = HtmlAuditReport.builder(copy(provenance, values)).build();
        assertEquals(VerificationCheck.Status.FAIL, tampered.overallStatus());
        assertTrue(section(tampered.render(), "verification").contains("badge fail"));
        // A caller's check is listed after the built-in ones.
        HtmlAuditReport withCheck = HtmlAuditReport.builder(provenance)
            .check(new VerificationCheck("metrics recomputed", VerificationCheck.Status.PASS, "by fudlr verify")).build();
        assertEquals("metrics recomputed", withCheck.checks().get(withCheck.checks().size() - 1).name());
        assertEquals(VerificationCheck.Status.NOT_CHECKED, withCheck.checks().stream()
            .filter(c -> c.name().startsWith("Model parameters")).findFirst().orElseThrow().status(), "no model given");
    }

    static PostTrainingModelProvenance copy(PostTrainingModelProvenance p, Map<String, Provenance> values) {
        return new PostTrainingModelProvenance(p.getClassName(), p.getTrainingTime(), p.getOriginalModelProvenance(),
                                               p.getTransformerProvenance(), values);
    }

    @Test
    void hostileStringsAreEscaped() {
        String hostile = "<script>alert('x')</script> & \"q\" <img src=x onerror=alert(1)>";
        Map<String, Provenance> values = new TreeMap<>(provenance.getInstanceProvenance().getMap());
        values.put("fudlr.versions", new StringProvenance("fudlr.versions", hostile));
        values.put("fudlr.<b>key</b>", new StringProvenance("fudlr.<b>key</b>", hostile));
        Map<String, DoubleProvenance> metrics = new TreeMap<>();
        RunRecord.of(provenance).metricsBefore().forEach((k, v) -> metrics.put(k, new DoubleProvenance(k, v)));
        metrics.put("mgu@10/gu[<i>grp</i>]", new DoubleProvenance("mgu@10/gu[<i>grp</i>]", 0.5));
        values.put(FudlrReport.METRICS_BEFORE, new MapProvenance<>(metrics));
        String doc = HtmlAuditReport.builder(copy(provenance, values)).title("<h1>title</h1>").build().render();
        assertFalse(doc.contains("<script"), "unescaped script");
        assertFalse(doc.contains("<img src=x"), "unescaped img");
        assertFalse(doc.contains("<b>key</b>") || doc.contains("<i>grp</i>") || doc.contains("<h1>title</h1>"));
        assertTrue(doc.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
        assertTrue(doc.contains("&lt;i&gt;grp&lt;/i&gt;"), "hostile group name shown escaped");
        assertTrue(section(doc, "other").contains("fudlr.&lt;b&gt;key&lt;/b&gt;"), "unknown keys are listed, escaped");
    }

    @Test
    void userAttributesOnlyWhenAsked() {
        String withoutFlag = section(detailedHtml, "unlearned");
        String top = withoutFlag.substring(withoutFlag.indexOf("unlearned samples by mask value"));
        String header = top.substring(top.indexOf("<thead>"), top.indexOf("</thead>"));
        assertFalse(header.contains(">gender<") || header.contains(">age<") || header.contains(">occupation<"), header);
        assertTrue(top.contains("data minimisation"));
        // Group-level composition is there without the flag.
        assertTrue(withoutFlag.contains("Unlearned samples per user group") && withoutFlag.contains("<th>gender</th>"));

        String withFlag = HtmlAuditReport.builder(detailed).trainingData(splits.train()).includeUserAttributes(true).build().render();
        assertTrue(withFlag.contains("contains per-user sensitive attribute values"));
        String topWith = section(withFlag, "unlearned");
        topWith = topWith.substring(topWith.indexOf("unlearned samples by mask value"));
        String headerWith = topWith.substring(topWith.indexOf("<thead>"), topWith.indexOf("</thead>"));
        assertTrue(headerWith.contains("<th>gender</th>") && headerWith.contains("<th>age</th>") && headerWith.contains("<th>occupation</th>"),
                   headerWith);
        // The first listed sample's attribute values come from its training example.
        String firstId = RunRecord.of(detailed).strings(ReportDetails.TOP_IDS).get(0);
        Example<Label> ex = splits.train().stream().filter(e -> firstId.equals(SampleEncoding.metadata(e, SampleEncoding.SAMPLE)))
            .findFirst().orElseThrow();
        String row = topWith.substring(topWith.indexOf("<td>" + firstId + "</td>"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertTrue(row.contains("<td>" + SampleEncoding.metadata(ex, SampleEncoding.OCCUPATION) + "</td>"), row);
    }

    @Test
    void aModelWithoutAFudlrRunIsAClearError() {
        ModelProvenance plain = original.getProvenance();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HtmlAuditReport.builder(plain).build());
        assertTrue(e.getMessage().contains("No FUDLR run is recorded"), e.getMessage());
        // A report from the in-memory run alone renders, and says the provenance is missing.
        String fromReport = HtmlAuditReport.builder(report).build().render();
        assertTrue(section(fromReport, "provenance").contains("Not recorded"));
        assertTrue(section(fromReport, "fairness").contains(Html.number(report.metricsBefore().get("mgu@10"))));
    }

    @Test
    void numbersAreFormattedIndependentlyOfLocale() {
        assertEquals("0.1235", Html.number(0.123456));
        assertEquals("12", Html.number(12.0));
        assertEquals("1.500e-05", Html.number(1.5e-5));
        assertEquals("n/a", Html.number(Double.NaN));
        assertEquals("+0.5", Html.signed(0.5));
        assertEquals("-3", Html.signed(-3));
        assertEquals(List.of("a", "b@1"), MetricBreakdown.topLevel(List.of("a", "a/x[1]", "b@1", "b@1/y")));
    }

    /**
     * Headless Chromium renders the report; the screenshot (target/report-screenshots/) must decode and show
     * more than a blank page. Skipped when no Chromium is installed (system property fudlr.chromium, or chromium /
     * chromium-browser on the PATH).
     */
    @Test
    void rendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        Path chromium = findChromium();
        Assumptions.assumeTrue(chromium != null, "No Chromium found (set -Dfudlr.chromium=/path or install Debian's chromium): "
                                                 + "skipping the browser rendering check");
        Path page = dir.resolve("report.html");
        Files.writeString(page, detailedHtml, StandardCharsets.UTF_8);
        Path shot = dir.resolve("report.png");
        ProcessBuilder pb = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                                               "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"),
                                               "--screenshot=" + shot, "--window-size=1280,2000", page.toUri().toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 120 s");
        }
        assertTrue(Files.exists(shot), "no screenshot; Chromium said: " + Files.readString(dir.resolve("chromium.log")));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, "the screenshot is not a PNG");
        assertEquals(1280, img.getWidth());
        assertTrue(distinctColours(img) > 50, "the screenshot is (nearly) one colour: the page did not render");
        Path out = Path.of(System.getProperty("basedir", "."), "target", "report-screenshots");
        Files.createDirectories(out);
        Files.copy(shot, out.resolve("fudlr-report.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(page, out.resolve("fudlr-report.html"), StandardCopyOption.REPLACE_EXISTING);
        logger.info("Chromium screenshot of the report: " + out.resolve("fudlr-report.png"));
    }

    static Path findChromium() {
        String configured = System.getProperty("fudlr.chromium");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String d : path.split(File.pathSeparator)) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colours.add(img.getRGB(x, y));
                if (colours.size() > 1000) {
                    return colours.size();
                }
            }
        }
        return colours.size();
    }
}
