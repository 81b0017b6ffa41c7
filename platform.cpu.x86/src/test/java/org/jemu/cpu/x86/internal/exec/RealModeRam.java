package org.jemu.cpu.x86.internal.exec;

import java.util.ArrayList;
import java.util.List;

import org.jemu.cpu.x86.X86ArchState;
import org.jemu.memory.AddressSpace;
import org.jemu.memory.MemoryRegion;
import org.jemu.memory.MemorySystem;

/** 1 MiB of RAM at 0 and an empty I/O space, for tests that run a few real-mode instructions on a bare core. */
final class RealModeRam implements AutoCloseable {

    final AddressSpace memory;
    final AddressSpace io;
    private final MemoryRegion ram = MemoryRegion.ram("ram", 1 << 20);

    RealModeRam() {
        MemorySystem system = new MemorySystem();
        MemoryRegion root = MemoryRegion.container("system", 0);
        root.addSubregion(0, ram);
        memory = system.createAddressSpace("memory", root);
        io = system.createAddressSpace("io", MemoryRegion.container("io", 0x10000));
    }

    /** Puts {@code code} at {@code ip} (segment 0). */
    void load(int ip, int... code) {
        byte[] bytes = new byte[code.length];
        for (int k = 0; k < code.length; k++) bytes[k] = (byte) code[k];
        memory.write(ip, bytes, 0, bytes.length);
    }

    /** A core in real mode about to execute at 0000:ip. */
    X86Core cpuAt(int ip) {
        X86Core cpu = new X86Core(memory, io);
        X86ArchState s = cpu.exportState();
        List<X86ArchState.Segment> segs = new ArrayList<>(s.segments());
        X86ArchState.Segment cs = segs.get(1);
        segs.set(1, new X86ArchState.Segment(0, 0, cs.limit(), cs.flags()));
        cpu.importState(new X86ArchState(s.gpr(), ip, s.rflags(), segs, s.ldtr(), s.tr(), s.gdtBase(), s.gdtLimit(),
                s.idtBase(), s.idtLimit(), s.cr0(), s.cr2(), s.cr3(), s.cr4(), s.cr8(), s.efer(), s.cpl(), false));
        return cpu;
    }

    @Override
    public void close() {
        ram.ramBlock().close();
    }
}
