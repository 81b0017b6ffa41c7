package org.jemu.core.pci;

/**
 * Offsets and bits of the PCI configuration header (type 0), as named by the PCI Local Bus Specification 3.0 and
 * QEMU's pci_regs.h, and the devfn arithmetic (slot in bits 7:3, function in bits 2:0).
 */
public final class PciConfig {

    private PciConfig() {
    }

    /** Bytes of conventional configuration space. */
    public static final int SPACE_SIZE = 0x100;
    /** Bytes of the standard header; device-specific registers follow. */
    public static final int HEADER_SIZE = 0x40;

    public static final int VENDOR_ID = 0x00;
    public static final int DEVICE_ID = 0x02;
    public static final int COMMAND = 0x04;
    public static final int STATUS = 0x06;
    public static final int REVISION_ID = 0x08;
    /** Programming interface (the low byte of the 24-bit class code). */
    public static final int CLASS_PROG = 0x09;
    /** Sub-class (low byte) and base class (high byte). */
    public static final int CLASS_DEVICE = 0x0a;
    public static final int CACHE_LINE_SIZE = 0x0c;
    public static final int LATENCY_TIMER = 0x0d;
    public static final int HEADER_TYPE = 0x0e;
    public static final int BIST = 0x0f;
    public static final int BASE_ADDRESS_0 = 0x10;
    public static final int SUBSYSTEM_VENDOR_ID = 0x2c;
    public static final int SUBSYSTEM_ID = 0x2e;
    public static final int ROM_ADDRESS = 0x30;
    public static final int CAPABILITY_LIST = 0x34;
    public static final int INTERRUPT_LINE = 0x3c;
    /** 0 = no interrupt, 1..4 = INTA#..INTD#. */
    public static final int INTERRUPT_PIN = 0x3d;

    public static final int COMMAND_IO = 0x1;
    public static final int COMMAND_MEMORY = 0x2;
    public static final int COMMAND_MASTER = 0x4;
    public static final int COMMAND_SERR = 0x100;
    public static final int COMMAND_INTX_DISABLE = 0x400;

    /** Read-only: an INTx is asserted by the function. */
    public static final int STATUS_INTERRUPT = 0x08;
    public static final int STATUS_CAP_LIST = 0x10;
    public static final int STATUS_PARITY = 0x100;
    public static final int STATUS_DEVSEL_MEDIUM = 0x200;
    public static final int STATUS_SIG_TARGET_ABORT = 0x800;
    public static final int STATUS_REC_TARGET_ABORT = 0x1000;
    public static final int STATUS_REC_MASTER_ABORT = 0x2000;
    public static final int STATUS_SIG_SYSTEM_ERROR = 0x4000;
    public static final int STATUS_DETECTED_PARITY = 0x8000;

    public static final int HEADER_TYPE_NORMAL = 0x00;
    public static final int HEADER_TYPE_MULTI_FUNCTION = 0x80;

    /** BAR bit 0: an I/O BAR (else memory). */
    public static final int BAR_SPACE_IO = 0x1;
    public static final int BAR_SPACE_MEMORY = 0x0;
    /** Memory BAR bits 2:1 = 10b: a 64-bit BAR taking this slot and the next. */
    public static final int BAR_MEM_TYPE_64 = 0x4;
    public static final int BAR_MEM_PREFETCH = 0x8;
    /** Expansion ROM BAR bit 0: decode enable. */
    public static final int ROM_ADDRESS_ENABLE = 0x1;

    public static final int SLOTS = 32;
    public static final int FUNCTIONS = 8;
    /** INTA#..INTD#. */
    public static final int PINS = 4;

    public static int devfn(int slot, int function) {
        return (slot & 0x1f) << 3 | (function & 7);
    }

    public static int slot(int devfn) {
        return (devfn >> 3) & 0x1f;
    }

    public static int function(int devfn) {
        return devfn & 7;
    }

    /**
     * Parses a device address in QEMU's "addr" syntax: hexadecimal "SS.F" or "SS" (function 0), slot 0..1f,
     * function 0..7.
     *
     * @return the devfn
     * @throws IllegalArgumentException naming the text when it is not such an address
     */
    public static int parseAddress(String text) {
        String t = text.trim();
        int dot = t.indexOf('.');
        try {
            int slot = Integer.parseInt(stripHexPrefix(dot < 0 ? t : t.substring(0, dot)), 16);
            int fn = dot < 0 ? 0 : Integer.parseInt(stripHexPrefix(t.substring(dot + 1)), 16);
            if (slot >= 0 && slot < SLOTS && fn >= 0 && fn < FUNCTIONS) return devfn(slot, fn);
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a PCI address (slot.function in hex: 00..1f, 0..7)");
    }

    /** QEMU's format of a devfn: "SS.F". */
    public static String formatAddress(int devfn) {
        return String.format("%02x.%x", slot(devfn), function(devfn));
    }

    private static String stripHexPrefix(String s) {
        return s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    }
}
