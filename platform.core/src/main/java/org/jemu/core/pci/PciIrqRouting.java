package org.jemu.core.pci;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a PCI bus's INTx lines go (QEMU's map_irq/set_irq pair given to pci_bus_irqs): installed on a bus by the
 * chipset part that routes them, usually the south bridge (PIIX3: PIRQA..D). The bus counts, per routed line, how
 * many device pins assert it, and calls {@link #setIrq} with "any pin asserts it" every time a pin joins or leaves
 * the line (so a shared line stays high while one of its pins is high).
 */
@ConsumerType
public interface PciIrqRouting {

    /** How many lines the router takes (PIIX3: 4, PIRQA..D). */
    int lineCount();

    /**
     * The line that pin {@code intx} (0 = INTA# .. 3 = INTD#) of {@code device} drives: a number in
     * [0, {@link #lineCount()}). On PC boards the pin is swizzled by slot, see {@link PciBus#swizzle}.
     */
    int mapIrq(PciDevice device, int intx);

    /** Line {@code line} is now asserted (some pin drives it) or not. */
    void setIrq(int line, boolean level);
}
