package org.jemu.core.acpi;

import java.util.ArrayList;
import java.util.List;

/**
 * An AML object with a package length and contents added after it is made (QEMU's aml_append on a container): Scope,
 * Device, Method, If, Else, While and Processor hold a term list; Package holds its elements and counts them. Made by
 * {@link Aml}'s block factories; {@link #add} appends and returns this block, so blocks nest naturally:
 * <pre>{@code
 * Aml.scope("\\_SB").add(Aml.device("PCI0").add(Aml.name("_HID", Aml.eisaId("PNP0A03"))));
 * }</pre>
 */
public final class AmlBlock extends AmlTerm {

    static final int PACKAGE_OP = 0x12;
    static final int VAR_PACKAGE_OP = 0x13;
    /** The most elements a PackageOp counts in its one-byte NumElements. */
    static final int MAX_PACKAGE_ELEMENTS = 255;

    private final byte[] opcode;
    private final AmlTerm[] head;
    private final boolean isPackage;
    private final List<AmlTerm> contents = new ArrayList<>();

    AmlBlock(byte[] opcode, AmlTerm... head) {
        this(opcode, false, head);
    }

    private AmlBlock(byte[] opcode, boolean isPackage, AmlTerm... head) {
        this.opcode = opcode;
        this.head = head.clone();
        this.isPackage = isPackage;
    }

    static AmlBlock newPackage() {
        return new AmlBlock(new byte[] {PACKAGE_OP}, true);
    }

    /** Appends terms (for a Package: elements). */
    public AmlBlock add(AmlTerm... terms) {
        for (AmlTerm t : terms) {
            if (t == null) throw new NullPointerException("null AML term");
            if (t == this) throw new IllegalArgumentException("an AML block cannot contain itself");
            contents.add(t);
        }
        return this;
    }

    /** Appends terms (for a Package: elements). */
    public AmlBlock addAll(List<? extends AmlTerm> terms) {
        return add(terms.toArray(AmlTerm[]::new));
    }

    /** The number of terms (or elements) added. */
    public int size() {
        return contents.size();
    }

    @Override
    void emit(TableData out) {
        TableData body = new TableData();
        boolean varPackage = isPackage && contents.size() > MAX_PACKAGE_ELEMENTS;
        if (isPackage) {
            // PackageOp counts in a byte; larger packages use VarPackageOp with an integer count
            if (varPackage) Aml.integer(contents.size()).emit(body);
            else body.u8(contents.size());
        }
        for (AmlTerm t : head) t.emit(body);
        for (AmlTerm t : contents) t.emit(body);
        if (varPackage) out.u8(VAR_PACKAGE_OP);
        else out.bytes(opcode);
        out.bytes(Aml.pkgLength(body.length())).append(body);
    }
}
