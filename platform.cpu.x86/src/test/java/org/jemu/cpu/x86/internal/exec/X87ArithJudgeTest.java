package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.X87Judge.c;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * FADD/FSUB/FSUBR/FMUL/FDIV/FDIVR in all forms, FSQRT; rounding and precision control, C1, special operands, the NaN
 * rules, and each exception masked and unmasked. The FPU starts as after FNINIT (TOP 0, FCW 037F) unless a case sets
 * it; {@code st0=1.5 st1=2.25} fill ST(0) and ST(1).
 */
class X87ArithJudgeTest {

    @TestFactory
    Stream<DynamicTest> registerForms() {
        return X87Judge.p32(
                c("d8 c1 ; fadd st,st(1)", "st0=1.5 st1=2.25", "st0=3.75 st1=2.25 fsw=0000"),
                c("dc c1 ; fadd st(1),st", "st0=1.5 st1=2.25", "st0=1.5 st1=3.75 fsw=0000"),
                c("de c1 ; faddp st(1),st", "st0=1.5 st1=2.25", "st0=3.75 st1=empty top=1 fsw=0800"),
                c("d8 c9 ; fmul st,st(1)", "st0=1.5 st1=-2", "st0=-3 fsw=0000"),
                c("de c9 ; fmulp st(1),st", "st0=1.5 st1=-2", "st0=-3 top=1"),
                c("d8 e1 ; fsub st,st(1)", "st0=1.5 st1=2.25", "st0=-0.75 st1=2.25"),
                c("d8 e9 ; fsubr st,st(1)", "st0=1.5 st1=2.25", "st0=0.75 st1=2.25"),
                c("dc e1 ; fsubr st(1),st: st1 = st0 - st1", "st0=1.5 st1=2.25", "st0=1.5 st1=-0.75"),
                c("dc e9 ; fsub st(1),st: st1 = st1 - st0", "st0=1.5 st1=2.25", "st0=1.5 st1=0.75"),
                c("de e9 ; fsubp st(1),st", "st0=1.5 st1=2.25", "st0=0.75 top=1"),
                c("de e1 ; fsubrp st(1),st", "st0=1.5 st1=2.25", "st0=-0.75 top=1"),
                c("d8 f1 ; fdiv st,st(1): 2/3 rounded up", "st0=1.5 st1=2.25", "st0=3ffe:aaaaaaaaaaaaaaab fsw=0220"),
                c("d8 f9 ; fdivr st,st(1)", "st0=1.5 st1=2.25", "st0=1.5 st1=2.25 fsw=0000"),
                c("de f9 ; fdivp st(1),st: st1 / st0", "st0=1.5 st1=2.25", "st0=1.5 top=1 fsw=0800"),
                c("de f1 ; fdivrp st(1),st: st0 / st1", "st0=1.5 st1=2.25", "st0=3ffe:aaaaaaaaaaaaaaab top=1 fsw=0a20"),
                c("dc f9 ; fdiv st(1),st", "st0=4 st1=1", "st1=0.25"),
                c("dc f1 ; fdivr st(1),st", "st0=4 st1=1", "st1=4"),
                c("d8 c0 ; fadd st,st(0)", "st0=-1.25", "st0=-2.5"),
                c("dc c3 ; fadd st(3),st", "st0=1 st3=2", "st3=3 st0=1"));
    }

