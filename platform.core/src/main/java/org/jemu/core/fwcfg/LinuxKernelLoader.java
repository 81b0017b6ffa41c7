package org.jemu.core.fwcfg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Direct Linux boot on x86 as QEMU's x86_load_linux does it with a DMA-capable fw_cfg: the bzImage is split into its
 * real-mode setup and protected-mode kernel, the setup header is patched as the Linux x86 boot protocol asks of a boot
 * loader (type of loader 0xB0, heap end, command line pointer, initrd address and size, vga= mode), and everything is
 * handed to the firmware as fw_cfg items (SETUP_*, KERNEL_*, CMDLINE_*, INITRD_*), plus the option ROM
 * "genroms/linuxboot_dma.bin" that copies them into guest memory and jumps to the setup code; the boot order names
 * that ROM first. The guest sees what it sees under QEMU 7.2.
 *
 * <p>Supported: bzImages of boot protocol 2.00 and later loaded high. Refused with a message: files without the
 * "HdrS" header (multiboot, PVH/ELF kernels), zImages loaded low, a setup larger than the file, an initrd that does
 * not fit below the kernel's initrd limit. Not done (as QEMU 7.2.x stable): no setup_data (no device tree, no RNG
 * seed).
 */
public final class LinuxKernelLoader {

    /** The boot protocol's magic at 0x202: "HdrS". */
    static final int HDRS = 0x53726448;
    static final int OFF_SETUP_SECTS = 0x1f1;
    static final int OFF_VID_MODE = 0x1fa;
    static final int OFF_HEADER = 0x202;
    static final int OFF_VERSION = 0x206;
    static final int OFF_TYPE_OF_LOADER = 0x210;
    static final int OFF_LOADFLAGS = 0x211;
    static final int OFF_RAMDISK_IMAGE = 0x218;
    static final int OFF_RAMDISK_SIZE = 0x21c;
    static final int OFF_HEAP_END_PTR = 0x224;
    static final int OFF_CMD_LINE_PTR = 0x228;
    static final int OFF_INITRD_ADDR_MAX = 0x22c;
    static final int LOADED_HIGH = 0x01;
    static final int CAN_USE_HEAP = 0x80;
    /** QEMU's type_of_loader: 0xB "Qemu", version 0. */
    static final int QEMU_LOADER = 0xb0;
    static final int REAL_ADDR = 0x10000;
    static final int CMDLINE_ADDR = 0x20000;
    static final int PROT_ADDR = 0x100000;
    /** Where a protocol 2.00/2.01 kernel's setup goes (QEMU: 0x90000, command line just below 0x9a000). */
    static final int OLD_REAL_ADDR = 0x90000;
    static final int OLD_CMDLINE_END = 0x9a000;
    /** The header bytes QEMU reads and patches (the setup is at most this much of them). */
    static final int HEADER_BYTES = 8192;
    /** The option ROM QEMU uses with a DMA-capable fw_cfg. */
    public static final String OPTION_ROM = "linuxboot_dma.bin";
    /** The boot order entry that makes SeaBIOS run that ROM first. */
    public static final String BOOT_DEVICE = "/rom@genroms/" + OPTION_ROM;

    /**
     * Where things went, for logs and tests.
     *
     * @param protocol   the boot protocol version (e.g. 0x20f)
     * @param setupSize  bytes of real-mode setup
     * @param kernelSize bytes of protected-mode kernel
     * @param initrdAddr where the initrd is loaded (0 without one)
     * @param initrdSize its size
     */
    public record Loaded(int protocol, int setupSize, int kernelSize, long initrdAddr, long initrdSize) {
    }

    private LinuxKernelLoader() {
    }

