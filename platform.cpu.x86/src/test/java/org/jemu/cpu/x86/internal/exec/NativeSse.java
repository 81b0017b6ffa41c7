package org.jemu.cpu.x86.internal.exec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Executes single SSE/SSE2/MMX instructions natively on the host CPU through a C helper written and compiled with gcc
 * at test time (see {@link org.jemu.cpu.x86.internal.alu.DiffTest}'s helper for the pattern). Per case, an assembly
 * stub loads XMM0-3, MM0-3, RAX/RCX/RDX, RBX (the 64-byte, 64-aligned data block), RDI (into the block), RFLAGS and
 * MXCSR, calls the instruction (followed by RET) and stores them back with STMXCSR. A SIGFPE (#XM), SIGSEGV (#GP)
 * or SIGILL (#UD) is caught with the signal context: its MXCSR, XMM0-3 and MM0-3 are reported. Cases are batched
 * through files: one helper process per run.
 */
final class NativeSse {

    /** The state before or after one instruction. */
    record State(long[] xmm, long[] mm, long[] gpr, long rflags, int mxcsr, byte[] memory) {
    }

    /** One case: code, input state (gpr = RAX, RCX, RDX) and RDI's offset into the data block. */
    record Input(byte[] code, State state, int rdiOffset) {
    }

    /** The outcome: {@code fault} null (completed), "XM", "GP", "UD" or "SIG n"; the state (at the fault for faults). */
    record Output(String fault, State state) {
    }

    static final int BLOCK = 64;

    private static final String SOURCE = """
            #define _GNU_SOURCE
            #include <setjmp.h>
            #include <signal.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/mman.h>
            #include <ucontext.h>

            struct st { uint64_t xmm[8]; uint64_t mm[4]; uint64_t rax, rcx, rdx, rbx, rdi, flags; uint32_t mxcsr, pad; };
            extern void run_stub(struct st *s, void *code);
            __asm__(".text\\n.globl run_stub\\n.type run_stub,@function\\nrun_stub:\\n"
                    " push %rbx\\n push %rbp\\n push %r12\\n push %r13\\n push %r14\\n push %r15\\n"
                    " mov %rdi, %r15\\n mov %rsi, %r14\\n"
                    " movdqu 0(%r15), %xmm0\\n movdqu 16(%r15), %xmm1\\n movdqu 32(%r15), %xmm2\\n movdqu 48(%r15), %xmm3\\n"
                    " movq 64(%r15), %mm0\\n movq 72(%r15), %mm1\\n movq 80(%r15), %mm2\\n movq 88(%r15), %mm3\\n"
                    " mov 96(%r15), %rax\\n mov 104(%r15), %rcx\\n mov 112(%r15), %rdx\\n mov 120(%r15), %rbx\\n"
                    " mov 128(%r15), %rdi\\n"
                    " pushq 136(%r15)\\n popfq\\n"
                    " ldmxcsr 144(%r15)\\n"
                    " call *%r14\\n"
                    " stmxcsr 144(%r15)\\n"
                    " pushfq\\n popq 136(%r15)\\n"
                    " movdqu %xmm0, 0(%r15)\\n movdqu %xmm1, 16(%r15)\\n movdqu %xmm2, 32(%r15)\\n movdqu %xmm3, 48(%r15)\\n"
                    " movq %mm0, 64(%r15)\\n movq %mm1, 72(%r15)\\n movq %mm2, 80(%r15)\\n movq %mm3, 88(%r15)\\n"
                    " mov %rax, 96(%r15)\\n mov %rcx, 104(%r15)\\n mov %rdx, 112(%r15)\\n mov %rbx, 120(%r15)\\n"
                    " mov %rdi, 128(%r15)\\n"
                    " emms\\n"
                    " pop %r15\\n pop %r14\\n pop %r13\\n pop %r12\\n pop %rbp\\n pop %rbx\\n ret\\n");

            static sigjmp_buf jb;
            static volatile int sig_no, sig_code;
            static struct st at_fault;

            static void on_signal(int sig, siginfo_t *si, void *ctx) {
                ucontext_t *uc = ctx;
                struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
                sig_no = sig;
                sig_code = si->si_code;
                at_fault.mxcsr = fp->mxcsr;
                for (int i = 0; i < 4; i++) {
                    memcpy(&at_fault.xmm[2 * i], &fp->_xmm[i], 16);
                    memcpy(&at_fault.mm[i], &fp->_st[i], 8);
                }
                siglongjmp(jb, 1);
            }

            static uint8_t block[64] __attribute__((aligned(64)));

            static int hexval(char c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }

            static void hexbytes(const char *s, uint8_t *out, size_t n) {
                for (size_t i = 0; i < n; i++) out[i] = (uint8_t) (hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
            }

            static void print_state(const struct st *s) {
                for (int i = 0; i < 8; i++) printf(" %lx", s->xmm[i]);
                for (int i = 0; i < 4; i++) printf(" %lx", s->mm[i]);
                printf(" %lx %lx %lx %lx %x ", s->rax, s->rcx, s->rdx, s->flags, s->mxcsr);
                for (int i = 0; i < 64; i++) printf("%02x", block[i]);
                printf("\\n");
            }

            int main(void) {
                unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (page == MAP_FAILED) { perror("mmap"); return 2; }
                struct sigaction sa;
                memset(&sa, 0, sizeof sa);
                sa.sa_sigaction = on_signal;
                sa.sa_flags = SA_SIGINFO;
                sigaction(SIGFPE, &sa, NULL);
                sigaction(SIGILL, &sa, NULL);
                sigaction(SIGSEGV, &sa, NULL);
                sigaction(SIGBUS, &sa, NULL);
                char code[64], mem[160];
                struct st s;
                unsigned rdioff;
                while (scanf("%63s %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %x %u %159s", code,
                             &s.xmm[0], &s.xmm[1], &s.xmm[2], &s.xmm[3], &s.xmm[4], &s.xmm[5], &s.xmm[6], &s.xmm[7],
                             &s.mm[0], &s.mm[1], &s.mm[2], &s.mm[3], &s.rax, &s.rcx, &s.rdx, &s.flags, &s.mxcsr,
                             &rdioff, mem) == 20) {
                    size_t n = strlen(code) / 2;
                    hexbytes(code, page, n);
                    page[n] = 0xc3;
                    hexbytes(mem, block, 64);
                    s.rbx = (uint64_t) block;
                    s.rdi = (uint64_t) block + rdioff;
                    if (sigsetjmp(jb, 1) == 0) {
                        run_stub(&s, page);
                        printf("OK");
                        print_state(&s);
                    } else {
                        __asm__ volatile("emms");
                        const char *what = sig_no == SIGFPE ? "XM" : sig_no == SIGILL ? "UD"
                                : sig_no == SIGSEGV && sig_code == 0x80 ? "GP" : "SIG";
                        at_fault.rax = s.rax; at_fault.rcx = s.rcx; at_fault.rdx = s.rdx; at_fault.flags = s.flags;
                        printf("%s", what);
                        print_state(&at_fault);
                    }
                    fflush(stdout);
                }
                return 0;
            }
            """;

    private final NativeProgram program;

    private NativeSse(NativeProgram program) {
        this.program = program;
    }

    /** Writes and compiles the helper in a new temporary directory. */
    static NativeSse compile() throws IOException, InterruptedException {
        return new NativeSse(NativeProgram.compile("ssenative", SOURCE, "-O1"));
    }

    /** Runs every case in one helper process; outputs in order. */
    List<Output> run(List<Input> inputs) throws IOException, InterruptedException {
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder(inputs.size() * 400);
        for (Input c : inputs) {
            State s = c.state();
            sb.append(hex.formatHex(c.code()));
            for (long v : s.xmm()) sb.append(' ').append(Long.toHexString(v));
            for (long v : s.mm()) sb.append(' ').append(Long.toHexString(v));
            for (long v : s.gpr()) sb.append(' ').append(Long.toHexString(v));
            sb.append(' ').append(Long.toHexString(s.rflags())).append(' ').append(Integer.toHexString(s.mxcsr()))
                    .append(' ').append(c.rdiOffset()).append(' ').append(hex.formatHex(s.memory())).append('\n');
        }
        List<String> lines = program.run(sb, inputs.size(), 300);
        List<Output> result = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] t = line.split(" ");
            long[] xmm = new long[8];
            long[] mm = new long[4];
            long[] gpr = new long[3];
            int k = 1;
            for (int r = 0; r < 8; r++) xmm[r] = Long.parseUnsignedLong(t[k++], 16);
            for (int r = 0; r < 4; r++) mm[r] = Long.parseUnsignedLong(t[k++], 16);
            for (int r = 0; r < 3; r++) gpr[r] = Long.parseUnsignedLong(t[k++], 16);
            long rflags = Long.parseUnsignedLong(t[k++], 16);
            int mxcsr = Integer.parseUnsignedInt(t[k++], 16);
            byte[] memory = hex.parseHex(t[k]);
            result.add(new Output(t[0].equals("OK") ? null : t[0], new State(xmm, mm, gpr, rflags, mxcsr, memory)));
        }
        return result;
    }

    void delete() {
        program.delete();
    }
}
