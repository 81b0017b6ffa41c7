/**
 * Integer ALU semantics of the software x86 CPU (not exported): {@link org.jemu.cpu.x86.internal.alu.LazyFlags} records the
 * last flag-setting operation and derives CF/PF/AF/ZF/SF/OF on demand; {@link org.jemu.cpu.x86.internal.alu.Alu},
 * {@link org.jemu.cpu.x86.internal.alu.MulDiv} and {@link org.jemu.cpu.x86.internal.alu.Bcd} hold the remaining operations as
 * static methods on primitives. Operand sizes are given in bits (8, 16, 32 or 64); operands and results are zero-extended
 * to 64 bits. Writing results back to registers (partial-register merging, 32-bit zero extension) is the CPU's job.
 */
package org.jemu.cpu.x86.internal.alu;
