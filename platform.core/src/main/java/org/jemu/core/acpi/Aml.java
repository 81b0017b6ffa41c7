package org.jemu.core.acpi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Factories for AML terms, named after the ASL they encode (ACPI 6.4 chapter 20, "ACPI Machine Language
 * Specification"). Names are written as in ASL: {@code "_SB"} (padded to {@code _SB_}), {@code "\\_SB.PCI0"} (root
 * prefix and a dual name), {@code "^PCI0.ISA"} (parent prefix), {@code "PCI0.ISA.P40C"} (a multi-name path).
 * Integers are unsigned and take the shortest encoding (Zero, One, or a Byte/Word/DWord/QWord prefix), as QEMU's
 * aml_int does. Operators whose ASL form has an optional target get one without (the target is the null name) and
 * one with.
 *
 * <p>Reserved-word clashes are renamed: {@link #returns} (Return), {@link #ifThen} (If), {@link #orElse} (Else),
 * {@link #whileLoop} (While), {@link #breakLoop} (Break), {@link #pkg} (Package).
 */
public final class Aml {

    /** Operation region address spaces (ACPI 6.4 table 19.x RegionSpace keywords). */
    public enum RegionSpace {
        SYSTEM_MEMORY(0), SYSTEM_IO(1), PCI_CONFIG(2), EMBEDDED_CONTROL(3), SMBUS(4), SYSTEM_CMOS(5),
        PCI_BAR_TARGET(6);

        final int code;

        RegionSpace(int code) {
            this.code = code;
        }
    }

    static final int ZERO_OP = 0x00;
    static final int ONE_OP = 0x01;
    static final int ONES_OP = 0xff;
    static final int BYTE_PREFIX = 0x0a;
    static final int WORD_PREFIX = 0x0b;
    static final int DWORD_PREFIX = 0x0c;
    static final int STRING_PREFIX = 0x0d;
    static final int QWORD_PREFIX = 0x0e;
    static final int NAME_OP = 0x08;
    static final int SCOPE_OP = 0x10;
    static final int BUFFER_OP = 0x11;
    static final int METHOD_OP = 0x14;
    static final int EXT_OP = 0x5b;
    static final int ROOT_CHAR = 0x5c;
    static final int PARENT_PREFIX = 0x5e;
    static final int DUAL_NAME_PREFIX = 0x2e;
    static final int MULTI_NAME_PREFIX = 0x2f;
    static final int NULL_NAME = 0x00;
    static final int LOCAL0 = 0x60;
    static final int ARG0 = 0x68;
    static final int MAX_LOCAL = 7;
    static final int MAX_ARG = 6;

    /** The largest values of the 1- to 4-byte PkgLength forms. */
    private static final int[] PKG_LENGTH_MAX = {0x3f, 0xfff, 0xfffff, 0xfffffff};

    private Aml() {
    }

    // ---- encoding helpers ---------------------------------------------------------------------------------------

    /**
     * The PkgLength that precedes a package body of {@code bodyLength} bytes: the count includes the PkgLength bytes
     * themselves, in the shortest of the four forms that fits (ACPI 6.4 20.2.4).
     */
    public static byte[] pkgLength(int bodyLength) {
        if (bodyLength < 0) throw new IllegalArgumentException("negative package length " + bodyLength);
        for (int n = 1; n <= 4; n++) {
            if (bodyLength + n <= PKG_LENGTH_MAX[n - 1]) return lengthBytes(bodyLength + n, n);
        }
        throw new IllegalArgumentException("AML package of " + bodyLength + " bytes exceeds the 2^28 PkgLength limit");
    }

    /**
     * A PkgLength-encoded {@code value} that does not count itself: the width of a field element in bits (ACPI 6.4
     * 20.2.5.2 NamedField/ReservedField).
     */
    public static byte[] lengthValue(int value) {
        if (value < 0) throw new IllegalArgumentException("negative length " + value);
        for (int n = 1; n <= 4; n++) if (value <= PKG_LENGTH_MAX[n - 1]) return lengthBytes(value, n);
        throw new IllegalArgumentException(value + " exceeds the 2^28 PkgLength limit");
    }

    private static byte[] lengthBytes(int value, int n) {
        if (n == 1) return new byte[] {(byte) value};
        byte[] b = new byte[n];
        b[0] = (byte) ((n - 1) << 6 | (value & 0x0f));
        for (int i = 1; i < n; i++) b[i] = (byte) (value >>> (4 + 8 * (i - 1)));
        return b;
    }

    /** The NameString bytes of an ASL name path (root or parent prefixes, then one, two or more 4-character segments). */
    public static byte[] nameString(String path) {
        if (path.isEmpty()) throw new IllegalArgumentException("empty AML name");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int i = 0;
        if (path.charAt(0) == '\\') {
            b.write(ROOT_CHAR);
            i = 1;
        } else {
            while (i < path.length() && path.charAt(i) == '^') {
                b.write(PARENT_PREFIX);
                i++;
            }
        }
        String rest = path.substring(i);
        if (rest.isEmpty()) {
            b.write(NULL_NAME);
            return b.toByteArray();
        }
        String[] segs = rest.split("\\.", -1);
        if (segs.length == 2) {
            b.write(DUAL_NAME_PREFIX);
        } else if (segs.length > 2) {
            if (segs.length > 255) throw new IllegalArgumentException("AML name with more than 255 segments: " + path);
            b.write(MULTI_NAME_PREFIX);
            b.write(segs.length);
        }
        for (String s : segs) b.writeBytes(nameSeg(s, path));
        return b.toByteArray();
    }

    /** One NameSeg: 1 to 4 characters, a leading letter or underscore, padded with underscores to 4. */
    static byte[] nameSeg(String seg, String path) {
        if (seg.isEmpty() || seg.length() > 4) {
            throw new IllegalArgumentException("AML name segment \"" + seg + "\" in \"" + path + "\" is not 1-4 characters");
        }
        byte[] b = {'_', '_', '_', '_'};
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) throw new IllegalArgumentException("AML name \"" + path + "\": bad character '" + c + "' in \"" + seg
                    + "\" (A-Z, _ and, after the first, 0-9)");
            b[i] = (byte) c;
        }
        return b;
    }

    private static byte[] op(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        return b;
    }

    private static AmlTerm path0(String path) {
        return new AmlTerm.Fixed(nameString(path));
    }

    private static AmlTerm nullTarget() {
        return new AmlTerm.Fixed((byte) NULL_NAME);
    }

    // ---- data objects -------------------------------------------------------------------------------------------

    /** Zero (ZeroOp). */
    public static AmlTerm zero() {
        return new AmlTerm.Fixed((byte) ZERO_OP);
    }

    /** One (OneOp). */
    public static AmlTerm one() {
        return new AmlTerm.Fixed((byte) ONE_OP);
    }

    /** Ones (OnesOp: all bits set). */
    public static AmlTerm ones() {
        return new AmlTerm.Fixed((byte) ONES_OP);
    }

    /** An unsigned integer in its shortest encoding; a negative long is taken as its 64-bit unsigned value. */
    public static AmlTerm integer(long value) {
        if (value == 0) return zero();
        if (value == 1) return one();
        if (value > 0 && value <= 0xff) return new AmlTerm.Fixed((byte) BYTE_PREFIX, (byte) value);
        if (value > 0 && value <= 0xffff) return prefixed(WORD_PREFIX, value, 2);
        if (value > 0 && value <= 0xffff_ffffL) return prefixed(DWORD_PREFIX, value, 4);
        return prefixed(QWORD_PREFIX, value, 8);
    }

    /** An integer always encoded as a DWordConst (a field the same size whatever the value). */
    public static AmlTerm dword(long value) {
        if (value < 0 || value > 0xffff_ffffL) throw new IllegalArgumentException("not a 32-bit value: " + value);
        return prefixed(DWORD_PREFIX, value, 4);
    }

    private static AmlTerm prefixed(int prefix, long value, int size) {
        byte[] b = new byte[1 + size];
        b[0] = (byte) prefix;
        for (int i = 0; i < size; i++) b[1 + i] = (byte) (value >>> (8 * i));
        return new AmlTerm.Fixed(b);
    }

    /** A string (ASCII characters 0x01-0x7f, NUL-terminated). */
    public static AmlTerm string(String text) {
        byte[] s = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || c > 0x7f) throw new IllegalArgumentException("AML string \"" + text + "\" is not ASCII 1-127");
        }
        byte[] b = new byte[s.length + 2];
        b[0] = STRING_PREFIX;
        System.arraycopy(s, 0, b, 1, s.length);
        return new AmlTerm.Fixed(b);
    }

    /**
     * A compressed EISA ID (ASL EISAID("PNP0A03")): three upper-case letters in 5 bits each and four hex digits,
     * stored byte-swapped as a DWordConst.
     */
    public static AmlTerm eisaId(String id) {
        if (!id.matches("[A-Z]{3}[0-9A-F]{4}")) {
            throw new IllegalArgumentException("EISA ID \"" + id + "\" is not three letters A-Z and four hex digits");
        }
        long v = (long) (id.charAt(0) - 0x40) << 26 | (long) (id.charAt(1) - 0x40) << 21 | (long) (id.charAt(2) - 0x40) << 16
                | Integer.parseInt(id.substring(3), 16);
        return prefixed(DWORD_PREFIX, Integer.reverseBytes((int) v) & 0xffff_ffffL, 4);
    }

    /** A Buffer holding {@code data} (BufferOp, PkgLength, BufferSize, bytes). */
    public static AmlTerm buffer(byte[] data) {
        return new AmlTerm.Sized(op(BUFFER_OP), integer(data.length), new AmlTerm.Fixed(data.clone()));
    }

    /**
     * ASL's ToUUID("aabbccdd-eeff-gghh-iijj-kkllmmnnoopp"): a 16-byte Buffer with the first three groups stored
     * little-endian and the last two in order (the GUID byte order).
     */
    public static AmlTerm uuid(String text) {
        if (!text.matches("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")) {
            throw new IllegalArgumentException("UUID \"" + text + "\" is not of the form 8-4-4-4-12 hex digits");
        }
        String hex = text.replace("-", "");
        byte[] b = new byte[16];
        int[] order = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        for (int i = 0; i < 16; i++) b[i] = (byte) Integer.parseInt(hex.substring(2 * order[i], 2 * order[i] + 2), 16);
        return buffer(b);
    }

    /** A Package whose elements are added with {@link AmlBlock#add} (more than 255 make it a VarPackage). */
    public static AmlBlock pkg(AmlTerm... elements) {
        return AmlBlock.newPackage().add(elements);
    }

    /** AML bytes inserted verbatim (for encodings this class does not offer). */
    public static AmlTerm raw(byte[] encoded) {
        return new AmlTerm.Fixed(encoded.clone());
    }

    // ---- names, locals, arguments -------------------------------------------------------------------------------

    /** A reference to a named object (a NameString; also a method call without arguments or a package element). */
    public static AmlTerm path(String path) {
        return path0(path);
    }

    /** Name(name, value): declares a named data object. */
    public static AmlTerm name(String name, AmlTerm value) {
        return new AmlTerm.Op(op(NAME_OP), path0(name), value);
    }

    /** LocalN (0-7). */
    public static AmlTerm local(int n) {
        if (n < 0 || n > MAX_LOCAL) throw new IllegalArgumentException("Local" + n + " does not exist (0-7)");
        return new AmlTerm.Fixed((byte) (LOCAL0 + n));
    }

    /** ArgN (0-6). */
    public static AmlTerm arg(int n) {
        if (n < 0 || n > MAX_ARG) throw new IllegalArgumentException("Arg" + n + " does not exist (0-6)");
        return new AmlTerm.Fixed((byte) (ARG0 + n));
    }

    /** The Debug object. */
    public static AmlTerm debug() {
        return new AmlTerm.Fixed(op(EXT_OP, 0x31));
    }

    /** A method invocation: the method's name followed by its arguments. */
    public static AmlTerm call(String method, AmlTerm... args) {
        if (args.length > MAX_ARG + 1) throw new IllegalArgumentException("a method takes at most 7 arguments");
        return new AmlTerm.Op(nameString(method), args);
    }

    // ---- blocks -------------------------------------------------------------------------------------------------

    /** Scope(path) { ... }. */
    public static AmlBlock scope(String path) {
        return new AmlBlock(op(SCOPE_OP), path0(path));
    }

    /** Device(name) { ... }. */
    public static AmlBlock device(String name) {
        return new AmlBlock(op(EXT_OP, 0x82), path0(name));
    }

    /** Method(name, args, NotSerialized / Serialized) { ... } with sync level 0. */
    public static AmlBlock method(String name, int args, boolean serialized) {
        return method(name, args, serialized, 0);
    }

    /** Method(name, args, Serialized, syncLevel) { ... }: MethodFlags = args | serialized << 3 | syncLevel << 4. */
    public static AmlBlock method(String name, int args, boolean serialized, int syncLevel) {
        if (args < 0 || args > MAX_ARG + 1) throw new IllegalArgumentException("a method takes 0-7 arguments, not " + args);
        if (syncLevel < 0 || syncLevel > 15) throw new IllegalArgumentException("sync level " + syncLevel + " is not 0-15");
        int flags = args | (serialized ? 0x08 : 0) | syncLevel << 4;
        return new AmlBlock(op(METHOD_OP), path0(name), new AmlTerm.Fixed((byte) flags));
    }

    /** If(predicate) { ... }; an Else follows as the next term of the enclosing list. */
    public static AmlBlock ifThen(AmlTerm predicate) {
        return new AmlBlock(op(0xa0), predicate);
    }

    /** Else { ... }: add it right after its If. */
    public static AmlBlock orElse() {
        return new AmlBlock(op(0xa1));
    }

    /** While(predicate) { ... }. */
    public static AmlBlock whileLoop(AmlTerm predicate) {
        return new AmlBlock(op(0xa2), predicate);
    }

    /** Processor(name, id, pblkAddress, pblkLength) { ... } (the ACPI 1.0 processor object). */
    public static AmlBlock processor(String name, int id, long pblkAddress, int pblkLength) {
        if (id < 0 || id > 0xff) throw new IllegalArgumentException("processor ID " + id + " is not 0-255");
        TableData fixed = new TableData().u8(id).u32(pblkAddress).u8(pblkLength);
        return new AmlBlock(op(EXT_OP, 0x83), path0(name), new AmlTerm.Fixed(fixed.toByteArray()));
    }

    // ---- named objects ------------------------------------------------------------------------------------------

    /** OperationRegion(name, space, offset, length). */
    public static AmlTerm operationRegion(String name, RegionSpace space, AmlTerm offset, AmlTerm length) {
        return new AmlTerm.Op(op(EXT_OP, 0x80), path0(name), new AmlTerm.Fixed((byte) space.code), offset, length);
    }

    /** OperationRegion(name, space, offset, length) with integer offset and length. */
    public static AmlTerm operationRegion(String name, RegionSpace space, long offset, long length) {
        return operationRegion(name, space, integer(offset), integer(length));
    }

    /** Field(region, access, lock, update) { ... }: add the units to the returned field. */
    public static AmlField field(String region, AmlField.AccessType access, AmlField.LockRule lock,
            AmlField.UpdateRule update) {
        return new AmlField(region, access, lock, update);
    }

    /** Mutex(name, syncLevel). */
    public static AmlTerm mutex(String name, int syncLevel) {
        if (syncLevel < 0 || syncLevel > 15) throw new IllegalArgumentException("sync level " + syncLevel + " is not 0-15");
        return new AmlTerm.Op(op(EXT_OP, 0x01), path0(name), new AmlTerm.Fixed((byte) syncLevel));
    }

    /** CreateDWordField(buffer, byteIndex, name). */
    public static AmlTerm createDWordField(AmlTerm buffer, AmlTerm byteIndex, String name) {
        return new AmlTerm.Op(op(0x8a), buffer, byteIndex, path0(name));
    }

    /** CreateWordField(buffer, byteIndex, name). */
    public static AmlTerm createWordField(AmlTerm buffer, AmlTerm byteIndex, String name) {
        return new AmlTerm.Op(op(0x8b), buffer, byteIndex, path0(name));
    }

    /** CreateByteField(buffer, byteIndex, name). */
    public static AmlTerm createByteField(AmlTerm buffer, AmlTerm byteIndex, String name) {
        return new AmlTerm.Op(op(0x8c), buffer, byteIndex, path0(name));
    }

    /** CreateQWordField(buffer, byteIndex, name). */
    public static AmlTerm createQWordField(AmlTerm buffer, AmlTerm byteIndex, String name) {
        return new AmlTerm.Op(op(0x8f), buffer, byteIndex, path0(name));
    }

    // ---- statements ---------------------------------------------------------------------------------------------

    /** Store(source, destination). */
    public static AmlTerm store(AmlTerm source, AmlTerm destination) {
        return new AmlTerm.Op(op(0x70), source, destination);
    }

    /** Return(value). */
    public static AmlTerm returns(AmlTerm value) {
        return new AmlTerm.Op(op(0xa4), value);
    }

    /** Break (leaves the innermost While). */
    public static AmlTerm breakLoop() {
        return new AmlTerm.Fixed((byte) 0xa5);
    }

    /** Notify(object, value). */
    public static AmlTerm notify(AmlTerm object, AmlTerm value) {
        return new AmlTerm.Op(op(0x86), object, value);
    }

    /** Increment(target). */
    public static AmlTerm increment(AmlTerm target) {
        return new AmlTerm.Op(op(0x75), target);
    }

    /** Decrement(target). */
    public static AmlTerm decrement(AmlTerm target) {
        return new AmlTerm.Op(op(0x76), target);
    }

    /** Acquire(mutex, timeout in ms; 0xffff waits forever). */
    public static AmlTerm acquire(AmlTerm mutex, int timeout) {
        return new AmlTerm.Op(op(EXT_OP, 0x23), mutex, new AmlTerm.Fixed((byte) timeout, (byte) (timeout >> 8)));
    }

    /** Release(mutex). */
    public static AmlTerm release(AmlTerm mutex) {
        return new AmlTerm.Op(op(EXT_OP, 0x27), mutex);
    }

    // ---- arithmetic (result to an optional target) --------------------------------------------------------------

    /** Add(a, b). */
    public static AmlTerm add(AmlTerm a, AmlTerm b) {
        return add(a, b, nullTarget());
    }

    /** Add(a, b, target). */
    public static AmlTerm add(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlTerm.Op(op(0x72), a, b, target);
    }

    /** Subtract(a, b). */
    public static AmlTerm subtract(AmlTerm a, AmlTerm b) {
        return subtract(a, b, nullTarget());
    }

    /** Subtract(a, b, target). */
    public static AmlTerm subtract(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlTerm.Op(op(0x74), a, b, target);
    }

    /** ShiftLeft(value, count). */
    public static AmlTerm shiftLeft(AmlTerm value, AmlTerm count) {
        return shiftLeft(value, count, nullTarget());
    }

    /** ShiftLeft(value, count, target). */
    public static AmlTerm shiftLeft(AmlTerm value, AmlTerm count, AmlTerm target) {
        return new AmlTerm.Op(op(0x79), value, count, target);
    }

    /** ShiftRight(value, count). */
    public static AmlTerm shiftRight(AmlTerm value, AmlTerm count) {
        return shiftRight(value, count, nullTarget());
    }

    /** ShiftRight(value, count, target). */
    public static AmlTerm shiftRight(AmlTerm value, AmlTerm count, AmlTerm target) {
        return new AmlTerm.Op(op(0x7a), value, count, target);
    }

    /** And(a, b). */
    public static AmlTerm and(AmlTerm a, AmlTerm b) {
        return and(a, b, nullTarget());
    }

    /** And(a, b, target). */
    public static AmlTerm and(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlTerm.Op(op(0x7b), a, b, target);
    }

    /** Or(a, b). */
    public static AmlTerm or(AmlTerm a, AmlTerm b) {
        return or(a, b, nullTarget());
    }

    /** Or(a, b, target). */
    public static AmlTerm or(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlTerm.Op(op(0x7d), a, b, target);
    }

    /** XOr(a, b, target). */
    public static AmlTerm xor(AmlTerm a, AmlTerm b, AmlTerm target) {
        return new AmlTerm.Op(op(0x7f), a, b, target);
    }

    /** Not(value, target). */
    public static AmlTerm not(AmlTerm value, AmlTerm target) {
        return new AmlTerm.Op(op(0x80), value, target);
    }

    /** SizeOf(object). */
    public static AmlTerm sizeOf(AmlTerm object) {
        return new AmlTerm.Op(op(0x87), object);
    }

    /** Index(object, index): a reference to an element of a buffer, package or string. */
    public static AmlTerm index(AmlTerm object, AmlTerm index) {
        return new AmlTerm.Op(op(0x88), object, index, nullTarget());
    }

    /** DerefOf(reference). */
    public static AmlTerm derefOf(AmlTerm reference) {
        return new AmlTerm.Op(op(0x83), reference);
    }

    // ---- logic --------------------------------------------------------------------------------------------------

    /** LAnd(a, b). */
    public static AmlTerm lAnd(AmlTerm a, AmlTerm b) {
        return new AmlTerm.Op(op(0x90), a, b);
    }

    /** LOr(a, b). */
    public static AmlTerm lOr(AmlTerm a, AmlTerm b) {
        return new AmlTerm.Op(op(0x91), a, b);
    }

    /** LNot(a). */
    public static AmlTerm lNot(AmlTerm a) {
        return new AmlTerm.Op(op(0x92), a);
    }

    /** LEqual(a, b). */
    public static AmlTerm lEqual(AmlTerm a, AmlTerm b) {
        return new AmlTerm.Op(op(0x93), a, b);
    }

    /** LNotEqual(a, b) (encoded as LNot(LEqual(a, b))). */
    public static AmlTerm lNotEqual(AmlTerm a, AmlTerm b) {
        return lNot(lEqual(a, b));
    }

    /** LGreater(a, b). */
    public static AmlTerm lGreater(AmlTerm a, AmlTerm b) {
        return new AmlTerm.Op(op(0x94), a, b);
    }

    /** LLess(a, b). */
    public static AmlTerm lLess(AmlTerm a, AmlTerm b) {
        return new AmlTerm.Op(op(0x95), a, b);
    }
}
