package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.JudgeSimd.s;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * SSE/SSE2 data movement: MOVUPS/MOVAPS/MOVSS/MOVSD and their PD/DQ forms, the half moves, MOVD/MOVQ between XMM,
 * MMX and general registers, MOVQ2DQ/MOVDQ2Q, the mask extractions, the non-temporal and masked stores; alignment
 * (#GP(0)), all-or-nothing 16-byte stores, REX-extended registers, 32-bit and real mode.
 */
class SseMoveJudgeTest {

    private static final String A = "1111111122222222:3333333344444444";
    private static final String B = "aaaaaaaabbbbbbbb:ccccccccdddddddd";

    @TestFactory
    Stream<DynamicTest> fullRegisterMoves() {
        return Judge.l64(
                s("0f 10 03 ; movups xmm0,[rbx] (unaligned)", "rbx=8001 m64@8001=1122334455667788 m64@8009=99aabbccddeeff00",
                        "xmm0=99aabbccddeeff00:1122334455667788"),
                s("0f 11 0b ; movups [rbx],xmm1 (unaligned)", "rbx=8003 xmm1=" + A, "m64@8003=3333333344444444 m64@800b=1111111122222222"),
                s("66 0f 10 ca ; movupd xmm1,xmm2", "xmm2=" + B, "xmm1=" + B),
                s("0f 28 03 ; movaps xmm0,[rbx]", "rbx=8010 m64@8010=1 m64@8018=2", "xmm0=2:1"),
                s("0f 28 03 ; movaps xmm0,[rbx] (misaligned)", "rbx=8008", "#GP(0)"),
                s("66 0f 29 0b ; movapd [rbx],xmm1 (misaligned: nothing written)", "rbx=8004 xmm1=" + A + " m64@8004=5 m64@800c=6",
                        "#GP(0) m64@8004=5 m64@800c=6"),
                s("0f 29 d1 ; movaps xmm1,xmm2", "xmm2=" + B, "xmm1=" + B),
                s("66 0f 6f 03 ; movdqa xmm0,[rbx] (misaligned)", "rbx=8001", "#GP(0)"),
                s("f3 0f 6f 03 ; movdqu xmm0,[rbx]", "rbx=8001 m64@8001=-1 m64@8009=7", "xmm0=7:ffffffffffffffff"),
                s("f3 0f 7f 0b ; movdqu [rbx],xmm1", "rbx=8007 xmm1=" + A, "m64@8007=3333333344444444 m64@800f=1111111122222222"),
                s("66 0f 7f ca ; movdqa xmm2,xmm1", "xmm1=" + A, "xmm2=" + A),
                s("45 0f 28 cf ; movaps xmm9,xmm15", "xmm15=" + B, "xmm9=" + B),
                s("66 44 0f 6f 03 ; movdqa xmm8,[rbx]", "rbx=8020 m64@8020=abc m64@8028=def", "xmm8=def:abc"),
                s("0f 2b 0b ; movntps [rbx],xmm1", "rbx=8020 xmm1=" + A, "m64@8020=3333333344444444 m64@8028=1111111122222222"),
                s("66 0f 2b 0b ; movntpd [rbx],xmm1 (misaligned)", "rbx=8028", "#GP(0)"),
                s("0f 2b c8 ; movntps xmm1,xmm0 (register form)", "", "#UD"),
                s("66 0f e7 0b ; movntdq [rbx],xmm1", "rbx=8030 xmm1=" + A, "m64@8030=3333333344444444 m64@8038=1111111122222222"),
                s("66 0f e7 cb ; movntdq xmm1,xmm3 (register form)", "", "#UD"),
                s("f2 0f 28 c1 ; F2 0F 28 does not exist", "", "#UD"),
                s("f0 0f 28 c1 ; lock movaps", "", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> scalarAndHalfMoves() {
        return Judge.l64(
                s("f3 0f 10 ca ; movss xmm1,xmm2 (low doubleword only)", "xmm1=" + A + " xmm2=" + B,
                        "xmm1=1111111122222222:33333333dddddddd"),
                s("f3 0f 10 0b ; movss xmm1,[rbx] (upper bits zero)", "rbx=8000 m64@8000=ffffffff12345678 xmm1=" + A,
                        "xmm1=0:12345678"),
                s("f3 0f 11 0b ; movss [rbx],xmm1", "rbx=8000 m64@8000=-1 xmm1=" + A, "m64@8000=ffffffff44444444"),
                s("f2 0f 10 ca ; movsd xmm1,xmm2", "xmm1=" + A + " xmm2=" + B, "xmm1=1111111122222222:ccccccccdddddddd"),
                s("f2 0f 10 0b ; movsd xmm1,[rbx]", "rbx=8001 m64@8001=8877665544332211 xmm1=" + A, "xmm1=0:8877665544332211"),
                s("f2 0f 11 d1 ; movsd xmm1,xmm2 (store form, register)", "xmm1=" + A + " xmm2=" + B,
                        "xmm1=1111111122222222:ccccccccdddddddd"),
                s("0f 12 0b ; movlps xmm1,[rbx]", "rbx=8000 m64@8000=42 xmm1=" + A, "xmm1=1111111122222222:42"),
                s("0f 12 ca ; movhlps xmm1,xmm2", "xmm1=" + A + " xmm2=" + B, "xmm1=1111111122222222:aaaaaaaabbbbbbbb"),
                s("0f 13 0b ; movlps [rbx],xmm1", "rbx=8000 xmm1=" + A, "m64@8000=3333333344444444"),
                s("0f 13 ca ; movlps xmm2,xmm1 (register form)", "", "#UD"),
                s("66 0f 12 0b ; movlpd xmm1,[rbx]", "rbx=8000 m64@8000=42 xmm1=" + A, "xmm1=1111111122222222:42"),
                s("66 0f 12 ca ; movlpd with a register", "", "#UD"),
                s("0f 16 0b ; movhps xmm1,[rbx]", "rbx=8000 m64@8000=42 xmm1=" + A, "xmm1=42:3333333344444444"),
                s("0f 16 ca ; movlhps xmm1,xmm2", "xmm1=" + A + " xmm2=" + B, "xmm1=ccccccccdddddddd:3333333344444444"),
                s("0f 17 0b ; movhps [rbx],xmm1", "rbx=8000 xmm1=" + A, "m64@8000=1111111122222222"),
                s("66 0f 16 0b ; movhpd xmm1,[rbx]", "rbx=8000 m64@8000=42 xmm1=" + A, "xmm1=42:3333333344444444"),
                s("66 0f 17 0b ; movhpd [rbx],xmm1", "rbx=8000 xmm1=" + A, "m64@8000=1111111122222222"));
    }

    @TestFactory
    Stream<DynamicTest> movdMovq() {
        return Judge.l64(
                s("66 0f 6e c8 ; movd xmm1,eax", "rax=ffffffff87654321 xmm1=" + A, "xmm1=0:87654321"),
                s("66 48 0f 6e c8 ; movq xmm1,rax", "rax=ffffffff87654321 xmm1=" + A, "xmm1=0:ffffffff87654321"),
                s("66 0f 6e 0b ; movd xmm1,[rbx]", "rbx=8000 m64@8000=1122334455667788", "xmm1=0:55667788"),
                s("66 0f 7e c8 ; movd eax,xmm1 (zero-extends)", "rax=-1 xmm1=" + A, "rax=44444444"),
                s("66 48 0f 7e c8 ; movq rax,xmm1", "xmm1=" + A, "rax=3333333344444444"),
                s("66 0f 7e 0b ; movd [rbx],xmm1", "rbx=8000 m64@8000=-1 xmm1=" + A, "m64@8000=ffffffff44444444"),
                s("f3 0f 7e ca ; movq xmm1,xmm2 (upper quadword zero)", "xmm1=" + A + " xmm2=" + B, "xmm1=0:ccccccccdddddddd"),
                s("f3 0f 7e 0b ; movq xmm1,[rbx]", "rbx=8000 m64@8000=123456789", "xmm1=0:123456789"),
                s("66 0f d6 0b ; movq [rbx],xmm1", "rbx=8000 xmm1=" + A, "m64@8000=3333333344444444"),
                s("66 0f d6 ca ; movq xmm2,xmm1 (zero-extends)", "xmm1=" + A + " xmm2=" + B, "xmm2=0:3333333344444444"),
                s("0f 6e c0 ; movd mm0,eax", "rax=ffffffff87654321", "mm0=87654321 mmx=1"),
                s("48 0f 6e c0 ; movq mm0,rax", "rax=ffffffff87654321", "mm0=ffffffff87654321 mmx=1"),
                s("49 0f 6e c0 ; movq mm0,r8 (REX.B picks r8, not mm8)", "r8=5", "mm0=5 mmx=1"),
                s("0f 7e c8 ; movd eax,mm1", "mm1=1234567890", "rax=34567890 mmx=1"),
                s("48 0f 7e 0b ; movq [rbx],mm1", "rbx=8000 mm1=1234567890", "m64@8000=1234567890 mmx=1"),
                s("0f 6f c1 ; movq mm0,mm1", "mm1=77", "mm0=77 mmx=1"),
                s("0f 7f 0b ; movq [rbx],mm1", "rbx=8000 mm1=99", "m64@8000=99 mmx=1"),
                s("f3 0f d6 c1 ; movq2dq xmm0,mm1", "mm1=abcdef xmm0=" + A, "xmm0=0:abcdef mmx=1"),
                s("f2 0f d6 c1 ; movdq2q mm0,xmm1", "xmm1=" + A, "mm0=3333333344444444 mmx=1"),
                s("f3 0f d6 03 ; movq2dq with memory", "", "#UD"),
                s("0f e7 0b ; movntq [rbx],mm1", "rbx=8001 mm1=abc", "m64@8001=abc mmx=1"),
                s("0f d6 c1 ; 0F D6 without prefix", "", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> masksAndMaskedStores() {
        return Judge.l64(
                s("0f 50 c1 ; movmskps eax,xmm1", "rax=-1 xmm1=8000000000000000:7fffffff80000000", "rax=9"),
                s("66 0f 50 c1 ; movmskpd eax,xmm1", "xmm1=8000000000000000:7fffffffffffffff", "rax=2"),
                s("0f 50 03 ; movmskps with memory", "", "#UD"),
                s("66 0f d7 c1 ; pmovmskb eax,xmm1", "xmm1=80000000000000ff:8000000000000080", "rax=8181"),
                s("0f d7 c1 ; pmovmskb eax,mm1", "mm1=80000000000000ff", "rax=81 mmx=1"),
                s("66 0f f7 ca ; maskmovdqu xmm1,xmm2 (to [rdi])",
                        "rdi=8000 m64@8000=0 m64@8008=0 xmm1=" + A + " xmm2=8000000000000000:00000000800000ff",
                        "m64@8000=44000044 m64@8008=1100000000000000"),
                s("66 67 0f f7 ca ; maskmovdqu with a 32-bit address",
                        "rdi=ffffffff00008000 m64@8000=0 xmm1=" + A + " xmm2=0:ff", "m64@8000=44"),
                s("66 0f f7 ca ; maskmovdqu with an all-zero mask touches nothing", "rdi=800000000000 xmm2=0:0", ""),
                s("66 0f f7 ca ; maskmovdqu reaching an absent page writes nothing",
                        "rdi=4fff8 m64@4fff8=0 xmm1=" + A + " xmm2=ff000000000000ff:ff", "#PF(2) cr2=50000 m64@4fff8=0"),
                s("0f f7 ca ; maskmovq mm1,mm2", "rdi=8000 m64@8000=0 mm1=1122334455667788 mm2=8000000000000080",
                        "m64@8000=1100000000000088 mmx=1"));
    }

    @TestFactory
    Stream<DynamicTest> pageCrossingStoresAreAllOrNothing() {
        return Judge.l64(
                s("0f 11 0b ; movups [rbx],xmm1 across into an absent page",
                        "rbx=4fff8 m64@4fff8=7 xmm1=" + A, "#PF(2) cr2=50000 m64@4fff8=7"),
                s("0f 10 03 ; movups xmm0,[rbx] from an absent page", "rbx=4fff8", "#PF(0) cr2=50000"));
    }

    @TestFactory
    Stream<DynamicTest> otherModes() {
        Stream<DynamicTest> p32 = Judge.p32(
                s("0f 10 03 ; movups xmm0,[ebx]", "ebx=8001 m64@8001=1 m64@8009=2", "xmm0=2:1"),
                s("66 0f 6e c8 ; movd xmm1,eax", "eax=87654321", "xmm1=0:87654321"),
                s("0f 28 05 00 80 00 00 ; movaps xmm0,[8000]", "m64@8000=3 m64@8008=4", "xmm0=4:3"),
                s("0f 28 03 ; movaps xmm0,[ebx] beyond the segment limit", "ebx=fffffff0 ds=50", "#GP(0)"));
        Stream<DynamicTest> real = Judge.real(
                s("0f 28 07 ; movaps xmm0,[bx]", "ebx=8000 m64@8000=5 m64@8008=6", "xmm0=6:5"),
                s("0f 29 0f ; movaps [bx],xmm1", "ebx=8000 xmm1=" + A, "m64@8000=3333333344444444 m64@8008=1111111122222222"));
        return Stream.concat(p32, real);
    }
}
