package org.jemu.core.internal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jemu.core.opts.Opts;

/**
 * A parsed qemu-system-x86_64 command line. Single-valued options keep the last occurrence (-machine, -m, -smp,
 * -boot, -name and -rtc merge their keys, last wins); -device, -drive, -chardev, -serial, -accel, -object, -global,
 * -netdev, -nic, -net, -monitor and -qmp accumulate in order. Nothing here has been acted on.
 *
 * @param helpRequests if not empty, print help for the first one and exit with status 0 instead of running
 * @param unsupported options given that jemu parses but does not implement yet, canonical names in order of first use
 * @param drives -drive, -hda..-hdd, -cdrom, -fda and positional disk images, as -drive options in order
 * @param serials -serial in order; {@link CharSpec.None} keeps its port index empty. See {@link #effectiveSerials()}
 */
public record CommandLine(
        List<HelpRequest> helpRequests,
        List<String> unsupported,
        Optional<Opts> machine,
        Optional<CpuSpec> cpu,
        Optional<MemorySpec> memory,
        Optional<SmpSpec> smp,
        List<Opts> accels,
        Optional<String> bios,
        Optional<String> kernel,
        Optional<String> initrd,
        Optional<String> append,
        List<Opts> drives,
        Optional<BootSpec> boot,
        List<Opts> devices,
        List<Opts> chardevs,
        List<CharSpec> serials,
        List<MonitorSpec> monitors,
        boolean monitorNone,
        boolean nographic,
        Optional<Opts> display,
        Optional<Opts> vnc,
        Optional<Opts> name,
        List<Opts> nics,
        List<Opts> nets,
        List<Opts> netdevs,
        List<GlobalProp> globals,
        Optional<Opts> rtc,
        Optional<String> keyboardLayout,
        Optional<String> vga,
        boolean usb,
        List<String> logItems,
        Optional<String> logFile,
        List<String> dataDirs,
        List<Opts> objects,
        Optional<CharSpec> debugcon,
        Optional<String> pidFile,
        boolean startStopped,
        boolean noReboot,
        boolean noShutdown,
        boolean noDefaults,
        boolean daemonize,
        Optional<LogLevel> logLevel) {

    public CommandLine {
        helpRequests = List.copyOf(helpRequests);
        unsupported = List.copyOf(unsupported);
        accels = List.copyOf(accels);
        drives = List.copyOf(drives);
        devices = List.copyOf(devices);
        chardevs = List.copyOf(chardevs);
        serials = List.copyOf(serials);
        monitors = List.copyOf(monitors);
        nics = List.copyOf(nics);
        nets = List.copyOf(nets);
        netdevs = List.copyOf(netdevs);
        globals = List.copyOf(globals);
        logItems = List.copyOf(logItems);
        dataDirs = List.copyOf(dataDirs);
        objects = List.copyOf(objects);
    }

    /**
     * The serial ports to create, index = port number, after QEMU's default rules (vl.c,
     * qemu_create_default_devices): explicit -serial wins; -nodefaults means none; -nographic puts serial0 on
     * stdio, multiplexed with the monitor ({@code mon:stdio}) unless -monitor/-qmp was given; otherwise QEMU
     * would use a virtual console of the display, which jemu does not have, so serial0 goes to {@code null}.
     */
    public List<CharSpec> effectiveSerials() {
        if (!serials.isEmpty()) {
            return serials;
        }
        if (noDefaults) {
            return List.of();
        }
        try {
            String spec = nographic ? (defaultMonitor() ? "mon:stdio" : "stdio") : "null";
            return List.of(CharSpecs.parse("serial", spec, "serial0"));
        } catch (CliException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The monitors to create: explicit -monitor/-qmp ones; without any (and without -nodefaults), -nographic gives
     * a human monitor on stdio, which is muxed with serial0 when that is the default serial (see
     * {@link #effectiveSerials()}, {@link CharSpec.Backend#monitor()}) and listed here only when it is not. Without
     * -nographic QEMU's default monitor is a virtual console, which jemu does not have.
     */
    public List<MonitorSpec> effectiveMonitors() {
        if (!defaultMonitor() || !nographic || serials.isEmpty()) {
            return monitors;
        }
        try {
            List<MonitorSpec> list = new ArrayList<>(monitors);
            list.add(new MonitorSpec(CharSpecs.parse("monitor", "stdio", "compat_monitor0"), MonitorSpec.Mode.READLINE));
            return List.copyOf(list);
        } catch (CliException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a default NIC must not be created: {@code -nic none}, {@code -net none} or -nodefaults. */
    public boolean networkDisabled() {
        return noDefaults || nics.stream().anyMatch(CommandLine::isNone) || nets.stream().anyMatch(CommandLine::isNone);
    }

    /** The display type: -nographic means none; otherwise the -display type, if one was given. */
    public Optional<String> displayType() {
        return nographic ? Optional.of("none") : display.flatMap(Opts::implied);
    }

    private boolean defaultMonitor() {
        return !noDefaults && monitors.isEmpty() && !monitorNone;
    }

    private static boolean isNone(Opts opts) {
        return opts.implied().filter("none"::equals).isPresent();
    }
}
