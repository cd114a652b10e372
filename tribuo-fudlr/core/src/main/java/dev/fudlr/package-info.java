/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The Tribuo surface of FUDLR: the post-training transformer SPI ({@link dev.fudlr.PostTrainingTransformer}, a
 * model in, a new model out), its registry ({@link dev.fudlr.PostTrainingTransformers}), the provenance of a
 * transformed model ({@link dev.fudlr.PostTrainingModelProvenance}) and the wrapper trainer that trains then applies
 * the steps ({@link dev.fudlr.PostTrainingTrainer}). Not to be confused with Tribuo's {@code org.tribuo.transform},
 * which rescales feature values.
 */
package dev.fudlr;
