package org.jemu.plugin.q35.internal;

/**
 * One port of the {@link Ich9Ahci} HBA without a device attached: its registers at ABAR + 0x100 + port * 0x80 (AHCI
 * 1.3 section 3.3) with the behaviour QEMU 7.2's hw/ide/ahci.c gives an empty port.
 *
 * <ul>
 * <li>PxCLB/PxCLBU and PxFB/PxFBU hold what the guest writes (as QEMU's do, the reserved low bits too).</li>
 * <li>PxIS bits are write-1-to-clear, PxIE keeps the bits QEMU implements (mask 0xfdc000ff); both
 *     re-evaluate the HBA interrupt.</li>
 * <li>PxCMD: ST, SUD, POD, CLO, FRE and the other writable bits are stored; ICC always reads 0; CR follows ST and FR
 *     follows FRE (QEMU starts the engines at once; nothing is read from the command list or the FIS area).</li>
 * <li>When FIS receive first turns on after a port reset, the port posts QEMU's initial D2H Register FIS for its empty
 *     IDE interface (status 0x50, signature bytes 01 01 ff ff) at PxFB + 0x40: PxTFD becomes 0x50, PxSIG 0xffff0101
 *     and PxIS.DHRS is set. Until then PxTFD reads 0x7f and PxSIG 0xffffffff.</li>
 * <li>PxSSTS reads 0 (no device, no PHY communication); writes are ignored, as to PxTFD and PxSIG.</li>
 * <li>PxSCTL is stored; DET going from 1 to 0 is a COMRESET: PxSSTS, PxSERR, PxSACT cleared, PxTFD and PxSIG back to
 *     "no device".</li>
 * <li>PxSERR is write-1-to-clear (nothing sets it), PxSACT takes 1 bits. PxCI takes 1 bits; with no device a command
 *     is never processed, so issued bits stay set (QEMU's handle_cmd fails for an empty port).</li>
 * <li>Other offsets (reserved, PxSNTF, PxFBS, PxDEVSLP, vendor) read 0 and ignore writes.</li>
 * </ul>
 */
final class AhciPort {

    static final int CLB = 0x00;
    static final int CLBU = 0x04;
    static final int FB = 0x08;
    static final int FBU = 0x0c;
    static final int IS = 0x10;
    static final int IE = 0x14;
    static final int CMD = 0x18;
    static final int TFD = 0x20;
    static final int SIG = 0x24;
    static final int SSTS = 0x28;
    static final int SCTL = 0x2c;
    static final int SERR = 0x30;
    static final int SACT = 0x34;
    static final int CI = 0x38;

    static final int CMD_ST = 1;
    static final int CMD_SUD = 1 << 1;
    static final int CMD_POD = 1 << 2;
    static final int CMD_FRE = 1 << 4;
    static final int CMD_FR = 1 << 14;
    static final int CMD_CR = 1 << 15;
    /** Bits of PxCMD the guest cannot write (QEMU's PORT_CMD_RO_MASK). */
    static final int CMD_READ_ONLY = 0x007d_ffe0;
    /** Interface communication control: accepted and dropped, reads 0. */
    static final int CMD_ICC = 0xf000_0000;
    /** PxCMD after an HBA reset: spun up and powered on. */
    static final int CMD_RESET = CMD_SUD | CMD_POD;

    /** PxIE bits QEMU implements. */
    static final int IE_WRITABLE = 0xfdc0_00ff;
    /** PxIS.DHRS: a D2H Register FIS arrived. */
    static final int IS_DHRS = 1;

    static final int SCTL_DET = 0xf;
    /** PxSSTS with no device: DET 0, SPD 0, IPM 0. */
    static final int SSTS_NO_DEVICE = 0;
    static final int TFD_NO_DEVICE = 0x7f;
    static final int SIG_NO_DEVICE = 0xffff_ffff;

