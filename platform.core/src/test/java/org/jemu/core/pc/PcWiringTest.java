package org.jemu.core.pc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.machine.Machine;
import org.jemu.core.machine.MachineConfig;
import org.jemu.core.machine.Wire;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.junit.jupiter.api.Test;

class PcWiringTest {

    /** Records what the hook asks the machine builder to do. */
    static final class RecordingContext implements BoardContext {
        final MachineConfig config;
        final List<DeviceSpec> created = new ArrayList<>();
        final List<Wire> wires = new ArrayList<>();

        RecordingContext(MachineConfig config) {
            this.config = config;
        }

        public Machine machine() { throw new UnsupportedOperationException(); }
        public MachineConfig config() { return config; }
        public Device device(String name) { throw new UnsupportedOperationException(); }
        public Bus bus(String name) { throw new UnsupportedOperationException(); }
        public Device createDevice(DeviceSpec spec) { created.add(spec); return null; }
        public void wire(Wire wire) { wires.add(wire); }
        public Map<String, String> machineOptions() { return Map.of(); }
    }

    @Test
    void oneIsaSerialPerGivenPortWithTheComAddressAndIrqOfItsIndex() {
        RecordingContext ctx = new RecordingContext(new MachineConfig(1 << 20, 1, 1, null, List.of("serial0", "", "dbg")));

        PcWiring.createSerialPorts(ctx, "isa.0", "piix3");

        assertEquals(2, ctx.created.size(), "the empty index (-serial none) gets no port");
        assertEquals(Map.of("index", "0", "iobase", "1016", "irq", "4", "chardev", "serial0"), ctx.created.get(0).properties());
        assertEquals("isa.0", ctx.created.get(0).bus());
        assertEquals(Map.of("index", "2", "iobase", "1000", "irq", "4", "chardev", "dbg"), ctx.created.get(1).properties());
        assertEquals(List.of(new Wire("serial0", "", 0, "piix3", "gsi", 4), new Wire("serial2", "", 0, "piix3", "gsi", 4)), ctx.wires);
    }
}
