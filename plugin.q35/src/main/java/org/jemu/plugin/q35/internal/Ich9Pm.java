package org.jemu.plugin.q35.internal;

import org.jemu.core.acpi.AcpiPmRegisters;
import org.jemu.core.qdev.IrqLine;
import org.jemu.core.qdev.SystemControl;
import org.jemu.memory.AccessConstraints;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;

/**
 * The power management I/O block of the ICH9 LPC bridge (QEMU 7.2's hw/acpi/ich9.c, ICH9LPCPMRegs): 128 ports at the
 * base the bridge's PMBASE and ACPI_CNTL give, holding the ACPI fixed hardware ({@link AcpiPmRegisters}: PM1 event at
 * +{@value #PM1_STS}, PM1 control at +{@value #PM1_CNT}, PM timer at +{@value #PM1_TMR}, a {@value #GPE0_LEN}-byte GPE0
 * block at +{@value #GPE0_STS}) and the SMI control registers SMI_EN (+{@value #SMI_EN}) and SMI_STS
 * (+{@value #SMI_STS}), dword registers (other access sizes are invalid, as in QEMU).
 *
 * <ul>
 * <li>The block is decoded while its base is not 0 (QEMU's ich9_pm_iospace_update); the bridge passes 0 while
 *     ACPI_EN is clear.</li>
 * <li>SMI_EN: all 32 bits stored; once the bridge's GEN_PMCON_1 SMI_LOCK is set, GBL_SMI_EN (bit 0) keeps its value
 *     until reset. SMI_STS reads 0: nothing modelled sets a status (it is read-only in QEMU 7.2, set only by the TCO
 *     watchdog).</li>
 * <li>Reset (QEMU's pm_reset): block disabled, ACPI registers reset, SMI_EN 0 except APMC_EN (bit 5) when the machine
 *     has no SMM ("Mark SMM as already inited", so firmware skips its SMM setup), SMI_EN fully writable again.</li>
 * </ul>
 *
 * <p>Not modelled: the TCO watchdog (+{@value #TCO_BASE}, 32 ports: left unassigned, so the guest reads open bus;
 * QEMU's enable_tco), the SWSMI and periodic SMI timers of later QEMU versions, the power button (no host event
 * reaches it), CPU, memory and ACPI PCI hotplug.
 */
final class Ich9Pm {

    static final int SIZE = 128;
    static final int PM1_STS = AcpiPmRegisters.PM1_EVT;
    static final int PM1_CNT = AcpiPmRegisters.PM1_CNT;
    static final int PM1_TMR = AcpiPmRegisters.PM_TMR;
    static final int GPE0_STS = 0x20;
    /** QEMU's ICH9_PMIO_GPE0_LEN: 8 status bytes, then 8 enable bytes. */
    static final int GPE0_LEN = 16;
    static final int SMI_EN = 0x30;
    static final int SMI_STS = 0x34;
    static final int SMI_LEN = 8;
    static final int TCO_BASE = 0x60;
    static final int SMI_EN_GBL_SMI_EN = 1;
    static final int SMI_EN_APMC_EN = 1 << 5;

    /**
     * The saved state.
     *
     * @param acpi      the ACPI fixed hardware registers
     * @param smiEn     SMI_EN
     * @param smiSts    SMI_STS
     * @param smiLocked GBL_SMI_EN is locked (SMI_LOCK was set since the last reset)
     */
    record State(AcpiPmRegisters.State acpi, int smiEn, int smiSts, boolean smiLocked) {
    }

    private final AcpiPmRegisters acpi;
    private final boolean smmEnabled;
    private final MemoryRegion io;
    private int smiEn;
    private int smiSts;
    private boolean smiLocked;

