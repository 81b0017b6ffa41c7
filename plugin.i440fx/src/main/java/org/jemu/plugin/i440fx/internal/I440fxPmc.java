package org.jemu.plugin.i440fx.internal;

import org.jemu.core.pci.Pam;
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
 * Registers 0x59..0x5f hold the attributes of 13 segments ({@link Pam}): PCI memory (the BIOS ROM shows there),
 * read-only RAM or RAM.
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
    static final int SMRAM = 0x72;
    static final int SMRAM_D_OPEN = 0x40;
    static final int SMRAM_D_LCK = 0x10;
    static final int SMRAM_G_SMRAME = 0x08;
    /** C_BASE_SEG: SMRAM at 0xA0000, hardwired. */
    static final int SMRAM_RESET = 0x02;
    /** D_OPEN, D_CLS, D_LCK, G_SMRAME. */
    static final int SMRAM_WRITABLE = 0x78;
    static final int SMRAM_WRITABLE_LOCKED = 0x20;

    static final long SMRAM_BASE = 0xa0000;
    static final long SMRAM_SIZE = 0x20000;
    static final long RAM_SIZE_UNIT = 8L << 20;

    /** The saved state: the configuration space (PAM and SMRAM among it). */
    public record State(PciState pci) {
    }

    private Pam pam;
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
        pam = Pam.map(this, system, host.pciMemory(), host.ram());
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
        if (pam != null) pam.unmap();
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
        if (smram || overlaps(address, size, PAM0, Pam.REGISTERS)) updateMemoryMappings();
    }

    /** Shows, for each PAM segment and the SMRAM window, what the registers select (QEMU's i440fx_update_memory_mappings). */
    private void updateMemoryMappings() {
        pam.update(this, PAM0);
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
