package org.jemu.core.opts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OptsTest {

    @Test
    void firstBareElementIsTheImpliedKeysValue() {
        Opts opts = Opts.parse("machine", "type", "pc,accel=tcg");

        assertEquals(Optional.of("pc"), opts.string("type"));
        assertEquals(Optional.of("tcg"), opts.string("accel"));
        assertEquals(List.of("type", "accel"), List.copyOf(opts.keys()));
    }

    @Test
    void firstElementWithEqualsSignLeavesImpliedKeyUnset() {
        Opts opts = Opts.parse("machine", "type", "accel=tcg");

        assertFalse(opts.has("type"));
        assertEquals(Optional.empty(), opts.implied());
    }

    @Test
    void laterBareElementMeansOn() {
        Opts opts = Opts.parse("device", "driver", "isa-serial,help");

        assertEquals(Optional.of("isa-serial"), opts.implied());
        assertEquals(Optional.of("on"), opts.string("help"));
    }

    @Test
    void bareElementWithoutImpliedKeyMeansOn() {
        Opts opts = Opts.parse("vnc", "share,password");

        assertTrue(opts.bool("share", false));
        assertTrue(opts.bool("password", false));
    }

    @Test
    void doubledCommaIsALiteralComma() {
        Opts opts = Opts.parse("drive", "file=a,,b.img,format=raw");

        assertEquals(Optional.of("a,b.img"), opts.string("file"));
        assertEquals(Optional.of("raw"), opts.string("format"));
    }

    @Test
    void doubledCommaWorksInTheImpliedValueToo() {
        Opts opts = Opts.parse("name", "guest", "my,,vm,process=x");

        assertEquals(Optional.of("my,vm"), opts.string("guest"));
    }

    @Test
    void toStringEscapesCommasSoItParsesBack() {
        Opts opts = Opts.parse("drive", "file=a,,b,if=ide");

        assertEquals(opts.entries(), Opts.parse("drive", opts.toString()).entries());
    }

    @Test
    void repeatedKeyLastWinsButAllValuesAreKept() {
        Opts opts = Opts.parse("x", "a=1,b=2,a=3");

        assertEquals(Optional.of("3"), opts.string("a"));
        assertEquals(List.of("1", "3"), opts.values("a"));
    }

    @Test
    void trailingCommaIsTolerated() {
        assertEquals(1, Opts.parse("x", "a=1,").entries().size());
    }

    @Test
    void emptyParameterNameIsRejected() {
        OptsException e = assertThrows(OptsException.class, () -> Opts.parse("x", "a=1,=2"));

        assertTrue(e.getMessage().startsWith("-x: empty parameter name"), e.getMessage());
    }

    @Test
    void invalidIdIsRejectedNamingTheKey() {
        OptsException e = assertThrows(OptsException.class, () -> Opts.parse("chardev", "backend", "null,id=1x"));

        assertTrue(e.getMessage().startsWith("-chardev null: parameter 'id': '1x' is not a valid identifier"),
                e.getMessage());
    }

    @Test
    void boolAcceptsQemuSpellings() {
        Opts opts = Opts.parse("x", "a=on,b=off,c=yes,d=no,e=true,f=false");

        assertEquals(List.of(true, false, true, false, true, false),
                List.of("a", "b", "c", "d", "e", "f").stream().map(k -> opts.bool(k, false)).toList());
        assertTrue(opts.bool("missing", true));
    }

    @Test
    void boolErrorNamesOptionAndKey() {
        Opts opts = Opts.parse("vnc", "vnc", ":1,password=maybe");

        OptsException e = assertThrows(OptsException.class, () -> opts.bool("password", false));

        assertEquals("-vnc :1: parameter 'password': 'maybe' is not a valid boolean (use 'on' or 'off')",
                e.getMessage());
        assertEquals(Optional.of("password"), e.key());
    }

    @Test
    void numberAcceptsDecimalHexAndOctal() {
        Opts opts = Opts.parse("x", "d=42,h=0x3f8,o=010,z=0");

        assertEquals(42, opts.number("d", -1));
        assertEquals(0x3f8, opts.number("h", -1));
        assertEquals(8, opts.number("o", -1));
        assertEquals(0, opts.number("z", -1));
        assertEquals(-1, opts.number("missing", -1));
    }

    @Test
    void numberErrorNamesOptionAndKey() {
        Opts opts = Opts.parse("chardev", "backend", "socket,id=s,port=abc");

        OptsException e = assertThrows(OptsException.class, () -> opts.number("port", 0));

        assertEquals("-chardev socket: parameter 'port': 'abc' is not a number", e.getMessage());
    }

    @Test
    void numberRejectsNegativeAndOverflow() {
        Opts opts = Opts.parse("x", "n=-1,big=99999999999999999999");

        assertThrows(OptsException.class, () -> opts.number("n", 0));
        OptsException e = assertThrows(OptsException.class, () -> opts.number("big", 0));
        assertTrue(e.getMessage().contains("too large"));
    }

    @Test
    void sizeAcceptsSuffixesAsPowersOf1024() {
        Opts opts = Opts.parse("x", "b=512,k=4k,m=256M,g=2G,t=1T,f=1.5G,x=0x1000,bb=7B");

        assertEquals(512, opts.size("b", 0));
        assertEquals(4096, opts.size("k", 0));
        assertEquals(256L << 20, opts.size("m", 0));
        assertEquals(2L << 30, opts.size("g", 0));
        assertEquals(1L << 40, opts.size("t", 0));
        assertEquals(3L << 29, opts.size("f", 0));
        assertEquals(4096, opts.size("x", 0));
        assertEquals(7, opts.size("bb", 0));
    }

    @Test
    void sizeWithBareUnitScalesOnlyBareNumbers() {
        Opts opts = Opts.parse("m", "size", "256,other=1G");

        assertEquals(256L << 20, opts.size("size", 0, 1L << 20));
        assertEquals(1L << 30, opts.size("other", 0, 1L << 20));
    }

    @Test
    void sizeErrorNamesOptionAndKey() {
        Opts opts = Opts.parse("m", "size", "2X");

        OptsException e = assertThrows(OptsException.class, () -> opts.size("size", 0));

        assertTrue(e.getMessage().startsWith("-m 2X: parameter 'size': '2X' is not a valid size"), e.getMessage());
    }

    @Test
    void sizeRejectsFractionalBytes() {
        assertThrows(OptsException.class, () -> Opts.parse("x", "s=1.5").size("s", 0));
    }

    @Test
    void choiceRejectsUnknownValueListingAllowedOnes() {
        Opts opts = Opts.parse("machine", "type", "pc,accel=xyz");

        OptsException e = assertThrows(OptsException.class, () -> opts.choice("accel", List.of("tcg", "kvm")));

        assertEquals("-machine pc: parameter 'accel': 'xyz' is not a valid value (expected one of: tcg, kvm)",
                e.getMessage());
    }

    @Test
    void requireOnlyReportsFirstUnknownKey() {
        Opts opts = Opts.parse("chardev", "backend", "socket,id=x,prot=4");

        OptsException e = assertThrows(OptsException.class, () -> opts.requireOnly(List.of("id", "port")));

        assertEquals("-chardev socket: invalid parameter 'prot'", e.getMessage());
    }

    @Test
    void requireReportsMissingKey() {
        OptsException e = assertThrows(OptsException.class, () -> Opts.parse("netdev", "type", "user").require("id"));

        assertEquals("-netdev user: parameter 'id': missing, but required", e.getMessage());
    }

    @Test
    void mergeLetsLaterValuesWin() {
        Opts merged = Opts.parse("machine", "type", "pc,accel=tcg").merge(Opts.parse("machine", "type", "q35"));

        assertEquals(Optional.of("q35"), merged.implied());
        assertEquals(Optional.of("tcg"), merged.string("accel"));
    }
}
