package org.jemu.core.internal.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jemu.core.internal.cli.HelpRequest.Topic;
import org.jemu.core.opts.Opts;
import org.jemu.core.opts.OptsException;

/**
 * Parses {@code String[]} the way qemu-system-x86_64 does: {@code -opt} or {@code --opt}, the argument (if any)
 * in the next word, a word not starting with '-' is a disk image for IDE disk 0 (-hda). -h and -version stop
 * parsing at once, as in QEMU, so later words are not checked.
 */
public final class CommandLineParser {
    private static final int MAX_SERIAL_PORTS = 4;

    private final CommandLineState s = new CommandLineState();
    private int monitorCount;

    private CommandLineParser() {
    }

    /**
     * @throws CliException with a one-line {@code jemu: -OPTION: reason} message
     */
    public static CommandLine parse(String... args) throws CliException {
        return new CommandLineParser().run(args);
    }

    private CommandLine run(String[] args) throws CliException {
        int i = 0;
        while (i < args.length) {
            String word = args[i++];
            if (!word.startsWith("-")) {
                addDrive("hda", word, "index=0,media=disk");
                continue;
            }
            String name = word.startsWith("--") ? word.substring(2) : word.substring(1);
            OptionDef def = OptionTable.find(name)
                    .orElseThrow(() -> new CliException("jemu: " + word + ": invalid option"));
            String arg = null;
            if (def.takesArgument()) {
                if (i >= args.length) {
                    throw new CliException("jemu: " + word + ": requires an argument");
                }
                arg = args[i++];
            }
            if (!def.supported() && !disablesFeature(def.name(), arg) && (arg == null || !HelpRequest.isHelp(arg))) {
                s.unsupported.add(def.name());
            }
            try {
                if (apply(def.name(), arg)) {
                    break;
                }
            } catch (OptsException e) {
                throw new CliException("jemu: " + e.getMessage());
            }
        }
        try {
            finish();
        } catch (OptsException e) {
            throw new CliException("jemu: " + e.getMessage());
        }
        return s.build();
    }

    /** Options like {@code -nic none} that switch something off are trivially supported. */
    private static boolean disablesFeature(String option, String arg) {
        return Set.of("nic", "net").contains(option) && "none".equals(arg);
    }

    /** Applies one option; returns true when parsing must stop (-h, -version). */
    private boolean apply(String option, String arg) throws CliException {
        switch (option) {
            case "h" -> {
                s.help.add(HelpRequest.of(Topic.USAGE));
                return true;
            }
            case "version" -> {
                s.help.add(HelpRequest.of(Topic.VERSION));
                return true;
            }
            case "machine" -> machine(arg);
            case "cpu" -> cpu(arg);
            case "accel" -> accel(Opts.parse("accel", "accel", arg));
            case "enable-kvm" -> accel(Opts.parse("accel", "accel", "kvm"));
            case "m" -> {
                s.memoryOpts = merge(s.memoryOpts, Opts.parse("m", "size", arg));
                s.memory = Optional.of(MemorySpec.parse(s.memoryOpts));
            }
            case "smp" -> {
                s.smpOpts = merge(s.smpOpts, Opts.parse("smp", "cpus", arg));
                s.smp = Optional.of(SmpSpec.parse(s.smpOpts));
            }
            case "bios" -> s.bios = Optional.of(arg);
            case "kernel" -> s.kernel = Optional.of(arg);
            case "initrd" -> s.initrd = Optional.of(arg);
            case "append" -> s.append = Optional.of(arg);
            case "drive" -> s.drives.add(drive(Opts.parse("drive", arg)));
            case "hda" -> addDrive(option, arg, "index=0,media=disk");
            case "hdb" -> addDrive(option, arg, "index=1,media=disk");
            case "hdc" -> addDrive(option, arg, "index=2,media=disk");
            case "hdd" -> addDrive(option, arg, "index=3,media=disk");
            case "cdrom" -> addDrive(option, arg, "index=2,media=cdrom");
            case "fda" -> addDrive(option, arg, "if=floppy,index=0");
            case "boot" -> {
                s.bootOpts = merge(s.bootOpts, Opts.parse("boot", "order", arg));
                s.boot = Optional.of(BootSpec.parse(s.bootOpts));
            }
            case "device" -> device(Opts.parse("device", "driver", arg));
            case "chardev" -> chardev(Opts.parse("chardev", "backend", arg));
            case "serial" -> serial(arg);
            case "monitor" -> monitor(option, arg, MonitorSpec.Mode.READLINE);
            case "qmp" -> monitor(option, arg, MonitorSpec.Mode.CONTROL);
            case "debugcon" -> s.debugcon = Optional.of(CharSpecs.parse(option, arg, "debugcon"));
            case "nographic" -> s.nographic = true;
            case "display" -> display(arg);
            case "vnc" -> s.vnc = Optional.of(Opts.parse("vnc", "vnc", arg));
            case "name" -> s.name = Optional.of(Schemas.NAME.validate(merge(s.name, Opts.parse("name", "guest", arg))));
            case "nic" -> s.nics.add(Opts.parse("nic", "type", arg));
            case "net" -> s.nets.add(Opts.parse("net", "type", arg));
            case "netdev" -> netdev(Opts.parse("netdev", "type", arg));
            case "global" -> s.globals.add(global(arg));
            case "rtc" -> rtc(arg);
            case "k" -> s.keyboardLayout = Optional.of(arg);
            case "vga" -> vga(arg);
            case "usb" -> s.usb = true;
            case "d" -> logItems(arg);
            case "D" -> s.logFile = Optional.of(arg);
            case "L" -> {
                if (HelpRequest.isHelp(arg)) {
                    s.help.add(HelpRequest.of(Topic.DATA_DIRS));
                } else {
                    s.dataDirs.add(arg);
                }
            }
            case "object" -> object(Opts.parse("object", "qom-type", arg));
            case "pidfile" -> s.pidFile = Optional.of(arg);
            case "S" -> s.startStopped = true;
            case "no-reboot" -> s.noReboot = true;
            case "no-shutdown" -> s.noShutdown = true;
            case "nodefaults" -> s.noDefaults = true;
            case "daemonize" -> s.daemonize = true;
            case "log-level" -> s.logLevel = Optional.of(LogLevel.parse(arg));
            default -> throw new IllegalStateException("option -" + option + " is in the table but not handled");
        }
        return false;
    }

