package org.jemu.plugin.i440fx.internal;

import org.jemu.core.pci.PciDevice;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;

/**
 * The i440FX PCI and memory controller (82441FX) as QEMU 7.2 models it (type {@value #TYPE}, 8086:1237 rev 02,
 * host bridge class 0x0600), the function at 00.0 of an {@link I440fxPciHost}'s bus.
 *
 * <h2>PAM: shadowing of 0xC0000-0xFFFFF</h2>
 * Registers 0x59..0x5f hold the attributes of 13 segments: the high nibble of 0x59 for 0xF0000-0xFFFFF (64 KiB),
 * then low and high nibbles of 0x5a..0x5f for the 16 KiB segments from 0xC0000 up. Bits 1:0 of a nibble (QEMU's
 * pam.c): 0 = every access goes to PCI (the BIOS ROM shows there); 1 = read-only: reads from RAM, writes ignored;
 * 2 and 3 = RAM, read and written. (On hardware mode 2 sends reads to PCI and mode 1 forwards writes to PCI; QEMU
 * models neither, nor does this.) Each segment is a pair of aliases over system memory at priority 1, one into PCI
 * memory, one into RAM, switched by enabling.
 *
 * <h2>SMRAM</h2>
 * Register 0x72 (reset value 0x02: C_BASE_SEG fixed at 010b): while D_OPEN (bit 6) is clear, 0xA0000-0xBFFFF shows
 * PCI memory (the VGA window) over RAM; D_OPEN shows the RAM below. There is no SMM in the CPUs, so G_SMRAME (bit 3)
 * and D_CLS (bit 5) are kept but change nothing (QEMU's SMM address space is not modelled). D_LCK (bit 4) clears
 * D_OPEN and makes D_OPEN, D_LCK and G_SMRAME read-only until a reset, as the datasheet says (QEMU 7.2 ignores it).
 *
 * <h2>Reset</h2>
 * As in QEMU, a system reset resets only the standard PCI header; PAM and SMRAM keep what the guest programmed (the
 * firmware copes, SeaBIOS's qemu_reboot), except that the SMRAM lock is released. Register 0x57 holds the RAM size
 * in 8 MiB units (at most 255), read by old coreboot.
 */
public final class I440fxPmc extends PciDevice {

    public static final String TYPE = "i440FX";

    static final int RAM_SIZE_REG = 0x57;
    static final int PAM0 = 0x59;
    static final int PAM_REGISTERS = 7;
    static final int SMRAM = 0x72;
    static final int SMRAM_D_OPEN = 0x40;
    static final int SMRAM_D_LCK = 0x10;
    static final int SMRAM_G_SMRAME = 0x08;
    /** C_BASE_SEG: SMRAM at 0xA0000, hardwired. */
    static final int SMRAM_RESET = 0x02;
    /** D_OPEN, D_CLS, D_LCK, G_SMRAME. */
    static final int SMRAM_WRITABLE = 0x78;
    static final int SMRAM_WRITABLE_LOCKED = 0x20;

    static final int PAM_SEGMENTS = 13;
    static final long PAM_BIOS_BASE = 0xf0000;
    static final long PAM_BIOS_SIZE = 0x10000;
    static final long PAM_EXPANSION_BASE = 0xc0000;
    static final long PAM_EXPANSION_SIZE = 0x4000;
    static final int PAM_PCI = 0;
    static final int PAM_READ_ONLY = 1;
    static final long SMRAM_BASE = 0xa0000;
    static final long SMRAM_SIZE = 0x20000;
    static final long RAM_SIZE_UNIT = 8L << 20;

    /** The saved state: the configuration space (PAM and SMRAM among it). */
    public record State(PciState pci) {
    }

    private final MemoryRegion[] pamPci = new MemoryRegion[PAM_SEGMENTS];
    private final MemoryRegion[] pamRam = new MemoryRegion[PAM_SEGMENTS];
    private MemoryRegion smramWindow;