    @TestFactory
    Stream<DynamicTest> memoryForms() {
        return X87Judge.p32(
                c("d8 03 ; fadd dword [ebx]", "ebx=8000 m32@8000=3fc00000 st0=1", "st0=2.5"),
                c("dc 0b ; fmul qword [ebx]", "ebx=8000 m64@8000=4000000000000000 st0=3", "st0=6"),
                c("d8 23 ; fsub dword [ebx]", "ebx=8000 m32@8000=40000000 st0=1", "st0=-1"),
                c("d8 2b ; fsubr dword [ebx]", "ebx=8000 m32@8000=40000000 st0=1", "st0=1"),
                c("dc 33 ; fdiv qword [ebx]", "ebx=8000 m64@8000=4010000000000000 st0=1", "st0=0.25"),
                c("dc 3b ; fdivr qword [ebx]", "ebx=8000 m64@8000=4010000000000000 st0=1", "st0=4"),
                c("da 03 ; fiadd dword [ebx]", "ebx=8000 m32@8000=fffffffd st0=1", "st0=-2"),
                c("da 23 ; fisub dword [ebx]", "ebx=8000 m32@8000=5 st0=1", "st0=-4"),
                c("de 3b ; fidivr word [ebx]", "ebx=8000 m16@8000=7 st0=2", "st0=3.5"),
                c("de 0b ; fimul word [ebx]", "ebx=8000 m16@8000=8000 st0=0.5", "st0=-16384"),
                c("d8 03 ; fadd dword [ebx]: single SNaN raises #IA and is made quiet", "ebx=8000 m32@8000=7fa00000 st0=1",
                        "st0=7fff:e000000000000000 fsw=0001"),
                c("d8 03 ; fadd dword [ebx]: QNaN wins over the SNaN", "ebx=8000 m32@8000=7fa00000 st0=7fff:c000000000000123",
                        "st0=7fff:c000000000000123 fsw=0001"),
                c("dc 03 ; fadd qword [ebx]: a double denormal operand raises #D", "ebx=8000 m64@8000=1 st0=0",
                        "st0=3bcd:8000000000000000 fsw=0002"),
                c("dc 03 ; fadd qword [ebx]: an unmasked #D stops it", "fcw=037d ebx=8000 m64@8000=1 st0=0",
                        "st0=0 fsw=8082"),
                c("d8 03 ; fadd dword [ebx]: empty ST(0), masked", "ebx=8000 m32@8000=3f800000",
                        "st0=ind fsw=0041"));
    }

    @TestFactory
    Stream<DynamicTest> roundingAndPrecisionControl() {
        return X87Judge.p32(
                c("d8 f1 ; fdiv: 1/3 nearest", "st0=1 st1=3", "st0=3ffd:aaaaaaaaaaaaaaab fsw=0220"),
                c("d8 f1 ; fdiv: 1/3 down", "fcw=077f st0=1 st1=3", "st0=3ffd:aaaaaaaaaaaaaaaa fsw=0020"),
                c("d8 f1 ; fdiv: 1/3 up", "fcw=0b7f st0=1 st1=3", "st0=3ffd:aaaaaaaaaaaaaaab fsw=0220"),
                c("d8 f1 ; fdiv: 1/3 toward zero", "fcw=0f7f st0=1 st1=3", "st0=3ffd:aaaaaaaaaaaaaaaa fsw=0020"),
                c("d8 f1 ; fdiv: -1/3 down rounds away from zero", "fcw=077f st0=-1 st1=3", "st0=bffd:aaaaaaaaaaaaaaab fsw=0220"),
                c("d8 f1 ; fdiv: 1/3 at 24 bits", "fcw=007f st0=1 st1=3", "st0=3ffd:aaaaab0000000000 fsw=0220"),
                c("d8 f1 ; fdiv: 1/3 at 53 bits", "fcw=027f st0=1 st1=3", "st0=3ffd:aaaaaaaaaaaaa800 fsw=0020"),
                c("d8 f1 ; fdiv: reserved precision control 01 means 64 bits", "fcw=017f st0=1 st1=3",
                        "st0=3ffd:aaaaaaaaaaaaaaab fsw=0220"),
                c("d8 c1 ; fadd: ties to even at 24 bits", "fcw=007f st0=3fff:8000008000000000 st1=0",
                        "st0=3fff:8000000000000000 fsw=0020"),
                c("d8 c1 ; fadd: tie rounds up to even", "fcw=007f st0=3fff:8000018000000000 st1=0",
                        "st0=3fff:8000020000000000 fsw=0220"),
                c("d8 c1 ; fadd: rounding carries into the exponent", "st0=3fff:ffffffffffffffff st1=3fbf:8000000000000000",
                        "st0=4000:8000000000000000 fsw=0220"),
                c("d8 e1 ; fsub: x - x is +0", "st0=1.5 st1=1.5", "st0=0 fsw=0000"),
                c("d8 e1 ; fsub: x - x is -0 rounding down", "fcw=077f st0=1.5 st1=1.5", "st0=-0 fsw=0000"),
                c("d8 c1 ; fadd: -0 + -0", "st0=-0 st1=-0", "st0=-0"),
                c("d8 c1 ; fadd: massive cancellation is exact", "st0=3fff:8000000000000001 st1=bfff:8000000000000000",
                        "st0=3fc0:8000000000000000 fsw=0000"),
                c("d8 c1 ; fadd: far smaller addend only rounds", "fcw=0b7f st0=1 st1=0001:8000000000000000",
                        "st0=3fff:8000000000000001 fsw=0220"));
    }

