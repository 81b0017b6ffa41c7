package org.jemu.cpu.x86.internal.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs whole instruction sequences natively on the host CPU in user mode, through a C helper written and compiled
 * with gcc at test time (the approach of the ALU tester's {@code NativeX86}). The helper maps the code, data and
 * stack blocks of {@link SeqLayout} at their fixed addresses (MAP_FIXED_NOREPLACE; code RWX, data and stack RW),
 * plus a save page. For each case
 * it copies the code followed by a trailer {@code jmp [save+0x188]} into the code block, fills the data and stack
 * blocks from the case's memory seed (splitmix64), loads all 16 registers and RFLAGS from the save page, jumps to
 * the code, and at the trailer stores all 16 registers and RFLAGS back without touching the guest stack. SIGFPE,
 * SIGSEGV, SIGBUS, SIGILL and SIGTRAP are caught on an alternate stack; the register state then comes from the
 * signal context (the faulting instruction's). Cases are batched: one process reads a file of cases and writes a
 * file of results.
 */
final class NativeSeqRunner {

    /**
     * One result: the signal (0 when the sequence completed), its si_code and si_addr, RIP, 16 registers, RFLAGS, the
     * data then the stack block.
     */
    record Result(int signal, int code, long address, long rip, long[] regs, long rflags, byte[] memory) {
    }

    // save page (native only): 0x000 input regs[16], 0x080 input rflags, 0x088 entry rip,
    // 0x100 output regs[16], 0x180 output rflags, 0x188 address of collect, 0x190 host rsp
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

            #define BASE 0x10000000UL
            #define CODE 0x10000f80UL
            #define DATA_MAP 0x1000f000UL
            #define DATA 0x1000fe00UL
            #define STACK 0x1001ff00UL
            #define SAVE 0x10030000UL
            #define DATA_SIZE 1024
            #define STACK_SIZE 512

            extern void enter_seq(void);
            extern char collect[];
            __asm__(".text\\n.globl enter_seq\\n.type enter_seq,@function\\nenter_seq:\\n"
                    " push %rbx\\n push %rbp\\n push %r12\\n push %r13\\n push %r14\\n push %r15\\n"
                    " mov %rsp, 0x10030190\\n"
                    " pushq 0x10030080\\n popfq\\n"
                    " mov 0x10030000, %rax\\n mov 0x10030008, %rcx\\n mov 0x10030010, %rdx\\n mov 0x10030018, %rbx\\n"
                    " mov 0x10030028, %rbp\\n mov 0x10030030, %rsi\\n mov 0x10030038, %rdi\\n"
                    " mov 0x10030040, %r8\\n mov 0x10030048, %r9\\n mov 0x10030050, %r10\\n mov 0x10030058, %r11\\n"
                    " mov 0x10030060, %r12\\n mov 0x10030068, %r13\\n mov 0x10030070, %r14\\n mov 0x10030078, %r15\\n"
                    " mov 0x10030020, %rsp\\n"
                    " jmp *0x10030088\\n"
                    ".globl collect\\ncollect:\\n"
                    " mov %rax, 0x10030100\\n mov %rcx, 0x10030108\\n mov %rdx, 0x10030110\\n mov %rbx, 0x10030118\\n"
                    " mov %rsp, 0x10030120\\n mov %rbp, 0x10030128\\n mov %rsi, 0x10030130\\n mov %rdi, 0x10030138\\n"
                    " mov %r8, 0x10030140\\n mov %r9, 0x10030148\\n mov %r10, 0x10030150\\n mov %r11, 0x10030158\\n"
                    " mov %r12, 0x10030160\\n mov %r13, 0x10030168\\n mov %r14, 0x10030170\\n mov %r15, 0x10030178\\n"
                    " mov $0x10030ff0, %rsp\\n pushfq\\n popq 0x10030180\\n cld\\n"
                    " mov 0x10030190, %rsp\\n"
                    " pop %r15\\n pop %r14\\n pop %r13\\n pop %r12\\n pop %rbp\\n pop %rbx\\n ret\\n");

            static sigjmp_buf jb;
            static volatile int last_sig;
            static void on_signal(int sig, siginfo_t *si, void *ctx) {
                ucontext_t *uc = ctx;
                uint64_t *out = (uint64_t *) (SAVE + 0x100);
                greg_t *g = uc->uc_mcontext.gregs;
                out[0] = g[REG_RAX]; out[1] = g[REG_RCX]; out[2] = g[REG_RDX]; out[3] = g[REG_RBX];
                out[4] = g[REG_RSP]; out[5] = g[REG_RBP]; out[6] = g[REG_RSI]; out[7] = g[REG_RDI];
                out[8] = g[REG_R8]; out[9] = g[REG_R9]; out[10] = g[REG_R10]; out[11] = g[REG_R11];
                out[12] = g[REG_R12]; out[13] = g[REG_R13]; out[14] = g[REG_R14]; out[15] = g[REG_R15];
                out[16] = g[REG_EFL];
                out[18] = g[REG_RIP];
                out[19] = (uint64_t) si->si_code;
                out[20] = (uint64_t) si->si_addr;
                last_sig = sig;
                siglongjmp(jb, 1);
            }

            static uint64_t splitmix(uint64_t *s) {
                uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
                return z ^ (z >> 31);
            }

            static int hexval(int c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }

            static void *map(uint64_t addr, size_t size, int prot) {
                void *p = mmap((void *) addr, size, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
                if (p != (void *) addr) { perror("mmap"); exit(2); }
                return p;
            }

            static char line[1 << 17];

            int main(void) {
                unsigned char *code = (unsigned char *) map(BASE, DATA_MAP - BASE, PROT_READ | PROT_WRITE | PROT_EXEC)
                        + (CODE - BASE);
                map(DATA_MAP, SAVE - DATA_MAP, PROT_READ | PROT_WRITE);
                uint64_t *save = map(SAVE, 0x1000, PROT_READ | PROT_WRITE);
                stack_t ss;
                ss.ss_sp = malloc(1 << 16);
                ss.ss_size = 1 << 16;
                ss.ss_flags = 0;
                if (sigaltstack(&ss, NULL) != 0) { perror("sigaltstack"); return 2; }
                struct sigaction sa;
                memset(&sa, 0, sizeof sa);
                sa.sa_sigaction = on_signal;
                sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
                int sigs[] = {SIGFPE, SIGSEGV, SIGBUS, SIGILL, SIGTRAP};
                for (int i = 0; i < 5; i++) sigaction(sigs[i], &sa, NULL);
                save[0x188 / 8] = (uint64_t) collect;
                while (fgets(line, sizeof line, stdin)) {
                    char *p = line;
                    char *hex = strsep(&p, " ");
                    size_t n = strlen(hex) / 2;
                    for (size_t i = 0; i < n; i++) code[i] = (unsigned char) (hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
                    /* trailer: jmp qword [SAVE+0x188] */
                    code[n] = 0xff; code[n + 1] = 0x24; code[n + 2] = 0x25;
                    code[n + 3] = 0x88; code[n + 4] = 0x01; code[n + 5] = 0x03; code[n + 6] = 0x10;
                    __builtin___clear_cache((char *) code, (char *) code + n + 7);
                    for (int i = 0; i < 17; i++) save[i] = strtoull(strsep(&p, " "), NULL, 16);
                    uint64_t seed = strtoull(strsep(&p, " \\n"), NULL, 16);
                    uint64_t *mem = (uint64_t *) DATA;
                    for (int i = 0; i < DATA_SIZE / 8; i++) mem[i] = splitmix(&seed);
                    mem = (uint64_t *) STACK;
                    for (int i = 0; i < STACK_SIZE / 8; i++) mem[i] = splitmix(&seed);
                    save[0x88 / 8] = CODE;
                    last_sig = 0;
                    save[0x100 / 8 + 19] = save[0x100 / 8 + 20] = 0;
                    if (sigsetjmp(jb, 1) == 0) {
                        enter_seq();
                        save[0x100 / 8 + 18] = CODE + n;
                    }
                    printf("%d %lx %lx %lx", last_sig, save[0x100 / 8 + 18], save[0x100 / 8 + 19], save[0x100 / 8 + 20]);
                    for (int i = 0; i < 17; i++) printf(" %lx", save[0x100 / 8 + i]);
                    putchar(' ');
                    unsigned char *d = (unsigned char *) DATA;
                    for (int i = 0; i < DATA_SIZE; i++) printf("%02x", d[i]);
                    d = (unsigned char *) STACK;
                    for (int i = 0; i < STACK_SIZE; i++) printf("%02x", d[i]);
                    putchar('\\n');
                }
                return 0;
            }
            """;

    private final NativeProgram program;

    private NativeSeqRunner(NativeProgram program) {
        this.program = program;
    }

    /** Returns true when this is an x86-64 Linux host with gcc on the PATH. */
    static boolean available() {
        String arch = System.getProperty("os.arch", "");
        if (!(arch.equals("amd64") || arch.equals("x86_64")) || !System.getProperty("os.name", "").startsWith("Linux")) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The host CPU's feature flags from /proc/cpuinfo (empty when unreadable). */
    static List<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) return List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
            }
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        return List.of();
    }

    /** Writes and compiles the helper in a new temporary directory. */
    static NativeSeqRunner compile() throws IOException, InterruptedException {
        return new NativeSeqRunner(NativeProgram.compile("x86seq", SOURCE, "-O1", "-no-pie"));
    }

    /** Runs the sequences in one helper process and returns the results in order. */
    List<Result> run(List<SeqGenerator.Sequence> seqs) throws IOException, InterruptedException {
        HexFormat hex = HexFormat.of();
        StringBuilder input = new StringBuilder();
        for (SeqGenerator.Sequence s : seqs) {
            input.append(hex.formatHex(s.code()));
            for (long r : s.regs()) input.append(' ').append(Long.toHexString(r));
            input.append(' ').append(Long.toHexString(s.rflags())).append(' ').append(Long.toHexString(s.memSeed())).append('\n');
        }
        List<Result> results = new ArrayList<>(seqs.size());
        for (String line : program.run(input, seqs.size(), 300)) {
            String[] t = line.split(" ");
            long[] regs = new long[16];
            for (int i = 0; i < 16; i++) regs[i] = Long.parseUnsignedLong(t[4 + i], 16);
            results.add(new Result(Integer.parseInt(t[0]), (int) Long.parseUnsignedLong(t[2], 16),
                    Long.parseUnsignedLong(t[3], 16), Long.parseUnsignedLong(t[1], 16), regs,
                    Long.parseUnsignedLong(t[20], 16), hex.parseHex(t[21])));
        }
        return results;
    }

    /** Deletes the temporary directory. */
    void delete() {
        program.delete();
    }
}
