package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.Judge.c;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Jcc (short and near, all 16 conditions), JMP/CALL/RET near and far, LOOP/LOOPcc/JCXZ, PUSH/POP, ENTER/LEAVE, PUSHA/POPA, PUSHF/POPF. */
class BranchStackJudgeTest {

    @TestFactory
    Stream<DynamicTest> jcc() {
        return Judge.l64(
                c("70 10 ; jo +10 (taken)", "f=O", "rip=7012"),
                c("70 f0 ; jo -10 (not taken)", "f=", ""),
                c("0f 80 00 10 00 00 ; jo near +1000 (taken)", "f=O", "rip=8006"),
                c("0f 80 00 f0 ff ff ; jo near -1000 (not taken)", "f=", ""),
                c("71 10 ; jno +10 (taken)", "f=", "rip=7012"),
                c("71 f0 ; jno -10 (not taken)", "f=O", ""),
                c("0f 81 00 10 00 00 ; jno near +1000 (taken)", "f=", "rip=8006"),
                c("0f 81 00 f0 ff ff ; jno near -1000 (not taken)", "f=O", ""),
                c("72 10 ; jb +10 (taken)", "f=C", "rip=7012"),
                c("72 f0 ; jb -10 (not taken)", "f=", ""),
                c("0f 82 00 10 00 00 ; jb near +1000 (taken)", "f=C", "rip=8006"),
                c("0f 82 00 f0 ff ff ; jb near -1000 (not taken)", "f=", ""),
                c("73 10 ; jae +10 (taken)", "f=", "rip=7012"),
                c("73 f0 ; jae -10 (not taken)", "f=C", ""),
                c("0f 83 00 10 00 00 ; jae near +1000 (taken)", "f=", "rip=8006"),
                c("0f 83 00 f0 ff ff ; jae near -1000 (not taken)", "f=C", ""),
                c("74 10 ; je +10 (taken)", "f=Z", "rip=7012"),
                c("74 f0 ; je -10 (not taken)", "f=", ""),
                c("0f 84 00 10 00 00 ; je near +1000 (taken)", "f=Z", "rip=8006"),
                c("0f 84 00 f0 ff ff ; je near -1000 (not taken)", "f=", ""),
                c("75 10 ; jne +10 (taken)", "f=", "rip=7012"),
                c("75 f0 ; jne -10 (not taken)", "f=Z", ""),
                c("0f 85 00 10 00 00 ; jne near +1000 (taken)", "f=", "rip=8006"),
                c("0f 85 00 f0 ff ff ; jne near -1000 (not taken)", "f=Z", ""),
                c("76 10 ; jbe +10 (taken)", "f=C", "rip=7012"),
                c("76 f0 ; jbe -10 (not taken)", "f=", ""),
                c("0f 86 00 10 00 00 ; jbe near +1000 (taken)", "f=C", "rip=8006"),
                c("0f 86 00 f0 ff ff ; jbe near -1000 (not taken)", "f=", ""),
                c("77 10 ; ja +10 (taken)", "f=", "rip=7012"),
                c("77 f0 ; ja -10 (not taken)", "f=C", ""),
                c("0f 87 00 10 00 00 ; ja near +1000 (taken)", "f=", "rip=8006"),
                c("0f 87 00 f0 ff ff ; ja near -1000 (not taken)", "f=C", ""),
                c("78 10 ; js +10 (taken)", "f=S", "rip=7012"),
                c("78 f0 ; js -10 (not taken)", "f=", ""),
                c("0f 88 00 10 00 00 ; js near +1000 (taken)", "f=S", "rip=8006"),
                c("0f 88 00 f0 ff ff ; js near -1000 (not taken)", "f=", ""),
                c("79 10 ; jns +10 (taken)", "f=", "rip=7012"),
                c("79 f0 ; jns -10 (not taken)", "f=S", ""),
                c("0f 89 00 10 00 00 ; jns near +1000 (taken)", "f=", "rip=8006"),
                c("0f 89 00 f0 ff ff ; jns near -1000 (not taken)", "f=S", ""),
                c("7a 10 ; jp +10 (taken)", "f=P", "rip=7012"),
                c("7a f0 ; jp -10 (not taken)", "f=", ""),
                c("0f 8a 00 10 00 00 ; jp near +1000 (taken)", "f=P", "rip=8006"),
                c("0f 8a 00 f0 ff ff ; jp near -1000 (not taken)", "f=", ""),
                c("7b 10 ; jnp +10 (taken)", "f=", "rip=7012"),
                c("7b f0 ; jnp -10 (not taken)", "f=P", ""),
                c("0f 8b 00 10 00 00 ; jnp near +1000 (taken)", "f=", "rip=8006"),
                c("0f 8b 00 f0 ff ff ; jnp near -1000 (not taken)", "f=P", ""),
                c("7c 10 ; jl +10 (taken)", "f=S", "rip=7012"),
                c("7c f0 ; jl -10 (not taken)", "f=", ""),
                c("0f 8c 00 10 00 00 ; jl near +1000 (taken)", "f=S", "rip=8006"),
                c("0f 8c 00 f0 ff ff ; jl near -1000 (not taken)", "f=", ""),
                c("7d 10 ; jge +10 (taken)", "f=", "rip=7012"),
                c("7d f0 ; jge -10 (not taken)", "f=S", ""),
                c("0f 8d 00 10 00 00 ; jge near +1000 (taken)", "f=", "rip=8006"),
                c("0f 8d 00 f0 ff ff ; jge near -1000 (not taken)", "f=S", ""),
                c("7e 10 ; jle +10 (taken)", "f=Z", "rip=7012"),
                c("7e f0 ; jle -10 (not taken)", "f=", ""),
                c("0f 8e 00 10 00 00 ; jle near +1000 (taken)", "f=Z", "rip=8006"),
                c("0f 8e 00 f0 ff ff ; jle near -1000 (not taken)", "f=", ""),
                c("7f 10 ; jg +10 (taken)", "f=", "rip=7012"),
                c("7f f0 ; jg -10 (not taken)", "f=Z", ""),
                c("0f 8f 00 10 00 00 ; jg near +1000 (taken)", "f=", "rip=8006"),
                c("0f 8f 00 f0 ff ff ; jg near -1000 (not taken)", "f=Z", ""));
    }

