package org.jemu.core.opts;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/** Formats help lists the way QEMU prints {@code -machine help}: names in a column, descriptions aligned. */
@ProviderType
public final class HelpList {
    /** The narrowest name column, so short lists still look like QEMU's. */
    private static final int MIN_WIDTH = 20;

    private HelpList() {
    }

    /** One line: a name and its description (which may be empty). */
    public record Item(String name, String description) {
        public Item {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * The title line (omitted when empty) followed by one line per item, each ending in a newline.
     */
    public static String format(String title, List<Item> items) {
        int width = Math.max(MIN_WIDTH, items.stream().mapToInt(i -> i.name().length()).max().orElse(0));
        StringBuilder b = new StringBuilder();
        if (!title.isEmpty()) {
            b.append(title).append('\n');
        }
        for (Item item : items) {
            if (item.description().isEmpty()) {
                b.append(item.name()).append('\n');
            } else {
                b.append(String.format("%-" + width + "s %s%n", item.name(), item.description()).replace("\r\n", "\n"));
            }
        }
        return b.toString();
    }
}
