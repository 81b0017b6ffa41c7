package org.jemu.plugin.pc.internal;

import java.util.Arrays;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Intel 82078 floppy disk controller as QEMU's "isa-fdc" (hw/block/fdc.c, fdc-isa.c), with its two drive
 * units empty: no drive can be attached yet (QEMU's driveA/driveB, fdtypeA/fdtypeB, fallback and bootindexA/B
 * properties and the "floppy" drive device come with block storage).
 *
 * <p>Ports as QEMU decodes them: iobase + 1 SRB, + 2 DOR (reset, drive select, DMA gate, motors), + 3 TDR, + 4 MSR
 * (read) / DSR (write: software reset, power down, data rate), + 5 FIFO, + 7 DIR (read: disk change) / CCR (write).
 * iobase + 0 (SRA) and + 6 (the IDE port) are not decoded, as in QEMU. Interrupt on unnamed GPIO output 0; DMA on
 * channel "dma" of the ISA bus's {@link IsaDma} controller.
 *
 * <p>Commands (QEMU's table and results): SPECIFY, SENSE DRIVE STATUS, RECALIBRATE, SENSE INTERRUPT STATUS (four
 * polling results 0xc0-0xc3 after a reset), SEEK and RELATIVE SEEK, VERSION (0x90), PART ID (0x41), CONFIGURE,
 * LOCK, DUMPREG, SAVE, RESTORE, PERPENDICULAR MODE, POWERDOWN MODE, OPTION, DRIVE SPECIFICATION, FORMAT TRACK,
 * READ ID (result after 20 ms of virtual time), and the data commands READ, WRITE, READ TRACK, VERIFY, the SCANs
 * and the DELETED variants, which on an empty drive end at once with abnormal termination (ST0 bit 6; READ of
 * sector 1 on a drive without geometry also sets ST1 end-of-cylinder), as QEMU's do. FORMAT AND WRITE and unknown
 * commands answer ST0 0x80 (invalid). There is no data phase, DMA or non-DMA: without a medium no command reaches
 * it; the DMA handler only answers stray requests as QEMU's does without a drive.
 */
public final class IsaFdc extends Device {

    public static final String TYPE = "isa-fdc";

    private static final Logger LOG = LoggerFactory.getLogger(IsaFdc.class);

    // Register offsets from iobase.
    static final int REG_SRB = 1;
    static final int REG_DOR = 2;
    static final int REG_TDR = 3;
    static final int REG_MSR_DSR = 4;
    static final int REG_FIFO = 5;
    static final int REG_DIR_CCR = 7;

    static final int DOR_SELECT = 0x01;
    static final int DOR_NRESET = 0x04;
    static final int DOR_DMAEN = 0x08;
    static final int DOR_MOTEN0 = 0x10;
    static final int DOR_MOTEN1 = 0x20;
    static final int TDR_BOOTSEL = 0x04;
    static final int DSR_RATE = 0x03;
    static final int DSR_PWRDOWN = 0x40;
    static final int DSR_SWRESET = 0x80;
    static final int MSR_CMDBUSY = 0x10;
    static final int MSR_NONDMA = 0x20;
    static final int MSR_DIO = 0x40;
    static final int MSR_RQM = 0x80;
    static final int SRA_NDRV2 = 0x40;
    static final int SRA_INTPEND = 0x80;
    static final int SRB_MTR0 = 0x01;
    static final int SRB_MTR1 = 0x02;
    static final int SRB_DR0 = 0x20;
    static final int DIR_DSKCHG = 0x80;
    static final int SR0_HEAD = 0x04;
    static final int SR0_SEEK = 0x20;
    static final int SR0_ABNTERM = 0x40;
    static final int SR0_INVCMD = 0x80;
    static final int SR0_RDYCHG = 0xc0;
    static final int SR1_EC = 0x80;
    static final int CONFIG_EIS = 0x40;
    static final int CONFIG_EFIFO = 0x20;

    static final int VERSION_82078 = 0x90;
    static final int SECTOR_SIZE_CODE = 2;
    static final int RESET_SENSEI_COUNT = 4;
    static final long READ_ID_NS = 1_000_000_000L / 50;
    static final int FIFO_SIZE = 512;
    /** QEMU's dma=-1 (no DMA) in its uint32 property. */
    static final long NO_DMA = 0xffff_ffffL;

