package org.jemu.core.internal.cli;

import java.util.Optional;

/**
 * A request to print help instead of running, e.g. {@code -machine help} or {@code -device isa-serial,help}.
 *
 * @param subject the type asked about, for the {@code *_PROPERTIES} topics
 */
public record HelpRequest(Topic topic, Optional<String> subject) {

    /** What to list. */
    public enum Topic {
        /** {@code -h}: print {@link OptionTable#usage()}. */
        USAGE,
        /** {@code -version}: print {@link OptionTable#VERSION_TEXT}. */
        VERSION,
        MACHINE, MACHINE_PROPERTIES, CPU, ACCEL, DEVICE, DEVICE_PROPERTIES, CHARDEV, DISPLAY, VGA,
        OBJECT, OBJECT_PROPERTIES, NETDEV, LOG_ITEMS, DATA_DIRS
    }

    static HelpRequest of(Topic topic) {
        return new HelpRequest(topic, Optional.empty());
    }

    static HelpRequest of(Topic topic, String subject) {
        return new HelpRequest(topic, Optional.of(subject));
    }

    static boolean isHelp(String value) {
        return value.equals("help") || value.equals("?");
    }
}
