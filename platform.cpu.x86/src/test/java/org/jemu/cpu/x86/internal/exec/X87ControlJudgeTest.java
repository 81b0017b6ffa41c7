package org.jemu.cpu.x86.internal.exec;

import static org.jemu.cpu.x86.internal.exec.X87Judge.c;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The x87 control instructions (FNINIT, FNCLEX, FLDCW/FNSTCW, FNSTSW, FNSTENV/FLDENV and FNSAVE/FRSTOR in their
 * four layouts), #NM (CR0.EM, CR0.TS, WAIT with TS and MP), pending exceptions reported as #MF (CR0.NE) or on FERR#,
 * #UD for reserved encodings, the instruction and operand pointers, and faults that leave the x87 state alone.
 */
class X87ControlJudgeTest {

    /** FCW 0B72 (IM, ZM, OM clear), FSW C3 C0 PE with TOP 5, ST(0) 1 (valid), ST(1) 0 (zero), ST(2) inf (special). */
    private static final String ENV_STATE = "fcw=0b72 fsw=6920 st0=1 st1=0 st2=inf fip=12345 fop=5d8 fdp=6789a";

    @TestFactory
    Stream<DynamicTest> controlWords() {
        return X87Judge.p32(
                c("db e3 ; fninit", "fcw=0040 fsw=ffff st0=1 st5=2", "fcw=037f fsw=0000 ftw=ffff fip=0 fop=0"),
                c("db e2 ; fnclex: flags, SF, ES and B cleared, TOP and codes kept", "fcw=0360 fsw=7fff",
                        "fsw=7f00"),
                c("d9 2b ; fldcw [ebx]: bit 6 reads as one, 13-15 as zero", "ebx=8000 m16@8000=0", "fcw=0040"),
                c("d9 2b ; fldcw [ebx]: bit 12 (X) is kept", "ebx=8000 m16@8000=ffff", "fcw=1f7f"),
                c("d9 3b ; fnstcw [ebx]", "fcw=0e72 ebx=8000", "m16@8000=0e72"),
                c("dd 3b ; fnstsw [ebx]", "fsw=4321 fcw=037f ebx=8000", "m16@8000=4321"),
                c("df e0 ; fnstsw ax: ES and B follow unmasked flags", "fsw=0001 fcw=037e", "ax=8081"),
                c("d9 2b ; fldcw [ebx]: unmasking a set flag makes it pending (ES, B)", "fsw=0004 ebx=8000 m16@8000=037b",
                        "fsw=8084"),
                c("d9 2b d9 e8 ; fldcw unmasks #Z, the next waiting instruction faults", "fsw=0004 ebx=8000 m16@8000=037b steps=2",
                        "#MF at=7002 fcw=037b st0=empty"));
    }

    @TestFactory
    Stream<DynamicTest> environmentProtectedMode() {
        return X87Judge.p32(
                c("d9 33 ; fnstenv [ebx]: 32-bit layout, then all exceptions masked", ENV_STATE + " ebx=8000",
                        "b@8000=720bffff2069ffffff93ffff4523010000 00d805 9a780600 0000ffff".replace(" ", "") + " fcw=0b7f"),
                c("66 d9 33 ; fnstenv [ebx]: 16-bit layout", ENV_STATE + " ebx=8000",
                        "b@8000=720b2069ff93452300009a780000 fcw=0b7f"),
                c("d9 23 ; fldenv [ebx]: 32-bit layout; only empty tags count",
                        "ebx=8000 st0=1 b@8000=7f03ffff0000ffffff3fffff785634120800d805dcfe00001000ffff",
                        "fcw=037f fsw=0000 ftw=7fff fip=12345678 fcs=8 fop=5d8 fdp=fedc fds=10 st0=empty st7=0"),
                c("66 d9 23 ; fldenv [ebx]: 16-bit layout",
                        "ebx=8000 b@8000=72030038fc7f3412080078561000",
                        "fcw=0372 fsw=3800 top=7 fip=1234 fcs=8 fdp=5678 fds=10"),
                c("d9 23 d9 e8 ; fldenv with a pending exception: the next waiting instruction faults",
                        "ebx=8000 b@8000=7e03ffff0100ffffffffffff steps=2", "fsw=8081 #MF at=7002"),
                c("dd 33 ; fnsave [ebx]: environment, ST(0)-ST(7), then FNINIT", ENV_STATE + " ebx=8000",
                        "b@8000=720bffff2069ffffff93ffff452301000000d8059a7806000000ffff"
                                + " m80@801c=1 m80@8026=0 m80@8030=inf fcw=037f fsw=0000 ftw=ffff top=0"),
                c("66 dd 33 ; fnsave [ebx]: 16-bit layout", ENV_STATE + " ebx=8000",
                        "b@8000=720b2069ff93452300009a780000 m80@800e=1 m80@8018=0 m80@8022=inf fcw=037f"),
                c("dd 23 ; frstor [ebx]",
                        "ebx=8000 b@8000=7f03ffff0030ffffff0fffff00000000000000000000000000000000 m80@801c=2.5 m80@8026=-1",
                        "fcw=037f fsw=3000 top=6 st0=2.5 st1=-1 st2=empty ftw=0fff"),
                c("dd 23 ; frstor [ebx]: the registers follow the loaded TOP",
                        "ebx=8000 b@8000=7f03ffff0008ffff0000ffff00000000000000000000000000000000 m80@801c=7 m80@8026=8",
                        "top=1 st0=7 st1=8 st7=0"));
    }

