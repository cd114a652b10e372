/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.train;

import ai.djl.ndarray.types.DataType;

/** The floating point type of a model's weights and computation (a trainer's {@code dtype} choice). */
public enum Precision {
    /** 32-bit floats: the default, fast. */
    FLOAT32(DataType.FLOAT32),
    /** 64-bit floats: for exact numerical checks (finite differences, influence against retraining). */
    FLOAT64(DataType.FLOAT64);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** @return the DJL data type. */
    public DataType dataType() {
        return dataType;
    }
}
