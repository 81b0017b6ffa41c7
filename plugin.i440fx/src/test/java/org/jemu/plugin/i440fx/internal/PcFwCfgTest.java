package org.jemu.plugin.i440fx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import org.jemu.core.pc.PcFwCfg;
import org.jemu.core.fwcfg.FwCfg;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.module.InitContext;
import org.jemu.core.module.InitPhase;
import org.jemu.core.module.ModuleInit;
import org.jemu.core.qdev.SysBusDevice;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;
import org.jemu.memory.AddressSpace;
import org.junit.jupiter.api.Test;

/** The pc board's fw_cfg contents (QEMU 7.2's for a pc without -kernel, boot indexes or NUMA), through the API. */
class PcFwCfgTest {

    /** Keeps what the board adds (the real device lives in the PC device bundle, which boards do not import). */
    public static final class RecordingFwCfg extends SysBusDevice implements FwCfg {
        final Map<Integer, byte[]> items = new HashMap<>();
        final Map<String, byte[]> files = new TreeMap<>();
        final Map<String, FileCallbacks> callbacks = new HashMap<>();

        public RecordingFwCfg(ObjectType type) {
            super(type);
        }

        @Override
        public void addBytes(int key, byte[] data) {
            if (items.putIfAbsent(key, data) != null) throw new IllegalArgumentException("key " + key + " added twice");
        }

        @Override
        public byte[] modifyBytes(int key, byte[] data) {
            return items.put(key, data);
        }

        @Override
        public Optional<byte[]> item(int key) {
            return Optional.ofNullable(items.get(key));
        }

        @Override
        public void addFile(String name, byte[] data, FileCallbacks callbacks, boolean readOnly) {
            if (files.putIfAbsent(name, data) != null) throw new IllegalArgumentException(name + " added twice");
            if (callbacks != null) this.callbacks.put(name, callbacks);
        }

        @Override
        public byte[] modifyFile(String name, byte[] data) {
            return files.put(name, data);
        }

        @Override
        public OptionalInt fileSize(String name) {
            byte[] d = files.get(name);
            return d == null ? OptionalInt.empty() : OptionalInt.of(d.length);
        }

        @Override
        public Optional<byte[]> fileContents(String name) {
            return Optional.ofNullable(files.get(name));
        }

        @Override
        public void setDmaAddressSpace(AddressSpace space) {
        }
    }

    private static final ModuleInit TYPES = new ModuleInit() {
        @Override
        public InitPhase phase() {
            return InitPhase.DEVICE;
        }

        @Override
        public void init(InitContext ctx) {
            ctx.register(TypeInfo.builder("recording-fw-cfg").parent(SysBusDevice.TYPE).factory(RecordingFwCfg::new).build());
        }
    };

    private static MachineHarness machine(long ram, boolean hpet) {
        return machine(ram, hpet, c -> {
        });
    }

    private static MachineHarness machine(long ram, boolean hpet, java.util.function.Consumer<org.jemu.core.qom.TypeClass> extra) {
        BoardDefinition board = BoardDefinition.builder().maxCpus(4)
                .device(DeviceSpec.of("fw_cfg", "recording-fw-cfg").on("main-system-bus"))
                .hook(Stage.BEFORE_DEVICES, PiixRamSplit::layOutRam)
                .hook(Stage.AFTER_DEVICES, PcFwCfg::populate)
                .hook(Stage.MACHINE_DONE, PcFwCfg::machineDone)
                .build();
        return MachineHarness.builder().contribute(TYPES)
                .board(board, c -> {
                    c.property(PropertyDef.bool("hpet").defaultValue(hpet));
                    c.property(PropertyDef.size("max-ram-below-4g").defaultValue(0));
                    extra.accept(c);
                })
                .ram(ram).cpus(2).build();
    }

    private static RecordingFwCfg fwCfg(MachineHarness h) {
        return (RecordingFwCfg) h.resolve("/machine/fw_cfg");
    }

