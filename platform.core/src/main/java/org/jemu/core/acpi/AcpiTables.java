package org.jemu.core.acpi;

import java.util.List;

/**
 * The fixed-layout ACPI tables of QEMU's x86 machines (hw/acpi/aml-build.c, hw/i386/acpi-build.c and acpi-common.c),
 * written into the blob of {@link #TABLES_FILE} with the loader commands that patch their pointers and checksums.
 * A board builds FACS, DSDT, FADT, MADT and its other tables in that blob, lists them in an RSDT and points an RSDP
 * (its own blob, {@link #RSDP_FILE}, in the F segment) at it; see the pc board's PcAcpi for the sequence.
 */
public final class AcpiTables {

    /** The fw_cfg file of the tables (QEMU's ACPI_BUILD_TABLE_FILE). */
    public static final String TABLES_FILE = "etc/acpi/tables";
    /** The fw_cfg file of the RSDP (QEMU's ACPI_BUILD_RSDP_FILE). */
    public static final String RSDP_FILE = "etc/acpi/rsdp";
    /** QEMU pads the tables blob to a multiple of this (ACPI_BUILD_TABLE_SIZE), keeping its size stable. */
    public static final int TABLES_ALIGNMENT = 0x20000;
    /** QEMU pads the loader commands to a multiple of this (ACPI_BUILD_ALIGN_SIZE). */
    public static final int LOADER_ALIGNMENT = 0x1000;
    /** The FACS must be 64-byte aligned, so the tables blob is, and the FACS comes first. */
    public static final int FACS_ALIGNMENT = 64;
    public static final int FACS_LENGTH = 64;

    /** FADT flags (ACPI 6.4 table 5.10). */
    public static final int FADT_F_WBINVD = 1;
    public static final int FADT_F_PROC_C1 = 1 << 2;
    public static final int FADT_F_SLP_BUTTON = 1 << 5;
    public static final int FADT_F_RTC_S4 = 1 << 7;
    public static final int FADT_F_RESET_REG_SUP = 1 << 10;
    public static final int FADT_F_USE_PLATFORM_CLOCK = 1 << 15;
    public static final int FADT_F_FORCE_APIC_CLUSTER_MODEL = 1 << 18;
    /** FADT revision 1 (ACPI 1.0) is 116 bytes; revision 3 (ACPI 2.0) 244. */
    public static final int FADT_REV1_LENGTH = 116;
    public static final int FADT_REV3_LENGTH = 244;
    /** Offsets of the FADT's pointers. */
    public static final int FADT_FIRMWARE_CTRL = 36;
    public static final int FADT_DSDT = 40;
    public static final int FADT_X_DSDT = 140;
    /** The CMOS century register index QEMU's FADT names (RTC_CENTURY). */
    public static final int RTC_CENTURY = 0x32;

    /** MADT structure types. */
    public static final int MADT_LOCAL_APIC = 0;
    public static final int MADT_IO_APIC = 1;
    public static final int MADT_INTERRUPT_OVERRIDE = 2;
    public static final int MADT_LOCAL_APIC_NMI = 4;
    public static final int MADT_LOCAL_X2APIC = 9;
    public static final int MADT_LOCAL_X2APIC_NMI = 10;
    /** The local APIC's default physical address. */
    public static final long APIC_DEFAULT_ADDRESS = 0xfee00000L;
    /** Interrupt source override flags: bus conformant; active high, level triggered. */
    public static final int OVERRIDE_CONFORMS = 0;
    public static final int OVERRIDE_LEVEL_HIGH = 0xd;

    /** The RSDP's size in ACPI 1.0 (revision 0) and 2.0 (revision 2). */
    public static final int RSDP_V1_LENGTH = 20;
    public static final int RSDP_V2_LENGTH = 36;

    private AcpiTables() {
    }

