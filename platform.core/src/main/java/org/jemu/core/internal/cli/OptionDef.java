package org.jemu.core.internal.cli;

import java.util.List;

/**
 * One command-line option, as in QEMU's qemu-options.def.
 *
 * @param name the canonical name without dash, e.g. {@code machine}
 * @param aliases other names, e.g. {@code M}
 * @param argument the argument's synopsis, or null if the option takes none
 * @param help the description for {@code -h}
 * @param supported false for options jemu parses but does not implement yet
 */
public record OptionDef(String name, List<String> aliases, String argument, String help, Category category,
                        boolean supported) {

    /** The {@code -h} sections, in QEMU's order. */
    public enum Category {
        STANDARD("Standard options:"),
        BLOCK("Block device options:"),
        USB("USB convenience options:"),
        DISPLAY("Display options:"),
        NETWORK("Network options:"),
        CHARDEV("Character device options:"),
        KERNEL("Linux/Multiboot boot specific:"),
        DEBUG("Debug/Expert options:"),
        JEMU("jemu options:");

        private final String title;

        Category(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    public OptionDef {
        aliases = List.copyOf(aliases);
    }

    public boolean takesArgument() {
        return argument != null;
    }
}
