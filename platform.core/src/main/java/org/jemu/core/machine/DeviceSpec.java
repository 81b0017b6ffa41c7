package org.jemu.core.machine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One device of a board definition, named by type so the board needs no compile-time dependency on the bundle that
 * provides it.
 *
 * @param name       its name under /machine (also how wiring and hooks refer to it)
 * @param type       the device type name
 * @param bus        the name of the bus it plugs into ("main-system-bus", "pci.0", "isa.0"), or null for bus-less devices
 * @param properties property values as text, as -device would give them (addresses included: "addr", "iobase")
 * @param onlyIf     a machine property that must be on for the device to exist, or null: a boolean that must be true
 *                   (e.g. "hpet"), or an on/off/auto enumeration that must not be "off" (e.g. "acpi", "pit")
 */
public record DeviceSpec(String name, String type, String bus, Map<String, String> properties, String onlyIf) {

    public DeviceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static DeviceSpec of(String name, String type) {
        return new DeviceSpec(name, type, null, Map.of(), null);
    }

    public DeviceSpec on(String busName) {
        return new DeviceSpec(name, type, busName, properties, onlyIf);
    }

    public DeviceSpec with(String property, Object value) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(property, String.valueOf(value));
        return new DeviceSpec(name, type, bus, p, onlyIf);
    }

    public DeviceSpec onlyIf(String machineProperty) {
        return new DeviceSpec(name, type, bus, properties, machineProperty);
    }
}
