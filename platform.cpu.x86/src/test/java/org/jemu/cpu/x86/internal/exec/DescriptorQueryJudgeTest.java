package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.Judge.c;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * LAR, LSL, VERR, VERW, ARPL and BOUND against the fixture's GDT (see {@link CpuFixture}): 08 code32 DPL0,
 * 10 data DPL0, 2b data DPL3, 40 TSS, 50 data base 0x10000 limit 0xfff, 58 data not present.
 */
class DescriptorQueryJudgeTest {

    @TestFactory
    Stream<DynamicTest> larAndLsl() {
        return Judge.p32(
                c("0f 02 c3 ; lar eax,ebx (data)", "ebx=10", "eax=c09300 f=Z"),
                c("66 0f 02 c3 ; lar ax,bx (16-bit: no limit nibble)", "ebx=10 eax=ffffffff", "eax=ffff9300 f=Z"),
                c("0f 02 c3 ; lar eax,ebx (not present: still loaded)", "ebx=58", "eax=c01300 f=Z"),
                c("0f 02 c3 ; lar eax,ebx (available 32-bit TSS)", "ebx=40", "eax=8900 f=Z"),
                c("0f 02 c3 ; lar eax,ebx (null selector)", "ebx=0 eax=1234", "eax=1234 f="),
                c("0f 02 c3 ; lar eax,ebx (beyond the GDT)", "ebx=1000 eax=1234 f=Z", "eax=1234 f="),
                c("0f 03 c3 ; lsl eax,ebx (byte granular)", "ebx=50", "eax=fff f=Z"),
                c("0f 03 c3 ; lsl eax,ebx (page granular)", "ebx=10", "eax=ffffffff f=Z"),
                c("0f 03 c3 ; lsl eax,ebx (TSS)", "ebx=40", "eax=ff f=Z"));
    }

    @TestFactory
    Stream<DynamicTest> verrAndVerw() {
        return Judge.p32(
                c("0f 00 e3 ; verr bx (readable code)", "ebx=8", "f=Z"),
                c("0f 00 eb ; verw bx (code is never writable)", "ebx=8 f=Z", "f="),
                c("0f 00 eb ; verw bx (writable data)", "ebx=10", "f=Z"),
                c("0f 00 eb ; verw bx (DPL 3 data from CPL 0)", "ebx=2b", "f=Z"),
                c("0f 00 e3 ; verr bx (the TSS is a system segment)", "ebx=40 f=Z", "f="),
                c("0f 00 e3 ; verr bx (null)", "ebx=0 f=Z", "f="));
    }

    @TestFactory
    Stream<DynamicTest> arplAndBound() {
        return Judge.p32(
                c("63 d8 ; arpl ax,bx (raise RPL)", "eax=10 ebx=13", "eax=13 f=Z"),
                c("63 d8 ; arpl ax,bx (already high enough)", "eax=13 ebx=10 f=Z", "f="),
                c("62 03 ; bound eax,[ebx] (inside)", "eax=5 ebx=8000 m32@8000=0 m32@8004=a", ""),
                c("62 03 ; bound eax,[ebx] (upper bound inclusive)", "eax=a ebx=8000 m32@8000=0 m32@8004=a", ""),
                c("62 03 ; bound eax,[ebx] (signed, below)", "eax=ffffffff ebx=8000 m32@8000=0 m32@8004=a", "#BR"),
                c("62 03 ; bound eax,[ebx] (above)", "eax=b ebx=8000 m32@8000=0 m32@8004=a", "#BR"));
    }

    @TestFactory
    Stream<DynamicTest> larInLongMode() {
        return Judge.l64(
                c("0f 02 c3 ; lar eax,ebx (64-bit code)", "rbx=18", "rax=a09b00 f=Z"),
                c("0f 03 c3 ; lsl eax,ebx", "rbx=50", "rax=fff f=Z"));
    }
}