    /**
     * The FADT's contents (QEMU's AcpiFadtData): revision 1 (116 bytes, 32-bit blocks only) or 3 (244, with the
     * reset register and the X_ fields). The PM1a event (4 bytes), PM1a control (2) and PM timer (4) blocks sit at
     * {@code pmIoBase} + 0, 4, 8 in system I/O, as on PIIX4 and ICH9.
     *
     * @param smiCommand  SMI_CMD port (0: no SMM, the OS finds ACPI mode already on)
     * @param resetRegister the RESET_REG generic address (revision 3; null for none)
     */
    public record Fadt(int revision, int flags, int sciInterrupt, int smiCommand, int acpiEnable, int acpiDisable,
            int pmIoBase, int gpe0Block, int gpe0Length, int rtcCentury, int iapcBootArch, Gas resetRegister,
            int resetValue) {

        public Fadt {
            if (revision != 1 && revision != 3) throw new IllegalArgumentException("FADT revision " + revision
                    + " is not supported (1 or 3)");
        }
    }

    /** An ACPI Generic Address Structure. */
    public record Gas(int spaceId, int bitWidth, int bitOffset, int accessSize, long address) {

        /** A register of {@code bytes} bytes in system I/O at {@code port}. */
        public static Gas io(int port, int bytes) {
            return new Gas(TableData.GAS_SYSTEM_IO, bytes * 8, 0, 0, port);
        }

        void appendTo(TableData d) {
            d.gas(spaceId, bitWidth, bitOffset, accessSize, address);
        }
    }

    /** A local APIC entry of the MADT (and of a processor's _MAT). */
    public record LocalApic(int processorUid, int apicId, boolean enabled) {
    }

    /** An I/O APIC entry of the MADT. */
    public record IoApic(int id, long address, int gsiBase) {
    }

    /** An interrupt source override: ISA {@code source} arrives on {@code gsi} with MPS INTI {@code flags}. */
    public record InterruptOverride(int source, int gsi, int flags) {
    }

    // ---- tables -------------------------------------------------------------------------------------------------

    /** The FACS (ACPI 1.0b 5.2.6): signature, length 64, the rest zero. Not checksummed. Returns its offset. */
    public static int facs(TableData d) {
        int at = d.length();
        d.ascii("FACS", 4, '\0').u32(FACS_LENGTH).u32(0).u32(0).u32(0).u32(0).zeros(40);
        return at;
    }

    /**
     * The FADT ("FACP") with FIRMWARE_CTRL, DSDT (and for revision 3 X_DSDT) pointing at {@code facsOffset} and
     * {@code dsdtOffset} of {@link #TABLES_FILE} (QEMU's build_fadt). Returns its offset.
     */
    public static int fadt(TableData d, BiosLinker linker, Fadt f, int facsOffset, int dsdtOffset) {
        AcpiTable t = AcpiTable.begin(d, "FACP", f.revision());
        d.u32(0);                                       // FIRMWARE_CTRL
        linker.addPointer(TABLES_FILE, t.start() + FADT_FIRMWARE_CTRL, 4, TABLES_FILE, facsOffset);
        d.u32(0);                                       // DSDT
        linker.addPointer(TABLES_FILE, t.start() + FADT_DSDT, 4, TABLES_FILE, dsdtOffset);
        d.u8(1)                                         // INT_MODEL (1.0) / reserved: multiple APIC
                .u8(0)                                  // Preferred_PM_Profile: unspecified
                .u16(f.sciInterrupt())
                .u32(f.smiCommand())
                .u8(f.acpiEnable())
                .u8(f.acpiDisable())
                .u8(0)                                  // S4BIOS_REQ
                .u8(0)                                  // PSTATE_CNT
                .u32(f.pmIoBase())                      // PM1a_EVT_BLK
                .u32(0)                                 // PM1b_EVT_BLK
                .u32(f.pmIoBase() + 4)                  // PM1a_CNT_BLK
                .u32(0)                                 // PM1b_CNT_BLK
                .u32(0)                                 // PM2_CNT_BLK
                .u32(f.pmIoBase() + 8)                  // PM_TMR_BLK
                .u32(f.gpe0Block())
                .u32(0)                                 // GPE1_BLK
                .u8(4).u8(2).u8(0).u8(4)                // PM1_EVT_LEN, PM1_CNT_LEN, PM2_CNT_LEN, PM_TMR_LEN
                .u8(f.gpe0Length())
                .u8(0).u8(0).u8(0)                      // GPE1_BLK_LEN, GPE1_BASE, CST_CNT
                .u16(0xfff).u16(0xfff)                  // P_LVL2_LAT, P_LVL3_LAT: C2 and C3 not supported
                .u16(0).u16(0)                          // FLUSH_SIZE, FLUSH_STRIDE
                .u8(0).u8(0)                            // DUTY_OFFSET, DUTY_WIDTH
                .u8(0).u8(0)                            // DAY_ALRM, MON_ALRM
                .u8(f.rtcCentury())
                .u16(f.revision() == 1 ? 0 : f.iapcBootArch())
                .u8(0)
                .u32(f.flags());
        if (f.revision() >= 3) {
            Gas reset = f.resetRegister() != null ? f.resetRegister() : new Gas(0, 0, 0, 0, 0);
            reset.appendTo(d);
            d.u8(f.resetValue()).zeros(3)
                    .u64(0);                            // X_FIRMWARE_CTRL (FIRMWARE_CTRL is set)
            d.u64(0);                                   // X_DSDT
            linker.addPointer(TABLES_FILE, t.start() + FADT_X_DSDT, 8, TABLES_FILE, dsdtOffset);
            Gas.io(f.pmIoBase(), 4).appendTo(d);        // X_PM1a_EVT_BLK
            d.gas(0, 0, 0, 0, 0);                       // X_PM1b_EVT_BLK
            Gas.io(f.pmIoBase() + 4, 2).appendTo(d);    // X_PM1a_CNT_BLK
            d.gas(0, 0, 0, 0, 0).gas(0, 0, 0, 0, 0);    // X_PM1b_CNT_BLK, X_PM2_CNT_BLK
            Gas.io(f.pmIoBase() + 8, 4).appendTo(d);    // X_PM_TMR_BLK
            Gas.io(f.gpe0Block(), f.gpe0Length()).appendTo(d);
            d.gas(0, 0, 0, 0, 0);                       // X_GPE1_BLK
        }
        t.end(linker, TABLES_FILE);
        return t.start();
    }

