package org.jemu.core.acpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.jemu.core.acpi.AmlField.AccessType;
import org.jemu.core.acpi.AmlField.LockRule;
import org.jemu.core.acpi.AmlField.UpdateRule;
import org.junit.jupiter.api.Test;

/**
 * AML encodings checked against bytes worked out by hand from the ACPI 6.4 grammar (chapter 20): opcodes, PkgLength
 * forms, name strings and data objects.
 */
class AmlTest {

    /** Bytes from ints and ASCII strings: {@code b(0x08, "_HID", 0x0c)}. */
    static byte[] b(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) out.write(i);
            else out.writeBytes(((String) p).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    @Test
    void pkgLengthUsesOneByteUpToSixtyThreeIncludingItself() {
        assertArrayEquals(b(0x01), Aml.pkgLength(0));
        assertArrayEquals(b(0x3f), Aml.pkgLength(62));
    }

    @Test
    void pkgLengthSwitchesToTwoBytesWithTheLowNibbleFirst() {
        // 63 + 2 = 65 = 0x41: lead byte 01 (one more byte) << 6 | 0x1, then 0x41 >> 4
        assertArrayEquals(b(0x41, 0x04), Aml.pkgLength(63));
        assertArrayEquals(b(0x4f, 0xff), Aml.pkgLength(0xffd)); // 0xfff, the largest two-byte value
    }

    @Test
    void pkgLengthUsesThreeAndFourBytesForLargerPackages() {
        assertArrayEquals(b(0x81, 0x00, 0x01), Aml.pkgLength(0xffe));      // 0x1001
        assertArrayEquals(b(0x8f, 0xff, 0xff), Aml.pkgLength(0xffffc));    // 0xfffff
        assertArrayEquals(b(0xc1, 0x00, 0x00, 0x01), Aml.pkgLength(0xffffd)); // 0x100001
    }

    @Test
    void pkgLengthRejectsPackagesBeyondTwoToTheTwentyEight() {
        assertThrows(IllegalArgumentException.class, () -> Aml.pkgLength(0x0ffffffc));
        assertThrows(IllegalArgumentException.class, () -> Aml.pkgLength(-1));
    }

    @Test
    void fieldWidthsAreEncodedWithoutCountingThemselves() {
        assertArrayEquals(b(0x20), Aml.lengthValue(32));
        assertArrayEquals(b(0x3f), Aml.lengthValue(63));
        assertArrayEquals(b(0x40, 0x04), Aml.lengthValue(64));
        assertArrayEquals(b(0x40, 0x10), Aml.lengthValue(256));
    }

    @Test
    void integersTakeTheShortestEncoding() {
        assertArrayEquals(b(0x00), Aml.integer(0).encode());
        assertArrayEquals(b(0x01), Aml.integer(1).encode());
        assertArrayEquals(b(0x0a, 0x02), Aml.integer(2).encode());
        assertArrayEquals(b(0x0a, 0xff), Aml.integer(0xff).encode());
        assertArrayEquals(b(0x0b, 0x00, 0x01), Aml.integer(0x100).encode());
        assertArrayEquals(b(0x0b, 0xff, 0xff), Aml.integer(0xffff).encode());
        assertArrayEquals(b(0x0c, 0x00, 0x00, 0x01, 0x00), Aml.integer(0x10000).encode());
        assertArrayEquals(b(0x0c, 0xff, 0xff, 0xff, 0xff), Aml.integer(0xffff_ffffL).encode());
        assertArrayEquals(b(0x0e, 0, 0, 0, 0, 1, 0, 0, 0), Aml.integer(1L << 32).encode());
        assertArrayEquals(b(0x0e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), Aml.integer(-1).encode());
    }

    @Test
    void onesAndDwordHaveTheirOwnForms() {
        assertArrayEquals(b(0xff), Aml.ones().encode());
        assertArrayEquals(b(0x0c, 0x05, 0x00, 0x00, 0x00), Aml.dword(5).encode());
        assertThrows(IllegalArgumentException.class, () -> Aml.dword(1L << 32));
    }

    @Test
    void namesArePaddedWithUnderscoresAndJoinedByPrefixes() {
        assertArrayEquals(b("_SB_"), Aml.nameString("_SB"));
        assertArrayEquals(b("ISA_"), Aml.nameString("ISA"));
        assertArrayEquals(b(0x5c, 0x2e, "_SB_", "PCI0"), Aml.nameString("\\_SB.PCI0"));
        assertArrayEquals(b(0x2f, 0x03, "PCI0", "ISA_", "P40C"), Aml.nameString("PCI0.ISA.P40C"));
        assertArrayEquals(b(0x5e, 0x5e, "FOO_"), Aml.nameString("^^FOO"));
        assertArrayEquals(b(0x5c, 0x00), Aml.nameString("\\"));
    }

    @Test
    void badNamesAreRejectedWithTheName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aml.nameString("pci0"));
        assertEquals(true, e.getMessage().contains("pci0"));
        assertThrows(IllegalArgumentException.class, () -> Aml.nameString("TOOLONG"));
        assertThrows(IllegalArgumentException.class, () -> Aml.nameString("1ABC"));
        assertThrows(IllegalArgumentException.class, () -> Aml.nameString("A..B"));
        assertThrows(IllegalArgumentException.class, () -> Aml.nameString(""));
    }

    @Test
    void stringsAreNulTerminatedAscii() {
        assertArrayEquals(b(0x0d, "ACPI0006", 0x00), Aml.string("ACPI0006").encode());
        assertThrows(IllegalArgumentException.class, () -> Aml.string("caf\u00e9"));
    }

    @Test
    void eisaIdsAreCompressedAndByteSwapped() {
        // 'P' = 16, 'N' = 14, 'P' = 16 in 5 bits each: 0x41D0, then the product number 0x0A03, stored big-endian
        assertArrayEquals(b(0x0c, 0x41, 0xd0, 0x0a, 0x03), Aml.eisaId("PNP0A03").encode());
        assertArrayEquals(b(0x0c, 0x41, 0xd0, 0x0c, 0x0f), Aml.eisaId("PNP0C0F").encode());
        assertThrows(IllegalArgumentException.class, () -> Aml.eisaId("pnp0a03"));
        assertThrows(IllegalArgumentException.class, () -> Aml.eisaId("PNP0A0"));
    }

    @Test
    void nameDeclaresAPackageOfZerosForS5() {
        AmlTerm s5 = Aml.name("_S5", Aml.pkg(Aml.zero(), Aml.zero(), Aml.zero(), Aml.zero()));

        // NameOp, NameSeg, PackageOp, PkgLength 6 (itself, NumElements, four ZeroOps), NumElements 4
        assertArrayEquals(b(0x08, "_S5_", 0x12, 0x06, 0x04, 0, 0, 0, 0), s5.encode());
    }

    @Test
    void methodFlagsCarryArgumentCountSerializationAndSyncLevel() {
        AmlBlock sta = Aml.method("_STA", 0, false).add(Aml.returns(Aml.integer(0x0f)));
        assertArrayEquals(b(0x14, 0x09, "_STA", 0x00, 0xa4, 0x0a, 0x0f), sta.encode());

        assertArrayEquals(b(0x14, 0x06, "IQCR", 0x09), Aml.method("IQCR", 1, true).encode());
        assertArrayEquals(b(0x14, 0x06, "MTHD", 0x3f), Aml.method("MTHD", 7, true, 3).encode());
        assertThrows(IllegalArgumentException.class, () -> Aml.method("MTHD", 8, false));
    }

    @Test
    void deviceHoldsItsNamedObjects() {
        AmlBlock kbd = Aml.device("KBD").add(Aml.name("_HID", Aml.eisaId("PNP0303")));

        assertArrayEquals(b(0x5b, 0x82, 0x0f, "KBD_", 0x08, "_HID", 0x0c, 0x41, 0xd0, 0x03, 0x03), kbd.encode());
    }

    @Test
    void scopeWithMoreThanSixtyTwoBytesGetsATwoByteLength() {
        AmlBlock scope = Aml.scope("\\_SB").add(Aml.buffer(new byte[60]));

        byte[] enc = scope.encode();

        // body: 5C 5F 53 42 5F (5) + buffer (11 PkgLength-1 0A 3C + 60) = 5 + 64 = 69; +2 = 71 = 0x47
        assertArrayEquals(b(0x10, 0x47, 0x04, 0x5c, "_SB_", 0x11, 0x3f, 0x0a, 0x3c), java.util.Arrays.copyOf(enc, 12));
        assertEquals(1 + 2 + 69, enc.length);
    }

    @Test
    void ifAndElseAreSiblings() {
        AmlBlock method = Aml.method("TEST", 1, false)
                .add(Aml.ifThen(Aml.lEqual(Aml.arg(0), Aml.integer(5))).add(Aml.returns(Aml.one())))
                .add(Aml.orElse().add(Aml.returns(Aml.zero())));

        assertArrayEquals(b(0x14, 0x12, "TEST", 0x01,
                0xa0, 0x07, 0x93, 0x68, 0x0a, 0x05, 0xa4, 0x01,
                0xa1, 0x03, 0xa4, 0x00), method.encode());
    }

    @Test
    void whileLoopIncrementsALocal() {
        AmlBlock loop = Aml.whileLoop(Aml.lLess(Aml.local(1), Aml.integer(128))).add(Aml.increment(Aml.local(1)));

        assertArrayEquals(b(0xa2, 0x07, 0x95, 0x61, 0x0a, 0x80, 0x75, 0x61), loop.encode());
    }

    @Test
    void operatorsWithoutTargetUseTheNullName() {
        assertArrayEquals(b(0x70, 0x68, 0x60), Aml.store(Aml.arg(0), Aml.local(0)).encode());
        assertArrayEquals(b(0x7b, 0x0a, 0x80, 0x68, 0x00), Aml.and(Aml.integer(0x80), Aml.arg(0)).encode());
        assertArrayEquals(b(0x7d, "PRQ0", 0x0a, 0x80, "PRQ0"),
                Aml.or(Aml.path("PRQ0"), Aml.integer(0x80), Aml.path("PRQ0")).encode());
        assertArrayEquals(b(0x79, 0x62, 0x0a, 0x10, 0x00), Aml.shiftLeft(Aml.local(2), Aml.integer(16)).encode());
        assertArrayEquals(b(0x7a, 0x61, 0x0a, 0x02, 0x62),
                Aml.shiftRight(Aml.local(1), Aml.integer(2), Aml.local(2)).encode());
        assertArrayEquals(b(0x72, 0x61, 0x62, 0x00), Aml.add(Aml.local(1), Aml.local(2)).encode());
        assertArrayEquals(b(0x92, 0x93, 0x68, 0x01), Aml.lNotEqual(Aml.arg(0), Aml.one()).encode());
        assertArrayEquals(b(0x88, 0x60, 0x61, 0x00), Aml.index(Aml.local(0), Aml.local(1)).encode());
        assertArrayEquals(b(0x86, "CPU0", 0x0a, 0x80), Aml.notify(Aml.path("CPU0"), Aml.integer(0x80)).encode());
    }

    @Test
    void localsAndArgumentsAreBounded() {
        assertArrayEquals(b(0x67), Aml.local(7).encode());
        assertArrayEquals(b(0x6e), Aml.arg(6).encode());
        assertThrows(IllegalArgumentException.class, () -> Aml.local(8));
        assertThrows(IllegalArgumentException.class, () -> Aml.arg(7));
    }

    @Test
    void methodCallIsTheNameFollowedByItsArguments() {
        assertArrayEquals(b(0xa4, "IQST", "PRQ0"), Aml.returns(Aml.call("IQST", Aml.path("PRQ0"))).encode());
    }

    @Test
    void bufferCarriesItsSizeAsAnInteger() {
        assertArrayEquals(b(0x11, 0x06, 0x0a, 0x03, 1, 2, 3), Aml.buffer(new byte[] {1, 2, 3}).encode());
    }

    @Test
    void createDWordFieldNamesBytesOfABuffer() {
        assertArrayEquals(b(0x8a, 0x68, 0x0a, 0x05, "PRRI"),
                Aml.createDWordField(Aml.arg(0), Aml.integer(5), "PRRI").encode());
    }

    @Test
    void operationRegionNamesSpaceOffsetAndLength() {
        AmlTerm r = Aml.operationRegion("P40C", Aml.RegionSpace.PCI_CONFIG, 0x60, 0x04);

        assertArrayEquals(b(0x5b, 0x80, "P40C", 0x02, 0x0a, 0x60, 0x0a, 0x04), r.encode());
    }

    @Test
    void fieldFlagsCombineAccessLockAndUpdate() {
        AmlField f = Aml.field("PCI0.ISA.P40C", AccessType.BYTE, LockRule.NO_LOCK, UpdateRule.PRESERVE)
                .named("PRQ0", 8).named("PRQ1", 8);
        // body: multi-name (14) + flags (1) + 2 units of 5 = 25; PkgLength 26
        assertArrayEquals(b(0x5b, 0x81, 0x1a, 0x2f, 0x03, "PCI0", "ISA_", "P40C", 0x01, "PRQ0", 0x08, "PRQ1", 0x08),
                f.encode());

        AmlField hpet = Aml.field("HPTM", AccessType.DWORD, LockRule.LOCK, UpdateRule.PRESERVE)
                .named("VEND", 32).named("PRD", 32);
        assertArrayEquals(b(0x5b, 0x81, 0x10, "HPTM", 0x13, "VEND", 0x20, "PRD_", 0x20), hpet.encode());

        AmlField z = Aml.field("PCST", AccessType.DWORD, LockRule.NO_LOCK, UpdateRule.WRITE_AS_ZEROS)
                .reserved(256).named("PCIU", 32);
        assertArrayEquals(b(0x5b, 0x81, 0x0e, "PCST", 0x43, 0x00, 0x40, 0x10, "PCIU", 0x20), z.encode());
    }

    @Test
    void processorObjectCarriesIdAndProcessorBlock() {
        AmlBlock cpu = Aml.processor("C000", 0, 0, 0);

        assertArrayEquals(b(0x5b, 0x83, 0x0b, "C000", 0x00, 0, 0, 0, 0, 0x00), cpu.encode());
        assertThrows(IllegalArgumentException.class, () -> Aml.processor("C100", 256, 0, 0));
    }

    @Test
    void packagesOfMoreThan255ElementsBecomeVarPackages() {
        AmlBlock big = Aml.pkg();
        for (int i = 0; i < 256; i++) big.add(Aml.zero());

        byte[] enc = big.encode();

        // VarPackageOp, PkgLength of 3 (WordConst 0x100) + 256 + 2 = 261 = 0x105, the count as an integer
        assertArrayEquals(b(0x13, 0x45, 0x10, 0x0b, 0x00, 0x01), java.util.Arrays.copyOf(enc, 6));
        assertEquals(3 + 3 + 256, enc.length);
    }

    @Test
    void mutexAcquireAndReleaseUseExtendedOpcodes() {
        assertArrayEquals(b(0x5b, 0x01, "BLCK", 0x00), Aml.mutex("BLCK", 0).encode());
        assertArrayEquals(b(0x5b, 0x23, "BLCK", 0xff, 0xff), Aml.acquire(Aml.path("BLCK"), 0xffff).encode());
        assertArrayEquals(b(0x5b, 0x27, "BLCK"), Aml.release(Aml.path("BLCK")).encode());
    }

    @Test
    void aBlockCannotContainItself() {
        AmlBlock s = Aml.scope("_SB");

        assertThrows(IllegalArgumentException.class, () -> s.add(s));
    }
}
