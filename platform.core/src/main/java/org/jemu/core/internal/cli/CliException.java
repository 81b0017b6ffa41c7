package org.jemu.core.internal.cli;

/**
 * A command line the parser rejects. The message is one line, {@code jemu: -OPTION: reason}, ready to print
 * before exiting with status 1.
 */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    static CliException of(String option, String reason) {
        return new CliException("jemu: -" + option + ": " + reason);
    }
}