    @TestFactory
    Stream<DynamicTest> branchesLong() {
        return Judge.l64(
                c("eb 10 ; jmp +10", "", "rip=7012"),
                c("eb fe ; jmp self", "", "rip=7000"),
                c("e9 00 10 00 00 ; jmp near +1000", "", "rip=8005"),
                c("ff e0 ; jmp rax", "rax=123456789", "rip=123456789"),
                c("41 ff e0 ; jmp r8", "r8=9000", "rip=9000"),
                c("ff 23 ; jmp [rbx]", "rbx=8000 m64@8000=9000", "rip=9000"),
                c("e8 00 10 00 00 ; call +1000", "", "rip=8005 rsp=dff8 m64@dff8=7005"),
                c("ff d0 ; call rax", "rax=9000", "rip=9000 rsp=dff8 m64@dff8=7002"),
                c("ff 13 ; call [rbx]", "rbx=8000 m64@8000=9000", "rip=9000 rsp=dff8 m64@dff8=7002"),
                c("c3 ; ret", "rsp=dff8 m64@dff8=9000", "rip=9000 rsp=e000"),
                c("c2 10 00 ; ret 10", "rsp=dff8 m64@dff8=9000", "rip=9000 rsp=e010"),
                c("e2 10 ; loop", "rcx=2", "rcx=1 rip=7012"),
                c("e2 10 ; loop (last)", "rcx=1", "rcx=0"),
                c("67 e2 10 ; loop ecx", "rcx=100000001", "rcx=0"),
                c("e1 10 ; loope (ZF=1)", "rcx=5 f=Z", "rcx=4 rip=7012"),
                c("e1 10 ; loope (ZF=0)", "rcx=5", "rcx=4"),
                c("e0 10 ; loopne (ZF=0)", "rcx=5", "rcx=4 rip=7012"),
                c("e0 10 ; loopne (ZF=1)", "rcx=5 f=Z", "rcx=4 f=Z"),
                c("e3 10 ; jrcxz", "rcx=0", "rip=7012"),
                c("e3 10 ; jrcxz (not zero)", "rcx=100000000", ""),
                c("67 e3 10 ; jecxz", "rcx=100000000", "rip=7013"),
                c("ff 2b ; jmp far [rbx] (m16:32)", "rbx=8000 m32@8000=9000 m16@8004=18", "rip=9000 cs=18"),
                c("48 ff 2b ; jmp far [rbx] (m16:64)", "rbx=8000 m64@8000=123456789 m16@8008=18", "rip=123456789 cs=18"),
                c("48 ff 1b ; call far [rbx]", "rbx=8000 m64@8000=9000 m16@8008=18", "rip=9000 cs=18 rsp=dff0 m64@dff0=7003 m64@dff8=18"),
                c("48 cb ; retf (64-bit)", "rsp=dff0 m64@dff0=9000 m64@dff8=18", "rip=9000 cs=18 rsp=e000"),
                c("ea 00 10 00 00 08 00 ; jmp far ptr is invalid in 64-bit mode", "", "#UD"),
                c("cd 21 ; int 21", "f=C", "int=21 f=C"),
                c("cc ; int3", "", "#BP"),
                c("cd 40 ; int 40 at CPL 3 (gate DPL 0)", "cpl=3", "#GP(202)"),
                c("f4 ; hlt at CPL 3", "cpl=3", "#GP(0)"),
                c("0f 01 15 00 00 00 00 ; lgdt at CPL 3", "cpl=3", "#GP(0)"),
                c("0f 22 d8 ; mov cr3,rax at CPL 3", "cpl=3", "#GP(0)"),
                c("fa ; cli at CPL 3 with IOPL 0", "cpl=3", "#GP(0)"),
                c("fa ; cli at CPL 3 with IOPL 3", "cpl=3 iopl=3 if=1", "if=0"),
                c("0f 30 ; wrmsr at CPL 3", "cpl=3", "#GP(0)"),
                c("8b 03 ; mov eax,[rbx] at CPL 3 on a supervisor page", "cpl=3 rbx=52000", "#PF(5) cr2=52000"),
                c("89 03 ; mov [rbx],eax on a read-only page", "rbx=51000", "#PF(3) cr2=51000"),
                c("89 03 ; mov [rbx],eax at CPL 3 on a read-only page", "cpl=3 rbx=51ffc", "#PF(7) cr2=51ffc"),
                c("8b 03 ; mov eax,[rbx] from a page that is not present", "rbx=50010", "#PF(0) cr2=50010"),
                c("89 43 fe ; mov [rbx-2],eax crossing into a page that is not present", "rbx=50000", "#PF(2) cr2=50000"),
                c("ff e0 ; jmp rax to a no-execute page, then fetch", "rax=53000 steps=2", "#PF(11) cr2=53000 at=53000"),
                c("f4 ; hlt", "", "halted=1"),
                c("0f 0b ; ud2", "", "#UD"),
                c("d9 c0 ; x87 fld st0 runs on the FPU (its power-on stack overflow stays pending)", "", ""),
                c("0f 28 c1 ; movaps xmm0,xmm1", "", "#UD"),
                c("06 ; push es is invalid in 64-bit mode", "", "#UD"),
                c("60 ; pusha is invalid in 64-bit mode", "", "#UD"),
                c("61 ; popa is invalid in 64-bit mode", "", "#UD"),
                c("0f a2 ; cpuid leaf 0", "eax=0", "eax=d ebx=68747541 edx=69746e65 ecx=444d4163"),
                c("0f a2 ; cpuid leaf 1: family f, model 6b, stepping 1; CLFLUSH 64; hypervisor bit; no APIC bit on the bare core", "eax=1",
                        "eax=60fb1 ebx=800 ecx=80802000 edx=789b979"),
                c("0f a2 ; cpuid 80000000: highest extended leaf and the vendor", "eax=80000000",
                        "eax=80000008 ebx=68747541 edx=69746e65 ecx=444d4163"),
                c("0f a2 ; cpuid 80000002: 'QEMU Virt'ual CPU...", "eax=80000002",
                        "eax=554d4551 ebx=72695620 ecx=6c617574 edx=55504320"),
                c("0f a2 ; cpuid 80000004: the brand's last bytes and NULs", "eax=80000004", "eax=0 ebx=0 ecx=0 edx=0"),
                c("0f a2 ; cpuid 80000008: 40 physical, 48 linear address bits", "eax=80000008", "eax=3028 ebx=0 ecx=0 edx=0"));
    }

