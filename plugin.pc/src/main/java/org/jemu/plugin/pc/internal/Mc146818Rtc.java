package org.jemu.plugin.pc.internal;

import org.jemu.core.rtc.CmosRam;
import org.jemu.core.event.ClockType;
import org.jemu.core.event.Timer;
import org.jemu.core.qdev.Device;
import org.jemu.core.qdev.DeviceCategory;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QEMU's "mc146818rtc" (hw/rtc/mc146818rtc.c): the Motorola MC146818 real-time clock with 128 bytes of CMOS RAM, at
 * ports {@code iobase} (index, 0x70) and {@code iobase + 1} (data, 0x71), interrupting on unnamed GPIO output 0
 * (ISA IRQ 8 on a PC).
 *
 * <p>Modelled as QEMU 7.2 does: the time registers in BCD or binary and in 12- or 24-hour form as register B says;
 * register A's divider and rate select, with UIP raised during the last 244 µs before each update (and latched until
 * the update when the update timer is about to fire); register B's SET (freezes the registers; clearing it restarts
 * the clock from them), PIE, AIE, UIE (cleared by a write that sets SET, as QEMU does); register C's flags and IRQF,
 * cleared by reading it (which also lowers the interrupt); register D's VRT. Periodic interrupts at the rate select
 * (only while PIE is set, as in QEMU, and lost ticks discarded), alarms (don't-care values 0xC0-0xFF match every
 * value; a value out of range never matches) and the update-ended interrupt all run on the virtual clock. Once UF is set and nobody reads register C, the update timer
 * only wakes for the alarm, so an idle RTC costs nothing per second. The century lives at 0x32 (0x37, the PS/2
 * century byte, is an alias as in QEMU); "base_year" 2000 means "the century byte holds the century" (QEMU's
 * historical rule), any other base is added to the year register.
 *
 * <p>Time base: the host's UTC time when the device is realized, advanced by the virtual clock (QEMU's
 * {@code -rtc base=utc} with the RTC on the virtual clock). Bit 7 of the index port is the NMI mask: it is recorded
 * ({@link #nmiMasked()}) but gates nothing, as in QEMU.
 *
 * <p>Not supported: the square-wave output (SQWE) and daylight saving (DSE) have no effect, as in QEMU; the
 * "lost_tick_policy=slew" reinjection, the "date" QOM property, {@code -rtc} options, the RTC_CHANGE event and wake
 * from suspend on alarm are left out. Where QEMU's alarm search strays from the hardware (a don't-care alarm matching
 * the current second is taken as 24 hours away, out-of-range values give arbitrary times, 12-hour alarms take the
 * AM/PM bit of the current hour), the next match is the hardware's; with valid 24-hour values the interrupts
 * are QEMU's.
 */
public final class Mc146818Rtc extends Device implements MemoryRegionOps, CmosRam {

    public static final String TYPE = "mc146818rtc";
    public static final int CMOS_SIZE = 128;

    static final int SECONDS = 0x00;
    static final int SECONDS_ALARM = 0x01;
    static final int MINUTES = 0x02;
    static final int MINUTES_ALARM = 0x03;
    static final int HOURS = 0x04;
    static final int HOURS_ALARM = 0x05;
    static final int DAY_OF_WEEK = 0x06;
    static final int DAY_OF_MONTH = 0x07;
    static final int MONTH = 0x08;
    static final int YEAR = 0x09;
    static final int REG_A = 0x0a;
    static final int REG_B = 0x0b;
    static final int REG_C = 0x0c;
    static final int REG_D = 0x0d;
    static final int CENTURY = 0x32;
    static final int PS2_CENTURY = 0x37;

    static final int A_UIP = 0x80;
    static final int A_DIVIDER_RESET = 0x60;
    static final int A_DIVIDER = 0x70;
    static final int A_DIVIDER_RUNNING_MAX = 0x20;
    static final int A_RATE = 0x0f;
    static final int B_SET = 0x80;
    static final int B_PIE = 0x40;
    static final int B_AIE = 0x20;
    static final int B_UIE = 0x10;
    static final int B_SQWE = 0x08;
    static final int B_DM = 0x04;
    static final int B_24H = 0x02;
    static final int C_IRQF = 0x80;
    static final int C_PF = 0x40;
    static final int C_AF = 0x20;
    static final int C_UF = 0x10;
    static final int C_MASK = 0x70;
    static final int D_VRT = 0x80;
    static final int DONT_CARE = 0xc0;
    static final int NMI_MASK = 0x80;

    static final long NS = 1_000_000_000L;
    static final int CLOCK_RATE = 32768;
    /** UIP is high for 8 cycles of the 32.768 kHz clock before an update. */
    static final long UIP_HOLD_NS = 8 * NS / CLOCK_RATE;
    static final int SEC_PER_MIN = 60;
    static final int MIN_PER_HOUR = 60;
    static final int HOUR_PER_DAY = 24;
    static final int SEC_PER_DAY = 86400;

    private static final Logger LOG = LoggerFactory.getLogger(Mc146818Rtc.class);

    /**
     * Everything that survives a save and restore.
     *
     * @param cmos             the 128 CMOS bytes (registers A-D included)
     * @param baseRtc          guest time in seconds (since 1970, UTC) at {@code lastUpdate}
     * @param lastUpdate       virtual ns when the time was last set
     * @param offset           ns added to the guest time (the sub-second phase)
     * @param periodicDeadline the periodic timer's deadline, -1 if idle
     * @param updateDeadline   the update timer's deadline, -1 if idle
     */
    public record State(int[] cmos, int index, boolean nmiMasked, long baseRtc, long lastUpdate, long offset,
                        long nextPeriodicTime, int period, long nextAlarmTime, long periodicDeadline,
                        long updateDeadline) {
        public State {
            cmos = cmos.clone();
        }

        @Override
        public int[] cmos() {
            return cmos.clone();
        }
    }

    private final IrqLine irq;
    private final int[] cmos = new int[CMOS_SIZE];
    private int index;
    private boolean nmiMasked;
    private int baseYear;
    private long baseRtc;
    private long lastUpdate;
    private long offset;
    private long nextPeriodicTime;
    private int period;
    private long nextAlarmTime;
    private Timer periodicTimer;
    private Timer updateTimer;
    /** Scratch for the broken-down time: sec, min, hour, weekday (0 = Sunday), day, month (1-12), year. */
    private final int[] tm = new int[7];

    public Mc146818Rtc(ObjectType type) {
        super(type);
        irq = defineGpioOut("", 1)[0];
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(IsaTypes.DEVICE).factory(Mc146818Rtc::new)
                .description("MC146818 real-time clock and CMOS RAM")
                .classInit(c -> c.set(CATEGORY, DeviceCategory.MISC)
                        .property(PropertyDef.int32("base_year").defaultValue(1980)
                                .description("year the year register counts from (2000: the century byte holds the century)"))
                        .property(PropertyDef.uint16("iobase").defaultValue(0x70)))
                .build();
    }

    @Override
    protected void realize() {
        int year = (int) getLong("base_year");
        baseYear = year == 2000 ? 0 : year;
        cmos[REG_A] = 0x26;
        cmos[REG_B] = B_24H;
        cmos[REG_C] = 0;
        cmos[REG_D] = D_VRT;
        periodicTimer = system().newTimer(ClockType.VIRTUAL, t -> periodicTick());
        updateTimer = system().newTimer(ClockType.VIRTUAL, t -> updateTick());
        setDateFromHost();
        checkUpdateTimer();
        exposeIoPorts(MemoryRegion.io("rtc", 2, this), getLong("iobase"));
    }

    @Override
    protected void unrealize() {
        periodicTimer.free();
        updateTimer.free();
        periodicTimer = null;
        updateTimer = null;
    }

    @Override
    public void resetEnter(ResetType type) {
        cmos[REG_B] &= ~(B_PIE | B_AIE | B_SQWE);
        cmos[REG_C] &= ~(C_UF | C_IRQF | C_PF | C_AF);
        if (updateTimer != null) checkUpdateTimer();
    }

    @Override
    public void resetHold(ResetType type) {
        irq.lower();
    }

    // ---- CMOS access for the board (QEMU's mc146818rtc_set_cmos_data / get_cmos_data) ----------------------------

    /** Stores a CMOS byte as firmware set-up does (no side effects, registers included). */
    @Override
    public void cmosWrite(int index, int value) {
        cmos[checkIndex(index)] = value & 0xff;
    }

    /** A CMOS byte as stored (time registers as last updated). */
    @Override
    public int cmosRead(int index) {
        return cmos[checkIndex(index)];
    }

    /** Whether the guest's last index write had bit 7 (NMI disable) set. */
    public boolean nmiMasked() {
        return nmiMasked;
    }

    private static int checkIndex(int index) {
        if (index < 0 || index >= CMOS_SIZE) {
            throw new IllegalArgumentException("CMOS index " + index + " outside 0.." + (CMOS_SIZE - 1));
        }
        return index;
    }

    public State state() {
        return new State(cmos, index, nmiMasked, baseRtc, lastUpdate, offset, nextPeriodicTime, period, nextAlarmTime,
                periodicTimer == null ? -1 : periodicTimer.expireTime(), updateTimer == null ? -1 : updateTimer.expireTime());
    }

    /** Restores a saved state into a realized device, timers included. */
    public void restore(State s) {
        System.arraycopy(s.cmos, 0, cmos, 0, Math.min(CMOS_SIZE, s.cmos.length));
        index = s.index & 0x7f;
        nmiMasked = s.nmiMasked;
        baseRtc = s.baseRtc;
        lastUpdate = s.lastUpdate;
        offset = s.offset;
        nextPeriodicTime = s.nextPeriodicTime;
        period = s.period;
        nextAlarmTime = s.nextAlarmTime;
        rearm(periodicTimer, s.periodicDeadline);
        rearm(updateTimer, s.updateDeadline);
    }

    private static void rearm(Timer t, long deadline) {
        if (deadline < 0) {
            t.del();
        } else {
            t.modNs(deadline);
        }
    }

    // ---- ports ----------------------------------------------------------------------------------------------------

    @Override
    public long read(long addr, int size) {
        if ((addr & 1) == 0) return 0xff;
        switch (index) {
            case PS2_CENTURY:
                index = CENTURY;
                return readTime();
            case CENTURY, SECONDS, MINUTES, HOURS, DAY_OF_WEEK, DAY_OF_MONTH, MONTH, YEAR:
                return readTime();
            case REG_A:
                return updateInProgress() ? cmos[REG_A] | A_UIP : cmos[REG_A];
            case REG_C: {
                int flags = cmos[REG_C];
                irq.lower();
                cmos[REG_C] = 0;
                if ((flags & (C_UF | C_AF)) != 0) checkUpdateTimer();
                return flags;
            }
            default:
                return cmos[index];
        }
    }

    private int readTime() {
        if (running()) updateTime();
        return cmos[index];
    }

    @Override
    public void write(long addr, int size, long value) {
        int data = (int) value & 0xff;
        if ((addr & 1) == 0) {
            index = data & 0x7f;
            nmiMasked = (data & NMI_MASK) != 0;
            return;
        }
        switch (index) {
            case SECONDS_ALARM, MINUTES_ALARM, HOURS_ALARM -> {
                cmos[index] = data;
                checkUpdateTimer();
            }
            case PS2_CENTURY -> {
                index = CENTURY;
                writeTime(data);
            }
            case CENTURY, SECONDS, MINUTES, HOURS, DAY_OF_WEEK, DAY_OF_MONTH, MONTH, YEAR -> writeTime(data);
            case REG_A -> writeRegA(data);
            case REG_B -> writeRegB(data);
            case REG_C, REG_D -> LOG.debug("{}: guest wrote read-only register {} ({})", describe(), index, data);
            default -> cmos[index] = data;
        }
    }

    private void writeTime(int data) {
        cmos[index] = data;
        if (running()) {
            setTime();
            checkUpdateTimer();
        }
    }

    private void writeRegA(int data) {
        boolean rateChanged = ((cmos[REG_A] ^ data) & A_RATE) != 0;
        int oldPeriod = periodicTicks();
        if ((data & A_DIVIDER_RESET) == A_DIVIDER_RESET) {
            if (running()) updateTime();
            cmos[REG_A] &= ~A_UIP;
        } else if ((cmos[REG_A] & A_DIVIDER_RESET) == A_DIVIDER_RESET && (data & A_DIVIDER) <= A_DIVIDER_RUNNING_MAX) {
            // leaving divider reset: the first update comes half a second later
            if ((cmos[REG_B] & B_SET) == 0) {
                offset = NS / 2;
                setTime();
            }
            cmos[REG_A] &= ~A_UIP;
        }
        cmos[REG_A] = (data & ~A_UIP) | (cmos[REG_A] & A_UIP);
        if (rateChanged) periodicUpdate(now(), oldPeriod, true);
        checkUpdateTimer();
    }

    private void writeRegB(int data) {
        boolean pieChanged = ((cmos[REG_B] ^ data) & B_PIE) != 0;
        int oldPeriod = periodicTicks();
        if ((data & B_SET) != 0) {
            if (running()) updateTime();
            cmos[REG_A] &= ~A_UIP;
            data &= ~B_UIE;
        } else if ((cmos[REG_B] & B_SET) != 0 && (cmos[REG_A] & A_DIVIDER) <= A_DIVIDER_RUNNING_MAX) {
            offset = Math.floorMod(guestNs(), NS);
            setTime();
        }
        // a flag already set when its interrupt becomes enabled interrupts at once
        if ((data & cmos[REG_C] & C_MASK) != 0) {
            cmos[REG_C] |= C_IRQF;
            irq.raise();
        } else {
            cmos[REG_C] &= ~C_IRQF;
            irq.lower();
        }
        cmos[REG_B] = data;
        if (pieChanged) periodicUpdate(now(), oldPeriod, true);
        checkUpdateTimer();
    }

    @Override
    public AccessConstraints impl() {
        return AccessConstraints.exactly(1);
    }

    // ---- time -----------------------------------------------------------------------------------------------------

    private long now() {
        return system().nowNs(ClockType.VIRTUAL);
    }

    private boolean running() {
        return (cmos[REG_B] & B_SET) == 0 && (cmos[REG_A] & A_DIVIDER) <= A_DIVIDER_RUNNING_MAX;
    }

    private long guestNs() {
        return baseRtc * NS + now() - lastUpdate + offset;
    }

    private void setDateFromHost() {
        baseRtc = Math.floorDiv(system().nowNs(ClockType.HOST), NS);
        lastUpdate = now();
        offset = 0;
        setCmos(baseRtc);
    }

    /** Brings the time registers up to the guest time (unless SET freezes them). */
    private void updateTime() {
        if ((cmos[REG_B] & B_SET) == 0) setCmos(Math.floorDiv(guestNs(), NS));
    }

    /** Restarts the clock from the time registers. */
    private void setTime() {
        int hour = fromBcd(cmos[HOURS] & 0x7f);
        if ((cmos[REG_B] & B_24H) == 0) hour = hour % 12 + ((cmos[HOURS] & 0x80) != 0 ? 12 : 0);
        int year = fromBcd(cmos[YEAR]) + baseYear + fromBcd(cmos[CENTURY]) * 100;
        baseRtc = secondsOf(year, fromBcd(cmos[MONTH]), fromBcd(cmos[DAY_OF_MONTH]), hour, fromBcd(cmos[MINUTES]),
                fromBcd(cmos[SECONDS]));
        lastUpdate = now();
    }

    private void setCmos(long seconds) {
        breakDown(seconds, tm);
        cmos[SECONDS] = toBcd(tm[0]);
        cmos[MINUTES] = toBcd(tm[1]);
        int hour = tm[2];
        if ((cmos[REG_B] & B_24H) != 0) {
            cmos[HOURS] = toBcd(hour);
        } else {
            cmos[HOURS] = toBcd(hour % 12 != 0 ? hour % 12 : 12) | (hour >= 12 ? 0x80 : 0);
        }
        cmos[DAY_OF_WEEK] = toBcd(tm[3] + 1);
        cmos[DAY_OF_MONTH] = toBcd(tm[4]);
        cmos[MONTH] = toBcd(tm[5]);
        int year = tm[6] - baseYear;
        cmos[YEAR] = toBcd(year % 100);
        cmos[CENTURY] = toBcd(year / 100);
    }

    private int toBcd(int v) {
        return ((cmos[REG_B] & B_DM) != 0 ? v : ((v / 10) << 4) | (v % 10)) & 0xff;
    }

    /** A register value as a number; -1 for the don't-care values 0xC0-0xFF. */
    private int fromBcd(int v) {
        if ((v & DONT_CARE) == DONT_CARE) return -1;
        return (cmos[REG_B] & B_DM) != 0 ? v : (v >> 4) * 10 + (v & 0x0f);
    }

    /** An hour register (bit 7 = PM in 12-hour mode) as 0-23, or -1 for don't care. */
    private int hourOf(int reg) {
        int v = fromBcd(reg);
        if (v < 0) return -1;
        if ((cmos[REG_B] & B_24H) != 0) return v;
        return fromBcd(reg & 0x7f) % 12 + ((reg & 0x80) != 0 ? 12 : 0);
    }

    /** Seconds since 1970 of a UTC date (QEMU's mktimegm; tolerates out-of-range fields). */
    static long secondsOf(int year, int month, int day, int hour, int minute, int second) {
        long y = year;
        long m = month;
        if (m < 3) {
            m += 12;
            y--;
        }
        long days = day + (153 * m - 457) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 719469;
        return 86400 * days + 3600L * hour + 60L * minute + second;
    }

    /** Splits seconds since 1970 into {@code out}: sec, min, hour, weekday (0 = Sunday), day, month, year. */
    static void breakDown(long seconds, int[] out) {
        long days = Math.floorDiv(seconds, SEC_PER_DAY);
        int rem = (int) Math.floorMod(seconds, SEC_PER_DAY);
        out[0] = rem % 60;
        out[1] = rem / 60 % 60;
        out[2] = rem / 3600;
        out[3] = (int) Math.floorMod(days + 4, 7); // 1970-01-01 was a Thursday
        long z = days + 719468; // days since 0000-03-01
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        out[4] = (int) (doy - (153 * mp + 2) / 5 + 1);
        out[5] = month;
        out[6] = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    }

    // ---- update cycle, alarm, UIP --------------------------------------------------------------------------------

    private boolean updateInProgress() {
        if (!running()) return false;
        if (updateTimer.pending() && now() >= updateTimer.expireTime() - UIP_HOLD_NS) {
            cmos[REG_A] |= A_UIP; // latched until the update timer fires
            return true;
        }
        return Math.floorMod(guestNs(), NS) >= NS - UIP_HOLD_NS;
    }

    /** Arms the update timer for the next second, or for the alarm when UF is already pending (QEMU's rule). */
    private void checkUpdateTimer() {
        if ((cmos[REG_A] & A_DIVIDER_RESET) == A_DIVIDER_RESET) {
            updateTimer.del();
            return;
        }
        long nextUpdate = now() + NS - Math.floorMod(guestNs(), NS);
        long toAlarm = secondsToAlarm();
        nextAlarmTime = toAlarm < 0 ? Long.MAX_VALUE : nextUpdate + (toAlarm - 1) * NS;
        if ((cmos[REG_A] & A_UIP) == 0 && (cmos[REG_C] & C_UF) != 0) {
            if ((cmos[REG_B] & B_SET) != 0 || (cmos[REG_C] & C_AF) != 0 || nextAlarmTime == Long.MAX_VALUE) {
                updateTimer.del(); // nothing can change until register C is read
                return;
            }
            nextUpdate = nextAlarmTime;
        }
        if (nextUpdate != updateTimer.expireTime()) updateTimer.modNs(nextUpdate);
    }

    private void updateTick() {
        updateTime();
        cmos[REG_A] &= ~A_UIP;
        int flags = C_UF;
        if (now() >= nextAlarmTime) flags |= C_AF;
        int fresh = flags & ~cmos[REG_C];
        cmos[REG_C] |= flags;
        if ((fresh & cmos[REG_B]) != 0) { // UF/AF line up with UIE/AIE
            cmos[REG_C] |= C_IRQF;
            irq.raise();
        }
        checkUpdateTimer();
    }

    /**
     * Seconds (1 to 86400) from the current second to the next second the alarm registers match, a don't-care field
     * matching every value; -1 if they never can (a value out of range).
     */
    private long secondsToAlarm() {
        updateTime();
        int hour = hourOf(cmos[HOURS]);
        int min = fromBcd(cmos[MINUTES]);
        int sec = fromBcd(cmos[SECONDS]);
        int alarmHour = hourOf(cmos[HOURS_ALARM]);
        int alarmMin = fromBcd(cmos[MINUTES_ALARM]);
        int alarmSec = fromBcd(cmos[SECONDS_ALARM]);
        long now = hour * 3600L + min * 60L + sec;
        long best = -1;
        // the earliest match takes, per field, its fixed value or (don't care) the current value, the next, or 0
        for (int i = 0; i < 3; i++) {
            int h = candidate(alarmHour, hour, i, HOUR_PER_DAY);
            if (h < 0) continue;
            for (int j = 0; j < 3; j++) {
                int m = candidate(alarmMin, min, j, MIN_PER_HOUR);
                if (m < 0) continue;
                for (int k = 0; k < 3; k++) {
                    int s = candidate(alarmSec, sec, k, SEC_PER_MIN);
                    if (s < 0) continue;
                    long delta = Math.floorMod(h * 3600L + m * 60L + s - now - 1, SEC_PER_DAY) + 1;
                    if (best < 0 || delta < best) best = delta;
                }
            }
        }
        return best;
    }

    /** Choice {@code i} (0-2) for one alarm field, or -1 for none or a value outside 0..range-1. */
    private static int candidate(int alarm, int current, int i, int range) {
        int v;
        if (alarm >= 0) {
            v = i == 0 ? alarm : -1;
        } else {
            v = switch (i) {
                case 0 -> current;
                case 1 -> current + 1 == range ? 0 : current + 1;
                default -> 0;
            };
        }
        return v < range ? v : -1;
    }

    // ---- periodic interrupt -------------------------------------------------------------------------------------

    /** The periodic interrupt's period in 32.768 kHz cycles, 0 when off (no PIE or rate 0). */
    private int periodicTicks() {
        if ((cmos[REG_B] & B_PIE) == 0) return 0;
        int code = cmos[REG_A] & A_RATE;
        if (code == 0) return 0;
        if (code <= 2) code += 7;
        return 1 << (code - 1);
    }

    /** Re-arms the periodic timer from {@code currentTime}; on a rate change it keeps the phase of the last tick. */
    private void periodicUpdate(long currentTime, int oldPeriod, boolean periodChange) {
        period = periodicTicks();
        if (period == 0) {
            periodicTimer.del();
            return;
        }
        long clock = muldiv(currentTime, CLOCK_RATE, NS);
        long lost = 0;
        if (oldPeriod != 0 && periodChange) {
            long lastTick = muldiv(nextPeriodicTime, CLOCK_RATE, NS) - oldPeriod;
            lost = Math.max(0, clock - lastTick);
        }
        lost = Math.min(lost, period); // lost ticks are discarded
        nextPeriodicTime = muldiv(clock + period - lost, NS, CLOCK_RATE) + 1;
        periodicTimer.modNs(nextPeriodicTime);
    }

    private void periodicTick() {
        periodicUpdate(nextPeriodicTime, period, false);
        cmos[REG_C] |= C_PF;
        if ((cmos[REG_B] & B_PIE) != 0) {
            cmos[REG_C] |= C_IRQF;
            irq.raise();
        }
    }

    /** a * b / c for non-negative a without overflow of the product (b, c below 2^31). */
    private static long muldiv(long a, long b, long c) {
        return a / c * b + a % c * b / c;
    }
}
