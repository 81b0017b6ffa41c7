package org.jemu.core.i2c;

/** The bus conditions a target sees besides data bytes (QEMU's enum i2c_event). */
public enum I2cEvent {
    /** A (repeated) start condition addressing the target for a write from the host. */
    START_SEND,
    /** A (repeated) start condition addressing the target for a read by the host. */
    START_RECV,
    /** The stop condition: the transfer is over. */
    FINISH,
    /** The host did not acknowledge the last byte it read: it wants no more. */
    NACK
}
