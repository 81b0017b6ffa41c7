package org.jemu.core.chardev;

/** Backend events reported to a {@link ChardevFrontend}, as QEMU's {@code QEMUChrEvent}. */
public enum ChardevEvent {
    /** The backend is connected (e.g. a socket client connected). */
    OPENED,
    /** The backend lost its peer (e.g. the socket client disconnected). */
    CLOSED,
    /** A serial break was received. */
    BREAK
}
