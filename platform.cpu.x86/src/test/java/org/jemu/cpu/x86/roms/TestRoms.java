package org.jemu.cpu.x86.roms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CPU's test ROMs: nasm sources in src/test/roms, each with the debug-console output ({@code NAME.expected}) and
 * exit status ({@code NAME.exit}) that qemu-system-x86_64 produced for it (distribution/bin/record-rom-reference).
 * Assembled here, during the build, with nasm.
 */
public final class TestRoms {

    /** One ROM: its image and what QEMU did with it. */
    public record Rom(String name, byte[] image, String expectedOutput, int expectedExit) {
    }

    private TestRoms() {
    }

    public static Path sources() {
        return Path.of("src/test/roms");
    }

    /** Assembles every ROM into {@code target/roms} and loads its reference. */
    public static List<Rom> all() throws IOException, InterruptedException {
        Path out = Files.createDirectories(Path.of("target/roms"));
        try (Stream<Path> s = Files.list(sources())) {
            List<Path> asm = s.filter(p -> p.toString().endsWith(".asm")).sorted().toList();
            java.util.ArrayList<Rom> roms = new java.util.ArrayList<>();
            for (Path a : asm) roms.add(assemble(a, out));
            return roms;
        }
    }

    static Rom assemble(Path asm, Path outDir) throws IOException, InterruptedException {
        String name = asm.getFileName().toString().replace(".asm", "");
        Path bin = outDir.resolve(name + ".bin");
        Process p = new ProcessBuilder("nasm", "-f", "bin", "-o", bin.toString(), asm.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("nasm failed on " + asm + ":\n" + log);
        }
        Path dir = asm.getParent();
        return new Rom(name, Files.readAllBytes(bin), Files.readString(dir.resolve(name + ".expected")),
                Integer.parseInt(Files.readString(dir.resolve(name + ".exit")).trim()));
    }
}
