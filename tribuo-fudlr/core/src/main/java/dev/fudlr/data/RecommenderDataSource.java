/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import org.tribuo.ConfigurableDataSource;
import org.tribuo.Example;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import java.util.Iterator;
import java.util.List;

/**
 * A configurable data source of next-item samples ({@link SampleEncoding}) for one split of {@link SampleBuilder}'s
 * leave-one-out scheme, whatever the data were read from: {@link MovieLensDataSource} (MovieLens files or synthetic
 * data) or {@link InteractionLogDataSource} (any CSV/TSV interaction log). Commands and components that need more
 * than the examples (exclusion sets, popularity, the item catalogue, the attribute names) use this interface and do
 * not care which source they have.
 * <p>
 * Iteration yields copies of the shared examples of {@link #getSplit()}, so a dataset built from the source may be
 * modified freely. The provenance records the configuration and the content hash ({@code resource-hash}) of the data.
 */
public interface RecommenderDataSource extends ConfigurableDataSource<Label> {

    /**
     * All splits of this source's data (exclusion sets, popularity, catalogue, ratings), shared between the sources of
     * the same data and sample parameters.
     * @return the splits.
     */
    SampleSplits getSplits();

    /**
     * The split iterated.
     * @return {@link SampleSplits#TRAIN}, {@link SampleSplits#VALIDATION} or {@link SampleSplits#TEST}.
     */
    String getSplit();

    /**
     * The metadata keys of the users' sensitive attributes these data can carry, the natural default of an audit.
     * @return e.g. {@code [gender, age, occupation]} for MovieLens, the user table's attribute columns for an interaction
     * log (empty without a user table).
     */
    List<String> sensitiveAttributes();

    /**
     * The number of examples this source yields.
     * @return the size of the split.
     */
    default int size() {
        return getSplits().examples(getSplit()).size();
    }

    @Override
    default OutputFactory<Label> getOutputFactory() {
        return new LabelFactory();
    }

    /**
     * Iterates over copies of the split's examples (the cached originals stay unmodified).
     * @return the iterator.
     */
    @Override
    default Iterator<Example<Label>> iterator() {
        Iterator<Example<Label>> it = getSplits().examples(getSplit()).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Example<Label> next() {
                return it.next().copy();
            }
        };
    }
}
