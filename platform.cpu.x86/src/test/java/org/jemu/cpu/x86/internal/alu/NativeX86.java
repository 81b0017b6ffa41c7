package org.jemu.cpu.x86.internal.alu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Executes single x86-64 instructions natively on the host CPU, in user mode, through a small C helper that is written and
 * compiled with {@code gcc -O1} at test time. The helper maps one RWX page, copies each case's instruction bytes followed by
 * RET into it and calls it from an assembly stub that loads RAX/RBX/RCX/RDX and RFLAGS (POPFQ) before the instruction and
 * stores them (PUSHFQ) after. Instructions that do not exist in 64-bit mode (the BCD adjusts) run in 32-bit compatibility
 * mode: the stub far-returns to Linux's 32-bit user code segment (0x23) on a stack below 4 GiB and far-jumps back (0x33). SIGFPE (#DE) and SIGILL (#UD) are caught and reported per case. Cases are batched: one helper
 * process reads a file of cases and writes a file of results.
 */
final class NativeX86 {
    /** One native execution request: instruction bytes and input RAX, RBX, RCX, RDX, RFLAGS. */
    record Input(byte[] code, long rax, long rbx, long rcx, long rdx, long rflags) {
    }

    /** One native result: output registers and RFLAGS, or a fault ({@code "DE"} or {@code "UD"}). */
    record Output(String fault, long rax, long rbx, long rcx, long rdx, long rflags) {
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

            struct regs { uint64_t rax, rbx, rcx, rdx, flags; };
            extern void run_stub(struct regs *r, void *code);
            __asm__(".text\\n.globl run_stub\\n.type run_stub,@function\\nrun_stub:\\n"
                    " push %rbx\\n push %rbp\\n push %r12\\n push %r13\\n push %r14\\n push %r15\\n"
                    " mov %rdi, %r15\\n mov %rsi, %r14\\n"
                    " mov 0(%r15), %rax\\n mov 8(%r15), %rbx\\n mov 16(%r15), %rcx\\n mov 24(%r15), %rdx\\n"
                    " pushq 32(%r15)\\n popfq\\n"
                    " call *%r14\\n"
                    " pushfq\\n popq 32(%r15)\\n"
                    " mov %rax, 0(%r15)\\n mov %rbx, 8(%r15)\\n mov %rcx, 16(%r15)\\n mov %rdx, 24(%r15)\\n"
                    " pop %r15\\n pop %r14\\n pop %r13\\n pop %r12\\n pop %rbp\\n pop %rbx\\n ret\\n");

            /* Compatibility mode (32-bit code segment 0x23 of Linux x86-64) for instructions invalid in 64-bit mode:
               needs a non-PIE binary so that regs32, the stack and the code live below 4 GiB. */
            struct regs regs32;
            extern void run32(void *code);
            __asm__(".data\\n.align 8\\nsaved_rsp: .quad 0\\n"
                    ".bss\\n.align 16\\nlowstack: .skip 65536\\nlowstack_top:\\n"
                    ".text\\n.globl run32\\n.type run32,@function\\nrun32:\\n"
                    " push %rbx\\n push %rbp\\n push %r12\\n push %r13\\n push %r14\\n push %r15\\n"
                    " mov %rsp, saved_rsp(%rip)\\n mov %edi, %esi\\n"
                    " lea lowstack_top(%rip), %rsp\\n"
                    " mov $0x2b, %eax\\n mov %eax, %ds\\n mov %eax, %es\\n"
                    " pushq $0x23\\n lea 1f(%rip), %rax\\n pushq %rax\\n lretq\\n"
                    ".code32\\n1:\\n"
                    " pushl regs32+32\\n popfl\\n"
                    " mov regs32, %eax\\n mov regs32+8, %ebx\\n mov regs32+16, %ecx\\n mov regs32+24, %edx\\n"
                    " call *%esi\\n"
                    " pushfl\\n popl regs32+32\\n"
                    " mov %eax, regs32\\n mov %ebx, regs32+8\\n mov %ecx, regs32+16\\n mov %edx, regs32+24\\n"
                    " ljmp $0x33, $2f\\n"
                    ".code64\\n2:\\n"
                    " mov saved_rsp(%rip), %rsp\\n"
                    " pop %r15\\n pop %r14\\n pop %r13\\n pop %r12\\n pop %rbp\\n pop %rbx\\n ret\\n");

