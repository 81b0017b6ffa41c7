package org.jemu.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Property test: random region trees (containers, RAM, ROM, I/O, reservations, aliases of leaves and of whole
 * subtrees, priorities, overlaps, disabled regions, moves, alias offset changes, removals, readonly flags), some
 * placed across the top of the 64-bit space, checked address by address against a brute-force reference that walks
 * the tree for each address. Also checks that a listener's running section set always equals the view.
 */
class RandomTreeDispatchTest {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final int SEEDS = 400;

    /** I/O ops that remember the last offset they were called with. */
    static final class RecordingOps implements MemoryRegionOps {
        long lastOffset = -1;

        @Override
        public long read(long offset, int size) {
            lastOffset = offset;
            return 0x5a;
        }

        @Override
        public void write(long offset, int size, long value) {
            lastOffset = offset;
        }
    }

    /** What serves an address according to the reference walk. */
    record Served(MemoryRegion region, long offset, boolean readonly) {
    }

    /** A listener keeping the set of live sections. */
    static final class Mirror implements MemoryListener {
        final Set<MemoryRegionSection> live = new HashSet<>();

        @Override
        public void regionAdd(MemoryRegionSection s) {
            assertTrue(live.add(s), () -> "added twice: " + s);
        }

        @Override
        public void regionDel(MemoryRegionSection s) {
            assertTrue(live.remove(s), () -> "deleted but not live: " + s);
        }
    }

    static final class World {
        final Random rnd;
        final Map<MemoryRegion, Long> seq = new IdentityHashMap<>();
        final List<MemoryRegion> completed = new ArrayList<>();
        final List<MemoryRegion> placed = new ArrayList<>();
        final List<MemoryRegion> aliases = new ArrayList<>();
        final List<RecordingOps> ops = new ArrayList<>();
        final List<RamBlock> blocks = new ArrayList<>();
        long counter;
        int names;

        World(long seed) {
            rnd = new Random(seed);
        }

        long offset() {
            return rnd.nextInt(8) == 0 ? rnd.nextInt(0x40) * 0x1000L : rnd.nextInt(0x30000);
        }

        MemoryRegion terminal() {
            String name = "r" + names++;
            MemoryRegion mr = switch (rnd.nextInt(6)) {
                case 0, 1 -> MemoryRegion.ram(name, 0x1000L * (1 + rnd.nextInt(8)));
                case 2 -> MemoryRegion.rom(name, 0x1000L * (1 + rnd.nextInt(3)));
                case 3, 4 -> {
                    RecordingOps o = new RecordingOps();
                    ops.add(o);
                    yield MemoryRegion.io(name, 1 + rnd.nextInt(0x6000), o);
                }
                default -> MemoryRegion.reservation(name, 1 + rnd.nextInt(0x3000));
            };
            if (mr.ramBlock() != null) {
                blocks.add(mr.ramBlock());
                int tag = names * 37;
                for (long o = 0; o < mr.ramBlock().size(); o++) {
                    mr.ramBlock().segment().set(ValueLayout.JAVA_BYTE, o, (byte) (tag + o * 7 + (o >>> 8)));
                }
            }
            if (mr.kind() == MemoryRegion.Kind.RAM && rnd.nextInt(8) == 0) mr.setReadonly(true);
            return mr;
        }

        MemoryRegion region(int depth) {
            int pick = rnd.nextInt(10);
            MemoryRegion mr;
            if (depth < 3 && pick < 3) {
                mr = MemoryRegion.container("c" + names++, 0x1000L + rnd.nextInt(0x40000));
                int n = rnd.nextInt(5);
                for (int i = 0; i < n; i++) add(mr, region(depth + 1));
                if (rnd.nextInt(10) == 0) mr.setReadonly(true);
            } else if (pick < 5) {
                MemoryRegion target = !completed.isEmpty() && rnd.nextBoolean()
                        ? completed.get(rnd.nextInt(completed.size())) : region(depth + 1);
                mr = MemoryRegion.alias("a" + names++, target, rnd.nextInt(0x4000), 1 + rnd.nextInt(0x10000));
                aliases.add(mr);
            } else {
                mr = terminal();
            }
            if (rnd.nextInt(12) == 0) mr.setEnabled(false);
            completed.add(mr);
            return mr;
        }

        void add(MemoryRegion container, MemoryRegion child) {
            seq.put(child, counter++);
            container.addSubregionOverlap(offset(), child, rnd.nextInt(5) - 2);
            placed.add(child);
        }

