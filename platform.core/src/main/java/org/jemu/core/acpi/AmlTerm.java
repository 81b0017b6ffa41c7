package org.jemu.core.acpi;

/**
 * One piece of AML (ACPI Machine Language, ACPI 6.4 chapter 20): a data object, a name, an operator or a block with
 * its contents. Terms are made by {@link Aml}'s factories, {@link AmlBlock}, {@link AmlField} and
 * {@link ResourceTemplate}; they encode themselves when a table is built, so a block's package length is computed
 * from what was added to it by then.
 */
public abstract class AmlTerm {

    AmlTerm() {
    }

    /** Appends this term's encoding to {@code out}. */
    abstract void emit(TableData out);

    /** This term's AML bytes. */
    public final byte[] encode() {
        TableData out = new TableData();
        emit(out);
        return out.toByteArray();
    }

    /** A term whose bytes are fixed when it is made (constants, names, locals). */
    static final class Fixed extends AmlTerm {
        private final byte[] bytes;

        Fixed(byte... bytes) {
            this.bytes = bytes;
        }

        @Override
        void emit(TableData out) {
            out.bytes(bytes);
        }
    }

    /** Opcode bytes followed by operand terms (QEMU's aml_opcode plus aml_append). */
    static final class Op extends AmlTerm {
        private final byte[] opcode;
        private final AmlTerm[] operands;

        Op(byte[] opcode, AmlTerm... operands) {
            this.opcode = opcode;
            this.operands = operands.clone();
            for (AmlTerm t : this.operands) if (t == null) throw new NullPointerException("null AML operand");
        }

        @Override
        void emit(TableData out) {
            out.bytes(opcode);
            for (AmlTerm t : operands) t.emit(out);
        }
    }

    /** Opcode bytes, a PkgLength and a fixed content (a Buffer object). */
    static final class Sized extends AmlTerm {
        private final byte[] opcode;
        private final AmlTerm[] contents;

        Sized(byte[] opcode, AmlTerm... contents) {
            this.opcode = opcode;
            this.contents = contents.clone();
        }

        @Override
        void emit(TableData out) {
            TableData body = new TableData();
            for (AmlTerm t : contents) t.emit(body);
            out.bytes(opcode).bytes(Aml.pkgLength(body.length())).append(body);
        }
    }
}
