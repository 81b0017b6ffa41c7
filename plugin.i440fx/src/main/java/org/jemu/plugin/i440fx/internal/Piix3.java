package org.jemu.plugin.i440fx.internal;

import org.jemu.core.pc.ResetControlRegister;
import org.jemu.core.pci.PciBus;
import org.jemu.core.pci.PciConfig;
import org.jemu.core.pci.PciDevice;
import org.jemu.core.pci.PciIrqRouting;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.MemoryRegion;

/**
 * The PIIX3 PCI-to-ISA bridge as QEMU 7.2 models it (hw/isa/piix3.c, type {@value #TYPE}, 8086:7000, class 0x0601,
 * function 0 of a multifunction slot).
 *
 * <ul>
 * <li>ISA bus: makes "isa.0" (bus type "ISA", registered by another bundle) over the PCI bus's memory and I/O spaces,
 *     as QEMU's isa_bus_new does.</li>
 * <li>GSI router (the board's interrupt contract): inputs {@code "gsi"[0..23]}; GSI n below 16 drives outputs
 *     {@code "isa-irq"[n]} (the 8259 pair) and {@code "ioapic-irq"[n]}, GSI 16..23 only the latter (QEMU's
 *     gsi_handler). A line is the OR of its sources, its GSI input and the PCI interrupts routed to it: a source
 *     going high is passed on at once (as QEMU passes every raise), a source going low lowers the line only when no
 *     other source holds it high.</li>
 * <li>PCI interrupts: PIRQA..D are INTA..D of slot 1, swizzled by slot (QEMU's pci_slot_get_pirq); registers
 *     0x60..0x63 route each to ISA IRQ 0..15 (bits 3:0), or nowhere with a value of 16 or more (bit 7, the reset
 *     value 0x80, disables). Reprogramming a route moves the level at once.</li>
 * <li>Reset control register at port 0xcf9 (QEMU's rcr): writing bit 2 requests a system reset, whether bit 1 asks
 *     for a hard or a soft one (QEMU treats both alike); otherwise bit 1 is kept and reads back.</li>
 * </ul>
 *
 * <p>Reset values of the device registers are QEMU's piix3_reset (COMMAND 0x0007 is then cleared by the PCI bus
 * reset, as in QEMU). Not here: the i8257 DMA controllers (the ISA "i8257" type of another bundle; the board adds
 * them), the other PIIX3 functions (IDE, USB, and PIIX4 power management at 01.3 in QEMU's pc), the ELCR (part of
 * "isa-i8259"), the APIC chip select, and the top-of-memory and mouse/serial IRQ registers, which are stored only.
 */
public final class Piix3 extends PciDevice {

    public static final String TYPE = "PIIX3";
    /** The bus type of the ISA bus the bridge makes (QEMU's TYPE_ISA_BUS), named rather than imported. */
    static final String ISA_BUS_TYPE = "ISA";
    static final String ISA_BUS_NAME = "isa.0";

    static final int PIRQRC = 0x60;
    static final int PIRQS = 4;
    static final int ISA_IRQS = 16;
    static final int GSI_PINS = 24;
    static final int PIRQ_DISABLED = 0x80;
    static final int RCR_SYS_RST = 0x02;
    /** Priority of the reset control port over the configuration address port it shares 0xcf8..0xcfb with. */
    static final int RCR_PRIORITY = 1;

    /**
     * QEMU's piix3_reset: register and value pairs (command/status, top of memory, PIRQ routes, mouse/serial IRQ,
     * APIC chip select, and the power management and SMI registers).
     */
    private static final int[][] RESET_VALUES = {
            {0x04, 0x07}, {0x05, 0x00}, {0x06, 0x00}, {0x07, 0x02}, {0x4c, 0x4d}, {0x4e, 0x03}, {0x4f, 0x00},
            {0x60, 0x80}, {0x61, 0x80}, {0x62, 0x80}, {0x63, 0x80}, {0x69, 0x02}, {0x70, 0x80}, {0x76, 0x0c},
            {0x77, 0x0c}, {0x78, 0x02}, {0x79, 0x00}, {0x80, 0x00}, {0x82, 0x00}, {0xa0, 0x08}, {0xa2, 0x00},
            {0xa3, 0x00}, {0xa4, 0x00}, {0xa5, 0x00}, {0xa6, 0x00}, {0xa7, 0x00}, {0xa8, 0x0f}, {0xaa, 0x00},
            {0xab, 0x00}, {0xac, 0x00}, {0xae, 0x00}};

    /**
     * The saved state.
     *
     * @param pci        the configuration space
     * @param pirqLevels the routed PCI levels: bit (irq * 4 + pirq) set while PIRQ {@code pirq} routed to ISA IRQ
     *                   {@code irq} is asserted (QEMU's pic_levels)
     * @param gsiLevels  the levels of the "gsi" inputs, bit n for GSI n
     * @param rcr        the reset control register
     */
    public record State(PciState pci, long pirqLevels, int gsiLevels, int rcr) {
    }