        void mutate(MemoryRegion top) {
            switch (rnd.nextInt(6)) {
                case 0 -> {
                    if (!placed.isEmpty()) {
                        MemoryRegion mr = placed.get(rnd.nextInt(placed.size()));
                        mr.setEnabled(!mr.isEnabled());
                    }
                }
                case 1 -> {
                    if (!placed.isEmpty()) placed.get(rnd.nextInt(placed.size())).setAddress(offset());
                }
                case 2 -> {
                    if (!aliases.isEmpty()) aliases.get(rnd.nextInt(aliases.size())).setAliasOffset(rnd.nextInt(0x4000));
                }
                case 3 -> {
                    if (!placed.isEmpty()) {
                        MemoryRegion mr = placed.remove(rnd.nextInt(placed.size()));
                        mr.container().removeSubregion(mr);
                    }
                }
                case 4 -> add(top, region(1));
                default -> {
                    if (!placed.isEmpty()) {
                        MemoryRegion mr = placed.get(rnd.nextInt(placed.size()));
                        mr.setReadonly(!mr.isReadonly() && mr.kind() != MemoryRegion.Kind.ROM);
                    }
                }
            }
        }

        /** The reference: walk the tree for one address. */
        Served serve(MemoryRegion mr, BigInteger base, BigInteger x, boolean readonly) {
            if (!mr.isEnabled()) return null;
            base = base.add(u(mr.address()));
            BigInteger size = mr.size() == 0 ? TWO_64 : u(mr.size());
            if (x.compareTo(base) < 0 || x.compareTo(base.add(size)) >= 0) return null;
            readonly |= mr.isReadonly();
            if (mr.kind() == MemoryRegion.Kind.ALIAS) {
                MemoryRegion t = mr.aliasTarget();
                // the target is seen from its own offset 0, wherever it is placed
                return serve(t, base.subtract(u(mr.aliasOffset())).subtract(u(t.address())), x, readonly);
            }
            List<MemoryRegion> kids = new ArrayList<>(mr.subregions());
            kids.sort(Comparator.comparingInt(MemoryRegion::priority).reversed()
                    .thenComparing(k -> -seq.getOrDefault(k, 0L)));
            for (MemoryRegion k : kids) {
                Served s = serve(k, base, x, readonly);
                if (s != null) return s;
            }
            if (mr.kind() == MemoryRegion.Kind.CONTAINER) return null;
            return new Served(mr, x.subtract(base).longValueExact(), readonly);
        }

        /** Region edges in absolute coordinates (through aliases), as probe points. */
        void edges(MemoryRegion mr, BigInteger base, Set<BigInteger> out, int depth) {
            if (depth > 12) return;
            base = base.add(u(mr.address()));
            BigInteger size = mr.size() == 0 ? TWO_64 : u(mr.size());
            for (BigInteger e : new BigInteger[] {base, base.add(size)}) {
                out.add(e);
                out.add(e.subtract(BigInteger.ONE));
                out.add(e.add(BigInteger.ONE));
            }
            if (mr.kind() == MemoryRegion.Kind.ALIAS) {
                MemoryRegion t = mr.aliasTarget();
                edges(t, base.subtract(u(mr.aliasOffset())).subtract(u(t.address())), out, depth + 1);
            }
            for (MemoryRegion k : mr.subregions()) edges(k, base, out, depth + 1);
        }
    }

    static BigInteger u(long v) {
        return v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(TWO_64);
    }

