package org.jemu.core.qdev;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hooks a bus (or its owner) provides for devices plugged into it after start-up and for taking them out (QEMU's
 * HotplugHandler, QOM interface {@value #TYPE}). A bus without a handler is not hotpluggable.
 */
@ConsumerType
public interface HotplugHandler {

    String TYPE = "hotplug-handler";

    /** Before the device is realized: may refuse it (slot taken, unsupported device). */
    default void preplug(Device device) {
    }

    /** After the device is realized: make it visible to the guest (e.g. signal an ACPI or PCIe hotplug event). */
    default void plug(Device device) {
    }

    /** Asks the guest to release the device; the removal completes later through {@link #unplug}. */
    default void unplugRequest(Device device) {
        unplug(device);
    }

    /** Removes the device now: the default unrealizes it and takes it off its bus and out of the tree. */
    default void unplug(Device device) {
        device.setRealized(false);
        device.unparent();
    }
}