    private final IrqLine[] isaIrq;
    private final IrqLine[] ioapicIrq;
    private final PciIrqRouting router = new Router();
    private Bus isaBus;
    private MemoryRegion rcrRegion;
    private long pirqLevels;
    private int gsiLevels;
    private final ResetControlRegister rcr = new ResetControlRegister(RCR_SYS_RST, () -> system().requestReset());

    public Piix3(ObjectType type) {
        super(type);
        defineGpioIn("gsi", GSI_PINS, this::setGsi);
        isaIrq = defineGpioOut("isa-irq", ISA_IRQS);
        ioapicIrq = defineGpioOut("ioapic-irq", GSI_PINS);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(PciDevice.TYPE).factory(Piix3::new).description("ISA bridge")
                .classInit(c -> c.set(VENDOR_ID, 0x8086).set(DEVICE_ID, 0x7000).set(CLASS_ID, 0x0601)
                        .set(CATEGORY, DeviceCategory.BRIDGE).set(USER_CREATABLE, false).set(HOTPLUGGABLE, false))
                .build();
    }

    @Override
    protected void pciRealize() {
        PciBus pci = pciBus();
        if (isaBus == null) isaBus = createBus(ISA_BUS_TYPE, ISA_BUS_NAME, Bus.class);
        isaBus.setMemorySpace(pci.memorySpace());
        isaBus.setIoSpace(pci.ioSpace());
        rcrRegion = MemoryRegion.io("piix3-reset-control", 1, rcr).setOwner(this);
        if (pci.ioSpace() != null) pci.ioSpace().addSubregionOverlap(ResetControlRegister.PORT, rcrRegion, RCR_PRIORITY);
        pci.setIrqRouting(router);
        applyResetValues();
    }

    @Override
    protected void pciUnrealize() {
        pciBus().setIrqRouting(null);
        if (rcrRegion.container() != null) rcrRegion.container().removeSubregion(rcrRegion);
    }

    @Override
    public void resetHold(ResetType type) {
        applyResetValues();
    }

    private void applyResetValues() {
        for (int[] rv : RESET_VALUES) setConfigByte(rv[0], rv[1]);
        pirqLevels = 0;
        rcr.set(0);
    }

    @Override
    public void configWrite(int address, int value, int size) {
        super.configWrite(address, value, size);
        if (!overlaps(address, size, PIRQRC, PIRQS)) return;
        int before = isaLevels();
        pirqLevels = 0;
        for (int pirq = 0; pirq < PIRQS; pirq++) recordPirq(pirq, pciBus().irqLevel(pirq));
        int changed = before ^ isaLevels();
        for (int irq = 0; irq < ISA_IRQS; irq++) {
            if ((changed & (1 << irq)) != 0) drive(irq, level(irq));
        }
    }

    /** The ISA IRQ PIRQ {@code pirq} is routed to, or -1. */
    private int route(int pirq) {
        int irq = configByte(PIRQRC + pirq);
        return irq < ISA_IRQS ? irq : -1;
    }

    private void recordPirq(int pirq, boolean level) {
        int irq = route(pirq);
        if (irq < 0) return;
        long bit = 1L << (irq * PIRQS + pirq);
        pirqLevels = level ? pirqLevels | bit : pirqLevels & ~bit;
    }

    /** Line n: its GSI input OR any PCI interrupt routed to it. */
    private boolean level(int n) {
        return (gsiLevels & (1 << n)) != 0 || (n < ISA_IRQS && ((pirqLevels >>> (n * PIRQS)) & 0xf) != 0);
    }

    private int isaLevels() {
        int mask = 0;
        for (int irq = 0; irq < ISA_IRQS; irq++) if (level(irq)) mask |= 1 << irq;
        return mask;
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
        sourceChanged(n, level);
    }

    /** PIRQA..D as the PCI bus's interrupt router. */
    private final class Router implements PciIrqRouting {
        @Override
        public int lineCount() {
            return PIRQS;
        }

        @Override
        public int mapIrq(PciDevice device, int intx) {
            return PciBus.swizzle(PciConfig.slot(device.devfn()) - 1, intx);
        }

        @Override
        public void setIrq(int pirq, boolean level) {
            int irq = route(pirq);
            if (irq < 0) return;
            recordPirq(pirq, level);
            sourceChanged(irq, level);
        }
    }

    public State state() {
        return new State(pciState(), pirqLevels, gsiLevels, rcr.value());
    }

    public void restore(State s) {
        restorePciState(s.pci());
        pirqLevels = s.pirqLevels();
        gsiLevels = s.gsiLevels();
        rcr.set(s.rcr());
    }
}
