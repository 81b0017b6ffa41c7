package org.jemu.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code bin/jemu}: the qemu-system-x86_64-compatible entry point. */
public final class Main {

    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private Main() {
    }

    public static void main(String[] argv) {
        List<String> args = List.of(argv);
        applyLogLevel(args);
        Path home = home();
        Launcher launcher;
        try {
            launcher = Launcher.start(home, args);
        } catch (Exception e) {
            System.err.println("jemu: cannot start the platform: " + e.getMessage());
            System.exit(1);
            return;
        }
        // SIGINT/SIGTERM: stopping the framework makes the runtime shut the VM down in order.
        Thread hook = new Thread(launcher::close, "jemu-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = launcher.exitCode().join();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // a signal started the shutdown; the hook stops the framework
        }
        launcher.close();
        System.out.flush();
        System.exit(status);
    }

    /**
     * The log level must be known before the first logger exists, so it is read here, ahead of the framework:
     * {@code -log-level LEVEL} on the command line, else {@code JEMU_LOG_LEVEL}, else etc/jemu.properties.
     * The runtime parses the option again and reports a bad value.
     */
    static void applyLogLevel(List<String> args) {
        String level = System.getenv("JEMU_LOG_LEVEL");
        for (int i = 0; i < args.size() - 1; i++) {
            String a = args.get(i);
            if (a.equals("-log-level") || a.equals("--log-level")) level = args.get(i + 1);
        }
        if (level != null && LEVELS.contains(level)) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
    }

    static Path home() {
        String prop = System.getProperty("jemu.home");
        if (prop != null) return Path.of(prop).toAbsolutePath();
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = jar.getParent().getParent();
            if (Files.isDirectory(candidate.resolve("bundles"))) return candidate;
        } catch (Exception ignored) {
            // fall through
        }
        return Path.of("").toAbsolutePath();
    }
}
