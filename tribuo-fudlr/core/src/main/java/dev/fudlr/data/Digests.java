/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checksum helpers (lower-case hex digests).
 */
final class Digests {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Digests() {}

    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    static MessageDigest md5() {
        return digest("MD5");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide MD5 and SHA-256.
            throw new IllegalStateException("Missing digest " + algorithm, e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static String sha256Hex(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    /**
     * Normalises a user-supplied SHA-256 hex string.
     * @param value the string.
     * @param what what the value is, for the error message.
     * @return the lower-case digest.
     * @throws IllegalArgumentException if it is not 64 hex digits.
     */
    static String normaliseSha256(String value, String what) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(v).matches()) {
            throw new IllegalArgumentException(what + " must be 64 hexadecimal digits (a SHA-256), found '" + value + "'");
        }
        return v;
    }

    static boolean isSha256(String value) {
        return value != null && SHA256_HEX.matcher(value).matches();
    }

    /**
     * SHA-256 over the sorted {@code name=hash} lines of a file-hash map.
     * @param fileHashes file name to SHA-256 (iteration order ignored).
     * @return the combined digest.
     */
    static String combine(Map<String, String> fileHashes) {
        MessageDigest md = sha256();
        fileHashes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                md.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8)));
        return hex(md.digest());
    }
}
