package org.jemu.plugin.pc.internal;

import java.util.function.Consumer;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.qdev.IrqLine;

/** An ad-hoc board with an "isabus-bridge" (bus isa.0) and the ISA devices a test adds, built by the harness. */
final class IsaTestBoard {

    private IsaTestBoard() {
    }

    static MachineHarness build(Consumer<BoardDefinition.Builder> devices) {
        BoardDefinition.Builder b = BoardDefinition.builder()
                .device(DeviceSpec.of("isa", IsaBusBridge.TYPE).on("main-system-bus"));
        devices.accept(b);
        return MachineHarness.builder().contribute(new PcDeviceTypes(), new PcDevices()).board(b.build(), null).build();
    }

    static DeviceSpec isa(String name, String type) {
        return DeviceSpec.of(name, type).on("isa.0");
    }

    /** Records a line's level and its rising edges. */
    static final class Probe implements IrqLine {
        boolean level;
        int rises;

        @Override
        public void set(boolean high) {
            if (high && !level) rises++;
            level = high;
        }
    }
}
