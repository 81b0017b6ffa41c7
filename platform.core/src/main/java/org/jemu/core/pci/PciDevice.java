package org.jemu.core.pci;

import static org.jemu.core.pci.PciConfig.BAR_MEM_TYPE_64;
import static org.jemu.core.pci.PciConfig.BAR_SPACE_IO;
import static org.jemu.core.pci.PciConfig.COMMAND;
import static org.jemu.core.pci.PciConfig.COMMAND_INTX_DISABLE;
import static org.jemu.core.pci.PciConfig.PINS;
import static org.jemu.core.pci.PciConfig.SPACE_SIZE;
import static org.jemu.core.pci.PciConfig.STATUS;

import java.util.Arrays;
import java.util.HexFormat;

import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qom.ClassKey;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeClass;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemTxResult;
import org.jemu.memory.MemoryRegion;

/**
 * A PCI function (QEMU's PCIDevice, abstract type {@value #TYPE}) on a {@link PciBus}.
 *
 * <h2>What a subclass declares</h2>
 * Its identity as class attributes ({@link #VENDOR_ID}, {@link #DEVICE_ID}, {@link #REVISION}, {@link #CLASS_ID},
 * optionally {@link #SUBSYSTEM_VENDOR_ID}/{@link #SUBSYSTEM_ID}; without them the subsystem reads QEMU's
 * 1af4:1100). In {@link #pciRealize()} it registers its BARs ({@link #registerBar}), sets its interrupt pin
 * ({@link #setInterruptPin}) and any register values and write masks of its own ({@link #setConfigByte},
 * {@link #setWriteMask}); it may override {@link #configRead}/{@link #configWrite} (calling super) to react to
 * its registers, and drives its interrupt with {@link #setIrq}. Its own reset goes in {@code resetHold} as usual;
 * the bus then resets the standard header (see {@link PciBus}).
 *
 * <h2>Configuration space</h2>
 * 256 bytes. Guest writes go through a write mask (QEMU's wmask: bits the guest may change) and a write-1-to-clear
 * mask; everything else is read-only as on hardware. By default the guest may write COMMAND's I/O, memory, bus
 * master, SERR and INTx-disable bits, cache line size, interrupt line, the BARs' address bits and every
 * device-specific register (0x40..0xff); STATUS error bits are write-1-to-clear. Properties: {@code addr} (QEMU's
 * "SS.F" or "SS", hex; default: function 0 of the first free slot) and {@code multifunction} (sets the header's
 * multifunction bit; functions other than 0 of a slot need function 0 to have it).
 *
 * <h2>BARs</h2>
 * A BAR is a memory region of a power-of-two size: I/O (at least 4 bytes) or memory (at least 16; 32- or 64-bit,
 * prefetchable or not), plus the expansion ROM slot {@value #ROM_SLOT} (32-bit memory, at least 2 KiB, with its own
 * enable bit). The guest sizes a BAR by writing all-ones and reading back the size mask. A BAR is mapped into the
 * bus's I/O or memory space (at priority {@value #BAR_PRIORITY}, over other mappings) exactly when QEMU's
 * pci_update_mappings would map it: its decode is enabled in COMMAND, it is programmed (not 0), it does not wrap,
 * and a 32-bit BAR ends below 0xffffffff (so the all-ones sizing value never maps); any change remaps or unmaps it.
 *
 * <h2>Interrupts</h2>
 * {@link #setIrq} asserts or deasserts the pin named by the INTERRUPT_PIN register; the bus routes the pin through the
 * router the chipset installed ({@link PciIrqRouting}). COMMAND's INTx-disable bit masks the pin without losing its
 * state; STATUS bit 3 shows it.
 *
 * <p>Not modelled: PCI-to-PCI bridges (only bus 0 exists), MSI/MSI-X, the 4 KiB PCI Express space, option ROM files
 * ("romfile"), power management states and hotplug of PCI devices.
 */
public abstract class PciDevice extends Device {

    public static final String TYPE = "pci-device";

