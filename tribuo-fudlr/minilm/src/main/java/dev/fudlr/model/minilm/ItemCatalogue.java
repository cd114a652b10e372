/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import dev.fudlr.data.ItemInfo;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.model.ItemIndex;
import org.tribuo.Example;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Item texts of a catalogue, in {@link ItemIndex} order, and the prompt template.
 * <p>
 * Item text: the title (MovieLens titles already end with the year, e.g. {@code Toy Story (1995)}); with genres,
 * {@code Toy Story (1995) [Animation, Children's, Comedy]}. Prompt: {@code prefix + t_1 + "; " + t_2 + ...} where
 * {@code t_1} is the <em>most recent</em> history item, so that truncation to the token budget drops the oldest
 * items. History items unknown to the catalogue are skipped.
 */
public final class ItemCatalogue implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Separator between item texts in a prompt. */
    public static final String SEPARATOR = "; ";

    private final ItemIndex items;
    private final List<String> texts;

    /**
     * Creates a catalogue.
     * @param items the item order.
     * @param texts one text per item, parallel to {@code items}.
     */
    public ItemCatalogue(ItemIndex items, List<String> texts) {
        if (items.size() != texts.size()) {
            throw new IllegalArgumentException(items.size() + " items but " + texts.size() + " texts");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                throw new IllegalArgumentException("Item " + items.id(i) + " has an empty text");
            }
        }
        this.items = items;
        this.texts = Collections.unmodifiableList(new ArrayList<>(texts));
    }

    /**
     * Builds item texts from MovieLens item records.
     * @param items the catalogue order.
     * @param info item records by numeric id.
     * @param includeGenres whether to append genres.
     * @return the catalogue.
     * @throws IllegalArgumentException naming the first item with no record.
     */
    public static ItemCatalogue of(ItemIndex items, Map<Integer, ItemInfo> info, boolean includeGenres) {
        List<String> texts = new ArrayList<>(items.size());
        for (String id : items.ids()) {
            ItemInfo i = info.get(Integer.parseInt(id));
            if (i == null) {
                throw new IllegalArgumentException("Item " + id + " has no title in the supplied item catalogue");
            }
            texts.add(itemText(i, includeGenres));
        }
        return new ItemCatalogue(items, texts);
    }

    /**
     * The text of one item.
     * @param info the record.
     * @param includeGenres whether to append genres.
     * @return the text.
     */
    public static String itemText(ItemInfo info, boolean includeGenres) {
        String title = info.title().trim();
        if (info.year() != null && !title.contains("(" + info.year() + ")")) {
            title = title + " (" + info.year() + ")";
        }
        if (includeGenres && !info.genres().isEmpty()) {
            title = title + " [" + String.join(", ", info.genres()) + "]";
        }
        return title;
    }

    /**
     * The prompt of one sample.
     * @param example the sample ({@link SampleEncoding} history features).
     * @param maxHistory the most recent items used.
     * @param prefix the prompt prefix.
     * @return the prompt text.
     */
    public String prompt(Example<?> example, int maxHistory, String prefix) {
        int[] history = SampleEncoding.decodeHistory(example);
        StringBuilder sb = new StringBuilder(prefix);
        int used = 0;
        for (int i = history.length - 1; i >= 0 && used < maxHistory; i--) {
            int idx = items.index(Integer.toString(history[i]));
            if (idx < 0) {
                continue;
            }
            if (used > 0) {
                sb.append(SEPARATOR);
            }
            sb.append(texts.get(idx));
            used++;
        }
        return sb.toString();
    }

    /** @return the item order. */
    public ItemIndex items() {
        return items;
    }

    /** @return item texts in {@link ItemIndex} order. */
    public List<String> texts() {
        return texts;
    }
}
