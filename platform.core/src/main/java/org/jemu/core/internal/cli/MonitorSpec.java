package org.jemu.core.internal.cli;

/**
 * A monitor from {@code -monitor} (human, readline) or {@code -qmp} (machine, control).
 *
 * @param target where the monitor talks; never {@link CharSpec.None}
 */
public record MonitorSpec(CharSpec target, Mode mode) {

    /** The monitor protocol. */
    public enum Mode { READLINE, CONTROL }
}
