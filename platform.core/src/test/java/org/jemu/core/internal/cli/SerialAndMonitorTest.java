package org.jemu.core.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.jemu.core.opts.Opts;
import org.junit.jupiter.api.Test;

class SerialAndMonitorTest {

    private static CharSpec serial(String spec) throws CliException {
        return CommandLineParser.parse("-serial", spec).serials().getFirst();
    }

    private static Opts backend(CharSpec spec) {
        return assertInstanceOf(CharSpec.Backend.class, spec).chardev();
    }

    private static String error(String... args) {
        return assertThrows(CliException.class, () -> CommandLineParser.parse(args)).getMessage();
    }

    @Test
    void simpleSerialBackends() throws CliException {
        assertEquals(Optional.of("stdio"), backend(serial("stdio")).implied());
        assertEquals(Optional.of("null"), backend(serial("null")).implied());
        assertEquals(Optional.of("serial0"), backend(serial("stdio")).id());
    }

    @Test
    void serialNoneAndChardevReference() throws CliException {
        assertInstanceOf(CharSpec.None.class, serial("none"));
        assertEquals("c0", assertInstanceOf(CharSpec.Ref.class, serial("chardev:c0")).chardevId());
    }

    @Test
    void serialFile() throws CliException {
        Opts opts = backend(serial("file:/tmp/out.log"));

        assertEquals(Optional.of("file"), opts.implied());
        assertEquals(Optional.of("/tmp/out.log"), opts.string("path"));
    }

    @Test
    void serialTcpServerBecomesSocketChardev() throws CliException {
        Opts opts = backend(serial("tcp:127.0.0.1:4444,server=on,wait=off"));

        assertEquals(Optional.of("socket"), opts.implied());
        assertEquals(Optional.of("127.0.0.1"), opts.string("host"));
        assertEquals(Optional.of("4444"), opts.string("port"));
        assertTrue(opts.bool("server", false));
        assertFalse(opts.bool("wait", true));
    }

    @Test
    void serialTcpWithEmptyHostAndBareServerFlag() throws CliException {
        Opts opts = backend(serial("tcp::4444,server"));

        assertEquals(Optional.of(""), opts.string("host"));
        assertTrue(opts.bool("server", false));
    }

    @Test
    void monSerialIsMuxedWithMonitor() throws CliException {
        CharSpec.Backend spec = assertInstanceOf(CharSpec.Backend.class, serial("mon:stdio"));

        assertTrue(spec.monitor());
        assertEquals("stdio", spec.backend());
        assertTrue(spec.chardev().bool("mux", false));
    }

    @Test
    void serialsAccumulateUpToFour() throws CliException {
        CommandLine cl = CommandLineParser.parse("-serial", "null", "-serial", "none", "-serial", "stdio");

        assertEquals(3, cl.serials().size());
        assertEquals(Optional.of("serial2"), backend(cl.serials().get(2)).id());
        assertEquals("jemu: -serial: too many serial ports (at most 4)",
                error("-serial", "null", "-serial", "null", "-serial", "null", "-serial", "null", "-serial", "null"));
    }

    @Test
    void badSerialSpecsAreRejected() {
        assertEquals("jemu: -serial: 'bogus' is not a valid char driver", error("-serial", "bogus"));
        assertTrue(error("-serial", "tcp:host").startsWith("jemu: -serial: 'tcp:host': expected HOST:PORT"));
        assertEquals("jemu: -chardev socket: invalid parameter 'sever'", error("-serial", "tcp::1,sever=on"));
    }

    @Test
    void qmpAndMonitorSpecs() throws CliException {
        CommandLine cl = CommandLineParser.parse("-qmp", "tcp:127.0.0.1:4444,server=on,wait=off", "-monitor",
                "unix:/tmp/m.sock,server");

        assertEquals(MonitorSpec.Mode.CONTROL, cl.monitors().get(0).mode());
        assertEquals(Optional.of("4444"), backend(cl.monitors().get(0).target()).string("port"));
        assertEquals(MonitorSpec.Mode.READLINE, cl.monitors().get(1).mode());
        assertEquals(Optional.of("/tmp/m.sock"), backend(cl.monitors().get(1).target()).string("path"));
        assertEquals(Optional.of("compat_monitor1"), backend(cl.monitors().get(1).target()).id());
    }

    @Test
    void nographicPutsSerialAndMonitorOnStdio() throws CliException {
        CommandLine cl = CommandLineParser.parse("-nographic");

        CharSpec.Backend serial0 = assertInstanceOf(CharSpec.Backend.class, cl.effectiveSerials().getFirst());
        assertEquals("stdio", serial0.backend());
        assertTrue(serial0.monitor());
        assertEquals(List.of(), cl.effectiveMonitors());
        assertEquals(Optional.of("none"), cl.displayType());
    }

    @Test
    void nographicWithQmpGivesPlainStdioSerial() throws CliException {
        CommandLine cl = CommandLineParser.parse("-nographic", "-qmp", "stdio");

        CharSpec.Backend serial0 = assertInstanceOf(CharSpec.Backend.class, cl.effectiveSerials().getFirst());
        assertEquals("stdio", serial0.backend());
        assertFalse(serial0.monitor());
    }

    @Test
    void nographicWithExplicitSerialPutsMonitorOnStdio() throws CliException {
        CommandLine cl = CommandLineParser.parse("-nographic", "-serial", "file:s.log");

        assertEquals("file", assertInstanceOf(CharSpec.Backend.class, cl.effectiveSerials().getFirst()).backend());
        assertEquals("stdio", assertInstanceOf(CharSpec.Backend.class, cl.effectiveMonitors().getFirst().target())
                .backend());
    }

    @Test
    void nodefaultsMeansNoDefaultSerial() throws CliException {
        assertEquals(List.of(), CommandLineParser.parse("-nographic", "-nodefaults").effectiveSerials());
    }

    @Test
    void displayNoneLeavesSerialOnNull() throws CliException {
        CommandLine cl = CommandLineParser.parse("-display", "none");

        assertEquals("null", assertInstanceOf(CharSpec.Backend.class, cl.effectiveSerials().getFirst()).backend());
        assertEquals(List.of(), cl.effectiveMonitors());
    }

    @Test
    void explicitSerialWins() throws CliException {
        List<CharSpec> serials = CommandLineParser.parse("-nographic", "-serial", "none", "-serial", "stdio")
                .effectiveSerials();

        assertInstanceOf(CharSpec.None.class, serials.get(0));
        assertEquals("stdio", assertInstanceOf(CharSpec.Backend.class, serials.get(1)).backend());
    }

    @Test
    void monitorNoneDisablesTheDefaultMonitor() throws CliException {
        CommandLine cl = CommandLineParser.parse("-nographic", "-monitor", "none");

        assertFalse(assertInstanceOf(CharSpec.Backend.class, cl.effectiveSerials().getFirst()).monitor());
        assertEquals(List.of(), cl.effectiveMonitors());
    }

    @Test
    void nographicWithDaemonizeIsRejected() {
        assertEquals("jemu: -nographic: -nographic cannot be used with -daemonize", error("-nographic", "-daemonize"));
    }
}