    private void machine(String arg) {
        Opts opts = Opts.parse("machine", "type", arg);
        String type = opts.implied().orElse("");
        if (HelpRequest.isHelp(type)) {
            s.help.add(HelpRequest.of(Topic.MACHINE));
            return;
        }
        if (opts.has("help") || opts.has("?")) {
            s.help.add(type.isEmpty() ? HelpRequest.of(Topic.MACHINE)
                    : HelpRequest.of(Topic.MACHINE_PROPERTIES, type));
            return;
        }
        s.machine = Optional.of(merge(s.machine, opts));
    }

    private void cpu(String arg) {
        Opts opts = Opts.parse("cpu", "model", arg);
        String model = opts.implied().orElse("");
        if (HelpRequest.isHelp(model)) {
            s.help.add(HelpRequest.of(Topic.CPU));
            return;
        }
        if (model.isEmpty()) {
            throw OptsException.general("-cpu", "a CPU model is required, e.g. -cpu qemu64 ('-cpu help' for list)");
        }
        List<CpuSpec.Feature> features = new ArrayList<>();
        for (Opts.Entry e : opts.entries().subList(1, opts.entries().size())) {
            // Legacy "+feat"/"-feat" are written "feat=on"/"feat=off" nowadays.
            if (e.key().startsWith("+")) {
                features.add(new CpuSpec.Feature(e.key().substring(1), "on"));
            } else if (e.key().startsWith("-")) {
                features.add(new CpuSpec.Feature(e.key().substring(1), "off"));
            } else {
                features.add(new CpuSpec.Feature(e.key(), e.value()));
            }
        }
        s.cpu = Optional.of(new CpuSpec(model, features));
    }

    private void accel(Opts opts) {
        if (opts.implied().filter(HelpRequest::isHelp).isPresent()) {
            s.help.add(HelpRequest.of(Topic.ACCEL));
            return;
        }
        opts.implied().orElseThrow(() -> OptsException.of("-accel", "accel", "missing, e.g. -accel tcg"));
        s.accels.add(opts);
    }

    private Opts drive(Opts opts) {
        // Keys with a dot (file.filename=, throttling.iops-total=) belong to block drivers, checked when opened.
        Schemas.DRIVE.validate(Opts.of("drive", null,
                opts.entries().stream().filter(e -> !e.key().contains(".")).toList()));
        return opts;
    }

    /** Like QEMU's drive_add: the file name is taken verbatim, commas included. */
    private void addDrive(String option, String file, String defaults) {
        if (file.isEmpty()) {
            throw OptsException.general("-" + option, "the file name is empty");
        }
        s.drives.add(Opts.parse("drive", defaults).with("file", file));
    }

