package org.jemu.cpu.x86.internal.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A C test helper compiled with gcc into a temporary directory and run in batches: the input lines go to its
 * standard input through a file, one output line per input line comes back.
 */
final class NativeProgram {
    private final Path dir;
    private final Path exe;

    private NativeProgram(Path dir, Path exe) {
        this.dir = dir;
        this.exe = exe;
    }

    /** Writes {@code source} and compiles it with {@code gcc} and {@code flags}. */
    static NativeProgram compile(String name, String source, String... flags) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jemu-" + name);
        Path src = dir.resolve(name + ".c");
        Path exe = dir.resolve(name);
        Files.writeString(src, source, StandardCharsets.US_ASCII);
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-o", exe.toString(), src.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("gcc failed:\n" + log);
        return new NativeProgram(dir, exe);
    }

    /** Runs the program on {@code input} ({@code lines} lines) and returns its output lines, one per input line. */
    List<String> run(CharSequence input, int lines, int timeoutSeconds) throws IOException, InterruptedException {
        Path in = dir.resolve("cases.txt");
        Path out = dir.resolve("results.txt");
        Files.writeString(in, input, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(exe.toString()).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("native helper timed out");
        }
        List<String> result = Files.readAllLines(out, StandardCharsets.US_ASCII);
        if (p.exitValue() != 0 || result.size() != lines) {
            throw new IOException("native helper exited " + p.exitValue() + " after " + result.size() + " of " + lines
                    + " cases");
        }
        return result;
    }

    /** Deletes the temporary directory (best effort). */
    void delete() {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort
        }
    }
}
