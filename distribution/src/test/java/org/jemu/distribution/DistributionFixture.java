package org.jemu.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A private copy of the built distribution tree, and bundles made on the fly for bad-input tests. */
final class DistributionFixture implements AutoCloseable {

    final Path home;

    /** Where distribution/bin/guest-kit puts Debian's firmware, kernel and the initramfs; jemu finds firmware there. */
    static final Path GUEST_KIT = Path.of("../guest").toAbsolutePath().normalize();

    /** A file of the guest kit, or a failure that says how to make it. */
    static Path guestFile(String name) {
        Path p = GUEST_KIT.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: run distribution/bin/guest-kit (distribution/bin/test does)");
        }
        return p;
    }

    DistributionFixture() throws IOException {
        Path built = Path.of(System.getProperty("jemu.dist", "target/jemu"));
        if (!Files.isDirectory(built.resolve("bundles"))) {
            throw new IllegalStateException("no distribution at " + built.toAbsolutePath() + " (run mvn package first)");
        }
        home = Files.createTempDirectory("jemu-it-");
        copyTree(built, home);
    }

    /** The example plugin jar built by the reactor (not part of the distribution). */
    static Path examplePlugin() {
        String p = System.getProperty("jemu.test.plugin");
        if (p == null || !Files.isRegularFile(Path.of(p))) throw new IllegalStateException("jemu.test.plugin not set or missing: " + p);
        return Path.of(p);
    }

    Path plugins() {
        return home.resolve("plugins");
    }

    Path platformCoreJar() throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("bundles"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("platform.core-")).findFirst().orElseThrow();
        }
    }

    /**
     * Compiles Java sources against the platform API and the OSGi framework, and packs them as a bundle.
     *
     * @param sources class name → source text
     */
    Path buildBundle(String symbolicName, Map<String, String> sources, Map<String, String> headers) throws IOException {
        Path work = Files.createTempDirectory(home, "bundle-src-");
        List<String> files = new ArrayList<>();
        for (var e : sources.entrySet()) {
            Path f = work.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f.toString());
        }
        Path classes = Files.createDirectories(work.resolve("classes"));
        String cp = platformCoreJar() + java.io.File.pathSeparator + home.resolve("lib/org.apache.felix.framework.jar");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-cp", cp, "--release", "25", "-proc:none"));
        options.addAll(files);
        int rc = javac.run(null, null, null, options.toArray(String[]::new));
        if (rc != 0) throw new IllegalStateException("test bundle " + symbolicName + " did not compile");
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", "1.0.0");
        headers.forEach(a::putValue);
        Path jar = work.resolve(symbolicName + ".jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf);
             Stream<Path> s = Files.walk(classes)) {
            for (Path c : s.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** What a run of bin/jemu did. */
    record Result(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** bin/jemu of this copy with {@code args}, stdin from /dev/null, firmware from the guest kit; not started. */
    ProcessBuilder process(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/jemu").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JEMU_DATA_PATH", GUEST_KIT.toString());
        return pb;
    }

    /** Runs bin/jemu of this copy with {@code args}, stdin from /dev/null; fails after {@code timeout}. */
    Result jemu(java.time.Duration timeout, String... args) throws IOException, InterruptedException {
        Process p = process(args).start();
        java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jemu " + String.join(" ", args) + " did not finish in " + timeout);
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    /** Copies a jar into plugins/ atomically, so FileInstall never sees half a file. */
    Path drop(Path jar, String name) throws IOException {
        Path tmp = home.resolve(name + ".part");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(tmp, plugins().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> s = Files.walk(home)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
