package org.jemu.core.internal.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** jemu's own {@code -log-level}. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, OFF;

    static LogLevel parse(String text) throws CliException {
        for (LogLevel level : values()) {
            if (level.name().equalsIgnoreCase(text)) {
                return level;
            }
        }
        throw CliException.of("log-level", "'" + text + "' is not a valid level (expected one of: "
                + Arrays.stream(values()).map(l -> l.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + ")");
    }
}
