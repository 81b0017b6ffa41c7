package org.jemu.cpu.x86.internal.decode;

/**
 * Operand encoding descriptors of the opcode tables, packed in an int: kind (bits 0-4), size code (bits 5-8),
 * fixed register number (bits 9-12). Written in the tables in the Intel SDM notation ("Eb,Gb", "Gv,Ev,Iz", "eAX,Iz",
 * "Jz", "Ap", "Ob"...) and parsed once at class initialisation.
 */
final class Spec {
    private Spec() {}

    // kinds
    static final int E = 1, M = 2, R = 3, G = 4, S = 5, C = 6, D = 7, I = 8, J = 9, O = 10, A = 11, Z = 12,
            FIX = 13, SEG = 14, ONE = 15;
    // size codes
    static final int SB = 1, SW = 2, SD = 3, SQ = 4, SV = 5, SZ = 6, SY = 7, SP = 8, SS = 9, SA = 10, SX = 11, SR = 12;

    static int kind(int spec) { return spec & 31; }
    static int size(int spec) { return (spec >>> 5) & 15; }
    static int fixed(int spec) { return (spec >>> 9) & 15; }

    static int make(int kind, int size, int fixed) { return kind | size << 5 | fixed << 9; }

    /** Kinds that need a ModRM byte. */
    static boolean needsModrm(int spec) {
        int k = kind(spec);
        return k >= E && k <= D;
    }

    static boolean isImmediate(int spec) {
        int k = kind(spec);
        return k == I || k == J || k == A || k == ONE;
    }

    private static final String SEGS = "ES CS SS DS FS GS";

    /** Parses one operand token of the table notation. */
    static int parse(String t) {
        switch (t) {
            case "AL": return make(FIX, SB, 0);
            case "CL": return make(FIX, SB, 1);
            case "DX": return make(FIX, SW, 2);
            case "eAX": return make(FIX, SV, 0);
            case "zAX": return make(FIX, SZ, 0);
            case "1": return make(ONE, SB, 0);
            case "M": return make(M, SX, 0);
            case "E": return make(E, SX, 0);
            default: break;
        }
        int seg = SEGS.indexOf(t);
        if (t.length() == 2 && seg >= 0 && seg % 3 == 0) return make(SEG, SW, seg / 3);
        if (t.length() != 2) throw new IllegalArgumentException("operand " + t);
        int kind = switch (t.charAt(0)) {
            case 'E' -> E; case 'M' -> M; case 'R' -> R; case 'G' -> G; case 'S' -> S; case 'C' -> C; case 'D' -> D;
            case 'I' -> I; case 'J' -> J; case 'O' -> O; case 'A' -> A; case 'Z' -> Z;
            default -> throw new IllegalArgumentException("operand " + t);
        };
        int size = switch (t.charAt(1)) {
            case 'b' -> SB; case 'w' -> SW; case 'd' -> SD; case 'q' -> SQ; case 'v' -> SV; case 'z' -> SZ;
            case 'y' -> SY; case 'p' -> SP; case 's' -> SS; case 'a' -> SA; case 'r' -> SR;
            default -> throw new IllegalArgumentException("operand " + t);
        };
        return make(kind, size, 0);
    }

    /** Size in bytes of a size code for the given operand size attribute (2/4/8) and mode. */
    static int bytes(int sizeCode, int osz, int mode) {
        return switch (sizeCode) {
            case SB -> 1;
            case SW -> 2;
            case SD -> 4;
            case SQ -> 8;
            case SV -> osz;
            case SZ -> osz == 2 ? 2 : 4;
            case SY -> osz == 8 ? 8 : 4;
            case SP -> 2 + osz;
            case SS -> mode == 64 ? 10 : 6;
            case SA -> 2 * osz;
            case SR -> mode == 64 ? 8 : 4;
            default -> 0;
        };
    }
}
