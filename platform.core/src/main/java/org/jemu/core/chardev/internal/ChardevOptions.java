package org.jemu.core.chardev.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jemu.core.chardev.ChardevException;

/** A chardev's option map; reading an option consumes it so leftovers can be reported as unknown. */
final class ChardevOptions {

    private final String id;
    private final String backend;
    private final Map<String, String> remaining;

    ChardevOptions(String id, String backend, Map<String, String> options) {
        this.id = id;
        this.backend = backend;
        this.remaining = new LinkedHashMap<>(options);
    }

    String id() {
        return id;
    }

    String string(String name, String defaultValue) {
        String v = remaining.remove(name);
        return v == null ? defaultValue : v;
    }

    String required(String name) {
        String v = remaining.remove(name);
        if (v == null || v.isEmpty()) {
            throw error(name, "required by backend '" + backend + "'");
        }
        return v;
    }

    boolean bool(String name, boolean defaultValue) {
        String v = remaining.remove(name);
        if (v == null) {
            return defaultValue;
        }
        return switch (v) {
            case "on", "yes", "true", "" -> true;
            case "off", "no", "false" -> false;
            default -> throw error(name, "'" + v + "' is not on/off");
        };
    }

    int port(String name) {
        String v = required(name);
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw error(name, "port " + p + " is out of range 0..65535");
            }
            return p;
        } catch (NumberFormatException e) {
            throw error(name, "'" + v + "' is not a port number");
        }
    }

    ChardevException error(String option, String reason) {
        return new ChardevException(id, option, reason);
    }

    /** Rejects what no backend code asked for. */
    void requireAllUsed() {
        if (!remaining.isEmpty()) {
            String name = remaining.keySet().iterator().next();
            throw error(name, "not supported by backend '" + backend + "'");
        }
    }
}