            static sigjmp_buf jb;
            static void on_signal(int sig) { siglongjmp(jb, sig); }

            static int hexval(char c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }

            int main(int argc, char **argv) {
                int compat = argc > 1 && strcmp(argv[1], "32") == 0;
                unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
                if (page == MAP_FAILED) { perror("mmap"); return 2; }
                struct sigaction sa;
                memset(&sa, 0, sizeof sa);
                sa.sa_handler = on_signal;
                sigaction(SIGFPE, &sa, NULL);
                sigaction(SIGILL, &sa, NULL);
                char hex[128];
                struct regs r;
                while (scanf("%127s %lx %lx %lx %lx %lx", hex, &r.rax, &r.rbx, &r.rcx, &r.rdx, &r.flags) == 6) {
                    size_t n = strlen(hex) / 2;
                    for (size_t i = 0; i < n; i++) page[i] = (unsigned char) (hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
                    page[n] = 0xc3;
                    int sig = sigsetjmp(jb, 1);
                    if (sig == 0 && compat) {
                        regs32 = r;
                        run32(page);
                        r = regs32;
                        printf("OK %lx %lx %lx %lx %lx\\n", r.rax, r.rbx, r.rcx, r.rdx, r.flags);
                    } else if (sig == 0) {
                        run_stub(&r, page);
                        printf("OK %lx %lx %lx %lx %lx\\n", r.rax, r.rbx, r.rcx, r.rdx, r.flags);
                    } else {
                        printf("%s\\n", sig == SIGFPE ? "DE" : "UD");
                    }
                }
                return 0;
            }
            """;

    private final Path dir;
    private final Path exe;

    private NativeX86(Path dir, Path exe) {
        this.dir = dir;
        this.exe = exe;
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

    /** Writes and compiles the helper in a new temporary directory. */
    static NativeX86 compile() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jemu-x86-native");
        Path src = dir.resolve("x86native.c");
        Path exe = dir.resolve("x86native");
        Files.writeString(src, SOURCE, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder("gcc", "-O1", "-no-pie", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("gcc failed:\n" + log);
        }
        return new NativeX86(dir, exe);
    }

    /** Reads the host CPU's feature flags from /proc/cpuinfo (empty when unreadable). */
    static List<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        return List.of();
    }

    /**
     * Runs all inputs in one helper process and returns their outputs in order; with {@code compat32} the instructions run
     * in 32-bit compatibility mode (registers are then 32 bits wide; the upper halves of the outputs are the inputs').
     */
    List<Output> run(List<Input> inputs, boolean compat32) throws IOException, InterruptedException {
        Path in = dir.resolve("cases.txt");
        Path out = dir.resolve("results.txt");
        StringBuilder sb = new StringBuilder(inputs.size() * 80);
        HexFormat hex = HexFormat.of();
        for (Input i : inputs) {
            sb.append(hex.formatHex(i.code())).append(' ')
                    .append(Long.toHexString(i.rax())).append(' ').append(Long.toHexString(i.rbx())).append(' ')
                    .append(Long.toHexString(i.rcx())).append(' ').append(Long.toHexString(i.rdx())).append(' ')
                    .append(Long.toHexString(i.rflags())).append('\n');
        }
        Files.writeString(in, sb, StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(exe.toString(), compat32 ? "32" : "64").redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("native helper timed out");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.US_ASCII);
        if (p.exitValue() != 0 || lines.size() != inputs.size()) {
            throw new IOException("native helper exited " + p.exitValue() + " after " + lines.size() + " of "
                    + inputs.size() + " cases");
        }
        List<Output> result = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] t = line.split(" ");
            if (!t[0].equals("OK")) {
                result.add(new Output(t[0], 0, 0, 0, 0, 0));
            } else {
                result.add(new Output(null, Long.parseUnsignedLong(t[1], 16), Long.parseUnsignedLong(t[2], 16),
                        Long.parseUnsignedLong(t[3], 16), Long.parseUnsignedLong(t[4], 16),
                        Long.parseUnsignedLong(t[5], 16)));
            }
        }
        return result;
    }

    /** Deletes the temporary directory. */
    void delete() {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "NativeX86[%s]", exe);
    }
}