    @TestFactory
    Stream<DynamicTest> branchesReal() {
        return Judge.real(
                c("74 10 ; je +10", "f=Z", "rip=7012 f=Z"),
                c("0f 85 00 10 ; jne near +1000", "", "rip=8004"),
                c("eb 10 ; jmp +10", "", "rip=7012"),
                c("e9 fd 8f ; jmp near wraps at 64 KiB", "", "rip=0"),
                c("ff e0 ; jmp ax", "eax=12349000", "rip=9000"),
                c("e8 00 10 ; call +1000", "", "rip=8003 rsp=dffe m16@dffe=7003"),
                c("c3 ; ret", "rsp=dffe m16@dffe=9000", "rip=9000 rsp=e000"),
                c("e2 10 ; loop (cx)", "ecx=10000", "ecx=1ffff rip=7012"),
                c("e3 10 ; jcxz", "ecx=10000", "rip=7012"),
                c("ea 00 10 00 08 ; jmp 0800:1000", "", "cs=800 rip=1000"),
                c("9a 00 10 00 08 ; call 0800:1000", "", "cs=800 rip=1000 rsp=dffc m16@dffe=0 m16@dffc=7005"),
                c("cb ; retf", "rsp=dffc m16@dffc=1000 m16@dffe=800", "cs=800 rip=1000 rsp=e000"),
                c("cd 21 ; int 21", "f=CZ if=1", "int=21 f=CZ if=1"),
                c("cc ; int3", "", "#BP"),
                c("ce ; into (OF=1)", "f=O", "#OF f=O"),
                c("ce ; into (OF=0)", "", ""),
                c("cf ; iret", "rsp=dffa m16@dffa=9000 m16@dffc=800 m16@dffe=0ad7", "rip=9000 cs=800 rsp=e000 fl=ad7"),
                c("f7 f3 ; div bx by zero: #DE returns to the instruction", "bx=0", "#DE"),
                c("0f 0b ; ud2", "", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> branchesProtected() {
        return Judge.p32(
                c("ea 00 80 00 00 08 00 ; jmp 08:8000", "", "cs=8 rip=8000"),
                c("ea 00 80 00 00 10 00 ; jmp to a data segment", "", "#GP(10)"),
                c("ea 00 80 00 00 58 00 ; jmp to a not-present data segment", "", "#GP(58)"),
                c("9a 00 80 00 00 08 00 ; call 08:8000", "", "cs=8 rip=8000 rsp=dff8 m32@dff8=7007 m32@dffc=8"),
                c("e8 00 10 00 00 ; call +1000", "", "rip=8005 rsp=dffc m32@dffc=7005"),
                c("66 e8 00 10 ; call +1000 (16-bit: IP truncated)", "", "rip=8004 rsp=dffe m16@dffe=7004"),
                c("cd 21 ; int 21 at CPL 3 (stack switch)", "cpl=3", "int=21"),
                c("f4 ; hlt at CPL 3", "cpl=3", "#GP(0)"),
                c("ec ; in al,dx at CPL 3, port allowed by the bitmap", "cpl=3 edx=60 port@60=ab", "al=ab io=r60/1"),
                c("ec ; in al,dx at CPL 3, port denied by the bitmap", "cpl=3 edx=80", "#GP(0)"),
                c("ed ; in eax,dx at CPL 3 straddling the allowed range", "cpl=3 edx=66", "#GP(0)"),
                c("9d ; popf at CPL 3 (IOPL and IF kept)", "cpl=3 iopl=0 rsp=dffc m32@dffc=3ed7", "rsp=e000 fl=0ed7 iopl=0 if=0"),
                c("9d ; popf at CPL 0", "rsp=dffc m32@dffc=3ad7", "rsp=e000 fl=3ad7"),
                c("cd 40 ; int 40 at CPL 0 (DPL 0 gate fine)", "", "int=40"));
    }

    @TestFactory
    Stream<DynamicTest> stackLong() {
        return Judge.l64(
                c("50 ; push rax", "rax=1122334455667788", "rsp=dff8 m64@dff8=1122334455667788"),
                c("66 50 ; push ax", "ax=1234", "rsp=dffe m16@dffe=1234"),
                c("41 57 ; push r15", "r15=5", "rsp=dff8 m64@dff8=5"),
                c("6a ff ; push -1", "", "rsp=dff8 m64@dff8=-1"),
                c("68 00 00 00 80 ; push imm32 (sign-extended)", "", "rsp=dff8 m64@dff8=ffffffff80000000"),
                c("66 6a ff ; push word -1", "m32@dffc=0", "rsp=dffe m32@dffc=ffff0000"),
                c("ff 33 ; push [rbx]", "rbx=8000 m64@8000=77", "rsp=dff8 m64@dff8=77"),
                c("58 ; pop rax", "rsp=dff8 m64@dff8=123456789", "rsp=e000 rax=123456789"),
                c("66 58 ; pop ax", "rsp=dffe m16@dffe=1234 rax=-1", "rsp=e000 rax=ffffffffffff1234"),
                c("41 5f ; pop r15", "rsp=dff8 m64@dff8=9", "rsp=e000 r15=9"),
                c("8f 00 ; pop [rax]", "rax=8000 rsp=dff8 m64@dff8=42", "rsp=e000 m64@8000=42"),
                c("8f 44 24 08 ; pop [rsp+8] (address from the incremented RSP)", "rsp=dff8 m64@dff8=42", "rsp=e000 m64@e008=42"),
                c("5c ; pop rsp", "rsp=dff8 m64@dff8=c000", "rsp=c000"),
                c("54 ; push rsp (the old value)", "", "rsp=dff8 m64@dff8=e000"),
                c("0f a0 ; push fs", "", "rsp=dff8 m16@dff8=10"),
                c("0f a1 ; pop fs", "rsp=dff8 m64@dff8=0", "rsp=e000 fs=0"),
                c("9c ; pushfq", "f=CZ", "rsp=dff8 m64@dff8=43 f=CZ"),
                c("9d ; popfq", "rsp=dff8 m64@dff8=8d5", "rsp=e000 fl=8d7"),
                c("c8 10 00 00 ; enter 10,0", "rbp=1234", "rbp=dff8 rsp=dfe8 m64@dff8=1234"),
                c("c8 08 00 01 ; enter 8,1", "rbp=1234", "rbp=dff8 rsp=dfe8 m64@dff8=1234 m64@dff0=dff8"),
                c("c8 00 00 02 ; enter 0,2", "rbp=e100 m64@e0f8=aaaa", "rbp=dff8 rsp=dfe8 m64@dff8=e100 m64@dff0=aaaa m64@dfe8=dff8"),
                c("c9 ; leave", "rbp=dff0 m64@dff0=1234", "rsp=dff8 rbp=1234"),
                c("66 c9 ; leave (16-bit pop)", "rbp=dff0 m16@dff0=1234", "rsp=dff2 rbp=1234"));
    }

    @TestFactory
    Stream<DynamicTest> stackLegacy() {
        return Stream.concat(Judge.p32(
                c("60 ; pushad", "eax=1 ecx=2 edx=3 ebx=4 ebp=6 esi=7 edi=8",
                        "esp=dfe0 m32@dffc=1 m32@dff8=2 m32@dff4=3 m32@dff0=4 m32@dfec=e000 m32@dfe8=6 m32@dfe4=7 m32@dfe0=8"),
                c("61 ; popad", "esp=dfe0 m32@dffc=1 m32@dff8=2 m32@dff4=3 m32@dff0=4 m32@dfec=5 m32@dfe8=6 m32@dfe4=7 m32@dfe0=8",
                        "eax=1 ecx=2 edx=3 ebx=4 esp=e000 ebp=6 esi=7 edi=8"),
                c("66 60 ; pushaw", "eax=11110001 esp=e000", "esp=dff0 m16@dffe=1 m16@dff6=e000"),
                c("0e ; push cs", "", "esp=dffc m16@dffc=8"),
                c("1f ; pop ds", "esp=dffc m32@dffc=28", "esp=e000 ds=28"),
                c("1f ; pop ds (not present)", "esp=dffc m32@dffc=58", "#NP(58)"),
                c("17 ; pop ss", "esp=dffc m32@dffc=10", "esp=e000 ss=10"),
                c("8f 44 24 04 ; pop [esp+4]", "esp=dffc m32@dffc=99", "esp=e000 m32@e004=99"),
                c("66 50 ; push ax", "eax=12345678", "esp=dffe m16@dffe=5678"),
                c("c8 04 00 00 ; enter 4,0", "ebp=1", "ebp=dffc esp=dff8 m32@dffc=1")), Judge.real(
                c("60 ; pusha", "eax=1 ecx=2 edx=3 ebx=4 ebp=6 esi=7 edi=8",
                        "esp=dff0 m16@dffe=1 m16@dffc=2 m16@dffa=3 m16@dff8=4 m16@dff6=e000 m16@dff4=6 m16@dff2=7 m16@dff0=8"),
                c("61 ; popa", "esp=dff0 m16@dffe=1 m16@dffc=2 m16@dffa=3 m16@dff8=4 m16@dff4=6 m16@dff2=7 m16@dff0=8",
                        "ax=1 cx=2 dx=3 bx=4 esp=e000 bp=6 si=7 di=8"),
                c("66 60 ; pushad", "eax=1", "esp=dfe0 m32@dffc=1 m32@dfec=e000"),
                c("9c ; pushf", "f=CO", "esp=dffe m16@dffe=803"),
                c("9d ; popf (IOPL changeable in real mode)", "esp=dffe m16@dffe=3246", "esp=e000 fl=3246"),
                c("1e ; push ds", "ds=1234", "esp=dffe m16@dffe=1234"),
                c("07 ; pop es", "esp=dffe m16@dffe=800", "esp=e000 es=800"),
                c("6a 80 ; push -80", "", "esp=dffe m16@dffe=ff80"),
                c("c9 ; leave", "ebp=dff0 m16@dff0=1234", "esp=dff2 bp=1234")));
    }

    @TestFactory
    Stream<DynamicTest> stringsLong() {
        return Judge.l64(
                c("a4 ; movsb", "rsi=8000 rdi=9000 m8@8000=5a", "m8@9000=5a rsi=8001 rdi=9001"),
                c("a4 ; movsb (DF=1)", "rsi=8000 rdi=9000 m8@8000=5a df=1", "m8@9000=5a rsi=7fff rdi=8fff"),
                c("48 a5 ; movsq", "rsi=8000 rdi=9000 m64@8000=123456789", "m64@9000=123456789 rsi=8008 rdi=9008"),
                c("66 a5 ; movsw (DF=1)", "rsi=8000 rdi=9000 m16@8000=1234 df=1", "m16@9000=1234 rsi=7ffe rdi=8ffe"),
                c("f3 a4 ; rep movsb", "rcx=3 rsi=8000 rdi=9000 b@8000=010203", "b@9000=010203 rcx=0 rsi=8003 rdi=9003"),
                c("f3 a4 ; rep movsb (count 0)", "rcx=0 rsi=8000 rdi=9000", ""),
                c("f3 a5 ; rep movsd (DF=1)", "rcx=2 rsi=8004 rdi=9004 m64@8000=1111111122222222 df=1", "m64@9000=1111111122222222 rcx=0 rsi=7ffc rdi=8ffc"),
                c("f3 48 ab ; rep stosq", "rcx=2 rax=-1 rdi=9000", "m64@9000=-1 m64@9008=-1 rcx=0 rdi=9010"),
                c("67 f3 aa ; rep stosb (ECX, EDI)", "rcx=100000002 rdi=ffffffff00009000 al=7", "b@9000=0707 rcx=0 rdi=9002"),
                c("ac ; lodsb", "rsi=8000 m8@8000=9", "al=9 rsi=8001"),
                c("ad ; lodsd (zero-extends)", "rax=-1 rsi=8000 m32@8000=9", "rax=9 rsi=8004"),
                c("ae ; scasb", "al=5 rdi=9000 m8@9000=5", "rdi=9001 f=PZ"),
                c("66 af ; scasw", "ax=1 rdi=9000 m16@9000=2", "rdi=9002 f=CPAS"),
                c("a6 ; cmpsb", "rsi=8000 rdi=9000 m8@8000=3 m8@9000=1", "rsi=8001 rdi=9001 f="),
                c("f3 a6 ; repe cmpsb (stops at the mismatch)", "rcx=5 rsi=8000 rdi=9000 b@8000=010203 b@9000=010204", "rcx=2 rsi=8003 rdi=9003 f=CPAS"),
                c("f3 a6 ; repe cmpsb (all equal)", "rcx=2 rsi=8000 rdi=9000 b@8000=0102 b@9000=0102", "rcx=0 rsi=8002 rdi=9002 f=PZ"),
                c("f2 ae ; repne scasb (finds)", "al=0 rcx=10 rdi=9000 b@9000=41424300", "rcx=c rdi=9004 f=PZ"),
                c("f2 ae ; repne scasb (runs out)", "al=0 rcx=2 rdi=9000 b@9000=4142", "rcx=0 rdi=9002 f=CPAS"),
                c("f3 ae ; repe scasb (runs out equal)", "al=1 rcx=2 rdi=9000 b@9000=0101", "rcx=0 rdi=9002 f=PZ"),
                c("64 a4 ; movsb fs:[rsi]", "fsbase=1000 rsi=7000 rdi=9000 m8@8000=33", "m8@9000=33 rsi=7001 rdi=9001"),
                c("e4 60 ; in al,60", "port@60=ab", "al=ab io=r60/1"),
                c("e5 60 ; in eax,60 (zero-extends)", "rax=-1 port@60=12345678", "rax=12345678 io=r60/4"),
                c("66 e5 60 ; in ax,60", "port@60=1234", "ax=1234 io=r60/2"),
                c("ec ; in al,dx", "edx=3f8 port@3f8=41", "al=41 io=r3f8/1"),
                c("e6 80 ; out 80,al", "al=55", "io=w80/1=55"),
                c("ef ; out dx,eax", "edx=3f8 eax=12345678", "io=w3f8/4=12345678"),
                c("66 ef ; out dx,ax", "edx=1f0 eax=12345678", "io=w1f0/2=5678"),
                c("6c ; insb", "edx=60 rdi=9000 port@60=ab", "m8@9000=ab rdi=9001 io=r60/1"),
                c("6e ; outsb", "edx=80 rsi=8000 m8@8000=cc", "rsi=8001 io=w80/1=cc"),
                c("f3 6e ; rep outsb", "edx=80 rcx=2 rsi=8000 b@8000=0102", "rcx=0 rsi=8002 io=w80/1=1,w80/1=2"),
                c("f3 6d ; rep insd", "edx=60 rcx=2 rdi=9000 port@60=11223344", "rcx=0 rdi=9008 m64@9000=1122334411223344 io=r60/4,r60/4"));
    }

    @TestFactory
    Stream<DynamicTest> stringsReal() {
        return Judge.real(
                c("26 a4 ; movsb es:[si]", "es=100 si=0 di=9000 m8@1000=77", "m8@a000=77 si=1 di=9001"),
                c("f3 a5 ; rep movsw", "ecx=2 si=8000 di=9000 m32@8000=11112222", "m32@9000=11112222 ecx=0 si=8004 di=9004"),
                c("a4 ; movsb (SI wraps at 64 KiB)", "esi=ffff di=9000 m8@ffff=42", "m8@9000=42 esi=0 di=9001"),
                c("66 ab ; stosd", "eax=12345678 di=9000", "m32@9000=12345678 di=9004"),
                c("f3 aa ; rep stosb (CX)", "ecx=ffff0002 al=1 di=9000", "b@9000=0101 ecx=ffff0000 di=9002"),
                c("e4 60 ; in al,60", "port@60=5", "al=5 io=r60/1"));
    }
}
