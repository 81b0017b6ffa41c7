package org.jemu.cpu.x86.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RDTSC counts the clock the accelerator hands the core (the machine's virtual clock), at 1 GHz. */
class TimeStampCounterTest {

    private final RealModeRam machine = new RealModeRam();
    private final AtomicLong clockNs = new AtomicLong();

    @AfterEach
    void releaseRam() {
        machine.close();
    }

    private long edxEax(X86Core cpu) {
        return (cpu.register(2) & 0xffff_ffffL) << 32 | cpu.register(0) & 0xffff_ffffL;
    }

    @Test
    void rdtscReadsTheCoresClockInNanoseconds() {
        machine.load(0x1000, 0x0f, 0x31, 0xf4); // rdtsc; hlt
        X86Core cpu = machine.cpuAt(0x1000);
        cpu.setClock(clockNs::get);
        clockNs.set(0x1_2345_6789L);

        cpu.run(10);

        assertEquals(0x1_2345_6789L, edxEax(cpu));
    }

    @Test
    void writingTheTscMsrMovesTheCounterWhichThenAdvancesWithTheClock() {
        machine.load(0x1000,
                0x66, 0xb9, 0x10, 0, 0, 0,            // mov ecx, 0x10 (IA32_TIME_STAMP_COUNTER)
                0x66, 0xb8, 0x00, 0x10, 0, 0,         // mov eax, 0x1000
                0x66, 0x31, 0xd2,                     // xor edx, edx
                0x0f, 0x30,                                  // wrmsr
                0xf4,                                 // hlt
                0x0f, 0x31,                                  // rdtsc
                0xf4);                                // hlt
        X86Core cpu = machine.cpuAt(0x1000);
        cpu.setClock(clockNs::get);
        clockNs.set(5_000_000);
        cpu.run(10);

        clockNs.addAndGet(250);
        cpu.halted = false;
        cpu.run(10);

        assertEquals(0x1000 + 250, edxEax(cpu));
    }
}
