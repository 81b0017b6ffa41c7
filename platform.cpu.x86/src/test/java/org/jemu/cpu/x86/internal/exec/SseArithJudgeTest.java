package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.JudgeSimd.s;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * SSE/SSE2 floating-point arithmetic under MXCSR: rounding control, DAZ, FZ, the exception flags and their priority,
 * NaN propagation, MIN/MAX, the compare predicates, COMISS/UCOMISS flags, the approximations' special values, the
 * logic, shuffle and unpack instructions, and unmasked exceptions (#XM, or #UD without CR4.OSXMMEXCPT) leaving the
 * destination unchanged.
 */
class SseArithJudgeTest {

    private static final String ONE_D = "3ff0000000000000";
    private static final String MAX_D = "7fefffffffffffff";

    @TestFactory
    Stream<DynamicTest> basicArithmetic() {
        return Judge.l64(
                s("0f 58 ca ; addps xmm1,xmm2", "xmm1=3f80000040000000:4040000040800000 xmm2=3f8000003f800000:3f8000003f800000",
                        "xmm1=4000000040400000:4080000040a00000"),
                s("f3 0f 58 ca ; addss xmm1,xmm2 (other lanes kept, not computed)",
                        "xmm1=1111111122222222:333333333f800000 xmm2=ffffffffffffffff:ffffffff3f800000",
                        "xmm1=1111111122222222:3333333340000000"),
                s("f2 0f 59 0b ; mulsd xmm1,[rbx]", "rbx=8000 m64@8000=4008000000000000 xmm1=7:4000000000000000",
                        "xmm1=7:4018000000000000"),
                s("66 0f 5e ca ; divpd xmm1,xmm2", "xmm1=4010000000000000:3ff0000000000000 xmm2=4000000000000000:4000000000000000",
                        "xmm1=4000000000000000:3fe0000000000000"),
                s("0f 5c 0b ; subps xmm1,[rbx] (misaligned)", "rbx=8004", "#GP(0)"),
                s("f3 0f 5c 0b ; subss xmm1,[rbx] (no alignment for scalars)", "rbx=8001 m64@8001=3f800000 xmm1=0:40000000",
                        "xmm1=0:3f800000"),
                s("f2 0f 51 ca ; sqrtsd xmm1,xmm2", "xmm1=5:0 xmm2=0:4010000000000000", "xmm1=5:4000000000000000"),
                s("f3 0f 51 ca ; sqrtss sqrt(2) rounds to nearest", "xmm1=0 xmm2=0:40000000", "xmm1=0:3fb504f3 mxcsr=1fa0"),
                s("f3 0f 51 ca ; sqrtss sqrt(2) rounds up", "mxcsr=5f80 xmm1=0 xmm2=0:40000000", "xmm1=0:3fb504f4 mxcsr=5fa0"),
                s("f2 0f 51 ca ; sqrtsd of -1: invalid", "xmm1=0 xmm2=0:bff0000000000000", "xmm1=0:fff8000000000000 mxcsr=1f81"),
                s("f2 0f 51 ca ; sqrtsd of -0 is -0", "xmm1=0 xmm2=0:8000000000000000", "xmm1=0:8000000000000000"),
                s("44 0f 58 c7 ; addps xmm8,xmm7", "xmm8=0:3f800000 xmm7=0:3f800000", "xmm8=0:40000000"));
    }

    @TestFactory
    Stream<DynamicTest> roundingControl() {
        String tie = "xmm1=0:" + ONE_D + " xmm2=0:3ca0000000000000"; // 1 + 2^-53: halfway
        return Judge.l64(
                s("f2 0f 58 ca ; addsd halfway, to nearest even", tie, "xmm1=0:3ff0000000000000 mxcsr=1fa0"),
                s("f2 0f 58 ca ; addsd halfway, up", "mxcsr=5f80 " + tie, "xmm1=0:3ff0000000000001 mxcsr=5fa0"),
                s("f2 0f 58 ca ; addsd halfway, down", "mxcsr=3f80 " + tie, "xmm1=0:3ff0000000000000 mxcsr=3fa0"),
                s("f2 0f 58 ca ; addsd above halfway, to nearest", "xmm1=0:" + ONE_D + " xmm2=0:3ca8000000000000",
                        "xmm1=0:3ff0000000000001 mxcsr=1fa0"),
                s("f2 0f 5c ca ; subsd x-x is +0", "xmm1=0:" + ONE_D + " xmm2=0:" + ONE_D, "xmm1=0:0"),
                s("f2 0f 5c ca ; subsd x-x is -0 rounding down", "mxcsr=3f80 xmm1=0:" + ONE_D + " xmm2=0:" + ONE_D,
                        "xmm1=0:8000000000000000"),
                s("f2 0f 59 ca ; mulsd overflow to infinity", "xmm1=0:" + MAX_D + " xmm2=0:4000000000000000",
                        "xmm1=0:7ff0000000000000 mxcsr=1fa8"),
                s("f2 0f 59 ca ; mulsd overflow toward zero gives the largest finite", "mxcsr=7f80 xmm1=0:" + MAX_D
                        + " xmm2=0:4000000000000000", "xmm1=0:" + MAX_D + " mxcsr=7fa8"),
                s("f2 0f 59 ca ; mulsd negative overflow rounding up", "mxcsr=5f80 xmm1=0:" + MAX_D
                        + " xmm2=0:c000000000000000", "xmm1=0:ffefffffffffffff mxcsr=5fa8"));
    }

    @TestFactory
    Stream<DynamicTest> exceptionFlagsAndMasks() {
        return Judge.l64(
                s("f3 0f 5e ca ; divss 1/0", "xmm1=0:3f800000 xmm2=0:0", "xmm1=0:7f800000 mxcsr=1f84"),
                s("f3 0f 5e ca ; divss 0/0", "xmm1=0:0 xmm2=0:0", "xmm1=0:ffc00000 mxcsr=1f81"),
                s("f3 0f 5e ca ; divss -1/+0", "xmm1=0:bf800000 xmm2=0:0", "xmm1=0:ff800000 mxcsr=1f84"),
                s("f2 0f 58 ca ; addsd denormal + 0 (DE, exact)", "xmm1=0:1 xmm2=0:0", "xmm1=0:1 mxcsr=1f82"),
                s("f2 0f 58 ca ; addsd denormal + 0 with DAZ", "mxcsr=1fc0 xmm1=0:1 xmm2=0:0", "xmm1=0:0 mxcsr=1fc0"),
                s("f2 0f 58 ca ; addsd denormal + 1 (DE, PE)", "xmm1=0:1 xmm2=0:" + ONE_D, "xmm1=0:" + ONE_D + " mxcsr=1fa2"),
                s("f2 0f 59 ca ; mulsd exact denormal result (no flags)", "xmm1=0:0010000000000000 xmm2=0:3fe0000000000000",
                        "xmm1=0:0008000000000000"),
                s("f2 0f 59 ca ; mulsd tiny result flushed to zero (FZ)", "mxcsr=9f80 xmm1=0:0010000000000000 xmm2=0:3fe0000000000000",
                        "xmm1=0:0 mxcsr=9fb0"),
                s("f2 0f 59 ca ; mulsd inexact underflow of a denormal (DE UE PE)", "xmm1=0:1 xmm2=0:3fe0000000000000", "xmm1=0:0 mxcsr=1fb2"),
                s("f2 0f 59 ca ; mulsd inexact underflow rounding up", "mxcsr=5f80 xmm1=0:1 xmm2=0:3fe0000000000000",
                        "xmm1=0:1 mxcsr=5fb2"),
                s("f2 0f 59 ca ; unmasked overflow: #XM, destination unchanged", "mxcsr=1b80 xmm1=0:" + MAX_D
                        + " xmm2=0:4000000000000000", "#XM mxcsr=1b88"),
                s("f2 0f 59 ca ; unmasked underflow ignores FZ: #XM", "mxcsr=9780 xmm1=0:0010000000000000 xmm2=0:3fe0000000000000",
                        "#XM mxcsr=9790"),
                s("f2 0f 58 ca ; unmasked precision: #XM", "mxcsr=0f80 xmm1=0:" + ONE_D + " xmm2=0:3ca0000000000000",
                        "#XM mxcsr=0fa0"),
                s("f2 0f 58 ca ; unmasked denormal: #XM", "mxcsr=1e80 xmm1=0:1 xmm2=0:0", "#XM mxcsr=1e82"),
                s("f2 0f 58 ca ; unmasked exception without OSXMMEXCPT: #UD", "cr4=220 mxcsr=1e80 xmm1=0:1 xmm2=0:0",
                        "#UD mxcsr=1e82"),
                s("66 0f 58 ca ; addpd: an unmasked pre-computation exception hides the post-computation flags",
                        "mxcsr=1f00 xmm1=" + MAX_D + ":7ff0000000000000 xmm2=" + MAX_D + ":fff0000000000000", "#XM mxcsr=1f01"),
                s("66 0f 58 ca ; addpd: masked invalid and overflow lanes",
                        "xmm1=" + MAX_D + ":7ff0000000000000 xmm2=" + MAX_D + ":fff0000000000000",
                        "xmm1=7ff0000000000000:fff8000000000000 mxcsr=1fa9"),
                s("66 0f 58 ca ; addpd: masked invalid, unmasked overflow: both flags",
                        "mxcsr=1b80 xmm1=" + MAX_D + ":7ff0000000000000 xmm2=" + MAX_D + ":fff0000000000000", "#XM mxcsr=1b89"),
                s("f2 0f 58 ca ; flags are sticky", "mxcsr=1fbf xmm1=0:" + ONE_D + " xmm2=0:" + ONE_D,
                        "xmm1=0:4000000000000000 mxcsr=1fbf"));
    }

    @TestFactory
    Stream<DynamicTest> nanPropagationAndMinMax() {
        return Judge.l64(
                s("f2 0f 58 ca ; addsd QNaN + SNaN: the first operand's NaN, IE", "xmm1=0:7ff8000000000001 xmm2=0:7ff0000000000002",
                        "xmm1=0:7ff8000000000001 mxcsr=1f81"),
                s("f2 0f 58 ca ; addsd 1 + SNaN: quieted", "xmm1=0:" + ONE_D + " xmm2=0:7ff0000000000002",
                        "xmm1=0:7ff8000000000002 mxcsr=1f81"),
                s("f2 0f 58 ca ; addsd QNaN + QNaN: the first, no flag", "xmm1=0:fff8000000000003 xmm2=0:7ff8000000000004",
                        "xmm1=0:fff8000000000003"),
                s("0f 59 ca ; mulps inf * 0: default NaN", "xmm1=0:7f800000 xmm2=0:0", "xmm1=0:ffc00000 mxcsr=1f81"),
                s("f3 0f 5d ca ; minss QNaN, 1: the second operand, IE", "xmm1=0:7fc00000 xmm2=0:3f800000",
                        "xmm1=0:3f800000 mxcsr=1f81"),
                s("f3 0f 5f ca ; maxss 1, SNaN: the SNaN itself", "xmm1=0:3f800000 xmm2=0:7f800001", "xmm1=0:7f800001 mxcsr=1f81"),
                s("f2 0f 5d ca ; minsd +0, -0: the second", "xmm1=0:0 xmm2=0:8000000000000000", "xmm1=0:8000000000000000"),
                s("f2 0f 5f ca ; maxsd -0, +0: the second", "xmm1=0:8000000000000000 xmm2=0:0", "xmm1=0:0"),
                s("0f 5f ca ; maxps", "xmm1=bf80000040000000:3f800000c0000000 xmm2=3f8000003f800000:3f8000003f800000",
                        "xmm1=3f80000040000000:3f8000003f800000"));
    }

    private static final String CMP_IN = "xmm1=3f8000007fc00000:400000003f800000 xmm2=400000003f800000:3f8000003f800000";

    @TestFactory
    Stream<DynamicTest> comparePredicates() {
        return Judge.l64(
                s("0f c2 ca 00 ; cmpeqps", CMP_IN, "xmm1=0:00000000ffffffff"),
                s("0f c2 ca 01 ; cmpltps (QNaN signals)", CMP_IN, "xmm1=ffffffff00000000:0 mxcsr=1f81"),
                s("0f c2 ca 02 ; cmpleps", CMP_IN, "xmm1=ffffffff00000000:00000000ffffffff mxcsr=1f81"),
                s("0f c2 ca 03 ; cmpunordps", CMP_IN, "xmm1=00000000ffffffff:0"),
                s("0f c2 ca 04 ; cmpneqps", CMP_IN, "xmm1=ffffffffffffffff:ffffffff00000000"),
                s("0f c2 ca 05 ; cmpnltps", CMP_IN, "xmm1=00000000ffffffff:ffffffffffffffff mxcsr=1f81"),
                s("0f c2 ca 06 ; cmpnleps", CMP_IN, "xmm1=00000000ffffffff:ffffffff00000000 mxcsr=1f81"),
                s("0f c2 ca 07 ; cmpordps", CMP_IN, "xmm1=ffffffff00000000:ffffffffffffffff"),
                s("0f c2 ca 09 ; cmpps uses only imm8[2:0] (LT)", CMP_IN, "xmm1=ffffffff00000000:0 mxcsr=1f81"),
                s("f2 0f c2 ca 02 ; cmplesd", "xmm1=5:" + ONE_D + " xmm2=0:" + ONE_D, "xmm1=5:ffffffffffffffff"),
                s("66 0f c2 ca 00 ; cmpeqpd +0 == -0", "xmm1=0:0 xmm2=8000000000000000:8000000000000000",
                        "xmm1=ffffffffffffffff:ffffffffffffffff"),
                s("f3 0f c2 ca 00 ; cmpeqss with an SNaN signals", "xmm1=0:7f800001 xmm2=0:0", "xmm1=0:0 mxcsr=1f81"));
    }

    @TestFactory
    Stream<DynamicTest> comisUcomis() {
        return Judge.l64(
                s("0f 2f ca ; comiss 1 < 2: CF", "f=OSAZP xmm1=0:3f800000 xmm2=0:40000000", "f=C"),
                s("0f 2f ca ; comiss 2 > 1", "f=OSAZPC xmm1=0:40000000 xmm2=0:3f800000", "f="),
                s("0f 2f ca ; comiss equal: ZF", "xmm1=0:3f800000 xmm2=0:3f800000", "f=Z"),
                s("0f 2f ca ; comiss QNaN: unordered, IE", "xmm1=0:7fc00000 xmm2=0:3f800000", "f=ZPC mxcsr=1f81"),
                s("0f 2e ca ; ucomiss QNaN: unordered, no IE", "xmm1=0:7fc00000 xmm2=0:3f800000", "f=ZPC"),
                s("0f 2e ca ; ucomiss SNaN: IE", "xmm1=0:3f800000 xmm2=0:7f800001", "f=ZPC mxcsr=1f81"),
                s("66 0f 2f 0b ; comisd xmm1,[rbx]", "rbx=8001 m64@8001=4000000000000000 xmm1=0:" + ONE_D, "f=C"),
                s("0f 2f ca ; comiss unmasked invalid: #XM, flags unchanged", "f=O mxcsr=1f00 xmm1=0:7fc00000 xmm2=0",
                        "#XM mxcsr=1f01 f=O"));
    }

    @TestFactory
    Stream<DynamicTest> approximations() {
        return Judge.l64(
                s("f3 0f 53 ca ; rcpss +0 -> +inf, no flags even unmasked", "mxcsr=0 xmm1=0 xmm2=0:0", "xmm1=0:7f800000"),
                s("f3 0f 53 ca ; rcpss of a negative denormal -> -inf", "xmm1=0 xmm2=0:80000001", "xmm1=0:ff800000"),
                s("f3 0f 53 ca ; rcpss of inf -> 0", "xmm1=0 xmm2=0:7f800000", "xmm1=0:0"),
                s("f3 0f 53 ca ; rcpss of an SNaN -> quieted, no IE", "mxcsr=0 xmm1=0 xmm2=0:7f800001", "xmm1=0:7fc00001"),
                s("f3 0f 52 ca ; rsqrtss of -1 -> default NaN", "xmm1=0 xmm2=0:bf800000", "xmm1=0:ffc00000"),
                s("f3 0f 52 ca ; rsqrtss of +inf -> +0", "xmm1=0 xmm2=0:7f800000", "xmm1=0:0"),
                s("f3 0f 52 ca ; rsqrtss of -0 -> -inf", "xmm1=0 xmm2=0:80000000", "xmm1=0:ff800000"),
                s("66 0f 52 ca ; 66 0F 52 does not exist", "", "#UD"));
    }

    private static final String X1 = "xmm1=3333333322222222:1111111100000000";
    private static final String X2 = "xmm2=7777777766666666:5555555544444444";

    @TestFactory
    Stream<DynamicTest> logicShufflesUnpacks() {
        return Judge.l64(
                s("0f 54 ca ; andps", "xmm1=ff00ff00ff00ff00:0f0f0f0f0f0f0f0f xmm2=0ff00ff00ff00ff0:ffffffff00000000",
                        "xmm1=0f000f000f000f00:0f0f0f0f00000000"),
                s("66 0f 55 ca ; andnpd", "xmm1=ff00ff00ff00ff00:0f0f0f0f0f0f0f0f xmm2=0ff00ff00ff00ff0:ffffffff00000000",
                        "xmm1=00f000f000f000f0:f0f0f0f000000000"),
                s("0f 56 ca ; orps", "xmm1=1:2 xmm2=4:8", "xmm1=5:a"),
                s("66 0f 57 c9 ; xorpd xmm1,xmm1", X1, "xmm1=0:0"),
                s("0f 55 0b ; andnps xmm1,[rbx] (misaligned)", "rbx=8008", "#GP(0)"),
                s("0f c6 ca 1b ; shufps imm 1b", X1 + " " + X2, "xmm1=4444444455555555:2222222233333333"),
                s("66 0f c6 ca 01 ; shufpd imm 1", X1 + " " + X2, "xmm1=5555555544444444:3333333322222222"),
                s("0f 14 ca ; unpcklps", X1 + " " + X2, "xmm1=5555555511111111:4444444400000000"),
                s("0f 15 ca ; unpckhps", X1 + " " + X2, "xmm1=7777777733333333:6666666622222222"),
                s("66 0f 14 ca ; unpcklpd", X1 + " " + X2, "xmm1=5555555544444444:1111111100000000"),
                s("66 0f 15 ca ; unpckhpd", X1 + " " + X2, "xmm1=7777777766666666:3333333322222222"));
    }
}