    static final int PHASE_COMMAND = 1;
    static final int PHASE_EXECUTION = 2;
    static final int PHASE_RESULT = 3;

    /** Direction of the last data command (QEMU's data_dir): only "write" changes what an abort reports. */
    static final int DIR_WRITE = 0;
    static final int DIR_READ = 1;

    /** One drive unit: head position and what is known of the (absent) medium. */
    public record DriveState(int head, int track, int sect, int lastSect, int maxTrack, boolean doubleSided,
                             int perpendicular, boolean readOnly, boolean mediaChanged, int mediaRate) {
        static final DriveState EMPTY = new DriveState(0, 0, 0, 0, 0, false, 0, true, true, 0);

        DriveState at(int newHead, int newTrack, int newSect) {
            return new DriveState(newHead, newTrack, newSect, lastSect, maxTrack, doubleSided, perpendicular, readOnly,
                    mediaChanged, mediaRate);
        }

        DriveState withLastSect(int value) {
            return new DriveState(head, track, sect, value, maxTrack, doubleSided, perpendicular, readOnly,
                    mediaChanged, mediaRate);
        }

        DriveState withPerpendicular(int value) {
            return new DriveState(head, track, sect, lastSect, maxTrack, doubleSided, value, readOnly, mediaChanged,
                    mediaRate);
        }
    }

    /** The controller's registers, command FIFO and drive units. */
    public record State(int sra, int srb, int dor, int tdr, int dsr, int msr, int curDrv, int status0, byte[] fifo,
                        int dataPos, int dataLen, int dataDir, int phase, int timer0, int timer1, int precompTrk,
                        int config, int lock, int pwrd, int resetSensei, DriveState drive0, DriveState drive1) {
    }

    private final IrqLine irq;
    private IsaDma dma;
    private int dmaChannel = -1;
    private Timer resultTimer;
    private int sra, srb, dor, tdr, dsr, msr, curDrv, status0;
    private final byte[] fifo = new byte[FIFO_SIZE];
    private int dataPos, dataLen, dataDir, phase = PHASE_COMMAND;
    private int timer0, timer1, precompTrk, config, lock, pwrd, resetSensei;
    private final DriveState[] drives = {DriveState.EMPTY, DriveState.EMPTY};