    /**
     * Builds the block (disabled) and its registers in their reset state; nothing is mapped yet.
     *
     * @param owner      the owning device, for the regions
     * @param sci        where the SCI goes (the bridge routes it to a GSI)
     * @param system     clock, timers and shutdown requests
     * @param s4Value    the SLP_TYP of S4
     * @param acpiOnly   SCI_EN hard-wired on (no SMM and not smm-compat)
     * @param smmEnabled the machine has SMM (off: APMC_EN set at reset)
     */
    Ich9Pm(Object owner, IrqLine sci, SystemControl system, int s4Value, boolean acpiOnly, boolean smmEnabled) {
        this.smmEnabled = smmEnabled;
        acpi = new AcpiPmRegisters(sci, system, GPE0_LEN, s4Value, acpiOnly);
        io = MemoryRegion.container("ich9-pm", SIZE).setOwner(owner);
        add(owner, PM1_TMR, "acpi-tmr", AcpiPmRegisters.PM_TMR_LEN, acpi.timerBlock());
        add(owner, PM1_STS, "acpi-evt", AcpiPmRegisters.PM1_EVT_LEN, acpi.eventBlock());
        add(owner, PM1_CNT, "acpi-cnt", AcpiPmRegisters.PM1_CNT_LEN, acpi.controlBlock());
        add(owner, GPE0_STS, "acpi-gpe0", GPE0_LEN, acpi.gpeBlock());
        add(owner, SMI_EN, "acpi-smi", SMI_LEN, new SmiOps());
        io.setEnabled(false);
        resetSmi();
    }

    private void add(Object owner, int offset, String name, int length, MemoryRegionOps ops) {
        io.addSubregion(offset, MemoryRegion.io(name, length, ops).setOwner(owner));
    }

    /** Puts the block into {@code space} (disabled until a base is set) at {@code priority}. */
    void map(MemoryRegion space, int priority) {
        space.addSubregionOverlap(0, io, priority);
    }

    /** Takes the block out of its space and stops the timer for good. */
    void unmap() {
        if (io.container() != null) io.container().removeSubregion(io);
        acpi.free();
    }

    /** QEMU's ich9_pm_iospace_update: the block at {@code base} (128-byte aligned), decoded unless 0. */
    void setBase(int base) {
        io.setAddress(base);
        io.setEnabled(base != 0);
    }

    /** The current base, 0 while not decoded. */
    int base() {
        return io.isEnabled() ? (int) io.address() : 0;
    }

    /** The ACPI fixed hardware registers (APM commands, tests). */
    AcpiPmRegisters acpi() {
        return acpi;
    }

    int smiEn() {
        return smiEn;
    }

    /** GEN_PMCON_1's SMI_LOCK was set: GBL_SMI_EN keeps its value until reset (QEMU's smi_en_wmask). */
    void lockGlobalSmiEnable() {
        smiLocked = true;
    }

    /** QEMU's pm_reset (the bridge disables the block through {@link #setBase}). */
    void reset() {
        acpi.reset();
        resetSmi();
    }

    private void resetSmi() {
        smiEn = smmEnabled ? 0 : SMI_EN_APMC_EN;
        smiSts = 0;
        smiLocked = false;
    }

    State state() {
        return new State(acpi.state(), smiEn, smiSts, smiLocked);
    }

    void restore(State s) {
        smiEn = s.smiEn();
        smiSts = s.smiSts();
        smiLocked = s.smiLocked();
        acpi.restore(s.acpi());
    }

    /** SMI_EN at 0, SMI_STS at 4 (QEMU's ich9_smi_ops: dword accesses only). */
    private final class SmiOps implements MemoryRegionOps {
        @Override
        public long read(long offset, int size) {
            return offset == 0 ? smiEn & 0xffff_ffffL : offset == 4 ? smiSts & 0xffff_ffffL : 0;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset != 0) return; // SMI_STS is read-only
            int mask = smiLocked ? ~SMI_EN_GBL_SMI_EN : -1;
            smiEn = (smiEn & ~mask) | ((int) value & mask);
        }

        @Override
        public AccessConstraints valid() {
            return AccessConstraints.exactly(4);
        }
    }
}
