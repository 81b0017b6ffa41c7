package org.jemu.cpu.x86.internal.mmu;

/**
 * A guest exception raised by CPU code (QEMU's raise_exception_err): the vector, the error code pushed for it (or
 * {@link #NO_ERROR_CODE}) and, for a page fault, the faulting linear address that goes to CR2. Unchecked so that the
 * memory accessors can throw it from deep inside an instruction; the interpreter catches it at the instruction
 * boundary and delivers the exception. Carries no stack trace, so throwing costs little more than an allocation.
 */
public final class CpuException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final int DE = 0;
    public static final int DB = 1;
    public static final int NMI = 2;
    public static final int BP = 3;
    public static final int OF = 4;
    public static final int BR = 5;
    public static final int UD = 6;
    public static final int NM = 7;
    public static final int DF = 8;
    public static final int TS = 10;
    public static final int NP = 11;
    public static final int SS = 12;
    public static final int GP = 13;
    public static final int PF = 14;
    public static final int MF = 16;
    public static final int AC = 17;
    public static final int MC = 18;
    public static final int XM = 19;

    /** The error code of an exception that pushes none. */
    public static final int NO_ERROR_CODE = -1;

    private static final String[] MNEMONICS = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "#09",
        "#TS", "#NP", "#SS", "#GP", "#PF", "#15", "#MF", "#AC", "#MC", "#XM"};

    private final int vector;
    private final int errorCode;
    private final long faultAddress;

    private CpuException(int vector, int errorCode, long faultAddress) {
        super(null, null, false, false);
        this.vector = vector;
        this.errorCode = errorCode;
        this.faultAddress = faultAddress;
    }

    /** An exception with the given vector and error code ({@link #NO_ERROR_CODE} for none). */
    public static CpuException of(int vector, int errorCode) {
        return new CpuException(vector, errorCode, 0);
    }

    /** Divide error. */
    public static CpuException de() {
        return new CpuException(DE, NO_ERROR_CODE, 0);
    }

    /** Debug exception. */
    public static CpuException db() {
        return new CpuException(DB, NO_ERROR_CODE, 0);
    }

    /** Breakpoint (INT3). */
    public static CpuException bp() {
        return new CpuException(BP, NO_ERROR_CODE, 0);
    }

    /** Overflow (INTO). */
    public static CpuException of() {
        return new CpuException(OF, NO_ERROR_CODE, 0);
    }

    /** BOUND range exceeded. */
    public static CpuException br() {
        return new CpuException(BR, NO_ERROR_CODE, 0);
    }

    /** Invalid opcode. */
    public static CpuException ud() {
        return new CpuException(UD, NO_ERROR_CODE, 0);
    }

    /** Device not available. */
    public static CpuException nm() {
        return new CpuException(NM, NO_ERROR_CODE, 0);
    }

    /** Double fault; its error code is always 0. */
    public static CpuException df() {
        return new CpuException(DF, 0, 0);
    }

    /** Invalid TSS with a selector error code. */
    public static CpuException ts(int errorCode) {
        return new CpuException(TS, errorCode, 0);
    }

    /** Segment not present with a selector error code. */
    public static CpuException np(int errorCode) {
        return new CpuException(NP, errorCode, 0);
    }

    /** Stack-segment fault with a selector error code (0 for limit and canonical violations). */
    public static CpuException ss(int errorCode) {
        return new CpuException(SS, errorCode, 0);
    }

    /** General protection fault with a selector error code (0 for most checks). */
    public static CpuException gp(int errorCode) {
        return new CpuException(GP, errorCode, 0);
    }

    /** General protection fault with error code 0. */
    public static CpuException gp0() {
        return new CpuException(GP, 0, 0);
    }

    /** Page fault at {@code linear} (for CR2) with the {@link PageWalker} {@code PF_*} error code bits. */
    public static CpuException pf(long linear, int errorCode) {
        return new CpuException(PF, errorCode, linear);
    }

    /** x87 floating-point error. */
    public static CpuException mf() {
        return new CpuException(MF, NO_ERROR_CODE, 0);
    }

    /** Alignment check; its error code is always 0. */
    public static CpuException ac() {
        return new CpuException(AC, 0, 0);
    }

    /** Machine check. */
    public static CpuException mc() {
        return new CpuException(MC, NO_ERROR_CODE, 0);
    }

    /** SIMD floating-point exception. */
    public static CpuException xm() {
        return new CpuException(XM, NO_ERROR_CODE, 0);
    }

    public int vector() {
        return vector;
    }

    /** The error code, or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    public boolean hasErrorCode() {
        return errorCode != NO_ERROR_CODE;
    }

    /** The faulting linear address of a page fault (the value for CR2); 0 for other exceptions. */
    public long faultAddress() {
        return faultAddress;
    }

    /** Whether the exception is a fault-class contributory exception for double-fault detection (#DE, #TS, #NP, #SS, #GP). */
    public boolean isContributory() {
        return vector == DE || (vector >= TS && vector <= GP);
    }

    @Override
    public String getMessage() {
        String m = vector < MNEMONICS.length ? MNEMONICS[vector] : "vector " + vector;
        if (hasErrorCode()) m += "(0x" + Integer.toHexString(errorCode) + ")";
        if (vector == PF) m += " at 0x" + Long.toHexString(faultAddress);
        return m;
    }
}