    public IsaFdc(ObjectType type) {
        super(type);
        irq = defineGpioOut("", 1)[0];
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(IsaFdc::new)
                .description("virtual floppy controller")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.STORAGE)
                        .property(PropertyDef.uint32("iobase").defaultValue(0x3f0).validator(IsaDebugcon::port))
                        .property(PropertyDef.uint32("irq").defaultValue(6)
                                .validator(v -> (Long) v > 15 ? "must be an ISA IRQ (0 to 15)" : null)
                                .description("ISA IRQ (the board wires output 0 to it)"))
                        .property(PropertyDef.uint32("dma").defaultValue(2).validator(v -> (Long) v > 7 && (Long) v != NO_DMA
                                ? "must be a DMA channel (0-7) or 4294967295 (-1, none)" : null)))
                .build();
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    @Override
    protected void realize() {
        long channel = getLong("dma");
        if (channel != NO_DMA) {
            IsaDma controller = parentBus() instanceof IsaTypes.IsaBus bus ? bus.dma((int) channel) : null;
            if (controller == null) throw new RealizeException("ISA controller does not support DMA (no i8257 for channel " + channel + ")");
            dma = controller;
            dmaChannel = (int) channel;
            dma.registerChannel(dmaChannel, this::dmaTransfer);
        }
        long base = getLong("iobase");
        BytePorts.Reader r = off -> (int) read(off);
        BytePorts.Writer w = (off, v) -> write(off, v);
        exposeIoPorts(MemoryRegion.io("fdc", 5, BytePorts.shifted(r, w, REG_SRB)), base + REG_SRB);
        exposeIoPorts(MemoryRegion.io("fdc", 1, BytePorts.shifted(r, w, REG_DIR_CCR)), base + REG_DIR_CCR);
        resultTimer = system().newTimer(ClockType.VIRTUAL, t -> readIdDone());
        config = CONFIG_EIS | CONFIG_EFIFO;
        reset(false);
    }

    @Override
    protected void unrealize() {
        if (dma != null) dma.registerChannel(dmaChannel, null);
        dma = null;
        dmaChannel = -1;
        if (resultTimer != null) resultTimer.free();
        resultTimer = null;
    }

    @Override
    public void resetHold(ResetType type) {
        reset(false);
    }

    /** QEMU's fdctrl_reset: the controller's reset, with the polling interrupt when it comes from DOR or DSR. */
    private void reset(boolean withIrq) {
        lowerIrq();
        sra = SRA_NDRV2; // unit 1 has no drive
        srb = 0xc0;
        curDrv = 0;
        dor = DOR_NRESET | (dmaChannel >= 0 ? DOR_DMAEN : 0);
        msr = MSR_RQM;
        resetSensei = 0;
        if (resultTimer != null) resultTimer.del();
        dataPos = 0;
        dataLen = 0;
        dataDir = DIR_WRITE;
        for (int i = 0; i < drives.length; i++) drives[i] = seek(drives[i], 0, 0, 1).drive;
        toCommandPhase();
        if (withIrq) {
            status0 |= SR0_RDYCHG;
            raiseIrq();
            resetSensei = RESET_SENSEI_COUNT;
        }
    }

    // ---- registers ----------------------------------------------------------------------------------------

    long read(int reg) {
        return switch (reg) {
            case REG_SRB -> srb;
            case REG_DOR -> dor | curDrv;
            case REG_TDR -> tdr;
            case REG_MSR_DSR -> {
                dsr &= ~DSR_PWRDOWN;
                dor |= DOR_NRESET; // QEMU: reading MSR leaves the reset state
                yield msr;
            }
            case REG_FIFO -> readFifo();
            case REG_DIR_CCR -> drive(curDrv).mediaChanged() ? DIR_DSKCHG : 0;
            default -> 0xff;
        };
    }

    void write(int reg, int value) {
        value &= 0xff;
        if (reg == REG_DOR) {
            writeDor(value);
            return;
        }
        if ((dor & DOR_NRESET) == 0) {
            LOG.debug("{}: guest error: write to register {} while in reset ignored", describe(), reg);
            return;
        }
        switch (reg) {
            case REG_TDR -> tdr = value & TDR_BOOTSEL;
            case REG_MSR_DSR -> writeDsr(value);
            case REG_FIFO -> writeFifo(value);
            case REG_DIR_CCR -> dsr = (dsr & ~DSR_RATE) | (value & DSR_RATE);
            default -> LOG.debug("{}: guest error: write to read-only register {}", describe(), reg);
        }
    }

    private void writeDor(int value) {
        srb = (srb & ~(SRB_MTR0 | SRB_MTR1 | SRB_DR0)) | ((value & DOR_MOTEN0) != 0 ? SRB_MTR0 : 0)
                | ((value & DOR_MOTEN1) != 0 ? SRB_MTR1 : 0) | ((value & DOR_SELECT) != 0 ? SRB_DR0 : 0);
        if ((value & DOR_NRESET) != 0 && (dor & DOR_NRESET) == 0) {
            reset(true);
            dsr &= ~DSR_PWRDOWN;
        }
        curDrv = value & DOR_SELECT;
        dor = value & ~DOR_SELECT;
    }

    private void writeDsr(int value) {
        if ((value & DSR_SWRESET) != 0) {
            dor &= ~DOR_NRESET;
            reset(true);
            dor |= DOR_NRESET;
        }
        if ((value & DSR_PWRDOWN) != 0) reset(true);
        dsr = value;
    }

    private int readFifo() {
        dsr &= ~DSR_PWRDOWN;
        if ((msr & MSR_RQM) == 0 || (msr & MSR_DIO) == 0) {
            LOG.debug("{}: guest error: FIFO read while not ready", describe());
            return 0;
        }
        int value = fifo[dataPos % FIFO_SIZE] & 0xff;
        if (++dataPos == dataLen) {
            msr &= ~MSR_RQM;
            toCommandPhase();
            lowerIrq();
        }
        return value;
    }

    private void writeFifo(int value) {
        if ((msr & MSR_RQM) == 0 || (msr & MSR_DIO) != 0) {
            LOG.debug("{}: guest error: FIFO write while not ready", describe());
            return;
        }
        dsr &= ~DSR_PWRDOWN;
        int pos = dataPos++ % FIFO_SIZE;
        fifo[pos] = (byte) value;
        if (dataPos == dataLen) msr &= ~MSR_RQM;
        if (pos == 0) {
            Command cmd = Command.of(value);
            dataLen = cmd.parameters + 1;
            if (cmd.parameters > 0) msr |= MSR_RQM;
            msr |= MSR_CMDBUSY;
        }
        if (dataPos == dataLen) {
            phase = PHASE_EXECUTION;
            execute(Command.of(fifo[0] & 0xff));
        }
    }

    // ---- phases and interrupt -----------------------------------------------------------------------------

    private void toCommandPhase() {
        phase = PHASE_COMMAND;
        dataDir = DIR_WRITE;
        dataPos = 0;
        dataLen = 1;
        msr = (msr & ~(MSR_CMDBUSY | MSR_DIO)) | MSR_RQM;
    }

    private void toResultPhase(int length) {
        phase = PHASE_RESULT;
        dataDir = DIR_READ;
        dataLen = length;
        dataPos = 0;
        msr |= MSR_CMDBUSY | MSR_RQM | MSR_DIO;
    }

    private void raiseIrq() {
        if ((sra & SRA_INTPEND) == 0) {
            irq.raise();
            sra |= SRA_INTPEND;
        }
        resetSensei = 0;
    }

    private void lowerIrq() {
        status0 = 0;
        if ((sra & SRA_INTPEND) == 0) return;
        irq.lower();
        sra &= ~SRA_INTPEND;
    }

    /** QEMU's fdctrl_stop_transfer: the seven result bytes of a data command, and the interrupt. */
    private void stopTransfer(int st0, int st1, int st2) {
        DriveState d = drive(curDrv);
        status0 = (status0 & ~(0x03 | SR0_HEAD)) | curDrv | (d.head() != 0 ? SR0_HEAD : 0) | st0;
        fifo[0] = (byte) status0;
        fifo[1] = (byte) st1;
        fifo[2] = (byte) st2;
        fifo[3] = (byte) d.track();
        fifo[4] = (byte) d.head();
        fifo[5] = (byte) d.sect();
        fifo[6] = SECTOR_SIZE_CODE;
        dataDir = DIR_READ;
        if (dma != null && (msr & MSR_NONDMA) == 0) dma.releaseDreq(dmaChannel);
        msr = (msr | MSR_RQM | MSR_DIO) & ~MSR_NONDMA;
        toResultPhase(7);
        raiseIrq();
    }

    // ---- commands -----------------------------------------------------------------------------------------

    /** QEMU's command table: value and mask of the first byte, parameter bytes. First match wins. */
    enum Command {
        READ(0x06, 0x1f, 8), WRITE(0x05, 0x3f, 8), SEEK(0x0f, 0xff, 2), SENSE_INTERRUPT_STATUS(0x08, 0xff, 0),
        RECALIBRATE(0x07, 0xff, 1), FORMAT_TRACK(0x0d, 0xbf, 5), READ_TRACK(0x02, 0xbf, 8), RESTORE(0x4e, 0xff, 17),
        SAVE(0x2e, 0xff, 0), READ_DELETED(0x0c, 0x1f, 8), SCAN_EQUAL(0x11, 0x1f, 8), VERIFY(0x16, 0x1f, 8),
        SCAN_LOW_OR_EQUAL(0x19, 0x1f, 8), SCAN_HIGH_OR_EQUAL(0x1d, 0x1f, 8), WRITE_DELETED(0x09, 0x3f, 8),
        READ_ID(0x0a, 0xbf, 1), SPECIFY(0x03, 0xff, 2), SENSE_DRIVE_STATUS(0x04, 0xff, 1),
        PERPENDICULAR_MODE(0x12, 0xff, 1), CONFIGURE(0x13, 0xff, 3), POWERDOWN_MODE(0x17, 0xff, 2),
        OPTION(0x33, 0xff, 1), DRIVE_SPECIFICATION(0x8e, 0xff, 5), RELATIVE_SEEK_OUT(0x8f, 0xff, 2),
        FORMAT_AND_WRITE(0xcd, 0xff, 10), RELATIVE_SEEK_IN(0xcf, 0xff, 2), LOCK(0x14, 0x7f, 0), DUMPREG(0x0e, 0xff, 0),
        VERSION(0x10, 0xff, 0), PART_ID(0x18, 0xff, 0), WRITE_BEOS(0x05, 0x1f, 8), UNKNOWN(0, 0, 0);

        final int value;
        final int mask;
        final int parameters;
        private static final Command[] BY_BYTE = new Command[256];

        static {
            for (int b = 0; b < 256; b++) {
                for (Command c : values()) {
                    if ((b & c.mask) == c.value) {
                        BY_BYTE[b] = c;
                        break;
                    }
                }
            }
        }

        Command(int value, int mask, int parameters) {
            this.value = value;
            this.mask = mask;
            this.parameters = parameters;
        }

        static Command of(int firstByte) {
            return BY_BYTE[firstByte & 0xff];
        }
    }

    private int param(int i) {
        return fifo[i] & 0xff;
    }

    private void execute(Command cmd) {
        switch (cmd) {
            case READ, READ_TRACK, SCAN_EQUAL, VERIFY, SCAN_LOW_OR_EQUAL, SCAN_HIGH_OR_EQUAL, WRITE, WRITE_BEOS ->
                    startTransfer();
            case READ_DELETED, WRITE_DELETED -> {
                LOG.debug("{}: deleted-data commands are not implemented (as in QEMU)", describe());
                stopTransfer(SR0_ABNTERM | SR0_SEEK, 0, 0);
            }
            case SEEK -> seekCommand(param(2));
            case RELATIVE_SEEK_OUT -> {
                curDrv = param(1) & DOR_SELECT;
                int track = drive(curDrv).track();
                seekCommand(param(2) > track ? 0 : track - param(2));
            }
            case RELATIVE_SEEK_IN -> {
                curDrv = param(1) & DOR_SELECT;
                DriveState d = drive(curDrv);
                seekCommand(param(2) + d.track() >= d.maxTrack() ? d.maxTrack() - 1 : d.track() + param(2));
            }
            case SENSE_INTERRUPT_STATUS -> senseInterruptStatus();
            case RECALIBRATE -> {
                curDrv = param(1) & DOR_SELECT;
                setDrive(curDrv, seek(drive(curDrv), 0, 0, 1).drive);
                toCommandPhase();
                status0 |= SR0_SEEK;
                raiseIrq();
            }
            case FORMAT_TRACK -> {
                curDrv = param(1) & DOR_SELECT;
                setDrive(curDrv, drive(curDrv).withLastSect(param(3)));
                stopTransfer(0, 0, 0);
            }
            case RESTORE -> restoreCommand();
            case SAVE -> saveCommand();
            case READ_ID -> {
                DriveState d = drive(curDrv);
                setDrive(curDrv, d.at((param(1) >> 2) & 1, d.track(), d.sect()));
                resultTimer.modNs(system().nowNs(ClockType.VIRTUAL) + READ_ID_NS);
            }
            case SPECIFY -> {
                timer0 = (param(1) >> 4) & 0xf;
                timer1 = param(2) >> 1;
                dor = (param(2) & 1) != 0 ? dor & ~DOR_DMAEN : dor | DOR_DMAEN;
                toCommandPhase();
            }
            case SENSE_DRIVE_STATUS -> {
                curDrv = param(1) & DOR_SELECT;
                DriveState d = drive(curDrv);
                d = d.at((param(1) >> 2) & 1, d.track(), d.sect());
                setDrive(curDrv, d);
                fifo[0] = (byte) ((d.readOnly() ? 0x40 : 0) | (d.track() == 0 ? 0x10 : 0) | d.head() << 2 | curDrv | 0x28);
                toResultPhase(1);
            }
            case PERPENDICULAR_MODE -> {
                if ((param(1) & 0x80) != 0) setDrive(curDrv, drive(curDrv).withPerpendicular(param(1) & 7));
                toCommandPhase();
            }
            case CONFIGURE -> {
                config = param(2);
                precompTrk = param(3);
                toCommandPhase();
            }
            case POWERDOWN_MODE -> {
                pwrd = param(1);
                fifo[0] = fifo[1];
                toResultPhase(1);
            }
            case OPTION -> toCommandPhase();
            case DRIVE_SPECIFICATION -> driveSpecification();
            case LOCK -> {
                lock = (param(0) & 0x80) != 0 ? 1 : 0;
                fifo[0] = (byte) (lock << 4);
                toResultPhase(1);
            }
            case DUMPREG -> dumpreg();
            case VERSION -> {
                fifo[0] = (byte) VERSION_82078;
                toResultPhase(1);
            }
            case PART_ID -> {
                fifo[0] = 0x41;
                toResultPhase(1);
            }
            case FORMAT_AND_WRITE, UNKNOWN -> {
                LOG.debug("{}: guest error: unimplemented command {}", describe(), Integer.toHexString(param(0)));
                fifo[0] = (byte) SR0_INVCMD;
                toResultPhase(1);
            }
        }
    }

    /**
     * READ, WRITE and the other data commands: select the drive and seek to C/H/S. On an empty drive the seek
     * always fails (QEMU's fd_seek: 3 when the sector lies beyond the medium's last sector, else 2 for "no
     * medium"), which ends the command with abnormal termination; the data phase needs a medium.
     */
    private void startTransfer() {
        curDrv = param(1) & DOR_SELECT;
        int kt = param(2), kh = param(3), ks = param(4);
        Seek s = seek(drive(curDrv), kh, kt, ks);
        setDrive(curDrv, s.drive);
        stopTransfer(SR0_ABNTERM, s.result == 3 ? SR1_EC : 0, 0);
        fifo[3] = (byte) kt;
        fifo[4] = (byte) kh;
        fifo[5] = (byte) ks;
    }

    private void seekCommand(int track) {
        curDrv = param(1) & DOR_SELECT;
        toCommandPhase();
        DriveState d = drive(curDrv);
        setDrive(curDrv, seek(d, d.head(), track, d.sect()).drive);
        status0 |= SR0_SEEK;
        raiseIrq();
    }

    private void senseInterruptStatus() {
        if (resetSensei > 0) {
            fifo[0] = (byte) (SR0_RDYCHG + RESET_SENSEI_COUNT - resetSensei);
            resetSensei--;
        } else if ((sra & SRA_INTPEND) == 0) {
            fifo[0] = (byte) SR0_INVCMD;
            toResultPhase(1);
            return;
        } else {
            fifo[0] = (byte) ((status0 & ~(SR0_HEAD | 0x03)) | curDrv);
        }
        fifo[1] = (byte) drive(curDrv).track();
        toResultPhase(2);
        lowerIrq();
        status0 = SR0_RDYCHG;
    }

    private void dumpreg() {
        DriveState d = drive(curDrv);
        Arrays.fill(fifo, 0, 10, (byte) 0);
        fifo[0] = (byte) drive(0).track();
        fifo[1] = (byte) drive(1).track();
        fifo[4] = (byte) timer0;
        fifo[5] = (byte) (timer1 << 1 | ((dor & DOR_DMAEN) != 0 ? 1 : 0));
        fifo[6] = (byte) d.lastSect();
        fifo[7] = (byte) (lock << 7 | d.perpendicular() << 2);
        fifo[8] = (byte) config;
        fifo[9] = (byte) precompTrk;
        toResultPhase(10);
    }

    private void saveCommand() {
        DriveState d = drive(curDrv);
        Arrays.fill(fifo, 0, 15, (byte) 0);
        fifo[2] = (byte) drive(0).track();
        fifo[3] = (byte) drive(1).track();
        fifo[6] = (byte) timer0;
        fifo[7] = (byte) timer1;
        fifo[8] = (byte) d.lastSect();
        fifo[9] = (byte) (lock << 7 | d.perpendicular() << 2);
        fifo[10] = (byte) config;
        fifo[11] = (byte) precompTrk;
        fifo[12] = (byte) pwrd;
        toResultPhase(15);
    }

    private void restoreCommand() {
        setUnitTrack(0, param(3));
        setUnitTrack(1, param(4));
        timer0 = param(7);
        timer1 = param(8);
        setDrive(curDrv, drive(curDrv).withLastSect(param(9)).withPerpendicular((param(10) >> 2) & 0xf));
        lock = param(10) >> 7;
        config = param(11);
        precompTrk = param(12);
        pwrd = param(13);
        toCommandPhase();
    }

    /** QEMU's handler, called with the five parameters: done when the last has bit 7 set. */
    private void driveSpecification() {
        int last = param((dataPos - 1) % FIFO_SIZE);
        if ((last & 0x80) != 0) {
            if ((last & 0x40) != 0) {
                fifo[0] = fifo[1];
                fifo[2] = 0;
                fifo[3] = 0;
                toResultPhase(4);
            } else {
                toCommandPhase();
            }
        } else if (dataLen > 7) {
            fifo[0] = (byte) (0x80 | drive(curDrv).head() << 2 | curDrv);
            toResultPhase(1);
        } else {
            LOG.debug("{}: guest error: DRIVE SPECIFICATION without a terminating byte leaves the controller busy", describe());
        }
    }

    private void readIdDone() {
        DriveState d = drive(curDrv);
        if (d.lastSect() != 0) setDrive(curDrv, d.at(d.head(), d.track(), d.sect() % d.lastSect() + 1));
        if ((dsr & DSR_RATE) != drive(curDrv).mediaRate()) stopTransfer(SR0_ABNTERM, 0x01, 0);
        else stopTransfer(0, 0, 0);
    }

    /** The DMA handler: no drive holds data, so a transfer QEMU would start ends as its empty-drive path does. */
    private int dmaTransfer(int channel, int position, int length) {
        if ((msr & MSR_RQM) != 0) {
            LOG.debug("{}: guest error: DMA request while not in a transfer", describe());
            return position;
        }
        stopTransfer(dataDir == DIR_WRITE ? SR0_ABNTERM | SR0_SEEK : SR0_ABNTERM, 0, 0);
        return position;
    }

    // ---- drives -------------------------------------------------------------------------------------------

    private record Seek(DriveState drive, int result) {
    }

    /**
     * QEMU's fd_seek: 2 for a track (or head) beyond the medium, 3 for a sector beyond it; otherwise the head
     * moves (1 when the track changed) — and 2 again when there is no medium, which is always the case here.
     */
    private static Seek seek(DriveState d, int head, int track, int sect) {
        if (track > d.maxTrack() || (head != 0 && !d.doubleSided())) return new Seek(d, 2);
        if (sect > d.lastSect()) return new Seek(d, 3);
        int sides = d.doubleSided() ? 2 : 1;
        int target = ((track * sides) + head) * d.lastSect() + sect - 1;
        int current = ((d.track() * sides) + d.head()) * d.lastSect() + d.sect() - 1;
        return new Seek(target != current ? d.at(head, track, sect) : d, 2);
    }

    /** Unit {@code u} as the guest addresses it, through the TDR boot select swap (QEMU's drv0/drv1). */
    private int unitIndex(int u) {
        boolean swapped = (tdr & TDR_BOOTSEL) != 0;
        return swapped ? 1 - u : u;
    }

    private DriveState drive(int u) {
        return drives[unitIndex(u)];
    }

    private void setUnitTrack(int u, int track) {
        DriveState d = drive(u);
        setDrive(u, d.at(d.head(), track, d.sect()));
    }

    private void setDrive(int u, DriveState d) {
        drives[unitIndex(u)] = d;
    }

    // ---- state --------------------------------------------------------------------------------------------

    public State state() {
        return new State(sra, srb, dor, tdr, dsr, msr, curDrv, status0, fifo.clone(), dataPos, dataLen, dataDir, phase,
                timer0, timer1, precompTrk, config, lock, pwrd, resetSensei, drives[0], drives[1]);
    }

    public void restore(State s) {
        sra = s.sra();
        srb = s.srb();
        dor = s.dor();
        tdr = s.tdr();
        dsr = s.dsr();
        msr = s.msr();
        curDrv = s.curDrv();
        status0 = s.status0();
        System.arraycopy(s.fifo(), 0, fifo, 0, FIFO_SIZE);
        dataPos = s.dataPos();
        dataLen = s.dataLen();
        dataDir = s.dataDir();
        phase = s.phase();
        timer0 = s.timer0();
        timer1 = s.timer1();
        precompTrk = s.precompTrk();
        config = s.config();
        lock = s.lock();
        pwrd = s.pwrd();
        resetSensei = s.resetSensei();
        drives[0] = s.drive0();
        drives[1] = s.drive1();
        irq.set((sra & SRA_INTPEND) != 0);
    }
}
