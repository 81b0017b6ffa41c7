package org.jemu.core.chardev;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates character devices from {@code -chardev backend,id=...,opt=value} style settings and keeps them by id.
 * Supported backends: null, file (path, append), stdio (signal), socket (host, port, server=on, wait, nodelay).
 */
@ProviderType
public interface ChardevRegistry extends AutoCloseable {

    /**
     * @param id      the unique id
     * @param backend the backend name
     * @param options the backend options without "id" and the backend name, e.g. {"port": "4444", "server": "on"}
     * @return the new, open chardev
     * @throws ChardevException naming the id and option when the id, backend or an option is not acceptable
     */
    Chardev create(String id, String backend, Map<String, String> options);

    /**
     * @param id an id
     * @return the chardev with that id
     */
    Optional<Chardev> find(String id);

    /** @return all chardevs, in creation order */
    Collection<Chardev> all();

    /** @return the backend names {@link #create} accepts */
    Set<String> backends();

    /**
     * Closes and forgets one chardev.
     *
     * @param id its id
     * @return whether there was one
     */
    boolean remove(String id);

    /** Closes all chardevs. */
    @Override
    void close();
}
