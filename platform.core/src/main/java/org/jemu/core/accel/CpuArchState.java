package org.jemu.core.accel;

/**
 * A CPU's complete architectural state as a plain value (registers, control state, pending events), so that one
 * accelerator can export it and another import it while the guest runs. Each CPU architecture defines its record
 * (x86: in platform.cpu.x86); the runtime only moves it around.
 */
public interface CpuArchState {

    /** The architecture this state belongs to, e.g. "x86_64". */
    String architecture();
}
