package org.jemu.core.internal.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jemu.core.accel.AcceleratorException;
import org.jemu.core.chardev.Chardev;
import org.jemu.core.chardev.ChardevException;
import org.jemu.core.chardev.ChardevObject;
import org.jemu.core.chardev.ChardevRegistry;
import org.jemu.core.chardev.Chardevs;
import org.jemu.core.event.MainLoop;
import org.jemu.core.event.MainLoopConfig;
import org.jemu.core.event.MainLoops;
import org.jemu.core.event.ShutdownCause;
import org.jemu.core.internal.cli.CharSpec;
import org.jemu.core.internal.cli.CliException;
import org.jemu.core.internal.cli.CommandLine;
import org.jemu.core.internal.cli.CommandLineParser;
import org.jemu.core.internal.cli.HelpRequest;
import org.jemu.core.internal.cli.MonitorSpec;
import org.jemu.core.internal.cli.OptionTable;
import org.jemu.core.internal.machine.MachineBuilder;
import org.jemu.core.internal.machine.MachineBuilder.UserDevice;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.MachineConfig;
import org.jemu.core.opts.Opts;
import org.jemu.core.opts.OptsException;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.QomException;
import org.jemu.core.qom.QomObject;
import org.jemu.core.qom.TypeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of jemu for one command line: help requests, or build the machine, start the accelerator's vCPUs and run
 * the main loop until shutdown. Every error the user can cause ends as one line on stderr and exit status 1.
 */
public final class Vmm {

    private static final Logger LOG = LoggerFactory.getLogger(Vmm.class);

    private final PlatformRuntime runtime;
    private final List<String> args;
    private final PrintStream out;
    private final PrintStream err;
    private volatile MainLoop loop;
    private volatile boolean shutdownRequested;

    public Vmm(PlatformRuntime runtime, List<String> args, PrintStream out, PrintStream err) {
        this.runtime = runtime;
        this.args = List.copyOf(args);
        this.out = out;
        this.err = err;
    }

