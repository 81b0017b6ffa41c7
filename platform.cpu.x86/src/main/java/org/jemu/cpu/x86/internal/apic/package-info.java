/**
 * The local APIC of the x86 CPU (not exported; QEMU 7.2's hw/intc/apic.c and apic_common.c, Intel SDM vol. 3
 * ch. 10), in xAPIC mode.
 *
 * <p>Design:
 * <ul>
 *   <li>{@link org.jemu.cpu.x86.internal.apic.LocalApic}: one per CPU. Registers, IRR/ISR/TMR priority logic, LVT
 *       sources (LINT0/LINT1 pins, timer, error), ICR sends, IA32_APIC_BASE / IA32_TSC_DEADLINE / CR8, INIT and
 *       power-on reset, and the CPU-facing side: a volatile {@code events()} bit set the core checks between
 *       instructions, {@code acknowledge()} (the INTA cycle, asking the PIC for ExtINT), {@code takeNmi/takeInit/
 *       takeSipi}, and a wake-up {@code Runnable} for halted vCPUs. State as a record ({@code snapshot/restore}).
 *       Its IRR/ISR/TMR live in {@link org.jemu.cpu.x86.internal.apic.VectorTables}.</li>
 *   <li>{@link org.jemu.cpu.x86.internal.apic.ApicTimer}: the APIC timer (one-shot, periodic, TSC-deadline) on the
 *       virtual clock; its current count is computed from the clock.</li>
 *   <li>{@link org.jemu.cpu.x86.internal.apic.ApicBus}: one per machine. The registry of APICs that messages reach
 *       (IPIs from the ICR, MSIs), the EOI broadcast to the I/O APICs
 *       ({@link org.jemu.cpu.x86.internal.apic.EoiListener}), and the single "apic-msi" memory region at 0xfee00000:
 *       a CPU's access reaches the APIC its vCPU thread registered with {@code runningOn} (a thread-local, as QEMU's
 *       current_cpu), while writes at page offset 0 or beyond the first page, and writes from threads that run no
 *       vCPU, are MSIs delivered on the bus. That is how the I/O APIC (plugin.pc "ioapic") and PCI MSIs arrive.</li>
 *   <li>{@link org.jemu.cpu.x86.internal.apic.ApicClock}: the virtual clock, its timers and the CPU's TSC as one
 *       handle, so tests run the APIC on a manual clock.</li>
 * </ul>
 * Everything runs under the global lock (register accesses, timer callbacks, the vCPU's polling); only
 * {@code events()} is read without it.
 */
package org.jemu.cpu.x86.internal.apic;
