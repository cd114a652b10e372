/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fudlr data}: data set management (for now {@code fudlr data get}).
 */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch the MovieLens data sets.",
         subcommands = {DataGetCommand.class})
final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (try: fudlr data get ml-100k)");
    }
}
