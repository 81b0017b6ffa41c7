package org.jemu.plugin.pc.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.jemu.core.fwcfg.FwCfg;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemTxResult;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QEMU's "fw_cfg_io" (hw/nvram/fw_cfg.c, docs/specs/fw_cfg.txt): the firmware configuration device of x86 boards,
 * a system bus device exposing its own ports.
 * <ul>
 * <li>Ports {@code iobase} (0x510) and +1: a 16-bit write to the first selects an item (bits 0-13 the index, bit 15
 *     the architecture table, bit 14 the old write flag, ignored); a byte read of either port returns the next byte
 *     of the selected item, 0 past its end or for an unknown selector. Selecting rewinds the item. Byte writes (the
 *     data write path QEMU removed in 2.4) do nothing; other sizes are refused.</li>
 * <li>With "dma_enabled" (the default), 8 ports at {@code dma_iobase} (0x514): reads return the signature
 *     "QEMU CFG" byte by byte; writing the big-endian guest-physical address of a {@code FWCfgDmaAccess} (be32
 *     control, be32 length, be64 address) as two 32-bit halves (the low half, at +4, starts the transfer) or one
 *     64-bit value makes the device select (control bit 3, selector in bits 16-31), then read, write (only into
 *     writable files, never past the item's end) or skip, and store control = 0 or the error bit into the
 *     descriptor. Reads past the item's end fill the guest buffer with zeros. A descriptor or buffer outside
 *     memory sets the error bit; nothing is thrown.</li>
 * <li>Items: the device provides SIGNATURE ("QEMU"), ID (1, or 3 with DMA) and FILE_DIR (be32 count, then per file
 *     be32 size, be16 selector, 2 reserved bytes, a 56-byte name, files sorted by name); the board adds the rest
 *     through {@link FwCfg} ("x-file-slots" files, 0x20 by default). Reset selects SIGNATURE.</li>
 * </ul>
 * Not supported: QEMU's legacy (order-based) file order of pc machines older than 2.x; the items QEMU's device adds
 * from the machine's options (UUID, NOGRAPHIC, BOOT_MENU, boot splash, "etc/boot-fail-wait"), which the board adds
 * here; the check that a machine has only one fw_cfg; the memory-mapped variant "fw_cfg_mem". DMA goes to the system
 * bus's DMA space (the machine's memory) unless the board hands in another ({@link #setDmaAddressSpace}, QEMU's
 * {@code dma_as}).
 */
public final class FwCfgIo extends SysBusDevice implements FwCfg {

    public static final String TYPE = "fw_cfg_io";

    static final int PORTS_SIZE = 2;
    static final int DMA_SIZE = 8;
    /** DMA control bits. */
    static final int DMA_ERROR = 0x01;
    static final int DMA_READ = 0x02;
    static final int DMA_SKIP = 0x04;
    static final int DMA_SELECT = 0x08;
    static final int DMA_WRITE = 0x10;
    /** "QEMU CFG", read at the DMA ports. */
    static final long DMA_SIGNATURE = 0x51454d5520434647L;
    /** Size of a FWCfgDmaAccess descriptor. */
    static final int DMA_DESCRIPTOR = 16;
    /** The selector value meaning "nothing selected". */
    static final int INVALID = 0xffff;
    static final int DIR_ENTRY = 64;
    static final int DIR_NAME = 56;
    static final int SLOTS_MIN = 0x10;
    static final int SLOTS_MAX = ENTRY_MASK - FILE_FIRST + 1;
    private static final int ZERO_CHUNK = 4096;
    private static final byte[] QEMU = {'Q', 'E', 'M', 'U'};

    private static final Logger LOG = LoggerFactory.getLogger(FwCfgIo.class);

    /** What the guest can observe besides the items: the selection and a half-written DMA address. */
    public record State(int selector, int offset, long dmaAddress) {
    }

    /** One item: its data, whether DMA may write it, and its owner's callbacks. */
    private static final class Item {
        byte[] data;
        boolean writable;
        FileCallbacks callbacks;

        Item(byte[] data, boolean writable, FileCallbacks callbacks) {
            this.data = data;
            this.writable = writable;
            this.callbacks = callbacks;
        }
    }

    private final MemoryRegionOps ports = new Ports();
    private final MemoryRegionOps dmaPorts = new DmaPorts();
    private final byte[] descriptor = new byte[DMA_DESCRIPTOR];
    private final byte[] zeros = new byte[ZERO_CHUNK];
    /** Items by index: [0] generic, [1] architecture. Null until realized. */
    private Item[][] items;
    /** File names (UTF-8) in selector order; file i is generic item FILE_FIRST + i. */
    private final List<byte[]> files = new ArrayList<>();
    private byte[] directory;
    private AddressSpace dmaOverride;
    private boolean warnedNoDmaSpace;
    private int selector;
    private int offset;
    private long dmaAddress;

    public FwCfgIo(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SysBusDevice.TYPE).factory(FwCfgIo::new)
                .description("QEMU firmware configuration interface (I/O ports)")
                .classInit(c -> c.set(USER_CREATABLE, false)
                        .property(PropertyDef.uint32("iobase").defaultValue(0x510).validator(IsaDebugcon::port)
                                .description("selector/data ports (QEMU's board passes 0x510)"))
                        .property(PropertyDef.uint32("dma_iobase").defaultValue(0x514).validator(IsaDebugcon::port)
                                .description("DMA address ports (QEMU's board passes 0x514)"))
                        .property(PropertyDef.bool("dma_enabled").defaultValue(true).description("the DMA interface"))
                        .property(PropertyDef.uint16("x-file-slots").defaultValue(0x20)
                                .validator(v -> (Long) v < SLOTS_MIN || (Long) v > SLOTS_MAX
                                        ? "must be 0x" + Integer.toHexString(SLOTS_MIN) + " to 0x"
                                        + Integer.toHexString(SLOTS_MAX) : null)
                                .description("number of file slots")))
                .build();
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------------

    @Override
    protected void realize() {
        int slots = (int) getLong("x-file-slots");
        boolean dma = getBool("dma_enabled");
        long iobase = getLong("iobase");
        long dmaBase = getLong("dma_iobase");
        if (dma && dmaBase < iobase + PORTS_SIZE && iobase < dmaBase + DMA_SIZE) {
            throw new RealizeException("dma_iobase 0x" + Long.toHexString(dmaBase) + " overlaps the ports at iobase 0x"
                    + Long.toHexString(iobase));
        }
        items = new Item[2][FILE_FIRST + slots];
        items[0][SIGNATURE] = new Item(QEMU.clone(), false, null);
        items[0][ID] = new Item(FwCfg.littleEndian(ID_TRADITIONAL | (dma ? ID_DMA : 0), 4), false, null);
        exposeIoPorts(MemoryRegion.io("fwcfg", PORTS_SIZE, ports).setOwner(this), iobase);
        if (dma) exposeIoPorts(MemoryRegion.io("fwcfg.dma", DMA_SIZE, dmaPorts).setOwner(this), dmaBase);
        select(SIGNATURE);
    }

    @Override
    protected void unrealize() {
        items = null;
        files.clear();
        directory = null;
        dmaOverride = null;
    }

    @Override
    public void resetHold(ResetType type) {
        if (items != null) select(SIGNATURE); // as QEMU, a half-written DMA address survives
    }

    public State state() {
        return new State(selector, offset, dmaAddress);
    }

    /** Restores the selection as saved; runs no select callback (QEMU's vmstate load). */
    public void restore(State s) {
        if (s.offset() < 0) throw new IllegalArgumentException(describe() + ": negative fw_cfg offset " + s.offset());
        selector = s.selector() & 0xffff;
        offset = s.offset();
        dmaAddress = s.dmaAddress();
    }

    // ---- the guest's side -----------------------------------------------------------------------------------------

    private int maxEntry() {
        return items[0].length;
    }

    private void select(int key) {
        offset = 0;
        if ((key & ENTRY_MASK) >= maxEntry()) {
            selector = INVALID;
            return;
        }
        selector = key;
        Item e = itemAt(key);
        if (e != null && e.callbacks != null) {
            try {
                e.callbacks.selected();
            } catch (RuntimeException ex) {
                LOG.error("{}: select callback of item 0x{} failed", describe(), Integer.toHexString(key), ex);
            }
        }
    }

    /** The item the selection names, or null. */
    private Item current() {
        return selector == INVALID ? null : itemAt(selector);
    }

    private Item itemAt(int key) {
        return items[(key & ARCH_LOCAL) != 0 ? 1 : 0][key & ENTRY_MASK];
    }

    private int readByte() {
        Item e = current();
        if (e == null || offset >= e.data.length) return 0;
        return e.data[offset++] & 0xff;
    }

    /** The selector/data ports: 16-bit writes select, byte reads return data (QEMU's fw_cfg_comb_mem_ops). */
    private final class Ports implements MemoryRegionOps {
        @Override
        public long read(long off, int size) {
            return readByte();
        }

        @Override
        public void write(long off, int size, long value) {
            if (size == 2) select((int) value & 0xffff);
        }

        @Override
        public MemTxResult readWithResult(long off, int size, long[] out) {
            if (size != 1) {
                refused("read of port", off, size);
                return MemTxResult.ACCESS_ERROR;
            }
            out[0] = readByte();
            return MemTxResult.OK;
        }

        @Override
        public MemTxResult writeWithResult(long off, int size, long value) {
            if (size > 2) {
                refused("write of port", off, size);
                return MemTxResult.ACCESS_ERROR;
            }
            write(off, size, value);
            return MemTxResult.OK;
        }
    }

    /** The DMA address ports (QEMU's fw_cfg_dma_mem_ops, big-endian). */
    private final class DmaPorts implements MemoryRegionOps {
        @Override
        public long read(long off, int size) {
            long v = 0;
            for (int i = 0; i < size; i++) v |= ((DMA_SIGNATURE >>> (8 * (7 - (off + i)))) & 0xff) << (8 * i);
            return v;
        }

        @Override
        public void write(long off, int size, long value) {
            if (size == 4) {
                long half = Integer.reverseBytes((int) value) & 0xffffffffL;
                if (off == 0) {
                    dmaAddress = half << 32;
                } else {
                    dmaAddress |= half;
                    transfer();
                }
            } else {
                dmaAddress = Long.reverseBytes(value);
                transfer();
            }
        }

        @Override
        public MemTxResult writeWithResult(long off, int size, long value) {
            if (!(size == 4 && (off == 0 || off == 4)) && !(size == 8 && off == 0)) {
                refused("write of DMA port", off, size);
                return MemTxResult.ACCESS_ERROR;
            }
            write(off, size, value);
            return MemTxResult.OK;
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.aligned(1, 8);
        }
    }

    private void refused(String what, long off, int size) {
        if (LOG.isDebugEnabled()) LOG.debug("{}: guest error: {}-byte {} +{} refused", describe(), size, what, off);
    }

    /** Runs the DMA request whose descriptor address was just written (QEMU's fw_cfg_dma_transfer). */
    private void transfer() {
        long at = dmaAddress;
        dmaAddress = 0;
        AddressSpace as = dmaOverride != null ? dmaOverride : dmaSpace();
        if (as == null) {
            if (!warnedNoDmaSpace) LOG.error("{}: DMA request at 0x{} dropped: the board gave no DMA address space",
                    describe(), Long.toHexString(at));
            warnedNoDmaSpace = true;
            return;
        }
        if (as.read(at, descriptor, 0, DMA_DESCRIPTOR) != MemTxResult.OK) {
            LOG.warn("{}: guest error: DMA descriptor at 0x{} is not in memory", describe(), Long.toHexString(at));
            storeControl(as, at, DMA_ERROR);
            return;
        }
        int control = (int) bigEndian(descriptor, 0, 4);
        long length = bigEndian(descriptor, 4, 4);
        long address = bigEndian(descriptor, 8, 8);
        if ((control & DMA_SELECT) != 0) select(control >>> 16);
        boolean read = (control & DMA_READ) != 0;
        boolean write = !read && (control & DMA_WRITE) != 0;
        if (!read && !write && (control & DMA_SKIP) == 0) length = 0;
        Item e = current();
        int result = 0;
        while (length > 0 && result == 0) {
            long len;
            if (e == null || offset >= e.data.length) {
                len = length;
                if (read && !fillZeros(as, address, len)) result = DMA_ERROR;
                if (write) result = DMA_ERROR;
            } else {
                len = Math.min(length, e.data.length - offset);
                if (read && as.write(address, e.data, offset, (int) len) != MemTxResult.OK) result = DMA_ERROR;
                if (write) result = dmaWrite(as, e, address, (int) len, len == length);
                offset += (int) len;
            }
            if (result != 0) LOG.warn("{}: guest error: DMA {} of item 0x{} at 0x{} failed", describe(),
                    read ? "read" : "write", Integer.toHexString(selector), Long.toHexString(address));
            address += len;
            length -= len;
        }
        storeControl(as, at, result);
    }

    private int dmaWrite(AddressSpace as, Item e, long address, int len, boolean whole) {
        if (!e.writable || !whole || as.read(address, e.data, offset, len) != MemTxResult.OK) return DMA_ERROR;
        if (e.callbacks != null) {
            try {
                e.callbacks.written(offset, len);
            } catch (RuntimeException ex) {
                LOG.error("{}: write callback of item 0x{} failed", describe(), Integer.toHexString(selector), ex);
            }
        }
        return 0;
    }

    private boolean fillZeros(AddressSpace as, long address, long length) {
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(ZERO_CHUNK, length - done);
            if (as.write(address + done, zeros, 0, n) != MemTxResult.OK) return false;
            done += n;
        }
        return true;
    }

    /** Stores the be32 control word of the descriptor at {@code at}. */
    private static void storeControl(AddressSpace as, long at, int control) {
        as.write(at, 4, Integer.reverseBytes(control) & 0xffffffffL);
    }

    private static long bigEndian(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 8) | (b[at + i] & 0xff);
        return v;
    }

    // ---- the board's side (FwCfg) ---------------------------------------------------------------------------------

    private void checkRealized() {
        if (items == null) throw new IllegalStateException(describe() + ": fw_cfg items can be added once it is realized");
    }

    private int checkKey(int key) {
        checkRealized();
        if (key < 0 || key > 0xffff || (key & WRITE_CHANNEL) != 0 || (key & ENTRY_MASK) >= maxEntry()) {
            throw new IllegalArgumentException(describe() + ": 0x" + Integer.toHexString(key) + " is not an fw_cfg key");
        }
        if ((key & ARCH_LOCAL) == 0 && (key >= FILE_FIRST || key == FILE_DIR)) {
            throw new IllegalArgumentException(describe() + ": key 0x" + Integer.toHexString(key)
                    + " belongs to the file directory; add files by name");
        }
        return key;
    }

    @Override
    public void addBytes(int key, byte[] data) {
        checkKey(key);
        if (itemAt(key) != null) {
            throw new IllegalArgumentException(describe() + ": fw_cfg key 0x" + Integer.toHexString(key) + " is already set");
        }
        items[(key & ARCH_LOCAL) != 0 ? 1 : 0][key & ENTRY_MASK] = new Item(Objects.requireNonNull(data, "data"), false, null);
    }

    @Override
    public byte[] modifyBytes(int key, byte[] data) {
        checkKey(key);
        Objects.requireNonNull(data, "data");
        Item e = itemAt(key);
        if (e == null) {
            items[(key & ARCH_LOCAL) != 0 ? 1 : 0][key & ENTRY_MASK] = new Item(data, false, null);
            return null;
        }
        byte[] old = e.data;
        e.data = data;
        e.writable = false;
        return old;
    }

    @Override
    public Optional<byte[]> item(int key) {
        checkRealized();
        if (key < 0 || key > 0xffff || (key & ENTRY_MASK) >= maxEntry()) return Optional.empty();
        Item e = itemAt(key);
        return e == null ? Optional.empty() : Optional.of(e.data);
    }

    @Override
    public void addFile(String name, byte[] data, FileCallbacks callbacks, boolean readOnly) {
        checkRealized();
        Objects.requireNonNull(data, "data");
        byte[] n = fileName(name);
        if (indexOf(n) >= 0) throw new IllegalArgumentException(describe() + ": duplicate fw_cfg file name '" + name + "'");
        int slots = maxEntry() - FILE_FIRST;
        if (files.size() >= slots) {
            throw new IllegalStateException(describe() + ": no room for fw_cfg file '" + name + "': all " + slots
                    + " file slots (x-file-slots) are in use");
        }
        int index = files.size();
        while (index > 0 && Arrays.compareUnsigned(n, files.get(index - 1)) < 0) index--;
        Item[] generic = items[0];
        System.arraycopy(generic, FILE_FIRST + index, generic, FILE_FIRST + index + 1, files.size() - index);
        generic[FILE_FIRST + index] = new Item(data, !readOnly, callbacks);
        files.add(index, n);
        updateDirectory();
    }

    @Override
    public byte[] modifyFile(String name, byte[] data) {
        checkRealized();
        Objects.requireNonNull(data, "data");
        int i = indexOf(fileName(name));
        if (i < 0) {
            addFile(name, data);
            return null;
        }
        Item e = items[0][FILE_FIRST + i];
        byte[] old = e.data;
        e.data = data;
        e.writable = false;
        updateDirectory();
        return old;
    }

    @Override
    public OptionalInt fileSize(String name) {
        return fileContents(name).map(d -> OptionalInt.of(d.length)).orElse(OptionalInt.empty());
    }

    @Override
    public Optional<byte[]> fileContents(String name) {
        checkRealized();
        int i = indexOf(fileName(name));
        return i < 0 ? Optional.empty() : Optional.of(items[0][FILE_FIRST + i].data);
    }

    @Override
    public void setDmaAddressSpace(AddressSpace space) {
        checkRealized();
        this.dmaOverride = space;
    }

    private byte[] fileName(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length == 0 || n.length > MAX_FILE_NAME || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(describe() + ": fw_cfg file name '" + name + "' must be 1 to "
                    + MAX_FILE_NAME + " bytes without NUL");
        }
        return n;
    }

    private int indexOf(byte[] name) {
        for (int i = 0; i < files.size(); i++) if (Arrays.equals(files.get(i), name)) return i;
        return -1;
    }

    /** Rewrites FILE_DIR: be32 count, then {be32 size, be16 select, be16 reserved, name[56]} per file. */
    private void updateDirectory() {
        if (directory == null) {
            directory = new byte[4 + DIR_ENTRY * (maxEntry() - FILE_FIRST)];
            items[0][FILE_DIR] = new Item(directory, false, null);
        }
        Arrays.fill(directory, (byte) 0);
        putBigEndian(directory, 0, files.size(), 4);
        for (int i = 0; i < files.size(); i++) {
            int at = 4 + DIR_ENTRY * i;
            putBigEndian(directory, at, items[0][FILE_FIRST + i].data.length, 4);
            putBigEndian(directory, at + 4, FILE_FIRST + i, 2);
            byte[] n = files.get(i);
            System.arraycopy(n, 0, directory, at + 8, n.length);
        }
    }

    private static void putBigEndian(byte[] b, int at, long value, int n) {
        for (int i = 0; i < n; i++) b[at + i] = (byte) (value >>> (8 * (n - 1 - i)));
    }
}
