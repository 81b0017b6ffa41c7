package org.jemu.core.qdev;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives level changes on a device's GPIO inputs: {@code index} within the named input array. */
@ConsumerType
@FunctionalInterface
public interface GpioHandler {
    void set(int index, boolean level);
}
