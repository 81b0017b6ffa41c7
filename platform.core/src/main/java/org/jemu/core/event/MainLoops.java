package org.jemu.core.event;

import org.jemu.core.event.internal.MainLoopImpl;

/**
 * Creates main loops. The runtime owns the instance it creates; there is no global one.
 */
public final class MainLoops {

    private MainLoops() {
    }

    /**
     * @param config the configuration
     * @return a new loop in {@link RunState#PRELAUNCH}
     */
    public static MainLoop create(MainLoopConfig config) {
        return new MainLoopImpl(config);
    }

    /** @return a new loop with {@link MainLoopConfig#defaults()} */
    public static MainLoop create() {
        return create(MainLoopConfig.defaults());
    }
}
