package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The x87 state: power-on and FNINIT, tags, snapshot/restore, and the X87Sharing side (MMX aliasing, FXSAVE). */
class X87StateTest {

    private static X87State randomState(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        X87State st = new X87State();
        for (int r = 0; r < 8; r++) {
            st.se[r] = rnd.nextInt(0x10000);
            st.sig[r] = rnd.nextLong();
        }
        st.top = rnd.nextInt(8);
        st.setControl(rnd.nextInt(0x10000));
        st.setStatus(rnd.nextInt(0x10000));
        st.valid = rnd.nextInt(256);
        st.fop = rnd.nextInt(0x800);
        st.fip = rnd.nextLong();
        st.fcs = rnd.nextInt(0x10000);
        st.fdp = rnd.nextLong();
        st.fds = rnd.nextInt(0x10000);
        return st;
    }

    @Test
    void powerOnStateHasControlWord0040AndEveryRegisterZeroTaggedZero() {
        X87State st = randomState(1);
        st.powerOn();
        assertEquals(0x0040, st.fcw);
        assertEquals(0x0000, st.status());
        assertEquals(0x5555, st.tagWord());
        for (int r = 0; r < 8; r++) {
            assertEquals(0, st.se[r]);
            assertEquals(0, st.sig[r]);
        }
        assertEquals(0, st.fip);
        assertEquals(0, st.fop);
    }

    @Test
    void cpuResetGoesBackToThePowerOnStateAndInitDoesNotTouchRegisters() {
        try (CpuFixture fx = new CpuFixture()) {
            X87State st = fx.cpu.x87.st;
            st.init();
            st.push(0x3fff, 0x8000_0000_0000_0000L);
            fx.cpu.reset();
            assertEquals(0x0040, st.fcw);
            assertEquals(0x5555, st.tagWord());
            assertEquals(0, st.sig[7]);
        }
        X87State st = new X87State();
        st.sig[3] = 1234;
        st.init();
        assertEquals(0x037f, st.fcw);
        assertEquals(0xffff, st.tagWord());
        assertEquals(1234, st.sig[3]);
    }

    @Test
    void fullTagWordIsComputedFromTheContents() {
        X87State st = new X87State();
        st.init();
        long[][] values = {
            {0x3fff, 0x8000_0000_0000_0000L}, // valid
            {0x8000, 0}, // zero
            {0x0000, 1}, // denormal: special
            {0x0000, 0x8000_0000_0000_0000L}, // pseudo-denormal: special
            {0x7fff, 0x8000_0000_0000_0000L}, // infinity: special
            {0xffff, 0xC000_0000_0000_0000L}, // NaN: special
            {0x3fff, 0x4000_0000_0000_0000L}, // unnormal: special
        };
        for (int r = 0; r < values.length; r++) {
            st.se[r] = (int) values[r][0];
            st.sig[r] = values[r][1];
            st.valid |= 1 << r;
        }
        assertEquals(0b11_10_10_10_10_10_01_00, st.tagWord());
        st.setTagWord(0b00_11_00_11_00_11_00_11); // only emptiness counts
        assertEquals(0b01_11_10_11_10_11_01_11, st.tagWord());
    }

    @Test
    void statusWordDerivesEsAndBFromUnmaskedFlags() {
        X87State st = new X87State();
        st.init();
        st.setStatus(0xffff);
        assertEquals(0x7f7f, st.status()); // all flags masked under 037F: ES and B clear
        st.setControl(0x037e);
        assertEquals(0xffff, st.status());
        assertTrue(st.pending());
    }

    @Test
    void snapshotRestoresEverything() {
        X87State st = randomState(2);
        X87State.Snapshot snap = st.snapshot();
        X87State copy = new X87State();
        copy.restore(snap);
        assertEquals(snap, copy.snapshot());
        assertEquals(st.valid, copy.valid);
        assertArrayEquals(st.sig, copy.sig);
    }

