package org.jemu.plugin.q35.internal;

import java.util.Arrays;

import org.jemu.core.acpi.AcpiPmRegisters;
import org.jemu.core.acpi.ApmPorts;
import org.jemu.core.pc.ResetControlRegister;
import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.pci.PciIrqRouting;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICH9 LPC bridge as QEMU 7.2's q35 machine has it (hw/isa/lpc_ich9.c and hw/acpi/ich9.c, type {@value #TYPE},
 * 8086:2918, revision 2, class 0x0601, at 1f.0 of a multifunction slot): the PCI-to-ISA bridge, the interrupt router
 * of the board's global system interrupts, the chipset configuration registers and the ACPI power management.
 *
 * <ul>
 * <li>ISA bus: makes "isa.0" (bus type "ISA", registered by another bundle) over the PCI bus's memory and I/O
 *     spaces, as QEMU's isa_bus_new does.</li>
 * <li>GSI router (the board's interrupt contract): inputs {@code "gsi"[0..23]}; line n below 16 drives outputs
 *     {@code "isa-irq"[n]} (the 8259 pair) and {@code "ioapic-irq"[n]}, lines 16..23 only the latter. A line is the
 *     OR of its sources: its GSI input, the PIRQs routed to it and the SCI when it is routed there. A source going
 *     high is passed on at once, a source going low lowers the line only when no other source holds it.</li>
 * <li>PCI interrupts: eight PIRQs (A..H). Pin INTx of a device in slot s drives the PIRQ that the chipset
 *     configuration registers D25IR..D31IR give for slots 25..31 (4 bits per pin, default 0x3210: INTA to PIRQA...),
 *     PIRQ E..H as (s + pin) mod 4 + 4 for other slots, and PIRQ pin + 4 for slot 30 (QEMU's ich9_cc_init and
 *     ich9_cc_update). PIRQ n always drives GSI 16 + n (QEMU's ich9_lpc_update_apic); registers 0x60..0x63 (PIRQA..D)
 *     and 0x68..0x6b (PIRQE..H) also route it to ISA IRQ bits 3:0 unless IRQEN (bit 7, the reset value 0x80) is set.
 *     Reprogramming a route or a DnnIR register moves the levels at once.</li>
 * <li>SCI: ACPI_CNTL (0x44) bits 2:0 select its GSI: 9, 10, 11, 20, 21, 22 or 23 (value 3 is reserved: logged and
 *     ignored, the SCI stays where it was; QEMU 7.2 knows only 9, 10, 11, 20 and 21). Moving it while it is asserted
 *     lowers the old line and raises the new one.</li>
 * <li>ACPI PM I/O block ({@link Ich9Pm}, 128 ports) at PMBASE (0x40, bits 15:7), decoded while ACPI_EN (bit 7 of
 *     ACPI_CNTL) is set and the base is not 0. As in QEMU, bits 2:0 of PMBASE are writable but ignored.</li>
 * <li>APM control (0xb2) and status (0xb3) ports (QEMU's hw/isa/apm.c): writing 2 to the control port sets SCI_EN
 *     (ACPI mode), 3 clears it (unless SCI_EN is hard-wired, see smm-compat); any other value pulses the SMI output
 *     {@code "smi-irq"[0]} when SMI_EN's APMC_EN is set (QEMU 7.2 does not look at GBL_SMI_EN here). The status port
 *     is a scratch byte.</li>
 * <li>Root complex register block: RCBA (0xf0) bit 0 enables a 16 KiB window of the chipset configuration registers
 *     at bits 31:14 in the PCI memory space, over other mappings (priority 1; QEMU's ich9_lpc_rcba_update). The
 *     registers are stored as plain memory (QEMU's chip_config; accesses wrap within the block); D25IR..D31IR steer
 *     the PCI interrupts, GCS (0x3410) resets to 0x20 (NO_REBOOT), the rest to 0.</li>
 * <li>Reset control register RST_CNT at port 0xcf9 (over the configuration address port, priority 1): writing bit 2
 *     requests a system reset (QEMU treats hard and soft alike); otherwise SYS_RST (bit 1) and FULL_RST (bit 3) are
 *     kept and read back.</li>
 * <li>GEN_PMCON_1..3 (0xa0..0xa5) and the other device registers are stored, all bits writable, and keep their values
 *     over a reset, as in QEMU; setting SMI_LOCK (GEN_PMCON_1 bit 4) makes it read-only and locks SMI_EN's
 *     GBL_SMI_EN. Register 0x82 (LPC_EN) tells which of COM1, COM2, LPT and the floppy controller exist, computed
 *     at the first reset, as QEMU's machine-ready notifier does.</li>
 * </ul>
 *
 * <p>Properties (QEMU's names): {@code smm-enabled} (the machine has SMM; on is refused at realize, jemu's x86 CPU
 * does not model System Management Mode; off sets APMC_EN at reset so firmware skips its SMM setup),
 * {@code smm-compat} (with smm-enabled off, leave SCI_EN switchable by the APM commands; otherwise it is hard-wired
 * on), {@code s4_val} (SLP_TYP of S4, default 2), {@code disable_s3}/{@code disable_s4} (only advertised:
 * {@link #systemStates()}); read-only {@code sci-int} (the SCI's GSI), {@code acpi-enable-cmd} (2),
 * {@code acpi-disable-cmd} (3), {@code pm_io_base} (current PM base, 0 while not decoded), {@code gpe0-blk} (that
 * base + 0x20) and {@code gpe0-blk-len} (16).
 *
 * <p>Reset is QEMU's ich9_lpc_reset with pm_reset: PIRQ routes 0x80, ACPI_CNTL 0 (PM block off, SCI on GSI 9),
 * PMBASE 1, RCBA 0 (window unmapped), chipset configuration registers to their defaults, RST_CNT 0; the APM bytes keep
 * their values. Not here: the i8257 DMA controllers, the 8259s (with the ELCR), the RTC and the other ISA devices,
 * which the board declares on "isa.0"; the other ICH9 functions. Not supported: SMM itself (an SMI goes to
 * "smi-irq" and no further), QEMU's SMI feature negotiation over fw_cfg (x-smi-broadcast and friends), the TCO
 * watchdog (enable_tco, the TCO I/O ports, noreboot), CPU hotplug (0x0cd8), memory hotplug (0x0a00) and ACPI PCI
 * hotplug (acpi-pci-hotplug-with-bridge-support), S3 suspend, the power button.
 */
public final class Ich9Lpc extends PciDevice {

    private static final Logger LOG = LoggerFactory.getLogger(Ich9Lpc.class);

    public static final String TYPE = "ICH9-LPC";
    /** The bus type of the ISA bus the bridge makes (QEMU's TYPE_ISA_BUS), named rather than imported. */
    static final String ISA_BUS_TYPE = "ISA";
    static final String ISA_BUS_NAME = "isa.0";

    static final int PMBASE = 0x40;
    static final int PMBASE_ADDRESS_MASK = 0xff80;
    static final int PMBASE_DEFAULT = 0x01;
    /** QEMU's write mask of PMBASE's low byte (it meant ACPI_CNTL's): bit 7 and bits 2:0. */
    static final int PMBASE_LOW_WMASK = 0x87;
    static final int ACPI_CNTL = 0x44;
    static final int ACPI_EN = 0x80;
    static final int SCI_IRQ_SEL_MASK = 0x07;
    static final int PIRQA_ROUT = 0x60;
    static final int PIRQE_ROUT = 0x68;
    static final int PIRQ_ROUT_IRQEN = 0x80;
    static final int PIRQ_ROUT_MASK = 0x0f;
    static final int LPC_EN = 0x82;
    static final int GEN_PMCON_1 = 0xa0;
    static final int GEN_PMCON_1_SMI_LOCK = 0x10;
    static final int GEN_PMCON_LEN = 8;
    static final int RCBA = 0xf0;
    static final int RCBA_EN = 0x01;
    static final int RCBA_ADDRESS_MASK = 0xffff_c000;

    static final int PIRQS = 8;
    static final int ISA_IRQS = 16;
    static final int GSI_PINS = 24;
    /** The SCI's GSI by ACPI_CNTL bits 2:0; -1 reserved. */
    static final int[] SCI_IRQ = {9, 10, 11, -1, 20, 21, 22, 23};

    static final int RST_CNT_KEPT = 0x0a;
    static final int ACPI_ENABLE = 2;
    static final int ACPI_DISABLE = 3;
    /** Where the I/O and memory windows go: over other mappings, as BARs do. */
    static final int WINDOW_PRIORITY = 1;

    /**
     * The saved state.
     *
     * @param pci        the configuration space
     * @param chipConfig the 16 KiB of chipset configuration registers
     * @param pm         the PM I/O block
     * @param gsiLevels  the levels of the "gsi" inputs, bit n for GSI n
     * @param sciGsi     the GSI the SCI goes to
     * @param rstCnt     RST_CNT
     * @param apmControl the APM control byte
     * @param apmStatus  the APM status byte
     */
    public record State(PciState pci, byte[] chipConfig, Ich9Pm.State pm, int gsiLevels, int sciGsi, int rstCnt,
                        int apmControl, int apmStatus) {
        public State {
            chipConfig = chipConfig.clone();
        }

        @Override
        public byte[] chipConfig() {
            return chipConfig.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && pci.equals(s.pci) && Arrays.equals(chipConfig, s.chipConfig)
                    && pm.equals(s.pm) && gsiLevels == s.gsiLevels && sciGsi == s.sciGsi && rstCnt == s.rstCnt
                    && apmControl == s.apmControl && apmStatus == s.apmStatus;
        }

        @Override
        public int hashCode() {
            return 31 * pci.hashCode() + Arrays.hashCode(chipConfig);
        }

        @Override
        public String toString() {
            return "Ich9Lpc.State[pm=" + pm + ", gsiLevels=" + Integer.toHexString(gsiLevels) + ", sciGsi=" + sciGsi
                    + ", rstCnt=" + rstCnt + ", apm=" + apmControl + "/" + apmStatus + "]";
        }
    }

    private final IrqLine[] isaIrq;
    private final IrqLine[] ioapicIrq;
    private final IrqLine smi;
    private final Router router = new Router();
    private final Ich9ChipConfig chipConfig = new Ich9ChipConfig(this::chipConfigChanged);
    private Bus isaBus;
    private Ich9Pm pm;
    private MemoryRegion rcrb;
    private MemoryRegion rstCntRegion;
    private int gsiLevels;
    private boolean sciLevel;
    private int sciGsi = SCI_IRQ[0];
    private final ResetControlRegister rstCnt = new ResetControlRegister(RST_CNT_KEPT, () -> system().requestReset());
    private final ApmPorts apm = new ApmPorts(this::apmCommand);
    private boolean portsRecorded;

    public Ich9Lpc(ObjectType type) {
        super(type);
        defineGpioIn("gsi", GSI_PINS, this::setGsi);
        isaIrq = defineGpioOut("isa-irq", ISA_IRQS);
        ioapicIrq = defineGpioOut("ioapic-irq", GSI_PINS);
        smi = defineGpioOut("smi-irq", 1)[0];
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciDevice.TYPE).factory(Ich9Lpc::new).description("ICH9 LPC bridge")
                .classInit(Ich9Lpc::declare).build();
    }

    private static void declare(TypeClass c) {
        c.set(VENDOR_ID, 0x8086).set(DEVICE_ID, 0x2918).set(REVISION, 0x02).set(CLASS_ID, 0x0601)
                .set(CATEGORY, DeviceCategory.BRIDGE).set(USER_CREATABLE, false).set(HOTPLUGGABLE, false);
        c.property(PropertyDef.bool("smm-enabled").defaultValue(false)
                .description("the machine has SMM (on is not supported: jemu's x86 CPU has no SMM)"));
        c.property(PropertyDef.bool("smm-compat").defaultValue(false)
                .description("keep SCI_EN switchable by the APM commands even without SMM"));
        c.property(PropertyDef.uint8("disable_s3").defaultValue(0).description("S3 not advertised (etc/system-states)"));
        c.property(PropertyDef.uint8("disable_s4").defaultValue(0).description("S4 not advertised (etc/system-states)"));
        c.property(PropertyDef.uint8("s4_val").defaultValue(2)
                .description("SLP_TYP value of S4").validator(v -> (Long) v > 7 ? "SLP_TYP is 3 bits (0-7)" : null));
        c.property(PropertyDef.uint8("sci-int").accessor(o -> (long) ((Ich9Lpc) o).sciGsi, null)
                .description("the GSI the SCI goes to"));
        c.property(PropertyDef.uint8("acpi-enable-cmd").accessor(o -> (long) ACPI_ENABLE, null));
        c.property(PropertyDef.uint8("acpi-disable-cmd").accessor(o -> (long) ACPI_DISABLE, null));
        c.property(PropertyDef.uint32("pm_io_base").accessor(o -> (long) ((Ich9Lpc) o).pmIoBase(), null)
                .description("current base of the ACPI PM I/O block (0: not decoded)"));
        c.property(PropertyDef.uint32("gpe0-blk").accessor(o -> (long) ((Ich9Lpc) o).pmIoBase() + Ich9Pm.GPE0_STS, null)
                .description("current address of the GPE0 block"));
        c.property(PropertyDef.uint32("gpe0-blk-len").accessor(o -> (long) Ich9Pm.GPE0_LEN, null));
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    @Override
    protected void pciRealize() {
        PciBus pci = pciBus();
        if (pci.ioSpace() == null || pci.memorySpace() == null) {
            throw new RealizeException(describe() + " needs a PCI bus with memory and I/O spaces");
        }
        if (getBool("smm-enabled")) {
            throw new RealizeException(describe() + ": smm-enabled=on is not supported: jemu's x86 CPU does not model"
                    + " System Management Mode");
        }
        if (isaBus == null) isaBus = createBus(ISA_BUS_TYPE, ISA_BUS_NAME, Bus.class);
        isaBus.setMemorySpace(pci.memorySpace());
        isaBus.setIoSpace(pci.ioSpace());
        setWriteMask(PMBASE, 4, PMBASE_ADDRESS_MASK | PMBASE_LOW_WMASK);

        pm = new Ich9Pm(this, this::setSci, system(), (int) getLong("s4_val"), !getBool("smm-compat"), false);
        pm.map(pci.ioSpace(), WINDOW_PRIORITY);
        rcrb = MemoryRegion.io("lpc-rcrb-mmio", Ich9ChipConfig.SIZE, chipConfig).setOwner(this);
        rstCntRegion = MemoryRegion.io("lpc-reset-control", 1, rstCnt).setOwner(this);
        pci.ioSpace().addSubregionOverlap(ResetControlRegister.PORT, rstCntRegion, WINDOW_PRIORITY);
        exposeIoPorts(MemoryRegion.io("apm-io", ApmPorts.SIZE, apm), ApmPorts.PORT);
        pci.setIrqRouting(router);
        apm.reset();
        gsiLevels = 0;
        sciLevel = false;
        portsRecorded = false;
        applyReset();
    }

    @Override
    protected void pciUnrealize() {
        pciBus().setIrqRouting(null);
        if (rcrb.container() != null) rcrb.container().removeSubregion(rcrb);
        if (rstCntRegion.container() != null) rstCntRegion.container().removeSubregion(rstCntRegion);
        pm.unmap();
    }

    @Override
    public void resetHold(ResetType type) {
        applyReset();
        if (!portsRecorded) recordPorts();
    }

    /** QEMU's pm_reset and ich9_lpc_reset. */
    private void applyReset() {
        refresh(() -> {
            pm.reset();
            for (int pirq = 0; pirq < PIRQS; pirq++) setConfigByte(routeRegister(pirq), PIRQ_ROUT_IRQEN);
            setConfigByte(ACPI_CNTL, 0);
            setConfigLong(PMBASE, PMBASE_DEFAULT);
            setConfigLong(RCBA, 0);
            chipConfig.reset();
            sciGsi = SCI_IRQ[0];
            updatePmBase();
            updateRcba();
            rebuildPciLevels();
        });
        rstCnt.set(0);
    }

    /** QEMU's ich9_lpc_machine_ready: LPC_EN bits for COM1 (0x3f8), COM2 (0x2f8), LPT (0x378), floppy (0x3f0). */
    private void recordPorts() {
        MemoryRegion io = pciBus().ioSpace();
        int bits = (claimed(io, 0x3f8) ? 0x01 : 0) | (claimed(io, 0x2f8) ? 0x02 : 0) | (claimed(io, 0x378) ? 0x04 : 0)
                | (claimed(io, 0x3f0) ? 0x08 : 0);
        setConfigByte(LPC_EN, configByte(LPC_EN) | bits);
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

    // ---- configuration space ----------------------------------------------------------------------------------

    @Override
    public void configWrite(int address, int value, int size) {
        boolean pmbase = overlaps(address, size, PMBASE, 4) || overlaps(address, size, ACPI_CNTL, 1);
        boolean routes = overlaps(address, size, PIRQA_ROUT, 4) || overlaps(address, size, PIRQE_ROUT, 4);
        if (pmbase || routes) {
            refresh(() -> {
                super.configWrite(address, value, size);
                if (pmbase) updatePmBase();
            });
        } else {
            super.configWrite(address, value, size);
        }
        if (overlaps(address, size, RCBA, 4)) updateRcba();
        if (overlaps(address, size, GEN_PMCON_1, GEN_PMCON_LEN)) updatePmcon();
    }

    /** The PM block's base from PMBASE, 0 while ACPI_EN is clear. */
    private int configuredPmBase() {
        return (configByte(ACPI_CNTL) & ACPI_EN) != 0 ? configLong(PMBASE) & PMBASE_ADDRESS_MASK : 0;
    }

    /** QEMU's ich9_lpc_pmbase_sci_update: the PM block follows PMBASE and ACPI_EN, the SCI ACPI_CNTL's selection. */
    private void updatePmBase() {
        pm.setBase(configuredPmBase());
        int cntl = configByte(ACPI_CNTL);
        int gsi = SCI_IRQ[cntl & SCI_IRQ_SEL_MASK];
        if (gsi < 0) {
            LOG.debug("{}: guest error: SCI IRQ selection {} is reserved, the SCI stays on GSI {}", describe(),
                    cntl & SCI_IRQ_SEL_MASK, sciGsi);
            return;
        }
        sciGsi = gsi;
    }

    /** QEMU's ich9_lpc_rcba_update: the chipset configuration window at RCBA's base while enabled. */
    private void updateRcba() {
        if (rcrb.container() != null) rcrb.container().removeSubregion(rcrb);
        int rcba = configLong(RCBA);
        if ((rcba & RCBA_EN) != 0) {
            pciBus().memorySpace().addSubregionOverlap(rcba & RCBA_ADDRESS_MASK & 0xffff_ffffL, rcrb, WINDOW_PRIORITY);
        }
    }

    /** QEMU's ich9_lpc_pmcon_update: SMI_LOCK, once set, stays set and locks GBL_SMI_EN. */
    private void updatePmcon() {
        if ((configWord(GEN_PMCON_1) & GEN_PMCON_1_SMI_LOCK) == 0) return;
        setWriteMask(GEN_PMCON_1, 1, 0xff & ~GEN_PMCON_1_SMI_LOCK);
        pm.lockGlobalSmiEnable();
    }

    private int pmIoBase() {
        return pm == null ? 0 : pm.base();
    }

    // ---- interrupt routing ------------------------------------------------------------------------------------

    private static int routeRegister(int pirq) {
        return pirq < 4 ? PIRQA_ROUT + pirq : PIRQE_ROUT + pirq - 4;
    }

    /** The ISA IRQ PIRQ {@code pirq} is routed to, or -1 (QEMU's ich9_lpc_pic_irq). */
    private int route(int pirq) {
        int rout = configByte(routeRegister(pirq));
        return (rout & PIRQ_ROUT_IRQEN) != 0 ? -1 : rout & PIRQ_ROUT_MASK;
    }

    private boolean pirqLevel(int pirq) {
        PciBus bus = pciBus();
        return bus != null && bus.irqLevel(pirq);
    }

    /** Line n: its GSI input, the SCI if routed there, and the PIRQs driving it. */
    private boolean level(int n) {
        if ((gsiLevels & (1 << n)) != 0 || (sciLevel && n == sciGsi)) return true;
        if (n >= ISA_IRQS) return pirqLevel(n - ISA_IRQS);
        for (int pirq = 0; pirq < PIRQS; pirq++) {
            if (route(pirq) == n && pirqLevel(pirq)) return true;
        }
        return false;
    }

    private int levels() {
        int mask = 0;
        for (int n = 0; n < GSI_PINS; n++) if (level(n)) mask |= 1 << n;
        return mask;
    }

    /** Runs a change of the routing and drives the lines whose level it changed. */
    private void refresh(Runnable change) {
        int before = levels();
        change.run();
        int changed = before ^ levels();
        for (int n = 0; n < GSI_PINS; n++) {
            if ((changed & (1 << n)) != 0) drive(n, level(n));
        }
    }

    /** One source of line n went to {@code sourceLevel}: a rise is passed on, a fall only if the line is now low. */
    private void sourceChanged(int n, boolean sourceLevel) {
        if (sourceLevel || !level(n)) drive(n, sourceLevel);
    }

    private void drive(int n, boolean level) {
        if (n < ISA_IRQS) isaIrq[n].set(level);
        ioapicIrq[n].set(level);
    }

    private void setGsi(int n, boolean level) {
        gsiLevels = level ? gsiLevels | (1 << n) : gsiLevels & ~(1 << n);
        if (pm != null) sourceChanged(n, level);
    }

    /** The PM block's SCI output (QEMU's ich9_set_sci). */
    private void setSci(boolean level) {
        if (level == sciLevel) return;
        sciLevel = level;
        sourceChanged(sciGsi, level);
    }

    /** A DnnIR register may have changed: the bus recounts its lines under the new mapping. */
    private void chipConfigChanged() {
        refresh(this::rebuildPciLevels);
    }

    private void rebuildPciLevels() {
        PciBus bus = pciBus();
        if (bus == null) return;
        router.rebuilding = true;
        try {
            bus.setIrqRouting(router);
        } finally {
            router.rebuilding = false;
        }
    }

    /** PIRQA..H as the PCI bus's interrupt router. */
    private final class Router implements PciIrqRouting {
        boolean rebuilding;

        @Override
        public int lineCount() {
            return PIRQS;
        }

        @Override
        public int mapIrq(PciDevice device, int intx) {
            return chipConfig.pirq(PciConfig.slot(device.devfn()), intx);
        }

        @Override
        public void setIrq(int pirq, boolean level) {
            if (rebuilding) return;
            sourceChanged(ISA_IRQS + pirq, level);
            int irq = route(pirq);
            if (irq >= 0) sourceChanged(irq, level);
        }
    }

    // ---- APM and reset control --------------------------------------------------------------------------------

    /**
     * An APM control write (QEMU's ich9_apm_ctrl_changed): 2 and 3 switch ACPI mode (SCI_EN), any other value pulses
     * SMI when SMI_EN's APMC_EN is set.
     */
    private void apmCommand(int v) {
        pm.acpi().apmCommand(v == ACPI_ENABLE, v == ACPI_DISABLE);
        if (v == ACPI_ENABLE || v == ACPI_DISABLE) return;
        if ((pm.smiEn() & Ich9Pm.SMI_EN_APMC_EN) != 0) {
            smi.set(true);
            smi.set(false);
        }
    }

    /**
     * QEMU's fw_cfg file "etc/system-states" for this device's properties: six bytes, one per sleep state S0..S5, bit 7
     * set when the state is advertised, the low bits its SLP_TYP.
     */
    public byte[] systemStates() {
        return AcpiPmRegisters.systemStates(getLong("disable_s3") == 0, getLong("disable_s4") == 0, (int) getLong("s4_val"));
    }

    // ---- state ------------------------------------------------------------------------------------------------

    public State state() {
        return new State(pciState(), chipConfig.bytes(), pm.state(), gsiLevels, sciGsi, rstCnt.value(), apm.control(),
                apm.status());
    }

    /** Restores what {@link #state()} saved: registers, windows (QEMU's ich9_lpc_post_load) and output levels. */
    public void restore(State s) {
        restorePciState(s.pci());
        chipConfig.restore(s.chipConfig());
        gsiLevels = s.gsiLevels();
        sciGsi = s.sciGsi() >= 0 && s.sciGsi() < GSI_PINS ? s.sciGsi() : SCI_IRQ[0];
        rstCnt.set(s.rstCnt());
        apm.restore(s.apmControl(), s.apmStatus());
        pm.setBase(configuredPmBase());
        updateRcba();
        updatePmcon();
        rebuildPciLevels();
        pm.restore(s.pm());
        for (int n = 0; n < GSI_PINS; n++) drive(n, level(n));
    }
}
