package org.jemu.plugin.q35.internal;

import org.jemu.core.pci.Pam;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Q35 memory controller hub as QEMU 7.2 models it (hw/pci-host/q35.c, type {@value #TYPE}, 8086:29c0 rev 00,
 * host bridge class 0x0600), the function at 00.0 of a {@link Q35PciHost}'s bus.
 *
 * <h2>PCIEXBAR (0x60, 64-bit): the ECAM window</h2>
 * Bit 0 enables, bits 2:1 give the length (0 = 256 MiB, 1 = 128 MiB, 2 = 64 MiB), the base is bits 35:28 (256 MiB),
 * 35:27 (128 MiB) or 35:26 (64 MiB). Each write remaps the host's window (QEMU's mch_update_pciexbar). The reserved
 * length 3 is a guest error: the window stays as it was. Reset value 0xb0000000, disabled; SeaBIOS writes
 * 0xb0000001 ("PCIe: using q35 mmconfig at 0xb0000000"). The base bits follow the datasheet; QEMU 7.2 takes bits 26
 * and 25 instead of 27 and 26 for the smaller windows (a bug fixed later), which only matters for 128/64 MiB windows
 * not aligned to 256 MiB. Every bit of the register is writable and reads back, as in QEMU.
 *
 * <h2>PAM0..PAM6 (0x90..0x96)</h2>
 * Shadowing of 0xC0000-0xFFFFF as on the i440FX ({@link Pam}): PCI memory, read-only RAM or RAM per segment.
 *
 * <h2>SMRAM (0x9d) and ESMRAMC (0x9e)</h2>
 * SMRAM resets to 0x02 (C_BASE_SEG 010b, read-only); D_OPEN, D_CLS, D_LCK and G_SMRAME are writable. ESMRAMC resets
 * to 0x38 (SM_CACHE, SM_L1, SM_L2, read-only); H_SMRAME, TSEG_SZ and T_EN are writable. What non-SMM accesses see
 * (QEMU's mch_update_smram):
 * <ul>
 * <li>0xA0000-0xBFFFF shows PCI memory (the VGA window), except with D_OPEN and not H_SMRAME, when the RAM below
 *     shows. With D_OPEN and H_SMRAME the same RAM shows at 0xFEDA0000 instead.</li>
 * <li>With T_EN and G_SMRAME, TSEG (1, 2 or 8 MiB, or {@code extended-tseg-mbytes} MiB for TSEG_SZ 3) at the top of
 *     low RAM, [below-4g-mem-size - size, below-4g-mem-size), is a black hole: reads all-ones, writes dropped, for
 *     CPUs and DMA alike.</li>
 * <li>D_LCK clears D_OPEN and leaves only D_CLS writable, and ESMRAMC read-only, until a reset.</li>
 * </ul>
 * The CPUs do not model System Management Mode, so there is no SMRAM address space: G_SMRAME, D_CLS and the SMM view
 * of 0xA0000, TSEG and SMBASE (QEMU's "smram" region) are kept in the registers only.
 *
 * <h2>Extended TSEG (0x50) and SMBASE (0x9c), QEMU's paravirtual registers</h2>
 * Writing 0xffff to the word at 0x50 makes it read the extended TSEG size in MiB ({@code extended-tseg-mbytes},
 * default 16 for QEMU 7.2's machines, at most 0xfff; 0 disables the feature); other values are stored as written. A
 * reset sets the query and answers it at once, as QEMU's does, so the word reads the size from the start. With
 * {@code smbase-smram} (default on), register 0x9c negotiates QEMU's SMRAM at SMBASE: writing 0xff reads back 0x01
 * (available) and makes bit 1 (lock) the only writable bit; writes before that negotiation are discarded; setting the
 * lock makes 0x30000-0x4FFFF a black hole for non-SMM accesses until reset, as in QEMU. (Firmware that locks it
 * expects an SMM handler there, which jemu's CPUs cannot run.)
 *
 * <h2>Other registers</h2>
 * Every register from 0x40 up is writable storage, as in QEMU; TOLUD (0xb0) and the other DRAM controller registers
 * have no effect (QEMU 7.2 models none of them). The VT-d IOMMU ("iommu" option) is not modelled.
 *
 * <h2>Reset</h2>
 * As QEMU's mch_reset: PCIEXBAR, SMRAM, ESMRAMC (releasing the lock), the extended TSEG query and SMBASE return to
 * their reset values and every window follows; PAM keeps what the guest programmed. The PCI header resets as usual.
 */
public final class Mch extends PciDevice {

    public static final String TYPE = "mch";

    static final int EXT_TSEG_MBYTES = 0x50;
    static final int EXT_TSEG_MBYTES_QUERY = 0xffff;
    static final int EXT_TSEG_MBYTES_MAX = 0xfff;
    static final int EXT_TSEG_MBYTES_DEFAULT = 16;

    static final int PCIEXBAR = 0x60;
    static final long PCIEXBAR_DEFAULT = 0xb000_0000L;
    static final long PCIEXBAR_EN = 1;
    static final int PCIEXBAR_LENGTH_MASK = 0x6;
    static final int PCIEXBAR_LENGTH_256M = 0x0;
    static final int PCIEXBAR_LENGTH_128M = 0x2;
    static final int PCIEXBAR_LENGTH_64M = 0x4;
    /** Base address bits 35:28. */
    static final long PCIEXBAR_ADMSK = 0xf_f000_0000L;
    static final long PCIEXBAR_128ADMSK = 1L << 27;
    static final long PCIEXBAR_64ADMSK = 1L << 26;

    static final int PAM0 = 0x90;

    static final int F_SMBASE = 0x9c;
    static final int F_SMBASE_QUERY = 0xff;
    static final int F_SMBASE_IN_RAM = 0x01;
    static final int F_SMBASE_LCK = 0x02;
    static final long SMBASE_ADDR = 0x30000;
    static final long SMBASE_SIZE = 0x20000;

    static final int SMRAM = 0x9d;
    static final int SMRAM_D_OPEN = 0x40;
    static final int SMRAM_D_CLS = 0x20;
    static final int SMRAM_D_LCK = 0x10;
    static final int SMRAM_G_SMRAME = 0x08;
    /** C_BASE_SEG: SMRAM at 0xA0000, hardwired. */
    static final int SMRAM_DEFAULT = 0x02;
    static final int SMRAM_WMASK = SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME;
    static final int SMRAM_WMASK_LCK = SMRAM_D_CLS;
    static final long SMRAM_C_BASE = 0xa0000;
    static final long SMRAM_C_SIZE = 0x20000;
    /** Where the open SMRAM shows with H_SMRAME. */
    static final long SMRAM_HIGH_BASE = 0xfeda_0000L;

    static final int ESMRAMC = 0x9e;
    static final int ESMRAMC_H_SMRAME = 0x80;
    static final int ESMRAMC_TSEG_SZ_MASK = 0x06;
    static final int ESMRAMC_TSEG_SZ_1MB = 0x00;
    static final int ESMRAMC_TSEG_SZ_2MB = 0x02;
    static final int ESMRAMC_TSEG_SZ_8MB = 0x04;
    static final int ESMRAMC_T_EN = 0x01;
    /** SM_CACHE, SM_L1, SM_L2. */
    static final int ESMRAMC_DEFAULT = 0x38;
    static final int ESMRAMC_WMASK = ESMRAMC_H_SMRAME | ESMRAMC_TSEG_SZ_MASK | ESMRAMC_T_EN;

    static final int TOLUD = 0xb0;
    static final long MIB = 1L << 20;
    /** Windows over RAM and PCI memory. */
    static final int OVERLAY = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Mch.class);
    private static final MemoryRegionOps BLACKHOLE = new Blackhole();

    /** The saved state: the configuration space (every chipset register is in it). */
    public record State(PciState pci) {
    }

    private Q35PciHost host;
    private Pam pam;
    private MemoryRegion smramWindow;
    private MemoryRegion openHighSmram;
    private MemoryRegion smbaseBlackhole;
    private MemoryRegion tsegBlackhole;
    private int extTsegMbytes;
    private boolean smbaseSmram;

    public Mch(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciDevice.TYPE).factory(Mch::new).description("Host bridge")
                .classInit(Mch::declare).build();
    }

    private static void declare(TypeClass c) {
        c.set(VENDOR_ID, 0x8086).set(DEVICE_ID, 0x29c0).set(REVISION, 0x00).set(CLASS_ID, 0x0600)
                .set(CATEGORY, DeviceCategory.BRIDGE).set(USER_CREATABLE, false).set(HOTPLUGGABLE, false);
        c.property(PropertyDef.uint16("extended-tseg-mbytes").defaultValue((long) EXT_TSEG_MBYTES_DEFAULT)
                .description("TSEG size in MiB for TSEG_SZ 3, reported at 0x50 (0: no extended TSEG)"));
        c.property(PropertyDef.bool("smbase-smram").defaultValue(true)
                .description("offer QEMU's SMRAM at SMBASE (register 0x9c)"));
    }

    @Override
    protected void pciRealize() {
        if (!(pciBus().parentDevice() instanceof Q35PciHost h)) {
            throw new RealizeException(describe() + " works only on the bus of a " + Q35PciHost.TYPE);
        }
        extTsegMbytes = (int) getLong("extended-tseg-mbytes");
        if (extTsegMbytes > EXT_TSEG_MBYTES_MAX) {
            throw new RealizeException(describe() + ": invalid extended-tseg-mbytes value: " + extTsegMbytes
                    + " (at most " + EXT_TSEG_MBYTES_MAX + ")");
        }
        smbaseSmram = getBool("smbase-smram");
        host = h;
        MemoryRegion system = host.systemMemory();
        pam = Pam.map(this, system, host.pciMemory(), host.ram());
        smramWindow = overlay(system, MemoryRegion.alias("smram-region", host.pciMemory(), SMRAM_C_BASE, SMRAM_C_SIZE),
                SMRAM_C_BASE);
        openHighSmram = overlay(system, MemoryRegion.alias("smram-open-high", host.ram(), SMRAM_C_BASE, SMRAM_C_SIZE),
                SMRAM_HIGH_BASE);
        smbaseBlackhole = overlay(system, MemoryRegion.io("smbase-blackhole", SMBASE_SIZE, BLACKHOLE), SMBASE_ADDR);
        setPowerOnRegisters();
        updateAll();
    }

    private MemoryRegion overlay(MemoryRegion system, MemoryRegion region, long address) {
        region.setOwner(this);
        region.setEnabled(false);
        system.addSubregionOverlap(address, region, OVERLAY);
        return region;
    }

    @Override
    protected void pciUnrealize() {
        if (pam != null) pam.unmap();
        remove(smramWindow);
        remove(openHighSmram);
        remove(smbaseBlackhole);
        remove(tsegBlackhole);
        tsegBlackhole = null;
        if (host != null && host.ecam() != null) host.ecam().unmap();
    }

    private static void remove(MemoryRegion r) {
        if (r != null && r.container() != null) r.container().removeSubregion(r);
    }

    // ---- registers ----------------------------------------------------------------------------------------------

    @Override
    public void configWrite(int address, int value, int size) {
        int smbaseBefore = configByte(F_SMBASE);
        super.configWrite(address, value, size);
        if (overlaps(address, size, PAM0, Pam.REGISTERS)) pam.update(this, PAM0);
        if (overlaps(address, size, PCIEXBAR, 8)) updatePciexbar();
        if (overlaps(address, size, SMRAM, 2)) updateSmram();
        if (overlaps(address, size, EXT_TSEG_MBYTES, 2)) updateExtTsegMbytes();
        if (overlaps(address, size, F_SMBASE, 1)) updateSmbase(smbaseBefore);
    }

    private long pciexbar() {
        return (configLong(PCIEXBAR) & 0xffff_ffffL) | (long) configLong(PCIEXBAR + 4) << 32;
    }

    /** Maps the ECAM window as PCIEXBAR says (QEMU's mch_update_pciexbar). */
    private void updatePciexbar() {
        long bar = pciexbar();
        long mask = PCIEXBAR_ADMSK;
        long length;
        switch ((int) bar & PCIEXBAR_LENGTH_MASK) {
            case PCIEXBAR_LENGTH_256M -> length = 256 * MIB;
            case PCIEXBAR_LENGTH_128M -> {
                length = 128 * MIB;
                mask |= PCIEXBAR_128ADMSK;
            }
            case PCIEXBAR_LENGTH_64M -> {
                length = 64 * MIB;
                mask |= PCIEXBAR_128ADMSK | PCIEXBAR_64ADMSK;
            }
            default -> {
                LOG.debug("{}: guest error: reserved PCIEXBAR length (0x{}), the MMCONFIG window stays as it was",
                        describe(), Long.toHexString(bar));
                return;
            }
        }
        host.mmcfgUpdate((bar & PCIEXBAR_EN) != 0, bar & mask, length);
    }

    /** The SMRAM lock and what non-SMM accesses see of SMRAM and TSEG (QEMU's mch_update_smram). */
    private void updateSmram() {
        if ((configByte(SMRAM) & SMRAM_D_LCK) != 0) {
            setConfigByte(SMRAM, configByte(SMRAM) & ~SMRAM_D_OPEN);
            setWriteMask(SMRAM, 1, SMRAM_WMASK_LCK);
            setWriteMask(ESMRAMC, 1, 0);
        }
        int smram = configByte(SMRAM);
        int esmramc = configByte(ESMRAMC);
        boolean high = (esmramc & ESMRAMC_H_SMRAME) != 0;
        boolean open = (smram & SMRAM_D_OPEN) != 0;
        smramWindow.setEnabled(!open || high);
        openHighSmram.setEnabled(open && high);
        boolean tseg = (esmramc & ESMRAMC_T_EN) != 0 && (smram & SMRAM_G_SMRAME) != 0;
        placeTsegBlackhole(tseg ? tsegSize(esmramc) : 0);
    }

    private long tsegSize(int esmramc) {
        return switch (esmramc & ESMRAMC_TSEG_SZ_MASK) {
            case ESMRAMC_TSEG_SZ_1MB -> MIB;
            case ESMRAMC_TSEG_SZ_2MB -> 2 * MIB;
            case ESMRAMC_TSEG_SZ_8MB -> 8 * MIB;
            default -> extTsegMbytes * MIB;
        };
    }

    /** The black hole over the top {@code size} bytes of low RAM (none for 0). */
    private void placeTsegBlackhole(long size) {
        long top = host.below4g();
        if (Long.compareUnsigned(size, top) > 0) {
            LOG.debug("{}: guest error: TSEG of {} MiB is larger than the {} MiB of low RAM; the black hole covers"
                    + " it all", describe(), size / MIB, top / MIB);
            size = top;
        }
        if (tsegBlackhole != null && tsegBlackhole.size() == size) return;
        remove(tsegBlackhole);
        tsegBlackhole = null;
        if (size == 0) return;
        tsegBlackhole = MemoryRegion.io("tseg-blackhole", size, BLACKHOLE).setOwner(this);
        host.systemMemory().addSubregionOverlap(top - size, tsegBlackhole, OVERLAY);
    }

    /** The extended TSEG query (QEMU's mch_update_ext_tseg_mbytes). */
    private void updateExtTsegMbytes() {
        if (extTsegMbytes > 0 && configWord(EXT_TSEG_MBYTES) == EXT_TSEG_MBYTES_QUERY) {
            setConfigWord(EXT_TSEG_MBYTES, extTsegMbytes);
        }
    }

    /**
     * QEMU's mch_update_smbase_smram: the register moves from 0 (not negotiated: writes are discarded) through a
     * 0xff query to 0x01 (available) and with the lock bit to 0x02 (locked). Its value alone gives the write mask.
     */
    private void updateSmbase(int before) {
        if (!smbaseSmram) return;
        int reg = configByte(F_SMBASE);
        if (reg == F_SMBASE_QUERY && before == 0) reg = F_SMBASE_IN_RAM;
        else if (before == 0) reg = 0;
        else if ((reg & F_SMBASE_LCK) != 0) reg = F_SMBASE_LCK;
        setConfigByte(F_SMBASE, reg);
        showSmbase();
    }

    private void showSmbase() {
        int reg = configByte(F_SMBASE);
        if (smbaseSmram) setWriteMask(F_SMBASE, 1, reg == 0 ? 0xff : reg == F_SMBASE_LCK ? 0 : F_SMBASE_LCK);
        smbaseBlackhole.setEnabled(smbaseSmram && reg == F_SMBASE_LCK);
    }

    private void updateAll() {
        updatePciexbar();
        pam.update(this, PAM0);
        updateSmram();
        updateExtTsegMbytes();
        showSmbase();
    }

    // ---- reset and state ----------------------------------------------------------------------------------------

    /** The registers QEMU's mch_reset sets, with their write masks. */
    private void setPowerOnRegisters() {
        setConfigLong(PCIEXBAR, (int) PCIEXBAR_DEFAULT);
        setConfigLong(PCIEXBAR + 4, 0);
        setConfigByte(SMRAM, SMRAM_DEFAULT);
        setConfigByte(ESMRAMC, ESMRAMC_DEFAULT);
        setWriteMask(SMRAM, 1, SMRAM_WMASK);
        setWriteMask(ESMRAMC, 1, ESMRAMC_WMASK);
        if (extTsegMbytes > 0) setConfigWord(EXT_TSEG_MBYTES, EXT_TSEG_MBYTES_QUERY);
        setConfigByte(F_SMBASE, 0);
        setWriteMask(F_SMBASE, 1, 0xff);
    }

    @Override
    public void resetHold(ResetType type) {
        if (host == null) return;
        setPowerOnRegisters();
        updateAll();
    }

    public State state() {
        return new State(pciState());
    }

    public void restore(State s) {
        restorePciState(s.pci());
        boolean locked = (configByte(SMRAM) & SMRAM_D_LCK) != 0;
        setWriteMask(SMRAM, 1, locked ? SMRAM_WMASK_LCK : SMRAM_WMASK);
        setWriteMask(ESMRAMC, 1, locked ? 0 : ESMRAMC_WMASK);
        updateAll();
    }

    /** QEMU's blackhole_ops: aligned accesses of up to 4 bytes read all-ones, writes go nowhere. */
    private static final class Blackhole implements MemoryRegionOps {
        private static final AccessConstraints VALID = AccessConstraints.aligned(1, 4);

        @Override
        public long read(long offset, int size) {
            return (1L << (8 * size)) - 1;
        }

        @Override
        public void write(long offset, int size, long value) {
        }

        @Override
        public AccessConstraints valid() {
            return VALID;
        }
    }
}
