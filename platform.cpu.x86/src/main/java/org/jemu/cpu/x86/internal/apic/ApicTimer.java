package org.jemu.cpu.x86.internal.apic;

import org.jemu.core.event.Timer;

/**
 * The local APIC timer of one {@link LocalApic} (SDM vol. 3 10.5.4, QEMU's apic_next_timer and
 * apic_get_current_count): the counter runs at QEMU's 1 GHz APIC bus clock divided by the divide configuration
 * (2, 4, ... 128, or 1), so one tick is {@code 1 << shift} ns of the virtual clock. The current count is computed
 * from the clock, never stored.
 *
 * <ul>
 *   <li>one-shot: counts down from the initial count; the interrupt comes {@code initial + 1} ticks after the write
 *       (QEMU's arithmetic), then the count stays 0;</li>
 *   <li>periodic: reloads every {@code initial + 1} ticks; an initial count of 0 stops it;</li>
 *   <li>TSC-deadline: fires when the CPU's TSC reaches IA32_TSC_DEADLINE, which then reads 0; writing 0 disarms it;
 *       the initial-count register is ignored and the current count reads 0 in this mode. Switching into or out of
 *       this mode disarms the timer (initial count and deadline become 0).</li>
 * </ul>
 * One-shot and periodic timers are armed only while the LVT entry is unmasked (QEMU); a deadline stays armed while
 * masked and only its interrupt is suppressed.
 */
public final class ApicTimer {

    static final int MODE_ONE_SHOT = 0;
    static final int MODE_PERIODIC = 1;
    static final int MODE_TSC_DEADLINE = 2;

    /** The timer's saved state; {@code expiry} is the armed deadline in virtual ns, or -1. */
    public record State(int divideConf, long initialCount, long loadTime, long nextTime, long expiry,
            long tscDeadline) {
    }

    private final LocalApic apic;
    private final ApicClock clock;
    private final Timer timer;
    private int divideConf;
    private int shift;
    private long initialCount;
    private long loadTime;
    private long nextTime;
    private long expiry = -1;
    private long tscDeadline;

    ApicTimer(LocalApic apic, ApicClock clock) {
        this.apic = apic;
        this.clock = clock;
        this.timer = clock.newTimer(t -> expired());
    }

    static int mode(int lvt) {
        return (lvt >>> 17) & 3;
    }

    private boolean masked() {
        return (apic.timerLvt() & LocalApic.LVT_MASKED) != 0;
    }

    void reset() {
        divideConf = 0;
        shift = shiftFor(0);
        initialCount = 0;
        loadTime = 0;
        nextTime = 0;
        tscDeadline = 0;
        disarm();
    }

    void free() {
        timer.free();
    }

    private void disarm() {
        expiry = -1;
        timer.del();
    }

    // ---- registers ------------------------------------------------------------------------------------------------

    int divideConf() {
        return divideConf;
    }

    /** Bits 0, 1 and 3 select the divisor: 0b1011 divides by 1, 0b0000 by 2 ... 0b1010 by 128. */
    void writeDivideConf(int value) {
        divideConf = value & 0xb;
        shift = shiftFor(divideConf);
        update(clock.nowNs());
    }

    /** log2 of the divisor: configuration bits 3,1,0 = 0b000 divide by 2 ... 0b110 by 128, 0b111 by 1. */
    private static int shiftFor(int conf) {
        int v = (conf & 3) | ((conf >> 1) & 4);
        return (v + 1) & 7;
    }

    long initialCount() {
        return initialCount;
    }

    void writeInitialCount(long value) {
        if (mode(apic.timerLvt()) == MODE_TSC_DEADLINE) return;
        initialCount = value & 0xffff_ffffL;
        loadTime = clock.nowNs();
        update(loadTime);
    }

    long currentCount() {
        int lvt = apic.timerLvt();
        int mode = mode(lvt);
        if (mode == MODE_TSC_DEADLINE) return 0;
        long ticks = (clock.nowNs() - loadTime) >> shift;
        if (mode == MODE_PERIODIC) return initialCount - Long.remainderUnsigned(ticks, initialCount + 1);
        return ticks >= initialCount ? 0 : initialCount - ticks;
    }

    /** The timer LVT entry changed from {@code old}. */
    void lvtChanged(int old, int now) {
        boolean wasDeadline = mode(old) == MODE_TSC_DEADLINE;
        boolean isDeadline = mode(now) == MODE_TSC_DEADLINE;
        if (wasDeadline != isDeadline) {
            initialCount = 0;
            tscDeadline = 0;
            disarm();
        }
        if (!isDeadline) update(clock.nowNs());
    }

    long tscDeadline() {
        return mode(apic.timerLvt()) == MODE_TSC_DEADLINE ? tscDeadline : 0;
    }

    void writeTscDeadline(long value) {
        if (mode(apic.timerLvt()) != MODE_TSC_DEADLINE) return; // ignored in the other modes (SDM 10.5.4.1)
        tscDeadline = value;
        if (value == 0) {
            disarm();
            return;
        }
        long distance = value - clock.tsc();
        if (distance <= 0) {
            disarm();
            deadlineReached();
        } else {
            expiry = clock.nowNs() + distance;
            timer.modNs(expiry);
        }
    }

    // ---- arming ---------------------------------------------------------------------------------------------------

    /** QEMU's apic_timer_update: (re)arms a one-shot or periodic timer for its next expiry after {@code now}. */
    private void update(long now) {
        int lvt = apic.timerLvt();
        if (mode(lvt) == MODE_TSC_DEADLINE) return;
        if ((lvt & LocalApic.LVT_MASKED) != 0) {
            disarm();
            return;
        }
        long ticks = (now - loadTime) >> shift;
        long due;
        if (mode(lvt) == MODE_PERIODIC) {
            if (initialCount == 0) {
                disarm();
                return;
            }
            due = (ticks / (initialCount + 1) + 1) * (initialCount + 1);
        } else {
            if (ticks >= initialCount) {
                disarm();
                return;
            }
            due = initialCount + 1;
        }
        nextTime = loadTime + (due << shift);
        expiry = nextTime;
        timer.modNs(expiry);
    }

    private void expired() {
        expiry = -1;
        if (mode(apic.timerLvt()) == MODE_TSC_DEADLINE) {
            deadlineReached();
            return;
        }
        apic.timerFired();
        update(nextTime);
    }

    private void deadlineReached() {
        tscDeadline = 0;
        if (!masked()) apic.timerFired();
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    State state() {
        return new State(divideConf, initialCount, loadTime, nextTime, expiry, tscDeadline);
    }

    void restore(State s) {
        divideConf = s.divideConf() & 0xb;
        shift = shiftFor(divideConf);
        initialCount = s.initialCount() & 0xffff_ffffL;
        loadTime = s.loadTime();
        nextTime = s.nextTime();
        tscDeadline = s.tscDeadline();
        expiry = s.expiry();
        if (expiry >= 0) {
            timer.modNs(expiry);
        } else {
            timer.del();
        }
    }
}
