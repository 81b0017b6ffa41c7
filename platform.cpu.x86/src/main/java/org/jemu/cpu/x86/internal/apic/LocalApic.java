package org.jemu.cpu.x86.internal.apic;

import java.util.Arrays;
import java.util.Objects;

import org.jemu.core.qdev.InterruptController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CPU's local APIC in xAPIC mode (QEMU 7.2's hw/intc/apic.c and apic_common.c; Intel SDM vol. 3 ch. 10), version
 * 0x14 with six LVT entries (version register 0x00050014).
 *
 * <p><b>Registers</b> (index = MMIO offset >> 4, reached through {@link ApicBus#region()}): ID (0x20, 8 bits,
 * writable), version (0x30), TPR (0x80), APR (0x90, reads 0: arbitration is not modelled), PPR (0xa0), EOI (0xb0),
 * LDR (0xd0), DFR (0xe0), SVR (0xf0: vector, software enable bit 8, focus bit 9), ISR/TMR/IRR (0x100/0x180/0x200, 8 x
 * 32 bits), ESR (0x280), ICR (0x300/0x310), LVT timer/thermal/perf/LINT0/LINT1/error (0x320..0x370), initial and
 * current count (0x380/0x390), divide configuration (0x3e0). Accesses narrower than 4 bytes read 0 and are ignored,
 * as QEMU's; reserved registers read 0, ignore writes and log "illegal register address" (ESR bit 7). Read-only
 * registers ignore writes. Reserved LVT and ICR bits are dropped on write; delivery status and remote IRR read 0
 * (deliveries are instantaneous).
 *
 * <p><b>Interrupts.</b> Fixed interrupts set IRR (and TMR for level-triggered ones); the highest IRR vector whose
 * priority class is above the PPR's (PPR = TPR, or the highest ISR class if higher) is deliverable while the APIC is
 * software-enabled; {@link #acknowledge()} moves it to ISR. EOI clears the highest ISR bit and, if its TMR bit is set,
 * broadcasts the EOI ({@link EoiListener}). Vectors 0-15 are illegal: a message carrying one is refused and sets
 * "receive illegal vector" (ESR bit 6); an ICR send sets "send illegal vector" (bit 5). ESR has the SDM's write-then-
 * read semantics (a write latches the errors seen since the previous write); every new error is signalled through the
 * error LVT entry.
 *
 * <p><b>Enables.</b> IA32_APIC_BASE: base 0xfee00000, BSP bit 8, global enable bit 11. Clearing bit 11 disables the
 * APIC until the next reset (QEMU): it then accepts no messages, its registers read 0, and LINT0/LINT1 act as the
 * CPU's plain INTR and NMI pins (the PIC's interrupt goes straight to the CPU, which asks the PIC for the vector).
 * Software disable (SVR bit 8 clear, the reset state) sets the mask bit of every LVT entry and keeps it set; fixed
 * interrupts still enter IRR but are not delivered until the APIC is enabled again; NMI, INIT and SIPI are accepted.
 *
 * <p><b>LINT0/LINT1.</b> All LVT entries reset masked, as in QEMU 7.2: firmware programs LINT0 to ExtINT (and LINT1
 * to NMI). LINT0 in ExtINT mode makes the PIC's output a pending interrupt regardless of the PPR, taken before any
 * APIC vector (QEMU's apic_get_interrupt); the vector comes from the PIC's INTA cycle ({@link #setPic}). Fixed mode
 * delivers the entry's vector on a rising edge, or while high if level-triggered (the IRR bit is withdrawn when the
 * line drops, as QEMU does); NMI and INIT modes act on rising edges.
 *
 * <p><b>CPU side.</b> The core reads {@link #events()} (a volatile bit set: {@link #EVENT_INTR}, {@link #EVENT_NMI},
 * {@link #EVENT_INIT}, {@link #EVENT_SIPI}) between instructions and consumes it with {@link #acknowledge()},
 * {@link #takeNmi()}, {@link #takeInit()} and {@link #takeSipi()}; the wake-up callback runs whenever an event
 * arrives or an interrupt becomes deliverable (to wake a halted vCPU). All methods run with the global lock held.
 *
 * <p><b>Not supported:</b> x2APIC (CPUID must not advertise it), SMI delivery (there is no SMM: logged once and
 * dropped), the arbitration priority (APR reads 0; lowest-priority delivery goes to the first target, as QEMU's),
 * remote IRR for level-triggered LINT inputs, directed EOI, relocating the APIC page (a new base is recorded and read
 * back, the registers stay at 0xfee00000 as in QEMU), the thermal and performance-counter sources (their LVT entries
 * are registers only). The divide configuration resets to 0 = divide by 2 (SDM; QEMU counts undivided until the
 * register is written).
 */
public final class LocalApic {

    public static final int MSR_APIC_BASE = 0x1b;
    public static final int MSR_TSC_DEADLINE = 0x6e0;
    public static final long DEFAULT_BASE = 0xfee0_0000L;
    public static final long BASE_BSP = 1L << 8;
    public static final long BASE_ENABLE = 1L << 11;
    static final long BASE_ADDRESS_MASK = 0xffff_f000L;
    public static final int VERSION = 0x14;

    /** {@link #events()}: an interrupt is deliverable ({@link #hasInterrupt()}). */
    public static final int EVENT_INTR = 1;
    public static final int EVENT_NMI = 2;
    public static final int EVENT_INIT = 4;
    public static final int EVENT_SIPI = 8;

    // register indices (MMIO offset >> 4)
    static final int REG_ID = 0x02, REG_VERSION = 0x03, REG_TPR = 0x08, REG_APR = 0x09, REG_PPR = 0x0a,
            REG_EOI = 0x0b, REG_LDR = 0x0d, REG_DFR = 0x0e, REG_SVR = 0x0f, REG_ISR = 0x10, REG_TMR = 0x18,
            REG_IRR = 0x20, REG_ESR = 0x28, REG_ICR_LOW = 0x30, REG_ICR_HIGH = 0x31, REG_LVT = 0x32,
            REG_INITIAL_COUNT = 0x38, REG_CURRENT_COUNT = 0x39, REG_DIVIDE = 0x3e;

    // LVT entries
    static final int LVT_TIMER = 0, LVT_THERMAL = 1, LVT_PERF = 2, LVT_LINT0 = 3, LVT_LINT1 = 4, LVT_ERROR = 5;
    static final int LVT_COUNT = 6;
    static final int LVT_MASKED = 1 << 16;
    static final int LVT_LEVEL = 1 << 15;
    private static final int[] LVT_WRITABLE = {0x700ff, 0x107ff, 0x107ff, 0x1a7ff, 0x1a7ff, 0x100ff};

    // delivery modes
    static final int DM_FIXED = 0, DM_LOWEST = 1, DM_SMI = 2, DM_NMI = 4, DM_INIT = 5, DM_SIPI = 6, DM_EXTINT = 7;

    static final int SVR_ENABLE = 1 << 8;
    private static final int SVR_WRITABLE = 0x3ff;
    private static final int ICR_LOW_WRITABLE = 0x000c_cfff;
    static final int ESR_SEND_ILLEGAL_VECTOR = 1 << 5;
    static final int ESR_RECEIVE_ILLEGAL_VECTOR = 1 << 6;
    static final int ESR_ILLEGAL_REGISTER = 1 << 7;
    private static final int ESR_BITS = 0xff;

    private static final Logger LOG = LoggerFactory.getLogger(LocalApic.class);

    /** Everything that survives a save and restore (QEMU's vmstate "apic" with its SIPI subsection). */
    public record State(long apicBase, int id, int tpr, int svr, int ldr, int dfr, VectorTables.State vectors,
            int[] lvt, int esr, int esrPending, int icrLow, int icrHigh, ApicTimer.State timer, boolean lint0,
            boolean lint1, boolean waitForSipi, int sipiVector, int events) {
        public State {
            lvt = lvt.clone();
        }

        @Override
        public int[] lvt() {
            return lvt.clone();
        }
    }

    private final ApicBus bus;
    private final int initialId;
    private final ApicTimer timer;
    private boolean bsp;
    private long apicBase;
    private int id;
    private int tpr;
    private int svr;
    private int ldr;
    private int dfr;
    private final VectorTables vectors = new VectorTables();
    private final int[] lvt = new int[LVT_COUNT];
    private int esr;
    private int esrPending;
    private int icrLow;
    private int icrHigh;
    private boolean lint0;
    private boolean lint1;
    private boolean waitForSipi;
    private int sipiVector;
    private volatile int events;
    private boolean signallingError;
    private InterruptController pic;
    private Runnable wakeup = () -> { };
    private boolean smiLogged;
    private boolean relocationLogged;

    /**
     * A power-on APIC. It receives messages once added to its bus ({@link ApicBus#add}).
     *
     * @param initialId the APIC ID after reset (0-254)
     * @param bsp       whether this is the bootstrap processor's APIC (BSP bit of IA32_APIC_BASE)
     */
    public LocalApic(ApicBus bus, ApicClock clock, int initialId, boolean bsp) {
        this.bus = Objects.requireNonNull(bus, "bus");
        if (initialId < 0 || initialId > 0xfe) throw new IllegalArgumentException("APIC ID " + initialId + " is invalid");
        this.initialId = initialId;
        this.bsp = bsp;
        this.timer = new ApicTimer(this, Objects.requireNonNull(clock, "clock"));
        reset();
    }

    /** Frees the timer (the CPU's unrealize); the APIC must not be used afterwards. */
    public void dispose() {
        bus.remove(this);
        timer.free();
    }

    public ApicBus bus() {
        return bus;
    }

    /** The PIC that answers the INTA cycle for ExtINT (LINT0, or ExtINT messages), or null. */
    public void setPic(InterruptController pic) {
        this.pic = pic;
    }

    InterruptController pic() {
        return pic;
    }

    /** Called (with the global lock held, on any thread) when an event arrives or an interrupt becomes deliverable. */
    public void setWakeup(Runnable wakeup) {
        this.wakeup = wakeup == null ? () -> { } : wakeup;
    }

    // ---- reset ----------------------------------------------------------------------------------------------------

    /** Power-on and machine reset (QEMU's apic_reset_common): enabled at 0xfee00000, the initial ID, INIT state. */
    public void reset() {
        apicBase = DEFAULT_BASE | (bsp ? BASE_BSP : 0) | BASE_ENABLE;
        id = initialId;
        events = 0;
        initReset();
    }

    /**
     * The INIT state (QEMU's apic_init_reset, what an INIT signal does after the core's own INIT handling): every
     * register but IA32_APIC_BASE and the ID returns to its reset value; an AP waits for a SIPI.
     */
    public void initReset() {
        tpr = 0;
        svr = 0xff;
        ldr = 0;
        dfr = 0xf;
        vectors.clear();
        Arrays.fill(lvt, LVT_MASKED);
        esr = 0;
        esrPending = 0;
        icrLow = 0;
        icrHigh = 0;
        timer.reset();
        waitForSipi = !bsp;
        events &= ~EVENT_INIT;
        update();
    }

    /** QEMU's apic_designate_bsp. */
    public void setBsp(boolean bsp) {
        this.bsp = bsp;
        apicBase = bsp ? apicBase | BASE_BSP : apicBase & ~BASE_BSP;
    }

    // ---- MSRs and CR8 ---------------------------------------------------------------------------------------------

    public long readApicBase() {
        return apicBase;
    }

    /**
     * WRMSR IA32_APIC_BASE: the base address is recorded; the BSP bit is read-only; clearing the enable bit disables
     * the APIC for good (until reset), setting it again has no effect (QEMU's apic_set_base). Reserved bits are
     * ignored.
     */
    public void writeApicBase(long value) {
        apicBase = (value & BASE_ADDRESS_MASK) | (apicBase & (BASE_BSP | BASE_ENABLE));
        if ((value & BASE_ENABLE) == 0 && (apicBase & BASE_ENABLE) != 0) {
            apicBase &= ~BASE_ENABLE;
            svr &= ~SVR_ENABLE;
            maskAllLvts();
        }
        if ((apicBase & BASE_ADDRESS_MASK) != DEFAULT_BASE && !relocationLogged) {
            relocationLogged = true;
            LOG.warn("local APIC {}: relocation to {} is not supported; its registers stay at 0xfee00000", id,
                    Long.toHexString(apicBase & BASE_ADDRESS_MASK));
        }
        update();
    }

    /** RDMSR IA32_TSC_DEADLINE: the armed deadline, 0 when none or when the timer is not in TSC-deadline mode. */
    public long readTscDeadline() {
        return timer.tscDeadline();
    }

    /** WRMSR IA32_TSC_DEADLINE: arms (0 disarms) the deadline; ignored unless the timer is in TSC-deadline mode. */
    public void writeTscDeadline(long value) {
        timer.writeTscDeadline(value);
    }

    /** CR8 (64-bit mode): TPR bits 7:4. */
    public int cr8() {
        return tpr >> 4;
    }

    public void setCr8(long value) {
        tpr = ((int) value & 0xf) << 4;
        update();
    }

    // ---- the CPU's side -------------------------------------------------------------------------------------------

    /** The pending events ({@code EVENT_*} bits); a volatile read, cheap enough for every instruction boundary. */
    public int events() {
        return events;
    }

    /** Whether an interrupt waits for the INTA cycle: a vector above the PPR, or the PIC through LINT0/INTR. */
    public boolean hasInterrupt() {
        return (events & EVENT_INTR) != 0;
    }

    /**
     * The INTA cycle (QEMU's cpu_get_pic_interrupt with apic_get_interrupt): the PIC's vector when its interrupt is
     * pending through LINT0 (ExtINT) or the APIC is globally disabled; otherwise the highest deliverable vector, which
     * moves from IRR to ISR; the spurious vector if the pending vector is no longer above the PPR; -1 if nothing is
     * pending.
     */
    public int acknowledge() {
        int vector;
        if (!hardwareEnabled() || extIntPending()) {
            vector = pic == null ? -1 : pic.acknowledge();
        } else {
            vector = pendingVector();
            if (vector == 0) {
                vector = -1;
            } else if (vector < 0) {
                vector = svr & 0xff;
            } else {
                vectors.accept(vector);
            }
        }
        update();
        return vector;
    }

    /** Takes a pending NMI (LINT1, an NMI LVT entry or IPI). */
    public boolean takeNmi() {
        return take(EVENT_NMI);
    }

    /**
     * Takes a pending INIT. The core then does its INIT reset (registers as at power-on but the x87/SSE and MSR state
     * it keeps) and calls {@link #initReset()}; the BSP restarts at the reset vector, an AP waits for a SIPI.
     */
    public boolean takeInit() {
        return take(EVENT_INIT);
    }

    /**
     * Takes a pending SIPI (QEMU's apic_sipi): the start-up vector if the CPU was waiting for one (it then starts at
     * CS = vector << 8, base vector << 12, IP 0), or -1 (none pending, or the CPU was not waiting: ignored).
     */
    public int takeSipi() {
        if (!take(EVENT_SIPI) || !waitForSipi) return -1;
        waitForSipi = false;
        return sipiVector;
    }

    /** Whether this (AP's) CPU is in the wait-for-SIPI state after INIT. */
    public boolean waitingForSipi() {
        return waitForSipi;
    }

    /** The PIC's output (INTR), wired to LINT0. */
    public void setLint0(boolean level) {
        boolean old = lint0;
        lint0 = level;
        if (hardwareEnabled()) lintChanged(LVT_LINT0, old, level);
        update();
    }

    /** The NMI line, wired to LINT1 (a level: pulse it high and low, or use {@link #externalNmi()}). */
    public void setLint1(boolean level) {
        boolean old = lint1;
        lint1 = level;
        if (!hardwareEnabled()) {
            if (level && !old) raise(EVENT_NMI);
        } else {
            lintChanged(LVT_LINT1, old, level);
            update();
        }
    }

    /** An NMI request through LINT1 without a level (QEMU's apic_deliver_nmi: the monitor's "nmi"). */
    public void externalNmi() {
        if (!hardwareEnabled()) {
            raise(EVENT_NMI);
        } else {
            localDeliver(LVT_LINT1);
        }
    }

    // ---- registers ------------------------------------------------------------------------------------------------

    /** A 32-bit register read by index (MMIO offset >> 4). */
    int readRegister(int index) {
        if (!hardwareEnabled()) return 0;
        return switch (index) {
            case REG_ID -> id << 24;
            case REG_VERSION -> VERSION | (LVT_COUNT - 1) << 16;
            case REG_TPR -> tpr;
            case REG_APR, REG_EOI -> 0;
            case REG_PPR -> ppr();
            case REG_LDR -> ldr << 24;
            case REG_DFR -> dfr << 28 | 0x0fff_ffff;
            case REG_SVR -> svr;
            case REG_ESR -> esr;
            case REG_ICR_LOW -> icrLow;
            case REG_ICR_HIGH -> icrHigh;
            case REG_INITIAL_COUNT -> (int) timer.initialCount();
            case REG_CURRENT_COUNT -> (int) timer.currentCount();
            case REG_DIVIDE -> timer.divideConf();
            default -> {
                if (index >= REG_ISR && index < REG_ISR + 8) yield vectors.isrWord(index - REG_ISR);
                if (index >= REG_TMR && index < REG_TMR + 8) yield vectors.tmrWord(index - REG_TMR);
                if (index >= REG_IRR && index < REG_IRR + 8) yield vectors.irrWord(index - REG_IRR);
                if (index >= REG_LVT && index < REG_LVT + LVT_COUNT) yield lvt[index - REG_LVT];
                illegalRegister(index, "read");
                yield 0;
            }
        };
    }

    /** A 32-bit register write by index (MMIO offset >> 4). */
    void writeRegister(int index, int value) {
        if (!hardwareEnabled()) {
            LOG.debug("local APIC {}: register write {} while globally disabled ignored", id, index);
            return;
        }
        switch (index) {
            case REG_ID -> id = value >>> 24;
            case REG_VERSION, REG_APR, REG_PPR, REG_CURRENT_COUNT -> { }
            case REG_TPR -> {
                tpr = value & 0xff;
                update();
            }
            case REG_EOI -> eoi();
            case REG_LDR -> ldr = value >>> 24;
            case REG_DFR -> dfr = value >>> 28;
            case REG_SVR -> writeSvr(value);
            case REG_ESR -> {
                esr = esrPending;
                esrPending = 0;
            }
            case REG_ICR_LOW -> {
                icrLow = value & ICR_LOW_WRITABLE;
                sendIpi();
            }
            case REG_ICR_HIGH -> icrHigh = value & 0xff00_0000;
            case REG_INITIAL_COUNT -> timer.writeInitialCount(value);
            case REG_DIVIDE -> timer.writeDivideConf(value);
            default -> {
                if (index >= REG_LVT && index < REG_LVT + LVT_COUNT) {
                    writeLvt(index - REG_LVT, value);
                } else if (index < REG_ISR || index >= REG_IRR + 8) {
                    illegalRegister(index, "write");
                }
            }
        }
    }

    private void illegalRegister(int index, String access) {
        LOG.debug("local APIC {}: {} of reserved register {} (guest error)", id, access,
                Integer.toHexString(index << 4));
        error(ESR_ILLEGAL_REGISTER);
    }

    private void writeSvr(int value) {
        svr = value & SVR_WRITABLE;
        if ((svr & SVR_ENABLE) == 0) maskAllLvts();
        update();
    }

    private void maskAllLvts() {
        for (int n = 0; n < LVT_COUNT; n++) {
            int old = lvt[n];
            lvt[n] |= LVT_MASKED;
            if (n == LVT_TIMER) timer.lvtChanged(old, lvt[n]);
        }
    }

    private void writeLvt(int n, int value) {
        int old = lvt[n];
        int now = value & LVT_WRITABLE[n];
        if ((svr & SVR_ENABLE) == 0) now |= LVT_MASKED;
        lvt[n] = now;
        if (n == LVT_TIMER) {
            timer.lvtChanged(old, now);
        } else if ((n == LVT_LINT0 && lint0 || n == LVT_LINT1 && lint1) && (now & LVT_MASKED) == 0 && old != now) {
            localDeliver(n); // the line is high: the newly programmed entry sees it (QEMU's apic_check_pic)
        }
        update();
    }

    int timerLvt() {
        return lvt[LVT_TIMER];
    }

    void timerFired() {
        localDeliver(LVT_TIMER);
    }

    // ---- priorities -----------------------------------------------------------------------------------------------

    boolean hardwareEnabled() {
        return (apicBase & BASE_ENABLE) != 0;
    }

    private boolean softwareEnabled() {
        return (svr & SVR_ENABLE) != 0;
    }

    int id() {
        return id;
    }

    /** PPR: the TPR, or the class of the highest in-service vector if that is higher. */
    int ppr() {
        int isrv = Math.max(vectors.highestInService(), 0) & 0xf0;
        return (tpr >> 4) >= (isrv >> 4) ? tpr : isrv;
    }

    /** QEMU's apic_irq_pending: the deliverable vector, 0 for none, -1 if the highest is not above the PPR. */
    private int pendingVector() {
        if (!softwareEnabled()) return 0;
        int irrv = vectors.highestRequested();
        if (irrv < 0) return 0;
        int ppr = ppr();
        return ppr != 0 && (irrv & 0xf0) <= (ppr & 0xf0) ? -1 : irrv;
    }

    private boolean extIntPending() {
        int entry = lvt[LVT_LINT0];
        return lint0 && (entry & LVT_MASKED) == 0 && mode(entry) == DM_EXTINT;
    }

    /** Recomputes the INTR event; wakes the CPU when an interrupt became deliverable. */
    private void update() {
        boolean intr = hardwareEnabled() ? extIntPending() || pendingVector() > 0 : lint0;
        int old = events;
        events = intr ? old | EVENT_INTR : old & ~EVENT_INTR;
        if (intr && (old & EVENT_INTR) == 0) wakeup.run();
    }

    private void raise(int event) {
        events |= event;
        wakeup.run();
    }

    private boolean take(int event) {
        int e = events;
        if ((e & event) == 0) return false;
        events = e & ~event;
        return true;
    }

    private void eoi() {
        int ended = vectors.endOfInterrupt();
        if (ended < 0) return;
        if (ended > 0xff) bus.eoiBroadcast(ended & 0xff);
        update();
    }

    // ---- deliveries -----------------------------------------------------------------------------------------------

    private static int mode(int entry) {
        return (entry >> 8) & 7;
    }

    private void lintChanged(int n, boolean old, boolean level) {
        int entry = lvt[n];
        if ((entry & LVT_MASKED) != 0) return;
        if (mode(entry) == DM_FIXED && (entry & LVT_LEVEL) != 0) {
            if (level) {
                localDeliver(n);
            } else {
                vectors.withdraw(entry & 0xff);
            }
        } else if (level && !old) {
            localDeliver(n);
        }
    }

    /** QEMU's apic_local_deliver: what an LVT entry's source does when it fires. */
    private void localDeliver(int n) {
        int entry = lvt[n];
        if ((entry & LVT_MASKED) != 0) return;
        switch (mode(entry)) {
            case DM_FIXED -> {
                boolean level = (n == LVT_LINT0 || n == LVT_LINT1) && (entry & LVT_LEVEL) != 0;
                acceptInterrupt(entry & 0xff, level);
            }
            case DM_NMI -> raise(EVENT_NMI);
            case DM_INIT -> raise(EVENT_INIT);
            case DM_SMI -> smiUnsupported();
            case DM_EXTINT -> update(); // the PIC's output is taken into account by update()
            default -> LOG.debug("local APIC {}: LVT {} has reserved delivery mode {} (guest error)", id, n,
                    mode(entry));
        }
    }

    /** QEMU's apic_set_irq: a fixed interrupt arrives. */
    void acceptInterrupt(int vector, boolean level) {
        if (vector < 16) {
            error(ESR_RECEIVE_ILLEGAL_VECTOR);
            return;
        }
        vectors.request(vector, level);
        update();
    }

    void acceptNmi() {
        raise(EVENT_NMI);
    }

    void acceptInit() {
        raise(EVENT_INIT);
    }

    /** QEMU's apic_startup: a SIPI arrives; the CPU takes it only while waiting for one. */
    void acceptStartup(int vector) {
        sipiVector = vector & 0xff;
        raise(EVENT_SIPI);
    }

    void smiUnsupported() {
        if (!smiLogged) {
            smiLogged = true;
            LOG.warn("local APIC {}: SMI delivery is not supported (no SMM); ignored", id);
        }
    }

    /** Whether a logical destination (MDA) addresses this APIC: flat model (DFR 0xf) or cluster model (DFR 0). */
    boolean matchesLogical(int dest) {
        if (dest == 0xff) return true;
        if (dfr == 0xf) return (dest & ldr) != 0;
        if (dfr == 0) return (dest & 0xf0) == (ldr & 0xf0) && (dest & ldr & 0x0f) != 0;
        return false;
    }

    private void sendIpi() {
        int vector = icrLow & 0xff;
        int mode = mode(icrLow);
        boolean level = (icrLow & (1 << 14)) != 0;
        boolean trigger = (icrLow & (1 << 15)) != 0;
        if (mode == DM_INIT && !level && trigger) return; // INIT level de-assert: only arbitration IDs (not modelled)
        if ((mode == DM_FIXED || mode == DM_LOWEST) && vector < 16) {
            error(ESR_SEND_ILLEGAL_VECTOR);
            return;
        }
        int shorthand = (icrLow >>> 18) & 3;
        bus.deliver(this, shorthand, icrHigh >>> 24, (icrLow >>> 11) & 1, mode, vector, trigger);
    }

    /** Records an error for the next ESR write and signals it through the error LVT entry. */
    private void error(int bit) {
        esrPending |= bit;
        if (signallingError) return; // an illegal vector in the error entry itself
        signallingError = true;
        localDeliver(LVT_ERROR);
        signallingError = false;
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    public State snapshot() {
        return new State(apicBase, id, tpr, svr, ldr, dfr, vectors.state(), lvt, esr, esrPending, icrLow, icrHigh,
                timer.state(), lint0, lint1, waitForSipi, sipiVector, events);
    }

    public void restore(State s) {
        apicBase = (s.apicBase() & (BASE_ADDRESS_MASK | BASE_ENABLE)) | (bsp ? BASE_BSP : 0);
        id = s.id() & 0xff;
        tpr = s.tpr() & 0xff;
        svr = s.svr() & SVR_WRITABLE;
        ldr = s.ldr() & 0xff;
        dfr = s.dfr() & 0xf;
        vectors.restore(s.vectors());
        int[] l = s.lvt();
        for (int n = 0; n < LVT_COUNT; n++) lvt[n] = n < l.length ? l[n] & LVT_WRITABLE[n] : LVT_MASKED;
        esr = s.esr() & ESR_BITS;
        esrPending = s.esrPending() & ESR_BITS;
        icrLow = s.icrLow() & ICR_LOW_WRITABLE;
        icrHigh = s.icrHigh() & 0xff00_0000;
        timer.restore(s.timer());
        lint0 = s.lint0();
        lint1 = s.lint1();
        waitForSipi = s.waitForSipi();
        sipiVector = s.sipiVector() & 0xff;
        events = s.events() & (EVENT_NMI | EVENT_INIT | EVENT_SIPI);
        update();
        if (events != 0) wakeup.run();
    }

    @Override
    public String toString() {
        return "local APIC " + id;
    }
}
