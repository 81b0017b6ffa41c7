package org.jemu.core.chardev.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jemu.core.chardev.Chardev;
import org.jemu.core.chardev.ChardevException;
import org.jemu.core.chardev.ChardevRegistry;
import org.jemu.core.event.MainLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The chardevs of one emulator instance, by id. */
public final class ChardevRegistryImpl implements ChardevRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ChardevRegistryImpl.class);
    private static final Set<String> BACKENDS = Set.of("null", "file", "stdio", "socket");

    private final MainLoop loop;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final boolean useTerminal;
    private final Map<String, Chardev> chardevs = new LinkedHashMap<>();

    /**
     * @param loop        delivers input to frontends
     * @param stdin       read by the stdio backend
     * @param stdout      written by the stdio backend
     * @param useTerminal whether stdio may switch the controlling terminal to raw mode
     */
    public ChardevRegistryImpl(MainLoop loop, InputStream stdin, OutputStream stdout, boolean useTerminal) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.useTerminal = useTerminal;
    }

    @Override
    public synchronized Chardev create(String id, String backend, Map<String, String> options) {
        if (id == null || id.isBlank()) {
            throw new ChardevException(String.valueOf(id), "id", "a chardev needs a non-empty id");
        }
        if (chardevs.containsKey(id)) {
            throw new ChardevException(id, "id", "duplicate chardev id");
        }
        ChardevOptions opts = new ChardevOptions(id, backend, options);
        if (opts.bool("mux", false)) {
            throw opts.error("mux", "mux=on is not supported");
        }
        Chardev chardev = switch (backend) {
            case "null" -> {
                opts.requireAllUsed();
                yield new NullChardev(id, loop);
            }
            case "file" -> FileChardev.open(opts, loop);
            case "stdio" -> {
                if (chardevs.values().stream().anyMatch(c -> c.backend().equals("stdio"))) {
                    throw new ChardevException(id, "backend", "stdio is already in use by another chardev");
                }
                yield StdioChardev.open(opts, loop, stdin, stdout, useTerminal);
            }
            case "socket" -> SocketServerChardev.open(opts, loop);
            case null -> throw new ChardevException(id, "backend", "no backend given");
            default -> throw new ChardevException(id, "backend",
                    "unsupported backend '" + backend + "' (supported: " + String.join(", ", backends()) + ")");
        };
        chardevs.put(id, chardev);
        return chardev;
    }

    @Override
    public synchronized Optional<Chardev> find(String id) {
        return Optional.ofNullable(chardevs.get(id));
    }

    @Override
    public synchronized Collection<Chardev> all() {
        return List.copyOf(chardevs.values());
    }

    @Override
    public Set<String> backends() {
        return backendNames();
    }

    /** The backend names this implementation opens, sorted. */
    public static Set<String> backendNames() {
        return new java.util.TreeSet<>(BACKENDS);
    }

    @Override
    public synchronized boolean remove(String id) {
        Chardev c = chardevs.remove(id);
        if (c != null) {
            closeQuietly(c);
        }
        return c != null;
    }

    @Override
    public synchronized void close() {
        List<Chardev> toClose = new ArrayList<>(chardevs.values());
        chardevs.clear();
        toClose.forEach(ChardevRegistryImpl::closeQuietly);
    }

    private static void closeQuietly(Chardev c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing {} failed", c, e);
        }
    }
}
