/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.baseline;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.fudlr.model.protos.MostPopularModelProto;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The most-popular recommender: every user gets the same ranking, items ordered by their training
 * interaction count (see {@link MostPopularTrainer} for what is counted), ties by item id.
 * <p>
 * {@link #predict} ignores the example's features and returns the most popular item as the output, with the
 * counts of all catalogue items as output scores (not probabilities), so a ranking evaluator sees the full
 * ranking. Removing a user's already-seen items is the evaluator's job, not the model's.
 * <p>
 * Serialization: Tribuo's protobuf form ({@link #serialize()}, payload {@code MostPopularModelProto}: the ranked
 * items and their counts), as for every model of the project; Java serialization also works.
 */
public final class MostPopularModel extends Model<Label> {
    private static final long serialVersionUID = 1L;

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    private final String[] rankedItems;
    private final double[] rankedCounts;
    // Shared by every prediction: immutable, and rebuilding it per example would cost O(catalogue) each time.
    private final Map<String, Label> scores;

    MostPopularModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                     ImmutableOutputInfo<Label> outputIDInfo, String[] rankedItems, double[] rankedCounts) {
        super(name, provenance, featureIDMap, outputIDInfo, false);
        if (rankedItems.length == 0 || rankedItems.length != rankedCounts.length) {
            throw new IllegalArgumentException("Need one count per item and at least one item, got " + rankedItems.length
                    + " items and " + rankedCounts.length + " counts");
        }
        this.rankedItems = rankedItems.clone();
        this.rankedCounts = rankedCounts.clone();
        Map<String, Label> s = new LinkedHashMap<>();
        for (int i = 0; i < rankedItems.length; i++) {
            s.put(rankedItems[i], new Label(rankedItems[i], rankedCounts[i]));
        }
        this.scores = Collections.unmodifiableMap(s);
    }

    /**
     * The catalogue, most popular first.
     * @return an unmodifiable list of item ids.
     */
    public List<String> getRankedItems() {
        return Collections.unmodifiableList(Arrays.asList(rankedItems.clone()));
    }

    /**
     * The training interaction counts.
     * @return item id to count, most popular first (unmodifiable).
     */
    public Map<String, Double> getCounts() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < rankedItems.length; i++) {
            out.put(rankedItems[i], rankedCounts[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        // No feature is used: the prediction is the same for every example.
        return new Prediction<>(scores.get(rankedItems[0]), scores, 0, example, false);
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        Map<String, List<Pair<String, Double>>> map = new HashMap<>();
        if (n != 0) {
            // Only the constant term matters, as for Tribuo's dummy models.
            map.put(Model.ALL_OUTPUTS, Collections.singletonList(new Pair<>(BIAS_FEATURE, 1.0)));
        }
        return map;
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.of(new Excuse<>(example, predict(example), getTopFeatures(1)));
    }

    @Override
    public ModelProto serialize() {
        MostPopularModelProto.Builder payload = MostPopularModelProto.newBuilder()
            .setModelData(createDataCarrier().serialize().toByteString());
        for (int i = 0; i < rankedItems.length; i++) {
            payload.addRankedItems(rankedItems[i]).addRankedCounts(rankedCounts[i]);
        }
        return ModelProto.newBuilder()
            .setVersion(CURRENT_VERSION)
            .setClassName(MostPopularModel.class.getName())
            .setSerializedData(Any.pack(payload.build()))
            .build();
    }

    /**
     * Deserialization factory (called reflectively by Tribuo's {@code ProtoUtil}).
     * @param version the serialized version.
     * @param className the class name.
     * @param message the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException if the payload cannot be parsed.
     * @throws IllegalArgumentException if the version is unknown or the payload is inconsistent (no items, counts
     *                                  not matching items, items outside the output domain).
     */
    public static MostPopularModel deserializeFromProto(int version, String className, Any message)
        throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most version " + CURRENT_VERSION);
        }
        MostPopularModelProto proto = message.unpack(MostPopularModelProto.class);
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(proto.getModelData()));
        if (!(carrier.outputDomain().getOutput(0) instanceof Label)) {
            throw new IllegalArgumentException("Invalid protobuf, the output domain is not of labels");
        }
        @SuppressWarnings("unchecked") // checked above
        ImmutableOutputInfo<Label> outputs = (ImmutableOutputInfo<Label>) carrier.outputDomain();
        String[] items = proto.getRankedItemsList().toArray(new String[0]);
        double[] counts = proto.getRankedCountsList().stream().mapToDouble(Double::doubleValue).toArray();
        for (String item : items) {
            if (outputs.getID(new Label(item)) < 0) {
                throw new IllegalArgumentException("Invalid protobuf, ranked item " + item + " is not in the output domain");
            }
        }
        return new MostPopularModel(carrier.name(), carrier.provenance(), carrier.featureDomain(), outputs, items, counts);
    }

    @Override
    protected MostPopularModel copy(String newName, ModelProvenance newProvenance) {
        return new MostPopularModel(newName, newProvenance, featureIDMap, outputIDInfo, rankedItems, rankedCounts);
    }

    @Override
    public String toString() {
        int shown = Math.min(5, rankedItems.length);
        StringBuilder sb = new StringBuilder("MostPopularModel(items=" + rankedItems.length + ", top=[");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(rankedItems[i]).append('=').append(rankedCounts[i]);
        }
        return sb.append(shown < rankedItems.length ? ", ...])" : "])").toString();
    }
}
