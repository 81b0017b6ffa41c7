package org.jemu.core.internal.runtime;

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
    private volatile int exitStatus = -1;

    RunControl(MainLoop loop) {
        this.loop = loop;
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