    /** Class attributes: the identity a type shows in its header. */
    public static final ClassKey<Integer> VENDOR_ID = ClassKey.of("pci-vendor-id", Integer.class, 0);
    public static final ClassKey<Integer> DEVICE_ID = ClassKey.of("pci-device-id", Integer.class, 0);
    public static final ClassKey<Integer> REVISION = ClassKey.of("pci-revision", Integer.class, 0);
    /** Base class and sub-class, e.g. 0x0600 for a host bridge (the programming interface is set in the header). */
    public static final ClassKey<Integer> CLASS_ID = ClassKey.of("pci-class-id", Integer.class, 0);
    public static final ClassKey<Integer> SUBSYSTEM_VENDOR_ID = ClassKey.of("pci-subsystem-vendor-id", Integer.class, 0);
    public static final ClassKey<Integer> SUBSYSTEM_ID = ClassKey.of("pci-subsystem-id", Integer.class, 0);

    /** The subsystem QEMU gives devices that declare none (Red Hat / QEMU virtual machine). */
    public static final int DEFAULT_SUBSYSTEM_VENDOR_ID = 0x1af4;
    public static final int DEFAULT_SUBSYSTEM_ID = 0x1100;

    public static final int BAR_COUNT = 6;
    /** The index of the expansion ROM BAR. */
    public static final int ROM_SLOT = 6;
    /** What {@link #barAddress} returns for a BAR that is not decoded. */
    public static final long BAR_UNMAPPED = -1L;
    /** BARs overlay other mappings of their space, as in QEMU. */
    public static final int BAR_PRIORITY = 1;

    private static final int COMMAND_WRITABLE = PciConfig.COMMAND_IO | PciConfig.COMMAND_MEMORY
            | PciConfig.COMMAND_MASTER | PciConfig.COMMAND_SERR | COMMAND_INTX_DISABLE;
    private static final int STATUS_W1C = PciConfig.STATUS_PARITY | PciConfig.STATUS_SIG_TARGET_ABORT
            | PciConfig.STATUS_REC_TARGET_ABORT | PciConfig.STATUS_REC_MASTER_ABORT | PciConfig.STATUS_SIG_SYSTEM_ERROR
            | PciConfig.STATUS_DETECTED_PARITY;

    /**
     * The saved state of the PCI part of a device: its configuration space and asserted INTx pins (bit n = pin n).
     * Device state records embed it.
     */
    public record PciState(byte[] config, int intx) {
        public PciState {
            config = config.clone();
        }

        @Override
        public byte[] config() {
            return config.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PciState s && intx == s.intx && Arrays.equals(config, s.config);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(config) + intx;
        }

        @Override
        public String toString() {
            return "PciState[intx=" + intx + ", config=" + HexFormat.of().formatHex(config) + "]";
        }
    }

    private final byte[] config = new byte[SPACE_SIZE];
    private final byte[] wmask = new byte[SPACE_SIZE];
    private final byte[] w1cmask = new byte[SPACE_SIZE];
    private final boolean[] capabilityBytes = new boolean[SPACE_SIZE];
    private final PciBar[] bars = new PciBar[ROM_SLOT + 1];
    private int requestedDevfn = -1;
    private int devfn = -1;
    private boolean multifunction;
    private int intxState;
    private PciBus bus;
    private boolean realizing;
    private MemoryRegion optionRom;

