; rings.asm — privilege levels in 32-bit protected mode: a TSS, a ring-3 task entered with IRET, a call gate back to
; ring 0 (with a parameter copied to the inner stack and RETF to the outer level), an interrupt from ring 3 through a
; DPL-3 gate with the stack switched from the TSS, and #GP from a privileged instruction at CPL 3. Reports on the
; debug console (port 0xe9) and exits through isa-debug-exit (port 0xf4) with (0x10 << 1) | 1 = 33.

%define ROM_BASE 0xf0000
%define LIN(x)   (ROM_BASE + (x))
%define IDT      0x10000
%define TSS      0x11000
%define STACK0   0x20000
%define STACK3   0x30000

        org 0
        bits 16
start16:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
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
        mov esp, STACK0
        mov esi, LIN(msg_ring0)
        call puts

        ; the TSS: SS0:ESP0 for entries into ring 0
        mov edi, TSS
        mov ecx, 0x68 / 4
        xor eax, eax
        rep stosd
        mov dword [TSS + 4], STACK0
        mov dword [TSS + 8], 0x10
        mov word [TSS + 0x66], 0x68               ; no I/O bitmap
        mov ax, 0x28
        ltr ax

        ; the IDT: #GP (13) and int 0x30 (DPL 3) as 32-bit interrupt gates to ring 0
        mov edi, IDT
        mov ecx, 0x31 * 2
        xor eax, eax
        rep stosd
        mov eax, LIN(gp_handler)
        mov edi, IDT + 13 * 8
        mov bx, 0x8e00
        call gate
        mov eax, LIN(int30_handler)
        mov edi, IDT + 0x30 * 8
        mov bx, 0xee00                             ; DPL 3: ring 3 may use INT 0x30
        call gate
        lidt [LIN(idt_desc)]

        ; to ring 3 with IRET: SS, ESP, EFLAGS, CS, EIP
        push dword 0x23                            ; user data, RPL 3
        push dword STACK3
        push dword 0x002                           ; IF off, IOPL 0
        push dword 0x1b                            ; user code, RPL 3
        push dword LIN(ring3)
        iret

; gate: interrupt gate at [edi] for the handler at eax, selector 8, type/attributes in bx
gate:   mov word [edi], ax
        mov word [edi + 2], 0x08
        mov word [edi + 4], bx
        shr eax, 16
        mov word [edi + 6], ax
        ret

puts:   push eax
.next:  lodsb
        test al, al
        jz .done
        out 0xe9, al
        jmp .next
.done:  pop eax
        ret

; ---- ring 3 ------------------------------------------------------------------------------------------------------
ring3:  mov ax, 0x23
        mov ds, ax
        mov es, ax
        push dword 0x1234                          ; a parameter for the call gate
        mov eax, 1                                 ; the request: 1 = add 0x1000 to the parameter
        call 0x33:0                                ; call gate (selector 0x30, RPL 3) to ring 0
        add esp, 4
        cmp eax, 0x1234 + 0x1000
        jne fail3
        int 0x30                                   ; through the DPL-3 gate, stack from the TSS
        cli                                        ; #GP at CPL 3 (IOPL 0); the handler skips it
        push dword 0
        mov eax, 0x10                              ; the request: 0x10 = exit
        call 0x33:0
fail3:  jmp fail3

; ---- ring 0 entry points -----------------------------------------------------------------------------------------
gate_target:                                       ; via the call gate: [esp] EIP, CS, param, ESP, SS
        cmp eax, 0x10
        je .exit
        mov eax, [esp + 8]                         ; the copied parameter
        push eax
        mov esi, LIN(msg_gate)
        call puts
        mov eax, cs
        and eax, 3
        add al, '0'
        out 0xe9, al                               ; the CPL: 0
        mov al, 10
        out 0xe9, al
        pop eax
        add eax, 0x1000
        retf 4                                     ; back to ring 3, dropping the parameter
.exit:  mov esi, LIN(msg_done)
        call puts
        mov al, 0x10
        out 0xf4, al
        hlt

int30_handler:
        mov esi, LIN(msg_int)
        call puts
        mov eax, [esp + 4]                         ; the saved CS: ring 3
        and eax, 3
        add al, '0'
        out 0xe9, al
        mov al, 10
        out 0xe9, al
        iret

gp_handler:
        mov esi, LIN(msg_gp)
        call puts
        add dword [esp + 4], 1                     ; skip the one-byte CLI
        add esp, 4                                 ; drop the error code (0)
        iret

        align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff                      ; 08 code32 DPL0
        dq 0x00cf92000000ffff                      ; 10 data DPL0
        dq 0x00cffa000000ffff                      ; 18 code32 DPL3
        dq 0x00cff2000000ffff                      ; 20 data DPL3
        dw 0x67, TSS & 0xffff                      ; 28 32-bit TSS
        db (TSS >> 16) & 0xff, 0x89, 0x00, 0x00
        ; 30 32-bit call gate, DPL 3, one parameter, to 08:gate_target
        dw (ROM_BASE + gate_target - $$) & 0xffff, 0x08
        db 1, 0xec
        dw (ROM_BASE + gate_target - $$) >> 16
gdt_end:
gdt_desc:
        dw gdt_end - gdt - 1
        dd LIN(gdt)
idt_desc:
        dw 0x31 * 8 - 1
        dd IDT

msg_ring0: db "ring 0", 10, 0
msg_gate:  db "call gate at CPL ", 0
msg_int:   db "int 0x30 from CPL ", 0
msg_gp:    db "#GP at CPL 3", 10, 0
msg_done:  db "done", 10, 0

        times 0xfff0 - ($ - $$) db 0xff
        bits 16
        jmp 0xf000:start16
        times 0x10000 - ($ - $$) db 0xff
