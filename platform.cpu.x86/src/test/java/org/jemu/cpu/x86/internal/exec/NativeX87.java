package org.jemu.cpu.x86.internal.exec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Executes single x87 instructions natively on the host CPU (x86-64 Linux, user mode) through a small C helper written
 * and compiled with gcc at test time. Per case the helper loads the whole x87 state with FRSTOR from a 108-byte image,
 * points RBX at a 256-byte memory block, loads RAX and RFLAGS, calls the instruction (copied to an executable page and
 * followed by RET), then saves RFLAGS, RAX, the memory block and the x87 state (FNSAVE, which does not wait, so an
 * unmasked exception the instruction raised stays pending and is seen in the image). SIGFPE (a waiting instruction
 * found a pending exception: #MF) and SIGILL (#UD) are reported per case. Cases are batched through files.
 */
final class NativeX87 {

    static final int IMAGE = 108, MEM = 256;

    /** One case: the FRSTOR image, the memory block, the instruction bytes, RFLAGS and RAX. */
    record Input(byte[] image, byte[] mem, byte[] code, long rflags, long rax) {
    }

    /**
     * One result: the fault ("MF", "UD", "SEGV") or null, the FNSAVE image after the instruction, the memory block,
     * RFLAGS, RAX, and where the instruction and the memory block were (for the pointers in the image).
     */
    record Output(String fault, byte[] image, byte[] mem, long rflags, long rax, long codeAddress, long memAddress) {
    }

    private static final String SOURCE = """
            #define _GNU_SOURCE
            #include <setjmp.h>
            #include <signal.h>
            #include <stdint.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/mman.h>

            struct ctx { unsigned char img[112]; unsigned char out[112]; unsigned char mem[256]; uint64_t flags, rax; };
            extern void run_x87(struct ctx *c, void *code);
            __asm__(".text\\n.globl run_x87\\n.type run_x87,@function\\nrun_x87:\\n"
                    " push %rbx\\n push %rbp\\n push %r12\\n push %r13\\n push %r14\\n push %r15\\n"
                    " mov %rdi, %r15\\n"
                    " frstor 0(%r15)\\n"
                    " lea 224(%r15), %rbx\\n mov 488(%r15), %rax\\n"
                    " pushq 480(%r15)\\n popfq\\n"
                    " call *%rsi\\n"
                    " pushfq\\n popq 480(%r15)\\n mov %rax, 488(%r15)\\n"
                    " fnsave 112(%r15)\\n"
                    " pop %r15\\n pop %r14\\n pop %r13\\n pop %r12\\n pop %rbp\\n pop %rbx\\n ret\\n");

            static sigjmp_buf jb;
            static void on_signal(int sig) { siglongjmp(jb, sig); }
            static int hexval(char c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }
            static void unhex(const char *h, unsigned char *out, size_t n) {
                for (size_t i = 0; i < n; i++) out[i] = (unsigned char) (hexval(h[2 * i]) << 4 | hexval(h[2 * i + 1]));
            }
            static void hex(const unsigned char *p, size_t n) {
                for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
            }
            static struct ctx c __attribute__((aligned(64)));

            int main(void) {
                unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (page == MAP_FAILED) { perror("mmap"); return 2; }
                struct sigaction sa;
                memset(&sa, 0, sizeof sa);
                sa.sa_handler = on_signal;
                sigaction(SIGFPE, &sa, NULL);
                sigaction(SIGILL, &sa, NULL);
                sigaction(SIGSEGV, &sa, NULL);
                static char img[512], mem[1024], code[128];
                unsigned long flags, rax;
                while (scanf("%511s %1023s %127s %lx %lx", img, mem, code, &flags, &rax) == 5) {
                    memset(&c, 0, sizeof c);
                    unhex(img, c.img, 108);
                    unhex(mem, c.mem, 256);
                    size_t n = strlen(code) / 2;
                    unhex(code, page, n);
                    page[n] = 0xc3;
                    c.flags = flags;
                    c.rax = rax;
                    int sig = sigsetjmp(jb, 1);
                    if (sig == 0) {
                        run_x87(&c, page);
                        printf("OK ");
                        hex(c.out, 108);
                        printf(" ");
                        hex(c.mem, 256);
                        printf(" %lx %lx %lx %lx\\n", (unsigned long) c.flags, (unsigned long) c.rax,
                               (unsigned long) page, (unsigned long) c.mem);
                    } else {
                        __asm__ volatile("fninit");
                        printf("%s\\n", sig == SIGFPE ? "MF" : sig == SIGILL ? "UD" : "SEGV");
                    }
                }
                return 0;
            }
            """;

    private final NativeProgram tool;

    private NativeX87(NativeProgram tool) {
        this.tool = tool;
    }

    /** Writes and compiles the helper in a new temporary directory. */
    static NativeX87 compile() throws IOException, InterruptedException {
        return new NativeX87(NativeProgram.compile("x87native", SOURCE, "-O1"));
    }

    /** Runs all inputs in one helper process and returns their outputs in order. */
    List<Output> run(List<Input> inputs) throws IOException, InterruptedException {
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder(inputs.size() * 800);
        for (Input i : inputs) {
            sb.append(hex.formatHex(i.image())).append(' ').append(hex.formatHex(i.mem())).append(' ')
                    .append(hex.formatHex(i.code())).append(' ').append(Long.toHexString(i.rflags())).append(' ')
                    .append(Long.toHexString(i.rax())).append('\n');
        }
        List<Output> result = new ArrayList<>(inputs.size());
        for (String line : tool.run(sb, inputs.size(), 300)) {
            String[] t = line.split(" ");
            if (!t[0].equals("OK")) {
                result.add(new Output(t[0], null, null, 0, 0, 0, 0));
            } else {
                result.add(new Output(null, hex.parseHex(t[1]), hex.parseHex(t[2]), Long.parseUnsignedLong(t[3], 16),
                        Long.parseUnsignedLong(t[4], 16), Long.parseUnsignedLong(t[5], 16),
                        Long.parseUnsignedLong(t[6], 16)));
            }
        }
        return result;
    }

    void delete() {
        tool.delete();
    }
}
