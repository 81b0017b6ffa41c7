package org.jemu.core.internal.cli;

import java.util.Optional;
import java.util.OptionalLong;

import org.jemu.core.opts.Opts;
import org.jemu.core.opts.OptsSchema;

/**
 * {@code -boot [order=]DRIVES[,once=DRIVES][,menu=on|off][,splash-time=MS][,reboot-timeout=MS][,strict=on|off]}.
 * Drives are letters: a, b floppy; c first hard disk; d first CD-ROM; n-p network.
 */
public record BootSpec(Optional<String> order, Optional<String> once, Optional<Boolean> menu,
                       OptionalLong splashTimeMs, OptionalLong rebootTimeoutMs, boolean strict) {

    static final OptsSchema SCHEMA = OptsSchema.of("boot", "order")
            .string("order", "boot order, e.g. cd")
            .string("once", "boot order for the first boot only")
            .bool("menu", "interactive boot menu")
            .string("splash", "splash picture")
            .number("splash-time", "splash time in ms")
            .number("reboot-timeout", "ms to wait before rebooting after a failed boot, -1 for never")
            .bool("strict", "do not fall back to other devices");

    static BootSpec parse(Opts opts) throws CliException {
        // reboot-timeout may be -1 (QEMU: no reboot), which the unsigned number type rejects.
        OptionalLong reboot = OptionalLong.empty();
        if (opts.has("reboot-timeout")) {
            String text = opts.require("reboot-timeout");
            reboot = OptionalLong.of(text.equals("-1") ? -1 : opts.number("reboot-timeout", 0));
            if (reboot.getAsLong() > 0xffff) {
                throw CliException.of("boot", "reboot timeout is larger than 65535");
            }
        }
        SCHEMA.validate(opts.without("reboot-timeout"));
        Optional<String> order = opts.string("order");
        Optional<String> once = opts.string("once");
        if (order.isPresent()) {
            checkDrives(order.get());
        }
        if (once.isPresent()) {
            checkDrives(once.get());
        }
        OptionalLong splash = opts.has("splash-time") ? OptionalLong.of(opts.number("splash-time", 0))
                : OptionalLong.empty();
        Optional<Boolean> menu = opts.has("menu") ? Optional.of(opts.bool("menu", false)) : Optional.empty();
        return new BootSpec(order, once, menu, splash, reboot, opts.bool("strict", false));
    }

    private static void checkDrives(String drives) throws CliException {
        for (int i = 0; i < drives.length(); i++) {
            char c = drives.charAt(i);
            if (c < 'a' || c > 'p') {
                throw CliException.of("boot", "invalid boot device '" + c + "'");
            }
            if (drives.indexOf(c) != i) {
                throw CliException.of("boot", "boot device '" + c + "' was given twice");
            }
        }
    }
}
