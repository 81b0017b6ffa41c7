package org.jemu.core.internal.cli;

import java.util.List;

import org.jemu.core.opts.OptsSchema;

/** Parameter schemas of the options whose keys the parser checks itself. */
final class Schemas {
    static final OptsSchema DRIVE = OptsSchema.of("drive", null)
            .string("file", "disk image")
            .choice("if", "interface", "ide", "scsi", "sd", "mtd", "floppy", "pflash", "virtio", "none", "xen")
            .number("bus", "bus number")
            .number("unit", "unit number on the bus")
            .number("index", "index among drives of the interface")
            .choice("media", "media type", "disk", "cdrom")
            .string("id", "drive id")
            .string("node-name", "block node name")
            .string("format", "image format, e.g. raw, qcow2")
            .string("driver", "block driver")
            .bool("readonly", "open read-only")
            .bool("read-only", "open read-only")
            .bool("snapshot", "write to a temporary file instead")
            .choice("cache", "cache mode", "none", "writeback", "writethrough", "directsync", "unsafe")
            .choice("aio", "asynchronous I/O", "threads", "native", "io_uring")
            .choice("discard", "discard requests", "ignore", "off", "unmap", "on")
            .choice("detect-zeroes", "detect zero writes", "off", "on", "unmap")
            .string("werror", "action on write error")
            .string("rerror", "action on read error")
            .string("serial", "disk serial number")
            .string("addr", "PCI address")
            .bool("copy-on-read", "copy read backing data into the image")
            .bool("auto-read-only", "fall back to read-only")
            .bool("force-share", "allow concurrent access")
            .choice("locking", "image locking", "auto", "on", "off")
            .number("cyls", "cylinders")
            .number("heads", "heads")
            .number("secs", "sectors per track")
            .choice("trans", "BIOS translation", "none", "lba", "auto", "large", "rechs");

    static final OptsSchema NAME = OptsSchema.of("name", "guest")
            .string("guest", "guest name")
            .string("process", "process name")
            .bool("debug-threads", "name threads");

    static final OptsSchema RTC = OptsSchema.of("rtc", null)
            .string("base", "utc, localtime or a date like 2006-06-17T16:01:21")
            .choice("clock", "clock source", "host", "rt", "vm")
            .choice("driftfix", "drift fix", "none", "slew");

    static final List<String> DISPLAYS = List.of("default", "none", "gtk", "sdl", "curses", "egl-headless", "cocoa",
            "dbus", "spice-app");

    static final List<String> VGAS = List.of("std", "cirrus", "vmware", "qxl", "xenfb", "tcx", "cg3", "virtio",
            "none");

    static final List<String> LOG_ITEMS = List.of("out_asm", "in_asm", "op", "op_opt", "op_ind", "op_plugin", "int",
            "exec", "cpu", "fpu", "mmu", "pcall", "cpu_reset", "unimp", "guest_errors", "page", "nochain", "plugin",
            "strace", "tid", "invalid_mem");

    private Schemas() {
    }
}
