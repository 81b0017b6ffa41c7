package org.jemu.cpu.x86.internal.mmu;

import org.jemu.memory.AddressSpace;

/**
 * The x86 page walker (QEMU's mmu_translate): translates a linear address for one access through the paging
 * structures in guest-physical memory, checking presence, reserved bits and permissions, setting Accessed bits on
 * every entry it uses and the Dirty bit of the leaf on a write (written back with a 4-byte store of the entry's low
 * half). Failures throw {@link CpuException#pf} with the SDM error code.
 *
 * <p>Holds the control state it walks with ({@link #setMode}, {@link #setCr3}, the PAE PDPTE registers); results of
 * the last successful walk are left in fields ({@link #physPage()}, {@link #pageSize()}, {@link #prot()},
 * {@link #global()}) so a walk allocates nothing. Not thread-safe: one per vCPU.
 */
public final class PageWalker {

    public static final int ACCESS_READ = 0;
    public static final int ACCESS_WRITE = 1;
    public static final int ACCESS_EXEC = 2;

    /** Page-fault error code: the page was present (protection violation). */
    public static final int PF_P = 1;
    /** Page-fault error code: the access was a write. */
    public static final int PF_W = 2;
    /** Page-fault error code: the access was a user-mode access. */
    public static final int PF_U = 4;
    /** Page-fault error code: a reserved bit was set in a paging-structure entry. */
    public static final int PF_RSVD = 8;
    /** Page-fault error code: the access was an instruction fetch (only with NXE or SMEP). */
    public static final int PF_ID = 16;

    /** Permission bits of {@link #prot()}. */
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;

    static final long PTE_P = 1;
    static final long PTE_RW = 1 << 1;
    static final long PTE_US = 1 << 2;
    static final long PTE_A = 1 << 5;
    static final long PTE_D = 1 << 6;
    static final long PTE_PS = 1 << 7;
    static final long PTE_G = 1 << 8;
    static final long PTE_NX = 1L << 63;
    /** PAE PDPTE bits that must be zero besides the address bits above MAXPHYADDR: 2:1, 8:5, 63. */
    static final long PDPTE_RSVD = 0x1e6L | PTE_NX;
    private static final long PAGE_MASK = ~0xfffL;

    private final AddressSpace space;
    private final int physBits;
    /** Bits 51..physBits: reserved in every PAE / 4-level entry. */
    private final long rsvdHigh;
    /** Bits physBits-1..12: the address bits of a PAE / 4-level entry. */
    private final long addrMask;

    private PagingMode mode = PagingMode.RESET;
    private PagingMode.Kind kind = PagingMode.Kind.NONE;
    private boolean nxe;
    private boolean wp;
    private boolean pse;
    private boolean pge;
    private boolean smep;
    private boolean reportId;
    private long cr3;
    private final long[] pdpte = new long[4];
    private long a20Mask = -1L;

    private long physPage;
    private long pageSize;
    private int prot;
    private boolean global;

    /**
     * @param space    the guest-physical address space the paging structures live in
     * @param physBits MAXPHYADDR, 32..52 (QEMU's default phys-bits is 40)
     */
    public PageWalker(AddressSpace space, int physBits) {
        if (physBits < 32 || physBits > 52) throw new IllegalArgumentException("physBits must be 32..52, got " + physBits);
        this.space = space;
        this.physBits = physBits;
        this.rsvdHigh = ((1L << 52) - 1) & ~((1L << physBits) - 1);
        this.addrMask = ((1L << physBits) - 1) & PAGE_MASK;
    }

    public AddressSpace space() {
        return space;
    }

    public int physBits() {
        return physBits;
    }

    public PagingMode mode() {
        return mode;
    }

    public void setMode(PagingMode m) {
        mode = m;
        kind = m.kind();
        nxe = m.nxe();
        wp = m.wp();
        pse = m.pse();
        pge = m.pge();
        smep = m.smep();
        reportId = m.reportsInstructionFetch();
    }

    public long cr3() {
        return cr3;
    }

    /** Sets CR3 without touching the PDPTE registers (see {@link #loadPdptes}). */
    public void setCr3(long value) {
        cr3 = value;
    }

    /** The address mask applied to every physical address (bit 20 cleared while the A20 gate is closed). */
    public void setA20Mask(long mask) {
        a20Mask = mask;
    }

    public long a20Mask() {
        return a20Mask;
    }