    private void device(Opts opts) {
        String driver = opts.implied().orElseThrow(() -> OptsException.of("-device", "driver", "missing"));
        if (HelpRequest.isHelp(driver)) {
            s.help.add(HelpRequest.of(Topic.DEVICE));
        } else if (opts.has("help") || opts.has("?")) {
            s.help.add(HelpRequest.of(Topic.DEVICE_PROPERTIES, driver));
        } else {
            opts.id();
            s.devices.add(opts);
        }
    }

    private void chardev(Opts opts) {
        if (opts.implied().filter(HelpRequest::isHelp).isPresent()) {
            s.help.add(HelpRequest.of(Topic.CHARDEV));
            return;
        }
        Chardevs.validate(opts);
        opts.require("id");
        s.chardevs.add(opts);
    }

    private void serial(String arg) throws CliException {
        if (s.serials.size() >= MAX_SERIAL_PORTS) {
            throw CliException.of("serial", "too many serial ports (at most " + MAX_SERIAL_PORTS + ")");
        }
        s.serials.add(CharSpecs.parse("serial", arg, "serial" + s.serials.size()));
    }

    private void monitor(String option, String arg, MonitorSpec.Mode mode) throws CliException {
        CharSpec target = CharSpecs.parse(option, arg, "compat_monitor" + monitorCount);
        if (target instanceof CharSpec.None) {
            s.monitorNone = true;
            return;
        }
        monitorCount++;
        s.monitors.add(new MonitorSpec(target, mode));
    }

    private void display(String arg) {
        if (HelpRequest.isHelp(arg)) {
            s.help.add(HelpRequest.of(Topic.DISPLAY));
            return;
        }
        // vnc is a remote protocol, not a display type: -display vnc=:1 is -vnc :1 (QEMU's parse_display).
        if (arg.startsWith("vnc")) {
            if (!arg.startsWith("vnc=")) {
                throw OptsException.general("-display", "VNC requires a display argument vnc=<display>");
            }
            s.vnc = Optional.of(Opts.parse("vnc", "vnc", arg.substring(4)));
            return;
        }
        Opts opts = Opts.parse("display", "type", arg);
        opts.choice("type", Schemas.DISPLAYS);
        s.display = Optional.of(opts);
    }

    private void netdev(Opts opts) {
        if (opts.implied().filter(HelpRequest::isHelp).isPresent()) {
            s.help.add(HelpRequest.of(Topic.NETDEV));
            return;
        }
        opts.require("id");
        s.netdevs.add(opts);
    }

    private void object(Opts opts) {
        String type = opts.implied().orElseThrow(() -> OptsException.of("-object", "qom-type", "missing"));
        if (HelpRequest.isHelp(type)) {
            s.help.add(HelpRequest.of(Topic.OBJECT));
        } else if (opts.has("help") || opts.has("?")) {
            s.help.add(HelpRequest.of(Topic.OBJECT_PROPERTIES, type));
        } else {
            opts.require("id");
            s.objects.add(opts);
        }
    }

    /** {@code DRIVER.PROP=VALUE} (driver up to the first dot), or {@code driver=D,property=P,value=V}. */
    private static GlobalProp global(String arg) {
        int dot = arg.indexOf('.');
        int eq = arg.indexOf('=');
        if (dot > 0 && eq > dot + 1) {
            return new GlobalProp(arg.substring(0, dot), arg.substring(dot + 1, eq), arg.substring(eq + 1));
        }
        Opts opts = Opts.parse("global", arg);
        if (!opts.has("driver") || !opts.has("property") || !opts.has("value")) {
            throw OptsException.general("-global", "invalid -global parameter '" + arg
                    + "' (expected DRIVER.PROPERTY=VALUE or driver=D,property=P,value=V)");
        }
        opts.requireOnly(List.of("driver", "property", "value"));
        return new GlobalProp(opts.require("driver"), opts.require("property"), opts.require("value"));
    }

    private void rtc(String arg) {
        Opts opts = Schemas.RTC.validate(merge(s.rtc, Opts.parse("rtc", arg)));
        opts.string("base").ifPresent(base -> {
            if (!base.equals("utc") && !base.equals("localtime")
                    && !base.matches("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2})?")) {
                throw opts.error("base", "invalid date format '" + base
                        + "' (valid formats: '2006-06-17T16:01:21' or '2006-06-17')");
            }
        });
        s.rtc = Optional.of(opts);
    }

