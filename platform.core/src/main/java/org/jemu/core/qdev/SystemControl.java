package org.jemu.core.qdev;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a device may ask of the system it runs in (QEMU's qemu_system_*_request family): power off, reset, or end
 * the emulator with a status. Handed to every device by the runtime before realize ({@link Device#system()}); a
 * device never reaches for the machine.
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
}
