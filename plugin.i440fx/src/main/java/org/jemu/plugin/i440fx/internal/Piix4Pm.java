package org.jemu.plugin.i440fx.internal;

import org.jemu.core.acpi.AcpiPmRegisters;
import org.jemu.core.acpi.ApmPorts;
import org.jemu.core.i2c.I2cBus;
import org.jemu.core.i2c.SmbusHostController;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/**
 * The PIIX4 power management function as QEMU 7.2's pc machine has it (hw/acpi/piix4.c, type {@value #TYPE},
 * 8086:7113, class 0x0680, revision 3, at 01.3 of the PIIX3 slot).
 *
 * <ul>
 * <li>ACPI PM I/O block (64 ports, {@link AcpiPmRegisters}: PM1a event at +0, PM1a control at +4, PM timer at +8) at
 *     the base in register 0x40 (bits 15:6), decoded while bit 0 of register 0x80 is set.</li>
 * <li>GPE0 block at 0xafe0 (2 status bytes, 2 enable bytes), always decoded, as QEMU places it.</li>
 * <li>SCI on the unnamed output {@code ""[0]} (the board wires it to GSI 9, the FADT's SCI_INT), SMI on
 *     {@code "smi-irq"[0]}.</li>
 * <li>APM control (0xb2) and status (0xb3) ports: a write of 0xf1 to the control port sets SCI_EN (ACPI mode), 0xf0
 *     clears it; any other value pulses the SMI output when APMC_EN (bit 1 of register 0x5b) is set. The status port is
 *     a plain scratch byte. QEMU raises its SMI line on each such write; here it is pulsed so every write is an
 *     edge.</li>
 * <li>SMBus host controller ({@link SmbusHostController} as QEMU's PIIX4 has it: block buffer on, no interrupt; 64 ports) at the base in register 0x90 (bits 15:6), decoded while bit 0
 *     of register 0xd2 is set; it drives I2C bus "i2c" (type "i2c-bus"), which the device creates for the board's
 *     "smbus-eeprom" devices.</li>
 * </ul>
 *
 * <p>Properties (QEMU's names): {@code smb_io_base} (SMBus base at realize, 64-byte aligned), {@code smm-enabled}
 * (QEMU: the machine has SMM; off marks SMM as already initialised, APMC_EN set, so firmware skips its SMM setup),
 * {@code smm-compat} (with smm-enabled off, leave SCI_EN switchable), {@code s4_val} (the SLP_TYP of S4, default 2),
 * {@code disable_s3}/{@code disable_s4} (only advertised: {@link #systemStates()} is QEMU's fw_cfg file
 * "etc/system-states", for the board to publish); read-only {@code acpi-enable-cmd}, {@code acpi-disable-cmd},
 * {@code gpe0-blk}, {@code gpe0-blk-len}, {@code sci-int} and {@code pm_io_base}.
 *
 * <p>Reset is QEMU's piix4_pm_reset: registers 0x58-0x5b cleared (0x5b = 0x02 without SMM), 0x40 = 0x01, 0x80 = 0 (PM
 * block off), the ACPI registers reset; the SMBus registers, their base and the APM bytes keep their values, as in
 * QEMU. Registers 0x5f, 0x63 and 0x67 tell which parallel and serial ports exist, computed once (at the first reset,
 * when the machine is complete) as QEMU's machine-ready notifier does. The PM and SMBus windows overlay other
 * I/O mappings at priority 1, as BARs do. Not supported: ACPI PCI hotplug (ports 0xae00, properties
 * acpi-pci-hotplug-with-bridge-support and acpi-root-pci-hotplug), CPU hotplug (0xaf00) and memory hotplug (0x0a00),
 * hence also memory-hotplug-support, cpu-hotplug-legacy and x-not-migrate-acpi-index; S3 suspend; the power button
 * (no host event reaches it); SMM itself (the CPUs do not model it, so an SMI goes nowhere).
 */
public final class Piix4Pm extends PciDevice {

    public static final String TYPE = "PIIX4_PM";

    static final int PMBASE = 0x40;
    static final int PMREGMISC = 0x80;
    static final int DEVACTB = 0x58;
    static final int DEVACTB_LEN = 4;
    /** Register 0x5b bit 1: APMC_EN, SMI on writes to the APM control port. */
    static final int APMC_EN_REG = 0x5b;
    static final int APMC_EN = 0x02;
    static final int SMBHSTBASE = 0x90;
    static final int SMBHSTCFG = 0xd2;
    static final int SMBHSTCFG_REALIZE = 0x09;
    static final int IO_ENABLE = 0x01;
    static final int IO_BASE_MASK = 0xffc0;
    static final int PM_IO_SIZE = 64;
    static final int GPE_BASE = 0xafe0;
    static final int ACPI_ENABLE = 0xf1;
    static final int ACPI_DISABLE = 0xf0;
    static final int SCI_INT = 9;
    /** The GPE0 block: 2 status bytes, 2 enable bytes. */
    static final int GPE_LEN = 4;
    /** STATUS: DEVSEL medium timing, fast back-to-back capable. */
    static final int STATUS_VALUE = PciConfig.STATUS_DEVSEL_MEDIUM | 0x80;
    /** Where the I/O windows go: over other I/O mappings, as BARs do. */
    static final int WINDOW_PRIORITY = 1;

