package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.X87State.C0;
import static org.jemu.cpu.x86.internal.exec.X87State.C1;
import static org.jemu.cpu.x86.internal.exec.X87State.C2;
import static org.jemu.cpu.x86.internal.exec.X87State.C3;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.INDEFINITE_SE;
import static org.jemu.cpu.x86.internal.fpu.Fpu80.INDEFINITE_SIG;

import org.jemu.cpu.x86.internal.fpu.Arith;
import org.jemu.cpu.x86.internal.fpu.Fpu80;
import org.jemu.cpu.x86.internal.fpu.Transcendental;

/**
 * The D9 register forms of the x87 unit: FLD ST(i), FXCH, FNOP, FSTP1, FCHS, FABS, FTST, FXAM, the constants and
 * the one-byte group from F0 to FF (transcendentals, FXTRACT, FPREM/FPREM1, FDECSTP/FINCSTP, FSQRT, FRNDINT,
 * FSCALE).
 */
final class X87Special {

    private X87Special() {
    }

    static void execute(X87Unit u, int reg, int rm) {
        X87State st = u.state();
        switch (reg) {
            case 0 -> fldReg(u, st, rm);
            case 1 -> u.fxch(rm);
            case 2 -> u.setCc(0, 0); // FNOP
            case 3 -> fstp1(u, st, rm);
            case 4 -> {
                switch (rm) {
                    case 0, 1 -> signOp(u, st, rm == 1);
                    case 4 -> ftst(u, st);
                    default -> fxam(u, st);
                }
            }
            case 5 -> constant(u, st, rm);
            case 6 -> {
                switch (rm) {
                    case 0 -> unary(u, st, 0);
                    case 1 -> binaryPop(u, st, 1);
                    case 2 -> trigPush(u, st, Transcendental.TAN);
                    case 3 -> binaryPop(u, st, 3);
                    case 4 -> fxtract(u, st);
                    case 5 -> fprem(u, st, true);
                    case 6 -> {
                        st.top = (st.top - 1) & 7; // FDECSTP
                    }
                    default -> {
                        st.top = (st.top + 1) & 7; // FINCSTP
                    }
                }
            }
            default -> {
                switch (rm) {
                    case 0 -> fprem(u, st, false);
                    case 1 -> binaryPop(u, st, 9);
                    case 2 -> unary(u, st, 2);
                    case 3 -> trigPush(u, st, Transcendental.SINCOS);
                    case 4 -> unary(u, st, 4);
                    case 5 -> fscale(u, st);
                    case 6 -> unary(u, st, 6);
                    default -> unary(u, st, 7);
                }
            }
        }
    }

    /** FSTP1 (D9 D8+i), an alias of FSTP ST(i), except that an empty ST(0) is popped without a stack fault. */
    private static void fstp1(X87Unit u, X87State st, int i) {
        if (st.empty(0)) {
            st.pop();
            return;
        }
        u.fstReg(i, true);
    }

    private static void fldReg(X87Unit u, X87State st, int i) {
        if (st.empty(i)) {
            if (u.stackUnderflow()) return;
            if (u.canPushValue()) st.push(INDEFINITE_SE, INDEFINITE_SIG);
            u.setC1(false);
            return;
        }
        int se = st.stSe(i);
        long sig = st.stSig(i);
        if (u.canPushValue()) st.push(se, sig);
    }

    /** FCHS, FABS: the sign bit only, no exception for any operand. */
    private static void signOp(X87Unit u, X87State st, boolean abs) {
        if (st.empty(0)) {
            if (u.stackUnderflow()) return;
            st.set(0, INDEFINITE_SE, INDEFINITE_SIG);
            return;
        }
        int se = st.stSe(0);
        st.set(0, abs ? se & 0x7fff : se ^ 0x8000, st.stSig(0));
    }

    private static void ftst(X87Unit u, X87State st) {
        int r;
        if (st.empty(0)) {
            u.stackUnderflow();
            r = Arith.UNORDERED;
        } else {
            r = Arith.compare(u.fpu(), st.stSe(0), st.stSig(0), 0, 0, false);
        }
        u.compareResult(r, false);
    }

    private static void fxam(X87Unit u, X87State st) {
        int c1 = (st.stSe(0) & 0x8000) != 0 ? C1 : 0;
        int cc;
        if (st.empty(0)) {
            cc = C3 | C0;
        } else {
            cc = switch (Fpu80.classify(st.stSe(0), st.stSig(0))) {
                case Fpu80.UNSUPPORTED -> 0;
                case Fpu80.QNAN, Fpu80.SNAN -> C0;
                case Fpu80.NORMAL -> C2;
                case Fpu80.INF -> C2 | C0;
                case Fpu80.ZERO -> C3;
                default -> C3 | C2;
            };
        }
        u.setCc(C0 | C1 | C2 | C3, cc | c1);
    }

    private static void constant(X87Unit u, X87State st, int rm) {
        if (!u.canPushValue()) return;
        Fpu80 e = u.fpu();
        switch (rm) {
            case 0 -> st.push(Fpu80.BIAS, Fpu80.J);
            case 6 -> st.push(0, 0);
            default -> {
                Transcendental.constant(e, rm);
                st.push(e.se, e.sig);
            }
        }
    }

