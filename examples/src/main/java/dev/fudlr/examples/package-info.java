/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Runnable walk-throughs of tribuo-fudlr: {@link dev.fudlr.examples.TrainAndAudit} (train a LoRA recommender and
 * audit it), {@link dev.fudlr.examples.DebiasFromConfig} (train and debias from the XML configurations in this
 * module) and {@link dev.fudlr.examples.ReadProvenance} (save a debiased model, load it and read what FUDLR
 * recorded). Each runs on the embedded synthetic data, so no download is needed.
 */
package dev.fudlr.examples;