    public I440fxPmc(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciDevice.TYPE).factory(I440fxPmc::new).description("Host bridge")
                .classInit(c -> c.set(VENDOR_ID, 0x8086).set(DEVICE_ID, 0x1237).set(REVISION, 0x02)
                        .set(CLASS_ID, 0x0600).set(CATEGORY, DeviceCategory.BRIDGE)
                        .set(USER_CREATABLE, false).set(HOTPLUGGABLE, false))
                .build();
    }

    @Override
    protected void pciRealize() {
        if (!(pciBus().parentDevice() instanceof I440fxPciHost host)) {
            throw new RealizeException(describe() + " works only on the bus of an " + I440fxPciHost.TYPE);
        }
        setConfigByte(SMRAM, SMRAM_RESET);
        setWriteMask(SMRAM, 1, SMRAM_WRITABLE);
        setConfigByte(RAM_SIZE_REG, (int) Math.min(255, host.ramSize() / RAM_SIZE_UNIT));
        MemoryRegion system = host.systemMemory();
        for (int i = 0; i < PAM_SEGMENTS; i++) {
            long start = i == 0 ? PAM_BIOS_BASE : PAM_EXPANSION_BASE + (i - 1) * PAM_EXPANSION_SIZE;
            long size = i == 0 ? PAM_BIOS_SIZE : PAM_EXPANSION_SIZE;
            pamPci[i] = overlay(system, MemoryRegion.alias("pam-pci", host.pciMemory(), start, size), start);
            pamRam[i] = overlay(system, MemoryRegion.alias("pam-ram", host.ram(), start, size), start);
        }
        smramWindow = overlay(system, MemoryRegion.alias("smram-region", host.pciMemory(), SMRAM_BASE, SMRAM_SIZE), SMRAM_BASE);
        updateMemoryMappings();
    }

    private MemoryRegion overlay(MemoryRegion system, MemoryRegion alias, long address) {
        alias.setOwner(this);
        alias.setEnabled(false);
        system.addSubregionOverlap(address, alias, 1);
        return alias;
    }

    @Override
    protected void pciUnrealize() {
        for (int i = 0; i < PAM_SEGMENTS; i++) {
            remove(pamPci[i]);
            remove(pamRam[i]);
        }
        remove(smramWindow);
    }

    private static void remove(MemoryRegion r) {
        if (r != null && r.container() != null) r.container().removeSubregion(r);
    }

    @Override
    public void configWrite(int address, int value, int size) {
        super.configWrite(address, value, size);
        boolean smram = overlaps(address, size, SMRAM, 1);
        if (smram && (configByte(SMRAM) & SMRAM_D_LCK) != 0) {
            setConfigByte(SMRAM, configByte(SMRAM) & ~SMRAM_D_OPEN);
            setWriteMask(SMRAM, 1, SMRAM_WRITABLE_LOCKED);
        }
        if (smram || overlaps(address, size, PAM0, PAM_REGISTERS)) updateMemoryMappings();
    }

    /** Shows, for each PAM segment and the SMRAM window, what the registers select (QEMU's i440fx_update_memory_mappings). */
    private void updateMemoryMappings() {
        for (int i = 0; i < PAM_SEGMENTS; i++) {
            int mode = (configByte(PAM0 + (i + 1) / 2) >> ((i & 1) == 0 ? 4 : 0)) & 3;
            pamPci[i].setEnabled(mode == PAM_PCI);
            pamRam[i].setReadonly(mode == PAM_READ_ONLY);
            pamRam[i].setEnabled(mode != PAM_PCI);
        }
        smramWindow.setEnabled((configByte(SMRAM) & SMRAM_D_OPEN) == 0);
    }

    @Override
    public void resetHold(ResetType type) {
        if ((configByte(SMRAM) & SMRAM_D_LCK) != 0) {
            setConfigByte(SMRAM, configByte(SMRAM) & ~SMRAM_D_LCK);
            setWriteMask(SMRAM, 1, SMRAM_WRITABLE);
        }
    }

    public State state() {
        return new State(pciState());
    }

    public void restore(State s) {
        restorePciState(s.pci());
        boolean locked = (configByte(SMRAM) & SMRAM_D_LCK) != 0;
        setWriteMask(SMRAM, 1, locked ? SMRAM_WRITABLE_LOCKED : SMRAM_WRITABLE);
        updateMemoryMappings();
    }
}
