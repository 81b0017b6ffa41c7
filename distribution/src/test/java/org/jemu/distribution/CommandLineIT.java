package org.jemu.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.jemu.distribution.DistributionFixture.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs bin/jemu of the built distribution as a user would, and checks output and exit status. */
class CommandLineIT {

    private static DistributionFixture dist;

    @BeforeAll
    static void copyDistribution() throws IOException {
        dist = new DistributionFixture();
        // a third-party device plugin installed with the platform, so the listings have a device to show
        java.nio.file.Files.copy(DistributionFixture.examplePlugin(), dist.home.resolve("bundles/plugin.example.jar"));
    }

    @AfterAll
    static void removeCopy() throws IOException {
        dist.close();
    }

    static Result jemu(String... args) throws Exception {
        return dist.jemu(java.time.Duration.ofSeconds(90), args);
    }

    @Test
    void machineHelpListsTheBoardsFromTheirBundlesWithAliasesAndTheDefault() throws Exception {
        Result r = jemu("-machine", "help");

        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Supported machines are:\n"), r.out());
        assertTrue(r.out().matches("(?s).*\\npc +Standard PC \\(i440FX \\+ PIIX, 1996\\) \\(alias of pc-i440fx-7\\.2\\)\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\npc-i440fx-7\\.2 +Standard PC \\(i440FX \\+ PIIX, 1996\\) \\(default\\)\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\nq35 +Standard PC \\(Q35 \\+ ICH9, 2009\\) \\(alias of pc-q35-7\\.2\\)\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\npc-q35-7\\.2 +Standard PC \\(Q35 \\+ ICH9, 2009\\)\\n.*"), r.out());
        assertTrue(r.out().contains("\nnone                 empty machine\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void anUnknownOptionExitsOneWithOneClearLine() throws Exception {
        Result r = jemu("-bogus");

        assertEquals(1, r.status());
        assertEquals(List.of("jemu: -bogus: invalid option"), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void malformedOptionValuesNameTheOption() throws Exception {
        Result m = jemu("-m", "lots");
        assertEquals(1, m.status());
        assertEquals(1, m.errLines().size(), m.err());
        assertTrue(m.err().startsWith("jemu: -m"), m.err());

        Result missing = jemu("-machine");
        assertEquals(List.of("jemu: -machine: requires an argument"), missing.errLines());
    }

    @Test
    void deviceHelpListsRegisteredTypesByCategoryAndTypeHelpListsProperties() throws Exception {
        Result r = jemu("-device", "help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Misc devices:\nname \"example-edge-counter\", bus System, desc \"example plugin: counts GPIO edges\"\n"),
                r.out());

        Result props = jemu("-device", "example-edge-counter,help");
        assertEquals(0, props.status(), props.err());
        assertTrue(props.out().startsWith("example-edge-counter options:\n"), props.out());
        assertTrue(props.out().contains("  period=<int>"), props.out());

        Result bad = jemu("-device", "no-such-device,help");
        assertEquals(1, bad.status());
        assertEquals(List.of("jemu: 'no-such-device' is not a valid device model name"), bad.errLines());
    }

    @Test
    void cpuHelpListsTheDefaultModelWithItsFeatures() throws Exception {
        Result r = jemu("-cpu", "help");

        assertEquals(0, r.status(), r.err());
        String qemu64 = r.out().lines().filter(l -> l.trim().startsWith("qemu64")).findFirst().orElseThrow();
        for (String flag : List.of("fpu", "fxsr", "sse", "sse2", "apic", "syscall", "lm", "nx")) {
            assertTrue(List.of(qemu64.substring(qemu64.indexOf('[') + 1, qemu64.indexOf(']')).split(" ")).contains(flag),
                    flag + " in " + qemu64);
        }
    }

    @Test
    void accelHelpListsTheAcceleratorsPresent() throws Exception {
        Result r = jemu("-accel", "help");

        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Accelerators supported in jemu:\n"), r.out());
    }

    @Test
    void optionsWhoseFeatureIsMissingSayNotSupportedYet() throws Exception {
        Result r = jemu("-vnc", ":1");

        assertEquals(1, r.status());
        assertEquals(List.of("jemu: -vnc: not supported yet"), r.errLines());
    }

    @Test
    void aBoardWhoseDeviceTypesAreMissingNamesThemAtStartUp() throws Exception {
        Result r = jemu("-M", "q35,usb=on", "-nodefaults", "-display", "none");

        assertEquals(1, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("jemu: machine 'pc-q35-7.2' cannot be built: types "), r.err());
        assertTrue(r.err().contains("'ich9-usb-ehci1'"), "no USB controller models yet: " + r.err());
    }

    @Test
    void versionAndUsagePrintAndExitZero() throws Exception {
        Result v = jemu("-version");
        assertEquals(0, v.status());
        assertTrue(v.out().startsWith("jemu emulator version "), v.out());

        Result h = jemu("-h");
        assertEquals(0, h.status());
        assertTrue(h.out().contains("usage: jemu [options] [disk_image]"), h.out());
    }
}
