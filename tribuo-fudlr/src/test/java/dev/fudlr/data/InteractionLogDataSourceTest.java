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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataSourceProvenance;
import org.tribuo.test.Helpers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.fudlr.data.MovieLensDataSourceTest.prop;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionLogDataSourceTest {

    @TempDir
    Path tmp;

    /** Two users with interleaved rows and no timestamps; u-b appears first. */
    private static final List<String> LOG = List.of("user,item", "u-b,sku_2", "u-a,sku_1", "u-b,sku_1", "u-a,sku_3", "u-b,sku_3",
                                                    "u-a,sku_2", "u-b,sku_4", "u-a,sku_4");

    private Path file(String name, List<String> lines) throws Exception {
        return InteractionLogFixture.write(tmp.resolve(name), lines);
    }

    private static InteractionLogDataSource source(Path log, Path users, Path items, String split) {
        return InteractionLogDataSource.builder(log).users(users).items(items).split(split).historyLength(3).build();
    }

    @Test
    void stringIdsAreNumberedByFirstAppearanceAndFileOrderIsTheSequenceOrder() throws Exception {
        Path log = file("log.csv", LOG);
        Path users = file("users.tsv", List.of("user\tregion\tplan", "u-a\tnorth\t", "u-c\tsouth\tpaid"));
        Path items = file("items.csv", List.of("item,title,categories", "sku_1,\"Kettle, steel \"\"Deluxe\"\"\",kitchen| home",
                                               "sku_9,Spade,garden"));
        InteractionLogDataSource test = source(log, users, items, SampleSplits.TEST);
        InteractionLog l = test.getLog();
        assertEquals("u-b", l.originalUserId(1));
        assertEquals("u-a", l.originalUserId(2));
        assertEquals(List.of("sku_2", "sku_1", "sku_3", "sku_4", "sku_9"),
                     List.of(l.originalItemId(1), l.originalItemId(2), l.originalItemId(3), l.originalItemId(4), l.originalItemId(5)));
        assertThrows(IllegalArgumentException.class, () -> l.originalUserId(3), "u-c has no interactions");
        assertFalse(l.timestamped());
        // No timestamps: each user's order is the file order (the timestamp is the data-row number).
        SampleSplits s = test.getSplits();
        assertArrayEquals(new int[]{1, 2, 3, 4}, s.sequence(1));
        assertArrayEquals(new int[]{2, 3, 1, 4}, s.sequence(2));
        Example<Label> first = s.test().get(0);
        assertEquals("1", SampleEncoding.metadata(first, SampleEncoding.USER));
        assertEquals("7", SampleEncoding.metadata(first, SampleEncoding.TIMESTAMP), "u-b's last row is data row 7");
        // User attributes: every non-id column, empty = unknown (left out), users missing from the table have none.
        assertEquals(List.of("region", "plan"), test.sensitiveAttributes());
        assertNull(SampleEncoding.metadata(first, "region"));
        Example<Label> second = s.test().get(1);
        assertEquals("north", SampleEncoding.metadata(second, "region"));
        assertNull(SampleEncoding.metadata(second, "plan"));
        assertEquals(Map.of("region", "north"), s.ratings().users().get(2).attributes());
        // Item table: quoted text with commas and quotes, '|'-separated categories; items only in the table follow.
        assertEquals(new ItemInfo(2, "Kettle, steel \"Deluxe\"", null, List.of("kitchen", "home")), s.ratings().items().get(2));
        assertEquals(new ItemInfo(1, "sku_2", null, List.of()), s.ratings().items().get(1));
        assertEquals(new ItemInfo(5, "Spade", null, List.of("garden")), s.ratings().items().get(5));
        assertEquals(5, s.catalogue().size());
        // The three splits share one parse.
        assertSame(s, source(log, users, items, SampleSplits.TRAIN).getSplits());
        assertEquals(2, test.size());
    }

    @Test
    void timestampsRatingsAndRepeats() throws Exception {
        Path log = file("events.tsv", List.of("who\twhat\twhen\tscore\tnote", "a\tx\t2024-03-02\t7.5\t", "a\ty\t2024-03-01T10:00:00Z\t9\tfirst",
                                              "a\tz\t1709200000\t2\tlow", "a\tw\t2024-03-03T00:00:00+01:00\t8\t",
                                              "a\tv\t2024-03-03T00:00:00\t10\t", "a\tx\t2024-02-01\t6\trepeat, earlier"));
        InteractionLogReader.Columns columns = new InteractionLogReader.Columns("who", "what", "when", "score", null, null);
        InteractionLogDataSource src = InteractionLogDataSource.builder(log).columns(columns).minRating(5).split(SampleSplits.TEST).build();
        assertTrue(src.getLog().timestamped());
        // z (score 2) is dropped; the repeat of x has an earlier time, so it is the one kept.
        // Order by time: x (Feb 1), y (Mar 1 10:00), w (Mar 2 23:00 UTC), x's first row would be Mar 2 but is replaced, v (Mar 3).
        int[] seq = src.getSplits().sequence(1);
        List<String> names = Arrays.stream(seq).mapToObj(i -> src.getLog().originalItemId(i)).collect(Collectors.toList());
        assertEquals(List.of("x", "y", "w", "v"), names);
        assertEquals(InteractionLogReader.KEPT_RATING, src.getSplits().ratings().interactions().get(0).rating());
        // A positive minRating needs a rating column.
        Path noRating = file("plain.csv", List.of("user,item", "a,x", "a,y", "a,z"));
        PropertyException e = assertThrows(PropertyException.class,
                                           () -> InteractionLogDataSource.builder(noRating).minRating(1).build());
        assertEquals("minRating", e.getProperty());
        assertTrue(e.getMessage().contains("needs a rating column"), e.getMessage());
    }

    @Test
    void provenanceRecordsEachFileWithItsHash() throws Exception {
        InteractionLogFixture.LogFiles f = InteractionLogFixture.write(tmp, 40, 30, 3);
        InteractionLogDataSource src = InteractionLogDataSource.builder(f.interactions()).users(f.users()).items(f.items())
            .columns(InteractionLogFixture.columns()).split(SampleSplits.VALIDATION).build();
        InteractionLogDataSourceProvenance p = (InteractionLogDataSourceProvenance) src.getProvenance();
        assertEquals(Map.of("interactions", MovieLensReaderTest.sha256(f.interactions()), "users", MovieLensReaderTest.sha256(f.users()),
                            "items", MovieLensReaderTest.sha256(f.items())), p.fileHashes());
        FileProvenance path = (FileProvenance) p.getInstanceValues().get(FileDataSourceProvenance.FILE_PATH_PREFIX + "users");
        assertEquals(f.users().toAbsolutePath().toFile(), path.getValue());
        assertEquals(src.getSplits().ratings().combinedSha256(), p.getInstanceValues().get(DataSourceProvenance.RESOURCE_HASH).getValue());
        assertEquals(40, src.size());
        Helpers.testProvenanceMarshalling(p);
        MutableDataset<Label> ds = new MutableDataset<>(src);
        Helpers.testProvenanceMarshalling(ds.getProvenance());
        MovieLensDataSourceTest.configurableRoundtrip(src);
        // The provenance's configuration rebuilds an equivalent source.
        ConfigurationManager cm = new ConfigurationManager();
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(p);
        cm.addConfiguration(config);
        InteractionLogDataSource rebuilt = (InteractionLogDataSource) cm.lookup(config.get(0).getName());
        assertSame(src.getSplits(), rebuilt.getSplits());
        // Changing a file changes its recorded hash and the samples.
        List<String> users = Files.readAllLines(f.users());
        users.set(1, users.get(1).replaceFirst("\t[a-z]*\t", "\tsouth\t"));
        InteractionLogFixture.write(f.users(), users);
        InteractionLogDataSource changed = InteractionLogDataSource.builder(f.interactions()).users(f.users()).items(f.items())
            .columns(InteractionLogFixture.columns()).split(SampleSplits.VALIDATION).build();
        Map<String, String> after = ((InteractionLogDataSourceProvenance) changed.getProvenance()).fileHashes();
        assertNotEquals(p.fileHashes().get("users"), after.get("users"));
        assertEquals(p.fileHashes().get("interactions"), after.get("interactions"));
        assertNotEquals(src.getSplits(), changed.getSplits());
    }

    @Test
    void generatedShopLogHasThreeRegionsAndUnknowns() throws Exception {
        InteractionLogFixture.LogFiles f = InteractionLogFixture.write(tmp, 200, 40, 11);
        InteractionLogDataSource src = InteractionLogDataSource.builder(f.interactions()).users(f.users()).items(f.items())
            .columns(InteractionLogFixture.columns()).build();
        Map<String, Integer> groups = new HashMap<>();
        for (Example<Label> e : src.getSplits().test()) {
            groups.merge(Optional.ofNullable(SampleEncoding.metadata(e, "region")).orElse("unknown"), 1, Integer::sum);
        }
        assertEquals(java.util.Set.of("north", "south", "island", "unknown"), groups.keySet(), "three regions and unknown users");
        assertEquals(200, src.getSplits().test().size());
        // The repeated purchases were dropped: no history repeats an item (SampleEncoding would refuse it).
        assertTrue(src.getSplits().ratings().interactions().size() < Files.readAllLines(f.interactions()).size() - 1);
        assertTrue(src.getSplits().ratings().items().values().stream().anyMatch(i -> i.title().contains(", size ")));
    }

    /** Bad files fail naming the file, the line and the column. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "too few fields|user,item,rating;a,x,5;a,y|log.csv line 3, column 'rating': expected 3 comma-separated fields (user, item, rating), found 2: the column is missing",
        "too many fields|user,item;a,x,5|log.csv line 2: expected 2 comma-separated fields (user, item), found 3",
        "empty user id|user,item;a,x;,y|log.csv line 3, column 'user': empty user id",
        "empty item id|user,item;a,x;b,|log.csv line 3, column 'item': empty item id",
        "rating not a number|user,item,rating;a,x,five|log.csv line 2, column 'rating': the rating is not a finite number: 'five'",
        "rating not finite|user,item,rating;a,x,NaN|log.csv line 2, column 'rating': the rating is not a finite number: 'NaN'",
        "bad timestamp|user,item,timestamp;a,x,1;a,y,yesterday|log.csv line 3, column 'timestamp': the timestamp is neither an integer nor an ISO-8601",
        "open quote|user,item;a,\"x|log.csv line 2: field 2: a quoted field is not closed on its line",
        "no item column|user,product;a,x|log.csv line 1, column 'item': header has no column 'item' for the item id (itemColumn); its columns are user, product",
        "repeated column|user,item,user;a,x,b|log.csv line 1, column 'user': header: the column name appears twice (columns 1 and 3)",
        "header only|user,item|log.csv: no interactions (only a header row)",
        "empty file|'  '|log.csv: empty file, expected a header row naming the columns",
    })
    void badInteractionRowsNameFileLineAndColumn(String name, String lines, String message) throws Exception {
        Path log = file("log.csv", List.of(lines.split(";")));
        DataFormatException e = assertThrows(DataFormatException.class, () -> source(log, null, null, SampleSplits.TRAIN));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void badTablesNameFileLineAndColumn() throws Exception {
        Path log = file("log.csv", LOG);
        Path reserved = file("users.csv", List.of("user,region,split", "u-a,north,x"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> source(log, reserved, null, SampleSplits.TRAIN));
        assertEquals("users.csv line 1, column 'split': 'split' cannot be an attribute name: the sample metadata keys "
                     + "[user, sample, timestamp, split] describe samples; rename the column", e.getMessage());
        assertEquals("users.csv", e.file());
        assertEquals(1, e.line());
        assertEquals("split", e.column());
        Path twice = file("users2.csv", List.of("user,region", "u-a,north", "", "u-a,south"));
        e = assertThrows(DataFormatException.class, () -> source(log, twice, null, SampleSplits.TRAIN));
        assertEquals("users2.csv line 4, column 'user': user 'u-a' is listed twice (first on line 2)", e.getMessage());
        Path items = file("items.csv", List.of("item,title", "sku_1,A", "sku_1,B"));
        e = assertThrows(DataFormatException.class, () -> source(log, null, items, SampleSplits.TRAIN));
        assertEquals("items.csv line 3, column 'item': item 'sku_1' is listed twice (first on line 2)", e.getMessage());
        InteractionLogReader.Columns named = new InteractionLogReader.Columns("user", "item", "ts", null, null, null);
        e = assertThrows(DataFormatException.class, () -> InteractionLogDataSource.builder(log).columns(named).build());
        assertTrue(e.getMessage().startsWith("log.csv line 1, column 'ts': header has no column 'ts' for the timestamp"), e.getMessage());
        Path missing = tmp.resolve("nope.csv");
        e = assertThrows(DataFormatException.class, () -> source(missing, null, null, SampleSplits.TRAIN));
        assertEquals(missing + ": file not found (the interactions file)", e.getMessage());
    }

    private InteractionLogDataSource lookup(String properties) throws Exception {
        return (InteractionLogDataSource) new ConfigurationManager(
            MovieLensDataSourceTest.xml(tmp, InteractionLogDataSource.class, properties).toString()).lookup("source");
    }

    @Test
    void loadsFromOlcutXmlAndValidates() throws Exception {
        InteractionLogFixture.LogFiles f = InteractionLogFixture.write(tmp, 30, 30, 5);
        String files = prop("interactionsFile", f.interactions().toString()) + prop("usersFile", f.users().toString())
                       + prop("itemsFile", f.items().toString()) + prop("userColumn", "customer_id") + prop("itemColumn", "product_id")
                       + prop("ratingColumn", "stars") + prop("itemTextColumn", "name") + prop("itemCategoriesColumn", "tags");
        InteractionLogDataSource src = lookup(files + prop("split", "test") + prop("historyLength", "4"));
        InteractionLogDataSource built = InteractionLogDataSource.builder(f.interactions()).users(f.users()).items(f.items())
            .columns(InteractionLogFixture.columns()).historyLength(4).split(SampleSplits.TEST).build();
        assertSame(built.getSplits(), src.getSplits());
        assertEquals("test", src.getSplit());
        MovieLensDataSourceTest.configurableRoundtrip(src);

        assertEquals("split", assertThrows(PropertyException.class, () -> lookup(files + prop("split", "dev"))).getProperty());
        assertEquals("historyLength", assertThrows(PropertyException.class, () -> lookup(files + prop("historyLength", "0"))).getProperty());
        assertEquals("minInteractions", assertThrows(PropertyException.class, () -> lookup(files + prop("minInteractions", "2"))).getProperty());
        assertEquals("minRating", assertThrows(PropertyException.class, () -> lookup(files + prop("minRating", "NaN"))).getProperty());
        assertEquals("itemColumn", assertThrows(PropertyException.class,
                                                () -> lookup(files.replace("product_id", "customer_id"))).getProperty());
        assertEquals("timestampColumn", assertThrows(PropertyException.class, () -> lookup(files + prop("timestampColumn", " "))).getProperty());
        assertThrows(PropertyException.class, () -> lookup(prop("split", "train")), "interactionsFile is mandatory");
    }
}