    /**
     * Puts kernel, initrd and command line into {@code fw}, and the option ROM as "genroms/linuxboot_dma.bin".
     *
     * @param below4gRam   guest RAM below 4 GiB (the initrd stays under it)
     * @param acpiDataSize what the board keeps free at the top of low RAM for the firmware's ACPI tables
     * @param optionRom    the contents of linuxboot_dma.bin
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException for a kernel or initrd jemu cannot boot (the message says why)
     */
    public static Loaded load(FwCfg fw, Path kernel, Path initrd, String cmdline, long below4gRam, long acpiDataSize,
                              byte[] optionRom) throws IOException {
        byte[] image = Files.readAllBytes(kernel);
        if (image.length < OFF_INITRD_ADDR_MAX + 4 || le32(image, OFF_HEADER) != HDRS) {
            throw new IllegalArgumentException("kernel '" + kernel + "' is not a Linux bzImage (no HdrS header);"
                    + " multiboot and PVH kernels are not supported");
        }
        int protocol = le16(image, OFF_VERSION);
        if (protocol < 0x200 || (image[OFF_LOADFLAGS] & LOADED_HIGH) == 0) {
            throw new IllegalArgumentException("kernel '" + kernel + "': boot protocol " + version(protocol)
                    + " zImage loaded low is not supported (only bzImages)");
        }
        byte[] cmd = cmdline.getBytes(StandardCharsets.UTF_8);
        int realAddr;
        int cmdlineAddr;
        if (protocol < 0x202) {
            realAddr = OLD_REAL_ADDR;
            cmdlineAddr = OLD_CMDLINE_END - (cmd.length + 1);
        } else {
            realAddr = REAL_ADDR;
            cmdlineAddr = CMDLINE_ADDR;
        }
        int setupSects = image[OFF_SETUP_SECTS] & 0xff;
        int setupSize = ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
        if (setupSize > image.length || setupSize > HEADER_BYTES * 8) {
            throw new IllegalArgumentException("kernel '" + kernel + "': invalid setup size " + setupSize
                    + " for a file of " + image.length + " bytes");
        }
        int kernelSize = image.length - setupSize;
        byte[] setup = new byte[setupSize];
        System.arraycopy(image, 0, setup, 0, setupSize);

        // the header patches of QEMU's x86_load_linux
        if (protocol >= 0x202) {
            put32(setup, OFF_CMD_LINE_PTR, cmdlineAddr);
        } else {
            put16(setup, 0x20, 0xa33f);
            put16(setup, 0x22, cmdlineAddr - realAddr);
        }
        setup[OFF_TYPE_OF_LOADER] = (byte) QEMU_LOADER;
        if (protocol >= 0x201) {
            setup[OFF_LOADFLAGS] |= (byte) CAN_USE_HEAP;
            put16(setup, OFF_HEAP_END_PTR, cmdlineAddr - realAddr - 0x200);
        }
        int vgaMode = vgaMode(cmdline);
        if (vgaMode >= 0) put16(setup, OFF_VID_MODE, vgaMode);

        long initrdAddr = 0;
        long initrdSize = 0;
        if (initrd != null) {
            long max = protocol >= 0x203 ? le32(setup, OFF_INITRD_ADDR_MAX) & 0xffff_ffffL : 0x37ffffffL;
            if (max >= below4gRam - acpiDataSize) max = below4gRam - acpiDataSize - 1;
            byte[] rd = Files.readAllBytes(initrd);
            initrdSize = rd.length;
            if (initrdSize >= max) {
                throw new IllegalArgumentException("initrd '" + initrd + "' is too large (" + initrdSize
                        + " bytes; max " + max + ")");
            }
            initrdAddr = (max - initrdSize) & ~4095L;
            put32(setup, OFF_RAMDISK_IMAGE, (int) initrdAddr);
            put32(setup, OFF_RAMDISK_SIZE, (int) initrdSize);
            fw.addI32(FwCfg.INITRD_ADDR, (int) initrdAddr);
            fw.addI32(FwCfg.INITRD_SIZE, rd.length);
            fw.addBytes(FwCfg.INITRD_DATA, rd);
        }
        byte[] kernelBytes = new byte[kernelSize];
        System.arraycopy(image, setupSize, kernelBytes, 0, kernelSize);
        fw.addI32(FwCfg.KERNEL_ADDR, PROT_ADDR);
        fw.addI32(FwCfg.KERNEL_SIZE, kernelSize);
        fw.addBytes(FwCfg.KERNEL_DATA, kernelBytes);
        fw.addI32(FwCfg.CMDLINE_ADDR, cmdlineAddr);
        fw.addI32(FwCfg.CMDLINE_SIZE, cmd.length + 1);
        fw.addString(FwCfg.CMDLINE_DATA, cmdline);
        fw.addI32(FwCfg.SETUP_ADDR, realAddr);
        fw.addI32(FwCfg.SETUP_SIZE, setupSize);
        fw.addBytes(FwCfg.SETUP_DATA, setup);
        fw.addFile("genroms/" + OPTION_ROM, optionRom);
        return new Loaded(protocol, setupSize, kernelSize, initrdAddr, initrdSize);
    }

    /** QEMU's vga= parsing: normal 0xffff, ext 0xfffe, ask 0xfffd, or a number (C syntax); -1 if absent. */
    static int vgaMode(String cmdline) {
        int at = -1;
        for (int i = cmdline.indexOf("vga="); i >= 0; i = cmdline.indexOf("vga=", i + 1)) {
            if (i == 0 || cmdline.charAt(i - 1) == ' ') at = i;
        }
        if (at < 0) return -1;
        String v = cmdline.substring(at + 4).split(" ", 2)[0].toLowerCase(Locale.ROOT);
        return switch (v) {
            case "normal" -> 0xffff;
            case "ext" -> 0xfffe;
            case "ask" -> 0xfffd;
            default -> {
                try {
                    long n = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16)
                            : v.length() > 1 && v.startsWith("0") ? Long.parseLong(v.substring(1), 8) : Long.parseLong(v);
                    yield (int) (n & 0xffff);
                } catch (NumberFormatException e) {
                    yield -1;
                }
            }
        };
    }

    private static String version(int protocol) {
        return (protocol >> 8) + "." + String.format("%02d", protocol & 0xff);
    }

    private static int le16(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
    }

    private static int le32(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }

    private static void put32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) b[off + i] = (byte) (v >> (8 * i));
    }
}
