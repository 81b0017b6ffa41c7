package org.jemu.cpu.x86.internal.exec;

import org.jemu.cpu.x86.internal.mmu.CpuException;

/**
 * A stand-in for the x87 unit in SSE/MMX tests: eight MMX registers, counters of the MMX transitions and EMMS, a
 * settable pending x87 exception (raised as #MF by {@link #waitCheck}), and an FXSAVE half with a recognisable FCW
 * (0x037F) and the MMX registers in the ST slots.
 */
final class TestX87 implements X87Sharing {
    final long[] mm = new long[8];
    int transitions;
    int emmsCount;
    boolean pending;
    boolean fxsaveRexW;
    boolean fxrstored;

    @Override
    public long mmx(int i) {
        return mm[i];
    }

    @Override
    public void setMmx(int i, long value) {
        mm[i] = value;
        mmxTransition();
    }

    @Override
    public void mmxTransition() {
        transitions++;
    }

    @Override
    public void emms() {
        emmsCount++;
    }

    @Override
    public void waitCheck() {
        if (pending) throw CpuException.mf();
    }

    @Override
    public void fxsave(byte[] image, boolean rexW) {
        fxsaveRexW = rexW;
        image[0] = 0x7F;
        image[1] = 0x03;
        for (int r = 0; r < 8; r++) {
            for (int k = 0; k < 8; k++) image[32 + 16 * r + k] = (byte) (mm[r] >>> (8 * k));
        }
    }

    @Override
    public void fxrstor(byte[] image, boolean rexW) {
        fxrstored = true;
        for (int r = 0; r < 8; r++) {
            long v = 0;
            for (int k = 0; k < 8; k++) v |= (image[32 + 16 * r + k] & 0xFFL) << (8 * k);
            mm[r] = v;
        }
    }
}
