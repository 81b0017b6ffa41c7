package org.jemu.core.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryAndSmpTest {
    private static final long MIB = 1L << 20;

    private static MemorySpec memory(String arg) throws CliException {
        return CommandLineParser.parse("-m", arg).memory().orElseThrow();
    }

    private static SmpSpec smp(String arg) throws CliException {
        return CommandLineParser.parse("-smp", arg).smp().orElseThrow();
    }

    private static String error(String... args) {
        return assertThrows(CliException.class, () -> CommandLineParser.parse(args)).getMessage();
    }

    @Test
    void bareMemorySizeIsMebibytes() throws CliException {
        assertEquals(256 * MIB, memory("256").size());
    }

    @Test
    void memorySizeWithSuffixOrKey() throws CliException {
        assertEquals(256 * MIB, memory("256M").size());
        assertEquals(2048 * MIB, memory("2G").size());
        assertEquals(2048 * MIB, memory("size=2G").size());
        assertEquals(512 * MIB, memory("size=512").size());
    }

    @Test
    void memorySizeIsRoundedUpTo8KiB() throws CliException {
        assertEquals(8192, memory("1B").size());
    }

    @Test
    void memoryWithHotplugSlots() throws CliException {
        MemorySpec spec = memory("size=1G,slots=4,maxmem=4G");

        assertEquals(4, spec.slots());
        assertEquals(4L << 30, spec.maxMem());
    }

    @Test
    void lastMemoryOptionWins() throws CliException {
        assertEquals(512 * MIB, CommandLineParser.parse("-m", "256", "-m", "512").memory().orElseThrow().size());
    }

    @Test
    void memoryErrorsNameTheOption() {
        assertEquals("jemu: -m: RAM size must be greater than zero", error("-m", "0"));
        assertEquals("jemu: -m: invalid RAM size 'lots'", error("-m", "lots"));
        assertEquals("jemu: -m: invalid RAM size '12Q'", error("-m", "12Q"));
        assertEquals("jemu: -m: missing 'size' value", error("-m", "slots=2"));
        assertEquals("jemu: -m: invalid parameter 'foo'", error("-m", "1G,foo=1"));
        assertTrue(error("-m", "size=4G,slots=2,maxmem=1G").startsWith("jemu: -m: maxmem"));
        assertTrue(error("-m", "size=1G,slots=2").startsWith("jemu: -m: memory slots were specified"));
    }

    @Test
    void smpBareNumberIsCpusAsCores() throws CliException {
        assertEquals(new SmpSpec(2, 1, 1, 2, 1, 2), smp("2"));
    }

    @Test
    void smpFullTopology() throws CliException {
        assertEquals(new SmpSpec(4, 2, 1, 2, 2, 8), smp("cpus=4,sockets=2,cores=2,threads=2,maxcpus=8"));
    }

    @Test
    void smpComputesMissingValues() throws CliException {
        assertEquals(new SmpSpec(8, 2, 1, 4, 1, 8), smp("8,sockets=2"));
        assertEquals(new SmpSpec(8, 4, 1, 2, 1, 8), smp("8,cores=2"));
        assertEquals(new SmpSpec(4, 1, 1, 2, 2, 4), smp("sockets=1,cores=2,threads=2"));
    }

    @Test
    void smpRejectsInconsistentTopology() {
        assertTrue(error("-smp", "cpus=4,sockets=1,cores=2,threads=1")
                .startsWith("jemu: -smp: invalid CPU topology: product of the hierarchy must match maxcpus"));
        assertTrue(error("-smp", "cpus=8,maxcpus=4")
                .startsWith("jemu: -smp: invalid CPU topology: maxcpus must be equal to or greater than smp"));
        assertEquals("jemu: -smp: CPU topology parameter 'cores' must be greater than zero", error("-smp", "2,cores=0"));
        assertEquals("jemu: -smp 2: parameter 'cores': 'x' is not a number", error("-smp", "2,cores=x"));
        assertEquals("jemu: -smp 2: invalid parameter 'books'", error("-smp", "2,books=1"));
    }
}
