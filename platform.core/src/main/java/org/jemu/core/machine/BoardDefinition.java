package org.jemu.core.machine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A board, declared: its CPU family, RAM default, devices with buses, addresses and properties, IRQ wiring, and the
 * few hooks that hold chipset code. The runtime builds a machine from it, creating every device by type name; a
 * type missing at start-up is reported by name.
 *
 * @param cpuBaseType     abstract type all CPU models of this board descend from ("x86_64-cpu"); null: no CPUs
 * @param cpuTypeSuffix   what turns a -cpu model into a type name ("qemu64" + "-x86_64-cpu")
 * @param defaultCpuModel the model used without -cpu
 * @param defaultRamSize  bytes of RAM without -m
 * @param ramName         the name of the machine's RAM region (QEMU's default_ram_id: "pc.ram" on PCs)
 * @param maxCpus         the most vCPUs the board supports
 * @param devices         devices in creation order (a device's bus must exist by the time it is created)
 * @param mappings        system bus device regions mapped after the devices are realized, before the wires; a
 *                        mapping of a device that is absent (its {@code onlyIf} is off) is skipped
 * @param wires           GPIO connections made after the devices are realized
 * @param hooks           chipset code by stage, in order
 */
public record BoardDefinition(String cpuBaseType, String cpuTypeSuffix, String defaultCpuModel, long defaultRamSize,
                              String ramName, int maxCpus, List<DeviceSpec> devices, List<RegionMapping> mappings,
                              List<Wire> wires, Map<BoardHook.Stage, List<BoardHook>> hooks) {

    public BoardDefinition {
        java.util.Objects.requireNonNull(ramName, "ramName");
        devices = List.copyOf(devices);
        mappings = List.copyOf(mappings);
        wires = List.copyOf(wires);
        hooks = Map.copyOf(hooks);
        Set<String> names = new LinkedHashSet<>();
        for (DeviceSpec d : devices) {
            if (!names.add(d.name())) throw new IllegalArgumentException("board declares device '" + d.name() + "' twice");
        }
        for (RegionMapping m : mappings) {
            if (!names.contains(m.device())) {
                throw new IllegalArgumentException("board maps " + m.describe() + ", but declares no such device");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The CPU type name for a model, e.g. "qemu64-x86_64-cpu". */
    public String cpuType(String model) {
        return (model == null ? defaultCpuModel : model) + cpuTypeSuffix;
    }

    public List<BoardHook> hooks(BoardHook.Stage stage) {
        return hooks.getOrDefault(stage, List.of());
    }

    /** Builds a {@link BoardDefinition}. */
    public static final class Builder {
        private String cpuBaseType;
        private String cpuTypeSuffix = "";
        private String defaultCpuModel;
        private long defaultRamSize = 128L << 20;
        private String ramName = "ram";
        private int maxCpus = 1;
        private final List<DeviceSpec> devices = new ArrayList<>();
        private final List<RegionMapping> mappings = new ArrayList<>();
        private final List<Wire> wires = new ArrayList<>();
        private final java.util.EnumMap<BoardHook.Stage, List<BoardHook>> hooks = new java.util.EnumMap<>(BoardHook.Stage.class);

        /** CPUs: models descend from {@code baseType}; type name = model + {@code suffix}. */
        public Builder cpu(String baseType, String suffix, String defaultModel) {
            this.cpuBaseType = baseType;
            this.cpuTypeSuffix = suffix;
            this.defaultCpuModel = defaultModel;
            return this;
        }

        public Builder defaultRam(long bytes) {
            this.defaultRamSize = bytes;
            return this;
        }

        /** The name of the machine's RAM region (default "ram"). */
        public Builder ramName(String name) {
            this.ramName = name;
            return this;
        }

        public Builder maxCpus(int n) {
            this.maxCpus = n;
            return this;
        }

        public Builder device(DeviceSpec spec) {
            devices.add(spec);
            return this;
        }

        /** Maps MMIO region {@code index} of system bus device {@code device} at {@code address} of system memory. */
        public Builder mmio(String device, int index, long address) {
            mappings.add(new RegionMapping(device, RegionMapping.Space.MEMORY, index, address, false, 0));
            return this;
        }

        /** Like {@link #mmio}, but the region may overlap others; the highest {@code priority} is visible. */
        public Builder mmioOverlap(String device, int index, long address, int priority) {
            mappings.add(new RegionMapping(device, RegionMapping.Space.MEMORY, index, address, true, priority));
            return this;
        }

        /** Maps port I/O region {@code index} of system bus device {@code device} at {@code port} of the system I/O space. */
        public Builder ioPort(String device, int index, long port) {
            mappings.add(new RegionMapping(device, RegionMapping.Space.IO, index, port, false, 0));
            return this;
        }

        /** Output {@code from.out[outIndex]} drives input {@code to.in[inIndex]}. */
        public Builder wire(String from, String out, int outIndex, String to, String in, int inIndex) {
            wires.add(new Wire(from, out, outIndex, to, in, inIndex));
            return this;
        }

        public Builder hook(BoardHook.Stage stage, BoardHook hook) {
            hooks.computeIfAbsent(stage, s -> new ArrayList<>()).add(hook);
            return this;
        }

        public BoardDefinition build() {
            Map<BoardHook.Stage, List<BoardHook>> frozen = new java.util.EnumMap<>(BoardHook.Stage.class);
            hooks.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return new BoardDefinition(cpuBaseType, cpuTypeSuffix, defaultCpuModel, defaultRamSize, ramName, maxCpus,
                    devices, mappings, wires, frozen);
        }
    }
}
