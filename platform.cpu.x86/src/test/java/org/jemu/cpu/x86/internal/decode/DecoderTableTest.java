package org.jemu.cpu.x86.internal.decode;

import static org.jemu.cpu.x86.internal.decode.DecoderTestSupport.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real byte sequences in the three modes with the expected op, length, operand size, address size and Intel text.
 * Columns: mode, bytes, op, length, opSize, addrSize, disassembly.
 */
class DecoderTableTest {

    @ParameterizedTest(name = "[{0}] {1} -> {6}")
    @CsvSource(delimiter = '|', textBlock = """
            64 | 00 c8                | ADD     | 2 | 1 | 8 | add al,cl
            64 | 48 01 d8             | ADD     | 3 | 8 | 8 | add rax,rbx
            64 | 66 01 d8             | ADD     | 3 | 2 | 8 | add ax,bx
            64 | 66 48 01 d8          | ADD     | 4 | 8 | 8 | add rax,rbx
            64 | 4c 03 04 24          | ADD     | 4 | 8 | 8 | add r8,QWORD PTR [rsp]
            64 | 04 7f                | ADD     | 2 | 1 | 8 | add al,0x7f
            64 | 48 05 78 56 34 12    | ADD     | 6 | 8 | 8 | add rax,0x12345678
            64 | 0c 01                | OR      | 2 | 1 | 8 | or al,0x1
            64 | 11 c0                | ADC     | 2 | 4 | 8 | adc eax,eax
            64 | 19 c0                | SBB     | 2 | 4 | 8 | sbb eax,eax
            64 | 21 c0                | AND     | 2 | 4 | 8 | and eax,eax
            64 | 29 c0                | SUB     | 2 | 4 | 8 | sub eax,eax
            64 | 31 c0                | XOR     | 2 | 4 | 8 | xor eax,eax
            64 | 39 c0                | CMP     | 2 | 4 | 8 | cmp eax,eax
            64 | 40 00 e0             | ADD     | 3 | 1 | 8 | add al,spl
            64 | 00 e0                | ADD     | 2 | 1 | 8 | add al,ah
            64 | 83 c0 ff             | ADD     | 3 | 4 | 8 | add eax,0xffffffff
            64 | 80 38 05             | CMP     | 3 | 1 | 8 | cmp BYTE PTR [rax],0x5
            64 | 81 38 00 01 00 00    | CMP     | 6 | 4 | 8 | cmp DWORD PTR [rax],0x100
            64 | 8b 05 10 00 00 00    | MOV     | 6 | 4 | 8 | mov eax,DWORD PTR [rip+0x10]
            64 | 67 8b 05 10 00 00 00 | MOV     | 7 | 4 | 4 | mov eax,DWORD PTR [eip+0x10]
            64 | 8b 04 25 10 00 00 00 | MOV     | 7 | 4 | 8 | mov eax,DWORD PTR [0x10]
            64 | 8b 04 24             | MOV     | 3 | 4 | 8 | mov eax,DWORD PTR [rsp]
            64 | 8b 44 24 08          | MOV     | 4 | 4 | 8 | mov eax,DWORD PTR [rsp+0x8]
            64 | 8b 04 8d 00 00 00 00 | MOV     | 7 | 4 | 8 | mov eax,DWORD PTR [rcx*4]
            64 | 8b 44 8d f0          | MOV     | 4 | 4 | 8 | mov eax,DWORD PTR [rbp+rcx*4-0x10]
            64 | 42 8b 04 20          | MOV     | 4 | 4 | 8 | mov eax,DWORD PTR [rax+r12*1]
            64 | 41 8b 45 00          | MOV     | 4 | 4 | 8 | mov eax,DWORD PTR [r13]
            64 | 43 8b 04 2c          | MOV     | 4 | 4 | 8 | mov eax,DWORD PTR [r12+r13*1]
            64 | 8b 84 24 00 01 00 00 | MOV     | 7 | 4 | 8 | mov eax,DWORD PTR [rsp+0x100]
            64 | 48 b8 88 77 66 55 44 33 22 11 | MOV | 10 | 8 | 8 | mov rax,0x1122334455667788
            64 | 41 b0 01             | MOV     | 3 | 1 | 8 | mov r8b,0x1
            64 | b4 01                | MOV     | 2 | 1 | 8 | mov ah,0x1
            64 | 40 b4 01             | MOV     | 3 | 1 | 8 | mov spl,0x1
            64 | 48 a1 88 77 66 55 44 33 22 11 | MOV | 10 | 8 | 8 | mov rax,QWORD PTR [0x1122334455667788]
            64 | 67 a0 44 33 22 11    | MOV     | 6 | 1 | 4 | mov al,BYTE PTR [0x11223344]
            64 | c6 00 05             | MOV     | 3 | 1 | 8 | mov BYTE PTR [rax],0x5
            64 | 48 c7 c0 ff ff ff ff | MOV     | 7 | 8 | 8 | mov rax,0xffffffffffffffff
            64 | 48 63 c1             | MOVSXD  | 3 | 8 | 8 | movsxd rax,ecx
            64 | 48 8d 04 40          | LEA     | 4 | 8 | 8 | lea rax,[rax+rax*2]
            64 | 50                   | PUSH    | 1 | 8 | 8 | push rax
            64 | 41 57                | PUSH    | 2 | 8 | 8 | push r15
            64 | 66 50                | PUSH    | 2 | 2 | 8 | push ax
            64 | 58                   | POP     | 1 | 8 | 8 | pop rax
            64 | 6a ff                | PUSH    | 2 | 8 | 8 | push 0xffffffffffffffff
            64 | 68 00 10 00 00       | PUSH    | 5 | 8 | 8 | push 0x1000
            64 | ff 30                | PUSH    | 2 | 8 | 8 | push QWORD PTR [rax]
            64 | 8f 00                | POP     | 2 | 8 | 8 | pop QWORD PTR [rax]
            64 | 0f a0                | PUSH    | 2 | 8 | 8 | push fs
            64 | 0f a9                | POP     | 2 | 8 | 8 | pop gs
            64 | 74 fe                | JCC     | 2 | 8 | 8 | je $+0x0
            64 | 0f 85 00 01 00 00    | JCC     | 6 | 8 | 8 | jne $+0x106
            64 | 66 0f 85 00 01 00 00 | JCC     | 7 | 8 | 8 | jne $+0x107
            64 | e8 00 00 00 00       | CALL    | 5 | 8 | 8 | call $+0x5
            64 | e9 fb ff ff ff       | JMP     | 5 | 8 | 8 | jmp $+0x0
            64 | eb 00                | JMP     | 2 | 8 | 8 | jmp $+0x2
            64 | ff d0                | CALL    | 2 | 8 | 8 | call rax
            64 | ff 20                | JMP     | 2 | 8 | 8 | jmp QWORD PTR [rax]
            64 | ff 18                | CALLF   | 2 | 4 | 8 | callf FWORD PTR [rax]
            64 | 48 ff 28             | JMPF    | 3 | 8 | 8 | jmpf TBYTE PTR [rax]
            64 | c3                   | RET     | 1 | 8 | 8 | ret
            64 | c2 08 00             | RET     | 3 | 8 | 8 | ret 0x8
            64 | cb                   | RETF    | 1 | 4 | 8 | retf
            64 | 48 cf                | IRET    | 2 | 8 | 8 | iretq
            64 | cd 80                | INT     | 2 | 4 | 8 | int 0x80
            64 | cc                   | INT3    | 1 | 4 | 8 | int3
            64 | e2 fe                | LOOP    | 2 | 8 | 8 | loop $+0x0
            64 | e3 00                | JCXZ    | 2 | 8 | 8 | jrcxz $+0x2
            64 | 67 e3 00             | JCXZ    | 3 | 8 | 4 | jecxz $+0x3
            64 | 90                   | NOP     | 1 | 4 | 8 | nop
            64 | f3 90                | PAUSE   | 2 | 4 | 8 | pause
            64 | 41 90                | XCHG    | 2 | 4 | 8 | xchg r8d,eax
            64 | 48 87 d8             | XCHG    | 3 | 8 | 8 | xchg rax,rbx
            64 | 0f 1f 44 00 00       | NOP     | 5 | 4 | 8 | nop DWORD PTR [rax+rax*1]
            64 | 66 0f 1f 84 00 00 00 00 00 | NOP | 9 | 2 | 8 | nop WORD PTR [rax+rax*1]
            64 | 48 98                | CBW     | 2 | 8 | 8 | cdqe
            64 | 98                   | CBW     | 1 | 4 | 8 | cwde
            64 | 48 99                | CWD     | 2 | 8 | 8 | cqo
            64 | f3 48 a5             | MOVS    | 3 | 8 | 8 | rep movsq
            64 | f3 a6                | CMPS    | 2 | 1 | 8 | repe cmpsb
            64 | f2 ae                | SCAS    | 2 | 1 | 8 | repne scasb
            64 | aa                   | STOS    | 1 | 1 | 8 | stosb
            64 | 66 ad                | LODS    | 2 | 2 | 8 | lodsw
            64 | 48 6d                | INS     | 2 | 4 | 8 | insd
            64 | 6e                   | OUTS    | 1 | 1 | 8 | outsb
            64 | e4 60                | IN      | 2 | 1 | 8 | in al,0x60
            64 | 48 ed                | IN      | 2 | 4 | 8 | in eax,dx
            64 | 66 ef                | OUT     | 2 | 2 | 8 | out dx,ax
            64 | e6 80                | OUT     | 2 | 1 | 8 | out 0x80,al
            64 | c8 10 00 01          | ENTER   | 4 | 8 | 8 | enter 0x10,0x1
            64 | c9                   | LEAVE   | 1 | 8 | 8 | leave
            64 | 9c                   | PUSHF   | 1 | 8 | 8 | pushfq
            64 | 9d                   | POPF    | 1 | 8 | 8 | popfq
            64 | 9e                   | SAHF    | 1 | 4 | 8 | sahf
            64 | 9f                   | LAHF    | 1 | 4 | 8 | lahf
            64 | f6 d8                | NEG     | 2 | 1 | 8 | neg al
            64 | f7 d0                | NOT     | 2 | 4 | 8 | not eax
            64 | f6 c1 01             | TEST    | 3 | 1 | 8 | test cl,0x1
            64 | f7 c1 01 00 00 00    | TEST    | 6 | 4 | 8 | test ecx,0x1
            64 | 48 f7 e1             | MUL     | 3 | 8 | 8 | mul rcx
            64 | f7 e9                | IMUL1   | 2 | 4 | 8 | imul ecx
            64 | f7 f1                | DIV     | 2 | 4 | 8 | div ecx
            64 | f7 f9                | IDIV    | 2 | 4 | 8 | idiv ecx
            64 | 0f af c1             | IMUL2   | 3 | 4 | 8 | imul eax,ecx
            64 | 6b c1 10             | IMUL3   | 3 | 4 | 8 | imul eax,ecx,0x10
            64 | 69 c1 00 01 00 00    | IMUL3   | 6 | 4 | 8 | imul eax,ecx,0x100
            64 | fe c0                | INC     | 2 | 1 | 8 | inc al
            64 | ff c8                | DEC     | 2 | 4 | 8 | dec eax
            64 | d1 e0                | SHL     | 2 | 4 | 8 | shl eax,0x1
            64 | d3 f8                | SAR     | 2 | 4 | 8 | sar eax,cl
            64 | c0 c0 03             | ROL     | 3 | 1 | 8 | rol al,0x3
            64 | c1 c8 03             | ROR     | 3 | 4 | 8 | ror eax,0x3
            64 | d0 d0                | RCL     | 2 | 1 | 8 | rcl al,0x1
            64 | d0 d8                | RCR     | 2 | 1 | 8 | rcr al,0x1
            64 | d0 e8                | SHR     | 2 | 1 | 8 | shr al,0x1
            64 | 0f a4 c1 04          | SHLD    | 4 | 4 | 8 | shld ecx,eax,0x4
            64 | 0f ad c1             | SHRD    | 3 | 4 | 8 | shrd ecx,eax,cl
            64 | 0f a3 c1             | BT      | 3 | 4 | 8 | bt ecx,eax
            64 | 0f ab c1             | BTS     | 3 | 4 | 8 | bts ecx,eax
            64 | 0f b3 c1             | BTR     | 3 | 4 | 8 | btr ecx,eax
            64 | 0f bb c1             | BTC     | 3 | 4 | 8 | btc ecx,eax
            64 | 0f ba e1 05          | BT      | 4 | 4 | 8 | bt ecx,0x5
            64 | 0f ba f9 05          | BTC     | 4 | 4 | 8 | btc ecx,0x5
            64 | 0f bc c1             | BSF     | 3 | 4 | 8 | bsf eax,ecx
            64 | 0f bd c1             | BSR     | 3 | 4 | 8 | bsr eax,ecx
            64 | f3 0f bc c1          | TZCNT   | 4 | 4 | 8 | tzcnt eax,ecx
            64 | f3 0f bd c1          | LZCNT   | 4 | 4 | 8 | lzcnt eax,ecx
            64 | f3 48 0f b8 c1       | POPCNT  | 5 | 8 | 8 | popcnt rax,rcx
            64 | 0f 44 c1             | CMOVCC  | 3 | 4 | 8 | cmove eax,ecx
            64 | 0f 9f c0             | SETCC   | 3 | 1 | 8 | setg al
            64 | 0f b6 c1             | MOVZX   | 3 | 4 | 8 | movzx eax,cl
            64 | 48 0f bf c1          | MOVSX   | 4 | 8 | 8 | movsx rax,cx
            64 | f0 0f b1 0a          | CMPXCHG | 4 | 4 | 8 | lock cmpxchg DWORD PTR [rdx],ecx
            64 | 0f c7 0e             | CMPXCHG8B | 3 | 4 | 8 | cmpxchg8b QWORD PTR [rsi]
            64 | 48 0f c7 0e          | CMPXCHG16B | 4 | 8 | 8 | cmpxchg16b XMMWORD PTR [rsi]
            64 | f0 0f c1 03          | XADD    | 4 | 4 | 8 | lock xadd DWORD PTR [rbx],eax
            64 | 49 0f c8             | BSWAP   | 3 | 8 | 8 | bswap r8
            64 | 0f a2                | CPUID   | 2 | 4 | 8 | cpuid
            64 | 0f 31                | RDTSC   | 2 | 4 | 8 | rdtsc
            64 | 0f 01 f9             | RDTSCP  | 3 | 4 | 8 | rdtscp
            64 | 0f 01 f8             | SWAPGS  | 3 | 4 | 8 | swapgs
            64 | 0f 20 c0             | MOV_CR  | 3 | 8 | 8 | mov rax,cr0
            64 | 44 0f 22 c0          | MOV_CR  | 4 | 8 | 8 | mov cr8,rax
            64 | 0f 23 f8             | MOV_DR  | 3 | 8 | 8 | mov dr7,rax
            64 | 8e d8                | MOV_SREG | 2 | 4 | 8 | mov ds,ax
            64 | 8c c8                | MOV_SREG | 2 | 4 | 8 | mov eax,cs
            64 | 0f 01 10             | LGDT    | 3 | 4 | 8 | lgdt [rax]
            64 | 0f 01 18             | LIDT    | 3 | 4 | 8 | lidt [rax]
            64 | 0f 01 00             | SGDT    | 3 | 4 | 8 | sgdt [rax]
            64 | 0f 01 08             | SIDT    | 3 | 4 | 8 | sidt [rax]
            64 | 0f 00 d0             | LLDT    | 3 | 4 | 8 | lldt ax
            64 | 0f 00 c0             | SLDT    | 3 | 4 | 8 | sldt eax
            64 | 0f 00 d8             | LTR     | 3 | 4 | 8 | ltr ax
            64 | 0f 00 c8             | STR     | 3 | 4 | 8 | str eax
            64 | 0f 00 20             | VERR    | 3 | 4 | 8 | verr WORD PTR [rax]
            64 | 0f 00 28             | VERW    | 3 | 4 | 8 | verw WORD PTR [rax]
            64 | 0f 01 f0             | LMSW    | 3 | 4 | 8 | lmsw ax
            64 | 0f 01 e0             | SMSW    | 3 | 4 | 8 | smsw eax
            64 | 0f 01 38             | INVLPG  | 3 | 4 | 8 | invlpg [rax]
            64 | 0f 06                | CLTS    | 2 | 4 | 8 | clts
            64 | 0f 02 c1             | LAR     | 3 | 4 | 8 | lar eax,cx
            64 | 0f 03 c1             | LSL     | 3 | 4 | 8 | lsl eax,cx
            64 | 0f 08                | INVD    | 2 | 4 | 8 | invd
            64 | 0f 09                | WBINVD  | 2 | 4 | 8 | wbinvd
            64 | 0f 05                | SYSCALL | 2 | 4 | 8 | syscall
            64 | 48 0f 07             | SYSRET  | 3 | 8 | 8 | sysret
            64 | 0f 34                | SYSENTER | 2 | 4 | 8 | sysenter
            64 | 0f 35                | SYSEXIT | 2 | 4 | 8 | sysexit
            64 | 0f 30                | WRMSR   | 2 | 4 | 8 | wrmsr
            64 | 0f 32                | RDMSR   | 2 | 4 | 8 | rdmsr
            64 | 0f b2 00             | LSS     | 3 | 4 | 8 | lss eax,FWORD PTR [rax]
            64 | 0f b4 00             | LFS     | 3 | 4 | 8 | lfs eax,FWORD PTR [rax]
            64 | 0f b5 00             | LGS     | 3 | 4 | 8 | lgs eax,FWORD PTR [rax]
            64 | 0f ae e8             | LFENCE  | 3 | 4 | 8 | lfence
            64 | 0f ae 38             | CLFLUSH | 3 | 4 | 8 | clflush [rax]
            64 | f4                   | HLT     | 1 | 4 | 8 | hlt
            64 | fa                   | CLI     | 1 | 4 | 8 | cli
            64 | fb                   | STI     | 1 | 4 | 8 | sti
            64 | f8                   | CLC     | 1 | 4 | 8 | clc
            64 | f9                   | STC     | 1 | 4 | 8 | stc
            64 | f5                   | CMC     | 1 | 4 | 8 | cmc
            64 | fc                   | CLD     | 1 | 4 | 8 | cld
            64 | fd                   | STD     | 1 | 4 | 8 | std
            64 | 0f 0b                | UD2     | 2 | 4 | 8 | ud2
            64 | d7                   | XLAT    | 1 | 1 | 8 | xlat
            64 | 65 48 8b 04 25 28 00 00 00 | MOV | 9 | 8 | 8 | mov rax,QWORD PTR gs:[0x28]
            32 | 01 d8                | ADD     | 2 | 4 | 4 | add eax,ebx
            32 | 66 01 d8             | ADD     | 3 | 2 | 4 | add ax,bx
            32 | 40                   | INC     | 1 | 4 | 4 | inc eax
            32 | 4f                   | DEC     | 1 | 4 | 4 | dec edi
            32 | 06                   | PUSH    | 1 | 4 | 4 | push es
            32 | 1f                   | POP     | 1 | 4 | 4 | pop ds
            32 | 0e                   | PUSH    | 1 | 4 | 4 | push cs
            32 | 27                   | DAA     | 1 | 4 | 4 | daa
            32 | 2f                   | DAS     | 1 | 4 | 4 | das
            32 | 37                   | AAA     | 1 | 4 | 4 | aaa
            32 | 3f                   | AAS     | 1 | 4 | 4 | aas
            32 | d4 0a                | AAM     | 2 | 4 | 4 | aam 0xa
            32 | d5 0a                | AAD     | 2 | 4 | 4 | aad 0xa
            32 | 60                   | PUSHA   | 1 | 4 | 4 | pushad
            32 | 66 61                | POPA    | 2 | 2 | 4 | popa
            32 | 63 c8                | ARPL    | 2 | 4 | 4 | arpl ax,cx
            32 | 62 00                | BOUND   | 2 | 4 | 4 | bound eax,QWORD PTR [eax]
            32 | 9a 78 56 34 12 08 00 | CALLF   | 7 | 4 | 4 | callf 0x8:0x12345678
            32 | ea 00 00 10 00 10 00 | JMPF    | 7 | 4 | 4 | jmpf 0x10:0x100000
            32 | c4 00                | LES     | 2 | 4 | 4 | les eax,FWORD PTR [eax]
            32 | c5 00                | LDS     | 2 | 4 | 4 | lds eax,FWORD PTR [eax]
            32 | ce                   | INTO    | 1 | 4 | 4 | into
            32 | 82 c0 01             | ADD     | 3 | 1 | 4 | add al,0x1
            32 | 8b 05 00 10 00 00    | MOV     | 6 | 4 | 4 | mov eax,DWORD PTR [0x1000]
            32 | 8b 04 9d 00 10 00 00 | MOV     | 7 | 4 | 4 | mov eax,DWORD PTR [ebx*4+0x1000]
            32 | 67 8b 00             | MOV     | 3 | 4 | 2 | mov eax,DWORD PTR [bx+si]
            32 | e8 00 00 00 00       | CALL    | 5 | 4 | 4 | call $+0x5
            32 | 66 e8 00 00          | CALL    | 4 | 2 | 4 | call $+0x4
            32 | 0f 20 c0             | MOV_CR  | 3 | 4 | 4 | mov eax,cr0
            32 | 0f 22 d8             | MOV_CR  | 3 | 4 | 4 | mov cr3,eax
            32 | cf                   | IRET    | 1 | 4 | 4 | iretd
            32 | 9c                   | PUSHF   | 1 | 4 | 4 | pushfd
            32 | d6                   | SALC    | 1 | 4 | 4 | salc
            16 | 01 d8                | ADD     | 2 | 2 | 2 | add ax,bx
            16 | 66 01 d8             | ADD     | 3 | 4 | 2 | add eax,ebx
            16 | 8b 00                | MOV     | 2 | 2 | 2 | mov ax,WORD PTR [bx+si]
            16 | 8b 01                | MOV     | 2 | 2 | 2 | mov ax,WORD PTR [bx+di]
            16 | 8b 42 02             | MOV     | 3 | 2 | 2 | mov ax,WORD PTR [bp+si+0x2]
            16 | 8b 43 fe             | MOV     | 3 | 2 | 2 | mov ax,WORD PTR [bp+di-0x2]
            16 | 8b 04                | MOV     | 2 | 2 | 2 | mov ax,WORD PTR [si]
            16 | 8b 05                | MOV     | 2 | 2 | 2 | mov ax,WORD PTR [di]
            16 | 8b 06 34 12          | MOV     | 4 | 2 | 2 | mov ax,WORD PTR [0x1234]
            16 | 8b 46 00             | MOV     | 3 | 2 | 2 | mov ax,WORD PTR [bp]
            16 | 8b 87 34 12          | MOV     | 4 | 2 | 2 | mov ax,WORD PTR [bx+0x1234]
            16 | 67 8b 04 24          | MOV     | 4 | 2 | 4 | mov ax,WORD PTR [esp]
            16 | a1 34 12             | MOV     | 3 | 2 | 2 | mov ax,WORD PTR [0x1234]
            16 | b8 34 12             | MOV     | 3 | 2 | 2 | mov ax,0x1234
            16 | 66 b8 78 56 34 12    | MOV     | 6 | 4 | 2 | mov eax,0x12345678
            16 | e8 00 00             | CALL    | 3 | 2 | 2 | call $+0x3
            16 | 66 e8 00 00 00 00    | CALL    | 6 | 4 | 2 | call $+0x6
            16 | ea 00 7c 00 00       | JMPF    | 5 | 2 | 2 | jmpf 0x0:0x7c00
            16 | 66 ea 00 00 10 00 08 00 | JMPF | 8 | 4 | 2 | jmpf 0x8:0x100000
            16 | cd 10                | INT     | 2 | 2 | 2 | int 0x10
            16 | cf                   | IRET    | 1 | 2 | 2 | iret
            16 | e3 fe                | JCXZ    | 2 | 2 | 2 | jcxz $+0x0
            16 | 8e d0                | MOV_SREG | 2 | 2 | 2 | mov ss,ax
            16 | 26 8b 07             | MOV     | 3 | 2 | 2 | mov ax,WORD PTR es:[bx]
            16 | f3 ab                | STOS    | 2 | 2 | 2 | rep stosw
            16 | 60                   | PUSHA   | 1 | 2 | 2 | pusha
            16 | 0f 01 16 00 10       | LGDT    | 5 | 2 | 2 | lgdt [0x1000]
            16 | 0f 20 c0             | MOV_CR  | 3 | 4 | 2 | mov eax,cr0
            """)
    void decodesTheInstruction(int mode, String bytes, Op op, int length, int opSize, int addrSize, String text) {
        DecodedInsn d = decode(mode, bytes);
        String ctx = bytes + " -> " + d;
        assertEquals(op, d.op, ctx);
        assertEquals(length, d.length, ctx);
        assertEquals(opSize, d.opSize, ctx);
        assertEquals(addrSize, d.addrSize, ctx);
        assertEquals(text, d.toString(), ctx);
    }
}
