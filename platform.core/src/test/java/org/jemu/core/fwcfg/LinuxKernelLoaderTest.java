package org.jemu.core.fwcfg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.jemu.memory.AddressSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Linux x86 boot protocol as QEMU's x86_load_linux applies it, on synthetic bzImages. */
class LinuxKernelLoaderTest {

    @TempDir
    Path dir;

    /** Items and files by key/name, as a board's fw_cfg would hold them. */
    static final class MapFwCfg implements FwCfg {
        final Map<Integer, byte[]> items = new HashMap<>();
        final Map<String, byte[]> files = new HashMap<>();

        @Override
        public void addBytes(int key, byte[] data) {
            if (items.putIfAbsent(key, data) != null) throw new IllegalArgumentException("key " + key + " taken");
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
            if (files.putIfAbsent(name, data) != null) throw new IllegalArgumentException(name);
        }

        @Override
        public byte[] modifyFile(String name, byte[] data) {
            return files.put(name, data);
        }

        @Override
        public OptionalInt fileSize(String name) {
            byte[] b = files.get(name);
            return b == null ? OptionalInt.empty() : OptionalInt.of(b.length);
        }

        @Override
        public Optional<byte[]> fileContents(String name) {
            return Optional.ofNullable(files.get(name));
        }

        @Override
        public void setDmaAddressSpace(AddressSpace space) {
        }

        int i32(int key) {
            return ByteBuffer.wrap(items.get(key)).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
    }

    /** A bzImage: {@code setupSects} sectors of setup after the boot sector, protocol {@code version}, a payload. */
    private Path bzImage(int setupSects, int version, int initrdMax, int payload) throws IOException {
        int setup = ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
        ByteBuffer b = ByteBuffer.allocate(setup + payload).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1f1, (byte) setupSects);
        b.putInt(0x202, 0x53726448);
        b.putShort(0x206, (short) version);
        b.put(0x211, (byte) 0x01); // LOADED_HIGH
        b.putInt(0x22c, initrdMax);
        for (int i = 0; i < payload; i++) b.put(setup + i, (byte) (i * 7));
        Path p = dir.resolve("bzImage");
        Files.write(p, b.array());
        return p;
    }

