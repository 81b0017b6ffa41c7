package org.jemu.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jemu.distribution.DistributionFixture.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real guests from Debian (distribution/bin/guest-kit) on the pc and q35 machines, judged against what QEMU 7.2
 * printed with the same software (../shared/reference/qemu-7.2, copied into src/test/reference): SeaBIOS's PCI
 * enumeration, and a Linux 6.1 kernel that boots its initramfs, prints a marker and powers off through ACPI.
 */
class GuestBootIT {

    private static DistributionFixture dist;

    @BeforeAll
    static void copyDistribution() throws IOException {
        dist = new DistributionFixture();
    }

    @AfterAll
    static void removeCopy() throws IOException {
        dist.close();
    }

    /** The lines of a SeaBIOS debug log that describe PCI devices and their BARs. */
    static List<String> pciLines(String log) {
        return log.lines().filter(l -> l.startsWith("PCI: init bdf=") || l.startsWith("PCI: map device bdf=")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pc", "q35"})
    void seabiosFindsTheSamePciDevicesAndBarsAsUnderQemuAndReachesNoBootableDevice(String machine) throws Exception {
        DistributionFixture.guestFile("bios-256k.bin");
        Path log = Files.createTempFile(dist.home, "seabios", ".log");

        Result r = dist.jemu(Duration.ofSeconds(120), "-M", machine, "-m", "256", "-nographic", "-no-reboot",
                "-boot", "reboot-timeout=0",
                "-chardev", "file,id=d,path=" + log, "-device", "isa-debugcon,iobase=0x402,chardev=d");

        String reference = Files.readString(Path.of("src/test/reference/seabios-" + machine + "-bios-256k-debug.txt"));
        String ours = Files.readString(log);
        assertEquals(pciLines(reference), pciLines(ours), "PCI lines; stderr: " + r.err());
        assertTrue(r.out().contains("SeaBIOS (version 1.16.2-debian-1.16.2-1)"), "banner on the serial console: " + r.out());
        assertTrue(r.out().contains("No bootable device."), r.out());
        assertEquals(0, r.status(), "-no-reboot ends the run when SeaBIOS reboots; stderr: " + r.err());
    }

    @Test
    void linuxBootsItsInitramfsAndPowersOffThroughAcpi() throws Exception {
        Result r = bootLinux("pc");

        assertLinuxRanAndPoweredOff(r);
    }

    @Test
    void linuxBootsOnQ35UsingMmconfigForPciAndPowersOff() throws Exception {
        Result r = bootLinux("q35");

        assertLinuxRanAndPoweredOff(r);
        assertTrue(r.out().contains("PCI: MMCONFIG for domain 0000 [bus 00-ff] at [mem 0xb0000000-0xbfffffff]"),
                "the kernel found the ECAM window through MCFG: " + tail(r.out()));
        assertTrue(r.out().contains("PCI: MMCONFIG at [mem 0xb0000000-0xbfffffff] reserved"),
                "and took it into use: " + tail(r.out()));
        assertTrue(r.out().contains("pci 0000:00:1f.2: [8086:2922]"), "the AHCI function was enumerated: " + tail(r.out()));
    }

    private static Result bootLinux(String machine) throws Exception {
        Path kernel = DistributionFixture.guestFile("vmlinuz");
        Path initrd = DistributionFixture.guestFile("initramfs.cpio.gz");
        return dist.jemu(Duration.ofMinutes(8), "-M", machine, "-m", "256", "-nographic", "-no-reboot",
                "-kernel", kernel.toString(), "-initrd", initrd.toString(), "-append", "console=ttyS0 panic=-1");
    }

    private static void assertLinuxRanAndPoweredOff(Result r) {
        assertTrue(r.out().contains("Linux version 6.1.0"), "kernel banner: " + tail(r.out()));
        assertTrue(r.out().contains("JEMU-GUEST-READY 6.1.0"), "the initramfs marker: " + tail(r.out()));
        assertTrue(r.out().contains("reboot: Power down"), "ACPI S5 power-off: " + tail(r.out()));
        assertEquals(0, r.status(), "exit status; stderr: " + r.err());
    }

    @Test
    void aSignalEndsARunningGuestWithOneMessageAndNoPauseReports() throws Exception {
        DistributionFixture.guestFile("bios-256k.bin");
        Path errFile = Files.createTempFile(dist.home, "signal", ".err");
        Process p = dist.process("-M", "pc", "-m", "64", "-nographic", "-nodefaults", "-serial", "stdio")
                .redirectError(errFile.toFile()).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("SeaBIOS (version")) {
                // the guest runs once the banner shows
            }
            assertTrue(line != null, "SeaBIOS banner before the output ended; stderr: " + Files.readString(errFile));

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "jemu ended after SIGTERM");
        } finally {
            p.destroyForcibly();
        }

        String stderr = Files.readString(errFile);
        assertTrue(stderr.contains("jemu: terminating"), stderr);
        assertTrue(!stderr.contains("VM paused"), "no pause reports while the platform stops: " + stderr);
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