    /** One operand in ST(0), replaced: F2XM1 (0), FSQRT (2), FRNDINT (4), FSIN (6), FCOS (7). */
    private static void unary(X87Unit u, X87State st, int op) {
        if (st.empty(0)) {
            if (u.stackUnderflow()) return;
            st.set(0, INDEFINITE_SE, INDEFINITE_SIG);
            if (op >= 6) u.setCc(C1 | C2, 0);
            return;
        }
        Fpu80 e = u.fpu();
        int se = st.stSe(0);
        long sig = st.stSig(0);
        switch (op) {
            case 0 -> Transcendental.f2xm1(e, se, sig);
            case 2 -> Arith.sqrt(e, se, sig);
            case 4 -> Arith.roundToInt(e, se, sig);
            default -> {
                if (!Transcendental.trig(e, se, sig, op == 6 ? Transcendental.SIN : Transcendental.COS)) {
                    u.setCc(C1 | C2, C2);
                    return;
                }
                u.setCc(C1 | C2, e.c1 ? C1 : 0);
                if (!e.stopped()) st.set(0, e.se, e.sig);
                return;
            }
        }
        u.setC1(e.c1);
        if (!e.stopped()) st.set(0, e.se, e.sig);
    }

    /** ST(1) = f(ST(0), ST(1)), then pop: FYL2X (1), FPATAN (3), FYL2XP1 (9). */
    private static void binaryPop(X87Unit u, X87State st, int op) {
        if (st.empty(0) || st.empty(1)) {
            if (u.stackUnderflow()) return;
            st.set(1, INDEFINITE_SE, INDEFINITE_SIG);
            st.pop();
            return;
        }
        Fpu80 e = u.fpu();
        switch (op) {
            case 1 -> Transcendental.fyl2x(e, st.stSe(0), st.stSig(0), st.stSe(1), st.stSig(1));
            case 3 -> Transcendental.fpatan(e, st.stSe(0), st.stSig(0), st.stSe(1), st.stSig(1));
            default -> Transcendental.fyl2xp1(e, st.stSe(0), st.stSig(0), st.stSe(1), st.stSig(1));
        }
        u.setC1(e.c1);
        if (e.stopped()) return;
        st.set(1, e.se, e.sig);
        st.pop();
    }

    /** FPTAN (tangent, then 1.0 pushed) and FSINCOS (sine, then the cosine pushed). */
    private static void trigPush(X87Unit u, X87State st, int what) {
        if (st.empty(0)) {
            u.setCc(C1 | C2, 0);
            underflowBoth(u, st);
            return;
        }
        if (!st.empty(7)) {
            u.setCc(C1 | C2, 0);
            overflowBoth(u, st);
            return;
        }
        Fpu80 e = u.fpu();
        if (!Transcendental.trig(e, st.stSe(0), st.stSig(0), what)) {
            u.setCc(C1 | C2, C2);
            return;
        }
        u.setCc(C1 | C2, e.c1 ? C1 : 0);
        if (e.stopped()) return;
        st.set(0, e.se, e.sig);
        if (what == Transcendental.TAN) {
            boolean nan = Fpu80.isNaN(Fpu80.classify(e.se, e.sig));
            st.push(nan ? e.se : Fpu80.BIAS, nan ? e.sig : Fpu80.J); // 1.0, or the NaN again
        } else {
            st.push(e.se2, e.sig2);
        }
    }

    /** The masked response to an empty ST(0) in FPTAN, FSINCOS, FXTRACT: ST(0) and the pushed value indefinite. */
    private static void underflowBoth(X87Unit u, X87State st) {
        if (u.stackUnderflow()) return;
        st.set(0, INDEFINITE_SE, INDEFINITE_SIG);
        st.push(INDEFINITE_SE, INDEFINITE_SIG);
    }

    /** The masked response to a stack overflow of FPTAN, FSINCOS, FXTRACT: ST(0) and the pushed value indefinite. */
    private static void overflowBoth(X87Unit u, X87State st) {
        if (u.stackOverflow()) return;
        st.set(0, INDEFINITE_SE, INDEFINITE_SIG);
        st.push(INDEFINITE_SE, INDEFINITE_SIG);
    }

    private static void fxtract(X87Unit u, X87State st) {
        if (st.empty(0)) {
            underflowBoth(u, st);
            return;
        }
        if (!st.empty(7)) {
            overflowBoth(u, st);
            return;
        }
        Fpu80 e = u.fpu();
        Arith.extract(e, st.stSe(0), st.stSig(0));
        if (e.stopped()) return;
        st.set(0, e.se2, e.sig2);
        st.push(e.se, e.sig);
    }

    private static void fprem(X87Unit u, X87State st, boolean ieee) {
        u.setCc(C1 | C2, 0); // without a remainder: C1 and C2 cleared, C0 and C3 kept
        if (st.empty(0) || st.empty(1)) {
            if (u.stackUnderflow()) return;
            st.set(0, INDEFINITE_SE, INDEFINITE_SIG);
            return;
        }
        Fpu80 e = u.fpu();
        int cc = Arith.remainder(e, st.stSe(0), st.stSig(0), st.stSe(1), st.stSig(1), ieee);
        if (e.stopped()) return;
        st.set(0, e.se, e.sig);
        if (cc >= 0) u.setCc(C0 | C1 | C2 | C3, cc);
    }

    private static void fscale(X87Unit u, X87State st) {
        if (st.empty(0) || st.empty(1)) {
            if (u.stackUnderflow()) return;
            st.set(0, INDEFINITE_SE, INDEFINITE_SIG);
            return;
        }
        Fpu80 e = u.fpu();
        Arith.scale(e, st.stSe(0), st.stSig(0), st.stSe(1), st.stSig(1));
        u.setC1(e.c1);
        if (!e.stopped()) st.set(0, e.se, e.sig);
    }
}
