; modes.asm — a 64 KiB test BIOS image for jemu's CPU (and QEMU, for the reference output).
; Walks real mode -> 32-bit protected mode -> 2-level paging with 4 MiB pages -> long mode (4-level, 2 MiB pages),
; takes a software interrupt in real mode and #UD / #PF in long mode, reports every step on the Bochs/QEMU debug
; console (port 0xe9) and ends through isa-debug-exit at port 0xf4 with status (0x10 << 1) | 1 = 33.
; Run: -bios modes.bin -device isa-debugcon,iobase=0xe9,chardev=... -device isa-debug-exit,iobase=0xf4,iosize=4
;
; The image is mapped at 0xf0000 (below 1 MiB) and at 0xffff0000; execution starts at f000:fff0.

%define ROM_BASE   0xf0000
%define LIN(x)     (ROM_BASE + (x))
%define DEBUGCON   0xe9
%define DEBUG_EXIT 0xf4
%define PD32       0x10000          ; 2-level page directory
%define PML4       0x20000          ; long mode tables
%define PDPT       0x21000
%define PD64       0x22000
%define IDT64      0x30000
%define STACK      0x7000

        org 0
        bits 16

; ---- real mode ---------------------------------------------------------------------------------------------------
start16:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, STACK
        mov si, msg_real
        call puts16

        ; a software interrupt through the IVT at 0:0
        mov word [0x80 * 4], int80_handler
        mov word [0x80 * 4 + 2], 0xf000
        mov bx, 0x1234
        int 0x80
        cmp bx, 0x4321                  ; the handler swaps the bytes... and adds 0x0f0f
        jne fail16
        mov si, msg_int_ok
        call puts16

        ; into protected mode
        lgdt [cs:gdt_desc]
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp dword 0x08:LIN(pm32)

int80_handler:
        xchg bl, bh                      ; 0x1234 -> 0x3412
        add bx, 0x0f0f                   ; -> 0x4321
        push si
        mov si, msg_int
        call puts16
        pop si
        iret

fail16:
        mov si, msg_fail
        call puts16
        mov al, 1
        out DEBUG_EXIT, al
        hlt

; puts16: print the NUL-terminated string at cs:si
puts16:
        push ax
.next:  cs lodsb
        test al, al
        jz .done
        out DEBUGCON, al
        jmp .next
.done:  pop ax
        ret

; ---- 32-bit protected mode ---------------------------------------------------------------------------------------
        bits 32
pm32:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK
        mov esi, LIN(msg_prot)
        call puts32

        ; 2-level paging: 4 MiB page 0 identity, 4 MiB page at 0x400000 -> physical 0 (an alias)
        mov edi, PD32
        mov ecx, 1024
        xor eax, eax
        rep stosd
        mov dword [PD32 + 0 * 4], 0x00000083     ; present, writable, 4 MiB
        mov dword [PD32 + 1 * 4], 0x00000083     ; 0x400000 -> 0
        mov eax, cr4
        or eax, 1 << 4                            ; PSE
        mov cr4, eax
        mov eax, PD32
        mov cr3, eax
        mov eax, cr0
        or eax, 1 << 31                           ; PG
        mov cr0, eax
        mov esi, LIN(msg_paging)
        call puts32
        mov dword [0x7100], 0x12345678
        cmp dword [0x407100], 0x12345678
        jne fail32
        mov esi, LIN(msg_alias)
        call puts32

        ; to long mode: paging off, PAE 4-level tables, EFER.LME, paging on
        mov eax, cr0
        and eax, ~(1 << 31)
        mov cr0, eax
        mov edi, PML4
        mov ecx, 3 * 1024
        xor eax, eax
        rep stosd
        mov dword [PML4], PDPT | 3
        mov dword [PDPT], PD64 | 3
        mov dword [PD64 + 0 * 8], 0x000000 | 0x83 ; 2 MiB pages, identity 0-4 MiB
        mov dword [PD64 + 1 * 8], 0x200000 | 0x83
        mov eax, cr4
        or eax, 1 << 5                            ; PAE
        mov cr4, eax
        mov eax, PML4
        mov cr3, eax
        mov ecx, 0xc0000080                       ; EFER
        rdmsr
        or eax, 1 << 8                            ; LME
        wrmsr
        mov eax, cr0
        or eax, 1 << 31
        mov cr0, eax
        jmp 0x18:LIN(lm64)

