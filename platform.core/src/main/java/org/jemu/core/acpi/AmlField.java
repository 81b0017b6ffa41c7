package org.jemu.core.acpi;

import java.util.ArrayList;
import java.util.List;

/**
 * Field(region, access, lock, update) { units }: named and reserved bit ranges of an operation region (ACPI 6.4
 * 19.6.48, encoding 20.2.5.2: ExtOpPrefix FieldOp PkgLength NameString FieldFlags FieldList). Made by
 * {@link Aml#field}; units are appended in order, each starting where the previous one ended.
 */
public final class AmlField extends AmlTerm {

    /** FieldFlags bits 3:0. */
    public enum AccessType {
        ANY(0), BYTE(1), WORD(2), DWORD(3), QWORD(4), BUFFER(5);

        final int code;

        AccessType(int code) {
            this.code = code;
        }
    }

    /** FieldFlags bit 4: whether accesses take the Global Lock. */
    public enum LockRule {
        NO_LOCK(0), LOCK(1);

        final int code;

        LockRule(int code) {
            this.code = code;
        }
    }

    /** FieldFlags bits 6:5: what a partial write does with the other bits of the access unit. */
    public enum UpdateRule {
        PRESERVE(0), WRITE_AS_ONES(1), WRITE_AS_ZEROS(2);

        final int code;

        UpdateRule(int code) {
            this.code = code;
        }
    }

    private static final int RESERVED_FIELD = 0x00;

    private final String region;
    private final int flags;
    private final List<byte[]> units = new ArrayList<>();

    AmlField(String region, AccessType access, LockRule lock, UpdateRule update) {
        Aml.nameString(region); // validates
        this.region = region;
        this.flags = access.code | lock.code << 4 | update.code << 5;
    }

    /** A named field unit of {@code bits} bits (NameSeg followed by its width as a PkgLength). */
    public AmlField named(String name, int bits) {
        if (bits <= 0) throw new IllegalArgumentException("field unit " + name + " must be at least one bit wide");
        byte[] seg = Aml.nameSeg(name, name);
        byte[] len = Aml.lengthValue(bits);
        byte[] b = new byte[seg.length + len.length];
        System.arraycopy(seg, 0, b, 0, seg.length);
        System.arraycopy(len, 0, b, seg.length, len.length);
        units.add(b);
        return this;
    }

    /** {@code bits} reserved bits (Offset/skip: a 0x00 byte followed by the width as a PkgLength). */
    public AmlField reserved(int bits) {
        if (bits <= 0) throw new IllegalArgumentException("a reserved field unit must be at least one bit wide");
        byte[] len = Aml.lengthValue(bits);
        byte[] b = new byte[1 + len.length];
        b[0] = RESERVED_FIELD;
        System.arraycopy(len, 0, b, 1, len.length);
        units.add(b);
        return this;
    }

    @Override
    void emit(TableData out) {
        TableData body = new TableData().bytes(Aml.nameString(region)).u8(flags);
        for (byte[] u : units) body.bytes(u);
        out.u8(Aml.EXT_OP).u8(0x81).bytes(Aml.pkgLength(body.length())).append(body);
    }
}
