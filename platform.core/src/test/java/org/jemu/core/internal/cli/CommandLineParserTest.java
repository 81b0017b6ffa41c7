package org.jemu.core.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.jemu.core.internal.cli.HelpRequest.Topic;
import org.jemu.core.opts.Opts;
import org.junit.jupiter.api.Test;

class CommandLineParserTest {

    private static String error(String... args) {
        return assertThrows(CliException.class, () -> CommandLineParser.parse(args)).getMessage();
    }

    @Test
    void emptyCommandLineHasNothing() throws CliException {
        CommandLine cl = CommandLineParser.parse();

        assertTrue(cl.helpRequests().isEmpty());
        assertTrue(cl.machine().isEmpty());
        assertTrue(cl.drives().isEmpty());
    }

    @Test
    void unknownOptionIsRejected() {
        assertEquals("jemu: -bogus: invalid option", error("-bogus"));
    }

    @Test
    void missingArgumentIsRejected() {
        assertEquals("jemu: -m: requires an argument", error("-m"));
        assertEquals("jemu: -M: requires an argument", error("-M"));
    }

    @Test
    void machineWithImpliedTypeAndProperties() throws CliException {
        Opts machine = CommandLineParser.parse("-machine", "pc,accel=tcg").machine().orElseThrow();

        assertEquals(Optional.of("pc"), machine.implied());
        assertEquals(Optional.of("tcg"), machine.string("accel"));
    }

    @Test
    void doubleDashLongFormAndAliasAreAccepted() throws CliException {
        assertEquals(Optional.of("q35"), CommandLineParser.parse("--machine", "q35").machine().orElseThrow().implied());
        assertEquals(Optional.of("pc"), CommandLineParser.parse("-M", "pc").machine().orElseThrow().implied());
    }

    @Test
    void repeatedMachineOptionsMergeWithLastWinning() throws CliException {
        Opts machine = CommandLineParser.parse("-M", "pc,usb=off", "-M", "q35").machine().orElseThrow();

        assertEquals(Optional.of("q35"), machine.implied());
        assertEquals(Optional.of("off"), machine.string("usb"));
    }

