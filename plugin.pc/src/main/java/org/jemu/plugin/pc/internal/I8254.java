package org.jemu.plugin.pc.internal;

import java.util.Arrays;
import java.util.List;

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

/**
 * The Intel 8254 programmable interval timer, QEMU's "isa-pit" (hw/timer/i8254.c): three 16-bit counters clocked at
 * 1.193182 MHz, computed from the virtual clock (no polling). Counter 0's OUT drives unnamed GPIO output 0 (IRQ 0)
 * through a virtual-clock timer armed for its next transition; counter 2's gate and OUT belong to port 0x61
 * ("isa-pcspk", {@link #setGate}, {@link #out}); counter 1 (DRAM refresh) runs unobserved.
 *
 * <p>Modelled: modes 0-5 (6 and 7 act as 2 and 3), binary and BCD counting, LSB/MSB/word access, counter latch and
 * read-back commands (count and status, incl. OUT and null count), the gate (modes 0 and 4 pause while it is low,
 * modes 2 and 3 stop with OUT high and restart on its rising edge, modes 1 and 5 start on its rising edge; counters 0
 * and 1 have their gates tied high, so modes 1 and 5 never start there, as on a PC, where QEMU starts them at once). A control word stops the counter with OUT at its mode's initial level until a
 * count is written. Unnamed input 0 is the HPET's "PIT enabled" line (QEMU's pit_irq_control): while it is low (the
 * HPET in legacy replacement mode) the IRQ 0 output is left alone and its timer stopped; with nothing connected the
 * PIT stays enabled.
 *
 * <p>Not modelled (QEMU neither): a count written while a periodic mode runs takes effect at once rather than at the
 * end of the current period; in mode 3 an odd count's half-periods differ by one clock as in QEMU, the counter reading
 * is QEMU's approximation; writing the first byte of a word count does not stop mode 0.
 */
public final class I8254 extends Device {

    public static final String TYPE = "isa-pit";
    /** Input clock of the counters (Hz). */
    public static final long FREQ = 1_193_182;

    private static final long NS_PER_S = 1_000_000_000L;
    private static final long NO_PORT = 0xffffffffL;
    private static final int CONTROL = 3;
    private static final int READ_BACK = 3;
    /** Read/write states (QEMU's RW_STATE_*): access bits 5-4 of a control word, and the second half of a word. */
    private static final int RW_LSB = 1;
    private static final int RW_MSB = 2;
    private static final int RW_WORD0 = 3;
    private static final int RW_WORD1 = 4;
    private static final int RB_NO_COUNT = 0x20;
    private static final int RB_NO_STATUS = 0x10;
    private static final int STATUS_OUT = 0x80;
    private static final int STATUS_NULL_COUNT = 0x40;
    /** Counter phases: waiting for a count after a control word, waiting for a gate trigger (modes 1, 5), counting. */
    private static final int IDLE = 0;
    private static final int ARMED = 1;
    private static final int COUNTING = 2;

    /** One counter's state; {@code startNs} is when counting (re)started, {@code heldTicks} >= 0 while paused. */
    public record ChannelState(int count, int mode, boolean bcd, int rwMode, int readState, int writeState,
                               int writeLatch, int latchedCount, int countLatched, int status, boolean statusLatched,
                               boolean gate, int phase, long startNs, long heldTicks) {
    }

    /** The whole timer: three counters, the HPET control and counter 0's next transition (-1 for none). */
    public record State(List<ChannelState> channels, boolean irqDisabled, long nextTransitionNs) {
    }

    /** A counter; fields mirror {@link ChannelState}. */
    private static final class Channel {
        int count = 0x10000;
        int mode = 3;
        boolean bcd;
        int rwMode;
        int readState;
        int writeState;
        int writeLatch;
        int latchedCount;
        int countLatched;
        int status;
        boolean statusLatched;
        boolean gate;
        int phase = COUNTING;
        long startNs;
        long heldTicks = -1;

        int effectiveMode() {
            return mode > 5 ? mode - 4 : mode;
        }
    }

    private final Channel[] channels = {new Channel(), new Channel(), new Channel()};
    private final IrqLine irq;
    private Timer timer;
    private boolean irqDisabled;
    private long nextTransitionNs = -1;

