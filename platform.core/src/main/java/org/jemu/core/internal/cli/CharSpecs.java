package org.jemu.core.internal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jemu.core.opts.Opts;

/** Converts legacy character device specs to -chardev options, following QEMU's qemu_chr_parse_compat. */
final class CharSpecs {
    private static final Set<String> SIMPLE = Set.of("null", "stdio", "pty", "vc", "msmouse", "braille", "testdev");

    private CharSpecs() {
    }

    /**
     * @param option the option being parsed (for messages), e.g. {@code serial}
     * @param id the chardev id QEMU would give it, e.g. {@code serial0}
     */
    static CharSpec parse(String option, String spec, String id) throws CliException {
        if (spec.equals("none")) {
            return new CharSpec.None(spec);
        }
        if (spec.startsWith("chardev:")) {
            String ref = spec.substring("chardev:".length());
            if (ref.isEmpty()) {
                throw CliException.of(option, "'chardev:' needs a chardev id");
            }
            return new CharSpec.Ref(spec, ref);
        }
        boolean monitor = spec.startsWith("mon:");
        String rest = monitor ? spec.substring(4) : spec;
        Opts opts = backend(option, rest, spec);
        opts = opts.with("id", id);
        if (monitor) {
            opts = opts.with("mux", "on");
        }
        return new CharSpec.Backend(spec, Chardevs.validate(opts), monitor);
    }

    private static Opts backend(String option, String rest, String spec) throws CliException {
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        String arg = colon < 0 ? "" : rest.substring(colon + 1);
        if (SIMPLE.contains(name)) {
            // vc:WxH sizes a virtual console; the size is kept for a runtime that has one.
            return colon < 0 || name.equals("vc") ? chardev(name, List.of()) : invalid(option, spec);
        }
        if (rest.startsWith("/dev/")) {
            return chardev("serial", List.of(new Opts.Entry("path", rest)));
        }
        return switch (name) {
            case "file", "pipe" -> arg.isEmpty() ? invalid(option, spec)
                    : chardev(name, List.of(new Opts.Entry("path", arg)));
            case "tcp", "telnet" -> socket(option, spec, arg, name.equals("telnet"));
            case "unix" -> unix(option, spec, arg);
            case "udp" -> udp(option, spec, arg);
            default -> invalid(option, spec);
        };
    }

    private static Opts socket(String option, String spec, String arg, boolean telnet) throws CliException {
        int comma = arg.indexOf(',');
        String address = comma < 0 ? arg : arg.substring(0, comma);
        int colon = address.lastIndexOf(':');
        if (colon < 0 || colon == address.length() - 1) {
            throw CliException.of(option, "'" + spec + "': expected HOST:PORT after '" + (telnet ? "telnet" : "tcp")
                    + ":'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        List<Opts.Entry> entries = new ArrayList<>();
        entries.add(new Opts.Entry("host", host));
        entries.add(new Opts.Entry("port", address.substring(colon + 1)));
        if (telnet) {
            entries.add(new Opts.Entry("telnet", "on"));
        }
        return withTail(chardev("socket", entries), comma < 0 ? "" : arg.substring(comma + 1));
    }

    private static Opts unix(String option, String spec, String arg) throws CliException {
        int comma = arg.indexOf(',');
        String path = comma < 0 ? arg : arg.substring(0, comma);
        if (path.isEmpty()) {
            throw CliException.of(option, "'" + spec + "': expected a socket path after 'unix:'");
        }
        return withTail(chardev("socket", List.of(new Opts.Entry("path", path))),
                comma < 0 ? "" : arg.substring(comma + 1));
    }

    /** {@code udp:[HOST]:PORT[@[LOCALADDR]:LOCALPORT]}. */
    private static Opts udp(String option, String spec, String arg) throws CliException {
        String remote = arg;
        String local = null;
        int at = arg.indexOf('@');
        if (at >= 0) {
            remote = arg.substring(0, at);
            local = arg.substring(at + 1);
        }
        int colon = remote.lastIndexOf(':');
        if (colon < 0) {
            throw CliException.of(option, "'" + spec + "': expected [HOST]:PORT after 'udp:'");
        }
        List<Opts.Entry> entries = new ArrayList<>();
        entries.add(new Opts.Entry("host", colon == 0 ? "localhost" : remote.substring(0, colon)));
        entries.add(new Opts.Entry("port", remote.substring(colon + 1)));
        if (local != null) {
            int lc = local.lastIndexOf(':');
            if (lc < 0) {
                throw CliException.of(option, "'" + spec + "': expected [LOCALADDR]:LOCALPORT after '@'");
            }
            if (lc > 0) {
                entries.add(new Opts.Entry("localaddr", local.substring(0, lc)));
            }
            entries.add(new Opts.Entry("localport", local.substring(lc + 1)));
        }
        return chardev("udp", entries);
    }

    private static Opts withTail(Opts opts, String tail) {
        return tail.isEmpty() ? opts : opts.merge(Opts.parse("chardev", tail));
    }

    private static Opts chardev(String backend, List<Opts.Entry> entries) {
        List<Opts.Entry> all = new ArrayList<>();
        all.add(new Opts.Entry("backend", backend));
        all.addAll(entries);
        return Opts.of("chardev", "backend", all);
    }

    private static Opts invalid(String option, String spec) throws CliException {
        throw CliException.of(option, "'" + spec + "' is not a valid char driver");
    }
}
