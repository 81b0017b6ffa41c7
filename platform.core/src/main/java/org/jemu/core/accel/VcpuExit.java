package org.jemu.core.accel;

/**
 * Why {@link Vcpu#run()} returned. Guest I/O and MMIO are dispatched by the accelerator itself through the memory
 * API; only what the generic vCPU loop must act on comes back here.
 */
public sealed interface VcpuExit {

    /** The vCPU executed HLT (or equivalent) and waits for an interrupt. */
    record Halted() implements VcpuExit {
    }

    /** {@link Vcpu#kick()} was called: the loop should look at pause/stop requests. */
    record Kicked() implements VcpuExit {
    }

    /** The guest asked for a reset (triple fault, reset register). */
    record ResetRequest(String reason) implements VcpuExit {
    }

    /** The guest asked to power off. */
    record ShutdownRequest(String reason) implements VcpuExit {
    }

    /** The accelerator cannot continue (unsupported instruction, emulation failure); the VM stops with this message. */
    record InternalError(String message) implements VcpuExit {
    }

    VcpuExit HALTED = new Halted();
    VcpuExit KICKED = new Kicked();
}
