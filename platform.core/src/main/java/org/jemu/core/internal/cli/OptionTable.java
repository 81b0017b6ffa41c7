package org.jemu.core.internal.cli;

import static org.jemu.core.internal.cli.OptionDef.Category.BLOCK;
import static org.jemu.core.internal.cli.OptionDef.Category.CHARDEV;
import static org.jemu.core.internal.cli.OptionDef.Category.DEBUG;
import static org.jemu.core.internal.cli.OptionDef.Category.DISPLAY;
import static org.jemu.core.internal.cli.OptionDef.Category.JEMU;
import static org.jemu.core.internal.cli.OptionDef.Category.KERNEL;
import static org.jemu.core.internal.cli.OptionDef.Category.NETWORK;
import static org.jemu.core.internal.cli.OptionDef.Category.STANDARD;
import static org.jemu.core.internal.cli.OptionDef.Category.USB;

import java.util.List;
import java.util.Optional;

/** The options jemu understands, with the texts of {@code -h} and {@code -version}. */
public final class OptionTable {
    /** What {@code -version} prints. */
    public static final String VERSION_TEXT = """
            jemu emulator version 0.1.0 (qemu-system-x86_64 compatible command line)
            A plugin-based x86 PC emulator on OSGi
            """;

    /** Every option, in {@code -h} order within each category. */
    public static final List<OptionDef> OPTIONS = List.of(
            def("h", "help", null, "display this help and exit", STANDARD),
            def("version", null, "display version information and exit", STANDARD),
            def("machine", "M", "[type=]name[,prop[=value][,...]]",
                    "selects emulated machine ('-machine help' for list)", STANDARD),
            def("cpu", null, "model[,+feature][,-feature][,feature=value]",
                    "select CPU ('-cpu help' for list)", STANDARD),
            def("accel", null, "[accel=]name[,prop=value][,...]",
                    "select accelerator ('-accel help' for list)", STANDARD),
            def("smp", null, "[[cpus=]n][,maxcpus=maxcpus][,sockets=sockets][,dies=dies][,cores=cores]"
                    + "[,threads=threads]", "set the number of initial CPUs to 'n' and the CPU topology", STANDARD),
            def("m", null, "[size=]megs[,slots=n,maxmem=size]",
                    "configure guest RAM (a bare number is in MiB)", STANDARD),
            def("k", null, "language", "use keyboard layout (for example 'fr' for French)", STANDARD, false),
            def("L", null, "path", "set the directory for the BIOS, VGA BIOS and keymaps ('-L help' lists the search path)", STANDARD),
            def("bios", null, "file", "set the filename for the BIOS", STANDARD),
            def("enable-kvm", null, "enable KVM full virtualization support (same as -accel kvm)", STANDARD),
            def("name", null, "[guest=]name[,process=name][,debug-threads=on|off]",
                    "set the name of the guest", STANDARD),
            def("device", null, "driver[,prop[=value][,...]]",
                    "add device (based on driver); '-device help' lists drivers, '-device driver,help' "
                            + "their properties", STANDARD),
            def("global", null, "driver.property=value", "set a default value of a driver's property", STANDARD),
            def("rtc", null, "[base=utc|localtime|date][,clock=host|rt|vm][,driftfix=none|slew]",
                    "set the RTC base and clock", STANDARD, false),
            def("object", null, "type[,id=id][,prop=value][,...]", "create a new object of type 'type'",
                    STANDARD, false),
            def("fda", null, "file", "use 'file' as floppy disk 0 image", BLOCK),
            def("hda", null, "file", "use 'file' as hard disk 0 image", BLOCK),
            def("hdb", null, "file", "use 'file' as hard disk 1 image", BLOCK),
            def("hdc", null, "file", "use 'file' as hard disk 2 image", BLOCK),
            def("hdd", null, "file", "use 'file' as hard disk 3 image", BLOCK),
            def("cdrom", null, "file", "use 'file' as CD-ROM image", BLOCK),
            def("drive", null, "[file=file][,if=type][,bus=n][,unit=m][,media=d][,index=i][,format=f]"
                    + "[,readonly=on|off][,snapshot=on|off][,cache=mode][,id=name]", "use 'file' as a drive image",
                    BLOCK),
            def("boot", null, "[order=drives][,once=drives][,menu=on|off][,splash-time=ms]"
                    + "[,reboot-timeout=ms][,strict=on|off]",
                    "'drives': floppy (a), hard disk (c), CD-ROM (d), network (n)", BLOCK),
            def("usb", null, "enable on-board USB host controller", USB, false),
            def("display", null, "type[,prop=value][,...]",
                    "select display: none, gtk, sdl, curses, egl-headless, or vnc=<display>", DISPLAY),
            def("nographic", null, "disable graphical output and redirect serial I/Os to console", DISPLAY),
            def("vga", null, "type", "select video card type (std, cirrus, vmware, qxl, virtio, none)", DISPLAY),
            def("vnc", null, "display[,option[,option[,...]]]", "start a VNC server on display", DISPLAY),
            def("nic", null, "none|type[,prop=value][,...]", "configure a network back end with a NIC", NETWORK,
                    false),
            def("netdev", null, "type,id=str[,prop=value][,...]", "configure a network back end", NETWORK, false),
            def("net", null, "nic[,prop=value][,...]|user|...|none", "legacy network configuration", NETWORK,
                    false),
            def("chardev", null, "backend,id=id[,prop=value][,...]",
                    "create a character device ('-chardev help' for list)", CHARDEV),
            def("kernel", null, "bzImage", "use 'bzImage' as kernel image", KERNEL),
            def("append", null, "cmdline", "use 'cmdline' as kernel command line", KERNEL),
            def("initrd", null, "file", "use 'file' as initial ram disk", KERNEL),
            def("serial", null, "dev", "redirect the serial port to char device 'dev' (up to 4 times)", DEBUG),
            def("monitor", null, "dev", "redirect the monitor to char device 'dev'", DEBUG),
            def("qmp", null, "dev", "like -monitor but opens in 'control' mode (QMP)", DEBUG),
            def("debugcon", null, "dev", "redirect the debug console (port 0xe9) to char device 'dev'", DEBUG),
            def("pidfile", null, "file", "write PID to 'file'", DEBUG),
            def("S", null, "freeze CPU at startup (use 'c' to start execution)", DEBUG),
            def("no-reboot", null, "exit instead of rebooting", DEBUG),
            def("no-shutdown", null, "stop before shutdown", DEBUG),
            def("nodefaults", null, "don't create default devices", DEBUG),
            def("daemonize", null, "daemonize jemu after initializing", DEBUG, false),
            def("d", null, "item1,...", "enable logging of specified items (use '-d help' for a list)", DEBUG,
                    false),
            def("D", null, "logfile", "output log to logfile (default stderr)", DEBUG),
            def("log-level", null, "trace|debug|info|warn|error|off", "set jemu's own log level", JEMU));

