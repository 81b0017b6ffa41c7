package org.jemu.plugin.pc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RTC, HPET and I/O APIC wired as the pc board's contract says (RTC into HPET input 1, HPET routes to the GSIs,
 * here straight into the I/O APIC), the local APIC's page replaced by a probe collecting message vectors.
 */
class PcTimerInterruptPathTest {

    private static final long IOAPIC = 0xfec00000L;
    private static final long HPET = 0xfed00000L;

    private MachineHarness h;
    private final List<Long> vectors = new ArrayList<>();

    @BeforeEach
    void start() {
        BoardDefinition.Builder b = BoardDefinition.builder()
                .device(DeviceSpec.of("isa", IsaBusBridge.TYPE).on("main-system-bus"))
                .device(DeviceSpec.of("ioapic", IoApic.TYPE).on("main-system-bus"))
                .device(DeviceSpec.of("hpet", Hpet.TYPE).on("main-system-bus").with(Hpet.INTCAP, 0x4))
                .device(DeviceSpec.of("rtc", Mc146818Rtc.TYPE).on("isa.0").with("base_year", 2000))
                .mmio("ioapic", 0, IOAPIC)
                .mmio("hpet", 0, HPET)
                .wire("rtc", "", 0, "hpet", "", 1);
        for (int i = 0; i < IoApic.PINS; i++) b.wire("hpet", SysBusDevice.IRQ, i, "ioapic", "", i);
        h = MachineHarness.builder().contribute(new PcDeviceTypes(), new PcDevices()).board(b.build(), null).build();
        h.machine().systemMemory().addSubregion(0xfee00000L, MemoryRegion.io("lapic-probe", 0x100000, new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                return 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                vectors.add(value & 0xff);
            }
        }));
        route(2, 0x22);
        route(8, 0x28);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private void route(int pin, int vector) {
        h.memory().write(IOAPIC, 4, 0x10 + 2 * pin);
        h.memory().write(IOAPIC + 0x10, 4, vector);
    }

    private void rtc(int index, int value) {
        h.io().write(0x70, 1, index);
        h.io().write(0x71, 1, value);
    }

    @Test
    void theRtcInterruptReachesPin8ThroughTheHpet() {
        rtc(0x0b, 0x12); // update-ended interrupt

        h.advanceVirtualNs(1_000_000_000);

        assertEquals(List.of(0x28L), vectors);
    }

    @Test
    void inLegacyModeHpetTimer0ArrivesAtPin2AndTheRtcIsCutOff() {
        rtc(0x0b, 0x12);
        h.memory().write(HPET + 0x108, 4, 1000);
        h.memory().write(HPET + 0x10c, 4, 0);
        h.memory().write(HPET + 0x100, 4, 0x004);
        h.memory().write(HPET + 0x010, 4, 0x3);

        h.advanceVirtualNs(1_000_000_000);

        assertEquals(List.of(0x22L), vectors);
    }
}
