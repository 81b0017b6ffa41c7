package org.jemu.core.chardev;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device side of a character device (e.g. a UART). All methods are called on the main-loop thread with the
 * global lock held. The backend never delivers more than {@link #canReceive()} allows; what does not fit stays
 * buffered until the frontend calls {@link Chardev#acceptInputAgain()}.
 */
@ConsumerType
public interface ChardevFrontend {

    /** @return how many bytes {@link #receive} may be given now; 0 to hold input back */
    int canReceive();

    /**
     * Takes input. The array is only valid during the call.
     *
     * @param buf the bytes
     * @param off where they start
     * @param len how many, at most the last {@link #canReceive()}
     */
    void receive(byte[] buf, int off, int len);

    /** @param event a backend event */
    default void event(ChardevEvent event) {
    }
}
