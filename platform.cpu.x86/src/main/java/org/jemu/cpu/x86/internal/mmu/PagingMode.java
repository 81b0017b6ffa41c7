package org.jemu.cpu.x86.internal.mmu;

/**
 * The paging-relevant control state (CR0, CR4, IA32_EFER), decoded once per control-register write so that a page
 * walk reads plain booleans. CR3 is not part of it: a CR3 load changes the tables, not the rules.
 *
 * @param cr0  CR0 (PE bit 0, WP bit 16, PG bit 31 are used)
 * @param cr4  CR4 (PSE bit 4, PAE bit 5, PGE bit 7, SMEP bit 20 are used)
 * @param efer IA32_EFER (LMA bit 10, NXE bit 11 are used)
 */
public record PagingMode(long cr0, long cr4, long efer) {

    public static final long CR0_PE = 1L;
    public static final long CR0_WP = 1L << 16;
    public static final long CR0_PG = 1L << 31;
    public static final long CR4_PSE = 1L << 4;
    public static final long CR4_PAE = 1L << 5;
    public static final long CR4_PGE = 1L << 7;
    public static final long CR4_SMEP = 1L << 20;
    public static final long CR4_SMAP = 1L << 21;
    public static final long EFER_LME = 1L << 8;
    public static final long EFER_LMA = 1L << 10;
    public static final long EFER_NXE = 1L << 11;

    /** Paging structures in use. */
    public enum Kind {
        /** CR0.PG = 0: linear = physical. */
        NONE,
        /** 32-bit paging: two levels of 4-byte entries, 4 MiB pages with CR4.PSE. */
        LEGACY,
        /** PAE paging: four PDPTEs, then two levels of 8-byte entries, 2 MiB pages. */
        PAE,
        /** 4-level paging (IA-32e): 48-bit linear addresses, 2 MiB and 1 GiB pages. */
        LONG
    }

    /** Paging off, real mode. */
    public static final PagingMode RESET = new PagingMode(0x60000010L, 0, 0);

    public Kind kind() {
        if ((cr0 & CR0_PG) == 0) return Kind.NONE;
        if ((cr4 & CR4_PAE) == 0) return Kind.LEGACY;
        return (efer & EFER_LMA) != 0 ? Kind.LONG : Kind.PAE;
    }

    public boolean paging() {
        return (cr0 & CR0_PG) != 0;
    }

    public boolean wp() {
        return (cr0 & CR0_WP) != 0;
    }

    public boolean pse() {
        return (cr4 & CR4_PSE) != 0;
    }

    public boolean pge() {
        return (cr4 & CR4_PGE) != 0;
    }

    public boolean smep() {
        return (cr4 & CR4_SMEP) != 0;
    }

    /** Whether the XD bit is honoured; it only exists in PAE and 4-level entries. */
    public boolean nxe() {
        return (efer & EFER_NXE) != 0 && (cr4 & CR4_PAE) != 0;
    }

    public boolean longMode() {
        return (efer & EFER_LMA) != 0;
    }

    /** Whether a page fault on an instruction fetch reports I/D (SDM 4.7: NXE with PAE/4-level paging, or SMEP). */
    public boolean reportsInstructionFetch() {
        return nxe() || smep();
    }
}
