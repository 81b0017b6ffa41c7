package org.jemu.plugin.pc.internal;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.qdev.Bus;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.RealizeException;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Intel 8237A DMA controller as QEMU's "i8257" (hw/dma/i8257.c); a PC has two, made like QEMU's
 * i8257_dma_init: the 8-bit one (base 0x00, page-base 0x80, dshift 0, channels 0-3) and the 16-bit one (base 0xc0,
 * page-base 0x88, dshift 1, channels 4-7, registers on even ports). Each registers itself with its ISA bus, where
 * devices find it as an {@link IsaDma}.
 *
 * <p>Ports (offsets shifted left by dshift): 0-7 address and count of channels 0-3 through the byte flip-flop; 8
 * status (read, clears the TC bits) / command (write); 9 request (write), mask (read, as QEMU); 10 single mask; 11
 * mode; 12 clear flip-flop; 13 master clear (write), temporary register (read, always 0: no memory-to-memory); 14
 * clear all masks; 15 write all masks. Page registers at page-base + 1, 2, 3, 7 (channels 2, 3, 1, 0) and, when
 * pageh-base is not -1, high page registers at pageh-base + 1-3, 7-9 (QEMU's layout, the channel taken from the
 * port's low three bits). QEMU's pc creates both controllers with pageh-base -1; with high pages on both, the two
 * ranges would share port 0x489, which the ISA bus refuses.
 *
 * <p>Transfers: a channel runs when its request bit (DREQ from a device, or the request register) is set, its mask
 * bit is clear, the controller is enabled (command bit 2 clear) and it is not in cascade mode: the controller calls
 * the device's handler at once (on the thread raising DREQ or unmasking, the main loop thread), and again after
 * {@link #RERUN_NS} of virtual time while the channel still requests (QEMU's idle bottom half). Memory is reached
 * through the ISA bus's DMA address space with the page, address and count registers, increment or decrement (bit 5),
 * 64 KiB (8-bit) / 128 KiB (16-bit) address wrap inside the page; at terminal count the channel's TC status bit is
 * set and either the address and count are reloaded (auto-initialize, bit 4) or the channel is masked, as the
 * 8237A does (QEMU leaves both to the device).
 *
 * <p>Not supported, as in QEMU: memory-to-memory transfers, fixed address, compressed timing, rotating priority,
 * extended write and DREQ/DACK polarity (command bits other than 2; such a command is ignored and logged); demand,
 * single and block modes all move what the device hands over; the cascade of the 8-bit controller through channel 4
 * does not gate its transfers. QEMU reads 16-bit page registers with all 8 bits; here page bit 0 is ignored for
 * the 16-bit controller and decrement mode moves byte k of a block to address - k, as the hardware does.
 */
public final class I8257 extends Device implements IsaDma {

    public static final String TYPE = "i8257";

    /** Delay before a channel that still requests is run again (QEMU reruns from an idle bottom half). */
    static final long RERUN_NS = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(I8257.class);

    // Controller register indices (port offset >> dshift, minus 8).
    static final int REG_STATUS_COMMAND = 0;
    static final int REG_REQUEST = 1;
    static final int REG_SINGLE_MASK = 2;
    static final int REG_MODE = 3;
    static final int REG_CLEAR_FLIP_FLOP = 4;
    static final int REG_MASTER_CLEAR = 5;
    static final int REG_CLEAR_MASK = 6;
    static final int REG_WRITE_ALL_MASK = 7;

    static final int CMD_DISABLE = 0x04;
    /** Command bits QEMU does not implement (all but controller disable). */
    static final int CMD_NOT_SUPPORTED = 0xfb;
    static final int MODE_DECREMENT = 0x20;
    static final int MODE_AUTOINIT = 0x10;
    static final int MODE_TYPE = 0x0c;
    static final int MODE_CASCADE = 0xc0;

    /** Channel of each page register port (low three bits of the offset); -1: no register. */
    private static final int[] PAGE_CHANNEL = {-1, 2, 3, 1, -1, -1, -1, 0};

    /** Everything the guest can see or a snapshot must keep, per channel and for the controller. */
    public record State(int command, int status, int mask, boolean flipFlop, int[] baseAddress, int[] baseCount,
                        int[] position, int[] mode, int[] page, int[] pageHigh) {
    }

    private int dshift;
    private int command;
    private int status;
    private int mask;
    private boolean flipFlop;
    private final int[] baseAddress = new int[4];
    private final int[] baseCount = new int[4];
    /** Bytes of the current block transferred (QEMU's now[COUNT]). */
    private final int[] position = new int[4];
    private final int[] mode = new int[4];
    private final int[] page = new int[4];
    private final int[] pageHigh = new int[4];
    private final TransferHandler[] handlers = new TransferHandler[4];
    private boolean running;
    private Timer rerun;
    private IsaTypes.IsaBus isaBus;

    public I8257(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(I8257::new)
                .description("Intel 8237A DMA controller")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC)
                        .property(PropertyDef.int32("base").defaultValue(0x00).validator(I8257::portOrNone))
                        .property(PropertyDef.int32("page-base").defaultValue(0x80).validator(I8257::portOrNone))
                        .property(PropertyDef.int32("pageh-base").defaultValue(0x480).validator(I8257::portOrNone)
                                .description("high page registers, -1 for none"))
                        .property(PropertyDef.int32("dshift").defaultValue(0)
                                .validator(v -> (Long) v != 0 && (Long) v != 1 ? "must be 0 (8-bit) or 1 (16-bit)" : null)))
                .build();
    }

    private static String portOrNone(Object v) {
        long p = (Long) v;
        return p < -1 || p > 0xffff ? "must be an I/O port (0 to 0xffff) or -1" : null;
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    @Override
    protected void realize() {
        dshift = (int) getLong("dshift");
        long base = getLong("base");
        long pageBase = getLong("page-base");
        long pageHighBase = getLong("pageh-base");
        if (base < 0 || pageBase < 0) throw new RealizeException("base and page-base must be I/O ports, not -1");
        Bus bus = parentBus();
        if (!(bus instanceof IsaTypes.IsaBus isa)) throw new RealizeException("needs an ISA bus of this bundle");
        if (!isa.attachDma(dshift, this)) {
            throw new RealizeException("the bus already has a " + (dshift == 0 ? "8" : "16") + "-bit DMA controller");
        }
        isaBus = isa;
        int span = 8 << dshift;
        exposeIoPorts(MemoryRegion.io("dma-chan", span, BytePorts.of(this::readChannel, this::writeChannel)), base);
        exposeIoPorts(MemoryRegion.io("dma-cont", span, BytePorts.of(this::readControl, this::writeControl)), base + span);
        BytePorts.Reader pageRead = off -> readPage(page, off);
        BytePorts.Writer pageWrite = (off, v) -> writePage(page, off, v);
        exposeIoPorts(MemoryRegion.io("dma-page", 3, BytePorts.shifted(pageRead, pageWrite, 1)), pageBase + 1);
        exposeIoPorts(MemoryRegion.io("dma-page", 1, BytePorts.shifted(pageRead, pageWrite, 7)), pageBase + 7);
        if (pageHighBase >= 0) {
            BytePorts.Reader high = off -> readPage(pageHigh, off);
            BytePorts.Writer highWrite = (off, v) -> writePage(pageHigh, off, v);
            exposeIoPorts(MemoryRegion.io("dma-pageh", 3, BytePorts.shifted(high, highWrite, 1)), pageHighBase + 1);
            exposeIoPorts(MemoryRegion.io("dma-pageh", 3, BytePorts.shifted(high, highWrite, 7)), pageHighBase + 7);
        }
        rerun = system().newTimer(ClockType.VIRTUAL, t -> runChannels());
        masterClear();
    }

    @Override
    protected void unrealize() {
        if (isaBus != null) isaBus.detachDma(this);
        isaBus = null;
        if (rerun != null) rerun.free();
        rerun = null;
    }

    @Override
    public void resetHold(ResetType type) {
        masterClear();
        if (rerun != null) rerun.del();
    }

    private void masterClear() {
        flipFlop = false;
        mask = 0xff;
        status = 0;
        command = 0;
    }

    // ---- registers ----------------------------------------------------------------------------------------

    private int readChannel(int offset) {
        int reg = (int) (offset >> dshift) & 7;
        int ch = reg >> 1;
        boolean high = toggleFlipFlop();
        int value = (reg & 1) != 0 ? currentCount(ch) : currentAddress(ch);
        return (value >> (dshift + (high ? 8 : 0))) & 0xff;
    }

    /** Remaining count in bytes minus one shifted as the register holds it: base count minus progress. */
    private int currentCount(int ch) {
        return (baseCount[ch] << dshift) - position[ch];
    }

    private int currentAddress(int ch) {
        int dir = (mode[ch] & MODE_DECREMENT) != 0 ? -1 : 1;
        return (baseAddress[ch] << dshift) + position[ch] * dir;
    }

    private void writeChannel(int offset, int value) {
        int reg = (int) (offset >> dshift) & 7;
        int ch = reg >> 1;
        int[] target = (reg & 1) != 0 ? baseCount : baseAddress;
        if (toggleFlipFlop()) {
            target[ch] = (target[ch] & 0xff) | ((int) value & 0xff) << 8;
            position[ch] = 0;
        } else {
            target[ch] = (target[ch] & 0xff00) | ((int) value & 0xff);
        }
    }

    private boolean toggleFlipFlop() {
        boolean was = flipFlop;
        flipFlop = !was;
        return was;
    }

    private int readControl(int offset) {
        int reg = (int) (offset >> dshift) & 7;
        return switch (reg) {
            case REG_STATUS_COMMAND -> {
                int value = status;
                status &= 0xf0;
                yield value;
            }
            case REG_REQUEST -> mask;
            default -> 0; // temporary register and write-only ports
        };
    }

    private void writeControl(int offset, int value) {
        int v = (int) value & 0xff;
        int reg = (int) (offset >> dshift) & 7;
        switch (reg) {
            case REG_STATUS_COMMAND -> {
                if ((v & CMD_NOT_SUPPORTED) != 0) {
                    LOG.debug("{}: guest error: unsupported DMA command {} ignored", describe(), Integer.toHexString(v));
                    return;
                }
                command = v;
                runChannels();
            }
            case REG_REQUEST -> {
                int ch = v & 3;
                if ((v & 4) != 0) status |= 1 << (ch + 4);
                else status &= ~(1 << (ch + 4));
                status &= ~(1 << ch);
                runChannels();
            }
            case REG_SINGLE_MASK -> {
                if ((v & 4) != 0) mask |= 1 << (v & 3);
                else mask &= ~(1 << (v & 3));
                runChannels();
            }
            case REG_MODE -> mode[v & 3] = v;
            case REG_CLEAR_FLIP_FLOP -> flipFlop = false;
            case REG_MASTER_CLEAR -> masterClear();
            case REG_CLEAR_MASK -> {
                mask = 0;
                runChannels();
            }
            default -> {
                mask = v;
                runChannels();
            }
        }
    }

    private int readPage(int[] regs, int offset) {
        int ch = PAGE_CHANNEL[(int) offset & 7];
        return ch < 0 ? 0 : regs[ch];
    }

    private void writePage(int[] regs, int offset, int value) {
        int ch = PAGE_CHANNEL[(int) offset & 7];
        if (ch < 0) {
            LOG.debug("{}: write to page port without a channel ignored", describe());
            return;
        }
        regs[ch] = (int) value & 0xff;
    }

    // ---- transfers ----------------------------------------------------------------------------------------

    @Override
    public void registerChannel(int channel, TransferHandler handler) {
        handlers[channel & 3] = handler;
    }

    @Override
    public int transferMode(int channel) {
        return mode[channel & 3] & MODE_TYPE;
    }

    @Override
    public boolean autoInitialize(int channel) {
        return (mode[channel & 3] & MODE_AUTOINIT) != 0;
    }

    @Override
    public void holdDreq(int channel) {
        status |= 1 << ((channel & 3) + 4);
        runChannels();
    }

    @Override
    public void releaseDreq(int channel) {
        status &= ~(1 << ((channel & 3) + 4));
        runChannels();
    }

    private boolean ready(int ch) {
        return (command & CMD_DISABLE) == 0 && (mask & (1 << ch)) == 0 && (status & (0x10 << ch)) != 0
                && (mode[ch] & MODE_CASCADE) != MODE_CASCADE;
    }

    /** Runs every ready channel once; a call from inside a handler only asks for another pass (QEMU's rearm). */
    private void runChannels() {
        if (running) return; // a handler changed DREQ or masks: the outer pass re-arms the rerun if needed
        running = true;
        try {
            for (int ch = 0; ch < 4; ch++) {
                if (ready(ch)) runChannel(ch);
            }
        } finally {
            running = false;
        }
        boolean again = false;
        for (int ch = 0; ch < 4; ch++) again |= ready(ch) && handlers[ch] != null;
        if (again && rerun != null && !rerun.pending()) rerun.modNs(system().nowNs(ClockType.VIRTUAL) + RERUN_NS);
    }

    private void runChannel(int ch) {
        int length = (baseCount[ch] + 1) << dshift;
        TransferHandler h = handlers[ch];
        if (h == null) {
            LOG.debug("{}: guest error: DMA request on channel {} without a device", describe(), channelNumber(ch));
            return;
        }
        int next = h.transfer(channelNumber(ch), position[ch], length);
        if (next < length) {
            position[ch] = Math.max(next, 0);
            return;
        }
        status |= 1 << ch;
        if ((mode[ch] & MODE_AUTOINIT) != 0) {
            position[ch] = 0;
        } else {
            position[ch] = length;
            mask |= 1 << ch;
        }
    }

    private int channelNumber(int ch) {
        return ch + (dshift << 2);
    }

    @Override
    public int readMemory(int channel, byte[] buf, int off, int position, int len) {
        copy(channel & 3, buf, off, position, len, false);
        return len;
    }

    @Override
    public int writeMemory(int channel, byte[] buf, int off, int position, int len) {
        copy(channel & 3, buf, off, position, len, true);
        return len;
    }

    /**
     * Moves a block piecewise: byte k of the block is at address + k (decrement mode: address - k), the address
     * wrapping inside the 64 KiB (128 KiB) window of the page.
     */
    private void copy(int ch, byte[] buf, int off, int pos, int len, boolean toMemory) {
        if (len <= 0) return;
        AddressSpace as = dmaSpace();
        if (as == null) {
            LOG.debug("{}: DMA without a memory space: transfer dropped", describe());
            if (!toMemory) java.util.Arrays.fill(buf, off, off + len, (byte) 0xff);
            return;
        }
        int window = (0x10000 << dshift) - 1;
        long pageBase = ((long) (pageHigh[ch] & 0x7f) << 24) | ((long) (page[ch] & (dshift == 0 ? 0xff : 0xfe)) << 16);
        int start = baseAddress[ch] << dshift;
        boolean down = (mode[ch] & MODE_DECREMENT) != 0;
        for (int done = 0; done < len; ) {
            int at = off + done;
            int chunk;
            long address;
            if (!down) {
                int first = (start + pos + done) & window;
                chunk = Math.min(len - done, window + 1 - first);
                address = pageBase | first;
            } else {
                int highest = (start - pos - done) & window;
                chunk = Math.min(len - done, highest + 1);
                address = pageBase | (highest - chunk + 1);
                if (toMemory) reverse(buf, at, chunk);
            }
            if (toMemory) as.write(address, buf, at, chunk);
            else as.read(address, buf, at, chunk);
            if (down) reverse(buf, at, chunk);
            done += chunk;
        }
    }

    private static void reverse(byte[] b, int off, int len) {
        for (int i = off, j = off + len - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }

    // ---- state --------------------------------------------------------------------------------------------

    public State state() {
        return new State(command, status, mask, flipFlop, baseAddress.clone(), baseCount.clone(), position.clone(),
                mode.clone(), page.clone(), pageHigh.clone());
    }

    public void restore(State s) {
        command = s.command();
        status = s.status();
        mask = s.mask();
        flipFlop = s.flipFlop();
        System.arraycopy(s.baseAddress(), 0, baseAddress, 0, 4);
        System.arraycopy(s.baseCount(), 0, baseCount, 0, 4);
        System.arraycopy(s.position(), 0, position, 0, 4);
        System.arraycopy(s.mode(), 0, mode, 0, 4);
        System.arraycopy(s.page(), 0, page, 0, 4);
        System.arraycopy(s.pageHigh(), 0, pageHigh, 0, 4);
        runChannels();
    }
}
