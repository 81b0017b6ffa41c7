package org.jemu.cpu.x86.internal.decode;

/**
 * One semantic operation per constant. The operand size, condition code and operands live in {@link DecodedInsn};
 * an op names only what is done (ADD is ADD at any width, JCC is every Jcc).
 *
 * <p>Attributes: {@link #branch()} changes control flow, {@link #endsBlock()} must be the last instruction of a
 * translated/cached block (control flow, privileged state, I/O, faults), {@link #lockable()} accepts a LOCK prefix
 * with a memory destination, {@link #implemented()} is false for encodings decoded only for their length (x87, other
 * recognised but unsupported instructions) so that the CPU raises #UD or #NM.
 */
public enum Op {
    /** Invalid encoding: raise #UD. */
    UD(A.E), UD2(A.E),
    /** Longer than 15 bytes: raise #GP(0). */
    TOO_LONG(A.E),
    /** x87 escape D8-DF: decoded for its length (ModRM); the x87 unit ({@code exec.X87Unit}) decodes and runs the rest. */
    X87(A.E | A.U),
    /**
     * SSE/SSE2/MMX (0F 10-17, 28-2F, 50-7F, C2, C4-C6, D0-FF and FXSAVE/FXRSTOR/LDMXCSR/STMXCSR in 0F AE): executed
     * by the SSE unit, which tells the instructions apart by opcode, mandatory prefix and ModRM.
     */
    SSE(0),
    /**
     * Other recognised instructions not implemented (MONITOR/MWAIT, the three-byte maps 0F 38 and 0F 3A of SSSE3 and
     * later...): #UD.
     */
    UNIMPL(A.E | A.U),

    ADD(A.L), OR(A.L), ADC(A.L), SBB(A.L), AND(A.L), SUB(A.L), XOR(A.L), CMP(0),
    INC(A.L), DEC(A.L), NOT(A.L), NEG(A.L), TEST(0),
    MUL(0), IMUL1(0), IMUL2(0), IMUL3(0), DIV(0), IDIV(0),
    ROL(0), ROR(0), RCL(0), RCR(0), SHL(0), SHR(0), SAR(0), SHLD(0), SHRD(0),
    BT(0), BTS(A.L), BTR(A.L), BTC(A.L), BSF(0), BSR(0), TZCNT(0), LZCNT(0), POPCNT(0),
    MOV(0), MOVSX(0), MOVZX(0), MOVSXD(0), LEA(0), XCHG(A.L), CMPXCHG(A.L), CMPXCHG8B(A.L), CMPXCHG16B(A.L), XADD(A.L),
    BSWAP(0), CBW(0), CWD(0),
    PUSH(0), POP(0), PUSHA(0), POPA(0), PUSHF(0), POPF(A.E), LAHF(0), SAHF(0), ENTER(0), LEAVE(0),
    JCC(A.B), JMP(A.B), JMPF(A.B), CALL(A.B), CALLF(A.B), RET(A.B), RETF(A.B), IRET(A.B),
    INT(A.B), INT3(A.B), INTO(A.B), INT1(A.B), BOUND(0),
    LOOP(A.B), LOOPE(A.B), LOOPNE(A.B), JCXZ(A.B),
    SETCC(0), CMOVCC(0),
    MOVS(0), CMPS(0), STOS(0), LODS(0), SCAS(0), INS(A.E), OUTS(A.E), IN(A.E), OUT(A.E),
    LDS(0), LES(0), LFS(0), LGS(0), LSS(A.E),
    DAA(0), DAS(0), AAA(0), AAS(0), AAM(0), AAD(0), SALC(0), XLAT(0),
    CPUID(0), RDTSC(0), RDTSCP(0), RDPMC(0), RDMSR(0), WRMSR(A.E),
    SYSCALL(A.B), SYSRET(A.B), SYSENTER(A.B), SYSEXIT(A.B), SWAPGS(A.E),
    MOV_CR(A.E), MOV_DR(A.E), MOV_SREG(0),
    LGDT(A.E), LIDT(A.E), SGDT(0), SIDT(0), LLDT(A.E), SLDT(0), LTR(A.E), STR(0), LMSW(A.E), SMSW(0), CLTS(A.E),
    LAR(0), LSL(0), VERR(0), VERW(0), ARPL(0), INVLPG(A.E), WBINVD(0), INVD(0), RSM(A.B),
    HLT(A.E), CLI(A.E), STI(A.E), CLC(0), STC(0), CMC(0), CLD(0), STD(0),
    NOP(0), PAUSE(0), FWAIT(0), CLFLUSH(0), LFENCE(0), MFENCE(0), SFENCE(0);

    /** Attribute bits. */
    private static final class A {
        static final int B = 1, E = 2, L = 4, U = 8;
    }

    private final int attrs;

    Op(int attrs) {
        this.attrs = (attrs & A.B) != 0 ? attrs | A.E : attrs;
    }

    /** Changes control flow (also ends the block). */
    public boolean branch() { return (attrs & A.B) != 0; }

    /** Must end a cached/translated block. */
    public boolean endsBlock() { return (attrs & A.E) != 0; }

    /** Accepts LOCK when its destination is memory. */
    public boolean lockable() { return (attrs & A.L) != 0; }

    /** False for the encodings decoded only for their length (x87, UNIMPL). */
    public boolean implemented() { return (attrs & A.U) == 0; }

    private static final Op[] VALUES = values();

    /** The op with this ordinal (for the compact block format). */
    public static Op of(int ordinal) { return VALUES[ordinal]; }
}
