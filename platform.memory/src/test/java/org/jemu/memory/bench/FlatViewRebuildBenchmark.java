package org.jemu.memory.bench;

import java.util.concurrent.TimeUnit;

import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemoryRegionOps;
import org.jemu.memory.MemorySystem;
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
 * Re-rendering the flat view of a PC-like region tree (~60 regions: RAM through below/above-4g aliases, the legacy
 * VGA window and shadow-RAM PAM aliases, a PCI container with BARs through a hole alias, BIOS and option ROMs, the
 * IOAPIC, HPET and LAPIC-like MMIO) after one change, as a PCI BAR being moved by the guest causes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:+UseTransparentHugePages"})
public class FlatViewRebuildBenchmark {

    static final MemoryRegionOps NOP = new MemoryRegionOps() {
        @Override
        public long read(long offset, int size) {
            return 0;
        }

        @Override
        public void write(long offset, int size, long value) {
        }
    };

    private MemoryRegion ram;
    private MemoryRegion bios;
    private MemoryRegion movingBar;
    private int regions;
    private boolean flip;

    @Setup
    public void setUp() {
        MemorySystem system = new MemorySystem();
        MemoryRegion root = MemoryRegion.container("system", 0);
        system.createAddressSpace("memory", root);
        ram = MemoryRegion.ram("pc.ram", 1L << 30);
        bios = MemoryRegion.rom("pc.bios", 256 << 10);
        system.begin();
        add(root, 0, MemoryRegion.alias("ram-below-4g", ram, 0, 0xc0000000L), 0);
        add(root, 1L << 32, MemoryRegion.alias("ram-above-4g", ram, 0xc0000000L, 0x40000000L), 0);
        MemoryRegion pci = MemoryRegion.container("pci", 0);
        add(root, 0xc0000000L, MemoryRegion.alias("pci-hole", pci, 0xc0000000L, 0x3ec00000L), -1);
        add(root, 0xa0000, MemoryRegion.io("vga-lowmem", 0x20000, NOP), 1);
        for (int i = 0; i < 13; i++) {
            // PAM: the 0xc0000-0xfffff shadow RAM windows, each an alias enabled or not
            long base = 0xc0000 + i * 0x4000L;
            MemoryRegion pam = MemoryRegion.alias("pam-ram" + i, ram, base, 0x4000);
            add(root, base, pam, 1);
            pam.setEnabled(i % 2 == 0);
            MemoryRegion pamPci = MemoryRegion.alias("pam-pci" + i, pci, base, 0x4000);
            add(root, base, pamPci, 1);
            pamPci.setEnabled(i % 2 == 1);
        }
        add(pci, 0xfffc0000L, bios, 0);
        add(pci, 0xe0000, MemoryRegion.alias("isa-bios", bios, 0x20000, 0x20000), 1);
        for (int i = 0; i < 16; i++) add(pci, 0xfe000000L + i * 0x10000L, MemoryRegion.io("bar" + i, 0x1000, NOP), 1);
        movingBar = MemoryRegion.io("vga.vram", 0x1000000, NOP);
        add(pci, 0xfd000000L, movingBar, 1);
        add(root, 0xfec00000L, MemoryRegion.io("ioapic", 0x1000, NOP), 0);
        add(root, 0xfed00000L, MemoryRegion.io("hpet", 0x400, NOP), 0);
        add(root, 0xfee00000L, MemoryRegion.io("apic-msi", 0x100000, NOP), 4096);
        for (int i = 0; i < 4; i++) add(pci, 0xc0000 + i * 0x8000L, MemoryRegion.rom("option-rom" + i, 0x8000), 2);
        system.commit();
        regions += 3; // the roots "system" and "pci" and the RAM itself
        if (regions < 55 || regions > 70) throw new IllegalStateException("tree has " + regions + " regions");
    }

    private void add(MemoryRegion container, long offset, MemoryRegion r, int prio) {
        container.addSubregionOverlap(offset, r, prio);
        regions++;
    }

    @TearDown
    public void tearDown() {
        ram.ramBlock().close();
        bios.ramBlock().close();
    }

    /** One BAR move outside a transaction: renders the flat view and diffs it for listeners. */
    @Benchmark
    public void moveBarAndRender() {
        flip = !flip;
        movingBar.setAddress(flip ? 0xfc000000L : 0xfd000000L);
    }
}
