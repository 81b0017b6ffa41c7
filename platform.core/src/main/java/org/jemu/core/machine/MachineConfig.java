package org.jemu.core.machine;

import java.util.List;
import java.util.Optional;

/**
 * What the command line says about the machine (QEMU's -m, -smp, -cpu, -serial), handed to the board.
 *
 * @param ramSize        guest RAM in bytes
 * @param cpus           vCPUs present at start
 * @param maxCpus        vCPUs possible (hotplug), at least {@code cpus}
 * @param cpuModel       the CPU model name ("qemu64"), or null for the board's default
 * @param serialChardevs per serial port index (QEMU's serial_hd(i)), the id of its chardev at /chardevs, or ""
 *                       for an index left empty ({@code -serial none})
 */
public record MachineConfig(long ramSize, int cpus, int maxCpus, String cpuModel, List<String> serialChardevs) {

    public MachineConfig {
        if (ramSize <= 0) throw new IllegalArgumentException("RAM size must be positive");
        if (cpus < 1 || maxCpus < cpus) throw new IllegalArgumentException("need 1 <= cpus <= maxcpus");
        serialChardevs = List.copyOf(serialChardevs);
    }

    /** Without serial ports. */
    public MachineConfig(long ramSize, int cpus, int maxCpus, String cpuModel) {
        this(ramSize, cpus, maxCpus, cpuModel, List.of());
    }

    /** The chardev id of serial port {@code index}, if the command line gave it one. */
    public Optional<String> serial(int index) {
        return index < serialChardevs.size() && !serialChardevs.get(index).isEmpty()
                ? Optional.of(serialChardevs.get(index)) : Optional.empty();
    }
}
