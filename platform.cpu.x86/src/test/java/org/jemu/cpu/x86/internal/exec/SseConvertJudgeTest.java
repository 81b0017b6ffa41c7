package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.JudgeSimd.s;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * SSE/SSE2 conversions: integer to floating point and back (rounded under MXCSR or truncated, the integer indefinite
 * for NaN and out-of-range values), single to double and back, the packed doubleword forms and the MMX forms (with
 * the MMX transition only when an MMX register is used); and tininess detected after rounding.
 */
class SseConvertJudgeTest {

    private static final String A = "1111111122222222:3333333344444444";

    @TestFactory
    Stream<DynamicTest> integerToFloat() {
        return Judge.l64(
                s("f3 0f 2a c8 ; cvtsi2ss xmm1,eax", "rax=ffffffff00000003 xmm1=" + A, "xmm1=1111111122222222:3333333340400000"),
                s("f3 48 0f 2a c8 ; cvtsi2ss xmm1,rax rounds to nearest", "rax=7fffffffffffffff xmm1=0", "xmm1=0:5f000000 mxcsr=1fa0"),
                s("f3 48 0f 2a c8 ; cvtsi2ss xmm1,rax toward zero", "mxcsr=7f80 rax=7fffffffffffffff xmm1=0",
                        "xmm1=0:5effffff mxcsr=7fa0"),
                s("f2 0f 2a c8 ; cvtsi2sd xmm1,eax (exact)", "rax=ffffffff xmm1=" + A, "xmm1=1111111122222222:bff0000000000000"),
                s("f2 48 0f 2a 0b ; cvtsi2sd xmm1,[rbx] (64-bit)", "rbx=8000 m64@8000=20000000000001 xmm1=0",
                        "xmm1=0:4340000000000000 mxcsr=1fa0"),
                s("f3 0f 2a c8 ; cvtsi2ss with unmasked precision: #XM", "mxcsr=0f80 rax=1000001 xmm1=" + A, "#XM mxcsr=0fa0"),
                s("0f 5b ca ; cvtdq2ps", "xmm2=800000007fffffff:ffffffff00000001",
                        "xmm1=cf0000004f000000:bf8000003f800000 mxcsr=1fa0"),
                s("f3 0f e6 ca ; cvtdq2pd", "xmm2=5:ffffffff00000002", "xmm1=bff0000000000000:4000000000000000"),
                s("0f 2a c8 ; cvtpi2ps xmm1,mm0 (MMX transition)", "mm0=fffffffe00000003 xmm1=" + A,
                        "xmm1=1111111122222222:c000000040400000 mmx=1"),
                s("0f 2a 0b ; cvtpi2ps xmm1,[rbx] (no MMX transition)", "rbx=8000 m64@8000=100000001 xmm1=0",
                        "xmm1=0:3f8000003f800000 mmx=0"),
                s("66 0f 2a c8 ; cvtpi2pd xmm1,mm0", "mm0=fffffffe00000003", "xmm1=c000000000000000:4008000000000000 mmx=1"));
    }