    private OptionTable() {
    }

    /** The option called {@code name} (without dashes), by canonical name or alias. */
    public static Optional<OptionDef> find(String name) {
        return OPTIONS.stream().filter(o -> o.name().equals(name) || o.aliases().contains(name)).findFirst();
    }

    /** What {@code -h} prints, in QEMU's layout. */
    public static String usage() {
        StringBuilder b = new StringBuilder(VERSION_TEXT);
        b.append("usage: jemu [options] [disk_image]\n\n");
        b.append("'disk_image' is a raw hard disk image for IDE hard disk 0\n");
        for (OptionDef.Category category : OptionDef.Category.values()) {
            b.append('\n').append(category.title()).append('\n');
            for (OptionDef o : OPTIONS) {
                if (o.category() == category) {
                    String synopsis = o.name().equals("h") ? "-h or -help"
                            : "-" + o.name() + (o.takesArgument() ? " " + o.argument() : "");
                    String help = o.help() + (o.supported() ? "" : " (not supported yet)");
                    if (synopsis.length() < 16) {
                        b.append(String.format("%-16s%s%n", synopsis, help).replace("\r\n", "\n"));
                    } else {
                        b.append(synopsis).append('\n').append(" ".repeat(16)).append(help).append('\n');
                    }
                }
            }
        }
        b.append("\nDuring emulation, the monitor console ('-monitor') accepts commands; with -nographic,\n")
                .append("press Ctrl-a h for help on the multiplexed console.\n");
        return b.toString();
    }

    private static OptionDef def(String name, String argument, String help, OptionDef.Category category) {
        return def(name, null, argument, help, category, true);
    }

    private static OptionDef def(String name, String argument, String help, OptionDef.Category category,
                                 boolean supported) {
        return def(name, null, argument, help, category, supported);
    }

    private static OptionDef def(String name, String alias, String argument, String help,
                                 OptionDef.Category category) {
        return def(name, alias, argument, help, category, true);
    }

    private static OptionDef def(String name, String alias, String argument, String help,
                                 OptionDef.Category category, boolean supported) {
        return new OptionDef(name, alias == null ? List.of() : List.of(alias), argument, help, category, supported);
    }
}
