/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.primitives.FileProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataSourceProvenance;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.test.Helpers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovieLensDataSourceTest {

    @TempDir
    Path tmp;

    private static final SyntheticGenerator.Config SMALL = SyntheticGenerator.Config.defaults().withSeed(5).withSizes(40, 60, 5, 20);

    @Test
    void syntheticSourceFeedsAMutableDatasetWithProvenance() {
        MovieLensDataSource train = new MovieLensDataSource(SMALL, "train", new SampleBuilder(5, 0, 3));
        SampleSplits splits = train.getSplits();
        MutableDataset<Label> ds = new MutableDataset<>(train);
        assertEquals(splits.train().size(), ds.size());
        assertEquals(train.size(), ds.size());
        for (int i = 0; i < ds.size(); i++) {
            assertEquals(splits.train().get(i), ds.getExample(i));
        }
        DatasetProvenance dp = ds.getProvenance();
        assertEquals(train.getProvenance(), dp.getSourceProvenance());
        Helpers.testProvenanceMarshalling(dp);
        Helpers.testProvenanceMarshalling(train.getProvenance());
        configurableRoundtrip(train);
        assertTrue(train.getSyntheticData().isPresent());
        assertEquals(SMALL, train.getSyntheticData().get().config());
        // The synthetic content hash identifies the data.
        HashProvenance h = (HashProvenance) train.getProvenance().getInstanceValues().get(DataSourceProvenance.RESOURCE_HASH);
        assertEquals(splits.ratings().combinedSha256(), h.getValue());
    }

    @Test
    void sourcesOfOneExperimentShareParsedData() {
        MovieLensDataSource train = new MovieLensDataSource(SMALL, "train", new SampleBuilder());
        MovieLensDataSource test = new MovieLensDataSource(SMALL, "test", new SampleBuilder());
        assertSame(train.getSplits(), test.getSplits());
        assertEquals(train.getSplits().test().size(), test.size());
        MovieLensDataSource other = new MovieLensDataSource(SMALL, "test", new SampleBuilder(3, 0, 3));
        assertFalse(train.getSplits() == other.getSplits());
        assertSame(train.getSplits().ratings(), other.getSplits().ratings());
        // Iteration hands out copies: modifying them leaves the shared samples alone.
        Example<Label> first = test.iterator().next();
        first.setMetadataValue("extra", "x");
        assertFalse(test.getSplits().test().get(0).getMetadata().containsKey("extra"));
    }

    @Test
    void movieLensFilesAreRecordedInProvenance() throws Exception {
        Path dir = TestData.writeMl100k(Files.createDirectories(tmp.resolve("ml")));
        MovieLensDataSource src = new MovieLensDataSource(MovieLensFormat.ML_100K, dir, "validation", new SampleBuilder());
        MovieLensDataSourceProvenance p = (MovieLensDataSourceProvenance) src.getProvenance();
        Map<String, String> expected = Map.of(
                "u.data", MovieLensReaderTest.sha256(dir.resolve("u.data")),
                "u.item", MovieLensReaderTest.sha256(dir.resolve("u.item")),
                "u.user", MovieLensReaderTest.sha256(dir.resolve("u.user")));
        assertEquals(expected, p.fileHashes());
        FileProvenance path = (FileProvenance) p.getInstanceValues().get(MovieLensDataSourceProvenance.FILE_PATH_PREFIX + "u.data");
        assertEquals(dir.resolve("u.data").toAbsolutePath().toFile(), path.getValue());
        assertEquals(2, ((com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance)
                p.getInstanceValues().get(MovieLensDataSourceProvenance.NUM_EXAMPLES)).getValue());
        Helpers.testProvenanceMarshalling(p);
        configurableRoundtrip(src);
        MutableDataset<Label> ds = new MutableDataset<>(src);
        Helpers.testProvenanceMarshalling(ds.getProvenance());
        // The provenance's configuration rebuilds an equivalent source.
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(p));
        MovieLensDataSource rebuilt = (MovieLensDataSource) cm.lookup(ProvenanceUtil.extractConfiguration(p).get(0).getName());
        assertEquals(p.fileHashes(), ((MovieLensDataSourceProvenance) rebuilt.getProvenance()).fileHashes());
        assertEquals(src.getSplits().validation(), rebuilt.getSplits().validation());
        // Changing a file changes the recorded hash.
        List<String> more = new java.util.ArrayList<>(TestData.U_DATA);
        more.add("3\t5\t4\t500");
        TestData.write(dir.resolve("u.data"), more);
        MovieLensDataSource changed = new MovieLensDataSource(MovieLensFormat.ML_100K, dir, "validation", new SampleBuilder());
        assertNotEquals(p.fileHashes().get("u.data"), ((MovieLensDataSourceProvenance) changed.getProvenance()).fileHashes().get("u.data"));
    }

    /**
     * What {@code Helpers.testConfigurableRoundtrip} checks, which cannot be called with a data source because a
     * DataSource is {@code Provenancable<DataSourceProvenance>} rather than of a configured provenance type: the
     * configuration OLCUT reads from the object's fields equals the configuration recorded in its provenance.
     */
    static void configurableRoundtrip(RecommenderDataSource source) {
        ConfigurationManager cm = new ConfigurationManager();
        String name = cm.importConfigurable(source, "item");
        List<ConfigurationData> fromObject = cm.getComponentNames().stream().map(cm::getConfigurationData)
                .filter(java.util.Optional::isPresent).map(java.util.Optional::get).collect(Collectors.toList());
        List<ConfigurationData> fromProvenance = ProvenanceUtil.extractConfiguration(source.getProvenance());
        assertTrue(ConfigurationData.structuralEquals(fromObject, fromProvenance, name, fromProvenance.get(0).getName()),
                fromObject + " vs " + fromProvenance);
    }

    private Path xml(String properties) throws Exception {
        return xml(tmp, MovieLensDataSource.class, properties);
    }

    /**
     * Writes an OLCUT configuration with one component named {@code source}.
     * @param dir the directory.
     * @param type the component class.
     * @param properties its {@link #prop} lines.
     * @return the file.
     * @throws Exception if writing fails.
     */
    static Path xml(Path dir, Class<?> type, String properties) throws Exception {
        Path f = dir.resolve("config-" + System.nanoTime() + ".xml");
        Files.writeString(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                + "  <component name=\"source\" type=\"" + type.getName() + "\">\n" + properties
                + "  </component>\n</config>\n");
        return f;
    }

    static String prop(String name, String value) {
        return "    <property name=\"" + name + "\" value=\"" + value + "\"/>\n";
    }

    @Test
    void loadsFromOlcutXml() throws Exception {
        Path dir = TestData.writeMl1m(Files.createDirectories(tmp.resolve("ml1m")));
        ConfigurationManager cm = new ConfigurationManager(xml(prop("format", "ml-1m") + prop("directory", dir.toString())
                + prop("split", "test") + prop("historyLength", "2")).toString());
        MovieLensDataSource src = (MovieLensDataSource) cm.lookup("source");
        assertEquals(MovieLensFormat.ML_1M, src.getFormat());
        assertEquals("test", src.getSplit());
        // Only user 3 has the 3 ratings a user needs: one test sample, whose history (L = 2) is items 1 and 2.
        assertEquals(1, src.size());
        Example<Label> only = src.iterator().next();
        assertEquals("3", only.getOutput().getLabel());
        assertEquals(List.of(1, 2), java.util.Arrays.stream(SampleEncoding.decodeHistory(only)).boxed().collect(Collectors.toList()));
        assertEquals("25", SampleEncoding.metadata(only, SampleEncoding.AGE));
        assertEquals("scientist", SampleEncoding.metadata(only, SampleEncoding.OCCUPATION));
        configurableRoundtrip(src);

        MovieLensDataSource syn = lookup(prop("format", "synthetic") + prop("seed", "5") + prop("syntheticUsers", "40")
                + prop("syntheticItems", "60") + prop("syntheticMinPerUser", "5") + prop("syntheticMaxPerUser", "20")
                + prop("split", "validation"));
        assertSame(new MovieLensDataSource(SMALL, "validation", new SampleBuilder()).getSplits(), syn.getSplits());
        assertEquals(40, syn.size());
    }

    @Test
    void invalidConfigurationIsReported() throws Exception {
        assertEquals("format", assertThrows(PropertyException.class, () -> lookup(prop("format", "ml-20m"))).getProperty());
        assertEquals("split", assertThrows(PropertyException.class, () -> lookup(prop("format", "synthetic") + prop("split", "dev"))).getProperty());
        assertEquals("split", assertThrows(PropertyException.class, () -> new MovieLensDataSource(SMALL, null, new SampleBuilder())).getProperty());
        assertEquals("directory", assertThrows(PropertyException.class, () -> lookup(prop("format", "ml-100k"))).getProperty());
        assertEquals("historyLength", assertThrows(PropertyException.class, () -> lookup(prop("format", "synthetic") + prop("historyLength", "0"))).getProperty());
        assertEquals("minInteractions", assertThrows(PropertyException.class, () -> lookup(prop("format", "synthetic") + prop("minInteractions", "2"))).getProperty());
        PropertyException e = assertThrows(PropertyException.class, () -> lookup(prop("format", "synthetic") + prop("syntheticItems", "5")));
        assertTrue(e.getMessage().contains("numItems (5) must be at least maxInteractionsPerUser (40)"), e.getMessage());
        assertEquals("syntheticItems", e.getProperty());
        assertEquals("syntheticFemaleFraction", assertThrows(PropertyException.class,
                () -> lookup(prop("format", "synthetic") + prop("syntheticFemaleFraction", "1.5"))).getProperty());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Throwable t = assertThrows(RuntimeException.class, () -> lookup(prop("format", "ml-100k") + prop("directory", empty.toString())));
        while (!(t instanceof DataFormatException) && t.getCause() != null) {
            t = t.getCause();
        }
        assertTrue(t instanceof DataFormatException && t.getMessage().startsWith("u.data: file not found"), String.valueOf(t));
    }

    private MovieLensDataSource lookup(String properties) throws Exception {
        ConfigurationManager cm = new ConfigurationManager(xml(properties).toString());
        return (MovieLensDataSource) cm.lookup("source");
    }

    @Test
    void realMovieLens100kThroughXml() throws Exception {
        Path real = TestData.realMl100k();
        MovieLensDataSource src = lookup(prop("format", "ml-100k") + prop("directory", real.toString()));
        assertEquals(100_000 - 3 * 943, src.size());
        MovieLensDataSource test = new MovieLensDataSource(MovieLensFormat.ML_100K, real, "test", new SampleBuilder());
        assertSame(src.getSplits(), test.getSplits());
        assertSame(src.getSplits(), MovieLensDataSource.splits(MovieLensFormat.ML_100K, real, new SampleBuilder()));
        Helpers.testProvenanceMarshalling(src.getProvenance());
        configurableRoundtrip(src);
        assertEquals(4, ((MovieLensDataSourceProvenance) src.getProvenance()).fileHashes().size(), "u.data, u.genre, u.item, u.user");
    }
}
