package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.X87Judge.c;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * F2XM1, FYL2X, FYL2XP1, FSIN, FCOS, FSINCOS, FPTAN, FPATAN, FPREM, FPREM1, FSCALE, FXTRACT and FRNDINT. Expected
 * values are what an Intel x87 gives (recorded on one), special operands follow the SDM's tables.
 */
class X87TranscendentalJudgeTest {

    @TestFactory
    Stream<DynamicTest> transcendentals() {
        return X87Judge.p32(
                c("d9 fe ; fsin 1", "st0=1", "st0=3ffe:d76aa47848677021 fsw=0220"),
                c("d9 ff ; fcos 1", "st0=1", "st0=3ffe:8a51407da8345c92 fsw=0220"),
                c("d9 ff ; fcos 0 is exact", "st0=0", "st0=1 fsw=0000"),
                c("d9 fe ; fsin -0 is -0", "st0=-0", "st0=-0 fsw=0000"),
                c("d9 fe ; fsin of a tiny value is the value, inexact", "st0=3c1a:ab70fe17c79ac800", "st0=3c1a:ab70fe17c79ac800 fsw=0020"),
                c("d9 fe ; fsin of the extended pi: reduced with the x87's 66-bit pi", "st0=4000:c90fdaa22168c235",
                        "st0=bfbf:8000000000000000 fsw=0020"),
                c("d9 ff ; fcos 1e18", "st0=1e18", "st0=3ffb:f50b31631bcfd88c fsw=0220"),
                c("d9 fe ; fsin 2^63: out of range, C2 set, operand left", "fsw=0200 st0=403e:8000000000000000",
                        "st0=403e:8000000000000000 fsw=0400"),
                c("d9 fe ; fsin of infinity is invalid", "st0=-inf", "st0=ind fsw=0001"),
                c("d9 fe ; fsin: empty", "fsw=0400", "st0=ind fsw=0041"),
                c("d9 fb ; fsincos 0.5: cosine pushed", "st0=0.5", "st0=3ffe:e0a94032dbea7cee st1=3ffd:f57743a2582f7f44 fsw=3a20"),
                c("d9 fb ; fsincos 2^63: C2, nothing pushed", "st0=403e:8000000000000000", "st0=403e:8000000000000000 top=0 fsw=0400"),
                c("d9 fb ; fsincos: stack overflow, masked: both indefinite",
                        "st0=1 st1=0 st2=0 st3=0 st4=0 st5=0 st6=0 st7=0", "st0=ind st1=ind top=7 fsw=3a41"),
                c("d9 f2 ; fptan 1: 1.0 pushed", "st0=1", "st0=1 st1=3fff:c75922e5f71d2dc5 fsw=3820"),
                c("d9 f2 ; fptan of the double nearest pi/2 (C1 not compared: it may differ from hardware's)", "st0=1.5707963267948966",
                        "st0=1 st1=4034:e816aa369f558f5b top=7"),
                c("d9 f2 ; fptan 0", "st0=0", "st0=1 st1=0 fsw=3800"),
                c("d9 f2 ; fptan 2^63: C2, nothing pushed", "st0=403e:8000000000000000", "st0=403e:8000000000000000 fsw=0400"),
                c("d9 f0 ; f2xm1 0.5", "st0=0.5", "st0=3ffd:d413cccfe7799211 fsw=0020"),
                c("d9 f0 ; f2xm1 -0.5", "st0=-0.5", "st0=bffd:95f619980c4336f7 fsw=0020"),
                c("d9 f0 ; f2xm1 1 is 1, flagged inexact", "st0=1", "st0=1 fsw=0020"),
                c("d9 f0 ; f2xm1 -1 is -0.5, flagged inexact", "st0=-1", "st0=-0.5 fsw=0020"),
                c("d9 f0 ; f2xm1 1.5: out of range, the operand is returned", "st0=1.5", "st0=1.5 fsw=0020"),
                c("d9 f0 ; f2xm1 -inf is -1", "st0=-inf", "st0=-1 fsw=0000"),
                c("d9 f1 ; fyl2x 3 * log2(10)", "st0=10 st1=3", "st0=4002:9f73da38d9d4a83f top=1 fsw=0a20"),
                c("d9 f1 ; fyl2x 1 * log2(32): exact, flagged inexact", "st0=32 st1=1", "st0=5 top=1 fsw=0820"),
                c("d9 f1 ; fyl2x 1 * log2(1) is +0, exact", "st0=1 st1=1", "st0=0 top=1 fsw=0800"),
                c("d9 f1 ; fyl2x: log of zero divides by zero", "st0=0 st1=2", "st0=-inf top=1 fsw=0804"),
                c("d9 f1 ; fyl2x: log of a negative number is invalid", "st0=-2 st1=2", "st0=ind top=1 fsw=0801"),
                c("d9 f1 ; fyl2x: 0 * log2(+inf) is invalid", "st0=inf st1=0", "st0=ind top=1 fsw=0801"),
                c("d9 f1 ; fyl2x: unmasked #Z, nothing popped", "fcw=037b st0=0 st1=2", "st0=0 st1=2 top=0 fsw=8084"),
                c("d9 f9 ; fyl2xp1 1 * log2(1.25)", "st0=0.25 st1=1", "st0=3ffd:a4d3c25e68dc57f2 top=1 fsw=0820"),
                c("d9 f9 ; fyl2xp1: -0 with +y is -0", "st0=-0 st1=3", "st0=-0 top=1 fsw=0800"),
                c("d9 f9 ; fyl2xp1: 0 * inf is invalid", "st0=0 st1=inf", "st0=ind top=1 fsw=0801"),
                c("d9 f3 ; fpatan(1, 1) = pi/4", "st0=1 st1=1", "st0=3ffe:c90fdaa22168c235 top=1 fsw=0a20"),
                c("d9 f3 ; fpatan(+0, -1) = pi", "st0=-1 st1=0", "st0=4000:c90fdaa22168c235 top=1 fsw=0a20"),
                c("d9 f3 ; fpatan(-0, -1) = -pi", "st0=-1 st1=-0", "st0=c000:c90fdaa22168c235 top=1 fsw=0a20"),
                c("d9 f3 ; fpatan(-0, +0) = -0", "st0=0 st1=-0", "st0=-0 top=1 fsw=0800"),
                c("d9 f3 ; fpatan(inf, -inf) = 3pi/4", "st0=-inf st1=inf", "st0=4000:96cbe3f9990e91a8 top=1 fsw=0a20"),
                c("d9 f3 ; fpatan(denormal, 0) = pi/2 with #D", "st0=0 st1=0000:0000000000001234",
                        "st0=3fff:c90fdaa22168c235 top=1 fsw=0a22"));
    }