    /**
     * Loads the four PAE PDPTE registers from the 32-byte aligned table at {@code cr3} (what MOV to CR3 and paging
     * mode changes into PAE paging do). A present PDPTE with a reserved bit set is a #GP(0) and leaves the registers
     * unchanged.
     */
    public void loadPdptes(long cr3Value) {
        long base = cr3Value & 0xffff_ffe0L;
        long e0 = readEntry(base, 8), e1 = readEntry(base + 8, 8), e2 = readEntry(base + 16, 8), e3 = readEntry(base + 24, 8);
        long rsvd = rsvdHigh | PDPTE_RSVD;
        if (((e0 & PTE_P) != 0 && (e0 & rsvd) != 0) || ((e1 & PTE_P) != 0 && (e1 & rsvd) != 0)
                || ((e2 & PTE_P) != 0 && (e2 & rsvd) != 0) || ((e3 & PTE_P) != 0 && (e3 & rsvd) != 0)) {
            throw CpuException.gp0();
        }
        pdpte[0] = e0;
        pdpte[1] = e1;
        pdpte[2] = e2;
        pdpte[3] = e3;
    }

    /** PDPTE register {@code i} (0..3). */
    public long pdpte(int i) {
        return pdpte[i];
    }

    /** Sets a PDPTE register directly (state import); no checks. */
    public void setPdpte(int i, long value) {
        pdpte[i] = value;
    }

    // ---- results of the last walk ---------------------------------------------------------------------------------

    /** Guest-physical address of the 4 KiB page holding the walked linear address. */
    public long physPage() {
        return physPage;
    }

    /** Size of the page that mapped it: 4 KiB, 2 MiB, 4 MiB or 1 GiB (4 KiB when paging is off). */
    public long pageSize() {
        return pageSize;
    }

    /** {@code PROT_*} bits the mapping grants to the privilege of the walk (write only once the page is dirty). */
    public int prot() {
        return prot;
    }

    /** Whether the mapping is global (G set in the leaf and CR4.PGE on). */
    public boolean global() {
        return global;
    }

    // ---- the walk ---------------------------------------------------------------------------------------------------

    /**
     * Translates {@code linear} for an {@code ACCESS_*} access; {@code user} for a CPL-3 access that is not an
     * implicit supervisor access (descriptor tables, TSS). On success the results are in the accessors above.
     *
     * @throws CpuException #PF with the SDM error code (CR2 in {@link CpuException#faultAddress()})
     */
    public void walk(long linear, int access, boolean user) {
        switch (kind) {
            case NONE -> {
                physPage = linear & 0xffff_f000L & a20Mask;
                pageSize = 4096;
                prot = PROT_READ | PROT_WRITE | PROT_EXEC;
                global = false;
            }
            case LEGACY -> walkLegacy(linear, access, user);
            case PAE -> walkPae(linear, access, user);
            case LONG -> walkLong(linear, access, user);
        }
    }

    private void walkLegacy(long linear, int access, boolean user) {
        long pdeAddr = ((cr3 & 0xffff_f000L) | ((linear >>> 20) & 0xffc)) & a20Mask;
        long pde = readEntry(pdeAddr, 4);
        if ((pde & PTE_P) == 0) throw notPresent(linear, access, user);
        if (pse && (pde & PTE_PS) != 0) {
            // 4 MiB page; PSE-36: PDE bits 20:13 are physical address bits 39:32, bit 21 is reserved
            long rsvd = (1L << 21) | (physBits >= 40 ? 0 : (0xffL << 13) & ~(((1L << (physBits - 32)) - 1) << 13));
            if ((pde & rsvd) != 0) throw reserved(linear, access, user);
            long base = (pde & 0xffc0_0000L) | (((pde >>> 13) & 0xffL) << 32);
            finish(linear, access, user, pdeAddr, pde, pde & (PTE_RW | PTE_US), false, base, 4L << 20);
            return;
        }
        setAccessed(pdeAddr, pde);
        long pteAddr = ((pde & 0xffff_f000L) | ((linear >>> 10) & 0xffc)) & a20Mask;
        long pte = readEntry(pteAddr, 4);
        if ((pte & PTE_P) == 0) throw notPresent(linear, access, user);
        finish(linear, access, user, pteAddr, pte, pde & pte & (PTE_RW | PTE_US), false, pte & 0xffff_f000L, 4096);
    }

    private void walkPae(long linear, int access, boolean user) {
        long rsvd = rsvdHigh | (nxe ? 0 : PTE_NX);
        long pdp = pdpte[(int) ((linear >>> 30) & 3)];
        if ((pdp & PTE_P) == 0) throw notPresent(linear, access, user);
        walkDirectory(linear, access, user, pdp, PTE_RW | PTE_US, false, rsvd);
    }

