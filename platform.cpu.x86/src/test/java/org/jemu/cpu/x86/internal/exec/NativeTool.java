package org.jemu.cpu.x86.internal.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A C helper written and compiled with gcc at test time in a temporary directory, run over a file of input lines
 * (one output line per input line).
 */
final class NativeTool {

    private final Path dir;
    private final Path exe;

    private NativeTool(Path dir, Path exe) {
        this.dir = dir;
        this.exe = exe;
    }

    static NativeTool compile(String source, String name, String... gccOptions) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jemu-" + name);
        Path src = dir.resolve(name + ".c");
        Path exe = dir.resolve(name);
        Files.writeString(src, source, StandardCharsets.US_ASCII);
        List<String> cmd = new java.util.ArrayList<>(List.of("gcc"));
        cmd.addAll(List.of(gccOptions));
        cmd.addAll(List.of("-o", exe.toString(), src.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("gcc failed:\n" + log);
        return new NativeTool(dir, exe);
    }

    /** Runs the helper on {@code input}; its output must have {@code expectedLines} lines. */
    List<String> run(CharSequence input, int expectedLines) throws IOException, InterruptedException {
        Path in = dir.resolve("cases.txt");
        Path out = dir.resolve("results.txt");
        Files.writeString(in, input, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(exe.toString()).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("native helper timed out");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.US_ASCII);
        if (p.exitValue() != 0 || lines.size() != expectedLines) {
            throw new IOException("native helper exited " + p.exitValue() + " after " + lines.size() + " of "
                    + expectedLines + " cases");
        }
        return lines;
    }

    /** Deletes the temporary directory. */
    void delete() {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort
        }
    }
}
