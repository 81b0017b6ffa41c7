package org.jemu.core.event;

import java.time.Duration;
import java.util.Objects;

/**
 * How to create a {@link MainLoop}.
 *
 * @param virtualTimeSource what drives the virtual clock while the VM runs; a {@link ManualTimeSource} makes
 *                          virtual time move only when advanced (qtest, tests)
 * @param noReboot          QEMU's -no-reboot: a guest reset request shuts down instead
 * @param vcpuStopTimeout   how long {@link MainLoop#close()} waits for vCPU threads to end
 */
public record MainLoopConfig(TimeSource virtualTimeSource, boolean noReboot, Duration vcpuStopTimeout) {

    /** Validates the components. */
    public MainLoopConfig {
        Objects.requireNonNull(virtualTimeSource, "virtualTimeSource");
        Objects.requireNonNull(vcpuStopTimeout, "vcpuStopTimeout");
    }

    /** @return host time, reboots allowed, 5 s to stop vCPUs */
    public static MainLoopConfig defaults() {
        return new MainLoopConfig(TimeSource.system(), false, Duration.ofSeconds(5));
    }

    /**
     * @param source the new virtual time source
     * @return a copy using it
     */
    public MainLoopConfig withVirtualTimeSource(TimeSource source) {
        return new MainLoopConfig(source, noReboot, vcpuStopTimeout);
    }

    /**
     * @param value the new -no-reboot setting
     * @return a copy using it
     */
    public MainLoopConfig withNoReboot(boolean value) {
        return new MainLoopConfig(virtualTimeSource, value, vcpuStopTimeout);
    }
}
