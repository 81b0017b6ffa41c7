package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.X87Judge.c;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * FCOM/FCOMP/FCOMPP/FUCOM/FUCOMP/FUCOMPP/FICOM/FICOMP (C3 C2 C0: 000 greater, 001 less, 100 equal, 111 unordered),
 * FCOMI/FCOMIP/FUCOMI/FUCOMIP (ZF PF CF), FTST and FXAM.
 */
class X87CompareJudgeTest {

    @TestFactory
    Stream<DynamicTest> conditionCodes() {
        return X87Judge.p32(
                c("d8 d1 ; fcom st(1): less", "st0=1 st1=2", "fsw=0100 st0=1 st1=2"),
                c("d8 d1 ; fcom st(1): greater, C1 cleared", "fsw=4700 st0=3 st1=2", "fsw=0000"),
                c("d8 d1 ; fcom st(1): equal, +0 = -0", "st0=0 st1=-0", "fsw=4000"),
                c("d8 d1 ; fcom st(1): -inf is less than the most negative finite value", "st0=-inf st1=fffe:ffffffffffffffff",
                        "fsw=0100"),
                c("d8 d1 ; fcom st(1): a QNaN is unordered and invalid", "st0=1 st1=qnan", "fsw=4501"),
                c("dd e1 ; fucom st(1): a QNaN is unordered, no #IA", "st0=1 st1=qnan", "fsw=4500"),
                c("dd e1 ; fucom st(1): an SNaN is invalid", "st0=snan st1=1", "fsw=4501"),
                c("dd e1 ; fucom st(1): an unsupported operand is invalid", "st0=3fff:0000000000000000 st1=1", "fsw=4501"),
                c("dd e1 ; fucom st(1): a denormal raises #D and compares", "st0=0000:0000000000000001 st1=0", "fsw=0002"),
                c("d8 d9 ; fcomp st(1)", "st0=1 st1=2", "fsw=0900 st0=2 top=1"),
                c("dc d1 ; fcom2 st(1)", "st0=1 st1=2", "fsw=0100"),
                c("dc d9 ; fcomp3 st(1)", "st0=1 st1=2", "fsw=0900 top=1"),
                c("de d1 ; fcomp5 st(1)", "st0=2 st1=2", "fsw=4800 top=1"),
                c("de d9 ; fcompp", "st0=1 st1=2 st2=3", "fsw=1100 st0=3 top=2"),
                c("dd e9 ; fucomp st(1)", "st0=2 st1=1", "fsw=0800 top=1"),
                c("da e9 ; fucompp", "st0=qnan st1=2 st2=3", "fsw=5500 st0=3 top=2"),
                c("d8 13 ; fcom dword [ebx]", "ebx=8000 m32@8000=3f800000 st0=1", "fsw=4000"),
                c("dc 1b ; fcomp qword [ebx]", "ebx=8000 m64@8000=3ff0000000000000 st0=0.5", "fsw=0900 top=1"),
                c("de 13 ; ficom word [ebx]", "ebx=8000 m16@8000=fffe st0=-2", "fsw=4000"),
                c("da 1b ; ficomp dword [ebx]", "ebx=8000 m32@8000=5 st0=6", "fsw=0800 top=1"),
                c("d8 d1 ; fcom st(1): empty operand, masked: unordered", "st0=1", "fsw=4541"),
                c("d8 d9 ; fcomp st(1): empty operand, unmasked: unordered all the same, no pop", "fcw=037e st0=1",
                        "fsw=c5c1 top=0"),
                c("d8 d9 ; fcomp st(1): unmasked #IA sets the codes, does not pop", "fcw=037e st0=1 st1=qnan",
                        "fsw=c581 top=0"),
                c("d8 d9 ; fcomp st(1): unmasked #D compares, does not pop", "fcw=037d st0=1 st1=0000:0000000000000001",
                        "fsw=8082 top=0"),
                c("d9 e4 ; ftst: negative", "st0=-1", "fsw=0100"),
                c("d9 e4 ; ftst: zero", "st0=-0", "fsw=4000"),
                c("d9 e4 ; ftst: positive denormal", "st0=0000:0000000000000001", "fsw=0002"),
                c("d9 e4 ; ftst: NaN", "st0=qnan", "fsw=4501"),
                c("d9 e4 ; ftst: empty", "", "fsw=4541"));
    }

    @TestFactory
    Stream<DynamicTest> eflags() {
        return X87Judge.p32(
                c("db f1 ; fcomi st,st(1): less", "f=ZSO st0=1 st1=2", "f=C fsw=0000"),
                c("db f1 ; fcomi st,st(1): equal", "st0=2 st1=2", "f=Z"),
                c("db f1 ; fcomi st,st(1): greater", "f=ZPC st0=3 st1=2", "f="),
                c("db f1 ; fcomi st,st(1): unordered, invalid", "st0=3 st1=qnan", "f=ZPC fsw=0001"),
                c("db e9 ; fucomi st,st(1): unordered, quiet", "st0=3 st1=qnan", "f=ZPC fsw=0000"),
                c("db f1 ; fcomi: C1 is left alone", "fsw=0200 st0=1 st1=2", "f=C fsw=0200"),
                c("db f1 ; fcomi: an empty operand is unordered, C1 = 0", "fsw=0200 st0=1", "f=ZPC fsw=0041"),
                c("df f1 ; fcomip st,st(1)", "st0=1 st1=2", "f=C top=1 st0=2"),
                c("df e9 ; fucomip st,st(1)", "st0=2 st1=2", "f=Z top=1"),
                c("df f1 ; fcomip: unmasked #D compares, does not pop", "fcw=037d st0=-0 st1=0000:0000000000001bb7",
                        "f=C top=0 fsw=8082"));
    }

    @TestFactory
    Stream<DynamicTest> fxam() {
        return X87Judge.p32(
                c("d9 e5 ; fxam: positive normal", "st0=1", "fsw=0400"),
                c("d9 e5 ; fxam: negative normal (C1 = sign)", "st0=-1", "fsw=0600"),
                c("d9 e5 ; fxam: zero", "st0=0", "fsw=4000"),
                c("d9 e5 ; fxam: negative infinity", "st0=-inf", "fsw=0700"),
                c("d9 e5 ; fxam: NaN", "st0=qnan", "fsw=0100"),
                c("d9 e5 ; fxam: denormal", "st0=0000:0000000000000001", "fsw=4400"),
                c("d9 e5 ; fxam: pseudo-denormal", "st0=8000:8000000000000000", "fsw=4600"),
                c("d9 e5 ; fxam: unnormal (unsupported)", "st0=3fff:0000000000000001", "fsw=0000"),
                c("d9 e5 ; fxam: empty", "", "fsw=4100"));
    }
}
