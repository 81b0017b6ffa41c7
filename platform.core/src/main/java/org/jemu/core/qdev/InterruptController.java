package org.jemu.core.qdev;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The interrupt-acknowledge side of an interrupt controller whose output drives a CPU's INTR pin (the 8259 master,
 * QEMU's pic_read_irq): when the CPU takes the interrupt it asks for the vector. Implemented by controller devices;
 * a board hands the controller to the CPU as a link, so neither bundle imports the other.
 */
@ConsumerType
public interface InterruptController {

    /**
     * The INTA cycle: the vector of the highest-priority pending request, which moves from "requested" to "in
     * service" as the hardware does. A controller with nothing pending answers its spurious vector (the 8259's IRQ 7
     * or 15), or -1 if it has none. Called by a vCPU thread with the global lock held.
     */
    int acknowledge();
}
