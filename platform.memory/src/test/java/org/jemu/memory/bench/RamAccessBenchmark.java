package org.jemu.memory.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.jemu.memory.RamBlock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guest RAM loads and stores at random addresses over 256 MiB: the baseline (a plain arena segment) against the
 * mmap'ed RamBlock. The address-space fast path is measured in {@code AddressSpaceBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:+UseTransparentHugePages"})
public class RamAccessBenchmark {

    static final long SIZE = 256L << 20;
    static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final int ADDRESSES = 1 << 16;

    private Arena arena;
    private MemorySegment plain;
    private RamBlock block;
    private MemorySegment blockSegment;
    private final long[] addresses = new long[ADDRESSES];
    private int next;

    @Setup
    public void setUp() {
        arena = Arena.ofShared();
        plain = arena.allocate(SIZE, 4096);
        block = RamBlock.allocate("bench.ram", SIZE);
        blockSegment = block.segment();
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < ADDRESSES; i++) addresses[i] = r.nextLong(SIZE - 4) & ~3L;
        // touch every page so the measurement is not page faults
        for (long p = 0; p < SIZE; p += 4096) {
            plain.set(ValueLayout.JAVA_BYTE, p, (byte) 1);
            blockSegment.set(ValueLayout.JAVA_BYTE, p, (byte) 1);
        }
    }

    @TearDown
    public void tearDown() {
        block.close();
        arena.close();
    }

    private long nextAddress() {
        long a = addresses[next];
        next = (next + 1) & (ADDRESSES - 1);
        return a;
    }

    @Benchmark
    public int plainSegmentLoad() {
        return plain.get(LE_INT, nextAddress());
    }

    @Benchmark
    public int ramBlockLoad() {
        return blockSegment.get(LE_INT, nextAddress());
    }

    @Benchmark
    public void plainSegmentStore() {
        long a = nextAddress();
        plain.set(LE_INT, a, (int) a);
    }

    @Benchmark
    public void ramBlockStore() {
        long a = nextAddress();
        blockSegment.set(LE_INT, a, (int) a);
    }
}
