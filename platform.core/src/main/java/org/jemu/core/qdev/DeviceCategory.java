package org.jemu.core.qdev;

/** The sections of {@code -device help}, in QEMU's order and wording. */
public enum DeviceCategory {
    BRIDGE("Controller/Bridge/Hub devices"),
    USB("USB devices"),
    STORAGE("Storage devices"),
    NETWORK("Network devices"),
    INPUT("Input devices"),
    DISPLAY("Display devices"),
    SOUND("Sound devices"),
    MISC("Misc devices"),
    CPU("CPU devices"),
    WATCHDOG("Watchdog devices"),
    UNCATEGORIZED("Uncategorized devices");

    private final String title;

    DeviceCategory(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