    @Test
    void ramCpusAndE820DescribeTheMachine() {
        try (MachineHarness h = machine(256L << 20, true)) {
            RecordingFwCfg fw = fwCfg(h);

            assertArrayEquals(new byte[] {2, 0}, fw.items.get(FwCfg.NB_CPUS));
            assertArrayEquals(new byte[] {2, 0}, fw.items.get(FwCfg.MAX_CPUS), "-smp 2: maxcpus defaults to cpus");
            assertArrayEquals(FwCfg.littleEndian(256L << 20, 8), fw.items.get(FwCfg.RAM_SIZE));
            ByteBuffer e820 = ByteBuffer.wrap(fw.files.get("etc/e820")).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(40, e820.capacity(), "one RAM range below 4 GiB and the HyperTransport hole");
            assertEquals(0, e820.getLong(0));
            assertEquals(256L << 20, e820.getLong(8));
            assertEquals(1, e820.getInt(16), "E820_RAM");
            assertEquals(0xfd_0000_0000L, e820.getLong(20));
            assertEquals(0x3_0000_0000L, e820.getLong(28));
            assertEquals(2, e820.getInt(36), "E820_RESERVED");
            assertEquals(324, fw.items.get(FwCfg.E820_TABLE).length, "QEMU's legacy table: count + 16 entries");
            assertEquals(8 * 3, fw.items.get(FwCfg.NUMA).length, "one count and one slot per possible CPU");
        }
    }

    @Test
    void ramAboveTheHoleGetsItsOwnE820RangeAt4GiB() {
        try (MachineHarness h = machine(4L << 30, true)) {
            ByteBuffer e820 = ByteBuffer.wrap(fwCfg(h).files.get("etc/e820")).order(ByteOrder.LITTLE_ENDIAN);

            assertEquals(60, e820.capacity());
            assertEquals(0xc000_0000L, e820.getLong(8), "QEMU's pc keeps 3 GiB below 4 GiB when RAM is larger");
            assertEquals(1L << 32, e820.getLong(20));
            assertEquals(1L << 30, e820.getLong(28));
        }
    }

    @Test
    void theHpetItemListsOneBlockOrNone() {
        try (MachineHarness with = machine(64L << 20, true); MachineHarness without = machine(64L << 20, false)) {
            ByteBuffer one = ByteBuffer.wrap(fwCfg(with).items.get(FwCfg.HPET)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1, one.get(0));
            assertEquals(0x8086a201, one.getInt(1));
            assertEquals(0xfed00000L, one.getLong(5));
            assertEquals((byte) 0xff, fwCfg(without).items.get(FwCfg.HPET)[0]);
        }
    }

    @Test
    void bootListsAreEmptyWithoutBootIndexes() {
        try (MachineHarness h = machine(64L << 20, true)) {
            assertEquals(0, fwCfg(h).files.get("bootorder").length);
            assertEquals(0, fwCfg(h).files.get("bios-geometry").length);
            assertArrayEquals(FwCfg.littleEndian(-1, 4), fwCfg(h).files.get("etc/boot-fail-wait"));
        }
    }

    @Test
    void bootOptionsAndNographicReachTheFirmwareFiles() {
        try (MachineHarness plain = machine(64L << 20, true);
             MachineHarness opts = machine(64L << 20, true, c -> {
                 c.propertyDefault("boot-strict", true);
                 c.propertyDefault("boot-reboot-timeout", 0L);
                 c.propertyDefault("boot-menu", true);
                 c.propertyDefault("boot-splash-time", 2500L);
                 c.propertyDefault("graphics", false);
             })) {
            RecordingFwCfg p = fwCfg(plain);
            RecordingFwCfg o = fwCfg(opts);

            assertArrayEquals(FwCfg.littleEndian(-1, 4), p.files.get("etc/boot-fail-wait"), "never reboot by default");
            assertArrayEquals(new byte[0], p.files.get("bootorder"));
            assertEquals(null, p.files.get("etc/sercon-port"), "a display: no serial console for SeaBIOS");
            assertArrayEquals(new byte[] {0, 0, 0, 0}, o.files.get("etc/boot-fail-wait"));
            assertArrayEquals(FwCfg.cString("HALT"), o.files.get("bootorder"));
            assertArrayEquals(new byte[] {1, 0}, o.items.get(FwCfg.BOOT_MENU));
            assertArrayEquals(FwCfg.littleEndian(2500, 2), o.files.get("etc/boot-menu-wait"));
            assertArrayEquals(new byte[] {(byte) 0xf8, 3}, o.files.get("etc/sercon-port"), "-nographic: COM1");
        }
    }
}
