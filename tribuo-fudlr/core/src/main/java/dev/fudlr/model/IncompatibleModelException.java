/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

/**
 * Thrown by a model's protobuf deserializer when the file is intact but needs something this build does not provide
 * (e.g. another pretrained base model). {@link ModelFiles} reports it as a {@link ModelFileException} with this
 * message, so each backbone checks its own requirements and the loader knows none of them.
 */
public final class IncompatibleModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param problem what the file needs that this build lacks (one line, without the file name).
     */
    public IncompatibleModelException(String problem) {
        super(problem);
    }
}
