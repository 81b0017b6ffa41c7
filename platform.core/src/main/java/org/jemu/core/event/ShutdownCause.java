package org.jemu.core.event;

/** Why a shutdown or reset was requested, after QEMU's {@code ShutdownCause}. */
public enum ShutdownCause {
    /** No request. */
    NONE,
    /** An error in the host program. */
    HOST_ERROR,
    /** The QMP "quit" command. */
    HOST_QMP_QUIT,
    /** The QMP "system_reset" command. */
    HOST_QMP_SYSTEM_RESET,
    /** A host signal such as SIGINT or SIGTERM. */
    HOST_SIGNAL,
    /** The user closed the display window. */
    HOST_UI,
    /** The guest powered off (e.g. ACPI S5). */
    GUEST_SHUTDOWN,
    /** The guest reset itself (e.g. triple fault, port 0xcf9). */
    GUEST_RESET,
    /** The guest panicked. */
    GUEST_PANIC,
    /** A reset requested by some emulated subsystem. */
    SUBSYSTEM_RESET,
    /** Loading a snapshot. */
    SNAPSHOT_LOAD;

    /** @return whether the guest itself caused the request */
    public boolean isGuest() {
        return this == GUEST_SHUTDOWN || this == GUEST_RESET || this == GUEST_PANIC;
    }
}
