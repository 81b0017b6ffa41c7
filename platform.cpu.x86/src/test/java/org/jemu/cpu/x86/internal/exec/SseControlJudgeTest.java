package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.JudgeSimd.s;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Availability (CR0.EM, CR0.TS, CR4.OSFXSR; #UD, #NM, #MF for MMX with a pending x87 exception), mandatory-prefix
 * precedence, unsupported encodings, EMMS, LDMXCSR/STMXCSR and FXSAVE/FXRSTOR (layout, alignment, reserved MXCSR
 * bits, XMM8-15 only in 64-bit mode, nothing of the SSE part without CR4.OSFXSR).
 */
class SseControlJudgeTest {

    private static final String CR0_EM = "cr0=80010015";
    private static final String CR0_TS = "cr0=80010019";

    @TestFactory
    Stream<DynamicTest> availability() {
        return Judge.l64(
                s("0f 58 ca ; addps with CR0.EM: #UD", CR0_EM, "#UD"),
                Judge.c("0f 58 ca ; addps without CR4.OSFXSR: #UD", "", "#UD"),
                s("0f 58 ca ; addps with CR0.TS: #NM", CR0_TS, "#NM"),
                s("0f 58 ca ; CR0.EM wins over CR0.TS", "cr0=8001001d", "#UD"),
                Judge.c("0f fc c1 ; paddb mm0,mm1 needs no CR4.OSFXSR", "mm0=1 mm1=2", "mm0=3 mmx=1"),
                s("44 0f fc c1 ; paddb mm0,mm1 (REX.R does not extend MMX registers)", "mm0=1 mm1=2", "mm0=3 mmx=1"),
                s("0f fc c1 ; paddb with CR0.EM: #UD", CR0_EM, "#UD"),
                s("0f fc c1 ; paddb with CR0.TS: #NM", CR0_TS, "#NM"),
                s("0f fc c1 ; paddb with a pending x87 exception: #MF", "x87pending=1", "#MF"),
                s("66 0f fc c1 ; paddb xmm ignores the x87 state", "x87pending=1 xmm0=0:1 xmm1=0:2", "xmm0=0:3"),
                Judge.c("0f 2a c8 ; cvtpi2ps xmm1,mm0 uses XMM: CR4.OSFXSR needed", "", "#UD"),
                Judge.c("f3 0f d6 c1 ; movq2dq without CR4.OSFXSR: #UD", "", "#UD"),
                s("0f 77 ; emms", "", "emms=1"),
                s("0f 77 ; emms with CR0.TS: #NM", CR0_TS, "#NM emms=0"),
                s("66 0f 77 ; 66 0F 77 does not exist", "", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> prefixesAndUnsupported() {
        return Judge.l64(
                s("66 f3 0f 58 ca ; F3 wins over 66: addss", "xmm1=1:3f8000003f800000 xmm2=0:3f800000", "xmm1=1:3f80000040000000"),
                s("f3 f2 0f 58 ca ; the last of F2/F3 wins: addsd", "xmm1=1:" + "3ff0000000000000 xmm2=0:3ff0000000000000",
                        "xmm1=1:4000000000000000"),
                s("0f 38 00 c1 ; pshufb (SSSE3): not supported", "", "#UD"),
                s("66 0f 3a 0f c1 08 ; palignr (SSSE3): not supported", "", "#UD"),
                s("66 0f d0 c1 ; addsubpd (SSE3): not supported", "", "#UD"),
                s("f2 0f f0 03 ; lddqu (SSE3): not supported", "", "#UD"),
                s("f2 0f 12 c1 ; movddup (SSE3): not supported", "", "#UD"),
                s("0f ae 23 ; xsave: not supported", "", "#UD"),
                s("f3 0f ae 03 ; F3 0F AE /0 with memory does not exist", "", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> hintsFencesAndMovnti() {
        return Judge.l64(
                Judge.c("0f 18 00 ; prefetchnta [rax]: no access, no fault", "rax=800000000000", ""),
                Judge.c("0f 18 1b ; prefetcht2 [rbx]", "rbx=50000", ""),
                Judge.c("0f ae f8 ; sfence", "", ""),
                Judge.c("0f ae e8 ; lfence", "", ""),
                Judge.c("0f ae f0 ; mfence", "", ""),
                Judge.c("0f c3 03 ; movnti [rbx],eax (no CR4.OSFXSR needed)", "rbx=8000 rax=1122334455667788 m64@8000=-1",
                        "m64@8000=ffffffff55667788"),
                Judge.c("48 0f c3 03 ; movnti [rbx],rax", "rbx=8000 rax=1122334455667788", "m64@8000=1122334455667788"),
                Judge.c("0f c3 c0 ; movnti with a register destination", "", "#UD"),
                Judge.c("66 0f c3 03 ; movnti with 66", "rbx=8000", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> mxcsrLoadStore() {
        return Judge.l64(
                s("0f ae 13 ; ldmxcsr [rbx]", "rbx=8000 m32@8000=ffbf", "mxcsr=ffbf"),
                s("0f ae 13 ; ldmxcsr with a reserved bit: #GP(0)", "rbx=8000 m32@8000=11f80", "#GP(0)"),
                Judge.c("0f ae 13 ; ldmxcsr without CR4.OSFXSR: #UD", "rbx=8000 m32@8000=1f80", "#UD"),
                s("0f ae 13 ; ldmxcsr with CR0.TS: #NM", CR0_TS + " rbx=8000", "#NM"),
                s("0f ae 1b ; stmxcsr [rbx]", "rbx=8001 mxcsr=7fa5 m64@8000=-1", "m64@8000=ffffff00007fa5ff"),
                s("0f ae 1b ; stmxcsr with CR0.EM: #UD", CR0_EM + " rbx=8000", "#UD"));
    }

    private static String zero(String prefix, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int r = from; r <= to; r++) sb.append(' ').append(prefix).append(r).append("=0");
        return sb.toString();
    }

    @TestFactory
    Stream<DynamicTest> fxsaveFxrstor64() {
        return Judge.l64(
                s("0f ae 03 ; fxsave [rbx]", "rbx=8000 mxcsr=1fa0 xmm0=1:2 xmm15=abc:def mm0=77",
                        "m16@8000=37f m64@8018=0000ffff00001fa0 m64@8020=77 m64@80a0=2 m64@80a8=1 m64@8190=def m64@8198=abc"),
                s("48 0f ae 03 ; fxsave64 [rbx]: the same SSE part", "rbx=8000 xmm1=3:4",
                        "m64@8018=0000ffff00001f80 m64@80b0=4 m64@80b8=3"),
                s("0f ae 03 ; fxsave [rbx] misaligned: #GP(0)", "rbx=8008", "#GP(0)"),
                s("0f ae 03 ; fxsave with CR0.TS: #NM", CR0_TS + " rbx=8000", "#NM"),
                s("0f ae 03 ; fxsave with CR0.EM: #NM (not #UD)", CR0_EM + " rbx=8000", "#NM"),
                Judge.c("0f ae 03 ; fxsave without CR4.OSFXSR: no MXCSR, no XMM", "rbx=8000 m64@8018=-1 m64@80a0=-1",
                        "m16@8000=37f m64@8018=-1 m64@80a0=-1"),
                s("0f ae 03 ; fxsave to an absent page writes nothing", "rbx=4ff00 m64@4ff00=5", "#PF(2) cr2=50000 m64@4ff00=5"),
                s("0f ae 0b ; fxrstor [rbx]", "rbx=8000 m64@8018=ffff00007f80 m64@8020=99 m64@80a0=2 m64@80a8=1 m64@8190=def",
                        "mxcsr=7f80 xmm0=1:2 xmm15=0:def mm0=99" + zero("mm", 1, 7) + zero("xmm", 1, 14)),
                s("0f ae 0b ; fxrstor with a reserved MXCSR bit: #GP(0), nothing loaded", "rbx=8000 m64@8018=10000 m64@80a0=2",
                        "#GP(0)"),
                s("0f ae 0b ; fxrstor misaligned: #GP(0)", "rbx=8004", "#GP(0)"));
    }

    @TestFactory
    Stream<DynamicTest> fxsaveOtherModes() {
        Stream<DynamicTest> p32 = Judge.p32(
                s("0f ae 03 ; fxsave [ebx]: XMM0-7 only", "ebx=8000 xmm7=7:8 m64@8120=5",
                        "m64@8018=0000ffff00001f80 m64@8110=8 m64@8118=7 m64@8120=5"),
                s("0f ae 0b ; fxrstor [ebx]: XMM0-7 only", "ebx=8000 m64@8018=1f80 m64@8110=8",
                        "xmm7=0:8" + zero("xmm", 0, 6) + zero("mm", 0, 7)));
        Stream<DynamicTest> real = Judge.real(
                s("0f ae 07 ; fxsave [bx]", "ebx=8000 xmm0=1:2", "m64@8018=0000ffff00001f80 m64@80a0=2 m64@80a8=1"));
        return Stream.concat(p32, real);
    }
}
