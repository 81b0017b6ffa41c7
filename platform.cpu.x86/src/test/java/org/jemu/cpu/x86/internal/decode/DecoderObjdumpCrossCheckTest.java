package org.jemu.cpu.x86.internal.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Instruction lengths agree with GNU objdump (Intel64 semantics) on a few thousand seeded pseudo-random valid integer
 * instructions per mode. Skipped when objdump is not installed.
 */
class DecoderObjdumpCrossCheckTest {
    private static final int COUNT = 5000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}-bit mode")
    @ValueSource(ints = {64, 32, 16})
    void lengthsAgreeWithObjdump(int mode) throws Exception {
        assumeTrue(objdumpAvailable(), "objdump not installed");
        Random rnd = new Random(0x5EED0000L + mode);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Integer> starts = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        DecodedInsn d = new DecodedInsn();
        byte[] cand = new byte[15 + 16];
        while (starts.size() < COUNT) {
            int n = generate(rnd, mode, cand);
            Decoder.decode(ByteSource.of(cand, 0), 0, mode, d);
            if (!acceptable(d) || d.length > n) continue;
            starts.add(stream.size());
            texts.add(HexFormat.ofDelimiter(" ").formatHex(cand, 0, d.length) + " = " + d);
            stream.write(cand, 0, d.length);
        }
        Path bin = dir.resolve("stream.bin");
        Files.write(bin, stream.toByteArray());
        List<Integer> theirs = objdumpStarts(bin, mode);
        for (int i = 0; i < starts.size(); i++) {
            if (i >= theirs.size() || !theirs.get(i).equals(starts.get(i))) {
                fail("instruction " + i + " at 0x" + Integer.toHexString(starts.get(i)) + " objdump starts at 0x"
                        + (i < theirs.size() ? Integer.toHexString(theirs.get(i)) : "?") + "; previous: "
                        + (i > 0 ? texts.get(i - 1) : "-") + "; this: " + texts.get(i));
            }
        }
        assertEquals(starts.size(), theirs.size());
    }

    private static boolean acceptable(DecodedInsn d) {
        // 0F 1A/1B: objdump decodes MPX (BNDLDX...) with its own addressing rules; without MPX they are hint NOPs
        if (d.map == 1 && (d.opcode == 0x1A || d.opcode == 0x1B)) return false;
        // F2 0F B8-BD: hardware ignores F2 (BSF/BSR), objdump calls it bad
        if (d.map == 1 && d.opcode >= 0xB8 && d.opcode <= 0xBD && (d.prefixes & DecodedInsn.P_REPNE) != 0) return false;
        // LFENCE/MFENCE/SFENCE ignore ModRM.rm on hardware; objdump knows only rm=0
        if ((d.op == Op.LFENCE || d.op == Op.MFENCE || d.op == Op.SFENCE) && (d.modrm & 7) != 0) return false;
        if (d.op == Op.X87) return true; // decoded for its length only, but that length must be right
        // SSE rows: objdump sizes the undefined prefix/ModRM combinations (F2 0F 67, PEXTRW from memory) its own way;
        // they raise #UD whatever their length
        if (d.op == Op.SSE) return false;
        return d.op.implemented() && d.op != Op.UD && d.op != Op.TOO_LONG && d.op != Op.FWAIT;
    }

    /** Random prefixes, then a random opcode and filler bytes; returns the number of meaningful bytes. */
    private static int generate(Random rnd, int mode, byte[] out) {
        int n = 0;
        if (rnd.nextInt(5) == 0) out[n++] = 0x66;
        if (rnd.nextInt(7) == 0) out[n++] = 0x67;
        if (rnd.nextInt(8) == 0) out[n++] = (byte) new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65}[rnd.nextInt(6)];
        if (rnd.nextInt(10) == 0) out[n++] = (byte) (rnd.nextBoolean() ? 0xF3 : 0xF2);
        if (rnd.nextInt(15) == 0) out[n++] = (byte) 0xF0;
        if (mode == 64 && rnd.nextInt(3) == 0) out[n++] = (byte) (0x40 | rnd.nextInt(16));
        int op;
        do {
            op = rnd.nextInt(100) < 35 ? 0x0F : rnd.nextInt(256); // a third from the 0F map
        } while (isPrefix(op, mode));
        out[n++] = (byte) op;
        if (op == 0x0F) out[n++] = (byte) rnd.nextInt(256);
        int filler = out.length - n;
        for (int i = 0; i < filler; i++) out[n + i] = (byte) rnd.nextInt(256);
        return out.length;
    }

    private static boolean isPrefix(int b, int mode) {
        return switch (b) {
            case 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3 -> true;
            default -> mode == 64 && (b & 0xF0) == 0x40;
        };
    }

    private static boolean objdumpAvailable() {
        try {
            Process p = new ProcessBuilder("objdump", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<Integer> objdumpStarts(Path bin, int mode) throws Exception {
        String machine = switch (mode) { case 64 -> "i386:x86-64"; case 32 -> "i386"; default -> "i8086"; };
        Process p = new ProcessBuilder("objdump", "-D", "-b", "binary", "-m", machine, "-M", "intel,intel64",
                bin.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "objdump failed: " + out);
        List<Integer> starts = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f.length < 3 || !f[0].trim().endsWith(":")) continue;
            String addr = f[0].trim();
            starts.add(Integer.parseInt(addr.substring(0, addr.length() - 1), 16));
        }
        return starts;
    }
}