    private static int le16(byte[] b, int off) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getShort(off) & 0xffff;
    }

    private static int le32(byte[] b, int off) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(off);
    }

    @Test
    void aModernBzImageIsSplitAndItsHeaderPatchedForTheLinuxbootRom() throws IOException {
        MapFwCfg fw = new MapFwCfg();
        Path kernel = bzImage(27, 0x20f, 0x7fffffff, 5000);
        Path initrd = Files.write(dir.resolve("initrd"), new byte[10_000]);
        byte[] rom = {0x55, (byte) 0xaa, 1};

        LinuxKernelLoader.Loaded l = LinuxKernelLoader.load(fw, kernel, initrd, "console=ttyS0 vga=0x317", 256L << 20,
                0x28000, rom);

        assertEquals(28 * 512, l.setupSize());
        assertEquals(5000, l.kernelSize());
        assertEquals(0x100000, fw.i32(FwCfg.KERNEL_ADDR));
        assertEquals(5000, fw.i32(FwCfg.KERNEL_SIZE));
        assertEquals(0x10000, fw.i32(FwCfg.SETUP_ADDR));
        assertEquals(0x20000, fw.i32(FwCfg.CMDLINE_ADDR));
        assertEquals("console=ttyS0 vga=0x317".length() + 1, fw.i32(FwCfg.CMDLINE_SIZE));
        byte[] setup = fw.items.get(FwCfg.SETUP_DATA);
        assertEquals(0xb0, setup[0x210] & 0xff, "type_of_loader: QEMU");
        assertEquals(0x81, setup[0x211] & 0xff, "LOADED_HIGH | CAN_USE_HEAP");
        assertEquals(0x20000 - 0x10000 - 0x200, le16(setup, 0x224), "heap_end_ptr");
        assertEquals(0x20000, le32(setup, 0x228), "cmd_line_ptr");
        assertEquals(0x317, le16(setup, 0x1fa), "vga= sets vid_mode");
        long initrdMax = (256L << 20) - 0x28000 - 1;
        long expectedAddr = (initrdMax - 10_000) & ~4095L;
        assertEquals(expectedAddr, l.initrdAddr(), "below RAM minus the ACPI area, page aligned");
        assertEquals((int) expectedAddr, le32(setup, 0x218));
        assertEquals(10_000, le32(setup, 0x21c));
        assertEquals((int) expectedAddr, fw.i32(FwCfg.INITRD_ADDR));
        byte[] k = fw.items.get(FwCfg.KERNEL_DATA);
        assertEquals((byte) (4999 * 7), k[4999], "the payload after the setup, unchanged");
        assertArrayEquals(rom, fw.files.get("genroms/linuxboot_dma.bin"));
    }

    @Test
    void withoutInitrdThereAreNoInitrdItemsAndZeroSetupSectorsMeanFour() throws IOException {
        MapFwCfg fw = new MapFwCfg();

        LinuxKernelLoader.Loaded l = LinuxKernelLoader.load(fw, bzImage(0, 0x20f, 0x7fffffff, 4096), null, "",
                128L << 20, 0x28000, new byte[1]);

        assertEquals(5 * 512, l.setupSize());
        assertNull(fw.items.get(FwCfg.INITRD_DATA));
        assertEquals(1, fw.i32(FwCfg.CMDLINE_SIZE), "just the NUL");
    }

    @Test
    void theKernelsInitrdLimitWinsWhenLowerThanRam() throws IOException {
        MapFwCfg fw = new MapFwCfg();
        Path initrd = Files.write(dir.resolve("initrd"), new byte[4096]);

        LinuxKernelLoader.Loaded l = LinuxKernelLoader.load(fw, bzImage(4, 0x20f, 0x1000_0000 - 1, 100), initrd, "",
                1L << 30, 0x28000, new byte[1]);

        assertEquals(0x0fffe000L, l.initrdAddr());
    }

    @Test
    void filesThatAreNotBzImagesAreRefusedWithTheReason() throws IOException {
        MapFwCfg fw = new MapFwCfg();
        Path elf = Files.write(dir.resolve("vmlinux"), new byte[4096]);
        Path low = bzImage(4, 0x1ff, 0, 100);
        Path truncated = Files.write(dir.resolve("tiny"), new byte[100]);

        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                () -> LinuxKernelLoader.load(fw, elf, null, "", 1 << 28, 0, new byte[1]));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> LinuxKernelLoader.load(fw, low, null, "", 1 << 28, 0, new byte[1]));
        assertThrows(IllegalArgumentException.class,
                () -> LinuxKernelLoader.load(fw, truncated, null, "", 1 << 28, 0, new byte[1]));

        assertTrue(e1.getMessage().contains("not a Linux bzImage"), e1.getMessage());
        assertTrue(e2.getMessage().contains("zImage"), e2.getMessage());
        assertTrue(fw.items.isEmpty(), "nothing half-loaded");
    }

    @Test
    void anInitrdTooLargeForLowMemoryIsRefused() throws IOException {
        MapFwCfg fw = new MapFwCfg();
        Path initrd = Files.write(dir.resolve("big"), new byte[1 << 20]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinuxKernelLoader.load(fw,
                bzImage(4, 0x20f, 0x7fffffff, 100), initrd, "", 1 << 20, 0x28000, new byte[1]));

        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void vgaModesParseLikeQemu() {
        assertEquals(0xffff, LinuxKernelLoader.vgaMode("vga=normal"));
        assertEquals(0xfffe, LinuxKernelLoader.vgaMode("quiet vga=ext"));
        assertEquals(0xfffd, LinuxKernelLoader.vgaMode("vga=ask"));
        assertEquals(791, LinuxKernelLoader.vgaMode("vga=791 console=ttyS0"));
        assertEquals(-1, LinuxKernelLoader.vgaMode("novga=1"));
        assertEquals(-1, LinuxKernelLoader.vgaMode("vga=bogus"));
    }
}