    /** The largest option ROM image "romfile" may name. */
    public static final int MAX_OPTION_ROM = 16 << 20;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PciDevice.class);

    protected PciDevice(ObjectType type) {
        super(type);
    }

    /** The declaration of the abstract {@value #TYPE} type (registered by the runtime). */
    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(Device.TYPE).abstractType().description("base of PCI devices")
                .classInit(PciDevice::declareProperties).build();
    }

    private static void declareProperties(TypeClass c) {
        c.set(BUS_TYPE, PciBus.TYPE);
        c.property(PropertyDef.string("addr")
                .description("Slot and optional function number, example: 06.0 or 06 (default: first free slot)")
                .validator(v -> {
                    String s = (String) v;
                    if (s.isEmpty()) return null;
                    try {
                        PciConfig.parseAddress(s);
                        return null;
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                })
                .accessor(o -> ((PciDevice) o).addressText(), (o, v) -> ((PciDevice) o).requestAddress((String) v)));
        c.property(PropertyDef.bool("multifunction").defaultValue(false)
                .description("on/off: the function's header says the slot has several functions"));
        c.property(PropertyDef.string("romfile").defaultValue("")
                .description("option ROM image shown in the expansion ROM BAR, looked up like -bios (empty: none)"));
        c.property(PropertyDef.uint32("rombar").defaultValue(1L)
                .description("0: no expansion ROM BAR (jemu then shows no option ROM); otherwise the ROM BAR is there"));
    }

    private String addressText() {
        int d = devfn >= 0 ? devfn : requestedDevfn;
        return d < 0 ? "" : PciConfig.formatAddress(d);
    }

    private void requestAddress(String text) {
        requestedDevfn = text.isEmpty() ? -1 : PciConfig.parseAddress(text);
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    @Override
    protected final void realize() {
        if (!(parentBus() instanceof PciBus b)) throw new RealizeException(describe() + " needs a PCI bus");
        multifunction = getBool("multifunction");
        Arrays.fill(config, (byte) 0);
        Arrays.fill(wmask, (byte) 0);
        Arrays.fill(w1cmask, (byte) 0);
        Arrays.fill(capabilityBytes, false);
        Arrays.fill(bars, null);
        intxState = 0;
        initHeader();
        devfn = b.attach(this, requestedDevfn, multifunction);
        bus = b;
        realizing = true;
        boolean deviceRealized = false;
        try {
            pciRealize();
            deviceRealized = true;
            addOptionRom();
        } catch (RuntimeException e) {
            unmapBars();
            if (deviceRealized) pciUnrealize();
            releaseOptionRom();
            b.detach(this);
            bus = null;
            devfn = -1;
            throw e;
        } finally {
            realizing = false;
        }
    }

    @Override
    protected final void unrealize() {
        for (int pin = 0; pin < PINS; pin++) setIntx(pin, false);
        unmapBars();
        try {
            pciUnrealize();
        } finally {
            releaseOptionRom();
            bus.detach(this);
            bus = null;
            devfn = -1;
        }
    }

    /**
     * The device's realize (QEMU's PCIDeviceClass.realize): the header holds its identity and default masks, and its
     * devfn is claimed. Register BARs, set the interrupt pin and device registers here; throw
     * {@link RealizeException} on failure.
     */
    protected void pciRealize() {
    }

    /**
     * Undoes {@link #pciRealize()} (BARs are already unmapped, INTx deasserted). Also runs when realize fails after
     * {@link #pciRealize()} returned (a missing "romfile"). Must not fail.
     */
    protected void pciUnrealize() {
    }

    private void initHeader() {
        setConfigWord(PciConfig.VENDOR_ID, type().get(VENDOR_ID));
        setConfigWord(PciConfig.DEVICE_ID, type().get(DEVICE_ID));
        setConfigByte(PciConfig.REVISION_ID, type().get(REVISION));
        setConfigWord(PciConfig.CLASS_DEVICE, type().get(CLASS_ID));
        int subVendor = type().get(SUBSYSTEM_VENDOR_ID);
        int subId = type().get(SUBSYSTEM_ID);
        boolean declared = subVendor != 0 || subId != 0;
        setConfigWord(PciConfig.SUBSYSTEM_VENDOR_ID, declared ? subVendor : DEFAULT_SUBSYSTEM_VENDOR_ID);
        setConfigWord(PciConfig.SUBSYSTEM_ID, declared ? subId : DEFAULT_SUBSYSTEM_ID);
        setConfigByte(PciConfig.HEADER_TYPE, multifunction ? PciConfig.HEADER_TYPE_MULTI_FUNCTION : PciConfig.HEADER_TYPE_NORMAL);
        setWriteMask(PciConfig.CACHE_LINE_SIZE, 1, 0xff);
        setWriteMask(PciConfig.INTERRUPT_LINE, 1, 0xff);
        setWriteMask(COMMAND, 2, COMMAND_WRITABLE);
        for (int a = PciConfig.HEADER_SIZE; a < SPACE_SIZE; a++) wmask[a] = (byte) 0xff;
        put(w1cmask, STATUS, 2, STATUS_W1C);
    }

    // ---- identity ---------------------------------------------------------------------------------------------

    /** The devfn claimed at realize, or -1. */
    public final int devfn() {
        return devfn;
    }

    /** The bus the device is realized on, or null. */
    public final PciBus pciBus() {
        return bus;
    }

    public final boolean isMultifunction() {
        return multifunction;
    }

    // ---- configuration space ----------------------------------------------------------------------------------

    /**
     * A configuration read of {@code size} (1, 2 or 4) bytes at {@code address}, little-endian (QEMU's
     * config_read). The bus calls it for the host bridge. Override to compute registers on read; an access outside
     * the space reads all-ones.
     */
    public int configRead(int address, int size) {
        if (!inSpace(address, size)) return PciBus.allOnes(size);
        return get(config, address, size);
    }

    /**
     * A configuration write (QEMU's pci_default_write_config): each byte changes only where the write mask allows,
     * write-1-to-clear bits clear; then BARs are remapped if a BAR, the ROM BAR or COMMAND was written, and the INTx
     * routing follows COMMAND's INTx-disable bit. Override to react to device registers, calling super first.
     */
    public void configWrite(int address, int value, int size) {
        if (!inSpace(address, size)) return;
        boolean wasDisabled = intxDisabled();
        for (int i = 0; i < size; i++) {
            int a = address + i;
            int v = (value >>> (8 * i)) & 0xff;
            int c = (config[a] & ~wmask[a]) | (v & wmask[a]);
            config[a] = (byte) (c & ~(v & w1cmask[a]));
        }
        boolean command = overlaps(address, size, COMMAND, 2);
        if (command || overlaps(address, size, PciConfig.BASE_ADDRESS_0, 4 * BAR_COUNT)
                || overlaps(address, size, PciConfig.ROM_ADDRESS, 4)) {
            updateMappings();
        }
        if (command && bus != null && wasDisabled != intxDisabled()) {
            for (int pin = 0; pin < PINS; pin++) {
                if ((intxState & (1 << pin)) != 0) bus.changeIrqLevel(this, pin, wasDisabled ? 1 : -1);
            }
        }
    }

    /** Whether [address, address + size) overlaps [start, start + length). */
    protected static boolean overlaps(int address, int size, int start, int length) {
        return address < start + length && start < address + size;
    }

    private static boolean inSpace(int address, int size) {
        return address >= 0 && (size == 1 || size == 2 || size == 4) && address + size <= SPACE_SIZE;
    }

    public final int configByte(int address) {
        return config[address] & 0xff;
    }

    public final int configWord(int address) {
        return get(config, address, 2);
    }

    public final int configLong(int address) {
        return get(config, address, 4);
    }

    /** Sets register bytes as the device (not the guest) does: no masks apply. */
    protected final void setConfigByte(int address, int value) {
        config[address] = (byte) value;
    }

    protected final void setConfigWord(int address, int value) {
        put(config, address, 2, value);
    }

    protected final void setConfigLong(int address, int value) {
        put(config, address, 4, value);
    }

    /** Which bits of {@code size} bytes at {@code address} the guest may write (1 = writable). */
    protected final void setWriteMask(int address, int size, int mask) {
        put(wmask, address, size, mask);
    }

    /** Which bits of {@code size} bytes at {@code address} a guest write of 1 clears. */
    protected final void setWriteOneToClearMask(int address, int size, int mask) {
        put(w1cmask, address, size, mask);
    }

    /** The interrupt pin the function uses: 1..4 for INTA#..INTD#, 0 for none (read-only to the guest). */
    protected final void setInterruptPin(int pin) {
        if (pin < 0 || pin > PINS) throw new IllegalArgumentException("interrupt pin " + pin + " is not 0..4");
        setConfigByte(PciConfig.INTERRUPT_PIN, pin);
    }

    private static int get(byte[] b, int address, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) v |= (b[address + i] & 0xff) << (8 * i);
        return v;
    }

    private static void put(byte[] b, int address, int size, long value) {
        for (int i = 0; i < size; i++) b[address + i] = (byte) (value >>> (8 * i));
    }

    /**
     * Adds a capability of {@code size} bytes at {@code offset} (4-byte aligned, in 0x40..0xff) to the head of the
     * capability list (QEMU's pci_add_capability): ID and next pointer are filled in, STATUS shows the list, and the
     * capability's bytes become read-only (set write masks afterwards for writable fields).
     *
     * @return {@code offset}
     * @throws IllegalArgumentException for a bad offset or size, or one overlapping another capability
     */
    protected final int addCapability(int capabilityId, int offset, int size) {
        if (offset < PciConfig.HEADER_SIZE || (offset & 3) != 0 || size < 2 || offset + size > SPACE_SIZE) {
            throw new IllegalArgumentException(describe() + ": capability 0x" + Integer.toHexString(capabilityId)
                    + " at 0x" + Integer.toHexString(offset) + " (" + size + " bytes) does not fit in 0x40..0xff");
        }
        for (int a = offset; a < offset + size; a++) {
            if (capabilityBytes[a]) {
                throw new IllegalArgumentException(describe() + ": capability 0x" + Integer.toHexString(capabilityId)
                        + " at 0x" + Integer.toHexString(offset) + " overlaps another one at 0x" + Integer.toHexString(a));
            }
        }
        config[offset] = (byte) capabilityId;
        config[offset + 1] = config[PciConfig.CAPABILITY_LIST];
        config[PciConfig.CAPABILITY_LIST] = (byte) offset;
        config[STATUS] |= PciConfig.STATUS_CAP_LIST;
        for (int a = offset; a < offset + size; a++) {
            wmask[a] = 0;
            w1cmask[a] = 0;
            capabilityBytes[a] = true;
        }
        return offset;
    }

    /** The offset of the first capability with this ID, or 0. */
    public final int findCapability(int capabilityId) {
        int at = configByte(PciConfig.CAPABILITY_LIST) & ~3;
        for (int hops = 0; at >= PciConfig.HEADER_SIZE && hops < 48; hops++) {
            if (configByte(at) == capabilityId) return at;
            at = configByte(at + 1) & ~3;
        }
        return 0;
    }

    // ---- BARs -------------------------------------------------------------------------------------------------

    /**
     * Registers BAR {@code index} (0..5, or {@link #ROM_SLOT}) during {@link #pciRealize()} (QEMU's pci_register_bar).
     * {@code type} is the BAR's low bits: {@link PciConfig#BAR_SPACE_IO}, or memory with optional
     * {@link PciConfig#BAR_MEM_TYPE_64} (which takes slot {@code index + 1} too) and
     * {@link PciConfig#BAR_MEM_PREFETCH}; the ROM slot takes 0. The region's size must be a power of two (I/O at
     * least 4 bytes, memory 16, ROM 2 KiB). The BAR starts unprogrammed; it maps once the guest programs and enables
     * it.
     *
     * @throws IllegalArgumentException for a bad index, type or size, or a slot already taken
     * @throws IllegalStateException outside {@link #pciRealize()}
     */
    protected final void registerBar(int index, int type, MemoryRegion region) {
        if (!realizing) throw new IllegalStateException(describe() + ": register BARs in pciRealize()");
        boolean io = (type & BAR_SPACE_IO) != 0;
        boolean wide = !io && (type & BAR_MEM_TYPE_64) != 0;
        long size = region.size();
        long min = index == ROM_SLOT ? 2048 : io ? 4 : 16;
        String what = describe() + ": BAR " + index + " ('" + region.name() + "', " + size + " bytes)";
        if (index < 0 || index > ROM_SLOT) throw new IllegalArgumentException(what + ": no such BAR");
        if (index == ROM_SLOT && type != 0) throw new IllegalArgumentException(what + ": the ROM BAR takes type 0");
        if (Long.bitCount(size) != 1 || size < min) {
            throw new IllegalArgumentException(what + ": the size must be a power of two of at least " + min + " bytes");
        }
        if (wide && index >= BAR_COUNT - 1) throw new IllegalArgumentException(what + ": a 64-bit BAR needs the next slot");
        boolean taken = bars[index] != null || (wide && bars[index + 1] != null)
                || (index > 0 && index < ROM_SLOT && bars[index - 1] != null && bars[index - 1].isWide());
        if (taken) throw new IllegalArgumentException(what + ": the slot is taken");
        if (region.owner() == null) region.setOwner(this);
        bars[index] = new PciBar(index, type, region, io ? bus.ioSpace() : bus.memorySpace());
        int offset = PciBar.offset(index);
        long mask = ~(size - 1) | (index == ROM_SLOT ? PciConfig.ROM_ADDRESS_ENABLE : 0);
        put(config, offset, wide ? 8 : 4, type);
        put(wmask, offset, wide ? 8 : 4, wide ? mask : mask & 0xffff_ffffL);
    }

    /**
     * QEMU's pci_add_option_rom: the "romfile" image, found through {@link org.jemu.core.qdev.SystemControl#findDataFile},
     * in a read-only region "&lt;device&gt;.rom" rounded up to a power of two, as the expansion ROM BAR (unless the
     * device registered that BAR itself or "rombar" is 0).
     */
    private void addOptionRom() {
        String file = getString("romfile");
        if (file == null || file.isEmpty() || bars[ROM_SLOT] != null) return;
        if (getLong("rombar") == 0) {
            LOG.info("{}: rombar=0: the option ROM '{}' is not shown (jemu does not pass it through fw_cfg)", describe(), file);
            return;
        }
        java.nio.file.Path path = system().findDataFile(file)
                .orElseThrow(() -> new RealizeException(describe() + ": failed to find romfile \"" + file + "\""));
        byte[] image;
        try {
            image = java.nio.file.Files.readAllBytes(path);
        } catch (java.io.IOException | OutOfMemoryError e) {
            throw new RealizeException(describe() + ": failed to load romfile \"" + path + "\": " + e.getMessage(), e);
        }
        if (image.length == 0 || image.length > MAX_OPTION_ROM) {
            throw new RealizeException(describe() + ": romfile \"" + path + "\" is empty or larger than "
                    + (MAX_OPTION_ROM >> 20) + " MiB (" + image.length + " bytes)");
        }
        long size = Math.max(2048, Long.highestOneBit(image.length - 1L) << 1);
        String name = (id() != null ? id() : typeName()) + ".rom";
        MemoryRegion rom = MemoryRegion.rom(name, size);
        java.lang.foreign.MemorySegment.copy(image, 0, rom.ramBlock().segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0,
                image.length);
        optionRom = rom;
        registerBar(ROM_SLOT, 0, rom);
    }

    private void releaseOptionRom() {
        MemoryRegion rom = optionRom;
        optionRom = null;
        if (rom != null) {
            if (bars[ROM_SLOT] != null && bars[ROM_SLOT].region == rom) {
                bars[ROM_SLOT].moveTo(BAR_UNMAPPED);
                bars[ROM_SLOT] = null;
            }
            rom.ramBlock().close();
        }
    }

    /** Where BAR {@code index} is mapped, or {@link #BAR_UNMAPPED} (also for a BAR that is not registered). */
    public final long barAddress(int index) {
        PciBar b = bar(index);
        return b == null ? BAR_UNMAPPED : b.address();
    }

    /** The size of BAR {@code index}, 0 if it is not registered. */
    public final long barSize(int index) {
        PciBar b = bar(index);
        return b == null ? 0 : b.region.size();
    }

    /** The type bits BAR {@code index} was registered with (0 if it is not registered). */
    public final int barType(int index) {
        PciBar b = bar(index);
        return b == null ? 0 : b.type;
    }

    private PciBar bar(int index) {
        return index >= 0 && index <= ROM_SLOT ? bars[index] : null;
    }

    /** Maps, moves or unmaps each BAR as its registers and COMMAND say (QEMU's pci_update_mappings). */
    private void updateMappings() {
        int command = configWord(COMMAND);
        for (PciBar b : bars) {
            if (b == null) continue;
            long register = (configLong(b.offset()) & 0xffff_ffffL)
                    | (b.isWide() ? (long) configLong(b.offset() + 4) << 32 : 0);
            b.moveTo(b.decode(command, register));
        }
    }

    private void unmapBars() {
        for (PciBar b : bars) if (b != null) b.moveTo(BAR_UNMAPPED);
    }

    // ---- interrupts -------------------------------------------------------------------------------------------

    /** Asserts or deasserts the function's interrupt pin (QEMU's pci_set_irq). */
    protected final void setIrq(boolean level) {
        int pin = configByte(PciConfig.INTERRUPT_PIN);
        if (pin < 1 || pin > PINS) {
            throw new IllegalStateException(describe() + " has no interrupt pin (call setInterruptPin in pciRealize)");
        }
        setIntx(pin - 1, level);
    }

    /** Asserts or deasserts pin {@code intx} (0 = INTA# .. 3 = INTD#), for functions driving several pins. */
    protected final void setIntx(int intx, boolean level) {
        int bit = 1 << intx;
        if (((intxState & bit) != 0) == level) return;
        intxState ^= bit;
        updateInterruptStatus();
        if (bus != null && !intxDisabled()) bus.changeIrqLevel(this, intx, level ? 1 : -1);
    }

    /** Whether pin {@code intx} is asserted (whether or not COMMAND masks it). */
    public final boolean intxAsserted(int intx) {
        return (intxState & (1 << intx)) != 0;
    }

    /** Whether pin {@code intx} reaches the bus: asserted and not masked. */
    final boolean drivesIntx(int intx) {
        return intxAsserted(intx) && !intxDisabled();
    }

    private boolean intxDisabled() {
        return (configWord(COMMAND) & COMMAND_INTX_DISABLE) != 0;
    }

    private void updateInterruptStatus() {
        if (intxState != 0) config[STATUS] |= PciConfig.STATUS_INTERRUPT;
        else config[STATUS] &= (byte) ~PciConfig.STATUS_INTERRUPT;
    }

    // ---- DMA --------------------------------------------------------------------------------------------------

    /**
     * Reads guest memory as a bus master through the bus's DMA space. Refused while COMMAND's bus master bit is clear
     * or the bus has no DMA space: the bytes read as all-ones and the result is {@link MemTxResult#DECODE_ERROR}.
     */
    protected final MemTxResult dmaRead(long address, byte[] dst, int offset, int length) {
        AddressSpace space = busMasterSpace();
        if (space == null) {
            Arrays.fill(dst, offset, offset + length, (byte) 0xff);
            return MemTxResult.DECODE_ERROR;
        }
        return space.read(address, dst, offset, length);
    }

    /** Writes guest memory as a bus master; refused (nothing written) as {@link #dmaRead} is. */
    protected final MemTxResult dmaWrite(long address, byte[] src, int offset, int length) {
        AddressSpace space = busMasterSpace();
        return space == null ? MemTxResult.DECODE_ERROR : space.write(address, src, offset, length);
    }

    /** The bus's DMA space while the COMMAND register lets this function master the bus, else null. */
    private AddressSpace busMasterSpace() {
        boolean master = (configWord(COMMAND) & PciConfig.COMMAND_MASTER) != 0;
        return master && bus != null ? bus.dmaSpace() : null;
    }

    // ---- reset and state --------------------------------------------------------------------------------------

    /**
     * The PCI core's part of a reset (QEMU's pci_do_device_reset), run by the bus after the device's own reset:
     * deasserts INTx, clears the writable COMMAND and STATUS bits, the interrupt line and cache line size, returns
     * every BAR to its unprogrammed value and unmaps it. Device-specific registers keep their values.
     */
    final void resetConfigHeader() {
        for (int pin = 0; pin < PINS; pin++) setIntx(pin, false);
        setConfigWord(COMMAND, configWord(COMMAND) & ~(get(wmask, COMMAND, 2) | get(w1cmask, COMMAND, 2)));
        setConfigWord(STATUS, configWord(STATUS) & ~(get(wmask, STATUS, 2) | get(w1cmask, STATUS, 2)));
        setConfigByte(PciConfig.INTERRUPT_LINE, configByte(PciConfig.INTERRUPT_LINE) & ~(wmask[PciConfig.INTERRUPT_LINE]
                | w1cmask[PciConfig.INTERRUPT_LINE]));
        setConfigByte(PciConfig.CACHE_LINE_SIZE, 0);
        for (PciBar b : bars) if (b != null) put(config, b.offset(), b.registerSize(), b.type);
        updateMappings();
    }

    /** The configuration space and INTx pins, for saving. */
    public final PciState pciState() {
        return new PciState(config, intxState);
    }

    /** Restores what {@link #pciState()} saved: the registers, the BAR mappings they imply, and the INTx pins. */
    public final void restorePciState(PciState state) {
        for (int pin = 0; pin < PINS; pin++) setIntx(pin, false);
        System.arraycopy(state.config, 0, config, 0, SPACE_SIZE);
        updateMappings();
        for (int pin = 0; pin < PINS; pin++) setIntx(pin, (state.intx() & (1 << pin)) != 0);
        updateInterruptStatus();
    }
}