    /**
     * The MADT ("APIC", revision 1, QEMU's acpi_build_madt): local APIC address 0xfee00000 and PCAT_COMPAT, one local
     * APIC (or x2APIC for IDs above 254) per possible CPU, the I/O APICs, the interrupt source overrides and a local
     * APIC NMI on LINT1 for all processors (the x2APIC form when any ID needs it). Returns its offset.
     */
    public static int madt(TableData d, BiosLinker linker, List<LocalApic> cpus, List<IoApic> ioApics,
            List<InterruptOverride> overrides) {
        AcpiTable t = AcpiTable.begin(d, "APIC", 1);
        d.u32(APIC_DEFAULT_ADDRESS).u32(1);             // PCAT_COMPAT: there are 8259s too
        boolean x2apic = false;
        for (LocalApic c : cpus) {
            madtCpu(d, c);
            x2apic |= c.apicId() > 254;
        }
        for (IoApic io : ioApics) {
            d.u8(MADT_IO_APIC).u8(12).u8(io.id()).u8(0).u32(io.address()).u32(io.gsiBase());
        }
        for (InterruptOverride o : overrides) {
            d.u8(MADT_INTERRUPT_OVERRIDE).u8(10).u8(0).u8(o.source()).u32(o.gsi()).u16(o.flags());
        }
        if (x2apic) {
            d.u8(MADT_LOCAL_X2APIC_NMI).u8(12).u16(0).u32(0xffff_ffffL).u8(1).zeros(3);
        } else {
            d.u8(MADT_LOCAL_APIC_NMI).u8(6).u8(0xff).u16(0).u8(1);
        }
        t.end(linker, TABLES_FILE);
        return t.start();
    }

    /** One processor's MADT entry: Processor Local APIC (8 bytes) or, for APIC IDs above 254, Local x2APIC (16). */
    public static void madtCpu(TableData d, LocalApic c) {
        int flags = c.enabled() ? 1 : 0;
        if (c.apicId() < 255) {
            d.u8(MADT_LOCAL_APIC).u8(8).u8(c.processorUid()).u8(c.apicId()).u32(flags);
        } else {
            d.u8(MADT_LOCAL_X2APIC).u8(16).u16(0).u32(c.apicId()).u32(flags).u32(c.processorUid());
        }
    }