    /** Runs to completion; returns the process exit status. */
    public int run() {
        runtime.startup();
        CommandLine cl;
        try {
            cl = CommandLineParser.parse(args.toArray(String[]::new));
        } catch (CliException e) {
            err.println(e.getMessage());
            return 1;
        }
        try {
            if (!cl.helpRequests().isEmpty()) return help(cl, cl.helpRequests().get(0));
            String unsupported = firstUnsupported(cl);
            if (unsupported != null) {
                err.println("jemu: " + unsupported + ": not supported yet");
                return 1;
            }
            return boot(cl);
        } catch (QomException | ChardevException | AcceleratorException | OptsException e) {
            err.println("jemu: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("jemu: " + e);
            return 1;
        }
    }

    /** Asks a running VM to shut down (SIGINT/SIGTERM or the platform stopping). */
    public void shutdown() {
        shutdownRequested = true;
        MainLoop l = loop;
        if (l != null) l.requestShutdown(ShutdownCause.HOST_SIGNAL);
    }

    private int help(CommandLine cl, HelpRequest request) {
        HelpPrinter help = new HelpPrinter(runtime.registry());
        switch (request.topic()) {
            case USAGE -> out.print(OptionTable.usage());
            case VERSION -> out.print(OptionTable.VERSION_TEXT);
            case MACHINE -> out.print(help.machines());
            case MACHINE_PROPERTIES -> out.print(help.machineProperties(
                    MachineBuilder.resolveMachineType(runtime.registry(), request.subject().orElseThrow())));
            case DEVICE -> out.print(help.devices());
            case DEVICE_PROPERTIES -> out.print(help.deviceProperties(request.subject().orElseThrow()));
            case ACCEL -> out.print(help.accelerators());
            case CPU -> out.print(help.cpus(machineType(cl)));
            case CHARDEV -> {
                out.println("Available chardev backend types:");
                Chardevs.backendNames().forEach(b -> out.println("  " + b));
            }
            case DISPLAY -> out.print("Available display backend types:\nnone\n");
            case DATA_DIRS -> out.print(DataPath.of(cl.dataDirs()).describe());
            default -> {
                err.println("jemu: " + request.topic().name().toLowerCase().replace('_', ' ') + " help: not supported yet");
                return 1;
            }
        }
        out.flush();
        return 0;
    }

    /** The machine type from -machine, or the default one. */
    private ObjectType machineType(CommandLine cl) {
        Optional<String> name = cl.machine().flatMap(Opts::implied).filter(n -> !n.equals("help") && !n.equals("?"));
        return name.isPresent() ? MachineBuilder.resolveMachineType(runtime.registry(), name.get())
                : MachineBuilder.defaultMachineType(runtime.registry());
    }

    /** {@code file} as an absolute path, or QEMU's "could not load" error naming what it is. */
    private static String existingFile(String what, String file) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new QomException("could not load " + what + " '" + file + "': no such readable file");
        }
        return p.toAbsolutePath().toString();
    }

    /** Options the parser accepts but nothing in the runtime acts on yet, as the option's name (null if none). */
    private static String firstUnsupported(CommandLine cl) {
        if (!cl.unsupported().isEmpty()) return cl.unsupported().get(0);
        if (!cl.drives().isEmpty()) return "-drive";
        if (cl.boot().flatMap(b -> b.once()).isPresent()) return "-boot once";
        if (cl.vnc().isPresent()) return "-vnc";
        if (cl.displayType().filter(t -> !t.equals("none")).isPresent()) return "-display " + cl.displayType().get();
        if (cl.vga().filter(v -> !v.equals("none") && !v.equals("std")).isPresent()) return "-vga " + cl.vga().get();
        for (MonitorSpec m : cl.monitors()) return m.mode() == MonitorSpec.Mode.CONTROL ? "-qmp" : "-monitor";
        if (cl.debugcon().isPresent()) return "-debugcon";
        if (!cl.globals().isEmpty()) return "-global";
        if (cl.noShutdown()) return "-no-shutdown";
        if (!cl.networkDisabled() && (!cl.nics().isEmpty() || !cl.nets().isEmpty() || !cl.netdevs().isEmpty())) return "-nic";
        return null;
    }

    private int boot(CommandLine cl) throws AcceleratorException, IOException {
        ObjectType machineType = machineType(cl);
        BoardDefinition board = machineType.get(Machine.BOARD);
        long ram = cl.memory().map(m -> m.size()).orElse(board == null ? 128L << 20 : board.defaultRamSize());
        int cpus = cl.smp().map(s -> s.cpus()).orElse(1);
        int maxCpus = cl.smp().map(s -> s.maxCpus()).orElse(cpus);
        List<String> serials = cl.effectiveSerials().stream().map(s -> switch (s) {
            case CharSpec.Backend b -> b.chardev().id().orElseThrow();
            case CharSpec.Ref r -> r.chardevId();
            case CharSpec.None n -> "";
        }).toList();
        MachineConfig config = new MachineConfig(ram, cpus, maxCpus, cl.cpu().map(c -> c.model()).orElse(null), serials);
        Map<String, String> machineOptions = new LinkedHashMap<>();
        List<String> accelNames = new ArrayList<>();
        cl.machine().ifPresent(m -> m.entries().stream().filter(e -> !m.impliedKey().map(e.key()::equals).orElse(false))
                .forEach(e -> {
                    if (e.key().equals("accel")) accelNames.addAll(List.of(e.value().split(":")));
                    else machineOptions.put(e.key(), e.value());
                }));
        for (Opts a : cl.accels()) accelNames.add(a.implied().orElseThrow());
        if (cl.nographic()) machineOptions.putIfAbsent("graphics", "off");
        cl.boot().ifPresent(b -> {
            b.order().ifPresent(o -> machineOptions.put("boot-order", o));
            b.menu().ifPresent(m -> machineOptions.put("boot-menu", m ? "on" : "off"));
            b.splashTimeMs().ifPresent(t -> machineOptions.put("boot-splash-time", Long.toString(t)));
            b.rebootTimeoutMs().ifPresent(t -> machineOptions.put("boot-reboot-timeout", Long.toString(t)));
            if (b.strict()) machineOptions.put("boot-strict", "on");
        });
        DataPath dataPath = DataPath.of(cl.dataDirs());
        if (cl.bios().isPresent() && !machineType.get(Machine.LOADS_FIRMWARE)) {
            throw new QomException("-bios: machine '" + HelpPrinter.machineName(machineType) + "' does not load firmware");
        }
        String firmware = cl.bios().orElse(machineType.get(Machine.DEFAULT_FIRMWARE));
        if (firmware != null && machineType.get(Machine.LOADS_FIRMWARE)) {
            Path found = dataPath.find(firmware).orElseThrow(() -> new QomException("could not find firmware '"
                    + firmware + "' (searched the working directory and " + dataPath.directories()
                    + "; add a directory with -L or JEMU_DATA_PATH, or run distribution/bin/guest-kit)"));
            machineOptions.put("firmware", found.toString());
        }
        if ((cl.initrd().isPresent() || cl.append().isPresent()) && cl.kernel().isEmpty()) {
            throw new QomException(cl.initrd().isPresent() ? "-initrd only allowed with -kernel option"
                    : "-append only allowed with -kernel option");
        }
        if (cl.kernel().isPresent()) {
            if (!machineType.get(Machine.LOADS_KERNEL)) {
                throw new QomException("-kernel: machine '" + HelpPrinter.machineName(machineType) + "' does not load a kernel");
            }
            machineOptions.put("kernel", existingFile("kernel", cl.kernel().get()));
            if (cl.initrd().isPresent()) machineOptions.put("initrd", existingFile("initrd", cl.initrd().get()));
            machineOptions.put("append", cl.append().orElse(""));
        }
        // Boards that create default devices declare these (QEMU's default_vga / default_nic rules).
        if (machineType.property("default-vga").isPresent()) {
            // -vga std asks for the standard VGA even with -nodefaults; -vga none and -nodefaults leave it out
            boolean vga = cl.vga().map(v -> v.equals("std")).orElse(!cl.noDefaults());
            if (!vga) machineOptions.putIfAbsent("default-vga", "off");
        }
        if (machineType.property("default-nic").isPresent() && cl.networkDisabled()) {
            machineOptions.putIfAbsent("default-nic", "off");
        }
        List<UserDevice> devices = new ArrayList<>();
        for (Opts d : cl.devices()) {
            Map<String, String> props = new LinkedHashMap<>();
            d.entries().stream().filter(e -> !e.key().equals("driver") && !e.key().equals("id"))
                    .forEach(e -> props.put(e.key(), e.value()));
            devices.add(new UserDevice(d.implied().orElseThrow(), d.id().orElse(null), props));
        }
        Path pidFile = cl.pidFile().map(Path::of).orElse(null);
        if (pidFile != null) Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

        MainLoop l = MainLoops.create(MainLoopConfig.defaults().withNoReboot(cl.noReboot()));
        ChardevRegistry chardevs = Chardevs.newRegistry(l);
        VirtualMachine vm = null;
        try {
            openChardevs(cl, chardevs);
            publishChardevs(chardevs);
            try (var lock = l.globalLock().acquire()) {
                vm = VirtualMachine.create(runtime.registry(), runtime.root(), l, machineType, config, machineOptions, devices, accelNames, dataPath);
            }
            VirtualMachine running = vm;
            l.setResetHandler(cause -> Reset.reset(running.machine(), ResetType.COLD));
            runtime.setDepartureHandler(running::typesLeaving);
            loop = l;
            if (shutdownRequested) l.requestShutdown(ShutdownCause.HOST_SIGNAL);
            if (!cl.startStopped()) l.resume();
            LOG.info("machine {} running ({} MiB, {} vCPU(s), accelerator {})", running.machine().machineName(),
                    ram >> 20, cpus, running.acceleratorName());
            ShutdownCause cause = l.run();
            LOG.info("shutting down: {}", cause);
            if (cause == ShutdownCause.HOST_SIGNAL) err.println("jemu: terminating (signal or platform stop)");
            return running.exitStatus().orElse(0);
        } finally {
            runtime.setDepartureHandler(null);
            loop = null;
            runtime.root().child("chardevs").ifPresent(c -> c.unparent());
            l.close();
            chardevs.close();
            if (vm != null) vm.close();
            if (pidFile != null) Files.deleteIfExists(pidFile);
        }
    }

    /** -chardev, then the backends -serial asked for (QEMU's serial0..3 ids), checking chardev:ID references. */
    private static void openChardevs(CommandLine cl, ChardevRegistry chardevs) {
        for (Opts c : cl.chardevs()) open(chardevs, c);
        for (CharSpec s : cl.effectiveSerials()) {
            switch (s) {
                case CharSpec.Backend b -> {
                    if (b.monitor()) {
                        // No monitor exists yet to multiplex with, so the port carries only the serial line.
                        LOG.info("{}: no monitor yet; the port carries only the serial line", b.spec());
                        open(chardevs, b.chardev().without("mux"));
                    } else {
                        open(chardevs, b.chardev());
                    }
                }
                case CharSpec.Ref r -> {
                    if (chardevs.find(r.chardevId()).isEmpty()) {
                        throw new ChardevException(r.chardevId(), "id", "-serial " + r.spec() + ": no -chardev with this id");
                    }
                }
                case CharSpec.None n -> {
                }
            }
        }
    }

    /** Puts every open chardev in the tree at /chardevs/ID, where devices' chardev links find them. */
    private void publishChardevs(ChardevRegistry chardevs) {
        QomObject container = runtime.registry().create(TypeRegistry.CONTAINER);
        runtime.root().addChild("chardevs", container);
        for (Chardev c : chardevs.all()) {
            ChardevObject o = runtime.registry().create(ChardevObject.TYPE, ChardevObject.class);
            o.bind(c);
            container.addChild(c.id(), o);
        }
    }

    private static void open(ChardevRegistry chardevs, Opts c) {
        Set<String> skip = Set.of("id", "backend");
        Map<String, String> options = c.entries().stream().filter(e -> !skip.contains(e.key()))
                .collect(Collectors.toMap(Opts.Entry::key, Opts.Entry::value, (a, b) -> b, LinkedHashMap::new));
        chardevs.create(c.id().orElseThrow(), c.implied().orElseThrow(), options);
    }
}
