/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;

/**
 * A configuration file uses an XML construct that can make the parser read other files or resources (a DOCTYPE with
 * its entities, XInclude, a schema location, an OLCUT {@code <file>} include or {@code <serialized>} object), or is
 * too large to be a configuration. Thrown by {@link SafeXml} before OLCUT sees the file, so nothing the construct
 * refers to is ever read. A {@link ConfigLoaderException}, so callers that handle malformed configurations handle
 * this too.
 */
public final class UnsafeXmlException extends ConfigLoaderException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String construct;

    /**
     * Creates the exception.
     * @param file the file (as the user named it).
     * @param line the line of the construct, or 0 if unknown.
     * @param construct the refused construct, e.g. {@code DOCTYPE}.
     * @param why why it is refused and what to do.
     */
    UnsafeXmlException(String file, int line, String construct, String why) {
        super(file + (line > 0 ? " line " + line : "") + ": " + construct + " is not allowed in configuration files (" + why + ")");
        this.file = file;
        this.construct = construct;
    }

    /** @return the file, as the user named it. */
    public String file() {
        return file;
    }

    /** @return the refused construct, e.g. {@code DOCTYPE}. */
    public String construct() {
        return construct;
    }
}
