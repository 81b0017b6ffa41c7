package org.jemu.cpu.x86.internal.exec;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;

import org.jemu.cpu.x86.internal.decode.DecodedInsn;

/**
 * Translates a hot run of fast-form instructions (see {@link FastPath}) into a JVM class, so HotSpot compiles the
 * guest code with its operands as constants: no decode, no dispatch, no operand lookups. The generated method does
 * per instruction what the interpreter loop does — RIP and the faulting RIP updated first, then the same
 * {@link FastPath} operation with constant arguments — so both paths share one definition of each instruction.
 *
 * <p>A block is the instructions of one cached page from a start offset up to and including the first near branch,
 * and stops before anything that is not a fast form or not decoded yet. After an instruction that touches memory the
 * block returns early when the store hit the page being executed or the memory map changed (the interpreter loop
 * re-checks the fetch path then). A block that ends in a Jcc/JMP loops inside the generated method while the branch
 * goes back to the block's start, no event is pending and the budget lasts (QEMU chains a translation block to itself
 * the same way). Classes are hidden classes of this package, unloaded with the page's decoded instructions.
 */
final class BlockTranslator {

    /** Longest block, in instructions. */
    static final int MAX_INSNS = 64;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final ClassDesc CD_CORE = desc(X86Core.class);
    private static final ClassDesc CD_FAST = desc(FastPath.class);
    private static final ClassDesc CD_BLOCK = desc(CompiledBlock.class);
    private static final ClassDesc CD_NAME = ClassDesc.of(BlockTranslator.class.getPackageName() + ".TranslatedBlock");
    private static final MethodTypeDesc MTD_RUN = MethodTypeDesc.of(CD_long, CD_CORE, CD_FAST, CD_long);
    private static final MethodTypeDesc MTD_EA = MethodTypeDesc.of(CD_long, CD_int, CD_int, CD_int, CD_long, CD_int);
    private static final MethodTypeDesc MTD_Z = MethodTypeDesc.of(CD_boolean);

    // locals of run(c, p, budget): this=0, c=1, p=2, budget=3-4, entry rip=5-6, executed=7-8
    private static final int C = 1, P = 2, BUDGET = 3, ENTRY = 5, COUNT = 7;

    private BlockTranslator() {
    }

    /** A translated run of guest instructions. */
    interface CompiledBlock {
        /**
         * Runs the block (repeatedly, if it branches back to its start) and returns how many instructions ran;
         * RIP points at the next instruction. Guest faults propagate as exceptions with the faulting RIP recorded.
         */
        long run(X86Core cpu, FastPath ops, long budget);
    }

    private static ClassDesc desc(Class<?> c) {
        return ClassDesc.of(c.getName());
    }

    /** The instructions a block starting at {@code offset} of {@code page} would hold (0 when none qualifies). */
    static int blockLength(DecodedInsn[] page, int offset) {
        int n = 0;
        int at = offset;
        while (n < MAX_INSNS && at < page.length) {
            DecodedInsn i = page[at];
            if (i == null || i.fast == 0) break;
            n++;
            if (isBranch(i.fast)) break;
            at += i.length;
        }
        return n;
    }

    private static boolean isBranch(int form) {
        return form >= FastPath.JCC && form <= FastPath.RET;
    }

