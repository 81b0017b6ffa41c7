package org.jemu.core.chardev.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw mode for the controlling terminal through {@code stty}, used only when stdin and stdout are a terminal.
 * The saved settings are restored on {@link #restore()} or, failing that, by a JVM shutdown hook.
 */
final class TerminalMode {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalMode.class);
    private static final File TTY = new File("/dev/tty");

    private final String saved;
    private final Thread hook;
    private boolean restored;

    private TerminalMode(String saved) {
        this.saved = saved;
        this.hook = new Thread(this::restore, "terminal-restore");
    }

    /**
     * @param allowSignals keep ISIG so Ctrl-C still sends SIGINT (QEMU's signal=on)
     * @return the mode to restore, or empty when there is no terminal or stty is unusable
     */
    static Optional<TerminalMode> enterRaw(boolean allowSignals) {
        var console = System.console();
        if (console == null || !console.isTerminal() || !TTY.canRead()) {
            return Optional.empty();
        }
        try {
            String saved = stty("-g").strip();
            // Like QEMU: raw input without echo, but keep output processing so "\n" still returns the carriage.
            stty("raw", "-echo", "opost", allowSignals ? "isig" : "-isig");
            TerminalMode mode = new TerminalMode(saved);
            Runtime.getRuntime().addShutdownHook(mode.hook);
            return Optional.of(mode);
        } catch (IOException e) {
            LOG.debug("Terminal left in cooked mode: {}", e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        try {
            stty(saved);
        } catch (IOException e) {
            LOG.warn("Could not restore terminal settings: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook may run and find nothing to do.
            }
        }
    }

    private static String stty(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("stty");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("stty timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException("stty " + String.join(" ", args) + " exited with " + p.exitValue());
        }
        return out;
    }
}
