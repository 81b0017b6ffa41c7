package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.X87Judge.c;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * FLD/FST/FSTP in all forms, FILD/FIST/FISTP, FBLD/FBSTP, the constants, FXCH, FCMOVcc, FFREE(P), FINCSTP/FDECSTP,
 * FCHS/FABS, and the stack faults. The FPU starts as after FNINIT (TOP 0): a push makes TOP 7.
 */
class X87LoadStoreJudgeTest {

    @TestFactory
    Stream<DynamicTest> loads() {
        return X87Judge.p32(
                c("d9 03 ; fld dword [ebx]", "ebx=8000 m32@8000=3fc00000", "st0=1.5 top=7 fsw=3800 ftw=3fff"),
                c("d9 03 ; fld dword [ebx]: SNaN made quiet, #IA", "ebx=8000 m32@8000=7fa00000", "st0=7fff:e000000000000000 fsw=3801"),
                c("d9 03 ; fld dword [ebx]: SNaN, #IA unmasked: nothing loaded", "fcw=037e ebx=8000 m32@8000=7fa00000",
                        "st0=empty top=0 fsw=8081"),
                c("d9 03 ; fld dword [ebx]: denormal normalized, #D", "ebx=8000 m32@8000=00000001",
                        "st0=3f6a:8000000000000000 fsw=3802 ftw=3fff"),
                c("d9 03 ; fld dword [ebx]: denormal, #D unmasked: loaded all the same", "fcw=037d ebx=8000 m32@8000=80000001",
                        "st0=bf6a:8000000000000000 fsw=b882"),
                c("dd 03 ; fld qword [ebx]", "ebx=8000 m64@8000=bff0000000000000", "st0=-1 fsw=3800"),
                c("dd 03 ; fld qword [ebx]: infinity", "ebx=8000 m64@8000=7ff0000000000000", "st0=inf ftw=bfff"),
                c("db 2b ; fld tword [ebx]: as it is, no #IA for an SNaN", "ebx=8000 m80@8000=7fff:a000000000000000",
                        "st0=7fff:a000000000000000 fsw=3800"),
                c("db 2b ; fld tword [ebx]: an unnormal as it is", "ebx=8000 m80@8000=3fff:4000000000000000",
                        "st0=3fff:4000000000000000 fsw=3800 ftw=bfff"),
                c("d9 c1 ; fld st(1)", "top=7 st0=1 st1=2", "st0=2 st1=1 st2=2 top=6"),
                c("d9 c1 ; fld st(1): empty source, masked: indefinite", "top=7 st0=1", "st0=ind st1=1 top=6 fsw=3041"),
                c("d9 e8 ; fld1: stack overflow, masked: indefinite pushed, C1 = 1",
                        "st0=0 st1=0 st2=0 st3=0 st4=0 st5=0 st6=0 st7=0", "st0=ind top=7 fsw=3a41"),
                c("d9 e8 ; fld1: stack overflow, unmasked: nothing",
                        "fcw=037e st0=0 st1=0 st2=0 st3=0 st4=0 st5=0 st6=0 st7=0", "st0=0 top=0 fsw=82c1"),
                c("df 03 ; fild word [ebx]", "ebx=8000 m16@8000=ffff", "st0=-1"),
                c("db 03 ; fild dword [ebx]", "ebx=8000 m32@8000=80000000", "st0=c01e:8000000000000000"),
                c("df 2b ; fild qword [ebx]", "ebx=8000 m64@8000=7fffffffffffffff", "st0=403d:fffffffffffffffe"),
                c("df 2b ; fild qword [ebx]: zero", "ebx=8000 m64@8000=0", "st0=0 ftw=7fff"),
                c("df 23 ; fbld tword [ebx]", "ebx=8000 b@8000=89674523010000000080", "st0=c019:eb79a2a000000000"),
                c("df 23 ; fbld tword [ebx]: -0", "ebx=8000 b@8000=00000000000000000080", "st0=-0"),
                c("df 23 ; fbld tword [ebx]: 18 nines", "ebx=8000 b@8000=99999999999999999900",
                        "st0=403a:de0b6b3a763ffff0"));
    }

