package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.Judge.c;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** MUL, IMUL (one, two and three operands), DIV, IDIV incl. #DE, and the BCD adjustments. */
class MulDivJudgeTest {

    @TestFactory
    Stream<DynamicTest> mulDiv() {
        return Judge.p32l64(
                c("f6 e3 ; mul bl", "al=ff bl=ff", "ax=fe01 f=CO u=PAZS"),
                c("f6 e3 ; mul bl (fits)", "al=2 bl=3", "ax=6 f= u=PAZS"),
                c("f6 e4 ; mul ah", "ax=0310", "ax=0030 f= u=PAZS"),
                c("66 f7 e3 ; mul bx", "ax=ffff bx=2 dx=1234", "ax=fffe dx=1 f=CO u=PAZS"),
                c("f7 e3 ; mul ebx", "eax=80000000 ebx=4", "eax=0 edx=2 f=CO u=PAZS"),
                c("f7 23 ; mul dword [ebx]", "ebx=8000 m32@8000=10 eax=10", "eax=100 edx=0 f= u=PAZS"),
                c("f6 eb ; imul bl", "al=ff bl=ff", "ax=1 f= u=PAZS"),
                c("f6 eb ; imul bl (overflows)", "al=80 bl=2", "ax=ff00 f=CO u=PAZS"),
                c("66 f7 eb ; imul bx", "ax=ffff bx=8000", "ax=8000 dx=0 f=CO u=PAZS"),
                c("f7 eb ; imul ebx", "eax=40000000 ebx=4", "eax=0 edx=1 f=CO u=PAZS"),
                c("f7 eb ; imul ebx (negative, fits)", "eax=fffffffe ebx=3", "eax=fffffffa edx=ffffffff f= u=PAZS"),
                c("0f af c3 ; imul eax,ebx", "eax=fffffffd ebx=5", "eax=fffffff1 f= u=PAZS"),
                c("66 0f af 03 ; imul ax,[ebx]", "ebx=8000 ax=100 m16@8000=100", "ax=0 f=CO u=PAZS"),
                c("6b c3 fe ; imul eax,ebx,-2", "ebx=3", "eax=fffffffa f= u=PAZS"),
                c("69 c3 00 00 01 00 ; imul eax,ebx,10000", "ebx=10000", "eax=0 f=CO u=PAZS"),
                c("66 6b 03 03 ; imul ax,[ebx],3", "ebx=8000 m16@8000=1000", "ax=3000 f= u=PAZS"),
                c("66 69 c3 ff 7f ; imul ax,bx,7fff", "bx=2", "ax=fffe f=CO u=PAZS"),
                c("f6 f3 ; div bl", "ax=100 bl=2", "ax=0080 u=CPAZSO"),
                c("f6 f3 ; div bl (quotient too big)", "ax=ffff bl=2", "#DE"),
                c("f6 f3 ; div bl (by zero)", "ax=1 bl=0", "#DE"),
                c("66 f7 f3 ; div bx", "dx=1 ax=0 bx=2", "ax=8000 dx=0 u=CPAZSO"),
                c("f7 f3 ; div ebx", "edx=0 eax=7 ebx=2", "eax=3 edx=1 u=CPAZSO"),
                c("f7 f3 ; div ebx (edx >= divisor)", "edx=2 eax=0 ebx=2", "#DE"),
                c("f7 33 ; div dword [ebx]", "ebx=8000 m32@8000=3 edx=0 eax=a", "eax=3 edx=1 u=CPAZSO"),
                c("f6 fb ; idiv bl", "ax=fff9 bl=2", "ax=fffd u=CPAZSO"),
                c("f6 fb ; idiv bl (-32768/-1)", "ax=8000 bl=ff", "#DE"),
                c("f6 fb ; idiv bl (quotient -128 fits)", "ax=ff80 bl=1", "ax=0080 u=CPAZSO"),
                c("f6 fb ; idiv bl (quotient +128 does not)", "ax=0080 bl=1", "#DE"),
                c("f7 fb ; idiv ebx", "edx=ffffffff eax=80000000 ebx=ffffffff", "#DE"),
                c("66 f7 fb ; idiv bx", "dx=0 ax=7 bx=fffe", "ax=fffd dx=1 u=CPAZSO"),
                c("f7 3b ; idiv dword [ebx]", "ebx=8000 m32@8000=fffffffd edx=0 eax=64", "eax=ffffffdf edx=1 u=CPAZSO"));
    }

    @TestFactory
    Stream<DynamicTest> mulDiv64() {
        return Judge.l64(
                c("48 f7 e3 ; mul rbx", "rax=-1 rbx=-1", "rdx=fffffffffffffffe rax=1 f=CO u=PAZS"),
                c("f7 e3 ; mul ebx (zero-extends edx:eax)", "rax=-1 rdx=-1 eax=2 ebx=3", "eax=6 edx=0 f= u=PAZS"),
                c("48 f7 eb ; imul rbx", "rax=-2 rbx=3", "rax=fffffffffffffffa rdx=-1 f= u=PAZS"),
                c("48 0f af c3 ; imul rax,rbx", "rax=100000000 rbx=100000000", "rax=0 f=CO u=PAZS"),
                c("48 69 c3 ff ff ff ff ; imul rax,rbx,-1", "rbx=8000000000000000", "rax=8000000000000000 f=CO u=PAZS"),
                c("4d 0f af c1 ; imul r8,r9", "r8=7 r9=-3", "r8=ffffffffffffffeb f= u=PAZS"),
                c("48 f7 f3 ; div rbx", "rdx=1 rax=0 rbx=2", "rax=8000000000000000 rdx=0 u=CPAZSO"),
                c("48 f7 f3 ; div rbx (quotient 2^64)", "rdx=2 rax=0 rbx=2", "#DE"),
                c("48 f7 fb ; idiv rbx", "rdx=-1 rax=-9 rbx=4", "rax=fffffffffffffffe rdx=-1 u=CPAZSO"),
                c("49 f7 f0 ; div r8", "rdx=0 rax=64 r8=a", "rax=a rdx=0 u=CPAZSO"),
                c("41 f6 f0 ; div r8b", "ax=64 r8=a", "ax=000a u=CPAZSO"),
                c("27 ; daa is invalid in 64-bit mode", "", "#UD"),
                c("d4 0a ; aam is invalid in 64-bit mode", "", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> bcd() {
        return Judge.p32(
                c("27 ; daa", "al=0f", "al=15 f=A u=O"),
                c("27 ; daa (both adjustments)", "al=9a", "al=00 f=CPAZ u=O"),
                c("2f ; das", "al=0f", "al=09 f=PA u=O"),
                c("37 ; aaa", "ax=000b", "ax=0101 f=CA u=PZSO"),
                c("3f ; aas", "ax=0200", "ax=0200 f= u=PZSO"),
                c("d4 0a ; aam", "al=4f", "ax=0709 f=P u=CAO"),
                c("d4 00 ; aam 0", "al=4f", "#DE"),
                c("d5 0a ; aad", "ax=0709", "ax=004f f= u=CAO"),
                c("d6 ; salc", "al=5 f=C", "al=ff"),
                c("d7 ; xlat", "ebx=8000 al=3 m8@8003=77", "al=77"));
    }
}
