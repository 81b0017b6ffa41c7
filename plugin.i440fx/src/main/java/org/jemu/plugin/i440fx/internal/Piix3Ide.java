package org.jemu.plugin.i440fx.internal;

import org.jemu.core.pci.PciConfig;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PIIX3 IDE function as QEMU 7.2 models it (hw/ide/piix.c, type {@value #TYPE}, 8086:7010, class 0x0101,
 * programming interface 0x80: both channels in legacy mode, bus mastering).
 *
 * <ul>
 * <li>Legacy ports, mapped whatever COMMAND says (as QEMU registers them on the ISA side): primary 0x1f0-0x1f7 and
 *     0x3f6, secondary 0x170-0x177 and 0x376, each channel an {@link AtaChannel}.</li>
 * <li>Interrupts (the board's contract): output {@code "isa-irq"[0]} for the primary channel (IRQ 14), {@code [1]} for
 *     the secondary (IRQ 15). Raising one also sets the channel's bus-master interrupt status bit, as QEMU's bmdma_irq
 *     does. No PCI interrupt pin.</li>
 * <li>Bus-master IDE registers in BAR4 (16 I/O ports, unprogrammed at reset: 0x00000001): per channel at 8 * n a
 *     command register (+0: start/stop bit 0, read/write bit 3), a status register (+2: bits 5-6 drive DMA capable
 *     are writable, bits 1-2 interrupt and error are write-1-to-clear, bit 0 active), and the PRD table address
 *     (+4, dword aligned). Only byte accesses reach command and status (others read all-ones), the address register
 *     takes any size. Starting the engine sets the active bit, stopping it clears it.</li>
 * </ul>
 *
 * <p>Reset is QEMU's piix_ide_reset: both channels and bus-master engines reset, COMMAND 0, STATUS "medium DEVSEL, fast
 * back-to-back" (0x0280), BAR4 unprogrammed. Not supported (the storage issue adds them): drives and ATAPI devices,
 * and with them every data transfer; a started bus-master engine has no drive to serve and never transfers (no PRD is
 * read), and the IDE timing registers (0x40-0x4f) are stored only.
 */
public final class Piix3Ide extends PciDevice {

    public static final String TYPE = "piix3-ide";

    private static final Logger LOG = LoggerFactory.getLogger(Piix3Ide.class);

    static final int[] COMMAND_BASE = {0x1f0, 0x170};
    static final int[] CONTROL_BASE = {0x3f6, 0x376};
    static final int CHANNELS = 2;
    static final int PROG_IF_LEGACY_BUS_MASTER = 0x80;
    static final int BMDMA_BAR = 4;
    static final int BMDMA_SIZE = 16;
    static final int BMDMA_CHANNEL_STRIDE = 8;
    static final int BM_CMD = 0;
    static final int BM_STATUS = 2;
    static final int BM_PRD = 4;
    static final int BM_CMD_START = 0x01;
    static final int BM_CMD_READ = 0x08;
    static final int BM_STATUS_ACTIVE = 0x01;
    static final int BM_STATUS_ERROR = 0x02;
    static final int BM_STATUS_INT = 0x04;
    static final int BM_STATUS_CAPABLE = 0x60;
    /** STATUS after reset: DEVSEL medium timing, fast back-to-back capable. */
    static final int STATUS_RESET = PciConfig.STATUS_DEVSEL_MEDIUM | 0x80;

    /** One bus-master engine's registers, as saved: command, status, PRD table address. */
    public record BusMaster(int command, int status, int prdAddress) {
    }

    /** The saved state: configuration space, both channels and both bus-master engines. */
    public record State(PciState pci, AtaChannel.State primary, AtaChannel.State secondary, BusMaster primaryDma,
            BusMaster secondaryDma) {
    }

    private final IrqLine[] isaIrq;
    private final AtaChannel[] channels = new AtaChannel[CHANNELS];
    private final int[] bmCommand = new int[CHANNELS];
    private final int[] bmStatus = new int[CHANNELS];
    private final int[] bmPrd = new int[CHANNELS];
    private boolean warnedDma;

    public Piix3Ide(ObjectType type) {
        super(type);
        isaIrq = defineGpioOut("isa-irq", CHANNELS);
        for (int i = 0; i < CHANNELS; i++) {
            int ch = i;
            channels[i] = new AtaChannel(level -> channelIrq(ch, level));
        }
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciDevice.TYPE).factory(Piix3Ide::new).description("PIIX3 IDE controller")
                .classInit(c -> c.set(VENDOR_ID, 0x8086).set(DEVICE_ID, 0x7010).set(CLASS_ID, 0x0101)
                        .set(CATEGORY, DeviceCategory.STORAGE).set(HOTPLUGGABLE, false))
                .build();
    }

    @Override
    protected void pciRealize() {
        setConfigByte(PciConfig.CLASS_PROG, PROG_IF_LEGACY_BUS_MASTER);
        setConfigWord(PciConfig.STATUS, STATUS_RESET);
        MemoryRegion bar = MemoryRegion.container("piix-bmdma-container", BMDMA_SIZE).setOwner(this);
        for (int i = 0; i < CHANNELS; i++) {
            int ch = i;
            bar.addSubregion((long) i * BMDMA_CHANNEL_STRIDE, MemoryRegion.io("piix-bmdma", 4, new BusMasterRegisters(ch)).setOwner(this));
            bar.addSubregion((long) i * BMDMA_CHANNEL_STRIDE + BM_PRD, MemoryRegion.io("bmdma", 4, new PrdAddress(ch)).setOwner(this));
            exposeIoPorts(MemoryRegion.io("ide", AtaChannel.COMMAND_PORTS, channels[i].commandBlock()), COMMAND_BASE[i]);
            exposeIoPorts(MemoryRegion.io("ide", 1, channels[i].controlBlock()), CONTROL_BASE[i]);
        }
        registerBar(BMDMA_BAR, PciConfig.BAR_SPACE_IO, bar);
    }

    @Override
    public void resetHold(ResetType type) {
        for (int i = 0; i < CHANNELS; i++) {
            channels[i].reset();
            bmCommand[i] = 0;
            bmStatus[i] = 0;
            bmPrd[i] = 0;
            isaIrq[i].set(false);
        }
        setConfigWord(PciConfig.COMMAND, 0);
        setConfigWord(PciConfig.STATUS, STATUS_RESET);
    }

    /** The channel's interrupt, through the bus-master engine (QEMU's bmdma_irq): a raise sets its interrupt bit. */
    private void channelIrq(int ch, boolean level) {
        if (level) bmStatus[ch] |= BM_STATUS_INT;
        isaIrq[ch].set(level);
    }

    /** Bus-master command (+0) and status (+2), QEMU's bmdma_read/bmdma_writeb. */
    private final class BusMasterRegisters implements MemoryRegionOps {
        private final int ch;

        BusMasterRegisters(int ch) {
            this.ch = ch;
        }

        @Override
        public long read(long offset, int size) {
            if (size != 1) return (1L << (size * 8)) - 1;
            return switch ((int) offset) {
                case BM_CMD -> bmCommand[ch];
                case BM_STATUS -> bmStatus[ch];
                default -> 0xff;
            };
        }

        @Override
        public void write(long offset, int size, long value) {
            int v = (int) value & 0xff;
            if (offset == BM_CMD) {
                command(ch, v);
            } else if (offset == BM_STATUS) {
                int old = bmStatus[ch];
                bmStatus[ch] = (v & BM_STATUS_CAPABLE) | (old & BM_STATUS_ACTIVE) | (old & ~v & (BM_STATUS_ERROR | BM_STATUS_INT));
            }
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.aligned(1, 4);
        }
    }

    /** QEMU's bmdma_cmd_writeb: a change of the start bit starts or stops the engine; bits 0 and 3 are kept. */
    private void command(int ch, int v) {
        if ((v & BM_CMD_START) != (bmCommand[ch] & BM_CMD_START)) {
            if ((v & BM_CMD_START) == 0) {
                bmStatus[ch] &= ~BM_STATUS_ACTIVE;
            } else {
                if (!warnedDma) {
                    LOG.info("{}: bus-master IDE started on channel {}, but no drive can transfer (not supported yet)",
                            describe(), ch);
                    warnedDma = true;
                }
                bmStatus[ch] |= BM_STATUS_ACTIVE;
            }
        }
        bmCommand[ch] = v & (BM_CMD_START | BM_CMD_READ);
    }

    /** The PRD table address (+4), QEMU's bmdma_addr_ioport_ops: any size, the low two bits always 0. */
    private final class PrdAddress implements MemoryRegionOps {
        private final int ch;

        PrdAddress(int ch) {
            this.ch = ch;
        }

        @Override
        public long read(long offset, int size) {
            return (bmPrd[ch] & 0xffff_ffffL) >>> (offset * 8);
        }

        @Override
        public void write(long offset, int size, long value) {
            int shift = (int) offset * 8;
            long mask = ((1L << (size * 8)) - 1) << shift;
            long addr = bmPrd[ch] & 0xffff_ffffL;
            bmPrd[ch] = (int) ((addr & ~mask) | ((value << shift) & mask & ~3L));
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.aligned(1, 4);
        }
    }

    public State state() {
        return new State(pciState(), channels[0].state(), channels[1].state(), busMaster(0), busMaster(1));
    }

    public void restore(State s) {
        restorePciState(s.pci());
        channels[0].restore(s.primary());
        channels[1].restore(s.secondary());
        loadBusMaster(0, s.primaryDma());
        loadBusMaster(1, s.secondaryDma());
    }

    private BusMaster busMaster(int ch) {
        return new BusMaster(bmCommand[ch], bmStatus[ch], bmPrd[ch]);
    }

    private void loadBusMaster(int ch, BusMaster b) {
        bmCommand[ch] = b.command() & (BM_CMD_START | BM_CMD_READ);
        bmStatus[ch] = b.status() & 0xff;
        bmPrd[ch] = b.prdAddress() & ~3;
    }
}
