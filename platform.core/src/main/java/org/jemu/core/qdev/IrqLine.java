package org.jemu.core.qdev;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One interrupt or GPIO line (QEMU's qemu_irq): the handle a device raises and lowers. A device holds only such
 * handles, never the interrupt controller or the machine behind them.
 */
@ConsumerType
@FunctionalInterface
public interface IrqLine {

    /** A line connected to nothing. */
    IrqLine NONE = level -> { };

    void set(boolean level);

    default void raise() {
        set(true);
    }

    default void lower() {
        set(false);
    }

    /** Raise then lower: an edge for edge-triggered inputs. */
    default void pulse() {
        set(true);
        set(false);
    }
}
