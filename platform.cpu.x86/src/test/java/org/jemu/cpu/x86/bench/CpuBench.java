package org.jemu.cpu.x86.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jemu.cpu.x86.internal.exec.X86Core;
import org.jemu.cpu.x86.roms.RomMachineAccess;

/**
 * {@code distribution/bin/cpu-bench [SCALE] [RUNS]}: runs the same guest loops (src/test/bench/loops.asm: a tight
 * dec/jnz loop in real mode and in 64-bit mode, and a 64-bit load/store/call mix) on jemu's CPU and under Debian's
 * {@code qemu-system-x86_64 -accel tcg}, times each phase between the guest's debug-console markers, and prints
 * MIPS and the jemu/QEMU ratio (medians of RUNS runs). QEMU is a yardstick only: without it, jemu's numbers alone.
 */
public final class CpuBench {

    /** Phases: marker that ends it, name, instructions per iteration, count offset in the image. */
    record Phase(char end, String name, int insnsPerIteration, int countOffset) {
    }

    static final List<Phase> PHASES = List.of(
            new Phase('B', "real-mode dec/jnz", 2, 0xffe0),
            new Phase('D', "64-bit dec/jnz", 2, 0xffe4),
            new Phase('E', "64-bit load/store/call mix", 10, 0xffe8));

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long[] iterations = {(long) (50_000_000 * scale), (long) (50_000_000 * scale), (long) (10_000_000 * scale)};
        byte[] image = assemble(iterations);
        boolean haveQemu = onPath("qemu-system-x86_64");
        double[][] jemu = new double[PHASES.size()][runs];
        double[][] qemu = new double[PHASES.size()][runs];
        for (int r = 0; r < runs; r++) {
            double[] j = runJemu(image);
            for (int p = 0; p < PHASES.size(); p++) jemu[p][r] = j[p];
            if (haveQemu) {
                double[] q = runQemu(image);
                for (int p = 0; p < PHASES.size(); p++) qemu[p][r] = q[p];
            }
        }
        System.out.printf("%-28s %14s %12s %12s %8s%n", "phase (median of " + runs + ")", "instructions", "jemu MIPS",
                haveQemu ? "QEMU MIPS" : "QEMU", "ratio");
        for (int p = 0; p < PHASES.size(); p++) {
            long insns = iterations[p] * PHASES.get(p).insnsPerIteration();
            double jm = insns / median(jemu[p]) / 1e6;
            if (haveQemu) {
                double qm = insns / median(qemu[p]) / 1e6;
                System.out.printf("%-28s %14d %12.1f %12.1f %7.3fx%n", PHASES.get(p).name(), insns, jm, qm, jm / qm);
            } else {
                System.out.printf("%-28s %14d %12.1f %12s %8s%n", PHASES.get(p).name(), insns, jm, "n/a", "n/a");
            }
        }
        if (!haveQemu) System.out.println("qemu-system-x86_64 is not installed (apt-get install qemu-system-x86) for the comparison.");
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Seconds per phase on jemu's CPU (in-process, the test ROM machine). */
    static double[] runJemu(byte[] image) {
        long[] at = new long[5];
        try (RomMachineAccess m = RomMachineAccess.create(image, b -> {
            if (b >= 'A' && b <= 'E') at[b - 'A'] = System.nanoTime();
        })) {
            X86Core cpu = new X86Core(m.harness().memory(), m.harness().io());
            while (m.exitStatus() < 0) {
                if (cpu.run(10_000_000) != X86Core.Exit.BUDGET) break;
            }
            if (m.exitStatus() != 33) throw new IllegalStateException("jemu: the bench guest did not finish: " + m.output());
        }
        return phases(at);
    }

    /** Phase durations from the marker times A..E. */
    static double[] phases(long[] at) {
        return new double[] {(at[1] - at[0]) / 1e9, (at[3] - at[2]) / 1e9, (at[4] - at[3]) / 1e9};
    }

    /** Seconds per phase under QEMU, timing its debug console on stdout. */
    static double[] runQemu(byte[] image) throws IOException, InterruptedException {
        Path bin = Files.createTempFile("jemu-bench", ".bin");
        Files.write(bin, image);
        Process p = new ProcessBuilder("qemu-system-x86_64", "-M", "pc", "-accel", "tcg", "-bios", bin.toString(),
                "-display", "none", "-nodefaults", "-no-reboot", "-chardev", "stdio,id=dbg",
                "-device", "isa-debugcon,iobase=0xe9,chardev=dbg", "-device", "isa-debug-exit,iobase=0xf4,iosize=4")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long[] at = new long[5];
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                long now = System.nanoTime();
                if (line.length() == 1 && line.charAt(0) >= 'A' && line.charAt(0) <= 'E') at[line.charAt(0) - 'A'] = now;
            }
        }
        p.waitFor(5, TimeUnit.MINUTES);
        Files.deleteIfExists(bin);
        return phases(at);
    }

    static byte[] assemble(long[] iterations) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jemu-loops", ".bin");
        Process p = new ProcessBuilder("nasm", "-f", "bin", "-o", out.toString(), "src/test/bench/loops.asm")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("nasm failed: " + log);
        byte[] image = Files.readAllBytes(out);
        Files.delete(out);
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < PHASES.size(); i++) b.putInt(PHASES.get(i).countOffset(), (int) iterations[i]);
        return image;
    }

    static boolean onPath(String cmd) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, cmd))) return true;
        }
        return false;
    }

    private CpuBench() {
    }
}
