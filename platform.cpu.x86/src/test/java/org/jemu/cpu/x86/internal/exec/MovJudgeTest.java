package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.Judge.c;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Data movement: MOV in every form (incl. moffs, imm64, segment registers), MOVSX/MOVZX/MOVSXD, LEA with every
 * addressing form, XCHG, CMPXCHG/CMPXCHG8B/CMPXCHG16B, XADD, BSWAP, CBW..CQO, LAHF/SAHF, flag instructions, far
 * pointer loads.
 */
class MovJudgeTest {

    @TestFactory
    Stream<DynamicTest> movLong() {
        return Judge.l64(
                c("88 d8 ; mov al,bl", "bl=5a", "al=5a"),
                c("89 d8 ; mov eax,ebx (zero-extends)", "ebx=80000000", "eax=80000000"),
                c("48 89 d8 ; mov rax,rbx", "rbx=-1", "rax=-1"),
                c("66 89 d8 ; mov ax,bx", "bx=1234", "ax=1234"),
                c("88 fc ; mov ah,bh", "bh=77", "ah=77"),
                c("40 88 fc ; mov spl,dil", "dil=77 rsp=e000", "spl=77"),
                c("44 88 c0 ; mov al,r8b", "r8b=9", "al=9"),
                c("8a 03 ; mov al,[rbx]", "rbx=8000 m8@8000=ab", "al=ab"),
                c("8b 03 ; mov eax,[rbx]", "rbx=8000 m32@8000=ffffffff", "eax=ffffffff"),
                c("48 8b 43 f8 ; mov rax,[rbx-8]", "rbx=8008 m64@8000=1122334455667788", "rax=1122334455667788"),
                c("4c 8b 3c cb ; mov r15,[rbx+rcx*8]", "rbx=8000 rcx=2 m64@8010=42", "r15=42"),
                c("89 03 ; mov [rbx],eax", "rbx=8000 eax=12345678 m64@8000=-1", "m64@8000=ffffffff12345678"),
                c("c6 03 ab ; mov byte [rbx],ab", "rbx=8000", "m8@8000=ab"),
                c("66 c7 03 34 12 ; mov word [rbx],1234", "rbx=8000 m32@8000=ffffffff", "m32@8000=ffff1234"),
                c("48 c7 03 ff ff ff ff ; mov qword [rbx],-1", "rbx=8000", "m64@8000=-1"),
                c("48 c7 c0 00 00 00 80 ; mov rax,-80000000", "", "rax=ffffffff80000000"),
                c("c7 c0 00 00 00 80 ; mov eax,80000000", "rax=-1", "rax=80000000"),
                c("b0 12 ; mov al,12", "", "al=12"),
                c("b4 12 ; mov ah,12", "", "ah=12"),
                c("41 b0 12 ; mov r8b,12", "", "r8b=12"),
                c("40 b4 12 ; mov spl,12", "rsp=e000", "spl=12"),
                c("b8 78 56 34 12 ; mov eax,12345678", "", "eax=12345678"),
                c("66 b8 34 12 ; mov ax,1234", "", "ax=1234"),
                c("48 b8 88 77 66 55 44 33 22 11 ; mov rax,imm64", "", "rax=1122334455667788"),
                c("49 bf 88 77 66 55 44 33 22 11 ; mov r15,imm64", "", "r15=1122334455667788"),
                c("a0 00 80 00 00 00 00 00 00 ; mov al,[moffs64]", "m8@8000=66", "al=66"),
                c("48 a1 00 80 00 00 00 00 00 00 ; mov rax,[moffs64]", "m64@8000=123456789", "rax=123456789"),
                c("a3 00 80 00 00 00 00 00 00 ; mov [moffs64],eax", "eax=cafe", "m32@8000=cafe"),
                c("67 a0 00 80 00 00 ; mov al,[moffs32]", "m8@8000=67", "al=67"),
                c("65 8b 04 25 10 00 00 00 ; mov eax,gs:[10]", "gsbase=8000 m32@8010=abcd", "eax=abcd"),
                c("64 48 8b 03 ; mov rax,fs:[rbx]", "fsbase=8000 rbx=8 m64@8008=77", "rax=77"),
                c("3e 8b 03 ; mov eax,ds:[rbx] (DS base ignored in 64-bit mode)", "rbx=8000 m32@8000=5", "eax=5"),
                c("8c d8 ; mov eax,ds", "", "eax=10"),
                c("66 8c d1 ; mov cx,ss", "", "cx=10"),
                c("8c 23 ; mov [rbx],fs (16-bit store)", "rbx=8000 m32@8000=ffffffff", "m32@8000=ffff0010"),
                c("48 8b 04 25 00 00 00 80 ; mov rax,[ffffffff80000000] (unmapped)", "", "#PF(0) cr2=ffffffff80000000"),
                c("48 a1 00 00 00 00 00 80 00 00 ; mov rax,[800000000000] (non-canonical)", "", "#GP(0)"),
                c("0f 1f 00 ; nop [rax] (no access)", "rax=800000000000", ""),
                c("90 ; nop (no zero-extension)", "", ""),
                c("66 90 ; xchg ax,ax", "", ""),
                c("f3 90 ; pause", "", ""));
    }