    public I8254(ObjectType type) {
        super(type);
        irq = defineGpioOut("", 1)[0];
        defineGpioIn("", 1, (n, level) -> setIrqDisabled(!level));
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(I8254::new)
                .description("Intel 8254 programmable interval timer")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC).set(USER_CREATABLE, false)
                        .property(PropertyDef.uint32("iobase").defaultValue(NO_PORT)
                                .description("first of the four ports; must be set")))
                .build();
    }

    @Override
    protected void realize() {
        long iobase = getLong("iobase");
        if (iobase > 0xfffc) throw new RealizeException(describe() + ": iobase must be set to an I/O port (0 to 0xfffc)");
        exposeIoPorts(BytePorts.region(this, "pit", 4, this::readPort, this::writePort), iobase);
        timer = system().newTimer(ClockType.VIRTUAL, t -> updateIrq(nextTransitionNs));
        powerOn(now());
    }

    @Override
    protected void unrealize() {
        timer.free();
        timer = null;
    }

    /** QEMU's pit_reset: every counter in mode 3 with count 65536, counting; counter 0 drives IRQ 0 again. */
    @Override
    public void resetHold(ResetType type) {
        long now = now();
        powerOn(now);
        updateIrq(now);
    }

    private void powerOn(long now) {
        for (int i = 0; i < channels.length; i++) {
            Channel c = new Channel();
            c.gate = i != 2;
            c.startNs = now;
            if (!c.gate) c.heldTicks = 0;
            channels[i] = c;
        }
        nextTransitionNs = -1;
    }

    private long now() {
        return system().nowNs(ClockType.VIRTUAL);
    }

    // ---- the counters' arithmetic ----------------------------------------------------------------------------------

    /** Whole input clocks in {@code ns} (floor). */
    static long ticks(long ns) {
        if (ns <= 0) return 0;
        return ns / NS_PER_S * FREQ + ns % NS_PER_S * FREQ / NS_PER_S;
    }

    /** The first nanosecond at which {@code ticks} clocks have passed (ceiling): {@code ticks(nsOf(t)) == t}. */
    static long nsOf(long ticks) {
        return ticks / FREQ * NS_PER_S + Math.ceilDiv(ticks % FREQ * NS_PER_S, FREQ);
    }

    private static long elapsed(Channel c, long now) {
        return c.heldTicks >= 0 ? c.heldTicks : ticks(now - c.startNs);
    }

    /** OUT after {@code d} clocks of counting. */
    private static boolean out(Channel c, long d) {
        if (c.phase == IDLE) return c.effectiveMode() != 0;
        if (c.phase == ARMED) return true;
        long n = c.count;
        return switch (c.effectiveMode()) {
            case 0, 1 -> d >= n;
            case 2 -> n < 2 || d % n != n - 1;
            case 3 -> d % n < (n + 1) >> 1;
            default -> d != n;
        };
    }

    /** The clock count of OUT's next change after {@code d}, or -1 when it will not change on its own. */
    private static long nextTransition(Channel c, long d) {
        if (c.phase != COUNTING || c.heldTicks >= 0) return -1;
        long n = c.count;
        long base = n == 0 ? 0 : d - d % n;
        return switch (c.effectiveMode()) {
            case 0, 1 -> d < n ? n : -1;
            case 2 -> n < 2 ? -1 : (d - base < n - 1 ? base + n - 1 : base + n);
            case 3 -> n < 2 ? -1 : (d - base < (n + 1) >> 1 ? base + ((n + 1) >> 1) : base + n);
            default -> d < n ? n : d == n ? n + 1 : -1;
        };
    }

    /** The counting element's value, as the guest reads it (BCD when the counter counts in BCD). */
    private static int counter(Channel c, long now) {
        long n = c.count;
        long value;
        if (c.phase != COUNTING) {
            value = n;
        } else {
            long d = elapsed(c, now);
            value = switch (c.effectiveMode()) {
                case 2 -> n - d % n;
                case 3 -> n - 2 * d % n;
                default -> n - d;
            };
        }
        if (c.bcd) return toBcd((int) Math.floorMod(value, 10000));
        return (int) (value & 0xffff);
    }

    private static int toBcd(int v) {
        return v / 1000 << 12 | v / 100 % 10 << 8 | v / 10 % 10 << 4 | v % 10;
    }

    private static int fromBcd(int v) {
        return (v >> 12 & 0xf) * 1000 + (v >> 8 & 0xf) * 100 + (v >> 4 & 0xf) * 10 + (v & 0xf);
    }

    /** Counter 0's OUT to IRQ 0, and its timer armed for the next transition (QEMU's pit_irq_timer_update). */
    private void updateIrq(long current) {
        if (irqDisabled || timer == null) return;
        Channel c = channels[0];
        long d = elapsed(c, current);
        irq.set(out(c, d));
        long next = nextTransition(c, d);
        if (next < 0) {
            nextTransitionNs = -1;
            timer.del();
            return;
        }
        long at = Math.max(c.startNs + nsOf(next), current + 1);
        nextTransitionNs = at;
        timer.modNs(at);
    }

    private void changed(int channel, long now) {
        if (channel == 0) updateIrq(now);
    }

    // ---- guest interface -----------------------------------------------------------------------------------------

    private int readPort(int offset) {
        if (offset == CONTROL) return 0; // the control word is write-only (QEMU reads 0)
        Channel c = channels[offset];
        if (c.statusLatched) {
            c.statusLatched = false;
            return c.status;
        }
        if (c.countLatched != 0) {
            int value = c.latchedCount;
            switch (c.countLatched) {
                case RW_MSB -> {
                    c.countLatched = 0;
                    return value >> 8 & 0xff;
                }
                case RW_WORD0 -> {
                    c.countLatched = RW_MSB;
                    return value & 0xff;
                }
                default -> {
                    c.countLatched = 0;
                    return value & 0xff;
                }
            }
        }
        int value = counter(c, now());
        switch (c.readState) {
            case RW_MSB -> {
                return value >> 8 & 0xff;
            }
            case RW_WORD0 -> {
                c.readState = RW_WORD1;
                return value & 0xff;
            }
            case RW_WORD1 -> {
                c.readState = RW_WORD0;
                return value >> 8 & 0xff;
            }
            default -> {
                return value & 0xff;
            }
        }
    }

    private void writePort(int offset, int value) {
        if (offset == CONTROL) {
            writeControl(value);
            return;
        }
        Channel c = channels[offset];
        switch (c.writeState) {
            case RW_MSB -> load(offset, value << 8);
            case RW_WORD0 -> {
                c.writeLatch = value;
                c.writeState = RW_WORD1;
            }
            case RW_WORD1 -> {
                c.writeState = RW_WORD0;
                load(offset, c.writeLatch | value << 8);
            }
            default -> load(offset, value);
        }
    }

    private void writeControl(int value) {
        int select = value >> 6;
        long now = now();
        if (select == READ_BACK) {
            for (int i = 0; i < channels.length; i++) {
                if ((value & 2 << i) == 0) continue;
                Channel c = channels[i];
                if ((value & RB_NO_COUNT) == 0) latchCount(c, now);
                if ((value & RB_NO_STATUS) == 0 && !c.statusLatched) {
                    c.status = (out(c, elapsed(c, now)) ? STATUS_OUT : 0) | (c.phase != COUNTING ? STATUS_NULL_COUNT : 0)
                            | c.rwMode << 4 | c.mode << 1 | (c.bcd ? 1 : 0);
                    c.statusLatched = true;
                }
            }
            return;
        }
        Channel c = channels[select];
        int access = value >> 4 & 3;
        if (access == 0) {
            latchCount(c, now);
            return;
        }
        c.rwMode = access;
        c.readState = access;
        c.writeState = access;
        c.mode = value >> 1 & 7;
        c.bcd = (value & 1) != 0;
        c.countLatched = 0;
        c.statusLatched = false;
        c.phase = IDLE;
        c.heldTicks = -1;
        changed(select, now);
    }

    /** The counter latch command; a latched count stays until read (QEMU's pit_latch_count). */
    private static void latchCount(Channel c, long now) {
        if (c.countLatched != 0) return;
        c.latchedCount = counter(c, now);
        c.countLatched = c.rwMode == 0 ? RW_LSB : c.rwMode;
    }

    /** A new count written: 0 means 65536 (10000 in BCD). */
    private void load(int channel, int raw) {
        Channel c = channels[channel];
        int value = raw & 0xffff;
        int n = c.bcd ? fromBcd(value) : value;
        c.count = n != 0 ? n : c.bcd ? 10000 : 0x10000;
        long now = now();
        int mode = c.effectiveMode();
        if (mode == 1 || mode == 5) {
            c.phase = ARMED;
            c.heldTicks = -1;
        } else {
            c.phase = COUNTING;
            c.startNs = now;
            c.heldTicks = c.gate ? -1 : 0;
        }
        changed(channel, now);
    }

    // ---- gate and OUT (port 0x61, through "isa-pcspk") --------------------------------------------------------------

    /** The level of counter {@code channel}'s gate input. */
    public void setGate(int channel, boolean level) {
        Channel c = channels[channel];
        if (c.gate == level) return;
        c.gate = level;
        long now = now();
        switch (c.effectiveMode()) {
            case 0, 4 -> {
                if (c.phase != COUNTING) break;
                if (!level) {
                    c.heldTicks = elapsed(c, now);
                } else {
                    c.startNs = now - nsOf(c.heldTicks);
                    c.heldTicks = -1;
                }
            }
            case 2, 3 -> {
                if (c.phase != COUNTING) break;
                c.startNs = now;
                c.heldTicks = level ? -1 : 0;
            }
            default -> {
                if (level && c.phase != IDLE) {
                    c.phase = COUNTING;
                    c.startNs = now;
                    c.heldTicks = -1;
                }
            }
        }
        changed(channel, now);
    }

    public boolean gate(int channel) {
        return channels[channel].gate;
    }

    /** Counter {@code channel}'s OUT now. */
    public boolean out(int channel) {
        Channel c = channels[channel];
        return out(c, elapsed(c, now()));
    }

    private void setIrqDisabled(boolean disabled) {
        irqDisabled = disabled;
        if (disabled) {
            if (timer != null) timer.del();
        } else {
            updateIrq(now());
        }
    }

    // ---- state ---------------------------------------------------------------------------------------------------

    public State state() {
        return new State(Arrays.stream(channels).map(c -> new ChannelState(c.count, c.mode, c.bcd, c.rwMode, c.readState,
                c.writeState, c.writeLatch, c.latchedCount, c.countLatched, c.status, c.statusLatched, c.gate, c.phase,
                c.startNs, c.heldTicks)).toList(), irqDisabled, nextTransitionNs);
    }

    /** Loads a saved state and re-arms counter 0's timer for its saved transition. */
    public void restore(State s) {
        if (s.channels().size() != channels.length) throw new IllegalArgumentException("an 8254 has 3 counters");
        for (int i = 0; i < channels.length; i++) {
            ChannelState cs = s.channels().get(i);
            Channel c = new Channel();
            c.count = Math.clamp(cs.count(), 1, 0x10000);
            c.mode = cs.mode() & 7;
            c.bcd = cs.bcd();
            c.rwMode = cs.rwMode() & 3;
            c.readState = Math.clamp(cs.readState(), 0, RW_WORD1);
            c.writeState = Math.clamp(cs.writeState(), 0, RW_WORD1);
            c.writeLatch = cs.writeLatch() & 0xff;
            c.latchedCount = cs.latchedCount() & 0xffff;
            c.countLatched = Math.clamp(cs.countLatched(), 0, RW_WORD0);
            c.status = cs.status() & 0xff;
            c.statusLatched = cs.statusLatched();
            c.gate = cs.gate();
            c.phase = Math.clamp(cs.phase(), IDLE, COUNTING);
            c.startNs = cs.startNs();
            c.heldTicks = Math.max(cs.heldTicks(), -1);
            channels[i] = c;
        }
        irqDisabled = s.irqDisabled();
        nextTransitionNs = s.nextTransitionNs();
        if (timer == null) return;
        if (irqDisabled || nextTransitionNs < 0) {
            timer.del();
        } else {
            timer.modNs(nextTransitionNs);
        }
    }
}
