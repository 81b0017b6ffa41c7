package org.jemu.plugin.i440fx.internal;

import org.jemu.core.qdev.IrqLine;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ATA register file of one IDE channel (QEMU's IDEBus with its two IDEState task files, hw/ide/core.c), as the
 * legacy ports reach it: the command block (8 ports, {@link #commandBlock()}) and the control block (alternate status /
 * device control, {@link #controlBlock()}).
 *
 * <p>Drives cannot be attached yet (the storage issue adds them, see {@link #present}): both units are absent, and the
 * channel behaves as QEMU's ide core does for a channel without drives. Every register reads 0 (QEMU returns 0, not a
 * floating 0xff, when no drive is on the bus), the data port included, so a BIOS probe (write 0x55/0xaa to sector count
 * and number, read them back) finds nothing. Writes still land in both task files (QEMU keeps them, unreadable), the
 * device/head register selects the unit, reading the status register or writing a command lowers the interrupt.
 * Commands to the absent slave are ignored; a command to the master, which QEMU runs against an interface without
 * medium, completes at once (aborted when it needs the medium) and raises the interrupt unless nIEN is set, except
 * SECURITY UNLOCK, which first waits for its 512 data bytes; register writes are ignored while the selected interface
 * is busy or wants data. Software reset (SRST) resets both interfaces, runs the diagnostic (interrupt as above) and
 * clears SRST again, at once rather than in a bottom half as QEMU does. Not supported: drives (ATA disks and ATAPI
 * CD-ROMs), PIO data transfers from a medium, and DMA (the bus-master registers are the PCI function's).
 */
final class AtaChannel {

    private static final Logger LOG = LoggerFactory.getLogger(AtaChannel.class);

    static final int REG_DATA = 0;
    static final int REG_FEATURE = 1;
    static final int REG_NSECTOR = 2;
    static final int REG_SECTOR = 3;
    static final int REG_LCYL = 4;
    static final int REG_HCYL = 5;
    static final int REG_SELECT = 6;
    static final int REG_COMMAND = 7;
    static final int COMMAND_PORTS = 8;

    static final int STAT_ERR = 0x01;
    static final int STAT_DRQ = 0x08;
    static final int STAT_SEEK = 0x10;
    static final int STAT_READY = 0x40;
    static final int STAT_BUSY = 0x80;
    static final int ERR_ABRT = 0x04;
    /** Device control: nIEN, SRST, HOB. */
    static final int CTRL_DISABLE_IRQ = 0x02;
    static final int CTRL_RESET = 0x04;
    static final int CTRL_HOB = 0x80;
    static final int SELECT_ALWAYS_ON = 0xa0;
    static final int SELECT_UNIT = 0x10;

    static final int WIN_DIAGNOSE = 0x90;
    static final int WIN_CHECKPOWERMODE1 = 0xe5;
    static final int WIN_CHECKPOWERMODE2 = 0x98;
    static final int WIN_SECURITY_UNLOCK = 0xf2;
    static final int CFA_WEAR_LEVEL = 0xf5;
    static final int SECTOR_BYTES = 512;

    /**
     * One interface's task file (QEMU's IDEState registers), as saved.
     *
     * @param pioRemaining bytes of the PIO transfer to the device the interface waits for, 0 when none
     */
    record TaskFile(int feature, int nsector, int sector, int lcyl, int hcyl, int hobFeature, int hobNsector,
            int hobSector, int hobLcyl, int hobHcyl, int select, int status, int error, int pioRemaining) {
    }

    /** The channel's state: selected unit, device control register, the two task files. */
    record State(int unit, int control, TaskFile master, TaskFile slave) {
    }

    /** The live task file of one interface. */
    private static final class Interface {
        int feature;
        int nsector;
        int sector;
        int lcyl;
        int hcyl;
        int hobFeature;
        int hobNsector;
        int hobSector;
        int hobLcyl;
        int hobHcyl;
        int select;
        int status;
        int error;
        int pioRemaining;

        /** QEMU's ide_reset and ide_set_signature for an interface without medium. */
        void reset() {
            feature = 0;
            hobFeature = 0;
            hobNsector = 0;
            hobSector = 0;
            hobLcyl = 0;
            hobHcyl = 0;
            status = STAT_READY | STAT_SEEK;
            error = 0;
            pioRemaining = 0;
            signature();
        }

        /** QEMU's ide_set_signature without medium, after clearing the device register to its always-on bits. */
        void signature() {
            select = SELECT_ALWAYS_ON;
            nsector = 1;
            sector = 1;
            lcyl = 0xff;
            hcyl = 0xff;
        }

        void complete(int newStatus, int newError) {
            status = newStatus;
            error = newError;
        }

        /** A register write: the previous value moves to the HOB copy (LBA48). */
        void latch(int reg, int v) {
            switch (reg) {
                case REG_FEATURE -> {
                    hobFeature = feature;
                    feature = v;
                }
                case REG_NSECTOR -> {
                    hobNsector = nsector;
                    nsector = v;
                }
                case REG_SECTOR -> {
                    hobSector = sector;
                    sector = v;
                }
                case REG_LCYL -> {
                    hobLcyl = lcyl;
                    lcyl = v;
                }
                case REG_HCYL -> {
                    hobHcyl = hcyl;
                    hcyl = v;
                }
                case REG_SELECT -> select = v | SELECT_ALWAYS_ON;
                default -> {
                }
            }
        }

        TaskFile save() {
            return new TaskFile(feature, nsector, sector, lcyl, hcyl, hobFeature, hobNsector, hobSector, hobLcyl,
                    hobHcyl, select, status, error, pioRemaining);
        }

        void load(TaskFile t) {
            feature = t.feature() & 0xff;
            nsector = t.nsector() & 0xff;
            sector = t.sector() & 0xff;
            lcyl = t.lcyl() & 0xff;
            hcyl = t.hcyl() & 0xff;
            hobFeature = t.hobFeature() & 0xff;
            hobNsector = t.hobNsector() & 0xff;
            hobSector = t.hobSector() & 0xff;
            hobLcyl = t.hobLcyl() & 0xff;
            hobHcyl = t.hobHcyl() & 0xff;
            select = t.select() & 0xff;
            status = t.status() & 0xff;
            error = t.error() & 0xff;
            pioRemaining = Math.clamp(t.pioRemaining(), 0, SECTOR_BYTES);
        }
    }

    private final IrqLine irq;
    private final Interface[] ifs = {new Interface(), new Interface()};
    private int unit;
    private int control;

    /** @param irq the channel's interrupt: raised when a command completes, lowered by a status read or a command */
    AtaChannel(IrqLine irq) {
        this.irq = irq;
        reset();
    }

    /** QEMU's ide_bus_reset: unit 0, device control 0, both interfaces reset. */
    void reset() {
        unit = 0;
        control = 0;
        ifs[0].reset();
        ifs[1].reset();
    }

    /** Whether a drive is attached at unit {@code u}: none can be yet (the storage issue attaches them). */
    boolean present(int u) {
        return false;
    }

    private boolean noDrive() {
        return !present(0) && !present(1);
    }

    /** The selected interface is the absent slave of a channel that has a master. */
    private boolean absentSlaveSelected() {
        return unit == 1 && !present(1);
    }

    // ---- command block ----------------------------------------------------------------------------------------

    /**
     * A one-byte read of register {@code reg} (QEMU's ide_ioport_read): 0 without drives, and error and status read 0
     * for an absent slave; HOB selects the previous LBA48 values; a status read lowers the interrupt.
     */
    int readRegister(int reg) {
        Interface s = ifs[unit];
        boolean hob = (control & CTRL_HOB) != 0;
        boolean none = noDrive();
        return switch (reg) {
            case REG_DATA -> readData() & 0xff;
            case REG_FEATURE -> none || absentSlaveSelected() ? 0 : hob ? s.hobFeature : s.error;
            case REG_NSECTOR -> none ? 0 : hob ? s.hobNsector : s.nsector;
            case REG_SECTOR -> none ? 0 : hob ? s.hobSector : s.sector;
            case REG_LCYL -> none ? 0 : hob ? s.hobLcyl : s.lcyl;
            case REG_HCYL -> none ? 0 : hob ? s.hobHcyl : s.hcyl;
            case REG_SELECT -> none ? 0 : s.select;
            default -> {
                irq.set(false);
                yield none || absentSlaveSelected() ? 0 : s.status;
            }
        };
    }

    /** A data port read of 2 or 4 bytes: 0, as no transfer to the host is ever in progress. */
    int readData() {
        return 0;
    }

    /** A one-byte write of register {@code reg} (QEMU's ide_ioport_write): both task files take it. */
    void writeRegister(int reg, int value) {
        int v = value & 0xff;
        if (reg != REG_COMMAND && (ifs[unit].status & (STAT_BUSY | STAT_DRQ)) != 0) return;
        if (reg == REG_DATA) return;
        control &= ~CTRL_HOB;
        if (reg == REG_COMMAND) {
            irq.set(false);
            executeCommand(v);
            return;
        }
        ifs[0].latch(reg, v);
        ifs[1].latch(reg, v);
        if (reg == REG_SELECT) unit = (v & SELECT_UNIT) != 0 ? 1 : 0;
    }

    /** A data port write of {@code size} (2 or 4) bytes: consumed by a PIO transfer to the device, else ignored. */
    void writeData(int size) {
        Interface s = ifs[unit];
        if ((s.status & STAT_DRQ) == 0 || s.pioRemaining < size) return;
        s.pioRemaining -= size;
        if (s.pioRemaining > 0) return;
        s.complete(STAT_READY | STAT_SEEK, 0); // QEMU's ide_security_cmd: the password is not checked
        raiseIrq();
    }

    // ---- commands ---------------------------------------------------------------------------------------------

    /** QEMU's ide_bus_exec_cmd, for interfaces without a drive. */
    private void executeCommand(int cmd) {
        if (absentSlaveSelected()) return; // commands to a non-existent slave are ignored
        Interface s = ifs[unit];
        if ((s.status & (STAT_BUSY | STAT_DRQ)) != 0) return;
        if (!present(unit)) noMediumCommand(cmd, s);
    }

    /**
     * What QEMU's command table does on the master without medium: a few commands complete, SECURITY UNLOCK waits for
     * data, the rest abort (they need the medium, or are not ATA disk commands); each completion raises the interrupt.
     * The results are kept as QEMU keeps them, although nothing reads them while no drive exists.
     */
    private void noMediumCommand(int cmd, Interface s) {
        LOG.debug("ATA command 0x{} to unit {}: no drive", Integer.toHexString(cmd), unit);
        switch (cmd) {
            case WIN_SECURITY_UNLOCK -> {
                s.complete(STAT_READY | STAT_SEEK | STAT_DRQ, 0);
                s.pioRemaining = SECTOR_BYTES;
                return;
            }
            case WIN_DIAGNOSE -> {
                s.signature();
                s.complete(STAT_READY | STAT_SEEK, 0x01);
            }
            case WIN_CHECKPOWERMODE1, WIN_CHECKPOWERMODE2 -> {
                s.nsector = 0xff;
                s.complete(STAT_READY | STAT_SEEK, 0);
            }
            case CFA_WEAR_LEVEL -> {
                s.nsector = 0;
                s.complete(STAT_READY | STAT_SEEK, 0);
            }
            default -> {
                if (completesWithoutMedium(cmd)) {
                    s.complete(STAT_READY | STAT_SEEK, 0);
                } else {
                    s.complete(STAT_READY | STAT_ERR, ERR_ABRT);
                }
            }
        }
        raiseIrq();
    }

    /** Recalibrate, verify, seek, the standby/idle/sleep family and flush cache need no medium. */
    private static boolean completesWithoutMedium(int cmd) {
        return cmd == 0x10 || (cmd >= 0x40 && cmd <= 0x42) || cmd == 0x70 || (cmd >= 0x94 && cmd <= 0x99)
                || (cmd >= 0xe0 && cmd <= 0xe3) || cmd == 0xe6 || cmd == 0xe7 || cmd == 0xea;
    }

    /** QEMU's ide_bus_set_irq: raised unless nIEN. */
    private void raiseIrq() {
        if ((control & CTRL_DISABLE_IRQ) == 0) irq.set(true);
    }

    // ---- control block ----------------------------------------------------------------------------------------

    /** The alternate status register (QEMU's ide_status_read): as status, without lowering the interrupt. */
    int readAltStatus() {
        return noDrive() || absentSlaveSelected() ? 0 : ifs[unit].status;
    }

    /** The device control register (QEMU's ide_ctrl_write): nIEN, HOB, and SRST on its rising edge. */
    void writeControl(int value) {
        boolean srst = (control & CTRL_RESET) == 0 && (value & CTRL_RESET) != 0;
        control = value & 0xff;
        if (!srst) return;
        for (Interface s : ifs) {
            s.reset();
            s.complete(STAT_READY | STAT_SEEK, 0x01); // the diagnostic run after the reset: "device passed"
        }
        raiseIrq();
        control &= ~CTRL_RESET;
    }

    // ---- regions and state ------------------------------------------------------------------------------------

    /**
     * Ports base+0..7 as QEMU's ide portio list lays them out: byte accesses reach the registers (the data port reads
     * the low byte of a word), word and dword accesses at base+0 the data port, a word access elsewhere two byte
     * registers, a dword access elsewhere nothing (reads all-ones).
     */
    MemoryRegionOps commandBlock() {
        return new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                int reg = (int) offset;
                if (size == 1) return readRegister(reg);
                if (reg == REG_DATA) return readData();
                if (size == 2) return readRegister(reg) | (reg + 1 < COMMAND_PORTS ? readRegister(reg + 1) << 8 : 0xff00);
                return 0xffff_ffffL;
            }

            @Override
            public void write(long offset, int size, long value) {
                int reg = (int) offset;
                if (size == 1) {
                    writeRegister(reg, (int) value);
                } else if (reg == REG_DATA) {
                    writeData(size);
                } else if (size == 2) {
                    writeRegister(reg, (int) value);
                    if (reg + 1 < COMMAND_PORTS) writeRegister(reg + 1, (int) (value >> 8));
                }
            }

            @Override
            public AccessConstraints valid() {
                return AccessConstraints.aligned(1, 4);
            }
        };
    }

    /** Port base2 (0x3f6/0x376): alternate status and device control, one byte. */
    MemoryRegionOps controlBlock() {
        return new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                return readAltStatus();
            }

            @Override
            public void write(long offset, int size, long value) {
                writeControl((int) value);
            }

            @Override
            public AccessConstraints impl() {
                return AccessConstraints.exactly(1);
            }
        };
    }

    /** The selected unit, 0 or 1. */
    int unit() {
        return unit;
    }

    State state() {
        return new State(unit, control, ifs[0].save(), ifs[1].save());
    }

    void restore(State s) {
        unit = s.unit() & 1;
        control = s.control() & 0xff;
        ifs[0].load(s.master());
        ifs[1].load(s.slave());
    }
}
