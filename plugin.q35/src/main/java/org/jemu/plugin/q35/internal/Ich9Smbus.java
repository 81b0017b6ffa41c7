package org.jemu.plugin.q35.internal;

import org.jemu.core.i2c.I2cBus;
import org.jemu.core.i2c.SmbusHostController;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;

/**
 * The ICH9 SMBus controller as QEMU 7.2 has it (hw/i2c/smbus_ich9.c, type {@value #TYPE}, 8086:2930, revision 2,
 * class 0x0c05, function 1f.3 of the q35 board, INTA#).
 *
 * <ul>
 * <li>BAR 4 ({@value #SMB_BASE_BAR}): the {@link SmbusHostController} registers, 64 I/O ports (QEMU registers its
 *     64-port pm-smbus region, so the BAR sizes as 64 although the datasheet's SMB_BASE decodes 32). The controller
 *     has the block buffer off until the guest sets it, and drives I2C bus "i2c" (type "i2c-bus"), which the device
 *     creates for the board's "smbus-eeprom" devices.</li>
 * <li>HOSTC ({@value #HOSTC}): each write that covers it applies it as QEMU's ich9_smbus_write_config does. HST_EN
 *     (bit 0) enables the registers' decode, clear disables it; I2C_EN (bit 2) puts the controller in I2C mode (block
 *     transfers without the count byte, block reads without the command); SSRESET (bit 3) soft-resets the controller
 *     and clears itself. SMB_SMI_EN (bit 1) is stored only: the interrupt always goes to INTx, as in QEMU. As in QEMU
 *     the registers decode (once the BAR is programmed and I/O enabled) from realize until the first write of HOSTC,
 *     though HOSTC reads 0.</li>
 * <li>Interrupt: the controller's output (a status bit other than HOST_BUSY set, with INTREN) drives INTA#, QEMU's
 *     ich9_smb_set_irq; it is evaluated at each register access.</li>
 * </ul>
 *
 * <p>Reset: as in QEMU the device has no reset of its own; the PCI reset deasserts INTA# and resets the header and the
 * BAR, while HOSTC, the decode switch and the controller registers keep their values. (QEMU's cached interrupt level
 * keeps INTA# low after such a reset until the controller's output falls and rises again; here the next register
 * access asserts it again if the output is still high.)
 *
 * <p>Not supported, as in QEMU: the 64-bit memory BAR 0/1 (SMBMBAR), the SMBus SMI (SMB_SMI_EN, D31IP.SMIP), the
 * target (slave) interface and host notify, packet error checking, SMBALERT.
 */
public final class Ich9Smbus extends PciDevice {

    public static final String TYPE = "ICH9-SMB";

    static final int VENDOR = 0x8086;
    static final int DEVICE = 0x2930;
    static final int REVISION_A2 = 0x02;
    static final int CLASS_SMBUS = 0x0c05;
    /** The BAR of the I/O registers (QEMU's ICH9_SMB_SMB_BASE_BAR, register 0x20). */
    static final int SMB_BASE_BAR = 4;
    static final int HOSTC = 0x40;
    static final int HOSTC_HST_EN = 0x01;
    static final int HOSTC_SMB_SMI_EN = 0x02;
    static final int HOSTC_I2C_EN = 0x04;
    static final int HOSTC_SSRESET = 0x08;

    /**
     * The saved state: configuration space (HOSTC and the INTx level included), the controller, and whether its
     * registers decode (QEMU's memory region enabled flag).
     */
    public record State(PciState pci, SmbusHostController.State smbus, boolean decoding) {
    }

    private I2cBus i2c;
    private SmbusHostController smbus;
    private MemoryRegion smbusIo;

    public Ich9Smbus(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciDevice.TYPE).factory(Ich9Smbus::new).description("ICH9 SMBUS Bridge")
                .classInit(Ich9Smbus::declare).build();
    }

    private static void declare(TypeClass c) {
        c.set(VENDOR_ID, VENDOR).set(DEVICE_ID, DEVICE).set(REVISION, REVISION_A2).set(CLASS_ID, CLASS_SMBUS)
                .set(USER_CREATABLE, false);
    }

    @Override
    protected void pciRealize() {
        if (pciBus().ioSpace() == null) throw new RealizeException(describe() + " needs a PCI bus with an I/O space");
        setInterruptPin(1);
        setConfigByte(HOSTC, 0);
        if (i2c == null) i2c = createBus(I2cBus.TYPE, "i2c", I2cBus.class);
        smbus = SmbusHostController.ich9(i2c, this::setIrq);
        smbusIo = MemoryRegion.io("pm-smbus", SmbusHostController.SIZE, smbus).setOwner(this);
        smbusIo.setEnabled(true);
        registerBar(SMB_BASE_BAR, PciConfig.BAR_SPACE_IO, smbusIo);
    }

    @Override
    protected void pciUnrealize() {
        if (i2c.busy()) i2c.endTransfer();
        smbus = null;
        smbusIo = null;
    }

    @Override
    public void configWrite(int address, int value, int size) {
        super.configWrite(address, value, size);
        if (smbus == null || !overlaps(address, size, HOSTC, 1)) return;
        int hostc = configByte(HOSTC);
        smbusIo.setEnabled((hostc & HOSTC_HST_EN) != 0);
        smbus.setI2cEnabled((hostc & HOSTC_I2C_EN) != 0);
        if ((hostc & HOSTC_SSRESET) != 0) {
            smbus.reset();
            setConfigByte(HOSTC, hostc & ~HOSTC_SSRESET);
        }
    }

    /** The SMBus the device drives ("i2c"). */
    public I2cBus i2cBus() {
        return i2c;
    }

    public State state() {
        return new State(pciState(), smbus.state(), smbusIo.isEnabled());
    }

    public void restore(State s) {
        smbusIo.setEnabled(s.decoding());
        restorePciState(s.pci());
        smbus.restore(s.smbus());
    }
}
