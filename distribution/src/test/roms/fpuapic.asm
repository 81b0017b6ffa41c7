; fpuapic.asm — a 64 KiB test BIOS for the CPU's part 2 on the pc machine: long mode, then the x87 FPU (#NM from
; CR0.TS, 80-bit and double results, an unmasked zero divide reported as #MF with CR0.NE), SSE/SSE2 (packed and scalar
; results, MXCSR and its sticky flags after a masked zero divide), and the local APIC (ID, version, a one-shot timer
; interrupt through the LVT). An unmasked SIMD exception (#XM) is not part of it: QEMU 7.2's TCG never raises #XM (it
; only sets the MXCSR flags), so its output cannot be the reference there; jemu's instruction tests check #XM. Reports on the debug console (port 0xe9) and ends through isa-debug-exit
; (port 0xf4) with status (0x12 << 1) | 1 = 37. Transcendental instructions are left out on purpose: QEMU computes
; FSIN & co. in double precision, real x87s (and jemu) in extended precision.
; Run: -M pc -bios fpuapic.bin -nodefaults -device isa-debugcon,iobase=0xe9,chardev=... -device isa-debug-exit,iobase=0xf4,iosize=4

%define ROM_BASE   0xf0000
%define LIN(x)     (ROM_BASE + (x))
%define DEBUGCON   0xe9
%define DEBUG_EXIT 0xf4
%define PML4       0x20000
%define PDPT       0x21000
%define PD0        0x22000
%define PD3        0x23000
%define IDT64      0x30000
%define DATA       0x40000
%define STACK      0x7000
%define APIC       0xfee00000
%define TIMER_VEC  0x40

        org 0
        bits 16
start16:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, STACK
        lgdt [cs:gdt_desc]
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp dword 0x08:LIN(pm32)

        bits 32
pm32:   mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK
        mov edi, PML4                   ; clear the page tables and the IDT
        mov ecx, 0x14000 / 4
        xor eax, eax
        rep stosd
        mov dword [PML4], PDPT | 3
        mov dword [PDPT], PD0 | 3
        mov dword [PDPT + 3 * 8], PD3 | 3
        mov dword [PD0], 0x83                           ; 0-2 MiB
        mov dword [PD3 + ((APIC >> 21) & 511) * 8], (APIC & 0xffe00000) | 0x9b  ; the APIC page, uncached
        mov eax, cr4
        or eax, (1 << 5) | (1 << 9) | (1 << 10)        ; PAE, OSFXSR, OSXMMEXCPT
        mov cr4, eax
        mov eax, PML4
        mov cr3, eax
        mov ecx, 0xc0000080
        rdmsr
        or eax, 1 << 8
        wrmsr
        mov eax, cr0
        or eax, (1 << 31) | (1 << 5) | (1 << 1)        ; PG, NE, MP
        and eax, ~(1 << 2)                              ; EM off
        mov cr0, eax
        jmp 0x18:LIN(lm64)

        bits 64
