package org.jemu.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Listener event order: replay on register and unregister, deletions before additions, priorities, begin/commit. */
class MemoryListenerTest {

    record Logger(String tag, int priority, List<String> log) implements MemoryListener {
        @Override
        public void begin() {
            log.add(tag + " begin");
        }

        @Override
        public void commit() {
            log.add(tag + " commit");
        }

        @Override
        public void regionAdd(MemoryRegionSection s) {
            log.add(tag + " add " + describe(s));
        }

        @Override
        public void regionDel(MemoryRegionSection s) {
            log.add(tag + " del " + describe(s));
        }

        @Override
        public void logStart(MemoryRegionSection s, int oldMask, int newMask) {
            log.add(tag + " logStart " + describe(s) + " " + oldMask + "->" + newMask);
        }

        @Override
        public void logStop(MemoryRegionSection s, int oldMask, int newMask) {
            log.add(tag + " logStop " + describe(s) + " " + oldMask + "->" + newMask);
        }

        static String describe(MemoryRegionSection s) {
            return s.region().name() + "@" + Long.toHexString(s.offsetWithinAddressSpace()) + "+"
                    + Long.toHexString(s.size()) + (s.offsetWithinRegion() != 0 ? "/" + Long.toHexString(s.offsetWithinRegion()) : "");
        }
    }

    @Test
    void registeringReplaysTheViewAndUnregisteringDeletesIt() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        root.addSubregion(0, MemoryRegion.ram("low", 0x2000));
        root.addSubregion(0x8000, MemoryRegion.ram("high", 0x1000));
        AddressSpace as = sys.createAddressSpace("mem", root);
        List<String> log = new ArrayList<>();
        Logger l = new Logger("L", 0, log);
        sys.addListener(l, as);
        assertEquals(List.of("L begin", "L add low@0+2000", "L add high@8000+1000", "L commit"), log);
        log.clear();
        sys.removeListener(l);
        assertEquals(List.of("L begin", "L del low@0+2000", "L del high@8000+1000", "L commit"), log);
        log.clear();
        root.addSubregion(0x20000, MemoryRegion.ram("later", 0x1000));
        assertEquals(List.of(), log);
    }

    @Test
    void deletionsComeFirstInReversePriorityThenAdditionsInPriorityOrder() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        MemoryRegion ram = MemoryRegion.ram("ram", 0x4000);
        MemoryRegion vga = MemoryRegion.ram("vga", 0x1000);
        root.addSubregion(0, ram);
        AddressSpace as = sys.createAddressSpace("mem", root);
        List<String> log = new ArrayList<>();
        sys.addListener(new Logger("hi", 10, log), as);
        sys.addListener(new Logger("lo", 1, log), as);
        log.clear();

        // overlaying vga in the middle splits ram: ram is deleted and re-added in two pieces around vga
        root.addSubregionOverlap(0x1000, vga, 1);
        assertEquals(List.of(
                "lo begin", "hi begin",
                "hi del ram@0+4000", "lo del ram@0+4000",
                "lo add ram@0+1000", "hi add ram@0+1000",
                "lo add vga@1000+1000", "hi add vga@1000+1000",
                "lo add ram@2000+2000/2000", "hi add ram@2000+2000/2000",
                "lo commit", "hi commit"), log);
        log.clear();

        vga.setDirtyLogging(DirtyClient.DISPLAY, true);
        assertEquals(List.of("lo begin", "hi begin",
                "lo logStart vga@1000+1000 0->1", "hi logStart vga@1000+1000 0->1",
                "lo commit", "hi commit"), log);
        log.clear();
        vga.setDirtyLogging(DirtyClient.DISPLAY, false);
        assertEquals(List.of("lo begin", "hi begin",
                "hi logStop vga@1000+1000 1->0", "lo logStop vga@1000+1000 1->0",
                "lo commit", "hi commit"), log);
    }

    @Test
    void aTransactionRendersOnceAtTheOutermostCommitAndOnlyChangedSpaces() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        MemoryRegion other = MemoryRegion.container("io", 0x10000);
        AddressSpace as = sys.createAddressSpace("mem", root);
        AddressSpace io = sys.createAddressSpace("io", other);
        List<String> log = new ArrayList<>();
        sys.addListener(new Logger("L", 0, log), as);
        log.clear();
        long gen = as.generation();
        long ioGen = io.generation();
        MemoryRegion a = MemoryRegion.ram("a", 0x1000);
        MemoryRegion b = MemoryRegion.ram("b", 0x1000);
        sys.begin();
        root.addSubregion(0, a);
        sys.begin();
        root.addSubregion(0x1000, b);
        a.setAddress(0x3000);
        sys.commit();
        assertEquals(List.of(), log);
        assertEquals(gen, as.generation());
        assertEquals(null, as.sectionAt(0x3000));
        sys.commit();
        assertEquals(List.of("L begin", "L add b@1000+1000", "L add a@3000+1000", "L commit"), log);
        assertEquals(gen + 1, as.generation());
        assertEquals(ioGen, io.generation());
    }

    @Test
    void changesThatLeaveTheViewAloneKeepTheGeneration() {
        MemorySystem sys = new MemorySystem();
        MemoryRegion root = MemoryRegion.container("root", 0x100000);
        MemoryRegion hidden = MemoryRegion.ram("hidden", 0x1000);
        root.addSubregionOverlap(0, MemoryRegion.ram("top", 0x4000), 5);
        root.addSubregion(0x1000, hidden);
        AddressSpace as = sys.createAddressSpace("mem", root);
        long gen = as.generation();
        hidden.setEnabled(false);
        hidden.setAddress(0x2000);
        assertEquals(gen, as.generation());
        hidden.setAddress(0x8000);
        assertEquals(gen, as.generation());
        hidden.setEnabled(true);
        assertEquals(gen + 1, as.generation());
    }
}