    @TestFactory
    Stream<DynamicTest> remainderScaleExtract() {
        return X87Judge.p32(
                c("d9 f8 ; fprem 7 rem 3: Q = 2", "st0=7 st1=3", "st0=1 st1=3 fsw=4000"),
                c("d9 f8 ; fprem 10 rem 3: Q = 3", "st0=10 st1=3", "st0=1 fsw=4200"),
                c("d9 f8 ; fprem -7 rem 3: sign of the dividend", "st0=-7 st1=3", "st0=-1 fsw=4000"),
                c("d9 f8 ; fprem 6 rem 3: zero remainder", "st0=6 st1=3", "st0=0 fsw=4000"),
                c("d9 f8 ; fprem 2 rem 3: Q = 0", "fsw=4700 st0=2 st1=3", "st0=2 fsw=0000"),
                c("d9 f5 ; fprem1 11 rem 3: Q rounds to 4", "st0=11 st1=3", "st0=-1 fsw=0100"),
                c("d9 f5 ; fprem1 10 rem 3: Q = 3", "st0=10 st1=3", "st0=1 fsw=4200"),
                c("d9 f5 ; fprem1 1.5 rem 1: a tie rounds Q to even (2)", "st0=1.5 st1=1", "st0=-0.5 fsw=4000"),
                c("d9 f5 ; fprem1 2.5 rem 1: a tie rounds Q to even (2)", "st0=2.5 st1=1", "st0=0.5 fsw=4000"),
                c("d9 f8 ; fprem 1e30 rem 3: partial (C2)", "st0=1e30 st1=3", "st0=403d:8cea000000000000 fsw=0400"),
                c("d9 f5 ; fprem1 1e30 rem 3: partial (C2)", "st0=1e30 st1=3", "st0=403d:8cea000000000000 fsw=0400"),
                c("d9 f8 ; fprem by zero is invalid", "st0=1 st1=0", "st0=ind fsw=0001"),
                c("d9 f8 ; fprem of infinity is invalid", "st0=inf st1=3", "st0=ind fsw=0001"),
                c("d9 f8 ; fprem by infinity: the dividend", "st0=-5 st1=-inf", "st0=-5 fsw=0000"),
                c("d9 f8 ; fprem: empty ST(1), masked: indefinite, C2 and C1 cleared", "fsw=0700 st0=5", "st0=ind fsw=0141"),
                c("d9 fd ; fscale 1.5 * 2^3.7", "st0=1.5 st1=3.7", "st0=12 fsw=0000"),
                c("d9 fd ; fscale 1 * 2^-1.5", "st0=1 st1=-1.5", "st0=0.5 fsw=0000"),
                c("d9 fd ; fscale 0 * 2^inf is invalid", "st0=0 st1=inf", "st0=ind fsw=0001"),
                c("d9 fd ; fscale x * 2^-inf is 0", "st0=-3 st1=-inf", "st0=-0 fsw=0000"),
                c("d9 fd ; fscale overflow, masked", "st0=1 st1=20000", "st0=inf fsw=0228"),
                c("d9 fd ; fscale underflow to a denormal", "st0=1 st1=-16400", "st0=0000:0000200000000000 fsw=0000"),
                c("d9 f4 ; fxtract 12", "st0=12", "st0=1.5 st1=3 top=7 fsw=3800"),
                c("d9 f4 ; fxtract -0.375", "st0=-0.375", "st0=-1.5 st1=-2 top=7 fsw=3800"),
                c("d9 f4 ; fxtract -0: #Z, exponent -inf", "st0=-0", "st0=-0 st1=-inf top=7 fsw=3804"),
                c("d9 f4 ; fxtract inf: exponent +inf", "st0=-inf", "st0=-inf st1=inf top=7 fsw=3800"),
                c("d9 f4 ; fxtract of a denormal normalizes it", "st0=0000:0000000000000001", "st0=1 st1=-16445 top=7 fsw=3802"),
                c("d9 fc ; frndint 2.5 to nearest even", "st0=2.5", "st0=2 fsw=0020"),
                c("d9 fc ; frndint 2.5 up", "fcw=0b7f st0=2.5", "st0=3 fsw=0220"),
                c("d9 fc ; frndint -0.4 is -0", "st0=-0.4", "st0=-0 fsw=0020"),
                c("d9 fc ; frndint of an integer is exact", "st0=-7", "st0=-7 fsw=0000"),
                c("d9 fc ; frndint 2^70 is itself", "st0=4045:c000000000000001", "st0=4045:c000000000000001 fsw=0000"));
    }
}
