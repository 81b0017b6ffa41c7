package org.jemu.core.machine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jemu.core.qdev.Device;
import org.osgi.annotation.versioning.ConsumerType;

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
 * @param configurer board code run on the device after its text properties are set and before it is plugged and
 *                   realized, or null (see {@link Configurer})
 */
public record DeviceSpec(String name, String type, String bus, Map<String, String> properties, String onlyIf,
                         Configurer configurer) {

    /**
     * Chipset code that configures one device from what only the machine knows, between creation and realize: the
     * part of QEMU's board code that sets properties computed at run time (the RAM split) or hands the device handles
     * (the RAM region) before {@code realize}. Boards use it for their own chipset devices, whose classes they know.
     */
    @ConsumerType
    @FunctionalInterface
    public interface Configurer {
        void configure(BoardContext context, Device device);
    }

    public DeviceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A device without a configurer. */
    public DeviceSpec(String name, String type, String bus, Map<String, String> properties, String onlyIf) {
        this(name, type, bus, properties, onlyIf, null);
    }

    public static DeviceSpec of(String name, String type) {
        return new DeviceSpec(name, type, null, Map.of(), null, null);
    }

    public DeviceSpec on(String busName) {
        return new DeviceSpec(name, type, busName, properties, onlyIf, configurer);
    }

    public DeviceSpec with(String property, Object value) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(property, String.valueOf(value));
        return new DeviceSpec(name, type, bus, p, onlyIf, configurer);
    }

    public DeviceSpec onlyIf(String machineProperty) {
        return new DeviceSpec(name, type, bus, properties, machineProperty, configurer);
    }

    /** The same device, configured by {@code code} before it is realized. */
    public DeviceSpec configuredBy(Configurer code) {
        return new DeviceSpec(name, type, bus, properties, onlyIf, code);
    }
}
