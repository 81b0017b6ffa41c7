package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.JudgeSimd.s;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Packed integers on MMX registers (no prefix) and XMM registers (66): wrapping and saturating add/subtract, the
 * multiplies, averages, sum of absolute differences, min/max, compares, logic, shifts by register, memory and
 * immediate (including counts beyond the element width), byte shifts, packs, unpacks, shuffles and word
 * insert/extract.
 */
class SseIntegerJudgeTest {

    private static final String BYTES = "xmm1=0f0e0d0c0b0a0908:0706050403020100";

    @TestFactory
    Stream<DynamicTest> arithmetic() {
        return Judge.l64(
                s("0f fc c1 ; paddb mm0,mm1 (wraps)", "mm0=01ff7f8000000000 mm1=0101010100000000", "mm0=0200808100000000 mmx=1"),
                s("0f ec c1 ; paddsb mm0,mm1 (saturates)", "mm0=01807f mm1=01ff01", "mm0=02807f mmx=1"),
                s("66 0f dd ca ; paddusw xmm1,xmm2", "xmm1=0:0001ffff xmm2=0:00010001", "xmm1=0:0002ffff"),
                s("0f d8 c1 ; psubusb mm0,mm1", "mm0=0501 mm1=0202", "mm0=0300 mmx=1"),
                s("0f e9 c1 ; psubsw mm0,mm1", "mm0=7fff8000 mm1=ffff0001", "mm0=7fff8000 mmx=1"),
                s("66 0f fb ca ; psubq xmm1,xmm2", "xmm1=0:0 xmm2=1:1", "xmm1=ffffffffffffffff:ffffffffffffffff"),
                s("0f d4 c1 ; paddq mm0,mm1", "mm0=ffffffffffffffff mm1=2", "mm0=1 mmx=1"),
                s("66 0f d5 ca ; pmullw", "xmm1=0:ffff1234 xmm2=0:00020010", "xmm1=0:fffe2340"),
                s("0f e5 c1 ; pmulhw mm0,mm1", "mm0=4000fffe mm1=40004000", "mm0=1000ffff mmx=1"),
                s("0f e4 c1 ; pmulhuw mm0,mm1", "mm0=ffff mm1=ffff", "mm0=fffe mmx=1"),
                s("66 0f f4 ca ; pmuludq", "xmm1=2:12345678ffffffff xmm2=900000003:ffffffff", "xmm1=6:fffffffe00000001"),
                s("0f f5 c1 ; pmaddwd mm0,mm1", "mm0=0004000300020001 mm1=0008000700060005", "mm0=0000003500000011 mmx=1"),
                s("66 0f f5 ca ; pmaddwd (-32768 * -32768 twice wraps)", "xmm1=0:80008000 xmm2=0:80008000", "xmm1=0:80000000"),
                s("0f e0 c1 ; pavgb mm0,mm1", "mm0=00ff mm1=01fe", "mm0=01ff mmx=1"),
                s("66 0f e3 ca ; pavgw", "xmm1=0:ffff0001 xmm2=0:ffff0002", "xmm1=0:ffff0002"),
                s("0f f6 c1 ; psadbw mm0,mm1", "mm0=0a00ff mm1=00ff00", "mm0=208 mmx=1"),
                s("66 0f f6 ca ; psadbw xmm1,xmm2 (per quadword)", "xmm1=ff:1 xmm2=0:ff", "xmm1=ff:fe"),
                s("66 0f ee ca ; pmaxsw", "xmm1=0:0005ffff xmm2=0:fff90003", "xmm1=0:00050003"),
                s("0f da c1 ; pminub mm0,mm1", "mm0=80ff mm1=ff01", "mm0=8001 mmx=1"),
                s("66 0f ea ca ; pminsw", "xmm1=0:8000 xmm2=0:7fff", "xmm1=0:8000"),
                s("0f de c1 ; pmaxub mm0,mm1", "mm0=80ff mm1=ff01", "mm0=ffff mmx=1"));
    }

    @TestFactory
    Stream<DynamicTest> comparesAndLogic() {
        return Judge.l64(
                s("0f 74 c1 ; pcmpeqb mm0,mm1", "mm0=1122 mm1=1123", "mm0=ffffffffffffff00 mmx=1"),
                s("66 0f 66 ca ; pcmpgtd (signed)", "xmm1=0:ffffffff00000001 xmm2=0:0", "xmm1=0:00000000ffffffff"),
                s("0f 65 c1 ; pcmpgtw mm0,mm1 (signed)", "mm0=00018000 mm1=7fff", "mm0=ffff0000 mmx=1"),
                s("66 0f 76 ca ; pcmpeqd", "xmm1=1:2 xmm2=1:3", "xmm1=ffffffffffffffff:ffffffff00000000"),
                s("66 0f db ca ; pand", "xmm1=ff00:f0f0 xmm2=0ff0:ff00", "xmm1=0f00:f000"),
                s("0f df c1 ; pandn mm0,mm1", "mm0=f0f0 mm1=ffff", "mm0=0f0f mmx=1"),
                s("66 0f eb ca ; por", "xmm1=1:2 xmm2=4:8", "xmm1=5:a"),
                s("66 0f ef c9 ; pxor xmm1,xmm1", BYTES, "xmm1=0:0"),
                s("66 0f db 0b ; pand xmm1,[rbx] (misaligned)", "rbx=8008", "#GP(0)"),
                s("0f db 0b ; pand mm1,[rbx] (no alignment for 64 bits)", "rbx=8001 m64@8001=ff mm1=1234", "mm1=34 mmx=1"));
    }