    @Test
    void snapshotNeedsEightRegisters() {
        List<X87State.Register> seven = new ArrayList<>();
        for (int r = 0; r < 7; r++) seven.add(new X87State.Register(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new X87State.Snapshot(0x37f, 0, 0xffff, 0, 0, 0, 0, 0, seven));
    }

    @Test
    void mmxRegistersAliasThePhysicalRegistersSignificands() {
        X87State st = new X87State();
        st.init();
        st.top = 5;
        st.setMmx(3, 0x1122_3344_5566_7788L);
        assertEquals(0x1122_3344_5566_7788L, st.sig[3]);
        assertEquals(0xffff, st.se[3]);
        assertEquals(0, st.top);
        assertEquals(0xff, st.valid);
        st.sig[6] = 42;
        assertEquals(42, st.mmx(6));
        st.emms();
        assertEquals(0xffff, st.tagWord());
        st.top = 4;
        st.mmxTransition();
        assertEquals(0, st.top);
        assertEquals(0xff, st.valid);
    }

    @Test
    void fxsaveWritesThe32BitLayoutWithRegistersInStackOrder() {
        X87State st = new X87State();
        st.init();
        st.setControl(0x0272);
        st.setStatus(0x4920 | 2 << 11); // TOP 2 (replaced below)
        st.top = 2;
        st.valid = 0b0000_0100; // R2 = ST(0)
        st.se[2] = 0x3fff;
        st.sig[2] = 0x8000_0000_0000_0000L;
        st.se[3] = 0xc000;
        st.sig[3] = 0xc000_0000_0000_0000L;
        st.fop = 0x5d8;
        st.fip = 0x1122_3344L;
        st.fcs = 0x1b;
        st.fdp = 0x5566_7788L;
        st.fds = 0x23;
        byte[] image = new byte[512];
        java.util.Arrays.fill(image, (byte) 0xee);
        st.fxsave(image, false);
        assertEquals("7202" + "2051" + "04" + "00" + "d805" + "44332211" + "1b00" + "0000" + "88776655" + "2300" + "0000",
                HexFormat.of().formatHex(image, 0, 24));
        assertEquals("eeeeeeeeeeeeeeee", HexFormat.of().formatHex(image, 24, 32), "MXCSR belongs to the SSE unit");
        assertEquals("0000000000000080ff3f000000000000", HexFormat.of().formatHex(image, 32, 48));
        assertEquals("00000000000000c000c0000000000000", HexFormat.of().formatHex(image, 48, 64));
        assertEquals((byte) 0xee, image[160], "bytes 160 onwards belong to the SSE unit");
    }

    @Test
    void fxsaveWithRexWWrites64BitPointers() {
        X87State st = new X87State();
        st.init();
        st.fip = 0x1122_3344_5566_7788L;
        st.fdp = 0x99aa_bbcc_ddee_ff00L;
        byte[] image = new byte[512];
        st.fxsave(image, true);
        assertEquals("8877665544332211", HexFormat.of().formatHex(image, 8, 16));
        assertEquals("00ffeeddccbbaa99", HexFormat.of().formatHex(image, 16, 24));
    }

    @Test
    void fxrstorRestoresWhatFxsaveStored() {
        for (boolean rexW : new boolean[] {false, true}) {
            X87State st = randomState(rexW ? 4 : 3);
            if (!rexW) {
                st.fip &= 0xffff_ffffL;
                st.fdp &= 0xffff_ffffL;
            } else {
                st.fcs = st.fds = 0;
            }
            byte[] image = new byte[512];
            st.fxsave(image, rexW);
            X87State copy = new X87State();
            copy.fxrstor(image, rexW);
            assertEquals(st.snapshot(), copy.snapshot(), "rexW " + rexW);
        }
    }

    @Test
    void fxrstorPlacesRegistersByTheLoadedTop() {
        byte[] image = new byte[512];
        X87State.put(image, 0, 2, 0x037f);
        X87State.put(image, 2, 2, 6 << 11); // TOP 6
        image[4] = (byte) 0b0100_0000; // R6 valid
        X87State.put(image, 32, 8, 0x8000_0000_0000_0000L); // ST(0)
        X87State.put(image, 40, 2, 0x4000);
        X87State st = new X87State();
        st.fxrstor(image, false);
        assertEquals(6, st.top);
        assertEquals(0x4000, st.se[6]);
        assertFalse(st.empty(0));
        assertTrue(st.empty(1));
        assertEquals(0xcfff, st.tagWord());
    }
}
