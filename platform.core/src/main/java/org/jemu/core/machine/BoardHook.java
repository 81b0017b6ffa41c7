package org.jemu.core.machine;

import org.osgi.annotation.versioning.ConsumerType;

/** Chipset code a board runs at one stage of machine creation: only what the declarative part cannot say. */
@ConsumerType
@FunctionalInterface
public interface BoardHook {

    /** When a hook runs. */
    enum Stage {
        /** Before any device of the definition exists. */
        BEFORE_DEVICES,
        /** After the definition's devices are created, realized and wired, before -device devices. */
        AFTER_DEVICES,
        /** After the user's -device devices, before the first reset (QEMU's machine-done notifiers). */
        MACHINE_DONE
    }

    void run(BoardContext context);
}
