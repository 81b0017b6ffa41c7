package org.jemu.core.pc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.jemu.core.fwcfg.FwCfg;
import org.jemu.core.fwcfg.LinuxKernelLoader;
import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.Machine;
import org.jemu.core.qom.QomException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a PC board puts into its fw_cfg device (named {@value #DEVICE}) through the {@link FwCfg} API: QEMU 7.2's
 * contents of a pc or q35 machine without
 * -kernel, -acpitable, -smbios, NUMA nodes or boot indexes: fw_cfg_common_realize (UUID, NOGRAPHIC, BOOT_MENU,
 * "etc/boot-fail-wait"), fw_cfg_arch_create (NB_CPUS, MAX_CPUS, RAM_SIZE, ACPI_TABLES, IRQ0_OVERRIDE, E820_TABLE,
 * "etc/e820", HPET, NUMA), and at machine done / reset "bootorder" and "bios-geometry" (empty without bootindex).
 */
public final class PcFwCfg {

    /** The name boards give their fw_cfg device. */
    public static final String DEVICE = "fw_cfg";

    private static final Logger LOG = LoggerFactory.getLogger(PcFwCfg.class);

    static final long FOUR_GIB = 1L << 32;
    static final int E820_RAM = 1;
    /** struct e820_entry: le64 address, le64 length, le32 type. */
    static final int E820_ENTRY = 20;
    /** The legacy FW_CFG_E820_TABLE: le32 count + 16 entries, reservations only (none on a TCG pc). */
    static final int E820_LEGACY_ENTRIES = 16;
    /** struct hpet_fw_config: u8 count + 8 x {le32 event_timer_block_id, le64 address, le16 min_tick, u8 page_prot}. */
    static final int HPET_FW_ENTRIES = 8;
    static final int HPET_FW_ENTRY = 15;
    public static final long HPET_BASE = 0xfed00000L;
    /** The HPET's capability low half with QEMU's default 3 timers: 0x8086a001 | (3 - 1) << 8. */
    public static final int HPET_BLOCK_ID = 0x8086a201;

    private PcFwCfg() {
    }

    /**
     * For an AFTER_DEVICES hook: what QEMU's fw_cfg realize and fw_cfg_arch_create/pc_memory_init put in, and the
     * kernel with -kernel.
     *
     * @throws QomException if -kernel cannot be loaded
     */
    public static void populate(BoardContext ctx) {
        Machine m = ctx.machine();
        FwCfg fw = (FwCfg) ctx.device(DEVICE);
        fw.addBytes(FwCfg.UUID, new byte[16]);
        fw.addI16(FwCfg.NOGRAPHIC, m.getBool("graphics") ? 0 : 1);
        fw.addI16(FwCfg.BOOT_MENU, m.getBool("boot-menu") ? 1 : 0);
        long splash = m.getLong("boot-splash-time");
        if (splash >= 0) fw.addFile("etc/boot-menu-wait", FwCfg.littleEndian(splash, 2));
        fw.addFile("etc/boot-fail-wait", FwCfg.littleEndian(m.getLong("boot-reboot-timeout"), 4));
        int maxCpus = ctx.config().maxCpus();
        fw.addI16(FwCfg.NB_CPUS, ctx.config().cpus());
        fw.addI16(FwCfg.MAX_CPUS, maxCpus);
        fw.addI64(FwCfg.RAM_SIZE, ctx.config().ramSize());
        fw.addBytes(FwCfg.ACPI_TABLES, new byte[0]);
        fw.addI32(FwCfg.IRQ0_OVERRIDE, 1);
        fw.addBytes(FwCfg.E820_TABLE, new byte[4 + E820_LEGACY_ENTRIES * E820_ENTRY]);
        fw.addFile("etc/e820", e820(m.ramBelow4g(), m.ramAbove4g()));
        fw.addBytes(FwCfg.HPET, hpet(m.getBool("hpet")));
        fw.addBytes(FwCfg.NUMA, new byte[8 * (1 + maxCpus)]);
        if (!m.getBool("graphics")) fw.addFile("etc/sercon-port", FwCfg.littleEndian(SERCON_PORT, 2));
        loadKernel(ctx, fw);
    }

    /** With -nographic QEMU tells SeaBIOS to mirror its console on COM1 ("etc/sercon-port"). */
    public static final int SERCON_PORT = 0x3f8;

    /**
     * "bootorder": QEMU's get_boot_devices_list, one firmware path per line, NUL-terminated: the Linux boot ROM with
     * -kernel (its bootindex is 0), then "HALT" with -boot strict=on; empty without either.
     */
    static byte[] bootOrder(Machine m) {
        String kernel = m.getString("kernel");
        List<String> paths = new ArrayList<>();
        if (kernel != null && !kernel.isEmpty()) paths.add(LinuxKernelLoader.BOOT_DEVICE);
        if (m.getBool("boot-strict")) paths.add("HALT");
        return paths.isEmpty() ? new byte[0] : FwCfg.cString(String.join("\n", paths));
    }

    /** QEMU's acpi_data_size for pc machines: what the initrd leaves free at the top of low RAM for ACPI tables. */
    public static final long ACPI_DATA_SIZE = 0x20000 + 0x8000;

    /** -kernel/-initrd/-append: QEMU's x86_load_linux through fw_cfg and the linuxboot_dma option ROM. */
    static void loadKernel(BoardContext ctx, FwCfg fw) {
        Machine m = ctx.machine();
        String kernel = m.getString("kernel");
        if (kernel == null || kernel.isEmpty()) return;
        String initrd = m.getString("initrd");
        String append = m.getString("append");
        String romName = LinuxKernelLoader.OPTION_ROM;
        Path rom = m.systemControl().findDataFile(romName).orElseThrow(() -> new QomException(
                "-kernel: could not find the option ROM '" + romName + "' (Debian's qemu-system-data ships it; add its"
                        + " directory with -L or JEMU_DATA_PATH)"));
        try {
            LinuxKernelLoader.Loaded l = LinuxKernelLoader.load(fw, Path.of(kernel),
                    initrd == null || initrd.isEmpty() ? null : Path.of(initrd), append == null ? "" : append,
                    m.ramBelow4g(), ACPI_DATA_SIZE, Files.readAllBytes(rom));
            LOG.info("kernel {}: boot protocol {}, setup {} bytes, kernel {} bytes, initrd {} bytes at {}", kernel,
                    Integer.toHexString(l.protocol()), l.setupSize(), l.kernelSize(), l.initrdSize(),
                    Long.toHexString(l.initrdAddr()));
        } catch (IOException e) {
            throw new QomException("-kernel: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new QomException(e.getMessage(), e);
        }
    }

    /** For a MACHINE_DONE hook: QEMU's fw_cfg_machine_reset files (the boot device lists) and pc_machine_done's NB_CPUS. */
    public static void machineDone(BoardContext ctx) {
        FwCfg fw = (FwCfg) ctx.device(DEVICE);
        fw.modifyFile("bootorder", bootOrder(ctx.machine()));
        fw.modifyFile("bios-geometry", new byte[0]);
        fw.modifyI16(FwCfg.NB_CPUS, ctx.config().cpus());
    }

    /** QEMU's AMD HyperTransport hole just below 1 TiB (AMD_HT_START..AMD_HT_END), reserved in the e820 map. */
    static final long AMD_HT_START = 0xfd_0000_0000L;
    static final long AMD_HT_SIZE = 0x100_0000_0000L - AMD_HT_START;
    static final int E820_RESERVED = 2;

    /**
     * "etc/e820": RAM from 0 and from 4 GiB, then the reserved HyperTransport range (QEMU's pc_memory_init adds it for
     * AMD vCPUs with 40 or more physical address bits, which jemu's CPU models all are).
     */
    static byte[] e820(long below4g, long above4g) {
        ByteBuffer b = ByteBuffer.allocate(E820_ENTRY * (above4g > 0 ? 3 : 2)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0).putLong(below4g).putInt(E820_RAM);
        if (above4g > 0) b.putLong(FOUR_GIB).putLong(above4g).putInt(E820_RAM);
        b.putLong(AMD_HT_START).putLong(AMD_HT_SIZE).putInt(E820_RESERVED);
        return b.array();
    }

    /** FW_CFG_HPET: one HPET at 0xfed00000, or count 0xff (QEMU's "none yet") without one. */
    static byte[] hpet(boolean present) {
        ByteBuffer b = ByteBuffer.allocate(1 + HPET_FW_ENTRIES * HPET_FW_ENTRY).order(ByteOrder.LITTLE_ENDIAN);
        if (!present) return b.put((byte) 0xff).array();
        return b.put((byte) 1).putInt(HPET_BLOCK_ID).putLong(HPET_BASE).array();
    }
}