    @TestFactory
    Stream<DynamicTest> environmentRealMode() {
        return X87Judge.real(
                c("d9 37 ; fnstenv [bx]: 16-bit real-mode layout (20-bit linear pointers, FOP beside FIP)",
                        ENV_STATE + " ebx=100", "b@100=720b2069ff934523d8159a780060 fcw=0b7f"),
                c("66 d9 37 ; fnstenv [bx]: 32-bit real-mode layout", ENV_STATE + " ebx=100",
                        "b@100=720bffff2069ffffff93ffff4523ffffd81500009a78ffff00600000"),
                c("d9 27 ; fldenv [bx]: 16-bit real-mode layout", "ebx=100 b@100=7f030000ffff4523d8159a780060",
                        "fcw=037f fip=12345 fop=5d8 fdp=6789a"),
                c("d8 07 ; fadd dword [bx]: FIP and FDP as CS and DS offsets", "ebx=100 m32@100=3f800000 st0=1",
                        "st0=2 fip=7000 fcs=0 fdp=100 fds=0 fop=007"));
    }

    @TestFactory
    Stream<DynamicTest> environmentLongMode() {
        return X87Judge.l64(
                c("d9 33 ; fnstenv [rbx]: the 32-bit layout holds the low halves of the pointers",
                        "fip=123456789a fdp=fedcba9876 fop=1 ebx=8000",
                        "b@8000=7f03ffff0000ffffffffffff9a785634000001007698badc0000ffff"),
                c("dc 03 ; fadd qword [rbx]: 64-bit FIP and FDP", "ebx=8000 m64@8000=3ff0000000000000 st0=1",
                        "st0=2 fip=7000 fdp=8000 fop=403"));
    }

    @TestFactory
    Stream<DynamicTest> deviceNotAvailable() {
        return X87Judge.p32(
                c("d9 e8 ; fld1 with CR0.EM: #NM", "cr0+=4", "#NM st0=empty"),
                c("d9 e8 ; fld1 with CR0.TS: #NM", "cr0+=8", "#NM st0=empty"),
                c("db e3 ; fninit with CR0.TS: #NM (no-wait control instructions too)", "cr0+=8 fcw=0040", "#NM fcw=0040"),
                c("9b ; wait with CR0.TS alone: no fault", "cr0+=8", "rip=7001"),
                c("9b ; wait with CR0.TS and CR0.MP: #NM", "cr0+=a", "#NM"),
                c("9b ; wait with CR0.EM alone: no fault", "cr0+=4", "rip=7001"),
                c("d9 e8 ; fld1 with CR0.MP alone: runs", "cr0+=2", "st0=1"));
    }