    private void walkLong(long linear, int access, boolean user) {
        long rsvd = rsvdHigh | (nxe ? 0 : PTE_NX);
        long pml4Addr = ((cr3 & addrMask) | ((linear >>> 36) & 0xff8)) & a20Mask;
        long pml4e = readEntry(pml4Addr, 8);
        if ((pml4e & PTE_P) == 0) throw notPresent(linear, access, user);
        if ((pml4e & (rsvd | PTE_PS)) != 0) throw reserved(linear, access, user);
        setAccessed(pml4Addr, pml4e);
        long perm = pml4e & (PTE_RW | PTE_US);
        boolean nx = nxe && (pml4e & PTE_NX) != 0;

        long pdpAddr = ((pml4e & addrMask) | ((linear >>> 27) & 0xff8)) & a20Mask;
        long pdp = readEntry(pdpAddr, 8);
        if ((pdp & PTE_P) == 0) throw notPresent(linear, access, user);
        if ((pdp & rsvd) != 0) throw reserved(linear, access, user);
        perm &= pdp;
        nx |= nxe && (pdp & PTE_NX) != 0;
        if ((pdp & PTE_PS) != 0) {
            // 1 GiB page: bits 29:13 reserved
            if ((pdp & 0x3fff_e000L) != 0) throw reserved(linear, access, user);
            finish(linear, access, user, pdpAddr, pdp, perm, nx, pdp & addrMask & ~0x3fff_ffffL, 1L << 30);
            return;
        }
        setAccessed(pdpAddr, pdp);
        walkDirectory(linear, access, user, pdp, perm, nx, rsvd);
    }

    /** The page-directory and page-table levels shared by PAE and 4-level paging. */
    private void walkDirectory(long linear, int access, boolean user, long parent, long perm, boolean nx, long rsvd) {
        long pdeAddr = ((parent & addrMask) | ((linear >>> 18) & 0xff8)) & a20Mask;
        long pde = readEntry(pdeAddr, 8);
        if ((pde & PTE_P) == 0) throw notPresent(linear, access, user);
        if ((pde & rsvd) != 0) throw reserved(linear, access, user);
        perm &= pde;
        nx |= nxe && (pde & PTE_NX) != 0;
        if ((pde & PTE_PS) != 0) {
            // 2 MiB page: bits 20:13 reserved
            if ((pde & 0x1f_e000L) != 0) throw reserved(linear, access, user);
            finish(linear, access, user, pdeAddr, pde, perm, nx, pde & addrMask & ~0x1f_ffffL, 2L << 20);
            return;
        }
        setAccessed(pdeAddr, pde);
        long pteAddr = ((pde & addrMask) | ((linear >>> 9) & 0xff8)) & a20Mask;
        long pte = readEntry(pteAddr, 8);
        if ((pte & PTE_P) == 0) throw notPresent(linear, access, user);
        if ((pte & rsvd) != 0) throw reserved(linear, access, user);
        perm &= pte;
        nx |= nxe && (pte & PTE_NX) != 0;
        finish(linear, access, user, pteAddr, pte, perm, nx, pte & addrMask, 4096);
    }

    /**
     * Applies the permission rules to the combined R/W and U/S bits of all levels, sets Accessed (and Dirty for a
     * write) in the leaf and publishes the result.
     */
    private void finish(long linear, int access, boolean user, long leafAddr, long leaf, long perm, boolean nx,
                        long base, long size) {
        boolean us = (perm & PTE_US) != 0;
        boolean rw = (perm & PTE_RW) != 0;
        int p;
        if (user) {
            p = us ? PROT_READ | (rw ? PROT_WRITE : 0) | (nx ? 0 : PROT_EXEC) : 0;
        } else {
            p = PROT_READ | (rw || !wp ? PROT_WRITE : 0) | (nx || (smep && us) ? 0 : PROT_EXEC);
        }
        int need = access == ACCESS_WRITE ? PROT_WRITE : access == ACCESS_EXEC ? PROT_EXEC : PROT_READ;
        if ((p & need) == 0) throw CpuException.pf(linear, PF_P | errorBits(access, user));
        long set = PTE_A | (access == ACCESS_WRITE ? PTE_D : 0);
        if ((leaf & set) != set) {
            leaf |= set;
            space.write(leafAddr, 4, leaf & 0xffff_ffffL);
        }
        // a clean page is not writable through the TLB, so the first write walks again and sets Dirty
        if ((leaf & PTE_D) == 0) p &= ~PROT_WRITE;
        physPage = (base | (linear & (size - 1) & PAGE_MASK)) & a20Mask;
        pageSize = size;
        prot = p;
        global = pge && (leaf & PTE_G) != 0;
    }

    private long readEntry(long address, int size) {
        long v = space.read(address, size);
        return size == 4 ? v & 0xffff_ffffL : v;
    }

    private void setAccessed(long address, long entry) {
        if ((entry & PTE_A) == 0) space.write(address, 4, (entry | PTE_A) & 0xffff_ffffL);
    }

    private int errorBits(int access, boolean user) {
        int e = user ? PF_U : 0;
        if (access == ACCESS_WRITE) e |= PF_W;
        else if (access == ACCESS_EXEC && reportId) e |= PF_ID;
        return e;
    }

    private CpuException notPresent(long linear, int access, boolean user) {
        return CpuException.pf(linear, errorBits(access, user));
    }

    private CpuException reserved(long linear, int access, boolean user) {
        return CpuException.pf(linear, PF_P | PF_RSVD | errorBits(access, user));
    }
}