    @Test
    void helpRequestsAreRecorded() throws CliException {
        assertEquals(List.of(HelpRequest.of(Topic.MACHINE)), CommandLineParser.parse("-machine", "help").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.MACHINE)), CommandLineParser.parse("-M", "?").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.DEVICE)), CommandLineParser.parse("-device", "help").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.DEVICE)), CommandLineParser.parse("-device", "?").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.DEVICE_PROPERTIES, "isa-serial")),
                CommandLineParser.parse("-device", "isa-serial,help").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.CPU)), CommandLineParser.parse("-cpu", "help").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.ACCEL)), CommandLineParser.parse("-accel", "help").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.CHARDEV)), CommandLineParser.parse("-chardev", "help").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.MACHINE_PROPERTIES, "pc")),
                CommandLineParser.parse("-machine", "pc,help").helpRequests());
    }

    @Test
    void helpStopsParsingSoLaterGarbageIsIgnored() throws CliException {
        assertEquals(List.of(HelpRequest.of(Topic.USAGE)), CommandLineParser.parse("-h", "-bogus").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.USAGE)), CommandLineParser.parse("--help").helpRequests());
        assertEquals(List.of(HelpRequest.of(Topic.VERSION)), CommandLineParser.parse("-version").helpRequests());
    }

    @Test
    void usageTextListsOptionsInQemuStyle() {
        String usage = OptionTable.usage();

        assertTrue(usage.contains("usage: jemu [options] [disk_image]\n"));
        assertTrue(usage.contains("\nStandard options:\n-h or -help     display this help and exit\n"));
        assertTrue(usage.contains("-machine [type=]name[,prop[=value][,...]]\n                selects emulated machine"));
        assertTrue(OptionTable.VERSION_TEXT.startsWith(
                "jemu emulator version 0.1.0 (qemu-system-x86_64 compatible command line)\n"));
    }

    @Test
    void everyTableOptionIsHandled() {
        for (OptionDef def : OptionTable.OPTIONS) {
            List<String> args = def.takesArgument() ? List.of("-" + def.name(), "x") : List.of("-" + def.name());
            try {
                CommandLineParser.parse(args.toArray(String[]::new));
            } catch (CliException expectedForSomeArguments) {
                assertTrue(expectedForSomeArguments.getMessage().startsWith("jemu: -"));
            }
        }
    }

    @Test
    void cpuModelAndFeatures() throws CliException {
        CpuSpec cpu = CommandLineParser.parse("-cpu", "qemu64,+avx,-sse4.2,kvm=off,pmu").cpu().orElseThrow();

        assertEquals("qemu64", cpu.model());
        assertEquals(List.of(new CpuSpec.Feature("avx", "on"), new CpuSpec.Feature("sse4.2", "off"),
                new CpuSpec.Feature("kvm", "off"), new CpuSpec.Feature("pmu", "on")), cpu.features());
    }

    @Test
    void accelsAccumulateAndEnableKvmAddsKvm() throws CliException {
        CommandLine cl = CommandLineParser.parse("-accel", "kvm", "-accel", "tcg,thread=single", "-enable-kvm");

        assertEquals(List.of("kvm", "tcg", "kvm"), cl.accels().stream().map(o -> o.implied().orElseThrow()).toList());
    }

    @Test
    void accelAndMachineAccelAreIncompatible() {
        assertEquals("jemu: -accel: the -accel and \"-machine accel=\" options are incompatible",
                error("-M", "pc,accel=tcg", "-accel", "kvm"));
    }

    @Test
    void kernelOptionsLastWins() throws CliException {
        CommandLine cl = CommandLineParser.parse("-kernel", "a", "-kernel", "bz", "-initrd", "i", "-append",
                "console=ttyS0 root=/dev/sda", "-bios", "bios.bin");

        assertEquals(Optional.of("bz"), cl.kernel());
        assertEquals(Optional.of("i"), cl.initrd());
        assertEquals(Optional.of("console=ttyS0 root=/dev/sda"), cl.append());
        assertEquals(Optional.of("bios.bin"), cl.bios());
    }

    @Test
    void positionalArgumentIsHda() throws CliException {
        Opts drive = CommandLineParser.parse("disk.img").drives().getFirst();

        assertEquals(Optional.of("disk.img"), drive.string("file"));
        assertEquals(Optional.of("0"), drive.string("index"));
        assertEquals(Optional.of("disk"), drive.string("media"));
    }

    @Test
    void driveShortcutsBecomeDrivesInOrderWithFileNamesVerbatim() throws CliException {
        List<Opts> drives = CommandLineParser.parse("-hdb", "b,1.img", "-cdrom", "x.iso", "-fda", "f.img",
                "-drive", "file=d.qcow2,if=virtio,format=qcow2").drives();

        assertEquals(List.of("b,1.img", "x.iso", "f.img", "d.qcow2"),
                drives.stream().map(d -> d.require("file")).toList());
        assertEquals(Optional.of("1"), drives.get(0).string("index"));
        assertEquals(Optional.of("cdrom"), drives.get(1).string("media"));
        assertEquals(Optional.of("floppy"), drives.get(2).string("if"));
    }

    @Test
    void driveKeysAreValidated() {
        assertEquals("jemu: -drive: invalid parameter 'fiel'", error("-drive", "fiel=x"));
        assertTrue(error("-drive", "file=x,if=usb").startsWith("jemu: -drive: parameter 'if': 'usb' is not a valid"));
        assertTrue(error("-drive", "file=x,readonly=maybe").startsWith("jemu: -drive: parameter 'readonly':"));
    }

    @Test
    void driveAcceptsDottedBlockDriverKeys() throws CliException {
        Opts drive = CommandLineParser.parse("-drive", "file.filename=a.img,throttling.iops-total=100").drives()
                .getFirst();

        assertEquals(Optional.of("a.img"), drive.string("file.filename"));
    }

    @Test
    void devicesAndChardevsAccumulateInOrder() throws CliException {
        CommandLine cl = CommandLineParser.parse("-device", "isa-serial,iobase=0x3f8", "-chardev",
                "socket,id=c1,port=4444,server=on", "-device", "isa-debugcon", "-chardev", "null,id=c2");

        assertEquals(List.of("isa-serial", "isa-debugcon"),
                cl.devices().stream().map(d -> d.implied().orElseThrow()).toList());
        assertEquals(List.of("c1", "c2"), cl.chardevs().stream().map(d -> d.id().orElseThrow()).toList());
    }

    @Test
    void chardevNeedsIdAndKnownBackendAndKeys() {
        assertEquals("jemu: -chardev null: parameter 'id': missing, but required", error("-chardev", "null"));
        assertEquals("jemu: -chardev: 'foo' is not a valid char driver name", error("-chardev", "foo,id=x"));
        assertEquals("jemu: -chardev socket: invalid parameter 'prot'", error("-chardev", "socket,id=x,prot=1"));
    }

    @Test
    void bootOrderAndOptions() throws CliException {
        BootSpec boot = CommandLineParser.parse("-boot", "d").boot().orElseThrow();
        assertEquals(Optional.of("d"), boot.order());

        BootSpec full = CommandLineParser.parse("-boot", "order=cd,menu=on,splash-time=500,reboot-timeout=-1,strict=on")
                .boot().orElseThrow();
        assertEquals(Optional.of("cd"), full.order());
        assertEquals(Optional.of(true), full.menu());
        assertEquals(500, full.splashTimeMs().orElseThrow());
        assertEquals(-1, full.rebootTimeoutMs().orElseThrow());
        assertTrue(full.strict());
    }

    @Test
    void bootRejectsBadDrives() {
        assertEquals("jemu: -boot: invalid boot device 'z'", error("-boot", "cz"));
        assertEquals("jemu: -boot: boot device 'c' was given twice", error("-boot", "cdc"));
        assertEquals("jemu: -boot: invalid parameter 'ordr'", error("-boot", "ordr=c"));
    }

    @Test
    void globalsInBothSyntaxes() throws CliException {
        List<GlobalProp> globals = CommandLineParser.parse("-global", "isa-fdc.driveA=x", "-global",
                "driver=cfi.pflash01,property=secure,value=on").globals();

        assertEquals(List.of(new GlobalProp("isa-fdc", "driveA", "x"), new GlobalProp("cfi.pflash01", "secure", "on")),
                globals);
        assertTrue(error("-global", "junk").startsWith("jemu: -global: invalid -global parameter 'junk'"));
    }

    @Test
    void nameDisplayVgaAndFlags() throws CliException {
        CommandLine cl = CommandLineParser.parse("-name", "vm1", "-display", "none", "-vga", "std", "-S",
                "-no-reboot", "-no-shutdown", "-pidfile", "p", "-D", "log.txt", "-d", "int,cpu_reset");

        assertEquals(Optional.of("vm1"), cl.name().orElseThrow().implied());
        assertEquals(Optional.of("none"), cl.displayType());
        assertEquals(Optional.of("std"), cl.vga());
        assertTrue(cl.startStopped() && cl.noReboot() && cl.noShutdown());
        assertEquals(List.of("int", "cpu_reset"), cl.logItems());
        assertEquals(Optional.of("log.txt"), cl.logFile());
    }

    @Test
    void displayAndVgaAndLogItemsAreValidated() {
        assertTrue(error("-display", "vga").startsWith("jemu: -display vga: parameter 'type': 'vga' is not a valid"));
        assertTrue(error("-vga", "foo").startsWith("jemu: -vga: unknown vga type 'foo'"));
        assertEquals("jemu: -d: unknown log item 'bogus' ('-d help' for list)", error("-d", "int,bogus"));
    }

    @Test
    void displayVncIsAVncServer() throws CliException {
        CommandLine cl = CommandLineParser.parse("-display", "vnc=:1");

        assertEquals(Optional.of(":1"), cl.vnc().orElseThrow().implied());
        assertTrue(cl.display().isEmpty());
    }

    @Test
    void vncKeepsDisplayAndOptions() throws CliException {
        Opts vnc = CommandLineParser.parse("-vnc", "127.0.0.1:0,password=on").vnc().orElseThrow();

        assertEquals(Optional.of("127.0.0.1:0"), vnc.implied());
        assertTrue(vnc.bool("password", false));
    }

    @Test
    void logLevelIsValidated() throws CliException {
        assertEquals(Optional.of(LogLevel.DEBUG), CommandLineParser.parse("-log-level", "debug").logLevel());
        assertEquals("jemu: -log-level: 'loud' is not a valid level (expected one of: trace, debug, info, warn, "
                + "error, off)", error("-log-level", "loud"));
    }

    @Test
    void unimplementedOptionsAreMarkedOnce() throws CliException {
        CommandLine cl = CommandLineParser.parse("-usb", "-netdev", "user,id=n0", "-usb", "-nic", "none", "-m", "64");

        assertEquals(List.of("usb", "netdev"), cl.unsupported());
        assertTrue(cl.networkDisabled());
    }

    @Test
    void objectAndNetdevNeedIds() {
        assertEquals("jemu: -object memory-backend-ram: parameter 'id': missing, but required",
                error("-object", "memory-backend-ram,size=1G"));
        assertEquals("jemu: -netdev user: parameter 'id': missing, but required", error("-netdev", "user"));
    }

    @Test
    void rtcBaseIsValidated() throws CliException {
        assertEquals(Optional.of("utc"), CommandLineParser.parse("-rtc", "base=utc,clock=host").rtc().orElseThrow()
                .string("base"));
        assertTrue(error("-rtc", "base=yesterday").startsWith("jemu: -rtc: parameter 'base': invalid date format"));
    }
}
