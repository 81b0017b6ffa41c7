package org.jemu.core.pc;

import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.Machine;
import org.jemu.core.qom.QomException;
import org.jemu.core.rtc.CmosRam;

/**
 * What QEMU's pc_cmos_init leaves in the RTC's CMOS RAM for the firmware: memory sizes (base, extended, 16 MiB-4 GiB
 * in 64 KiB units, above 4 GiB), the number of CPUs, the boot order (letters a, c, d, n as 1-4 in 0x3d and 0x38,
 * floppy signature check on) and the equipment byte (FPU, PS/2 mouse). Drive geometry bytes (0x10, 0x12, 0x19-0x1b,
 * 0x39) stay zero: no drives exist until the storage issue.
 */
public final class PcCmos {

    /** The name boards give the RTC device whose CMOS this fills. */
    public static final String RTC = "rtc";

    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final int BASE_MEM_LO = 0x15;
    static final int EXT_MEM_LO = 0x17;
    static final int EXT_MEM_LO_2 = 0x30;
    static final int MEM_ABOVE_16M_LO = 0x34;
    static final int MEM_ABOVE_4G_LO = 0x5b;
    static final int CPU_COUNT = 0x5f;
    static final int BOOT_DEVICES_12 = 0x3d;
    static final int BOOT_DEVICE_3 = 0x38;
    static final int EQUIPMENT = 0x14;
    static final int EQUIPMENT_FPU = 0x02;
    static final int EQUIPMENT_PS2_MOUSE = 0x04;
    /** QEMU's default_boot_order for PCs: disk, floppy, CD-ROM. */
    static final String DEFAULT_BOOT_ORDER = "cad";

    private PcCmos() {
    }

    /** For an AFTER_DEVICES hook (the RTC, device {@value #RTC}, exists; without it nothing happens). */
    public static void populate(BoardContext ctx) {
        Machine m = ctx.machine();
        if (m.child(RTC).isEmpty() || !(ctx.device(RTC) instanceof CmosRam cmos)) return;
        long below = m.ramBelow4g();
        long base = Math.min(below / KIB, 640);
        put16(cmos, BASE_MEM_LO, base);
        long ext = below > MIB ? Math.min((below - MIB) / KIB, 0xffff) : 0;
        put16(cmos, EXT_MEM_LO, ext);
        put16(cmos, EXT_MEM_LO_2, ext);
        long high = below > 16 * MIB ? Math.min((below - 16 * MIB) / (64 * KIB), 0xffff) : 0;
        put16(cmos, MEM_ABOVE_16M_LO, high);
        long above = m.ramAbove4g() / (64 * KIB);
        cmos.cmosWrite(MEM_ABOVE_4G_LO, (int) above);
        cmos.cmosWrite(MEM_ABOVE_4G_LO + 1, (int) (above >> 8));
        cmos.cmosWrite(MEM_ABOVE_4G_LO + 2, (int) (above >> 16));
        cmos.cmosWrite(CPU_COUNT, ctx.config().cpus() - 1);
        String order = m.getString("boot-order");
        int[] dev = bootDevices(order == null || order.isEmpty() ? DEFAULT_BOOT_ORDER : order);
        cmos.cmosWrite(BOOT_DEVICES_12, dev[1] << 4 | dev[0]);
        cmos.cmosWrite(BOOT_DEVICE_3, dev[2] << 4);
        cmos.cmosWrite(EQUIPMENT, EQUIPMENT_FPU | EQUIPMENT_PS2_MOUSE);
    }

    /**
     * QEMU's set_boot_dev: up to three devices, a=1 c=2 d=3 n=4, 0 for none.
     *
     * @throws QomException for more than three devices or an unknown letter
     */
    public static int[] bootDevices(String order) {
        if (order.length() > 3) throw new QomException("Too many boot devices for PC: '" + order + "'");
        int[] dev = new int[3];
        for (int i = 0; i < order.length(); i++) {
            dev[i] = switch (order.charAt(i)) {
                case 'a' -> 1;
                case 'c' -> 2;
                case 'd' -> 3;
                case 'n' -> 4;
                default -> throw new QomException("Invalid boot device for PC: '" + order.charAt(i) + "'");
            };
        }
        return dev;
    }

    private static void put16(CmosRam cmos, int index, long value) {
        cmos.cmosWrite(index, (int) value);
        cmos.cmosWrite(index + 1, (int) (value >> 8));
    }
}