    /**
     * Translates the block at {@code offset} of a cached page decoded in {@code codeSize} mode, or returns null when
     * no fast-form instruction starts there.
     */
    static CompiledBlock translate(DecodedInsn[] page, int offset, int codeSize) {
        int n = blockLength(page, offset);
        if (n == 0) return null;
        DecodedInsn[] insns = new DecodedInsn[n];
        for (int k = 0, at = offset; k < n; at += insns[k].length, k++) insns[k] = page[at];
        byte[] bytes = ClassFile.of().build(CD_NAME, cb -> cb
                .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC)
                .withInterfaceSymbols(CD_BLOCK)
                .withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC,
                        b -> b.aload(0).invokespecial(CD_Object, INIT_NAME, MTD_void).return_())
                .withMethodBody("run", MTD_RUN, ClassFile.ACC_PUBLIC, b -> body(b, insns, codeSize)));
        try {
            Class<?> k = LOOKUP.defineHiddenClass(bytes, true).lookupClass();
            return (CompiledBlock) k.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("translated block failed to load", e);
        }
    }

    private static void body(CodeBuilder b, DecodedInsn[] insns, int codeSize) {
        b.aload(C).getfield(CD_CORE, "rip", CD_long).lstore(ENTRY);
        b.lconst_0().lstore(COUNT);
        Label loop = b.newBoundLabel();
        for (int k = 0; k < insns.length; k++) {
            DecodedInsn i = insns[k];
            advanceRip(b, i.length, codeSize);
            operation(b, i);
            if (touchesMemory(i)) {
                Label stay = b.newLabel();
                b.aload(C).invokevirtual(CD_CORE, "mustLeaveBlock", MTD_Z).ifeq(stay);
                b.lload(COUNT).ldc((long) (k + 1)).ladd().lreturn();
                b.labelBinding(stay);
            }
        }
        b.lload(COUNT).ldc((long) insns.length).ladd().lstore(COUNT);
        int last = insns[insns.length - 1].fast;
        if (last == FastPath.JCC || last == FastPath.JMP) {
            Label exit = b.newLabel();
            b.aload(C).getfield(CD_CORE, "rip", CD_long).lload(ENTRY).lcmp().ifne(exit);
            b.lload(COUNT).lload(BUDGET).lcmp().ifge(exit);
            b.aload(C).invokevirtual(CD_CORE, "hasEvents", MTD_Z).ifne(exit);
            b.goto_(loop);
            b.labelBinding(exit);
        }
        b.lload(COUNT).lreturn();
    }

    /** {@code c.currentRip = c.rip; c.rip = (c.rip + length) masked to the IP size}. */
    private static void advanceRip(CodeBuilder b, int length, int codeSize) {
        b.aload(C).aload(C).getfield(CD_CORE, "rip", CD_long).putfield(CD_CORE, "currentRip", CD_long);
        b.aload(C).aload(C).getfield(CD_CORE, "rip", CD_long).ldc((long) length).ladd();
        if (codeSize == 32) b.ldc(0xffff_ffffL).land();
        if (codeSize == 16) b.ldc(0xffffL).land();
        b.putfield(CD_CORE, "rip", CD_long);
    }

    private static boolean touchesMemory(DecodedInsn i) {
        return i.hasMem() && i.fast != FastPath.LEA || i.fast >= FastPath.PUSH_R && i.fast <= FastPath.POP_R
                || i.fast == FastPath.CALL || i.fast == FastPath.RET;
    }

    /** Pushes {@code p} and the constant operands, then calls the {@link FastPath} operation. */
    private static void operation(CodeBuilder b, DecodedInsn i) {
        int form = i.fast;
        int size = i.opSize;
        b.aload(P);
        switch (form) {
            case FastPath.INC_R, FastPath.DEC_R -> call(b.ldc(i.r0).ldc(size), form == FastPath.INC_R ? "inc" : "dec", CD_int, CD_int);
            case FastPath.MOV_RR, FastPath.MOVZX_RR -> call(b.ldc(i.r0).ldc(i.s0).ldc(i.r1).ldc(i.s1), "movRR", CD_int, CD_int, CD_int, CD_int);
            case FastPath.MOV_RI -> call(b.ldc(i.r0).ldc(i.s0).ldc(FastPath.imm(i)), "movRI", CD_int, CD_int, CD_long);
            case FastPath.MOV_RM, FastPath.MOVZX_RM -> {
                b.ldc(i.r0).ldc(i.s0).ldc(i.memSeg);
                ea(b, i);
                call(b.ldc(i.s1), "movRM", CD_int, CD_int, CD_int, CD_long, CD_int);
            }
            case FastPath.MOV_MR -> {
                b.ldc(i.memSeg);
                ea(b, i);
                call(b.ldc(i.s0).ldc(i.r1).ldc(i.s1), "movMR", CD_int, CD_long, CD_int, CD_int, CD_int);
            }
            case FastPath.MOV_MI -> {
                b.ldc(i.memSeg);
                ea(b, i);
                call(b.ldc(i.s0).ldc(FastPath.imm(i)), "movMI", CD_int, CD_long, CD_int, CD_long);
            }
            case FastPath.LEA -> {
                b.ldc(i.r0).ldc(size);
                ea(b, i);
                call(b, "lea", CD_int, CD_int, CD_long);
            }
            case FastPath.PUSH_R, FastPath.POP_R -> call(b.ldc(i.r0).ldc(i.s0).ldc(size), form == FastPath.PUSH_R ? "push" : "pop", CD_int, CD_int, CD_int);
            case FastPath.JCC -> call(b.ldc(i.cc).ldc(i.imm).ldc(size), "jcc", CD_int, CD_long, CD_int);
            case FastPath.JMP, FastPath.CALL -> call(b.ldc(i.imm).ldc(size), form == FastPath.JMP ? "jmp" : "call", CD_long, CD_int);
            case FastPath.RET -> call(b.ldc(size), "ret", CD_int);
            default -> alu(b, i, form);
        }
    }

    private static void alu(CodeBuilder b, DecodedInsn i, int form) {
        int size = i.opSize;
        b.ldc(form & 15);
        switch (form & ~15) {
            case FastPath.ALU_RR -> call(b.ldc(i.r0).ldc(i.r1).ldc(size), "aluRR", CD_int, CD_int, CD_int, CD_int);
            case FastPath.ALU_RI -> call(b.ldc(i.r0).ldc(FastPath.imm(i)).ldc(size), "aluRI", CD_int, CD_int, CD_long, CD_int);
            case FastPath.ALU_RM -> {
                b.ldc(i.r0).ldc(i.memSeg);
                ea(b, i);
                call(b.ldc(size), "aluRM", CD_int, CD_int, CD_int, CD_long, CD_int);
            }
            case FastPath.ALU_MR -> {
                b.ldc(i.memSeg);
                ea(b, i);
                call(b.ldc(i.r1).ldc(size), "aluMR", CD_int, CD_int, CD_long, CD_int, CD_int);
            }
            case FastPath.ALU_MI -> {
                b.ldc(i.memSeg);
                ea(b, i);
                call(b.ldc(FastPath.imm(i)).ldc(size), "aluMI", CD_int, CD_int, CD_long, CD_long, CD_int);
            }
            default -> throw new IllegalStateException("no fast form " + form);
        }
    }

    /** Pushes the memory operand's effective address: {@code c.effectiveAddress(base, index, scale, disp, size)}. */
    private static void ea(CodeBuilder b, DecodedInsn i) {
        b.aload(C).ldc(i.base).ldc(i.index).ldc(i.scale).ldc(i.disp).ldc(i.addrSize)
                .invokevirtual(CD_CORE, "effectiveAddress", MTD_EA);
    }

    private static void call(CodeBuilder b, String name, ClassDesc... params) {
        b.invokevirtual(CD_FAST, name, MethodTypeDesc.of(CD_void, params));
    }
}