    @TestFactory
    Stream<DynamicTest> exceptions() {
        return X87Judge.p32(
                c("d8 e1 ; fsub: inf - inf is invalid", "st0=inf st1=inf", "st0=ind fsw=0001"),
                c("d8 c9 ; fmul: 0 * inf is invalid", "st0=0 st1=-inf", "st0=ind fsw=0001"),
                c("d8 f1 ; fdiv: 0/0 is invalid", "st0=0 st1=-0", "st0=ind fsw=0001"),
                c("d8 f1 ; fdiv: 1/-0 divides by zero", "st0=1 st1=-0", "st0=-inf fsw=0004"),
                c("d8 f1 ; fdiv: unmasked #Z leaves ST(0)", "fcw=037b st0=1 st1=0", "st0=1 fsw=8084"),
                c("de f9 ; fdivp: unmasked #Z does not pop", "fcw=037b st0=0 st1=1", "st0=0 st1=1 top=0 fsw=8084"),
                c("d8 e1 ; fsub: unmasked #IA leaves ST(0)", "fcw=037e st0=inf st1=inf", "st0=inf fsw=8081"),
                c("d8 c9 ; fmul: masked overflow gives infinity, rounded up", "st0=7ffe:8000000000000000 st1=2",
                        "st0=inf fsw=0228"),
                c("d8 c9 ; fmul: masked overflow toward zero gives the largest value", "fcw=0f7f st0=7ffe:8000000000000000 st1=2",
                        "st0=7ffe:ffffffffffffffff fsw=0028"),
                c("d8 c9 ; fmul: masked overflow at 24 bits toward zero", "fcw=0c7f st0=7ffe:8000000000000000 st1=2",
                        "st0=7ffe:ffffff0000000000 fsw=0028"),
                c("d8 c9 ; fmul: unmasked overflow delivers the result scaled by 2^-24576", "fcw=0377 st0=7ffe:8000000000000000 st1=2",
                        "st0=1fff:8000000000000000 fsw=8088"),
                c("d8 c9 ; fmul: an exact denormal result is no underflow", "st0=0001:8000000000000000 st1=0.5",
                        "st0=0000:4000000000000000 fsw=0000"),
                c("d8 c9 ; fmul: an inexact tiny result underflows", "st0=0001:8000000000000001 st1=0.5",
                        "st0=0000:4000000000000000 fsw=0030"),
                c("d8 c9 ; fmul: tininess is detected before rounding", "st0=3ffe:ffffffffffffffff st1=0001:8000000000000000",
                        "st0=0001:8000000000000000 fsw=0230"),
                c("d8 c9 ; fmul: unmasked underflow scales by 2^24576 even when exact", "fcw=036f st0=0001:8000000000000000 st1=0.5",
                        "st0=6000:8000000000000000 fsw=8090"),
                c("d8 c1 ; fadd: a denormal operand raises #D", "st0=0000:0000000000000001 st1=0",
                        "st0=0000:0000000000000001 fsw=0002"),
                c("d8 c1 ; fadd: a pseudo-denormal operand raises #D and comes out normal", "st0=0000:8000000000000000 st1=0",
                        "st0=0001:8000000000000000 fsw=0002"),
                c("d8 c1 ; fadd: unmasked #D stops the operation", "fcw=037d st0=0000:0000000000000001 st1=1",
                        "st0=0000:0000000000000001 fsw=8082"),
                c("d8 c1 ; fadd: an unnormal is invalid", "st0=3fff:4000000000000000 st1=1", "st0=ind fsw=0001"),
                c("d8 c1 ; fadd: a pseudo-infinity is invalid", "st0=7fff:0000000000000000 st1=1", "st0=ind fsw=0001"),
                c("d8 c1 ; fadd: inexact result, precision exception unmasked: delivered", "fcw=035f st0=1 st1=3fbe:8000000000000000",
                        "st0=1 fsw=80a0"),
                c("d8 c1 ; fadd: ST(1) empty, masked: indefinite, C1 = 0", "fsw=0200 st0=1", "st0=ind fsw=0041"),
                c("d8 c1 ; fadd: ST(1) empty, unmasked: nothing but the flags", "fcw=037e st0=1", "st0=1 fsw=80c1"),
                c("de c1 ; faddp: ST(0) empty, masked: indefinite to ST(1), popped", "top=7 st1=1", "st0=ind top=0 fsw=0041"));
    }