lm64:   mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov rsp, STACK
        mov edi, 7
        mov esi, LIN(nm_handler)
        call set_gate
        mov edi, 16
        mov esi, LIN(mf_handler)
        call set_gate
        mov edi, TIMER_VEC
        mov esi, LIN(timer_handler)
        call set_gate
        mov edi, 0xff
        mov esi, LIN(spurious_handler)
        call set_gate
        lidt [LIN(idt_desc)]
        mov rsi, LIN(msg_long)
        call puts

        ; ---- x87 ---------------------------------------------------------------------------------------------------
        mov rax, cr0
        or eax, 1 << 3                  ; TS: the first FPU instruction is #NM
        mov cr0, rax
        fninit                          ; -> #NM, the handler clears TS, FNINIT runs again
        mov rsi, LIN(msg_fninit)
        call puts
        fnstcw [DATA]
        movzx eax, word [DATA]
        call puthex16
        call newline

        fldpi                           ; pi in extended precision
        fstp tword [DATA]
        mov rsi, LIN(msg_pi80)
        call puts
        movzx eax, word [DATA + 8]
        call puthex16
        mov rax, [DATA]
        call puthex64
        call newline

        fld1                            ; 1 + pi, 2/3, sqrt(2), -7 * 0.1 stored as doubles
        fldpi
        faddp
        fstp qword [DATA]
        fld1
        fadd st0, st0
        fild dword [LIN(three)]
        fdivp
        fstp qword [DATA + 8]
        fld1
        fadd st0, st0
        fsqrt
        fstp qword [DATA + 16]
        fild word [LIN(minus7)]
        fmul qword [LIN(tenth)]
        fistp dword [DATA + 24]         ; rounds to nearest: -1
        fld qword [LIN(tenth)]
        fimul word [LIN(minus7)]
        fstp qword [DATA + 32]
        mov rsi, LIN(msg_x87)
        call puts
        mov rax, [DATA]
        call puthex64
        call space
        mov rax, [DATA + 8]
        call puthex64
        call space
        mov rax, [DATA + 16]
        call puthex64
        call space
        mov eax, [DATA + 24]
        call puthex32
        call space
        mov rax, [DATA + 32]
        call puthex64
        call newline

        fldz                            ; 1 / 0 with ZE unmasked: #MF at the next waiting instruction (a form
        fld1                            ; that does not pop: on an unmasked exception the x87 keeps TOP, where
        fnstcw [DATA]                   ; QEMU 7.2 pops anyway)
        and word [DATA], ~(1 << 2)
        fldcw [DATA]
        fdiv st0, st1
        fwait                           ; -> #MF
        mov rsi, LIN(msg_after_mf)
        call puts
        fninit

        ; ---- SSE/SSE2 ----------------------------------------------------------------------------------------------
        movaps xmm0, [LIN(vec_a)]
        movaps xmm1, [LIN(vec_b)]
        addps xmm0, xmm1
        movups [DATA], xmm0
        movapd xmm2, [LIN(vec_c)]
        mulpd xmm2, xmm2
        movupd [DATA + 16], xmm2
        mov eax, 10
        cvtsi2sd xmm3, eax
        sqrtsd xmm3, xmm3
        movsd [DATA + 32], xmm3
        cvttsd2si eax, xmm3
        mov [DATA + 40], eax
        mov rsi, LIN(msg_sse)
        call puts
        mov rax, [DATA + 8]
        call puthex64
        mov rax, [DATA]
        call puthex64
        call space
        mov rax, [DATA + 24]
        call puthex64
        mov rax, [DATA + 16]
        call puthex64
        call space
        mov rax, [DATA + 32]
        call puthex64
        call space
        mov eax, [DATA + 40]
        call puthex32
        call newline

        stmxcsr [DATA]
        mov rsi, LIN(msg_mxcsr)
        call puts
        mov eax, [DATA]
        call puthex32
        call newline
        movss xmm0, [LIN(one)]
        xorps xmm1, xmm1
        divss xmm0, xmm1                ; masked: infinity, and ZE sticks in MXCSR
        movd eax, xmm0
        mov rsi, LIN(msg_div0)
        call puts
        call puthex32
        call space
        stmxcsr [DATA]
        mov eax, [DATA]
        call puthex32
        call newline

        ; ---- local APIC --------------------------------------------------------------------------------------------
        mov rsi, LIN(msg_apic)
        call puts
        mov rbx, APIC                   ; (a disp32 would be sign-extended: the APIC page is above 2 GiB)
        mov eax, [rbx + 0x20]           ; ID
        call puthex32
        call space
        mov eax, [rbx + 0x30]           ; version
        call puthex32
        call newline
        mov dword [rbx + 0xf0], 0x1ff           ; software enable, spurious vector 0xff
        mov dword [rbx + 0x3e0], 0x0b           ; divide by 1
        mov dword [rbx + 0x320], TIMER_VEC      ; LVT timer: one-shot, unmasked
        mov byte [DATA + 0x100], 0
        mov dword [rbx + 0x380], 100000         ; initial count
        sti
