package org.jemu.plugin.pc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.qom.QomException;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The I/O APIC at 0xfec00000; its interrupt messages are caught by a region standing in for the local APIC. */
class IoApicTest {

    private static final long BASE = 0xfec00000L;
    private static final long LAPIC = 0xfee00000L;
    private static final long MASKED = 1L << 16;
    private static final long LEVEL = 1L << 15;
    private static final long REMOTE_IRR = 1L << 14;

    /** One write the I/O APIC made into the local APIC's page. */
    record Message(long address, int size, long data) {
    }

    private MachineHarness h;
    private IoApic ioapic;
    private final List<Message> messages = new ArrayList<>();

    private void start(String version) {
        h = MachineHarness.builder().contribute(new PcDeviceTypes(), new PcDevices())
                .board(BoardDefinition.builder()
                        .device(DeviceSpec.of("ioapic", IoApic.TYPE).on("main-system-bus").with("version", version))
                        .mmio("ioapic", 0, BASE).build(), null)
                .build();
        ioapic = (IoApic) h.resolve("/machine/ioapic");
        h.machine().systemMemory().addSubregion(LAPIC, MemoryRegion.io("lapic-probe", 0x100000, new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                return 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                messages.add(new Message(LAPIC + offset, size, value));
            }
        }));
    }

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    private long reg(int index) {
        h.memory().write(BASE, 4, index);
        return h.memory().read(BASE + 0x10, 4);
    }

    private void reg(int index, long value) {
        h.memory().write(BASE, 4, index);
        h.memory().write(BASE + 0x10, 4, value);
    }

    private long entry(int pin) {
        return reg(0x10 + 2 * pin) | reg(0x11 + 2 * pin) << 32;
    }

    /** Programs a redirection entry high half first, so the pin unmasks last. */
    private void entry(int pin, long value) {
        reg(0x11 + 2 * pin, value >>> 32);
        reg(0x10 + 2 * pin, value & 0xffff_ffffL);
    }

    private void pin(int input, boolean level) {
        ioapic.gpioIn("", input).set(level);
    }

    @Test
    void identificationRegistersReadAsQemus() {
        start("0x20");

        assertEquals(0x170020, reg(0x01), "version 0x20, 24 entries");
        assertEquals(0, reg(0x00));
        reg(0x00, 0xff00_0000L);
        assertEquals(0x0f00_0000L, reg(0x00), "a 4-bit ID");
        assertEquals(0x0f00_0000L, reg(0x02), "arbitration reads the ID");
        reg(0x01, 0);
        assertEquals(0x170020, reg(0x01), "read-only");
        assertEquals(0x01, h.memory().read(BASE, 1), "IOREGSEL reads back");
    }

    @Test
    void redirectionEntriesPowerUpMaskedAndKeepOnlyWritableBits() {
        start("0x20");
        for (int pin = 0; pin < IoApic.PINS; pin++) assertEquals(MASKED, entry(pin));

        entry(7, 0xab00_0000_0001_f0b1L);

        assertEquals(0xab00_0000_0001_a0b1L, entry(7), "delivery status and remote IRR are read-only");
    }

    @Test
    void anEdgeOnAnUnmaskedPinSendsItsMessageToTheLocalApicPage() {
        start("0x20");
        entry(5, 0x31L | 3L << 56);

        pin(5, true);
        pin(5, false);

        assertEquals(List.of(new Message(0xfee03000L, 4, 0x31)), messages);
    }

    @Test
    void theMessageCarriesDeliveryModeDestinationModeAndTrigger() {
        start("0x20");
        entry(9, 0x41L | 1L << 8 | 1L << 11 | LEVEL | 0x0fL << 56);

        pin(9, true);

        assertEquals(List.of(new Message(0xfee0f004L, 4, 0x41 | 0x100 | 0x8000)), messages);
    }

    @Test
    void isaIrq0ArrivesAtPin2() {
        start("0x20");
        entry(2, 0x30);

        pin(0, true);

        assertEquals(1, messages.size());
        assertEquals(0x30, messages.getFirst().data());
    }

    @Test
    void aMaskedPinDeliversNothingAndItsEdgesAreForgotten() {
        start("0x20");
        entry(4, 0x34 | MASKED);

        pin(4, true);
        pin(4, false);
        entry(4, 0x34);

        assertEquals(List.of(), messages);
        pin(4, true);
        assertEquals(1, messages.size());
    }

    @Test
    void aLevelPinWaitsForEoiAndIsSentAgainWhileStillHigh() {
        start("0x20");
        entry(10, 0x3a | LEVEL);

        pin(10, true);
        pin(10, true);
        assertEquals(1, messages.size());
        assertTrue((entry(10) & REMOTE_IRR) != 0);

        h.memory().write(BASE + 0x40, 4, 0x3b);
        assertEquals(1, messages.size(), "an EOI for another vector");

        h.memory().write(BASE + 0x40, 4, 0x3a);
        assertEquals(2, messages.size(), "the line is still high");
        assertTrue((entry(10) & REMOTE_IRR) != 0);

        pin(10, false);
        ioapic.eoiBroadcast(0x3a);
        assertEquals(2, messages.size());
        assertEquals(0, entry(10) & REMOTE_IRR);
    }

    @Test
    void aMaskedLevelPinIsSentWhenUnmasked() {
        start("0x20");
        entry(11, 0x3b | LEVEL | MASKED);
        pin(11, true);
        assertEquals(0, messages.size());

        entry(11, 0x3b | LEVEL);

        assertEquals(1, messages.size());
    }

    @Test
    void anInterruptStormIsSlowedDownTo100Hz() {
        start("0x20");
        entry(12, 0x3c | LEVEL);
        pin(12, true);
        for (int i = 1; i < IoApic.STORM_EOIS; i++) ioapic.eoiBroadcast(0x3c);
        assertEquals(IoApic.STORM_EOIS, messages.size());

        ioapic.eoiBroadcast(0x3c);
        assertEquals(IoApic.STORM_EOIS, messages.size(), "the next delivery waits");
        h.advanceVirtualNs(10_000_000);
        assertEquals(IoApic.STORM_EOIS + 1, messages.size());
    }

    @Test
    void version11HasNoEoiRegister() {
        start("0x11");
        assertEquals(0x170011, reg(0x01));
        entry(3, 0x33 | LEVEL);
        pin(3, true);

        h.memory().write(BASE + 0x40, 4, 0x33);
        assertTrue((entry(3) & REMOTE_IRR) != 0);
        ioapic.eoiBroadcast(0x33);
        assertEquals(2, messages.size());
    }

    @Test
    void anUnsupportedVersionIsRefusedWithTheReason() {
        QomException e = assertThrows(QomException.class, () -> start("0x12"));
        assertTrue(e.getMessage().contains("0x11 or 0x20"), e.getMessage());
    }

    @Test
    void badAccessesNeverThrowAndThePinsKeepWorking() {
        start("0x20");
        reg(0x01);
        assertEquals(0, h.memory().read(BASE + 0x10, 2), "IOWIN answers only 32-bit reads");
        h.memory().write(BASE, 4, 0x10);
        h.memory().write(BASE + 0x10, 1, 0);
        assertEquals(MASKED, entry(0), "nor takes narrower writes");
        reg(0x40, 0xffff_ffffL); // entry 24 does not exist
        assertEquals(0, reg(0x40));
        assertEquals(0, reg(0x03));
        h.memory().read(BASE + 0x11, 4); // unaligned
        h.memory().read(BASE + 0x10, 8);
        h.memory().write(BASE + 0x40, 2, 0x30);
        h.memory().write(BASE + 0x80, 4, 1);
        assertEquals(0, h.memory().read(BASE + 0xffc, 4));
        ioapic.eoiBroadcast(0x1234);
        pin(23, true);

        entry(6, 0x36);
        pin(6, true);
        assertEquals(List.of(new Message(LAPIC, 4, 0x36)), messages);
    }

    @Test
    void savedStateRestoresTheTable() {
        start("0x20");
        entry(8, 0x38 | LEVEL);
        pin(8, true);
        IoApic.State saved = ioapic.state();

        entry(8, MASKED);
        ioapic.restore(saved);

        assertEquals(0x38 | LEVEL | REMOTE_IRR, entry(8));
        assertEquals(1 << 8, ioapic.state().irr());
    }
}
