package org.jemu.core.chardev.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

import org.jemu.core.event.MainLoop;
import org.jemu.core.event.ShutdownCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's standard streams ({@code -chardev stdio,signal=on|off}). Input is read by a daemon thread
 * (a blocking stdin read cannot be interrupted, so it must not keep the JVM alive).
 */
final class StdioChardev extends AbstractChardev {

    private static final Logger LOG = LoggerFactory.getLogger(StdioChardev.class);
    private static final byte CTRL_C = 3;

    private final InputStream in;
    private final OutputStream out;
    private final boolean signal;
    private final Optional<TerminalMode> terminal;

    static StdioChardev open(ChardevOptions options, MainLoop loop, InputStream in, OutputStream out,
                             boolean useTerminal) {
        boolean signal = options.bool("signal", true);
        options.requireAllUsed();
        Optional<TerminalMode> terminal = useTerminal ? TerminalMode.enterRaw(signal) : Optional.empty();
        StdioChardev chardev = new StdioChardev(options.id(), loop, in, out, signal, terminal);
        Thread.ofPlatform().daemon(true).name("chardev-" + options.id() + "-stdin").start(chardev::readLoop);
        return chardev;
    }

    private StdioChardev(String id, MainLoop loop, InputStream in, OutputStream out, boolean signal,
                         Optional<TerminalMode> terminal) {
        super(id, "stdio", loop);
        this.in = in;
        this.out = out;
        this.signal = signal;
        this.terminal = terminal;
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        try {
            int n;
            while (!closed && (n = in.read(buf)) >= 0) {
                // With signals allowed the tty turns Ctrl-C into SIGINT; this covers terminals that pass it through.
                if (signal && terminal.isPresent() && indexOf(buf, n, CTRL_C) >= 0) {
                    loop.requestShutdown(ShutdownCause.HOST_SIGNAL);
                    return;
                }
                if (!pushInput(buf, 0, n)) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("Chardev '{}': reading stdin failed: {}", id, e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int indexOf(byte[] buf, int len, byte b) {
        for (int i = 0; i < len; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized int write(byte[] buf, int off, int len) {
        try {
            out.write(buf, off, len);
            out.flush();
            return len;
        } catch (IOException e) {
            LOG.debug("Chardev '{}': stdout write failed: {}", id, e.getMessage());
            return 0;
        }
    }

    @Override
    protected void closeBackend() {
        terminal.ifPresent(TerminalMode::restore);
    }
}
