package org.jemu.core.chardev;

import java.net.SocketAddress;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A character device backend ({@code -chardev}). Output from the device goes through {@link #write}; input is
 * delivered to the attached {@link ChardevFrontend} on the main-loop thread.
 */
@ProviderType
public interface Chardev extends AutoCloseable {

    /** @return the chardev id */
    String id();

    /** @return the backend name, e.g. "socket" */
    String backend();

    /**
     * Sends device output. Never blocks for long: files and stdio write through, a socket without a client or
     * with a full send buffer drops bytes.
     *
     * @param buf the bytes
     * @param off where they start
     * @param len how many
     * @return how many were accepted (written or queued); dropped bytes count as accepted when nobody listens
     */
    int write(byte[] buf, int off, int len);

    /**
     * Connects the device side; buffered input is delivered to it next. Replaces a previous frontend.
     *
     * @param frontend the device side
     */
    void attach(ChardevFrontend frontend);

    /** Disconnects the device side; input stays buffered meanwhile. */
    void detach();

    /** Tells the backend the frontend can take input again (its {@code canReceive()} went up). Any thread. */
    void acceptInputAgain();

    /** @return the address a listening backend is bound to (the real port when port=0 was asked for) */
    default Optional<SocketAddress> localAddress() {
        return Optional.empty();
    }

    /** @return whether a peer is connected (always true for backends without the notion) */
    boolean isConnected();

    /** Releases files, sockets and threads; idempotent. */
    @Override
    void close();
}