    /** The saved state: configuration space, ACPI registers, SMBus controller, APM control and status bytes. */
    public record State(PciState pci, AcpiPmRegisters.State acpi, SmbusHostController.State smbus, int apmControl, int apmStatus) {
    }

    private final IrqLine sci;
    private final IrqLine smi;
    private I2cBus i2c;
    private AcpiPmRegisters acpi;
    private SmbusHostController smbus;
    private MemoryRegion pmIo;
    private MemoryRegion smbusIo;
    private final ApmPorts apm = new ApmPorts(this::apmCommand);
    private boolean portsRecorded;

    public Piix4Pm(ObjectType type) {
        super(type);
        sci = defineGpioOut("", 1)[0];
        smi = defineGpioOut("smi-irq", 1)[0];
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciDevice.TYPE).factory(Piix4Pm::new).description("PM")
                .classInit(Piix4Pm::declare).build();
    }

    private static void declare(TypeClass c) {
        c.set(VENDOR_ID, 0x8086).set(DEVICE_ID, 0x7113).set(REVISION, 0x03).set(CLASS_ID, 0x0680)
                .set(USER_CREATABLE, false).set(HOTPLUGGABLE, false);
        c.property(PropertyDef.uint32("smb_io_base").defaultValue(0)
                .description("I/O base of the SMBus host controller (64-byte aligned)")
                .validator(v -> (Long) v > IO_BASE_MASK || ((Long) v & ~IO_BASE_MASK) != 0
                        ? "must be a 64-byte aligned I/O port address, 0x0-0xffc0" : null));
        c.property(PropertyDef.uint8("disable_s3").defaultValue(0).description("S3 not advertised (etc/system-states)"));
        c.property(PropertyDef.uint8("disable_s4").defaultValue(0).description("S4 not advertised (etc/system-states)"));
        c.property(PropertyDef.uint8("s4_val").defaultValue(2)
                .description("SLP_TYP value of S4").validator(v -> (Long) v > 7 ? "SLP_TYP is 3 bits (0-7)" : null));
        c.property(PropertyDef.bool("smm-enabled").defaultValue(false).description("the machine has SMM"));
        c.property(PropertyDef.bool("smm-compat").defaultValue(false)
                .description("keep SCI_EN switchable by the APM commands even without SMM"));
        c.property(PropertyDef.uint8("acpi-enable-cmd").accessor(o -> (long) ACPI_ENABLE, null));
        c.property(PropertyDef.uint8("acpi-disable-cmd").accessor(o -> (long) ACPI_DISABLE, null));
        c.property(PropertyDef.uint32("gpe0-blk").accessor(o -> (long) GPE_BASE, null));
        c.property(PropertyDef.uint32("gpe0-blk-len").accessor(o -> (long) GPE_LEN, null));
        c.property(PropertyDef.uint16("sci-int").accessor(o -> (long) SCI_INT, null));
        c.property(PropertyDef.uint32("pm_io_base").accessor(o -> (long) ((Piix4Pm) o).pmIoBase(), null)
                .description("current base of the ACPI PM I/O block"));
    }

    @Override
    protected void pciRealize() {
        if (pciBus().ioSpace() == null) throw new RealizeException(describe() + " needs a PCI bus with an I/O space");
        setConfigWord(PciConfig.STATUS, STATUS_VALUE);
        setInterruptPin(1);
        if (!smmEnabled()) setConfigByte(APMC_EN_REG, APMC_EN);
        int smbBase = (int) getLong("smb_io_base");
        setConfigByte(SMBHSTBASE, smbBase | IO_ENABLE);
        setConfigByte(SMBHSTBASE + 1, smbBase >> 8);
        setConfigByte(SMBHSTCFG, SMBHSTCFG_REALIZE);

        if (i2c == null) i2c = createBus(I2cBus.TYPE, "i2c", I2cBus.class);
        smbus = SmbusHostController.piix4(i2c);
        smbusIo = MemoryRegion.io("pm-smbus", SmbusHostController.SIZE, smbus).setOwner(this);
        acpi = new AcpiPmRegisters(sci, system(), GPE_LEN, (int) getLong("s4_val"),
                !getBool("smm-compat") && !smmEnabled());
        pmIo = MemoryRegion.container("piix4-pm", PM_IO_SIZE).setOwner(this);
        addAcpiBlock(AcpiPmRegisters.PM1_EVT, "acpi-evt", AcpiPmRegisters.PM1_EVT_LEN, acpi.eventBlock());
        addAcpiBlock(AcpiPmRegisters.PM1_CNT, "acpi-cnt", AcpiPmRegisters.PM1_CNT_LEN, acpi.controlBlock());
        addAcpiBlock(AcpiPmRegisters.PM_TMR, "acpi-tmr", AcpiPmRegisters.PM_TMR_LEN, acpi.timerBlock());
        MemoryRegion io = pciBus().ioSpace();
        pmIo.setEnabled(false);
        io.addSubregionOverlap(0, pmIo, WINDOW_PRIORITY);
        smbusIo.setEnabled(false);
        io.addSubregionOverlap(smbBase, smbusIo, WINDOW_PRIORITY);
        updateSmbusIo();
        updatePmIo();
        exposeIoPorts(MemoryRegion.io("acpi-gpe0", GPE_LEN, acpi.gpeBlock()), GPE_BASE);
        exposeIoPorts(MemoryRegion.io("apm-io", ApmPorts.SIZE, apm), ApmPorts.PORT);
        apm.reset();
        portsRecorded = false;
    }

    private void addAcpiBlock(int offset, String name, int length, MemoryRegionOps ops) {
        pmIo.addSubregion(offset, MemoryRegion.io(name, length, ops).setOwner(this));
    }

    @Override
    protected void pciUnrealize() {
        pmIo.container().removeSubregion(pmIo);
        smbusIo.container().removeSubregion(smbusIo);
        if (i2c.busy()) i2c.endTransfer();
        acpi.free();
    }

    private boolean smmEnabled() {
        return getBool("smm-enabled");
    }

    @Override
    public void resetHold(ResetType type) {
        for (int i = 0; i < DEVACTB_LEN; i++) setConfigByte(DEVACTB + i, 0);
        setConfigByte(PMBASE, IO_ENABLE);
        setConfigByte(PMREGMISC, 0);
        if (!smmEnabled()) setConfigByte(APMC_EN_REG, APMC_EN);
        acpi.reset();
        updatePmIo();
        if (!portsRecorded) recordPorts();
    }

    /** QEMU's piix4_pm_machine_ready: which of LPT1 (0x378), COM1 (0x3f8) and COM2 (0x2f8) exist. */
    private void recordPorts() {
        MemoryRegion io = pciBus().ioSpace();
        setConfigByte(0x5f, 0x10 | (claimed(io, 0x378) ? 0x80 : 0));
        setConfigByte(0x63, 0x60);
        setConfigByte(0x67, (claimed(io, 0x3f8) ? 0x08 : 0) | (claimed(io, 0x2f8) ? 0x90 : 0));
        portsRecorded = true;
    }

    /** Whether an enabled region other than a bare container covers {@code port} (QEMU's memory_region_present). */
    static boolean claimed(MemoryRegion container, long port) {
        for (MemoryRegion r : container.subregions()) {
            long offset = port - r.address();
            if (!r.isEnabled() || offset < 0 || offset >= r.size()) continue;
            if (r.kind() != MemoryRegion.Kind.CONTAINER || claimed(r, offset)) return true;
        }
        return false;
    }

    @Override
    public void configWrite(int address, int value, int size) {
        super.configWrite(address, value, size);
        if (overlaps(address, size, PMREGMISC, 1) || overlaps(address, size, PMBASE, 4)) updatePmIo();
        if (overlaps(address, size, SMBHSTCFG, 1) || overlaps(address, size, SMBHSTBASE, 4)) updateSmbusIo();
    }

    int pmIoBase() {
        return configLong(PMBASE) & IO_BASE_MASK;
    }

    /** QEMU's pm_io_space_update. */
    private void updatePmIo() {
        pmIo.setAddress(pmIoBase());
        pmIo.setEnabled((configByte(PMREGMISC) & IO_ENABLE) != 0);
    }

    /** QEMU's smbus_io_space_update. */
    private void updateSmbusIo() {
        smbusIo.setAddress(configLong(SMBHSTBASE) & IO_BASE_MASK);
        smbusIo.setEnabled((configByte(SMBHSTCFG) & IO_ENABLE) != 0);
    }

    /** The SMBus the device drives ("i2c"). */
    public I2cBus i2cBus() {
        return i2c;
    }

    /**
     * QEMU's fw_cfg file "etc/system-states" for this device's properties: six bytes, one per sleep state S0..S5, bit 7
     * set when the state is advertised, the low bits its SLP_TYP.
     */
    public byte[] systemStates() {
        return AcpiPmRegisters.systemStates(getLong("disable_s3") == 0, getLong("disable_s4") == 0, (int) getLong("s4_val"));
    }

    /**
     * An APM control write: 0xf1 sets SCI_EN (ACPI mode), 0xf0 clears it; any other value pulses SMI when APMC_EN is
     * set (QEMU's piix4 apm_ctrl_changed).
     */
    private void apmCommand(int v) {
        acpi.apmCommand(v == ACPI_ENABLE, v == ACPI_DISABLE);
        if (v == ACPI_ENABLE || v == ACPI_DISABLE) return;
        if ((configByte(APMC_EN_REG) & APMC_EN) != 0) {
            smi.set(true);
            smi.set(false);
        }
    }

    public State state() {
        return new State(pciState(), acpi.state(), smbus.state(), apm.control(), apm.status());
    }

    public void restore(State s) {
        restorePciState(s.pci());
        updatePmIo();
        updateSmbusIo();
        acpi.restore(s.acpi());
        smbus.restore(s.smbus());
        apm.restore(s.apmControl(), s.apmStatus());
    }
}