.wait:  hlt
        cmp byte [DATA + 0x100], 0
        je .wait
        cli
        mov rsi, LIN(msg_timer)
        call puts
        mov eax, [rbx + 0x390]          ; current count: 0 after a one-shot expired
        call puthex32
        call newline

        mov rsi, LIN(msg_done)
        call puts
        mov al, 0x12
        out DEBUG_EXIT, al
        hlt

nm_handler:
        clts
        push rsi
        mov rsi, LIN(msg_nm)
        call puts
        pop rsi
        iretq

mf_handler:
        push rax
        push rsi
        mov rsi, LIN(msg_mf)
        call puts
        fnstsw ax
        call puthex16
        call newline
        fnclex
        pop rsi
        pop rax
        iretq

timer_handler:
        push rax
        mov byte [DATA + 0x100], 1
        mov rax, APIC
        mov dword [rax + 0xb0], 0       ; EOI
        pop rax
        iretq

spurious_handler:
        iretq

; rdi = vector, rsi = handler (below 4 GiB): a 64-bit interrupt gate in IDT64
set_gate:
        shl rdi, 4
        add rdi, IDT64
        mov eax, esi
        and eax, 0xffff
        or eax, 0x18 << 16
        mov [rdi], eax
        mov eax, esi
        and eax, 0xffff0000
        or eax, 0x8e00
        mov [rdi + 4], eax
        mov qword [rdi + 8], 0
        ret

puts:
        mov al, [rsi]
        test al, al
        jz .end
        out DEBUGCON, al
        inc rsi
        jmp puts
.end:   ret

space:
        push rax
        mov al, ' '
        out DEBUGCON, al
        pop rax
        ret

newline:
        push rax
        mov al, 10
        out DEBUGCON, al
        pop rax
        ret

puthex64:
        push rax
        shr rax, 32
        call puthex32
        pop rax
puthex32:
        push rax
        shr eax, 16
        call puthex16
        pop rax
puthex16:
        push rax
        shr eax, 8
        call puthex8
        pop rax
puthex8:
        push rax
        shr al, 4
        call .nibble
        pop rax
        push rax
        and al, 0x0f
        call .nibble
        pop rax
        ret
.nibble:
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'a' - '0' - 10
.out:   out DEBUGCON, al
        ret

        align 16
vec_a:  dd 1.5, -2.0, 1.0e10, 0.1
vec_b:  dd 2.25, 0.5, 1.0, 0.2
vec_c:  dq 3.0, -0.1
tenth:  dq 0.1
one:    dd 1.0
three:  dd 3
minus7: dw -7

gdt:    dq 0
        dq 0x00cf9a000000ffff                     ; 0x08 code32 flat
        dq 0x00cf92000000ffff                     ; 0x10 data flat
        dq 0x00af9a000000ffff                     ; 0x18 code64
gdt_end:
gdt_desc:
        dw gdt_end - gdt - 1
        dd LIN(gdt)
idt_desc:
        dw 256 * 16 - 1
        dq IDT64

msg_long:     db "long mode 64", 10, 0
msg_nm:       db "#NM", 10, 0
msg_fninit:   db "fninit fcw ", 0
msg_pi80:     db "fldpi ", 0
msg_x87:      db "x87 ", 0
msg_mf:       db "#MF fsw ", 0
msg_after_mf: db "after #MF", 10, 0
msg_sse:      db "sse ", 0
msg_mxcsr:    db "mxcsr ", 0
msg_div0:     db "divss 1/0 masked: result, mxcsr ", 0
msg_apic:     db "apic id/version ", 0
msg_timer:    db "apic timer fired, current count ", 0
msg_done:     db "done", 10, 0

; ---- reset vector ------------------------------------------------------------------------------------------------
        times 0xfff0 - ($ - $$) db 0xff
        bits 16
        jmp 0xf000:start16
        times 0x10000 - ($ - $$) db 0xff
