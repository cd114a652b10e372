/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import dev.fudlr.model.BaseParameterDigest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in the encodings of FUDLR's reports. */
final class Digest {

    private Digest() {}

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** SHA-256 of the values as little-endian IEEE doubles (as FUDLR hashes parameter vectors). */
    static String sha256(double[] values) {
        return BaseParameterDigest.vectorSha256(values);
    }
}
