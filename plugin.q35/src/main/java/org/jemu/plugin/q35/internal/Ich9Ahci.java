package org.jemu.plugin.q35.internal;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.pci.PciConfig;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemTxResult;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICH9 6-port SATA AHCI controller as QEMU 7.2 models it (hw/ide/ich.c and hw/ide/ahci.c, type {@value #TYPE},
 * alias "ahci"): 8086:2922 revision 2, class 01.06 programming interface 01 (AHCI 1.0), INTA#. The q35 board puts it
 * at 1f.2.
 *
 * <h2>Configuration space</h2>
 * BAR4: 32 bytes of I/O, QEMU's "ahci-idp" index/data pair: the index register at 0x10 (bits 11:2 select an ABAR
 * dword), the data register at 0x14 (reads and writes that ABAR register); other offsets read 0 and ignore writes.
 * BAR5: the ABAR, 4 KiB of 32-bit non-prefetchable memory (QEMU's AHCI_MEM_BAR_SIZE; the real part decodes 2 KiB).
 * The SATA capability (ID 0x12) at 0xa8: revision 1.0, BAR location BAR4 at offset 0x10 (0x48). Cache line size 0x08
 * at realize (the bus reset clears it, as QEMU's does) and the address map register 0x90 = 0x40 (AHCI mode), stored
 * only. QEMU also puts an MSI capability at 0x80; jemu's PCI model has no MSI delivery, so the capability is left out
 * and the controller always interrupts through INTx.
 *
 * <h2>HBA registers (ABAR)</h2>
 * CAP 0xc0141f05 (64-bit addressing, NCQ, AHCI only, Gen1 speed, 32 command slots, 6 ports), PI 0x3f, VS 0x00010000.
 * GHC: AE (bit 31) always set; IE (bit 1) writable; writing HR (bit 0) resets the HBA at once (IS, GHC and every port's
 * PxIS, PxIE, PxSCTL cleared, PxCMD to SUD|POD, each port COMRESET) and HR reads 0. IS bit n is set while port n has
 * an enabled status bit (PxIS &amp; PxIE); like QEMU's, it is recomputed on every change, so writing 1 to it clears
 * nothing that is still pending. CCC, EM, CAP2 and BOHC read 0; writes to CAP, PI, VS and them are ignored. Ports are
 * described in {@link AhciPort}. The INTx pin is asserted while GHC.IE is set and IS is not 0.
 *
 * <p>ABAR accesses of 1, 2, 4 and 8 bytes, naturally aligned: reads return the bytes of the dword(s) covered, writes
 * must start at a dword (any size; the value is taken as the register's new value, as QEMU does) and are otherwise
 * dropped as guest errors. Unknown offsets read 0 and ignore writes.
 *
 * <p>A device reset returns every register to its power-on value (PxCLB, PxFB, PxCI and the index register 0, then
 * the HBA reset values); GHC.HR keeps PxCLB, PxFB and PxCI, as QEMU's ahci_reset does, and deasserts INTx at once.
 *
 * <p>Not supported (the storage issue adds them): drives. Every port is empty (no device, link down), so no command
 * is ever processed and no data moves: issued PxCI bits stay set. The command list and FIS-receive engines start
 * whenever the guest asks (QEMU refuses when it cannot map the area; jemu reads nothing from it), and the only DMA is
 * QEMU's initial D2H Register FIS (see {@link AhciPort}). Also not modelled: MSI, power management states, staggered
 * spin-up, port multipliers, command completion coalescing and enclosure management.
 */
public final class Ich9Ahci extends PciDevice {

    public static final String TYPE = "ich9-ahci";

    private static final Logger LOG = LoggerFactory.getLogger(Ich9Ahci.class);

    static final int VENDOR_INTEL = 0x8086;
    static final int DEVICE_82801IR = 0x2922;
    static final int REVISION_ID = 0x02;
    static final int CLASS_SATA = 0x0106;
    static final int PROG_IF_AHCI_1_0 = 0x01;
    static final int CACHE_LINE = 0x08;
    /** ICH9's address map register; QEMU sets "AHCI mode" (bit 6). */
    static final int MAP_REGISTER = 0x90;
    static final int MAP_AHCI_MODE = 0x40;

    static final int IDP_BAR = 4;
    static final int IDP_SIZE = 32;
    static final int IDP_INDEX = 0x10;
    static final int IDP_DATA = 0x14;
    static final int ABAR = 5;
    static final int ABAR_SIZE = 0x1000;

    static final int SATA_CAP_ID = 0x12;
    static final int SATA_CAP_OFFSET = 0xa8;
    static final int SATA_CAP_SIZE = 8;
    /** SATA capability revision 1.0 (major in bits 7:4). */
    static final int SATA_CAP_REVISION = 0x10;
    /** BAR location 1000b (BAR4, offset 0x20) and BAR offset 4 dwords (the index register at 0x10). */
    static final int SATA_CAP_BAR_INFO = (IDP_BAR + 4) | (IDP_INDEX >> 2) << 4;

    static final int PORTS = 6;
    static final int HOST_CAP = 0x00;
    static final int HOST_GHC = 0x04;
    static final int HOST_IS = 0x08;
    static final int HOST_PI = 0x0c;
    static final int HOST_VS = 0x10;
    /** The generic host control block ends here (BOHC at 0x28 is its last register). */
    static final int HOST_END = 0x2c;
    static final int PORT_BASE = 0x100;
    static final int PORT_SIZE = 0x80;

    static final int CAP_S64A = 1 << 31;
    static final int CAP_SNCQ = 1 << 30;
    static final int CAP_SAM = 1 << 18;
    static final int CAP_ISS_GEN1 = 1 << 20;
    /** Number of command slots minus one (32 slots). */
    static final int CAP_NCS_31 = 31 << 8;
    static final int CAP = CAP_S64A | CAP_SNCQ | CAP_SAM | CAP_ISS_GEN1 | CAP_NCS_31 | (PORTS - 1);
    static final int PI = (1 << PORTS) - 1;
    static final int VS_1_0 = 0x0001_0000;

    static final int GHC_HR = 1;
    static final int GHC_IE = 1 << 1;
    static final int GHC_AE = 1 << 31;

    /** The saved state: configuration space, GHC, IS, the index register and the six ports. */
    public record State(PciState pci, int ghc, int is, int idpIndex, List<AhciPort.State> ports) {
        public State {
            ports = List.copyOf(ports);
        }
    }

    private final AhciPort[] ports = new AhciPort[PORTS];
    private int ghc;
    private int is;
    private int idpIndex;
    private boolean warnedCommands;

    public Ich9Ahci(ObjectType type) {
        super(type);
        AhciPort.Hba hba = new PortHost();
        for (int i = 0; i < PORTS; i++) ports[i] = new AhciPort(i, hba);
        powerOn();
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciDevice.TYPE).factory(Ich9Ahci::new)
                .description("ICH9 AHCI SATA controller (no drives yet)")
                .classInit(c -> c.set(VENDOR_ID, VENDOR_INTEL).set(DEVICE_ID, DEVICE_82801IR).set(REVISION, REVISION_ID)
                        .set(CLASS_ID, CLASS_SATA).set(CATEGORY, DeviceCategory.STORAGE).set(ALIAS, "ahci"))
                .build();
    }

    @Override
    protected void pciRealize() {
        setConfigByte(PciConfig.CLASS_PROG, PROG_IF_AHCI_1_0);
        setConfigByte(PciConfig.CACHE_LINE_SIZE, CACHE_LINE);
        setConfigByte(PciConfig.LATENCY_TIMER, 0);
        setInterruptPin(1);
        setConfigByte(MAP_REGISTER, MAP_AHCI_MODE);
        registerBar(IDP_BAR, PciConfig.BAR_SPACE_IO, MemoryRegion.io("ahci-idp", IDP_SIZE, new IndexDataPair()).setOwner(this));
        registerBar(ABAR, PciConfig.BAR_SPACE_MEMORY, MemoryRegion.io("ahci", ABAR_SIZE, new HbaRegisters()).setOwner(this));
        int cap = addCapability(SATA_CAP_ID, SATA_CAP_OFFSET, SATA_CAP_SIZE);
        setConfigWord(cap + 2, SATA_CAP_REVISION);
        setConfigLong(cap + 4, SATA_CAP_BAR_INFO);
    }

    @Override
    public void resetHold(ResetType type) {
        powerOn();
        setIrq(false);
    }

    private void powerOn() {
        for (AhciPort p : ports) p.powerOn();
        ghc = GHC_AE;
        is = 0;
        idpIndex = 0;
    }

    // ---- HBA registers ----------------------------------------------------------------------------------------

    /** The dword at aligned ABAR offset {@code offset} (QEMU's ahci_mem_read_32). */
    int readRegister(int offset) {
        if (offset < HOST_END) {
            return switch (offset) {
                case HOST_CAP -> CAP;
                case HOST_GHC -> ghc;
                case HOST_IS -> is;
                case HOST_PI -> PI;
                case HOST_VS -> VS_1_0;
                default -> 0;
            };
        }
        int port = (offset - PORT_BASE) / PORT_SIZE;
        if (offset < PORT_BASE || port >= PORTS) return 0;
        return ports[port].read(offset & (PORT_SIZE - 1));
    }

    /** A guest write to the dword at aligned ABAR offset {@code offset} (QEMU's ahci_mem_write). */
    void writeRegister(int offset, int value) {
        if (offset < HOST_END) {
            switch (offset) {
                case HOST_GHC -> {
                    if ((value & GHC_HR) != 0) {
                        hbaReset();
                    } else {
                        ghc = (value & GHC_IE) | GHC_AE;
                        checkInterrupt();
                    }
                }
                case HOST_IS -> {
                    is &= ~value;
                    checkInterrupt();
                }
                default -> LOG.debug("{}: write 0x{} to read-only or unimplemented HBA register 0x{} ignored",
                        describe(), Integer.toHexString(value), Integer.toHexString(offset));
            }
            return;
        }
        int port = (offset - PORT_BASE) / PORT_SIZE;
        if (offset < PORT_BASE || port >= PORTS) {
            LOG.debug("{}: write to unimplemented ABAR offset 0x{} ignored", describe(), Integer.toHexString(offset));
            return;
        }
        ports[port].write(offset & (PORT_SIZE - 1), value);
    }

    /** GHC.HR (QEMU's ahci_reset): the HBA and every port reset; HR reads back 0 at once. */
    private void hbaReset() {
        is = 0;
        ghc = GHC_AE;
        for (AhciPort p : ports) p.hbaReset();
        checkInterrupt();
    }

    /** QEMU's ahci_check_irq: IS from the ports, and the INTx pin from IS and GHC.IE. */
    private void checkInterrupt() {
        int pending = 0;
        for (int i = 0; i < PORTS; i++) if (ports[i].interruptPending()) pending |= 1 << i;
        is = pending;
        setIrq(is != 0 && (ghc & GHC_IE) != 0);
    }

    /** ABAR reads of any aligned size take the covered bytes; writes go to whole dwords only (QEMU's ahci_mem_ops). */
    private long readAbar(long offset) {
        int aligned = (int) offset & ~3;
        return (readRegister(aligned) & 0xffff_ffffL) >>> (((int) offset & 3) * 8);
    }

    private void writeAbar(long offset, long value) {
        if ((offset & 3) != 0) {
            LOG.debug("{}: mis-aligned write to ABAR offset 0x{} ignored", describe(), Long.toHexString(offset));
            return;
        }
        writeRegister((int) offset, (int) value);
    }

    /**
     * QEMU's defaults for ops that declare no constraints, as ahci_mem_ops and ahci_idp_ops: 1 to 8 bytes, naturally
     * aligned, handled in accesses of up to 4 bytes.
     */
    private abstract static class DwordRegisters implements MemoryRegionOps {
        private static final AccessConstraints VALID = AccessConstraints.aligned(1, 8);
        private static final AccessConstraints IMPL = AccessConstraints.aligned(1, 4);

        @Override
        public final AccessConstraints valid() {
            return VALID;
        }

        @Override
        public final AccessConstraints impl() {
            return IMPL;
        }
    }

    private final class HbaRegisters extends DwordRegisters {
        @Override
        public long read(long offset, int size) {
            return readAbar(offset);
        }

        @Override
        public void write(long offset, int size, long value) {
            writeAbar(offset, value);
        }
    }

    /** BAR4, QEMU's ahci_idp_ops: index register at 0x10 (ABAR dword offset), data register at 0x14. */
    private final class IndexDataPair extends DwordRegisters {
        @Override
        public long read(long offset, int size) {
            if (offset == IDP_INDEX) return idpIndex & 0xffff_ffffL;
            if (offset == IDP_DATA) return readAbar(idpIndex);
            return 0;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset == IDP_INDEX) {
                idpIndex = (int) value & (ABAR_SIZE - 1) & ~3;
            } else if (offset == IDP_DATA) {
                writeAbar(idpIndex, value);
            }
        }
    }

    /** What the ports reach of the HBA: the interrupt, DMA for received FISes, and the "no drive" report. */
    private final class PortHost implements AhciPort.Hba {
        @Override
        public void checkInterrupt() {
            Ich9Ahci.this.checkInterrupt();
        }

        @Override
        public void postFis(long address, byte[] fis) {
            MemTxResult r = dmaWrite(address, fis, 0, fis.length);
            if (r != MemTxResult.OK) {
                LOG.debug("{}: received FIS at 0x{} not written: {}", describe(), Long.toHexString(address), r);
            }
        }

        @Override
        public void commandsNotProcessed(int port, int slots) {
            if (!warnedCommands) {
                LOG.info("{}: commands issued on port {} (PxCI 0x{}) are not processed: drives are not supported yet",
                        describe(), port, Integer.toHexString(slots));
                warnedCommands = true;
            }
        }
    }

    // ---- state ------------------------------------------------------------------------------------------------

    public State state() {
        List<AhciPort.State> list = new ArrayList<>(PORTS);
        for (AhciPort p : ports) list.add(p.state());
        return new State(pciState(), ghc, is, idpIndex, list);
    }

    public void restore(State s) {
        restorePciState(s.pci());
        ghc = (s.ghc() & GHC_IE) | GHC_AE;
        is = s.is();
        idpIndex = s.idpIndex() & (ABAR_SIZE - 1) & ~3;
        for (int i = 0; i < PORTS && i < s.ports().size(); i++) ports[i].restore(s.ports().get(i));
    }
}
