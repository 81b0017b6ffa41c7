package org.jemu.core.qdev;

import java.nio.file.Path;
import java.util.Optional;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.event.TimerCallback;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a device may ask of the system it runs in: power off, reset, or end the emulator with a status (QEMU's
 * qemu_system_*_request family), and the machine's clocks and timers (QEMU's QEMU_CLOCK_VIRTUAL timers). Handed to
 * every device by the runtime before realize ({@link Device#system()}); a device never reaches for the machine.
 *
 * <p>Timer callbacks run on the main loop thread with the global lock held, as device register accesses do, so a
 * device needs no locking of its own between the two.
 */
@ProviderType
public interface SystemControl {

    /** Does nothing; what an unattached device (a unit test's) gets. */
    SystemControl NONE = new SystemControl() {
        @Override
        public void requestShutdown() {
        }

        @Override
        public void requestReset() {
        }

        @Override
        public void requestExit(int status) {
        }

        @Override
        public long nowNs(ClockType type) {
            return 0;
        }

        @Override
        public Timer newTimer(ClockType type, TimerCallback callback) {
            return new InertTimer(type);
        }
    };

    /** The guest powers off (ACPI S5, a power-off register). Any thread. */
    void requestShutdown();

    /** The guest resets the machine (reset control register, keyboard controller pulse). Any thread. */
    void requestReset();

    /**
     * Ends the emulator with process exit status {@code status} once the main loop has stopped the VM in order
     * (QEMU's isa-debug-exit calls exit() at once). Any thread.
     */
    void requestExit(int status);

    /**
     * The current time of one of the machine's clocks. Devices that model guest-visible time (timers, the RTC's
     * update cycle, a TSC) use {@link ClockType#VIRTUAL}, which stops while the VM is paused.
     */
    long nowNs(ClockType type);

    /**
     * A new, unarmed timer on one of the machine's clocks. Arm it with {@link Timer#modNs(long)} (an absolute
     * deadline on that clock); {@link Timer#free()} it in unrealize.
     */
    Timer newTimer(ClockType type, TimerCallback callback);

    /**
     * The firmware or option ROM file called {@code name} (QEMU's qemu_find_file for BIOS files): {@code name} itself
     * if it is an existing file, else the first match in the run's data directories ({@code -L} and the configured
     * ones). Empty if there is none; an unattached device finds nothing.
     */
    default Optional<Path> findDataFile(String name) {
        return Optional.empty();
    }

    /** The timer of {@link #NONE}: keeps its deadline, never fires. */
    final class InertTimer implements Timer {
        private final ClockType type;
        private long expire = -1;

        InertTimer(ClockType type) {
            this.type = type;
        }

        @Override
        public ClockType clockType() {
            return type;
        }

        @Override
        public void modNs(long deadlineNs) {
            expire = deadlineNs;
        }

        @Override
        public void del() {
            expire = -1;
        }

        @Override
        public boolean pending() {
            return expire >= 0;
        }

        @Override
        public long expireTime() {
            return expire;
        }

        @Override
        public void free() {
            expire = -1;
        }
    }
}