    @TestFactory
    Stream<DynamicTest> floatToInteger() {
        return Judge.l64(
                s("f3 0f 2c c1 ; cvttss2si eax,xmm1 (-1.5 truncates to -1)", "rax=-1 xmm1=0:bfc00000", "rax=ffffffff mxcsr=1fa0"),
                s("f3 0f 2d c1 ; cvtss2si eax,xmm1 (-1.5 to nearest even: -2)", "xmm1=0:bfc00000", "rax=fffffffe mxcsr=1fa0"),
                s("f3 0f 2d c1 ; cvtss2si eax,xmm1 (2.5: 2)", "xmm1=0:40200000", "rax=2 mxcsr=1fa0"),
                s("f3 0f 2d c1 ; cvtss2si eax,xmm1 (2.5 up: 3)", "mxcsr=5f80 xmm1=0:40200000", "rax=3 mxcsr=5fa0"),
                s("f3 0f 2d c1 ; cvtss2si eax,xmm1 (-2^31: exact)", "xmm1=0:cf000000", "rax=80000000"),
                s("f3 0f 2d c1 ; cvtss2si eax,xmm1 (2^31: indefinite)", "xmm1=0:4f000000", "rax=80000000 mxcsr=1f81"),
                s("f3 0f 2c c1 ; cvttss2si eax,xmm1 (0.99999994: 0)", "xmm1=0:3f7fffff", "rax=0 mxcsr=1fa0"),
                s("f2 48 0f 2d c1 ; cvtsd2si rax,xmm1 (NaN)", "xmm1=0:7ff8000000000000", "rax=8000000000000000 mxcsr=1f81"),
                s("f2 48 0f 2c c1 ; cvttsd2si rax,xmm1 (-2^63)", "xmm1=0:c3e0000000000000", "rax=8000000000000000"),
                s("f2 0f 2d 03 ; cvtsd2si eax,[rbx]", "rbx=8000 m64@8000=c05ec00000000000", "rax=ffffff85"),
                s("f3 0f 2d c1 ; cvtss2si with unmasked precision: #XM, eax unchanged", "mxcsr=0f80 rax=5 xmm1=0:bfc00000",
                        "#XM mxcsr=0fa0"),
                s("66 0f 5b ca ; cvtps2dq", "xmm2=4f32d05e3fc00000:c020000040200000",
                        "xmm1=8000000000000002:fffffffe00000002 mxcsr=1fa1"),
                s("f3 0f 5b ca ; cvttps2dq", "xmm2=4f32d05e3fc00000:c020000040200000",
                        "xmm1=8000000000000001:fffffffe00000002 mxcsr=1fa1"),
                s("f2 0f e6 ca ; cvtpd2dq (upper quadword zero)", "xmm1=" + A + " xmm2=c00c000000000000:4004000000000000",
                        "xmm1=0:fffffffc00000002 mxcsr=1fa0"),
                s("66 0f e6 ca ; cvttpd2dq", "xmm2=c00c000000000000:4004000000000000", "xmm1=0:fffffffd00000002 mxcsr=1fa0"),
                s("0f 2d c1 ; cvtps2pi mm0,xmm1", "xmm1=0:c02000003fc00000", "mm0=fffffffe00000002 mxcsr=1fa0 mmx=1"),
                s("0f 2c c1 ; cvttps2pi mm0,xmm1", "xmm1=0:c02000003fc00000", "mm0=fffffffe00000001 mxcsr=1fa0 mmx=1"),
                s("66 0f 2d c1 ; cvtpd2pi mm0,xmm1", "xmm1=c00c000000000000:4004000000000000", "mm0=fffffffc00000002 mxcsr=1fa0 mmx=1"),
                s("66 0f 2d 03 ; cvtpd2pi mm0,[rbx] (misaligned)", "rbx=8008", "#GP(0)"),
                s("0f e6 c1 ; 0F E6 without prefix", "", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> singleDouble() {
        return Judge.l64(
                s("0f 5a ca ; cvtps2pd", "xmm2=5:400000003f800000", "xmm1=4000000000000000:3ff0000000000000"),
                s("0f 5a ca ; cvtps2pd of an SNaN: quieted, IE", "xmm2=0:7f800001", "xmm1=0:7ff8000020000000 mxcsr=1f81"),
                s("0f 5a ca ; cvtps2pd of a denormal: exact, DE", "xmm2=0:00000001", "xmm1=0:36a0000000000000 mxcsr=1f82"),
                s("66 0f 5a ca ; cvtpd2ps (upper quadword zero)", "xmm1=" + A + " xmm2=4000000000000000:3ff0000000000000",
                        "xmm1=0:400000003f800000"),
                s("f3 0f 5a ca ; cvtss2sd", "xmm1=" + A + " xmm2=0:3f800000", "xmm1=1111111122222222:3ff0000000000000"),
                s("f2 0f 5a ca ; cvtsd2ss overflow", "xmm1=" + A + " xmm2=0:7e37e43c8800759c",
                        "xmm1=1111111122222222:333333337f800000 mxcsr=1fa8"),
                s("f2 0f 5a ca ; cvtsd2ss of a denormal double", "xmm1=0 xmm2=0:1", "xmm1=0:0 mxcsr=1fb2"),
                s("f2 0f 5a ca ; cvtsd2ss of a NaN keeps the top of the payload", "xmm1=0 xmm2=0:fff4000020000000",
                        "xmm1=0:ffe00001 mxcsr=1f81"));
    }

    @TestFactory
    Stream<DynamicTest> tininessIsDetectedAfterRounding() {
        // (1 - 2^-52) * 2^-1022 (1 + 2^-52) = 2^-1022 (1 - 2^-104): rounds to the smallest normal at 53 bits
        String in = "xmm1=0:3feffffffffffffe xmm2=0:0010000000000001";
        return Judge.l64(
                s("f2 0f 59 ca ; mulsd just below 2^-1022, to nearest: not tiny", in, "xmm1=0:0010000000000000 mxcsr=1fa0"),
                s("f2 0f 59 ca ; ... and not flushed by FZ", "mxcsr=9f80 " + in, "xmm1=0:0010000000000000 mxcsr=9fa0"),
                s("f2 0f 59 ca ; ... rounding down: tiny", "mxcsr=3f80 " + in, "xmm1=0:000fffffffffffff mxcsr=3fb0"),
                s("f2 0f 59 ca ; (1 - 2^-53) * 2^-1022: tiny, rounds to the smallest normal",
                        "xmm1=0:3fefffffffffffff xmm2=0:0010000000000000", "xmm1=0:0010000000000000 mxcsr=1fb0"));
    }
}
