package org.jemu.plugin.pc.internal;

import java.util.ArrayList;
import java.util.List;

import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QEMU's "hpet" (hw/timer/hpet.c): a High Precision Event Timer block as a system bus device. MMIO region 0 is its
 * 1 KiB register page (the board maps it at 0xfed00000), 32-bit aligned accesses only (QEMU 7.2's rule; anything
 * else is refused by the memory core).
 *
 * <p>Registers: capabilities (vendor 0x8086, revision 1, "timers" - 1 comparators, 64-bit counter, legacy
 * replacement capable, period 10 ns = 100 MHz); configuration (enable, legacy replacement); interrupt status (write
 * 1 to clear a level-triggered timer's interrupt); the 64-bit main counter, which runs on the virtual clock only
 * while enabled and may be written while halted; per timer: configuration (level or edge, enable, periodic, set
 * value, 32-bit mode, interrupt route 0-31) with the routes "hpet-intcap" allows shown in its upper half, the
 * comparator and the FSB route register. One-shot timers fire when the counter reaches the comparator (in 32-bit
 * mode also when the counter wraps, as the specification asks); periodic timers add their period to the comparator
 * after each interrupt, skipping the periods that already passed, as QEMU does (a callback that runs exactly at the
 * match counts it as reached, where QEMU would fire again one tick later). Timers arm and interrupt only while
 * the block is enabled; QEMU's quirks are kept: enabling the block arms only timers whose comparator is not all-ones,
 * and writing a comparator re-arms a timer even if its own enable bit is clear (no interrupt follows).
 *
 * <p>Interrupts: {@link SysBusDevice#IRQ}{@code [0..31]} are the routes (the board wires 0-23 to the GSIs); unnamed
 * inputs 0 and 1 take the PIT's and the RTC's interrupts and pass them on to outputs 0 and 8 unless legacy
 * replacement is on (QEMU's wiring: the PIT reaches GSI 0, which the I/O APIC turns into pin 2). In legacy
 * replacement mode timer 0 drives output 0 and timer 1 output 8, and unnamed output 0 (the PIT's gate, high after
 * reset) goes low.
 *
 * <p>Not supported: FSB (MSI) interrupt delivery: no timer advertises it, the FSB enable bit reads as 0 (QEMU lets
 * the guest set it even without the capability) and "msi=on" is refused. Timer registers at or beyond "timers"
 * read 0 and ignore writes; the 1 KiB page reaches timers 0-23 only (as in QEMU, which accepts up to 32). The
 * firmware's HPET table entry (QEMU's hpet_cfg) is the fw_cfg device's business.
 */
public final class Hpet extends SysBusDevice implements MemoryRegionOps {

    public static final String TYPE = "hpet";
    public static final String INTCAP = "hpet-intcap";
    static final long MMIO_SIZE = 0x400;
    static final int MIN_TIMERS = 3;
    static final int MAX_TIMERS = 32;
    static final int IRQ_ROUTES = 32;
    static final int LEGACY_PIT_INPUT = 0;
    static final int LEGACY_RTC_INPUT = 1;
    static final int PIT_ROUTE = 0;
    static final int RTC_ROUTE = 8;
    static final long PERIOD_NS = 10;
    static final long PERIOD_FS = 10_000_000;

    static final int ID = 0x000;
    static final int PERIOD = 0x004;
    static final int CFG = 0x010;
    static final int STATUS = 0x020;
    static final int COUNTER = 0x0f0;
    static final int COUNTER_HIGH = 0x0f4;
    static final int TIMER_BASE = 0x100;
    static final int TIMER_END = 0x3ff;
    static final int TIMER_STRIDE = 0x20;
    static final int TN_CFG = 0x00;
    static final int TN_CAPS = 0x04;
    static final int TN_CMP = 0x08;
    static final int TN_CMP_HIGH = 0x0c;
    static final int TN_ROUTE = 0x10;
    static final int TN_ROUTE_HIGH = 0x14;

    static final long CFG_ENABLE = 0x1;
    static final long CFG_LEGACY = 0x2;
    static final long CFG_WRITE_MASK = CFG_ENABLE | CFG_LEGACY;
    /** Vendor 0x8086, legacy replacement route capable (bit 15), 64-bit counter (bit 13), revision 1. */
    static final long CAPABILITIES = 0x8086a001L;
    static final int NUM_TIMERS_SHIFT = 8;

    static final long TN_LEVEL = 0x002;
    static final long TN_ENABLE = 0x004;
    static final long TN_PERIODIC = 0x008;
    static final long TN_PERIODIC_CAP = 0x010;
    static final long TN_SIZE_CAP = 0x020;
    static final long TN_SETVAL = 0x040;
    static final long TN_32BIT = 0x100;
    static final long TN_ROUTE_MASK = 0x3e00;
    static final int TN_ROUTE_SHIFT = 9;
    static final long TN_FSB_ENABLE = 0x4000;
    static final int TN_INTCAP_SHIFT = 32;
    /** QEMU's writable bits (0x7f4e) less FSB enable, which no timer here supports. */
    static final long TN_CFG_WRITE_MASK = 0x7f4e & ~TN_FSB_ENABLE;
    static final long LOW = 0xffff_ffffL;
    static final long HIGH = ~LOW;

    private static final Logger LOG = LoggerFactory.getLogger(Hpet.class);

    /** One comparator's saved registers and hidden state; {@code deadline} is its virtual-clock deadline or -1. */
    public record TimerState(long config, long comparator, long fsb, long period, boolean wrap, long deadline) {
    }

    /** Everything that survives a save and restore; {@code counter} counts only while the block is halted. */
    public record State(long config, long isr, long counter, long offset, boolean rtcIrqLevel, List<TimerState> timers) {
        public State {
            timers = List.copyOf(timers);
        }
    }

    private final IrqLine[] irqs;
    private final IrqLine pitEnable;
    private int timerCount;
    private long intcap;
    private long capabilities;
    private long config;
    private long isr;
    private long counter;
    /** Added to the virtual clock (ns) to give the counter's time while enabled. */
    private long clockOffset;
    private boolean rtcIrqLevel;
    private final long[] tConfig = new long[MAX_TIMERS];
    private final long[] tCmp = new long[MAX_TIMERS];
    private final long[] tFsb = new long[MAX_TIMERS];
    private final long[] tPeriod = new long[MAX_TIMERS];
    private final boolean[] tWrap = new boolean[MAX_TIMERS];
    private Timer[] timers = new Timer[0];

    public Hpet(ObjectType type) {
        super(type);
        irqs = defineIrqs(IRQ_ROUTES);
        defineGpioIn("", 2, this::legacyIrq);
        pitEnable = defineGpioOut("", 1)[0];
        initMmio(MemoryRegion.io(TYPE, MMIO_SIZE, this));
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SysBusDevice.TYPE).factory(Hpet::new)
                .description("High Precision Event Timer")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC).set(USER_CREATABLE, false)
                        .property(PropertyDef.integer("timers", MIN_TIMERS, MAX_TIMERS).defaultValue(MIN_TIMERS)
                                .description("number of comparators (3 to 32)"))
                        .property(PropertyDef.uint32(INTCAP).defaultValue(0)
                                .description("bit mask of the interrupt routes the timers may use"))
                        .property(PropertyDef.bool("msi").defaultValue(false)
                                .validator(v -> (Boolean) v ? "FSB (MSI) interrupt delivery is not supported" : null)
                                .description("FSB interrupt delivery (not supported)")))
                .build();
    }

    @Override
    protected void realize() {
        timerCount = (int) getLong("timers");
        intcap = getLong(INTCAP);
        if (intcap == 0) LOG.warn("{}: {} is 0: no timer can route an interrupt", describe(), INTCAP);
        capabilities = CAPABILITIES | (long) (timerCount - 1) << NUM_TIMERS_SHIFT | PERIOD_FS << 32;
        timers = new Timer[timerCount];
        for (int i = 0; i < timerCount; i++) {
            int n = i;
            timers[i] = system().newTimer(ClockType.VIRTUAL, t -> expired(n));
        }
        powerOn();
    }

    @Override
    protected void unrealize() {
        for (Timer t : timers) t.free();
        timers = new Timer[0];
    }

    @Override
    public void resetEnter(ResetType type) {
        for (Timer t : timers) t.del();
        powerOn();
    }

    @Override
    public void resetHold(ResetType type) {
        for (IrqLine l : irqs) l.lower();
        pitEnable.raise();
    }

    private void powerOn() {
        for (int i = 0; i < timerCount; i++) {
            tCmp[i] = ~0L;
            tConfig[i] = TN_PERIODIC_CAP | TN_SIZE_CAP | intcap << TN_INTCAP_SHIFT;
            tPeriod[i] = 0;
            tWrap[i] = false;
            tFsb[i] = 0;
        }
        counter = 0;
        clockOffset = 0;
        config = 0;
        isr = 0;
        rtcIrqLevel = false;
    }

    public State state() {
        List<TimerState> ts = new ArrayList<>(timerCount);
        for (int i = 0; i < timerCount; i++) {
            ts.add(new TimerState(tConfig[i], tCmp[i], tFsb[i], tPeriod[i], tWrap[i], timers[i].expireTime()));
        }
        return new State(config, isr, counter, clockOffset, rtcIrqLevel, ts);
    }

    /** Restores a state saved from a block with as many timers. */
    public void restore(State s) {
        if (s.timers().size() != timerCount) {
            throw new IllegalArgumentException(describe() + " has " + timerCount + " timers, the state " + s.timers().size());
        }
        config = s.config() & CFG_WRITE_MASK;
        isr = s.isr();
        counter = s.counter();
        clockOffset = s.offset();
        rtcIrqLevel = s.rtcIrqLevel();
        for (int i = 0; i < timerCount; i++) {
            TimerState t = s.timers().get(i);
            tConfig[i] = t.config();
            tCmp[i] = t.comparator();
            tFsb[i] = t.fsb();
            tPeriod[i] = t.period();
            tWrap[i] = t.wrap();
            if (t.deadline() < 0) {
                timers[i].del();
            } else {
                timers[i].modNs(t.deadline());
            }
        }
    }

    // ---- legacy inputs --------------------------------------------------------------------------------------------

    private void legacyIrq(int input, boolean level) {
        if (input == LEGACY_PIT_INPUT) {
            if (!legacy()) irqs[PIT_ROUTE].set(level);
        } else if (input == LEGACY_RTC_INPUT) {
            rtcIrqLevel = level;
            if (!legacy()) irqs[RTC_ROUTE].set(level);
        }
    }

    // ---- counter and comparators ---------------------------------------------------------------------------------

    private boolean enabled() {
        return (config & CFG_ENABLE) != 0;
    }

    private boolean legacy() {
        return (config & CFG_LEGACY) != 0;
    }

    private boolean is32Bit(int n) {
        return (tConfig[n] & TN_32BIT) != 0;
    }

    private boolean periodic(int n) {
        return (tConfig[n] & TN_PERIODIC) != 0;
    }

    private long now() {
        return system().nowNs(ClockType.VIRTUAL);
    }

    private long ticks() {
        return Long.divideUnsigned(now() + clockOffset, PERIOD_NS);
    }

    /** Ticks from {@code current} to timer n's comparator, at least 1 (in the timer's width). */
    private long ticksToComparator(int n, long current) {
        if (is32Bit(n)) {
            int diff = (int) tCmp[n] - (int) current;
            return diff > 0 ? diff : 1;
        }
        long diff = tCmp[n] - current;
        return diff > 0 ? diff : 1;
    }

    private long deadlineIn(long ticks) {
        long now = now();
        return ticks > (Long.MAX_VALUE - now) / PERIOD_NS ? Long.MAX_VALUE : now + ticks * PERIOD_NS;
    }

    private void expired(int n) {
        long current = ticks();
        long period = tPeriod[n];
        if (is32Bit(n)) period &= LOW;
        if (periodic(n) && period != 0) {
            // step the comparator past the counter by whole periods, skipping those already gone
            if (is32Bit(n)) {
                int ahead = (int) tCmp[n] - (int) current;
                if (ahead <= 0) tCmp[n] = (tCmp[n] + (-(long) ahead / period + 1) * period) & LOW;
            } else if (tCmp[n] - current <= 0) {
                tCmp[n] += (Long.divideUnsigned(current - tCmp[n], period) + 1) * period;
            }
            timers[n].modNs(deadlineIn(ticksToComparator(n, current)));
        } else if (is32Bit(n) && !periodic(n) && tWrap[n]) {
            // that was the 32-bit wrap; now the comparator match
            timers[n].modNs(deadlineIn(ticksToComparator(n, current)));
            tWrap[n] = false;
        }
        updateIrq(n, true);
    }

    private void setTimer(int n) {
        long current = ticks();
        tWrap[n] = false;
        long diff = ticksToComparator(n, current);
        if (is32Bit(n) && !periodic(n)) {
            long toWrap = LOW - (current & LOW);
            if (toWrap < (diff & LOW)) { // a one-shot 32-bit timer also interrupts when the counter wraps
                diff = toWrap;
                tWrap[n] = true;
            }
        }
        timers[n].modNs(deadlineIn(diff));
    }

    private void delTimer(int n) {
        timers[n].del();
        updateIrq(n, false);
    }

    private void updateIrq(int n, boolean set) {
        int route = n <= 1 && legacy() ? (n == 0 ? PIT_ROUTE : RTC_ROUTE)
                : (int) ((tConfig[n] & TN_ROUTE_MASK) >>> TN_ROUTE_SHIFT);
        long bit = 1L << n;
        if (!set || (tConfig[n] & TN_ENABLE) == 0 || !enabled()) {
            isr &= ~bit;
            irqs[route].lower();
        } else if ((tConfig[n] & TN_LEVEL) != 0) {
            isr |= bit;
            irqs[route].raise();
        } else {
            isr &= ~bit;
            irqs[route].pulse();
        }
    }

    // ---- registers ------------------------------------------------------------------------------------------------

    @Override
    public long read(long offset, int size) {
        int addr = (int) offset;
        if (addr >= TIMER_BASE && addr <= TIMER_END) {
            int n = (addr - TIMER_BASE) / TIMER_STRIDE;
            if (n >= timerCount) return 0;
            return switch ((addr - TIMER_BASE) % TIMER_STRIDE) {
                case TN_CFG -> tConfig[n] & LOW;
                case TN_CAPS -> tConfig[n] >>> 32;
                case TN_CMP -> tCmp[n] & LOW;
                case TN_CMP_HIGH -> tCmp[n] >>> 32;
                case TN_ROUTE -> tFsb[n] & LOW;
                case TN_ROUTE_HIGH -> tFsb[n] >>> 32;
                default -> 0;
            };
        }
        return switch (addr) {
            case ID -> capabilities & LOW;
            case PERIOD -> capabilities >>> 32;
            case CFG -> config;
            case STATUS -> isr & LOW;
            case COUNTER -> currentCounter() & LOW;
            case COUNTER_HIGH -> currentCounter() >>> 32;
            default -> 0;
        };
    }

    private long currentCounter() {
        return enabled() ? ticks() : counter;
    }

    @Override
    public void write(long offset, int size, long value) {
        int addr = (int) offset;
        long v = value & LOW;
        if (addr >= TIMER_BASE && addr <= TIMER_END) {
            int n = (addr - TIMER_BASE) / TIMER_STRIDE;
            if (n >= timerCount) {
                LOG.debug("{}: write to timer {} of {} ignored", describe(), n, timerCount);
                return;
            }
            writeTimer(n, (addr - TIMER_BASE) % TIMER_STRIDE, v);
            return;
        }
        switch (addr) {
            case CFG -> writeConfig(v);
            case STATUS -> {
                long clear = v & isr;
                for (int i = 0; i < timerCount; i++) {
                    if ((clear & 1L << i) != 0) updateIrq(i, false);
                }
            }
            case COUNTER -> {
                if (enabled()) LOG.debug("{}: counter written while enabled", describe());
                counter = (counter & HIGH) | v;
            }
            case COUNTER_HIGH -> {
                if (enabled()) LOG.debug("{}: counter written while enabled", describe());
                counter = (counter & LOW) | v << 32;
            }
            default -> LOG.debug("{}: write to read-only or reserved offset {} ignored", describe(), addr);
        }
    }

    private void writeConfig(long v) {
        long old = config;
        config = (v & CFG_WRITE_MASK) | (old & ~CFG_WRITE_MASK);
        if (rising(old, v, CFG_ENABLE)) {
            clockOffset = counter * PERIOD_NS - now(); // the counter resumes where it stopped
            for (int i = 0; i < timerCount; i++) {
                if (tCmp[i] != ~0L) setTimer(i);
            }
        } else if (falling(old, v, CFG_ENABLE)) {
            counter = ticks();
            for (int i = 0; i < timerCount; i++) delTimer(i);
        }
        if (rising(old, v, CFG_LEGACY)) {
            pitEnable.lower();
            irqs[PIT_ROUTE].lower();
            irqs[RTC_ROUTE].lower();
        } else if (falling(old, v, CFG_LEGACY)) {
            irqs[PIT_ROUTE].lower();
            pitEnable.raise();
            irqs[RTC_ROUTE].set(rtcIrqLevel);
        }
    }

    private void writeTimer(int n, int reg, long v) {
        switch (reg) {
            case TN_CFG -> {
                long old = tConfig[n] & LOW;
                tConfig[n] = (tConfig[n] & HIGH) | (v & TN_CFG_WRITE_MASK) | (old & ~TN_CFG_WRITE_MASK);
                if ((v & TN_32BIT) != 0) {
                    tCmp[n] &= LOW;
                    tPeriod[n] &= LOW;
                }
                if (rising(old, v, TN_ENABLE) && enabled()) {
                    setTimer(n);
                } else if (falling(old, v, TN_ENABLE)) {
                    delTimer(n);
                }
            }
            case TN_CMP -> {
                if (!periodic(n) || (tConfig[n] & TN_SETVAL) != 0) tCmp[n] = (tCmp[n] & HIGH) | v;
                if (periodic(n)) tPeriod[n] = (tPeriod[n] & HIGH) | (v & (is32Bit(n) ? LOW >>> 1 : LOW));
                comparatorWritten(n);
            }
            case TN_CMP_HIGH -> {
                if (!periodic(n) || (tConfig[n] & TN_SETVAL) != 0) {
                    tCmp[n] = (tCmp[n] & LOW) | v << 32;
                } else {
                    tPeriod[n] = (tPeriod[n] & LOW) | (v & (is32Bit(n) ? LOW >>> 1 : LOW)) << 32;
                }
                comparatorWritten(n);
            }
            case TN_ROUTE -> tFsb[n] = (tFsb[n] & HIGH) | v;
            case TN_ROUTE_HIGH -> tFsb[n] = (tFsb[n] & LOW) | v << 32;
            default -> LOG.debug("{}: write to read-only timer {} register {} ignored", describe(), n, reg);
        }
    }

    private void comparatorWritten(int n) {
        tConfig[n] &= ~TN_SETVAL;
        if (enabled()) setTimer(n);
    }

    private static boolean rising(long old, long now, long mask) {
        return (old & mask) == 0 && (now & mask) != 0;
    }

    private static boolean falling(long old, long now, long mask) {
        return (old & mask) != 0 && (now & mask) == 0;
    }

    /** 4- and 8-byte accesses, as QEMU's HPET takes them (Linux reads the 64-bit capability register whole). */
    @Override
    public AccessConstraints valid() {
        return AccessConstraints.aligned(4, 8);
    }

    /** The registers are handled as 32-bit halves; the memory layer splits an 8-byte access into two, low half first. */
    @Override
    public AccessConstraints impl() {
        return AccessConstraints.exactly(4);
    }
}