    /**
     * The HPET description table (IA-PC HPET 1.0a 3.2.4, QEMU's build_hpet): event timer block ID, the base address
     * in system memory, HPET number 0, minimum periodic tick 0, no page protection. Returns its offset.
     */
    public static int hpet(TableData d, BiosLinker linker, int blockId, long base) {
        AcpiTable t = AcpiTable.begin(d, "HPET", 1);
        d.u32(blockId & 0xffff_ffffL).gas(TableData.GAS_SYSTEM_MEMORY, 0, 0, 0, base).u8(0).u16(0).u8(0);
        t.end(linker, TABLES_FILE);
        return t.start();
    }

    /**
     * The MCFG (PCI Firmware Specification 3.0 4.1.2, QEMU's build_mcfg, revision 1): 8 reserved bytes, then one
     * configuration space allocation: the ECAM window at {@code base} for segment 0, buses 0 to
     * {@code size / 1 MiB - 1}. Returns its offset.
     */
    public static int mcfg(TableData d, BiosLinker linker, long base, long size) {
        AcpiTable t = AcpiTable.begin(d, "MCFG", 1);
        d.zeros(8).u64(base).u16(0).u8(0).u8((int) (size >> 20) - 1).u32(0);
        t.end(linker, TABLES_FILE);
        return t.start();
    }

    /** The WAET (Windows ACPI Emulated Devices Table): "ACPI PM timer good" (bit 1). Returns its offset. */
    public static int waet(TableData d, BiosLinker linker) {
        AcpiTable t = AcpiTable.begin(d, "WAET", 1);
        d.u32(1 << 1);
        t.end(linker, TABLES_FILE);
        return t.start();
    }

    /** The RSDT: a 32-bit pointer to each table at {@code tableOffsets} of {@link #TABLES_FILE}. Returns its offset. */
    public static int rsdt(TableData d, BiosLinker linker, List<Integer> tableOffsets) {
        return sdt(d, linker, "RSDT", 4, tableOffsets);
    }

    /** The XSDT: a 64-bit pointer to each table. Returns its offset. */
    public static int xsdt(TableData d, BiosLinker linker, List<Integer> tableOffsets) {
        return sdt(d, linker, "XSDT", 8, tableOffsets);
    }

    private static int sdt(TableData d, BiosLinker linker, String sig, int size, List<Integer> tableOffsets) {
        AcpiTable t = AcpiTable.begin(d, sig, 1);
        for (int off : tableOffsets) {
            int entry = d.length();
            d.le(0, size);
            linker.addPointer(TABLES_FILE, entry, size, TABLES_FILE, off);
        }
        t.end(linker, TABLES_FILE);
        return t.start();
    }

    /**
     * The RSDP in its own blob, allocated 16-byte aligned in the F segment (QEMU's build_rsdp): revision 0 (20 bytes,
     * pointing at the RSDT at {@code rsdtOffset}) or, with an XSDT, revision 2 (36 bytes, with the extended
     * checksum). {@code rsdp} must be empty and is registered with the linker here.
     */
    public static void rsdp(TableData rsdp, BiosLinker linker, String oemId, Integer rsdtOffset, Integer xsdtOffset) {
        if (rsdp.length() != 0) throw new IllegalArgumentException("the RSDP blob must start empty");
        if (rsdtOffset == null && xsdtOffset == null) throw new IllegalArgumentException("an RSDP needs an RSDT or XSDT");
        int revision = xsdtOffset == null ? 0 : 2;
        linker.allocate(RSDP_FILE, rsdp, 16, BiosLinker.Zone.FSEG);
        rsdp.ascii("RSD PTR ", 8, '\0').u8(0).ascii(oemId, 6, '\0').u8(revision).u32(0);
        if (rsdtOffset != null) linker.addPointer(RSDP_FILE, 16, 4, TABLES_FILE, rsdtOffset);
        linker.addChecksum(RSDP_FILE, 0, RSDP_V1_LENGTH, 8);
        if (revision == 0) return;
        rsdp.u32(RSDP_V2_LENGTH).u64(0).u8(0).zeros(3);
        linker.addPointer(RSDP_FILE, 24, 8, TABLES_FILE, xsdtOffset);
        linker.addChecksum(RSDP_FILE, 0, RSDP_V2_LENGTH, 32);
    }
}
