package org.jemu.cpu.x86.internal.exec;

import org.jemu.cpu.x86.internal.decode.DecodedInsn;

/**
 * The x87 environment and state images of FNSTENV/FLDENV (14 or 28 bytes) and FNSAVE/FRSTOR (the environment and
 * ST(0)-ST(7), 94 or 108 bytes), in the four layouts of SDM vol 1 figures 8-9 to 8-12: 16- or 32-bit operand size,
 * protected mode (pointer offsets and selectors, FOP beside FCS) or real and virtual-8086 mode (20/32-bit linear
 * pointers, FOP beside the instruction pointer's upper bits). Unused upper halves of the 32-bit layout are stored as
 * ones, as Intel processors do. In 64-bit mode the 32-bit layout holds the low halves of the pointers.
 */
final class X87Env {

    private final X86Core cpu;
    private final X87State st;
    /** Scratch for the seven environment words and a restored register file (no allocation per instruction). */
    private final int[] w = new int[7];
    private final long[] sig = new long[8];
    private final int[] se = new int[8];

    X87Env(X86Core cpu, X87State st) {
        this.cpu = cpu;
        this.st = st;
    }

    private boolean realFormat() {
        return !cpu.protectedMode() || cpu.vm86();
    }

    /** FNSTENV ({@code save} false: then all exceptions are masked) or FNSAVE ({@code save}: then FNINIT). */
    void store(DecodedInsn i, int seg, long ea, boolean save) {
        boolean wide = i.opSize != 2;
        int size = wide ? 28 : 14;
        w[0] = st.fcw;
        w[1] = st.status();
        w[2] = st.tagWord();
        if (realFormat()) {
            long ip = ((long) st.fcs << 4) + st.fip;
            long dp = ((long) st.fds << 4) + st.fdp;
            w[3] = (int) ip & 0xffff;
            w[4] = (int) ((ip >>> 16) & (wide ? 0xffff : 0xf)) << 12 | st.fop;
            w[5] = (int) dp & 0xffff;
            w[6] = (int) ((dp >>> 16) & (wide ? 0xffff : 0xf)) << 12;
            if (wide) {
                w[3] |= 0xffff_0000;
                w[5] |= 0xffff_0000;
            }
        } else {
            w[3] = (int) st.fip;
            w[4] = wide ? st.fcs | st.fop << 16 : st.fcs;
            w[5] = (int) st.fdp;
            w[6] = st.fds;
            if (wide) w[6] |= 0xffff_0000;
        }
        if (wide) {
            for (int k = 0; k < 3; k++) w[k] |= 0xffff_0000;
        }
        for (int k = 0; k < 7; k++) {
            if (wide) {
                cpu.writeMem(seg, X86Core.addrMask(ea + 4L * k, i.addrSize), 4, w[k] & 0xffff_ffffL);
            } else {
                cpu.writeMem(seg, X86Core.addrMask(ea + 2L * k, i.addrSize), 2, w[k] & 0xffff);
            }
        }
        if (!save) {
            st.fcw |= 0x3f;
            return;
        }
        for (int r = 0; r < 8; r++) {
            long at = ea + size + 10L * r;
            int p = st.phys(r);
            cpu.writeMem(seg, X86Core.addrMask(at, i.addrSize), 8, st.sig[p]);
            cpu.writeMem(seg, X86Core.addrMask(at + 8, i.addrSize), 2, st.se[p]);
        }
        st.init();
        cpu.lowerFerr();
    }

    /** FLDENV, or FRSTOR with {@code restore}. */
    void load(DecodedInsn i, int seg, long ea, boolean restore) {
        boolean wide = i.opSize != 2;
        int size = wide ? 28 : 14;
        for (int k = 0; k < 7; k++) {
            w[k] = wide ? (int) cpu.readMem(seg, X86Core.addrMask(ea + 4L * k, i.addrSize), 4)
                    : (int) cpu.readMem(seg, X86Core.addrMask(ea + 2L * k, i.addrSize), 2);
        }
        if (restore) {
            for (int r = 0; r < 8; r++) {
                long at = ea + size + 10L * r;
                sig[r] = cpu.readMem(seg, X86Core.addrMask(at, i.addrSize), 8);
                se[r] = (int) cpu.readMem(seg, X86Core.addrMask(at + 8, i.addrSize), 2);
            }
        }
        st.setControl(w[0]);
        st.setStatus(w[1]);
        st.setTagWord(w[2] & 0xffff);
        if (realFormat()) {
            int high = wide ? 0xffff : 0xf;
            st.fip = (w[3] & 0xffff) | (long) ((w[4] >>> 12) & high) << 16;
            st.fop = w[4] & 0x7ff;
            st.fdp = (w[5] & 0xffff) | (long) ((w[6] >>> 12) & high) << 16;
            st.fcs = 0;
            st.fds = 0;
        } else {
            st.fip = wide ? w[3] & 0xffff_ffffL : w[3] & 0xffff;
            st.fcs = w[4] & 0xffff;
            if (wide) st.fop = (w[4] >>> 16) & 0x7ff;
            st.fdp = wide ? w[5] & 0xffff_ffffL : w[5] & 0xffff;
            st.fds = w[6] & 0xffff;
        }
        if (restore) {
            for (int r = 0; r < 8; r++) {
                int p = st.phys(r);
                st.sig[p] = sig[r];
                st.se[p] = se[r];
            }
        }
    }
}
