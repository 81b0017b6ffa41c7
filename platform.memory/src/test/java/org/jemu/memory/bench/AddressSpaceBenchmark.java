package org.jemu.memory.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.jemu.memory.MemorySystem;
import org.jemu.memory.RamCache;
import org.jemu.memory.Translation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guest accesses through an address space laid out like a PC's (RAM below and above 4 GiB through aliases, a few
 * MMIO devices): the CPU fast path ({@link RamCache}), translate() on every access, the slow path, and MMIO dispatch. Random RAM addresses span 256 MiB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:+UseTransparentHugePages"})
public class AddressSpaceBenchmark {

    static final long RAM = 256L << 20;
    static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final int ADDRESSES = 1 << 16;
    static final long MMIO_BASE = 0xfed00000L;

    private MemoryRegion ram;
    private AddressSpace as;
    private final long[] addresses = new long[ADDRESSES];
    private int next;
    private long mmioOffset;

    private RamCache tlb;

    /** Whether the random addresses use both RAM ranges (below and above 4 GiB) or only the one below. */
    @Param({"true", "false"})
    public boolean bothRanges;

    /** A register file device: 256 bytes of registers behind ops. */
    static final class Registers implements MemoryRegionOps {
        final long[] regs = new long[32];

        @Override
        public long read(long offset, int size) {
            return regs[(int) (offset >>> 3) & 31];
        }

        @Override
        public void write(long offset, int size, long value) {
            regs[(int) (offset >>> 3) & 31] = value;
        }
    }

    @Setup
    public void setUp() {
        MemorySystem system = new MemorySystem();
        MemoryRegion root = MemoryRegion.container("system", 0);
        as = system.createAddressSpace("memory", root);
        ram = MemoryRegion.ram("pc.ram", RAM);
        system.begin();
        root.addSubregion(0, MemoryRegion.alias("ram-below-4g", ram, 0, RAM / 2));
        root.addSubregion(1L << 32, MemoryRegion.alias("ram-above-4g", ram, RAM / 2, RAM / 2));
        for (int i = 0; i < 8; i++) root.addSubregion(MMIO_BASE + i * 0x1000L, MemoryRegion.io("dev" + i, 0x1000, new Registers()));
        system.commit();
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < ADDRESSES; i++) {
            long off = r.nextLong(RAM - 4) & ~3L;
            if (!bothRanges) off = off & (RAM / 2 - 1) & ~3L;
            addresses[i] = off < RAM / 2 ? off : (1L << 32) + off - RAM / 2;
        }
        tlb = new RamCache(as);
        MemorySegment seg = ram.ramBlock().segment();
        for (long p = 0; p < RAM; p += 4096) seg.set(ValueLayout.JAVA_BYTE, p, (byte) 1);
    }

    @TearDown
    public void tearDown() {
        ram.ramBlock().close();
    }

    private long nextAddress() {
        long a = addresses[next];
        next = (next + 1) & (ADDRESSES - 1);
        return a;
    }

    /** The CPU fast path: a {@link RamCache} (generation check, one range compare, the segment load). */
    @Benchmark
    public int fastPathLoad() {
        return tlb.readInt(nextAddress());
    }

    /** The CPU fast path for stores (dirty logging off). */
    @Benchmark
    public void fastPathStore() {
        long a = nextAddress();
        tlb.writeInt(a, (int) a);
    }

    private long local;

    /** The fast path on a cache-resident 64 KiB window: the TLB's own cost, without cache misses. */
    @Benchmark
    public int fastPathLoadLocal() {
        local = (local + 68) & 0xfffc;
        return tlb.readInt(local);
    }

    /** Baseline for the above: the same addresses on the RAM block's segment directly. */
    @Benchmark
    public int plainLoadLocal() {
        local = (local + 68) & 0xfffc;
        return ram.ramBlock().segment().get(LE_INT, local);
    }

    /** The same loads with translate() on every access (no TLB). */
    @Benchmark
    public int translateEveryLoad() {
        long addr = nextAddress();
        Translation t = as.translate(addr, false);
        return t.segment().get(LE_INT, t.offset(addr));
    }

    /** The slow path: AddressSpace.read for RAM. */
    @Benchmark
    public long slowPathLoad() {
        return as.read(nextAddress(), 4);
    }

    /** MMIO dispatch: a 4-byte read of a device register through the address space. */
    @Benchmark
    public long mmioRead() {
        mmioOffset = (mmioOffset + 8) & 0x7ff8;
        return as.read(MMIO_BASE + mmioOffset, 4);
    }

    /** MMIO dispatch: a 4-byte write of a device register through the address space. */
    @Benchmark
    public void mmioWrite() {
        mmioOffset = (mmioOffset + 8) & 0x7ff8;
        as.write(MMIO_BASE + mmioOffset, 4, mmioOffset);
    }
}
