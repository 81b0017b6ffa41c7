package org.jemu.plugin.i440fx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.jemu.core.fwcfg.FwCfg;
import org.jemu.core.machine.BoardContext;
import org.jemu.core.machine.Machine;

/**
 * What the pc board puts into its "fw_cfg_io" device through the {@link FwCfg} API: QEMU 7.2's contents of a pc machine without
 * -kernel, -acpitable, -smbios, NUMA nodes or boot indexes: fw_cfg_common_realize (UUID, NOGRAPHIC, BOOT_MENU,
 * "etc/boot-fail-wait"), fw_cfg_arch_create (NB_CPUS, MAX_CPUS, RAM_SIZE, ACPI_TABLES, IRQ0_OVERRIDE, E820_TABLE,
 * "etc/e820", HPET, NUMA), and at machine done / reset "bootorder" and "bios-geometry" (empty without bootindex).
 */
final class PcFwCfg {

    static final long FOUR_GIB = 1L << 32;
    static final int E820_RAM = 1;
    /** struct e820_entry: le64 address, le64 length, le32 type. */
    static final int E820_ENTRY = 20;
    /** The legacy FW_CFG_E820_TABLE: le32 count + 16 entries, reservations only (none on a TCG pc). */
    static final int E820_LEGACY_ENTRIES = 16;
    /** struct hpet_fw_config: u8 count + 8 x {le32 event_timer_block_id, le64 address, le16 min_tick, u8 page_prot}. */
    static final int HPET_FW_ENTRIES = 8;
    static final int HPET_FW_ENTRY = 15;
    static final long HPET_BASE = 0xfed00000L;
    /** The HPET's capability low half with QEMU's default 3 timers: 0x8086a001 | (3 - 1) << 8. */
    static final int HPET_BLOCK_ID = 0x8086a201;

    private PcFwCfg() {
    }

    /** AFTER_DEVICES hook: what QEMU's fw_cfg realize and fw_cfg_arch_create/pc_memory_init put in. */
    static void populate(BoardContext ctx) {
        Machine m = ctx.machine();
        FwCfg fw = (FwCfg) ctx.device("fw_cfg");
        fw.addBytes(FwCfg.UUID, new byte[16]);
        fw.addI16(FwCfg.NOGRAPHIC, m.getBool("graphics") ? 0 : 1);
        fw.addI16(FwCfg.BOOT_MENU, 0);
        fw.addFile("etc/boot-fail-wait", FwCfg.littleEndian(-1, 4));
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
    }

    /** MACHINE_DONE hook: QEMU's fw_cfg_machine_reset files (the boot device lists) and pc_machine_done's NB_CPUS. */
    static void machineDone(BoardContext ctx) {
        FwCfg fw = (FwCfg) ctx.device("fw_cfg");
        fw.modifyFile("bootorder", new byte[0]);
        fw.modifyFile("bios-geometry", new byte[0]);
        fw.modifyI16(FwCfg.NB_CPUS, ctx.config().cpus());
    }

    /** "etc/e820": RAM from 0 and from 4 GiB (QEMU's e820_add_entry calls in pc_memory_init). */
    static byte[] e820(long below4g, long above4g) {
        ByteBuffer b = ByteBuffer.allocate(E820_ENTRY * (above4g > 0 ? 2 : 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0).putLong(below4g).putInt(E820_RAM);
        if (above4g > 0) b.putLong(FOUR_GIB).putLong(above4g).putInt(E820_RAM);
        return b.array();
    }

    /** FW_CFG_HPET: one HPET at 0xfed00000, or count 0xff (QEMU's "none yet") without one. */
    static byte[] hpet(boolean present) {
        ByteBuffer b = ByteBuffer.allocate(1 + HPET_FW_ENTRIES * HPET_FW_ENTRY).order(ByteOrder.LITTLE_ENDIAN);
        if (!present) return b.put((byte) 0xff).array();
        return b.put((byte) 1).putInt(HPET_BLOCK_ID).putLong(HPET_BASE).array();
    }
}
