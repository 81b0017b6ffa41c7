package org.jemu.core.internal.runtime;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.MainLoop;
import org.jemu.core.event.Timer;
import org.jemu.core.event.TimerCallback;
import org.jemu.core.event.ShutdownCause;
import org.jemu.core.qdev.SystemControl;

/** Devices' power-off, reset and exit requests, turned into main-loop requests. */
final class RunControl implements SystemControl {

    private final MainLoop loop;
    private final DataPath dataPath;
    private volatile int exitStatus = -1;

    RunControl(MainLoop loop, DataPath dataPath) {
        this.loop = loop;
        this.dataPath = dataPath;
    }

    @Override
    public Optional<Path> findDataFile(String name) {
        return dataPath.find(name);
    }

    @Override
    public void requestShutdown() {
        loop.requestShutdown(ShutdownCause.GUEST_SHUTDOWN);
    }

    @Override
    public void requestReset() {
        loop.requestReset(ShutdownCause.GUEST_RESET);
    }

    @Override
    public void requestExit(int status) {
        if (exitStatus < 0) exitStatus = status & 0xff;
        loop.requestShutdown(ShutdownCause.GUEST_SHUTDOWN);
    }

    @Override
    public long nowNs(ClockType type) {
        return loop.nowNs(type);
    }

    @Override
    public Timer newTimer(ClockType type, TimerCallback callback) {
        return loop.newTimer(type, callback);
    }

    /** The status a device asked to exit with, if one did. */
    OptionalInt exitStatus() {
        int s = exitStatus;
        return s < 0 ? OptionalInt.empty() : OptionalInt.of(s);
    }
}