    @TestFactory
    Stream<DynamicTest> movProtected() {
        return Judge.p32(
                c("a0 00 80 00 00 ; mov al,[8000]", "m8@8000=5", "al=5"),
                c("a3 00 80 00 00 ; mov [8000],eax", "eax=12345678", "m32@8000=12345678"),
                c("67 a1 00 80 ; mov eax,[8000] (moffs16)", "m32@8000=11", "eax=11"),
                c("8c c0 ; mov eax,es", "", "eax=10"),
                c("8e d8 ; mov ds,eax", "eax=28", "ds=28"),
                c("8e d8 ; mov ds,eax (null)", "eax=0", "ds=0"),
                c("8e d8 ; mov ds,eax (readable code)", "eax=8", "ds=8"),
                c("8e d8 ; mov ds,eax (not present)", "eax=58", "#NP(58)"),
                c("8e d8 ; mov ds,eax (TSS)", "eax=40", "#GP(40)"),
                c("8e d8 ; mov ds,eax (beyond the GDT)", "eax=100", "#GP(100)"),
                c("8e d0 ; mov ss,eax (DPL 3 at CPL 0)", "eax=2b", "#GP(28)"),
                c("8e d0 ; mov ss,eax (null)", "eax=0", "#GP(0)"),
                c("8e c8 ; mov cs,eax", "eax=8", "#UD"),
                c("8e e3 ; mov fs,ebx then fs: access", "ebx=50", "fs=50"),
                c("c4 03 ; les eax,[ebx]", "ebx=8000 m32@8000=12345678 m16@8004=28", "eax=12345678 es=28"),
                c("c5 03 ; lds eax,[ebx]", "ebx=8000 m32@8000=1 m16@8004=50", "eax=1 ds=50"),
                c("66 0f b4 03 ; lfs ax,[ebx]", "ebx=8000 m16@8000=abcd m16@8002=10", "ax=abcd fs=10"),
                c("0f b5 03 ; lgs eax,[ebx]", "ebx=8000 m32@8000=2 m16@8004=58", "#NP(58)"),
                c("0f b2 23 ; lss esp,[ebx]", "ebx=8000 m32@8000=c000 m16@8004=10", "esp=c000 ss=10"),
                c("c4 c0 ; les eax,eax (register)", "", "#UD"),
                c("66 67 8d 00 ; lea ax,[bx+si]", "ebx=ffff0001 esi=2", "ax=3"),
                c("8d 44 8b 10 ; lea eax,[ebx+ecx*4+10]", "ebx=1000 ecx=3", "eax=101c"),
                c("8d 04 4d 00 00 00 00 ; lea eax,[ecx*2+0]", "ecx=80000001", "eax=2"));
    }

