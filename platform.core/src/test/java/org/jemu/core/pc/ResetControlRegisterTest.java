package org.jemu.core.pc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResetControlRegisterTest {

    @Test
    void rstCpuRequestsAResetAndOtherWritesKeepOnlyTheChipsetsBits() {
        int[] resets = {0};
        ResetControlRegister r = new ResetControlRegister(0x0a, () -> resets[0]++);

        r.write(0, 1, 0xff & ~ResetControlRegister.RESET_CPU);
        assertEquals(0x0a, r.read(0, 1));
        r.write(0, 1, 0x06);

        assertEquals(1, resets[0]);
        assertEquals(0x0a, r.value(), "the reset write is not stored");
        r.set(0xff);
        assertEquals(0x0a, r.value());
    }
}
