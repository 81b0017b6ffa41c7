package org.jemu.core.internal.cli;

import java.util.List;

import org.jemu.core.opts.Opts;
import org.jemu.core.opts.OptsException;
import org.jemu.core.opts.OptsSchema;

/** The -chardev option: known backends and the union of their parameters. */
final class Chardevs {
    static final List<String> BACKENDS = List.of("null", "socket", "udp", "msmouse", "wctablet", "vc", "ringbuf",
            "memory", "file", "pipe", "pty", "stdio", "serial", "tty", "parallel", "parport", "braille", "testdev",
            "spicevmc", "spiceport", "qemu-vdagent", "dbus", "mux", "hub");

    static final OptsSchema SCHEMA = OptsSchema.of("chardev", "backend")
            .string("id", "the chardev's id")
            .string("path", "file, pipe, device or unix socket path")
            .string("host", "host to connect to or listen on")
            .string("port", "TCP/UDP port (number or service name)")
            .string("localaddr", "local UDP address")
            .string("localport", "local UDP port")
            .bool("server", "listen instead of connecting")
            .bool("wait", "with server: wait for a client before starting")
            .bool("nodelay", "disable Nagle's algorithm")
            .bool("telnet", "use the telnet protocol")
            .bool("tn3270", "use the TN3270 protocol")
            .bool("websocket", "use the websocket protocol")
            .number("reconnect", "seconds to wait before reconnecting")
            .number("reconnect-ms", "ms to wait before reconnecting")
            .number("to", "try ports up to this one")
            .bool("ipv4", "IPv4 only")
            .bool("ipv6", "IPv6 only")
            .bool("abstract", "abstract unix socket namespace")
            .bool("tight", "tight abstract socket address")
            .string("fd", "file descriptor")
            .string("tls-creds", "TLS credentials object id")
            .string("tls-authz", "TLS authorization object id")
            .bool("mux", "multiplex several front ends (e.g. serial and monitor)")
            .bool("signal", "stdio: let Ctrl-C kill the emulator")
            .string("logfile", "also log output to this file")
            .bool("logappend", "append to the log file")
            .bool("append", "file: append instead of truncating")
            .string("input-path", "file: read input from this file")
            .size("size", "ringbuf size")
            .string("name", "spice channel name")
            .string("chardevs.0", "hub: first chardev")
            .number("width", "vc width")
            .number("height", "vc height")
            .number("cols", "vc columns")
            .number("rows", "vc rows");

    private Chardevs() {
    }

    /** Checks the backend and the keys; a missing id is the caller's concern. */
    static Opts validate(Opts opts) {
        String backend = opts.implied().orElseThrow(() -> OptsException.of("-chardev", "backend", "missing"));
        if (!BACKENDS.contains(backend)) {
            throw OptsException.general("-chardev", "'" + backend + "' is not a valid char driver name");
        }
        return SCHEMA.validate(opts);
    }
}
