package org.jemu.cpu.x86.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.InterruptController;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.junit.jupiter.api.Test;

/** The CPU device's board-facing contract: its interrupt-controller link answers the INTA cycle. */
class X86CpuDeviceTest {

    /** A controller that hands out vectors 0x20, 0x21, ... */
    public static final class CountingController extends SysBusDevice implements InterruptController {
        int next = 0x20;

        public CountingController(ObjectType type) {
            super(type);
        }

        @Override
        public int acknowledge() {
            return next++;
        }
    }

    private static final ModuleInit CONTROLLER = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder("counting-pic").parent(SysBusDevice.TYPE).factory(CountingController::new).build());
        }
    };

    private static MachineHarness machine() {
        BoardDefinition board = BoardDefinition.builder().cpu(X86CpuDevice.BASE, X86CpuDevice.SUFFIX, "qemu64")
                .device(DeviceSpec.of("pic", "counting-pic").on("main-system-bus")).build();
        return MachineHarness.builder().board(board, null).contribute(new X86CpuTypes(), CONTROLLER).build();
    }

    @Test
    void theInterruptAcknowledgeAsksTheLinkedControllerForItsVector() {
        try (MachineHarness h = machine()) {
            X86CpuDevice cpu = (X86CpuDevice) h.machine().cpus().getFirst();
            Device pic = (Device) h.resolve("/machine/pic");

            cpu.setProperty(X86CpuDevice.INTERRUPT_CONTROLLER, pic); // after realize, as a board hook does

            assertEquals(0x20, cpu.acknowledgeInterrupt());
            assertEquals(0x21, cpu.acknowledgeInterrupt());
        }
    }

    @Test
    void withoutALinkedControllerNoVectorIsAcknowledged() {
        try (MachineHarness h = machine()) {
            X86CpuDevice cpu = (X86CpuDevice) h.machine().cpus().getFirst();

            assertEquals(-1, cpu.acknowledgeInterrupt());
        }
    }
}