    @Test
    void dispatchMatchesReferenceWalkForRandomTrees() {
        long probes = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            World w = new World(seed);
            MemorySystem sys = new MemorySystem();
            MemoryRegion root = MemoryRegion.container("root", 0);
            boolean nearTop = seed % 4 == 0;
            MemoryRegion top = MemoryRegion.container("top", nearTop ? 0x30000 : 0x80000);
            root.addSubregion(nearTop ? -0x18000L : 0, top);
            int n = 3 + w.rnd.nextInt(6);
            for (int i = 0; i < n; i++) w.add(top, w.region(1));
            AddressSpace as = sys.createAddressSpace("as", root);
            Mirror mirror = new Mirror();
            sys.addListener(mirror, as);
            try {
                probes += check(w, sys, as, root, seed, 0);
                for (int round = 1; round <= 3; round++) {
                    long gen = as.generation();
                    List<MemoryRegionSection> before = as.sections();
                    boolean txn = w.rnd.nextBoolean();
                    if (txn) sys.begin();
                    for (int m = 0; m < 1 + w.rnd.nextInt(4); m++) w.mutate(top);
                    if (txn) sys.commit();
                    List<MemoryRegionSection> after = as.sections();
                    if (txn) {
                        assertEquals(!before.equals(after), as.generation() != gen, "generation moves iff the view changed");
                        assertTrue(as.generation() - gen <= 1, "one render per transaction");
                    } else if (!before.equals(after)) {
                        assertTrue(as.generation() != gen, "generation moves when the view changed");
                    }
                    assertEquals(new HashSet<>(after), mirror.live, "listener mirror, seed " + seed);
                    probes += check(w, sys, as, root, seed, round);
                }
            } finally {
                w.blocks.forEach(RamBlock::close);
            }
        }
        assertTrue(probes > SEEDS * 100L, "probed " + probes + " addresses");
    }

    private static long check(World w, MemorySystem sys, AddressSpace as, MemoryRegion root, long seed, int round) {
        Set<BigInteger> points = new TreeSet<>();
        w.edges(root, BigInteger.ZERO, points, 0);
        MemoryRegionSection prev = null;
        for (MemoryRegionSection sec : as.sections()) {
            assertTrue(sec.size() != 0 && Long.compareUnsigned(sec.lastAddress(), sec.offsetWithinAddressSpace()) >= 0,
                    "empty or inverted section " + sec);
            if (prev != null) {
                assertTrue(Long.compareUnsigned(prev.lastAddress(), sec.offsetWithinAddressSpace()) < 0,
                        "overlapping or unsorted sections " + prev + ", " + sec);
                assertTrue(prev.lastAddress() + 1 != sec.offsetWithinAddressSpace() || prev.region() != sec.region()
                        || prev.offsetWithinRegion() + prev.size() != sec.offsetWithinRegion()
                        || prev.readonly() != sec.readonly(), "not simplified: " + prev + ", " + sec);
            }
            assertEquals(sec, as.sectionAt(sec.offsetWithinAddressSpace()));
            assertEquals(sec, as.sectionAt(sec.lastAddress()));
            points.add(u(sec.offsetWithinAddressSpace()));
            points.add(u(sec.lastAddress()));
            prev = sec;
        }
        BigInteger base = u(root.subregions().getFirst().address());
        for (int i = 0; i < 300; i++) points.add(base.add(BigInteger.valueOf(w.rnd.nextInt(0x90000))));
        long probes = 0;
        for (BigInteger p : points) {
            if (p.signum() < 0 || p.compareTo(TWO_64) >= 0) continue;
            long addr = p.longValue();
            Served want = w.serve(root, BigInteger.ZERO, p, false);
            MemoryRegionSection got = as.sectionAt(addr);
            String where = "seed " + seed + " round " + round + " at " + Long.toHexString(addr);
            if (want == null) {
                if (got != null) fail(where + ": expected unassigned, view has " + got + "\n" + sys.mtree() + sys.flatViews());
                long before = sys.unassignedAccesses();
                assertEquals(0xffL, as.read(addr, 1), where);
                assertEquals(before + 1, sys.unassignedAccesses(), where);
                probes++;
                continue;
            }
            if (got == null || got.region() != want.region()
                    || got.offsetWithinRegion() + (addr - got.offsetWithinAddressSpace()) != want.offset()
                    || got.readonly() != want.readonly()) {
                fail(where + ": expected " + want.region().name() + "@" + Long.toHexString(want.offset())
                        + (want.readonly() ? " ro" : "") + ", view has " + got + "\n" + sys.mtree() + sys.flatViews());
            }
            checkAccess(w, sys, as, want, addr, where);
            probes++;
        }
        return probes;
    }

    private static void checkAccess(World w, MemorySystem sys, AddressSpace as, Served want, long addr, String where) {
        MemoryRegion mr = want.region();
        switch (mr.kind()) {
            case RAM, ROM -> {
                byte b = mr.ramBlock().segment().get(ValueLayout.JAVA_BYTE, want.offset());
                assertEquals(b & 0xffL, as.read(addr, 1), where);
                Translation t = as.translate(addr, false);
                assertTrue(t.isDirect(), where);
                assertEquals(b, t.segment().get(ValueLayout.JAVA_BYTE, t.offset(addr)), where);
                assertEquals(mr.kind() == MemoryRegion.Kind.RAM && !want.readonly(), as.translate(addr, true).isDirect(), where);
            }
            case IO -> {
                w.ops.forEach(o -> o.lastOffset = -1);
                assertEquals(0x5aL, as.read(addr, 1), where);
                assertEquals(want.offset(), ((RecordingOps) mr.ops()).lastOffset, where);
                for (RecordingOps o : w.ops) {
                    if (o != mr.ops()) assertEquals(-1, o.lastOffset, where + ": other ops called");
                }
                assertTrue(!as.translate(addr, false).isDirect(), where);
            }
            case RESERVATION -> {
                long before = sys.unassignedAccesses();
                assertEquals(0xffL, as.read(addr, 1), where);
                assertEquals(before + 1, sys.unassignedAccesses(), where);
            }
            default -> fail(where + ": unexpected " + mr);
        }
    }
}
