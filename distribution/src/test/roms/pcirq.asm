; pcirq.asm — a 64 KiB test BIOS for the pc board (not for the bare CPU): PCI configuration mechanism #1 and the
; chipset's IDs, fw_cfg's signature and ID, the RTC's status registers, the i8042 self-test, and the timer interrupt
; path — 8254 PIT channel 0 -> IRQ 0 -> 8259 master -> INTR -> the CPU's acknowledge cycle -> IVT vector 0x20 —
; plus PIT channel 2 gated through port 0x61. Reports on the debug console (port 0xe9) and ends through
; isa-debug-exit at port 0xf4 with status (0x11 << 1) | 1 = 35.
; Run: -M pc -bios pcirq.bin -nodefaults -device isa-debugcon,iobase=0xe9,chardev=... -device isa-debug-exit,iobase=0xf4,iosize=4

%define DEBUGCON   0xe9
%define DEBUG_EXIT 0xf4
%define STACK      0x7000
%define TICKS      0x600            ; word: timer interrupts taken

        org 0
        bits 16

start:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, STACK
        mov si, msg_hello
        call puts

        ; ---- PCI: vendor/device of 00.0, 01.0, 01.1, 01.3 and the empty slot 02.0 (-nodefaults: no VGA) ----------
        mov si, pci_addrs
.pci:   mov eax, [cs:si]
        test eax, eax
        jz .pci_done
        push si
        mov si, msg_pci
        call puts
        mov dx, 0xcf8
        out dx, eax
        shr eax, 8
        call puthex16                   ; bus/device/function bits, for the reader
        mov al, ' '
        out DEBUGCON, al
        mov dx, 0xcfc
        in eax, dx
        call puthex32
        call newline
        pop si
        add si, 4
        jmp .pci
.pci_done:

        ; ---- fw_cfg: the signature (selector 0) and the ID (selector 1: traditional + DMA) ----------------------
        mov si, msg_fwcfg
        call puts
        mov dx, 0x510
        xor ax, ax
        out dx, ax
        mov dx, 0x511
        mov cx, 4
.sig:   in al, dx
        out DEBUGCON, al
        loop .sig
        mov al, ' '
        out DEBUGCON, al
        mov dx, 0x510
        mov ax, 1
        out dx, ax
        mov dx, 0x511
        in al, dx
        call puthex8
        call newline

        ; ---- RTC: registers A, B and D after reset --------------------------------------------------------------
        mov si, msg_rtc
        call puts
        mov al, 0x0a
        call cmos
        mov al, 0x0b
        call cmos
        mov al, 0x0d
        call cmos
        call newline

        ; ---- i8042: controller self-test answers 0x55 ----------------------------------------------------------
        mov si, msg_kbc
        call puts
        mov al, 0xaa
        out 0x64, al
        mov cx, 0xffff
.kbc:   in al, 0x64
        test al, 1
        jnz .kbc_full
        loop .kbc
.kbc_full:
        in al, 0x60
        call puthex8
        call newline

        ; ---- 8259 pair: vectors 0x20/0x28, cascade on IRQ 2, only IRQ 0 unmasked -------------------------------
        mov al, 0x11
        out 0x20, al
        out 0xa0, al
        mov al, 0x20
        out 0x21, al
        mov al, 0x28
        out 0xa1, al
        mov al, 0x04
        out 0x21, al
        mov al, 0x02
        out 0xa1, al
        mov al, 0x01
        out 0x21, al
        out 0xa1, al
        mov al, 0xfe
        out 0x21, al
        mov al, 0xff
        out 0xa1, al
        mov word [0x20 * 4], irq0
        mov word [0x20 * 4 + 2], 0xf000
        mov word [TICKS], 0

        ; The local APIC passes the 8259's INTR on only once firmware sets LINT0 to ExtINT (QEMU's resets masked), in
        ; its MMIO page above 1 MiB: a short trip through 32-bit protected mode, as SeaBIOS makes. (jemu's CPU has no
        ; local APIC yet and takes INTR directly; the stores then go to unassigned memory.)
        lgdt [cs:gdt_desc]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x08:(0xf0000 + pm32)
        bits 32
pm32:   mov ax, 0x10
        mov ds, ax
        mov dword [0xfee000f0], 0x1ff   ; spurious-interrupt vector register: APIC software-enabled, vector 0xff
        mov dword [0xfee00350], 0x700   ; LVT LINT0: ExtINT, unmasked
        mov ax, 0x20                    ; back to 64 KiB limits before real mode
        mov ds, ax
        jmp 0x18:pm16
        bits 16
