/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test support: collects the java.util.logging records of one logger (the OpenTelemetry logging exporters write
 * there).
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** The logger of the logging span exporter. */
    public static final String SPAN_EXPORTER = "io.opentelemetry.exporter.logging.LoggingSpanExporter";

    private final Logger logger;
    private final Level previous;
    private final List<String> messages = new ArrayList<>();

    /**
     * Starts capturing.
     * @param loggerName the logger.
     */
    public LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
        this.previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String m = record.getMessage();
        Object[] params = record.getParameters();
        messages.add(params == null || params.length == 0 ? m : java.text.MessageFormat.format(m, params));
    }

    /** @return the messages so far. */
    public synchronized List<String> messages() {
        return new ArrayList<>(messages);
    }

    /**
     * Whether a message contains a text.
     * @param text the text.
     * @return true if one does.
     */
    public synchronized boolean any(String text) {
        return messages.stream().anyMatch(m -> m.contains(text));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