    @TestFactory
    Stream<DynamicTest> leaLong() {
        return Judge.l64(
                c("48 8d 44 8b 10 ; lea rax,[rbx+rcx*4+10]", "rbx=100000000 rcx=3", "rax=10000001c"),
                c("8d 04 8b ; lea eax,[rbx+rcx*4] (truncated)", "rbx=1ffffffff rcx=1", "eax=3"),
                c("67 8d 04 8b ; lea eax,[ebx+ecx*4] (32-bit address)", "rbx=1ffffffff rcx=1", "eax=3"),
                c("66 8d 03 ; lea ax,[rbx]", "rbx=12345", "ax=2345"),
                c("48 8d 05 00 10 00 00 ; lea rax,[rip+1000]", "", "rax=8007"),
                c("48 8d 05 f0 ff ff ff ; lea rax,[rip-10]", "", "rax=6ff7"),
                c("42 8d 04 a5 00 10 00 00 ; lea eax,[r12*4+1000]", "r12=2", "eax=1008"),
                c("41 8d 45 00 ; lea eax,[r13+0]", "r13=5", "eax=5"),
                c("41 8d 04 24 ; lea eax,[r12]", "r12=6", "eax=6"),
                c("8d 04 63 ; lea eax,[rbx] (SIB without index)", "rbx=7 rsp=e000", "eax=7"),
                c("4a 8d 04 63 ; lea eax,[rbx+r12*2] (REX.X index 4 is r12)", "rbx=7 r12=1", "eax=9"),
                c("48 8d 04 25 ff ff ff ff ; lea rax,[-1] (disp32 sign-extended)", "", "rax=-1"),
                c("67 48 8d 04 25 ff ff ff ff ; lea rax,[dword -1]", "", "rax=ffffffff"),
                c("8d c0 ; lea eax,eax", "", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> leaReal() {
        return Judge.real(
                c("8d 40 02 ; lea ax,[bx+si+2]", "bx=ffff si=ffff", "ax=0"),
                c("8d 06 34 12 ; lea ax,[1234]", "", "ax=1234"),
                c("8d 43 ff ; lea ax,[bp+di-1]", "bp=10 di=0", "ax=f"),
                c("66 8d 40 02 ; lea eax,[bx+si+2]", "bx=ffff si=ffff", "eax=0"),
                c("67 8d 44 4b 02 ; lea ax,[ebx+ecx*2+2]", "ebx=10000 ecx=1", "ax=4"),
                c("a1 00 80 ; mov ax,[8000]", "m16@8000=1234", "ax=1234"),
                c("8e c0 ; mov es,ax", "ax=1234", "es=1234"),
                c("26 a1 00 00 ; mov ax,es:[0]", "es=800 m16@8000=55", "ax=55"),
                c("36 8b 07 ; mov ax,ss:[bx]", "bx=8000 m16@8000=66", "ax=66"),
                c("8b 46 00 ; mov ax,[bp+0] (SS)", "bp=8000 m16@8000=77", "ax=77"),
                c("c4 1f ; les bx,[bx]", "bx=8000 m16@8000=1234 m16@8002=5678", "bx=1234 es=5678"));
    }

    @TestFactory
    Stream<DynamicTest> extend() {
        return Judge.p32l64(
                c("0f b6 c3 ; movzx eax,bl", "bl=ff", "eax=ff"),
                c("0f b6 c7 ; movzx eax,bh", "bh=80", "eax=80"),
                c("0f b7 c3 ; movzx eax,bx", "bx=8000", "eax=8000"),
                c("66 0f b6 c3 ; movzx ax,bl", "eax=ffffffff bl=80", "eax=ffff0080"),
                c("0f be c3 ; movsx eax,bl", "bl=80", "eax=ffffff80"),
                c("0f bf c3 ; movsx eax,bx", "bx=7fff", "eax=7fff"),
                c("66 0f be c3 ; movsx ax,bl", "eax=0 bl=ff", "eax=ffff"),
                c("0f be 03 ; movsx eax,byte [ebx]", "ebx=8000 m8@8000=90", "eax=ffffff90"),
                c("0f b7 03 ; movzx eax,word [ebx]", "ebx=8000 m32@8000=ffffffff", "eax=ffff"),
                c("98 ; cwde", "eax=8000", "eax=ffff8000"),
                c("66 98 ; cbw", "eax=ffff007f", "eax=ffff007f"),
                c("66 98 ; cbw (negative)", "eax=ffff0080", "eax=ffffff80"),
                c("99 ; cdq", "eax=80000000", "edx=ffffffff"),
                c("99 ; cdq (positive)", "eax=7fffffff edx=5", "edx=0"),
                c("66 99 ; cwd", "ax=8000 edx=12345678", "edx=1234ffff"),
                c("9f ; lahf", "f=CPAZS", "ah=d7"),
                c("9f ; lahf (none)", "f=O", "ah=02"),
                c("9e ; sahf", "ah=d5 f=O", "f=CPAZSO"),
                c("9e ; sahf (clears)", "ah=00 f=CPAZSO", "f=O"),
                c("f8 ; clc", "f=CZ", "f=Z"),
                c("f9 ; stc", "f=Z", "f=CZ"),
                c("f5 ; cmc", "f=C", "f="),
                c("f5 ; cmc (sets)", "f=S", "f=CS"),
                c("fc ; cld", "df=1", "df=0"),
                c("fd ; std", "", "df=1"));
    }

    @TestFactory
    Stream<DynamicTest> extend64() {
        return Judge.l64(
                c("48 0f be c3 ; movsx rax,bl", "bl=80", "rax=ffffffffffffff80"),
                c("48 0f bf c3 ; movsx rax,bx", "bx=8000", "rax=ffffffffffff8000"),
                c("48 0f b6 c3 ; movzx rax,bl", "rax=-1 bl=7", "rax=7"),
                c("48 63 c3 ; movsxd rax,ebx", "ebx=80000000", "rax=ffffffff80000000"),
                c("48 63 03 ; movsxd rax,[rbx]", "rbx=8000 m32@8000=fffffffe", "rax=fffffffffffffffe"),
                c("63 c3 ; movsxd eax,ebx (no REX.W)", "rax=-1 ebx=80000000", "rax=80000000"),
                c("40 0f b6 c6 ; movzx eax,sil", "sil=99", "eax=99"),
                c("0f b6 c6 ; movzx eax,dh", "dh=99", "eax=99"),
                c("48 98 ; cdqe", "eax=80000000", "rax=ffffffff80000000"),
                c("98 ; cwde (zero-extends)", "rax=-1 ax=1", "rax=1"),
                c("48 99 ; cqo", "rax=8000000000000000", "rdx=-1"),
                c("99 ; cdq (zero-extends edx)", "rdx=-1 eax=1", "rdx=0"),
                c("9f ; lahf in 64-bit mode", "f=C", "ah=03"));
    }

    @TestFactory
    Stream<DynamicTest> exchange() {
        return Judge.l64(
                c("87 d8 ; xchg eax,ebx", "rax=-1 rbx=-2", "rax=fffffffe rbx=ffffffff"),
                c("93 ; xchg eax,ebx", "eax=1 ebx=2", "eax=2 ebx=1"),
                c("48 93 ; xchg rax,rbx", "rax=1 rbx=-1", "rax=-1 rbx=1"),
                c("66 93 ; xchg ax,bx", "ax=1 bx=2", "ax=2 bx=1"),
                c("86 e0 ; xchg al,ah", "ax=1234", "ax=3412"),
                c("87 03 ; xchg [rbx],eax", "rbx=8000 eax=5 m32@8000=6", "eax=6 m32@8000=5"),
                c("49 90 ; xchg r8,rax", "r8=1 rax=2", "r8=2 rax=1"),
                c("41 90 ; xchg r8d,eax", "r8=-1 rax=-2", "r8=fffffffe rax=ffffffff"),
                c("87 c0 ; xchg eax,eax (zero-extends)", "rax=ffffffff00000001", "rax=1"),
                c("0f b1 cb ; cmpxchg ebx,ecx (equal)", "rax=ffffffff00000005 rbx=eeeeeeee00000005 rcx=dddddddd00000009", "rbx=9 f=PZ"),
                c("0f b1 cb ; cmpxchg ebx,ecx (unequal: rbx kept)", "rax=ffffffff00000005 rbx=eeeeeeee00000006 rcx=9", "rax=6 f=CPAS"),
                c("0f b0 0b ; cmpxchg [rbx],cl (equal)", "rbx=8000 al=7 cl=9 m8@8000=7", "m8@8000=9 f=PZ"),
                c("48 0f b1 0b ; cmpxchg [rbx],rcx (unequal)", "rbx=8000 rax=1 rcx=9 m64@8000=2", "rax=2 f=CPAS"),
                c("66 0f b1 0b ; cmpxchg [rbx],cx (unequal)", "rbx=8000 ax=3 cx=9 m16@8000=2", "ax=2 f="),
                c("0f c7 0b ; cmpxchg8b [rbx] (equal)", "rbx=8000 eax=1 edx=2 ebx=8000 ecx=4 m64@8000=0000000200000001", "m64@8000=0000000400008000 f=Z"),
                c("0f c7 0b ; cmpxchg8b [rbx] (unequal)", "rbx=8000 rax=-1 rdx=-1 m64@8000=1122334455667788", "eax=55667788 edx=11223344 f="),
                c("48 0f c7 0b ; cmpxchg16b [rbx] (equal)", "rbx=8000 rax=1 rdx=2 rcx=4 m64@8000=1 m64@8008=2", "m64@8000=8000 m64@8008=4 f=Z"),
                c("48 0f c7 0b ; cmpxchg16b [rbx] (unequal)", "rbx=8000 rax=1 rdx=2 m64@8000=5 m64@8008=6", "rax=5 rdx=6 f="),
                c("48 0f c7 4b 08 ; cmpxchg16b [rbx+8] (misaligned)", "rbx=8000", "#GP(0)"),
                c("0f c7 c8 ; cmpxchg8b eax", "", "#UD"),
                c("0f c1 d8 ; xadd eax,ebx", "eax=1 ebx=2", "eax=3 ebx=1 f=P"),
                c("0f c1 c0 ; xadd eax,eax", "eax=3", "eax=6 f=P"),
                c("0f c0 03 ; xadd [rbx],al", "rbx=8000 al=ff m8@8000=1", "al=1 m8@8000=0 f=CPAZ"),
                c("0f c8 ; bswap eax", "rax=ffffffff12345678", "rax=78563412"),
                c("48 0f c8 ; bswap rax", "rax=0123456789abcdef", "rax=efcdab8967452301"),
                c("41 0f c8 ; bswap r8d", "r8=11223344", "r8=44332211"),
                c("49 0f cf ; bswap r15", "r15=1", "r15=0100000000000000"),
                c("66 0f c8 ; bswap ax (undefined; the host writes 0)", "rax=1122334455667788", "rax=1122334455660000"));
    }
}