    private void vga(String arg) throws CliException {
        if (HelpRequest.isHelp(arg)) {
            s.help.add(HelpRequest.of(Topic.VGA));
        } else if (!Schemas.VGAS.contains(arg)) {
            throw CliException.of("vga", "unknown vga type '" + arg + "' (expected one of: "
                    + String.join(", ", Schemas.VGAS) + ")");
        } else {
            s.vga = Optional.of(arg);
        }
    }

    private void logItems(String arg) throws CliException {
        if (HelpRequest.isHelp(arg)) {
            s.help.add(HelpRequest.of(Topic.LOG_ITEMS));
            return;
        }
        List<String> items = new ArrayList<>();
        for (String item : arg.split(",")) {
            if (!Schemas.LOG_ITEMS.contains(item) && !item.startsWith("trace:")) {
                throw CliException.of("d", "unknown log item '" + item + "' ('-d help' for list)");
            }
            items.add(item);
        }
        s.logItems = items;
    }

    /** Cross-option checks QEMU makes once all options are known. */
    private void finish() throws CliException {
        if (s.machine.flatMap(m -> m.string("accel")).isPresent() && !s.accels.isEmpty()) {
            throw CliException.of("accel", "the -accel and \"-machine accel=\" options are incompatible");
        }
        if (s.daemonize && s.nographic && !s.noDefaults && (s.serials.isEmpty() || (s.monitors.isEmpty() && !s.monitorNone))) {
            throw CliException.of("nographic", "-nographic cannot be used with -daemonize");
        }
    }

    private static Opts merge(Optional<Opts> earlier, Opts later) {
        return earlier.map(e -> e.merge(later)).orElse(later);
    }

    private static Opts merge(Opts earlier, Opts later) {
        return earlier == null ? later : earlier.merge(later);
    }

    /** The options seen so far; lives only during one parse. */
    private static final class CommandLineState {
        final List<HelpRequest> help = new ArrayList<>();
        final Set<String> unsupported = new LinkedHashSet<>();
        Optional<Opts> machine = Optional.empty();
        Optional<CpuSpec> cpu = Optional.empty();
        Opts memoryOpts;
        Optional<MemorySpec> memory = Optional.empty();
        Opts smpOpts;
        Optional<SmpSpec> smp = Optional.empty();
        final List<Opts> accels = new ArrayList<>();
        Optional<String> bios = Optional.empty();
        Optional<String> kernel = Optional.empty();
        Optional<String> initrd = Optional.empty();
        Optional<String> append = Optional.empty();
        final List<Opts> drives = new ArrayList<>();
        Opts bootOpts;
        Optional<BootSpec> boot = Optional.empty();
        final List<Opts> devices = new ArrayList<>();
        final List<Opts> chardevs = new ArrayList<>();
        final List<CharSpec> serials = new ArrayList<>();
        final List<MonitorSpec> monitors = new ArrayList<>();
        boolean monitorNone;
        boolean nographic;
        Optional<Opts> display = Optional.empty();
        Optional<Opts> vnc = Optional.empty();
        Optional<Opts> name = Optional.empty();
        final List<Opts> nics = new ArrayList<>();
        final List<Opts> nets = new ArrayList<>();
        final List<Opts> netdevs = new ArrayList<>();
        final List<GlobalProp> globals = new ArrayList<>();
        Optional<Opts> rtc = Optional.empty();
        Optional<String> keyboardLayout = Optional.empty();
        Optional<String> vga = Optional.empty();
        boolean usb;
        List<String> logItems = List.of();
        Optional<String> logFile = Optional.empty();
        final List<String> dataDirs = new ArrayList<>();
        final List<Opts> objects = new ArrayList<>();
        Optional<CharSpec> debugcon = Optional.empty();
        Optional<String> pidFile = Optional.empty();
        boolean startStopped;
        boolean noReboot;
        boolean noShutdown;
        boolean noDefaults;
        boolean daemonize;
        Optional<LogLevel> logLevel = Optional.empty();

        CommandLine build() {
            return new CommandLine(help, List.copyOf(unsupported), machine, cpu, memory, smp, accels, bios, kernel,
                    initrd, append, drives, boot, devices, chardevs, serials, monitors, monitorNone, nographic,
                    display, vnc, name, nics, nets, netdevs, globals, rtc, keyboardLayout, vga, usb, logItems,
                    logFile, dataDirs, objects, debugcon, pidFile, startStopped, noReboot, noShutdown, noDefaults,
                    daemonize, logLevel);
        }
    }
}