    @TestFactory
    Stream<DynamicTest> stores() {
        return X87Judge.p32(
                c("d9 13 ; fst dword [ebx]", "ebx=8000 st0=1.5", "m32@8000=3fc00000 st0=1.5 fsw=0000"),
                c("d9 1b ; fstp dword [ebx]", "ebx=8000 st0=1.5", "m32@8000=3fc00000 st0=empty top=1"),
                c("d9 13 ; fst dword [ebx]: 1/3 rounded up, C1", "ebx=8000 st0=3ffd:aaaaaaaaaaaaaaab", "m32@8000=3eaaaaab fsw=0220"),
                c("d9 13 ; fst dword [ebx]: toward zero", "fcw=0f7f ebx=8000 st0=3ffd:aaaaaaaaaaaaaaab", "m32@8000=3eaaaaaa fsw=0020"),
                c("d9 13 ; fst dword [ebx]: overflow gives infinity", "ebx=8000 st0=1e300", "m32@8000=7f800000 fsw=0228"),
                c("d9 13 ; fst dword [ebx]: unmasked overflow stores nothing, no #P", "fcw=0377 ebx=8000 m32@8000=12345678 st0=1e300",
                        "m32@8000=12345678 fsw=8088"),
                c("d9 13 ; fst dword [ebx]: underflow to a single denormal", "ebx=8000 st0=1e-40", "m32@8000=000116c2 fsw=0030"),
                c("d9 13 ; fst dword [ebx]: underflow to zero", "ebx=8000 st0=-1e-50", "m32@8000=80000000 fsw=0030"),
                c("d9 13 ; fst dword [ebx]: a QNaN keeps its top payload bits", "ebx=8000 st0=ffff:c000018000000000",
                        "m32@8000=ffc00001 fsw=0000"),
                c("d9 13 ; fst dword [ebx]: an unnormal stores the indefinite", "ebx=8000 st0=3fff:4000000000000000",
                        "m32@8000=ffc00000 fsw=0001"),
                c("d9 13 ; fst dword [ebx]: an extended denormal is no #D", "ebx=8000 st0=0000:0000000000000001",
                        "m32@8000=0 fsw=0030"),
                c("d9 1b ; fstp dword [ebx]: empty, masked: indefinite stored and popped", "ebx=8000", "m32@8000=ffc00000 top=1 fsw=0841"),
                c("d9 1b ; fstp dword [ebx]: empty, unmasked: nothing", "fcw=037e ebx=8000 m32@8000=5", "m32@8000=5 top=0 fsw=80c1"),
                c("dd 13 ; fst qword [ebx]", "ebx=8000 st0=-0.1", "m64@8000=bfb999999999999a fsw=0000"),
                c("dd 13 ; fst qword [ebx]: rounded", "ebx=8000 st0=bffb:cccccccccccccccd", "m64@8000=bfb999999999999a fsw=0220"),
                c("dd 1b ; fstp qword [ebx]: double denormal", "ebx=8000 st0=3bcd:8000000000000000",
                        "m64@8000=0000000000000001 top=1 fsw=0800"),
                c("db 3b ; fstp tword [ebx]: as it is", "ebx=8000 st0=7fff:a000000000000000",
                        "m80@8000=7fff:a000000000000000 top=1 fsw=0800"),
                c("df 13 ; fist word [ebx]: 2.5 to nearest even", "ebx=8000 st0=2.5", "m16@8000=2 fsw=0020"),
                c("df 13 ; fist word [ebx]: 2.5 up", "fcw=0b7f ebx=8000 st0=2.5", "m16@8000=3 fsw=0220"),
                c("df 13 ; fist word [ebx]: -2.5 down", "fcw=077f ebx=8000 st0=-2.5", "m16@8000=fffd fsw=0220"),
                c("df 13 ; fist word [ebx]: out of range: the integer indefinite", "ebx=8000 st0=40000", "m16@8000=8000 fsw=0001"),
                c("df 13 ; fist word [ebx]: -32768 fits", "ebx=8000 st0=-32768", "m16@8000=8000 fsw=0000"),
                c("df 13 ; fist word [ebx]: -32768.5 rounds to -32768", "ebx=8000 st0=-32768.5", "m16@8000=8000 fsw=0020"),
                c("df 13 ; fist word [ebx]: a NaN is invalid", "ebx=8000 st0=qnan", "m16@8000=8000 fsw=0001"),
                c("df 13 ; fist word [ebx]: unmasked #IA stores nothing", "fcw=037e ebx=8000 m16@8000=1234 st0=inf",
                        "m16@8000=1234 fsw=8081"),
                c("db 13 ; fist dword [ebx]", "ebx=8000 st0=-123456.75", "m32@8000=fffe1dbf fsw=0220"),
                c("db 1b ; fistp dword [ebx]", "ebx=8000 st0=2147483647", "m32@8000=7fffffff top=1"),
                c("df 3b ; fistp qword [ebx]: -2^63", "ebx=8000 st0=c03e:8000000000000000", "m64@8000=8000000000000000 top=1"),
                c("df 3b ; fistp qword [ebx]: 2^63 is too large", "ebx=8000 st0=403e:8000000000000000",
                        "m64@8000=8000000000000000 top=1 fsw=0801"),
                c("df 33 ; fbstp tword [ebx]", "ebx=8000 st0=-1234.5", "b@8000=34120000000000000080 top=1 fsw=0820"),
                c("df 33 ; fbstp tword [ebx]: 10^18 is out of range", "ebx=8000 st0=1e18",
                        "b@8000=00000000000000c0ffff top=1 fsw=0801"),
                c("df 33 ; fbstp tword [ebx]: 10^18 - 1", "ebx=8000 st0=403a:de0b6b3a763ffff0",
                        "b@8000=99999999999999999900 top=1 fsw=0800"));
    }