    /** Where the D2H Register FIS goes in the received-FIS area. */
    static final int RFIS_OFFSET = 0x40;
    /** The D2H Register FIS QEMU posts for an empty interface (after its IDE reset). */
    private static final byte[] EMPTY_INTERFACE_D2H_FIS = {
        0x34, 0x40, 0x50, 0x00, 0x01, (byte) 0xff, (byte) 0xff, (byte) 0xa0,
        0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    /** PxTFD after that FIS: error 0, status 0x50 (DRDY, DSC). */
    static final int TFD_EMPTY_INTERFACE = 0x50;
    /** PxSIG after that FIS: LBA high, LBA mid, LBA low, sector count. */
    static final int SIG_EMPTY_INTERFACE = 0xffff_0101;

    /** What a port needs from its HBA. */
    interface Hba {
        /** PxIS or PxIE changed: re-evaluate IS and the interrupt line. */
        void checkInterrupt();

        /** Writes a received FIS to guest memory as a bus master. */
        void postFis(long address, byte[] fis);

        /** The guest issued commands ({@code slots}) that no device will ever process. */
        void commandsNotProcessed(int port, int slots);
    }

    /** The saved registers of a port, and whether its initial D2H FIS was posted since the last port reset. */
    public record State(int clb, int clbu, int fb, int fbu, int is, int ie, int cmd, int tfd, int sig, int sctl,
            int serr, int sact, int ci, boolean initialFisSent) {
    }

    private final int number;
    private final Hba hba;
    private int clb;
    private int clbu;
    private int fb;
    private int fbu;
    private int is;
    private int ie;
    private int cmd;
    private int tfd;
    private int sig;
    private int sctl;
    private int serr;
    private int sact;
    private int ci;
    private boolean initialFisSent;

    AhciPort(int number, Hba hba) {
        this.number = number;
        this.hba = hba;
    }

    /** Whether the port asks for an interrupt: an enabled status bit is set. */
    boolean interruptPending() {
        return (is & ie) != 0;
    }

    /** The register at dword-aligned {@code offset} (0..0x7c). */
    int read(int offset) {
        return switch (offset) {
            case CLB -> clb;
            case CLBU -> clbu;
            case FB -> fb;
            case FBU -> fbu;
            case IS -> is;
            case IE -> ie;
            case CMD -> cmd;
            case TFD -> tfd;
            case SIG -> sig;
            case SSTS -> SSTS_NO_DEVICE;
            case SCTL -> sctl;
            case SERR -> serr;
            case SACT -> sact;
            case CI -> ci;
            default -> 0;
        };
    }

    /** A guest write of {@code value} to the register at dword-aligned {@code offset} (QEMU's ahci_port_write). */
    void write(int offset, int value) {
        switch (offset) {
            case CLB -> clb = value;
            case CLBU -> clbu = value;
            case FB -> fb = value;
            case FBU -> fbu = value;
            case IS -> {
                is &= ~value;
                hba.checkInterrupt();
            }
            case IE -> {
                ie = value & IE_WRITABLE;
                hba.checkInterrupt();
            }
            case CMD -> writeCommand(value);
            case SCTL -> {
                if ((sctl & SCTL_DET) == 1 && (value & SCTL_DET) == 0) comReset();
                sctl = value;
            }
            case SERR -> serr &= ~value;
            case SACT -> sact |= value;
            case CI -> {
                ci |= value;
                checkCommands();
            }
            default -> {
                // PxTFD, PxSIG, PxSSTS are read-only; the rest is reserved or not implemented
            }
        }
    }

    private void writeCommand(int value) {
        int c = (cmd & CMD_READ_ONLY) | (value & ~(CMD_READ_ONLY | CMD_ICC));
        c = (c & CMD_ST) != 0 ? c | CMD_CR : c & ~CMD_CR;
        c = (c & CMD_FRE) != 0 ? c | CMD_FR : c & ~CMD_FR;
        cmd = c;
        if ((cmd & CMD_FR) != 0 && !initialFisSent) postInitialFis();
        checkCommands();
    }

    /** QEMU's ahci_init_d2h for an empty port: the D2H Register FIS of its reset IDE interface. */
    private void postInitialFis() {
        long area = (long) fbu << 32 | (fb & 0xffff_ffffL);
        hba.postFis(area + RFIS_OFFSET, EMPTY_INTERFACE_D2H_FIS);
        tfd = TFD_EMPTY_INTERFACE;
        is |= IS_DHRS;
        hba.checkInterrupt();
        initialFisSent = true;
        sig = SIG_EMPTY_INTERFACE;
    }

    /** QEMU's check_cmd: with the engine running, each issued slot goes to the device, which is absent. */
    private void checkCommands() {
        if ((cmd & CMD_ST) != 0 && ci != 0) hba.commandsNotProcessed(number, ci);
    }

    /** A COMRESET (QEMU's ahci_reset_port) of a port without a device. */
    void comReset() {
        serr = 0;
        sact = 0;
        tfd = TFD_NO_DEVICE;
        sig = SIG_NO_DEVICE;
        initialFisSent = false;
    }

    /** The port's part of an HBA reset (GHC.HR or a device reset): QEMU's ahci_reset for one port. */
    void hbaReset() {
        is = 0;
        ie = 0;
        sctl = 0;
        cmd = CMD_RESET;
        comReset();
    }

    /** Power-on: every register 0, then the HBA reset values. */
    void powerOn() {
        clb = 0;
        clbu = 0;
        fb = 0;
        fbu = 0;
        ci = 0;
        hbaReset();
    }

    State state() {
        return new State(clb, clbu, fb, fbu, is, ie, cmd, tfd, sig, sctl, serr, sact, ci, initialFisSent);
    }

    void restore(State s) {
        clb = s.clb();
        clbu = s.clbu();
        fb = s.fb();
        fbu = s.fbu();
        is = s.is();
        ie = s.ie() & IE_WRITABLE;
        cmd = s.cmd() & ~CMD_ICC;
        tfd = s.tfd();
        sig = s.sig();
        sctl = s.sctl();
        serr = s.serr();
        sact = s.sact();
        ci = s.ci();
        initialFisSent = s.initialFisSent();
    }
}