fail32:
        mov esi, LIN(msg_fail)
        call puts32
        mov al, 1
        out DEBUG_EXIT, al
        hlt

puts32:
        push eax
.next:  lodsb
        test al, al
        jz .done
        out DEBUGCON, al
        jmp .next
.done:  pop eax
        ret

; ---- long mode ---------------------------------------------------------------------------------------------------
        bits 64
lm64:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov rsp, STACK
        mov rsi, LIN(msg_long)
        call puts64

        ; an IDT with #UD (6) and #PF (14) handlers
        mov rdi, IDT64
        mov rcx, 32 * 2
        xor rax, rax
        rep stosq
        mov rax, LIN(ud_handler)
        mov rdi, IDT64 + 6 * 16
        call set_gate
        mov rax, LIN(pf_handler)
        mov rdi, IDT64 + 14 * 16
        call set_gate
        lidt [LIN(idt_desc)]

        ud2                                       ; the handler skips it
        mov rsi, LIN(msg_after_ud)
        call puts64

        mov rbx, 0x40000000                       ; 1 GiB: PDPT entry 1 is not present
        mov rax, [rbx]                            ; 48 8b 03: the handler skips these 3 bytes
        mov rsi, LIN(msg_after_pf)
        call puts64

        mov rsi, LIN(msg_done)
        call puts64
        mov al, 0x10
        out DEBUG_EXIT, al                        ; status (0x10 << 1) | 1 = 33
        hlt

; set_gate: 64-bit interrupt gate at [rdi] for the handler at rax, selector 0x18
set_gate:
        mov word [rdi], ax
        mov word [rdi + 2], 0x18
        mov word [rdi + 4], 0x8e00                ; present, DPL 0, 64-bit interrupt gate
        shr rax, 16
        mov word [rdi + 6], ax
        shr rax, 16
        mov dword [rdi + 8], eax
        mov dword [rdi + 12], 0
        ret

ud_handler:
        push rsi
        mov rsi, LIN(msg_ud)
        call puts64
        pop rsi
        add qword [rsp], 2                        ; skip ud2
        iretq

pf_handler:
        push rsi
        push rax
        mov rsi, LIN(msg_pf)
        call puts64
        mov rax, [rsp + 16]                       ; the error code
        call puthex64
        mov al, ' '
        out DEBUGCON, al
        mov rax, cr2
        call puthex64
        mov al, 10
        out DEBUGCON, al
        pop rax
        pop rsi
        add rsp, 8                                ; drop the error code
        add qword [rsp], 3                        ; skip the faulting mov
        iretq

puts64:
        push rax
.next:  lodsb
        test al, al
        jz .done
        out DEBUGCON, al
        jmp .next
.done:  pop rax
        ret

; puthex64: print rax as 16 hex digits
puthex64:
        push rcx
        push rdx
        mov rcx, 16
.digit: rol rax, 4
        mov dl, al
        and dl, 0x0f
        add dl, '0'
        cmp dl, '9'
        jbe .out
        add dl, 'a' - '0' - 10
.out:   push rax
        mov al, dl
        out DEBUGCON, al
        pop rax
        loop .digit
        pop rdx
        pop rcx
        ret

; ---- data --------------------------------------------------------------------------------------------------------
        align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff                     ; 0x08 code32 flat
        dq 0x00cf92000000ffff                     ; 0x10 data flat
        dq 0x00af9a000000ffff                     ; 0x18 code64
gdt_end:
gdt_desc:
        dw gdt_end - gdt - 1
        dd LIN(gdt)
idt_desc:
        dw 32 * 16 - 1
        dq IDT64

msg_real:     db "real mode", 10, 0
msg_int:      db "int 0x80", 10, 0
msg_int_ok:   db "int 0x80 returned", 10, 0
msg_prot:     db "protected mode 32", 10, 0
msg_paging:   db "paging 4M", 10, 0
msg_alias:    db "alias ok", 10, 0
msg_long:     db "long mode 64", 10, 0
msg_ud:       db "#UD", 10, 0
msg_after_ud: db "after #UD", 10, 0
msg_pf:       db "#PF ", 0
msg_after_pf: db "after #PF", 10, 0
msg_done:     db "done", 10, 0
msg_fail:     db "FAIL", 10, 0

; ---- reset vector ------------------------------------------------------------------------------------------------
        times 0xfff0 - ($ - $$) db 0xff
        bits 16
        jmp 0xf000:start16
        times 0x10000 - ($ - $$) db 0xff
