package org.jemu.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.jemu.distribution.DistributionFixture.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The test ROMs (the CPU's, platform.cpu.x86/src/test/roms, and the pc board's, src/test/roms) run as firmware of the
 * pc machine through bin/jemu with exactly the command line their reference was recorded with under
 * qemu-system-x86_64 (distribution/bin/record-rom-reference): the debug console output and the exit status must
 * match QEMU's. Needs nasm (distribution/bin/test installs it).
 */
class PcRomIT {

    private static DistributionFixture dist;

    @BeforeAll
    static void copyDistribution() throws IOException {
        dist = new DistributionFixture();
    }

    @AfterAll
    static void removeCopy() throws IOException {
        dist.close();
    }

    static List<Path> roms() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(Path.of("../platform.cpu.x86/src/test/roms"), Path.of("src/test/roms"))) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".asm")).sorted().forEach(all::add);
            }
        }
        return all;
    }

    @TestFactory
    Stream<DynamicTest> eachRomPrintsAndExitsAsUnderQemuOnThePcMachine() throws IOException {
        return roms().stream().map(asm -> DynamicTest.dynamicTest(asm.getFileName().toString(), () -> runRom(asm)));
    }

    private static void runRom(Path asm) throws Exception {
        assumeTrue(onPath("nasm"), "needs nasm (apt-get install nasm)");
        String name = asm.getFileName().toString().replace(".asm", "");
        Path work = Files.createTempDirectory(dist.home, name);
        Path bin = work.resolve(name + ".bin");
        Path out = work.resolve(name + ".out");
        Process nasm = new ProcessBuilder("nasm", "-f", "bin", "-o", bin.toString(), asm.toString())
                .redirectErrorStream(true).start();
        String log = new String(nasm.getInputStream().readAllBytes());
        assertEquals(0, nasm.waitFor(), "nasm: " + log);

        Result r = dist.jemu(Duration.ofSeconds(120), "-M", "pc", "-accel", "tcg", "-bios", bin.toString(),
                "-display", "none", "-nodefaults", "-no-reboot",
                "-chardev", "file,id=dbg,path=" + out, "-device", "isa-debugcon,iobase=0xe9,chardev=dbg",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=4");

        Path dir = asm.getParent();
        String expected = Files.readString(dir.resolve(name + ".expected"));
        int expectedExit = Integer.parseInt(Files.readString(dir.resolve(name + ".exit")).trim());
        assertEquals(expected, Files.exists(out) ? Files.readString(out) : "", "debug console; stderr: " + r.err());
        assertEquals(expectedExit, r.status(), "exit status; stderr: " + r.err());
    }

    private static boolean onPath(String cmd) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, cmd))) return true;
        }
        return false;
    }
}
