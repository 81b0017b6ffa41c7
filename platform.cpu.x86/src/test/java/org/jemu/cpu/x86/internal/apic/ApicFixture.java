package org.jemu.cpu.x86.internal.apic;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.qdev.InterruptController;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemTxResult;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemorySystem;

/**
 * A machine's worth of local APICs on one bus, their region mapped at 0xfee00000 in a memory address space, a
 * manual clock, and accessors that make the calling thread "run" a given APIC's CPU as a vCPU thread would.
 */
final class ApicFixture {

    static final long BASE = 0xfee0_0000L;

    final ManualClock clock = new ManualClock();
    final ApicBus bus = new ApicBus();
    final MemorySystem system = new MemorySystem();
    final MemoryRegion root = MemoryRegion.container("system", 0);
    final AddressSpace memory = system.createAddressSpace("memory", root);
    final List<LocalApic> apics = new ArrayList<>();
    final List<Integer> eois = new ArrayList<>();
    final int[] wakeups;

    /** {@code count} APICs with IDs 0..count-1; the first is the BSP's. */
    ApicFixture(int count) {
        root.addSubregionOverlap(ApicBus.MMIO_BASE, bus.region(), ApicBus.MMIO_PRIORITY);
        bus.addEoiListener(eois::add);
        wakeups = new int[count];
        for (int i = 0; i < count; i++) {
            LocalApic apic = new LocalApic(bus, clock, i, i == 0);
            int n = i;
            apic.setWakeup(() -> wakeups[n]++);
            bus.add(apic);
            apics.add(apic);
        }
    }

    LocalApic apic(int n) {
        return apics.get(n);
    }

    /** A 32-bit register read by CPU {@code cpu} at MMIO offset {@code offset}. */
    long read(int cpu, long offset) {
        return read(cpu, offset, 4);
    }

    long read(int cpu, long offset, int size) {
        bus.runningOn(apic(cpu));
        try {
            return memory.read(BASE + offset, size) & 0xffff_ffffL;
        } finally {
            bus.runningOn(null);
        }
    }

    void write(int cpu, long offset, long value) {
        write(cpu, offset, 4, value);
    }

    MemTxResult write(int cpu, long offset, int size, long value) {
        bus.runningOn(apic(cpu));
        try {
            return memory.write(BASE + offset, size, value);
        } finally {
            bus.runningOn(null);
        }
    }

    /** Software-enables CPU {@code cpu}'s APIC with spurious vector 0xff. */
    void enable(int cpu) {
        write(cpu, 0xf0, 0x1ff);
    }

    /** A fixed edge-triggered interrupt for {@code vector} to physical destination {@code dest}, as an MSI. */
    void msi(int dest, int vector) {
        memory.write(BASE | (long) dest << 12, 4, vector);
    }

    /** An 8259 stand-in: answers INTA cycles with {@code vector}, counting them. */
    static final class FakePic implements InterruptController {
        int vector = 0x08;
        int acks;

        @Override
        public int acknowledge() {
            acks++;
            return vector;
        }
    }
}