    @TestFactory
    Stream<DynamicTest> constants() {
        return X87Judge.p32(
                c("d9 e8 ; fld1", "", "st0=1 fsw=3800"),
                c("d9 ee ; fldz", "", "st0=0 ftw=7fff"),
                c("d9 eb ; fldpi", "", "st0=4000:c90fdaa22168c235 fsw=3800"),
                c("d9 eb ; fldpi down", "fcw=077f", "st0=4000:c90fdaa22168c234 fsw=3800"),
                c("d9 ea ; fldl2e up", "fcw=0b7f", "st0=3fff:b8aa3b295c17f0bc fsw=3800"),
                c("d9 ea ; fldl2e toward zero", "fcw=0f7f", "st0=3fff:b8aa3b295c17f0bb"),
                c("d9 e9 ; fldl2t", "", "st0=4000:d49a784bcd1b8afe"),
                c("d9 e9 ; fldl2t up", "fcw=0b7f", "st0=4000:d49a784bcd1b8aff"),
                c("d9 ec ; fldlg2", "", "st0=3ffd:9a209a84fbcff799"),
                c("d9 ec ; fldlg2 down", "fcw=077f", "st0=3ffd:9a209a84fbcff798"),
                c("d9 ed ; fldln2", "", "st0=3ffe:b17217f7d1cf79ac"),
                c("d9 ed ; fldln2 toward zero, not affected by precision control", "fcw=0c7f", "st0=3ffe:b17217f7d1cf79ab"));
    }

    @TestFactory
    Stream<DynamicTest> registerMoves() {
        return X87Judge.p32(
                c("d9 c9 ; fxch st(1)", "fsw=0200 st0=1 st1=2", "st0=2 st1=1 fsw=0000"),
                c("d9 c9 ; fxch st(1): empty operand, masked: indefinite exchanged", "st0=1", "st0=ind st1=1 fsw=0041"),
                c("dd ca ; fxch4 st(2)", "st0=1 st2=3", "st0=3 st2=1"),
                c("df c9 ; fxch7 st(1)", "st0=1 st1=3", "st0=3 st1=1"),
                c("dd d2 ; fst st(2)", "st0=1 st2=3", "st0=1 st2=1"),
                c("dd da ; fstp st(2)", "st0=1 st1=4 st2=3", "st0=4 st1=1 top=1"),
                c("dd d8 ; fstp st(0): just a pop", "st0=1 st1=4", "st0=4 top=1"),
                c("dd da ; fstp st(2): empty ST(0), masked: indefinite", "st2=3", "st1=ind top=1 fsw=0841"),
                c("df d2 ; fstp8 st(2)", "st0=1 st1=4 st2=3", "st0=4 st1=1 top=1"),
                c("df da ; fstp9 st(2)", "st0=1 st1=4 st2=3", "st0=4 st1=1 top=1"),
                c("d9 da ; fstp1 st(2)", "st0=1 st1=4 st2=3", "st0=4 st1=1 top=1"),
                c("d9 da ; fstp1 st(2): an empty ST(0) is popped without a stack fault", "fsw=0200 st2=3",
                        "st1=3 top=1 fsw=0800"),
                c("da c1 ; fcmovb st,st(1): CF set", "f=C st0=1 st1=2", "st0=2 st1=2 f=C"),
                c("da c1 ; fcmovb st,st(1): CF clear", "f= st0=1 st1=2", "st0=1 f="),
                c("da c9 ; fcmove st,st(1)", "f=Z st0=1 st1=2", "st0=2 f=Z"),
                c("da d1 ; fcmovbe st,st(1)", "f=Z st0=1 st1=2", "st0=2 f=Z"),
                c("da d9 ; fcmovu st,st(1)", "f=P st0=1 st1=2", "st0=2 f=P"),
                c("db c1 ; fcmovnb st,st(1): CF set", "f=C st0=1 st1=2", "st0=1 f=C"),
                c("db c9 ; fcmovne st,st(1)", "f= st0=1 st1=2", "st0=2 f="),
                c("db d1 ; fcmovnbe st,st(1)", "f=C st0=1 st1=2", "st0=1 f=C"),
                c("db d9 ; fcmovnu st,st(1): C1 is left alone", "fsw=0200 f= st0=1 st1=2", "st0=2 fsw=0200 f="),
                c("da c1 ; fcmovb st,st(1): empty source, masked: indefinite", "f= st0=1", "st0=ind fsw=0041"),
                c("dd c1 ; ffree st(1)", "st0=1 st1=2", "st0=1 st1=empty top=0 fsw=0000"),
                c("df c1 ; ffreep st(1)", "st0=1 st1=2 st2=3", "st0=empty st1=3 top=1"),
                c("d9 f7 ; fincstp", "fsw=0200 st0=1 st1=2", "st0=2 st7=1 top=1 fsw=0800"),
                c("d9 f6 ; fdecstp", "st0=1", "st0=empty st1=1 top=7 fsw=3800"),
                c("d9 e0 ; fchs", "st0=1", "st0=-1 fsw=0000"),
                c("d9 e0 ; fchs: a NaN without #IA", "st0=snan", "st0=ffff:a000000000000000 fsw=0000"),
                c("d9 e1 ; fabs", "fsw=0200 st0=-inf", "st0=inf fsw=0000"),
                c("d9 e1 ; fabs: empty, masked", "", "st0=ind fsw=0041"));
    }
}
