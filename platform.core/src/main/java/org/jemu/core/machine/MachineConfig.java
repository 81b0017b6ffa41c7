package org.jemu.core.machine;

/**
 * What the command line says about the machine's size (QEMU's -m, -smp, -cpu), handed to the board.
 *
 * @param ramSize  guest RAM in bytes
 * @param cpus     vCPUs present at start
 * @param maxCpus  vCPUs possible (hotplug), at least {@code cpus}
 * @param cpuModel the CPU model name ("qemu64"), or null for the board's default
 */
public record MachineConfig(long ramSize, int cpus, int maxCpus, String cpuModel) {

    public MachineConfig {
        if (ramSize <= 0) throw new IllegalArgumentException("RAM size must be positive");
        if (cpus < 1 || maxCpus < cpus) throw new IllegalArgumentException("need 1 <= cpus <= maxcpus");
    }
}
