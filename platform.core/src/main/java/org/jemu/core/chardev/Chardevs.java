package org.jemu.core.chardev;

import java.io.InputStream;
import java.io.OutputStream;

import org.jemu.core.chardev.internal.ChardevRegistryImpl;
import org.jemu.core.event.MainLoop;

/** Creates chardev registries. The runtime owns the instance it creates. */
public final class Chardevs {

    private Chardevs() {
    }

    /** The backend names every registry opens ("file", "null", "socket", "stdio"), sorted. */
    public static java.util.Set<String> backendNames() {
        return ChardevRegistryImpl.backendNames();
    }

    /**
     * @param loop the loop that delivers input to frontends
     * @return a registry whose stdio backend uses the process's stdin/stdout (raw terminal mode when a tty)
     */
    public static ChardevRegistry newRegistry(MainLoop loop) {
        return new ChardevRegistryImpl(loop, System.in, System.out, true);
    }

    /**
     * @param loop   the loop that delivers input to frontends
     * @param stdin  what the stdio backend reads
     * @param stdout what the stdio backend writes
     * @return a registry whose stdio backend uses the given streams, without terminal handling
     */
    public static ChardevRegistry newRegistry(MainLoop loop, InputStream stdin, OutputStream stdout) {
        return new ChardevRegistryImpl(loop, stdin, stdout, false);
    }
}
