; dftask.asm — a double fault handled by a task gate (the classic way a 32-bit kernel survives a kernel stack
; overflow): #GP whose gate is not present raises #NP while delivering it, which makes a double fault, delivered
; through a task gate to a separate task with its own TSS and stack. The #DF task reports its error code and the
; back link, then exits through isa-debug-exit (port 0xf4) with (0x10 << 1) | 1 = 33.

%define ROM_BASE 0xf0000
%define LIN(x)   (ROM_BASE + (x))
%define IDT      0x10000
%define TSS_MAIN 0x11000
%define TSS_DF   0x12000
%define STACK0   0x20000
%define STACK_DF 0x28000

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
        mov esi, LIN(msg_start)
        call puts

        ; two TSSes: the running task's (filled by the CPU at the switch) and the #DF task's
        mov edi, TSS_MAIN
        mov ecx, 0x2000 / 4
        xor eax, eax
        rep stosd
        mov dword [TSS_DF + 0x20], LIN(df_task)    ; EIP
        mov dword [TSS_DF + 0x24], 0x2             ; EFLAGS
        mov dword [TSS_DF + 0x38], STACK_DF        ; ESP
        mov word [TSS_DF + 0x48], 0x10             ; ES
        mov word [TSS_DF + 0x4c], 0x08             ; CS
        mov word [TSS_DF + 0x50], 0x10             ; SS
        mov word [TSS_DF + 0x54], 0x10             ; DS
        mov word [TSS_DF + 0x58], 0x10             ; FS
        mov word [TSS_DF + 0x5c], 0x10             ; GS
        mov word [TSS_DF + 0x66], 0x68
        mov eax, cr3
        mov [TSS_DF + 0x1c], eax                   ; CR3
        mov ax, 0x28
        ltr ax

        ; the IDT: #DF (8) is a task gate to the #DF TSS; #GP (13) is a gate marked not present
        mov edi, IDT
        mov ecx, 32 * 2
        xor eax, eax
        rep stosd
        mov word [IDT + 8 * 8 + 2], 0x30           ; task gate: TSS selector
        mov word [IDT + 8 * 8 + 4], 0x8500         ; present, DPL 0, type 5
        mov word [IDT + 13 * 8 + 2], 0x08
        mov word [IDT + 13 * 8 + 4], 0x0e00        ; a 32-bit interrupt gate, NOT present
        lidt [LIN(idt_desc)]

        mov esi, LIN(msg_fault)
        call puts
        mov ax, 0x1234
        mov ds, ax                                 ; #GP(0x1230): beyond the GDT -> #NP on its gate -> #DF
        jmp $

puts:   push eax
.next:  lodsb
        test al, al
        jz .done
        out 0xe9, al
        jmp .next
.done:  pop eax
        ret

; puthex32: print eax as 8 hex digits
puthex32:
        push ecx
        push edx
        mov ecx, 8
.digit: rol eax, 4
        mov dl, al
        and dl, 0x0f
        add dl, '0'
        cmp dl, '9'
        jbe .out
        add dl, 'a' - '0' - 10
.out:   push eax
        mov al, dl
        out 0xe9, al
        pop eax
        loop .digit
        pop edx
        pop ecx
        ret

df_task:
        mov esi, LIN(msg_df)
        call puts
        pop eax                                    ; the #DF error code (0)
        call puthex32
        mov esi, LIN(msg_link)
        call puts
        movzx eax, word [TSS_DF]                   ; the back link: the interrupted task's TSS selector
        call puthex32
        mov esi, LIN(msg_tr)
        call puts
        str ax
        movzx eax, ax
        call puthex32
        mov esi, LIN(msg_eip)
        call puts
        mov eax, [TSS_MAIN + 0x20]                 ; where the old task stopped (the faulting MOV)
        sub eax, LIN(0)
        call puthex32
        mov al, 10
        out 0xe9, al
        pushf
        pop eax
        test eax, 1 << 14                          ; NT set by the switch
        jz .no_nt
        mov esi, LIN(msg_nt)
        call puts
.no_nt: mov esi, LIN(msg_done)
        call puts
        mov al, 0x10
        out 0xf4, al
        hlt

        align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff                      ; 08 code32
        dq 0x00cf92000000ffff                      ; 10 data
        dq 0                                       ; 18
        dq 0                                       ; 20
        dw 0x67, TSS_MAIN & 0xffff                 ; 28 TSS of the running task
        db (TSS_MAIN >> 16) & 0xff, 0x89, 0x00, 0x00
        dw 0x67, TSS_DF & 0xffff                   ; 30 TSS of the #DF task
        db (TSS_DF >> 16) & 0xff, 0x89, 0x00, 0x00
gdt_end:
gdt_desc:
        dw gdt_end - gdt - 1
        dd LIN(gdt)
idt_desc:
        dw 32 * 8 - 1
        dd IDT

msg_start: db "protected mode", 10, 0
msg_fault: db "faulting", 10, 0
msg_df:    db "#DF task: error ", 0
msg_link:  db " link ", 0
msg_tr:    db " tr ", 0
msg_eip:   db " old eip ", 0
msg_nt:    db "NT set", 10, 0
msg_done:  db "done", 10, 0

        times 0xfff0 - ($ - $$) db 0xff
        bits 16
        jmp 0xf000:start16
        times 0x10000 - ($ - $$) db 0xff
