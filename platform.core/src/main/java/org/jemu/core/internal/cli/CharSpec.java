package org.jemu.core.internal.cli;

import org.jemu.core.opts.Opts;

/**
 * A character device named by a legacy spec such as {@code -serial tcp::4444,server=on} or {@code -qmp stdio}.
 * Like QEMU's qemu_chr_parse_compat, backends are converted to {@code -chardev} options, so the runtime has one
 * format to open.
 */
public sealed interface CharSpec {

    /** The text as given. */
    String spec();

    /** {@code none}: no device (for -serial it still occupies its port index). */
    record None(String spec) implements CharSpec {
    }

    /** {@code chardev:ID}: a device declared with {@code -chardev id=ID}. */
    record Ref(String spec, String chardevId) implements CharSpec {
    }

    /**
     * A new device.
     *
     * @param chardev options as for {@code -chardev} (implied key {@code backend}, always with an {@code id})
     * @param monitor whether a human monitor is multiplexed on it ({@code mon:} prefix, or -nographic's default)
     */
    record Backend(String spec, Opts chardev, boolean monitor) implements CharSpec {
        /** The backend name, e.g. {@code stdio}, {@code socket}, {@code file}. */
        public String backend() {
            return chardev.implied().orElseThrow();
        }
    }
}