    @TestFactory
    Stream<DynamicTest> pendingExceptions() {
        return X87Judge.p32(
                c("d9 e8 ; fld1 with a pending unmasked exception: #MF, nothing done", "fcw=037e fsw=0001", "#MF st0=empty fsw=8081"),
                c("9b ; wait with a pending unmasked exception: #MF", "fcw=037e fsw=0001", "#MF fsw=8081"),
                c("9b ; wait with only masked flags: nothing", "fsw=003f", "rip=7001"),
                c("df e0 ; fnstsw ax does not wait", "fcw=037e fsw=0001", "ax=8081"),
                c("db e2 ; fnclex does not wait and clears it", "fcw=037e fsw=0001", "fsw=0000"),
                c("d9 3b ; fnstcw does not wait", "fcw=037e fsw=0001 ebx=8000", "m16@8000=037e"),
                c("d9 2b ; fldcw waits", "fcw=037e fsw=0001 ebx=8000 m16@8000=037f", "#MF fcw=037e"),
                c("d8 f1 d9 e8 ; an unmasked #Z is reported at the next waiting instruction",
                        "fcw=037b st0=1 st1=0 steps=2", "#MF at=7002 fsw=8084 st0=1 fop=0f1 fip=7000"),
                c("d9 e8 ; CR0.NE clear: FERR# is raised and the instruction runs", "cr0-=20 fcw=037e fsw=0001",
                        "ferr=1 st0=1"),
                c("d9 e8 db e2 ; FNCLEX lowers FERR#", "cr0-=20 fcw=037e fsw=0001 steps=2", "ferr=0 st0=1 fsw=3800"),
                c("d9 e8 db e3 ; FNINIT lowers FERR#", "cr0-=20 fcw=037e fsw=0001 steps=2", "ferr=0 st0=empty fsw=0000"),
                c("dd 2b ; a reserved encoding is #UD before a pending #MF", "fcw=037e fsw=0001", "#UD"));
    }

    @TestFactory
    Stream<DynamicTest> invalidEncodings() {
        return X87Judge.p32(
                c("d9 d1 ; reserved", "", "#UD"),
                c("d9 0b ; reserved memory form", "ebx=8000", "#UD"),
                c("db 0b ; fisttp (SSE3, not advertised)", "ebx=8000 st0=1", "#UD st0=1"),
                c("dd 0b ; fisttp qword", "ebx=8000 st0=1", "#UD"),
                c("df 0b ; fisttp word", "ebx=8000 st0=1", "#UD"),
                c("db 23 ; reserved", "ebx=8000", "#UD"),
                c("de d8 ; reserved", "", "#UD"),
                c("df e1 ; reserved", "", "#UD"),
                c("db e0 ; fneni: a no-op since the 387", "fsw=0200", "fsw=0200"),
                c("db e4 ; fnsetpm: a no-op", "", "fsw=0000"));
    }

    @TestFactory
    Stream<DynamicTest> pointers() {
        return X87Judge.p32(
                c("d8 03 ; fadd dword [ebx]: FIP, FCS, FOP, FDP, FDS", "ebx=8000 m32@8000=3f800000 st0=1",
                        "st0=2 fip=7000 fcs=8 fop=003 fdp=8000 fds=10"),
                c("3e d8 03 ; with a prefix FIP is the first prefix byte", "ebx=8000 m32@8000=3f800000 st0=1", "fip=7000"),
                c("d9 c9 ; fxch: register forms keep FDP", "fdp=abcd st0=1 st1=2", "fip=7000 fop=1c9 fdp=abcd"),
                c("d9 3b ; fnstcw: control instructions keep the pointers", "fip=1234 fop=55 fdp=abcd ebx=8000",
                        "fip=1234 fop=55 fdp=abcd m16@8000=037f"),
                c("d8 03 ; fadd: an unmasked exception records the instruction too", "fcw=037e ebx=8000 m32@8000=7fa00000 st0=inf",
                        "st0=inf fsw=8081 fip=7000 fop=003 fdp=8000"));
    }

    @TestFactory
    Stream<DynamicTest> faultsLeaveTheStateAlone() {
        return X87Judge.l64(
                c("dd 1b ; fstp qword [rbx] to an absent page: #PF, nothing popped", "ebx=50000 st0=1 fsw=0200",
                        "#PF st0=1 top=0 fsw=0200"),
                c("dd 03 ; fld qword [rbx] from an absent page: #PF, nothing pushed", "ebx=50000 st0=1", "#PF top=0"),
                c("dd 33 ; fnsave [rbx] to a read-only page: #PF, no FNINIT", "ebx=51000 st0=1 fcw=0272",
                        "#PF fcw=0272 st0=1"));
    }
}