    @TestFactory
    Stream<DynamicTest> nanRules() {
        return X87Judge.p32(
                c("d8 c1 ; fadd: a QNaN propagates without #IA", "st0=1 st1=qnan", "st0=qnan fsw=0000"),
                c("d8 c1 ; fadd: an SNaN is made quiet with #IA", "st0=snan st1=1", "st0=7fff:e000000000000000 fsw=0001"),
                c("d8 c1 ; fadd: of two QNaNs the larger significand", "st0=ffff:c000000000000001 st1=7fff:c000000000000002",
                        "st0=7fff:c000000000000002"),
                c("d8 c1 ; fadd: of two SNaNs the larger significand, made quiet", "st0=7fff:a000000000000001 st1=ffff:b000000000000000",
                        "st0=ffff:f000000000000000 fsw=0001"),
                c("d8 c1 ; fadd: a QNaN wins over an SNaN", "st0=7fff:bfffffffffffffff st1=ffff:c000000000000000",
                        "st0=ffff:c000000000000000 fsw=0001"),
                c("d8 c1 ; fadd: equal significands: the positive one", "st0=ffff:c000000000000001 st1=7fff:c000000000000001",
                        "st0=7fff:c000000000000001"),
                c("d8 c1 ; fadd: a NaN with an unsupported operand is invalid", "st0=qnan st1=3fff:0000000000000001",
                        "st0=ind fsw=0001"),
                c("d8 f1 ; fdiv: a NaN beats division by zero", "st0=qnan st1=0", "st0=qnan fsw=0000"));
    }

    @TestFactory
    Stream<DynamicTest> squareRoot() {
        return X87Judge.p32(
                c("d9 fa ; fsqrt 4", "st0=4", "st0=2 fsw=0000"),
                c("d9 fa ; fsqrt 2", "st0=2", "st0=3fff:b504f333f9de6484 fsw=0020"),
                c("d9 fa ; fsqrt 2 up", "fcw=0b7f st0=2", "st0=3fff:b504f333f9de6485 fsw=0220"),
                c("d9 fa ; fsqrt 2 at 24 bits", "fcw=007f st0=2", "st0=3fff:b504f30000000000 fsw=0020"),
                c("d9 fa ; fsqrt 8 (odd exponent)", "st0=8", "st0=4000:b504f333f9de6484 fsw=0020"),
                c("d9 fa ; fsqrt -0 is -0", "st0=-0", "st0=-0 fsw=0000"),
                c("d9 fa ; fsqrt -1 is invalid", "st0=-1", "st0=ind fsw=0001"),
                c("d9 fa ; fsqrt +inf", "st0=inf", "st0=inf fsw=0000"),
                c("d9 fa ; fsqrt of the smallest denormal", "st0=0000:0000000000000001", "st0=1fe0:b504f333f9de6484 fsw=0022"),
                c("d9 fa ; fsqrt: empty", "", "st0=ind fsw=0041"));
    }

    @TestFactory
    Stream<DynamicTest> otherModes() {
        return Stream.concat(
                X87Judge.real(c("d8 07 ; fadd dword [bx]", "ebx=100 m32@100=3f800000 st0=1", "st0=2 fip=7000 fdp=100 fop=007")),
                X87Judge.l64(c("dc 05 fa 0f 00 00 ; fadd qword [rip+0xffa]", "m64@8000=3ff0000000000000 st0=1",
                        "st0=2 fdp=8000 fip=7000")));
    }
}
