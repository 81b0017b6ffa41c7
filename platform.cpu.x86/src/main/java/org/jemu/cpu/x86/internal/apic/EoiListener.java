package org.jemu.cpu.x86.internal.apic;

/**
 * Receives the end-of-interrupt broadcast a local APIC sends when the guest acknowledges (EOI) a level-triggered
 * vector (its TMR bit set), as QEMU's ioapic_eoi_broadcast: every I/O APIC clears remote IRR of its level-triggered
 * entries with that vector. The integrator wires the I/O APICs here ({@link ApicBus#addEoiListener}).
 */
@FunctionalInterface
public interface EoiListener {

    /** Called with the global lock held, on the thread of the CPU that wrote the EOI register. */
    void eoi(int vector);
}