pm16:   mov eax, cr0
        and al, ~1
        mov cr0, eax
        jmp 0xf000:real16
real16: xor ax, ax
        mov ds, ax

        ; ---- 8254 channel 0: mode 2, divisor 1193 (about 1 kHz); take five interrupts ---------------------------
        mov al, 0x34
        out 0x43, al
        mov al, 1193 & 0xff
        out 0x40, al
        mov al, 1193 >> 8
        out 0x40, al
        sti
.wait:  hlt
        cmp word [TICKS], 5
        jb .wait
        cli
        mov si, msg_ticks
        call puts
        mov al, '5'                     ; (not the counter: another tick may come in before the CLI)
        out DEBUGCON, al
        call newline
        mov si, msg_masks
        call puts
        in al, 0x21
        call puthex8
        mov al, ' '
        out DEBUGCON, al
        mov al, 0x0b                    ; OCW3: read the in-service register (empty: every interrupt was EOIed)
        out 0x20, al
        in al, 0x20
        call puthex8
        call newline

        ; ---- 8254 channel 2, gated by port 0x61 bit 0: OUT (bit 5) goes high when mode 0 counts out ------------
        mov si, msg_ch2
        call puts
        mov al, 0x00                    ; gate off
        out 0x61, al
        mov al, 0xb0                    ; channel 2, lobyte/hibyte, mode 0
        out 0x43, al
        mov al, 0x40
        out 0x42, al
        xor al, al
        out 0x42, al
        in al, 0x61
        and al, 0x20
        call puthex8                    ; OUT low while counting
        mov al, ' '
        out DEBUGCON, al
        mov al, 0x01                    ; gate on: the count runs
        out 0x61, al
        mov ecx, 0x1000000
.ch2:   in al, 0x61
        test al, 0x20
        jnz .ch2_out
        dec ecx
        jnz .ch2
.ch2_out:
        and al, 0x20
        call puthex8
        call newline

        mov si, msg_done
        call puts
        mov al, 0x11
        out DEBUG_EXIT, al
        hlt

irq0:
        push ax
        inc word [TICKS]
        mov al, 0x20                    ; non-specific EOI
        out 0x20, al
        pop ax
        iret

; al = CMOS index: prints the value and a space
cmos:
        out 0x70, al
        in al, 0x71
        call puthex8
        mov al, ' '
        out DEBUGCON, al
        ret

puts:
        mov al, [cs:si]
        test al, al
        jz .end
        out DEBUGCON, al
        inc si
        jmp puts
.end:   ret

newline:
        mov al, 10
        out DEBUGCON, al
        ret

puthex32:
        push eax
        shr eax, 16
        call puthex16
        pop eax
puthex16:
        push ax
        mov al, ah
        call puthex8
        pop ax
puthex8:
        push ax
        shr al, 4
        call .nibble
        pop ax
        and al, 0x0f
.nibble:
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'a' - '0' - 10
.out:   out DEBUGCON, al
        ret

gdt:          dq 0
              dq 0x00cf9a000000ffff     ; 0x08 code32 flat
              dq 0x00cf92000000ffff     ; 0x10 data32 flat
              dq 0x00009a0f0000ffff     ; 0x18 code16, base 0xf0000
              dq 0x000092000000ffff     ; 0x20 data16, base 0
gdt_end:
gdt_desc:     dw gdt_end - gdt - 1
              dd 0xf0000 + gdt

pci_addrs:    dd 0x80000000, 0x80000800, 0x80000900, 0x80000b00, 0x80001000, 0
msg_hello:    db "pc board", 10, 0
msg_pci:      db "pci ", 0
msg_fwcfg:    db "fw_cfg ", 0
msg_rtc:      db "rtc a/b/d ", 0
msg_kbc:      db "i8042 self-test ", 0
msg_ticks:    db "irq0 ticks ", 0
msg_masks:    db "pic imr/isr ", 0
msg_ch2:      db "pit ch2 out ", 0
msg_done:     db "done", 10, 0

; ---- reset vector ------------------------------------------------------------------------------------------------
        times 0xfff0 - ($ - $$) db 0xff
        jmp 0xf000:start
        times 0x10000 - ($ - $$) db 0xff