    @TestFactory
    Stream<DynamicTest> shifts() {
        return Judge.l64(
                s("66 0f f1 ca ; psllw xmm1,xmm2 by 4", "xmm1=0:8421 xmm2=ffff:4", "xmm1=0:4210"),
                s("66 0f f1 ca ; psllw xmm1,xmm2 by 17: zero", "xmm1=ffff:ffff xmm2=0:11", "xmm1=0:0"),
                s("0f e1 c1 ; psraw mm0,mm1 by 2^32: sign", "mm0=80007fff mm1=100000000", "mm0=ffff0000 mmx=1"),
                s("0f 71 e0 14 ; psraw mm0,20", "mm0=80007fff", "mm0=ffff0000 mmx=1"),
                s("0f 72 d0 04 ; psrld mm0,4", "mm0=f0000000f0000000", "mm0=0f0000000f000000 mmx=1"),
                s("66 0f 73 d1 04 ; psrlq xmm1,4", "xmm1=f0:f00", "xmm1=f:f0"),
                s("66 0f 73 f1 40 ; psllq xmm1,64: zero", "xmm1=1:1", "xmm1=0:0"),
                s("66 0f d3 0b ; psrlq xmm1,[rbx]", "rbx=8000 m64@8000=8 m64@8008=ff xmm1=100:1000", "xmm1=1:10"),
                s("66 0f e2 ca ; psrad xmm1,xmm2", "xmm1=0:80000000 xmm2=0:1f", "xmm1=0:ffffffff"),
                s("66 0f 73 f9 03 ; pslldq xmm1,3", BYTES, "xmm1=0c0b0a0908070605:0403020100000000"),
                s("66 0f 73 d9 09 ; psrldq xmm1,9", BYTES, "xmm1=0:000f0e0d0c0b0a09"),
                s("66 0f 73 d9 10 ; psrldq xmm1,16: zero", BYTES, "xmm1=0:0"),
                s("66 0f 73 f9 08 ; pslldq xmm1,8", BYTES, "xmm1=0706050403020100:0"),
                s("0f 73 d8 01 ; psrldq has no MMX form", "", "#UD"),
                s("0f 71 00 01 ; shift-by-immediate groups take no memory operand", "", "#UD"),
                s("66 0f 72 e9 01 ; 66 0F 72 /5 does not exist", "", "#UD"),
                s("66 0f 73 e1 01 ; no PSRAQ", "", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> packsUnpacksShuffles() {
        return Judge.l64(
                s("0f 63 c1 ; packsswb mm0,mm1", "mm0=ffff0001ff7f0080 mm1=0", "mm0=00000000ff01807f mmx=1"),
                s("66 0f 67 ca ; packuswb", "xmm1=0:00ff007fffff0100 xmm2=0:0", "xmm1=0:ff7f00ff"),
                s("66 0f 6b ca ; packssdw", "xmm1=0:fffe000000010000 xmm2=0:ffff7fff", "xmm1=8000:80007fff"),
                s("0f 60 c1 ; punpcklbw mm0,mm1", "mm0=0706050403020100 mm1=1716151413121110", "mm0=1303120211011000 mmx=1"),
                s("0f 6a c1 ; punpckhdq mm0,mm1", "mm0=0706050403020100 mm1=1716151413121110", "mm0=1716151407060504 mmx=1"),
                s("66 0f 61 ca ; punpcklwd", BYTES + " xmm2=1f1e1d1c1b1a1918:1716151413121110",
                        "xmm1=1716070615140504:1312030211100100"),
                s("66 0f 68 ca ; punpckhbw", BYTES + " xmm2=1f1e1d1c1b1a1918:1716151413121110",
                        "xmm1=1f0f1e0e1d0d1c0c:1b0b1a0a19091808"),
                s("66 0f 6c ca ; punpcklqdq", "xmm1=1:2 xmm2=3:4", "xmm1=4:2"),
                s("66 0f 6d ca ; punpckhqdq", "xmm1=1:2 xmm2=3:4", "xmm1=3:1"),
                s("0f 6c c1 ; punpcklqdq has no MMX form", "", "#UD"),
                s("66 0f 70 ca 1b ; pshufd xmm1,xmm2,1b", "xmm2=3333333322222222:1111111100000000",
                        "xmm1=0000000011111111:2222222233333333"),
                s("f3 0f 70 ca 1b ; pshufhw", "xmm2=3333222211110000:7777666655554444", "xmm1=0000111122223333:7777666655554444"),
                s("f2 0f 70 ca 1b ; pshuflw", "xmm2=3333222211110000:7777666655554444", "xmm1=3333222211110000:4444555566667777"),
                s("0f 70 c1 e4 ; pshufw mm0,mm1,e4 (identity)", "mm1=1234567890", "mm0=1234567890 mmx=1"),
                s("66 0f c4 c8 05 ; pinsrw xmm1,eax,5", "rax=abcd1234 xmm1=0:0", "xmm1=12340000:0"),
                s("0f c4 03 02 ; pinsrw mm0,[rbx],2", "rbx=8000 m64@8000=ffffbeef mm0=0", "mm0=beef00000000 mmx=1"),
                s("66 0f c5 c1 06 ; pextrw eax,xmm1,6", "rax=-1 xmm1=1234abcd00000000:0", "rax=abcd"),
                s("0f c5 c1 0b ; pextrw eax,mm1,3 (imm mod 4)", "mm1=fedc000000000000", "rax=fedc mmx=1"),
                s("66 0f c5 03 00 ; pextrw from memory does not exist", "", "#UD"));
    }
}
