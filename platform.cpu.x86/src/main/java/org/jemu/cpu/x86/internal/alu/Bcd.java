package org.jemu.cpu.x86.internal.alu;

import static org.jemu.cpu.x86.internal.alu.LazyFlags.AF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.CF;
import static org.jemu.cpu.x86.internal.alu.LazyFlags.szp;

/**
 * The BCD adjust instructions DAA, DAS, AAA, AAS, AAM and AAD (invalid in 64-bit mode; the decoder raises #UD there),
 * following the Intel SDM pseudo-code. Flags the SDM leaves undefined are set as the Intel host of the differential test
 * sets them (verified natively in 32-bit compatibility mode): DAA/DAS OF = 0, AAA/AAS OF = SF = 0 with ZF/PF from AL,
 * AAM OF = AF = CF = 0, AAD as the 8-bit addition it performs.
 */
public final class Bcd {
    private Bcd() {
    }

    /** DAA: decimal-adjusts AL after an addition; returns the new AL. CF and AF per the SDM, SF/ZF/PF from AL, OF = 0. */
    public static int daa(LazyFlags f, int al) {
        al &= 0xff;
        int oldAl = al;
        boolean oldCf = f.cf();
        boolean cf = false;
        boolean af;
        if ((al & 0x0f) > 9 || f.af()) {
            cf = oldCf || al + 6 > 0xff;
            al = (al + 6) & 0xff;
            af = true;
        } else {
            af = false;
        }
        if (oldAl > 0x99 || oldCf) {
            al = (al + 0x60) & 0xff;
            cf = true;
        } else {
            cf = false;
        }
        f.setEager(szp(al, 8) | (cf ? CF : 0) | (af ? AF : 0));
        return al;
    }

    /** DAS: decimal-adjusts AL after a subtraction; returns the new AL. CF and AF per the SDM, SF/ZF/PF from AL, OF = 0. */
    public static int das(LazyFlags f, int al) {
        al &= 0xff;
        int oldAl = al;
        boolean oldCf = f.cf();
        boolean cf = false;
        boolean af;
        if ((al & 0x0f) > 9 || f.af()) {
            cf = oldCf || al < 6;
            al = (al - 6) & 0xff;
            af = true;
        } else {
            af = false;
        }
        if (oldAl > 0x99 || oldCf) {
            al = (al - 0x60) & 0xff;
            cf = true;
        }
        f.setEager(szp(al, 8) | (cf ? CF : 0) | (af ? AF : 0));
        return al;
    }

    /**
     * AAA: ASCII-adjusts AX after an addition; returns the new AX. When AL's low nibble exceeds 9 or AF is set, AX += 0x106
     * and AF = CF = 1, else AF = CF = 0; then AL &= 0x0F. ZF/PF from the new AL, SF = OF = 0.
     */
    public static int aaa(LazyFlags f, int ax) {
        ax &= 0xffff;
        boolean adjust = (ax & 0x0f) > 9 || f.af();
        if (adjust) {
            ax = (ax + 0x106) & 0xffff;
        }
        ax &= 0xff0f;
        f.setEager(szp(ax & 0xff, 8) | (adjust ? AF | CF : 0));
        return ax;
    }

    /**
     * AAS: ASCII-adjusts AX after a subtraction; returns the new AX. When AL's low nibble exceeds 9 or AF is set, AX -= 6,
     * AH -= 1 and AF = CF = 1, else AF = CF = 0; then AL &= 0x0F. ZF/PF from the new AL, SF = OF = 0.
     */
    public static int aas(LazyFlags f, int ax) {
        ax &= 0xffff;
        boolean adjust = (ax & 0x0f) > 9 || f.af();
        if (adjust) {
            ax = (ax - 6) & 0xffff;
            ax = (ax - 0x100) & 0xffff;
        }
        ax &= 0xff0f;
        f.setEager(szp(ax & 0xff, 8) | (adjust ? AF | CF : 0));
        return ax;
    }

    /**
     * AAM imm8: AH = AL / imm, AL = AL mod imm; returns the new AX. SF/ZF/PF from AL, OF = AF = CF = 0.
     *
     * @throws DivideError when {@code imm} is 0
     */
    public static int aam(LazyFlags f, int ax, int imm) throws DivideError {
        imm &= 0xff;
        if (imm == 0) {
            throw new DivideError("AAM with a zero immediate");
        }
        int al = ax & 0xff;
        int r = ((al / imm) << 8) | (al % imm);
        f.setEager(szp(r & 0xff, 8));
        return r;
    }

    /**
     * AAD imm8: AL = (AL + AH * imm) & 0xFF, AH = 0; returns the new AX. SF/ZF/PF from AL; OF, AF, CF (undefined) are
     * those of the 8-bit addition AL + (AH * imm & 0xFF), as Intel processors set them.
     */
    public static int aad(LazyFlags f, int ax, int imm) {
        return (int) f.add(ax & 0xff, ((ax >>> 8) & 0xff) * (imm & 0xff), 8);
    }
}
