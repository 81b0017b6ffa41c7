; loops.asm — the CPU benchmark guest (a 64 KiB BIOS image, like src/test/roms/modes.asm).
; Prints a marker line on the debug console (port 0xe9) between phases, so the host can time each phase:
;   "A" real-mode dec/jnz loop "B" switch to long mode "C" 64-bit dec/jnz loop "D" 64-bit load/store/call mix "E"
; then exits through isa-debug-exit (port 0xf4) with status 33. Iteration counts are patched by the benchmark
; into the dwords at offset 0xffe0 (real loop), 0xffe4 (long loop), 0xffe8 (mix loop).

%define ROM_BASE 0xf0000
%define LIN(x)   (ROM_BASE + (x))
%define PML4     0x20000
%define PDPT     0x21000
%define PD64     0x22000
%define DATA     0x40000

        org 0
        bits 16
start16:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
        mov al, 'A'
        call mark16
        mov ecx, [cs:count_real]
.real:  dec ecx
        jnz .real
        mov al, 'B'
        call mark16
        lgdt [cs:gdt_desc]
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp dword 0x08:LIN(pm32)

mark16: out 0xe9, al
        mov al, 10
        out 0xe9, al
        ret

        bits 32
pm32:   mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x7000
        mov edi, PML4
        mov ecx, 3 * 1024
        xor eax, eax
        rep stosd
        mov dword [PML4], PDPT | 3
        mov dword [PDPT], PD64 | 3
        mov dword [PD64], 0x83
        mov dword [PD64 + 8], 0x200083
        mov eax, cr4
        or eax, 1 << 5
        mov cr4, eax
        mov eax, PML4
        mov cr3, eax
        mov ecx, 0xc0000080
        rdmsr
        or eax, 1 << 8
        wrmsr
        mov eax, cr0
        or eax, 1 << 31
        mov cr0, eax
        jmp 0x18:LIN(lm64)

        bits 64
lm64:   mov ax, 0x10
        mov ds, ax
        mov ss, ax
        mov rsp, 0x7000
        mov al, 'C'
        call mark64
        mov ecx, [LIN(count_long)]
.long:  dec rcx
        jnz .long
        mov al, 'D'
        call mark64
        mov ecx, [LIN(count_mix)]
        mov rsi, DATA
.mix:   mov rax, [rsi]
        add rax, rcx
        mov [rsi + 8], rax
        call leaf
        dec rcx
        jnz .mix
        mov al, 'E'
        call mark64
        mov al, 0x10
        out 0xf4, al
        hlt

leaf:   mov rdx, [rsi + 8]
        xor rdx, 0x5a
        mov [rsi], rdx
        ret

mark64: out 0xe9, al
        mov al, 10
        out 0xe9, al
        ret

        align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff
        dq 0x00cf92000000ffff
        dq 0x00af9a000000ffff
gdt_end:
gdt_desc:
        dw gdt_end - gdt - 1
        dd LIN(gdt)

        times 0xffe0 - ($ - $$) db 0xff
count_real: dd 1000
count_long: dd 1000
count_mix:  dd 1000
        times 0xfff0 - ($ - $$) db 0xff
        bits 16
        jmp 0xf000:start16
        times 0x10000 - ($ - $$) db 0xff
