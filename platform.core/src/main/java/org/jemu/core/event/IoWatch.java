package org.jemu.core.event;

import java.nio.channels.SelectableChannel;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A channel registered with the main loop's selector; see {@link MainLoop#watch}.
 */
@ProviderType
public interface IoWatch extends AutoCloseable {

    /** @return the watched channel (in non-blocking mode) */
    SelectableChannel channel();

    /**
     * Chooses which readiness events call the handler; safe from any thread.
     *
     * @param read  whether to report readability
     * @param write whether to report writability
     */
    void setInterest(boolean read, boolean write);

    /** Stops watching; the channel itself stays open. */
    @Override
    void close();
}
