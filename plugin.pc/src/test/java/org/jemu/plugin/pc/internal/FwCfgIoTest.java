package org.jemu.plugin.pc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jemu.core.fwcfg.FwCfg;
import org.jemu.core.harness.MachineHarness;
import org.jemu.core.machine.BoardDefinition;
import org.jemu.core.machine.BoardHook.Stage;
import org.jemu.core.machine.DeviceSpec;
import org.jemu.core.qdev.Reset;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.QomException;
import org.jemu.memory.MemTxResult;
import org.junit.jupiter.api.Test;

/** fw_cfg_io on the system bus, driven through the machine's I/O ports and RAM as firmware drives it. */
class FwCfgIoTest {

    static final int SELECTOR = 0x510;
    static final int DATA = 0x511;
    static final int DMA_HIGH = 0x514;
    static final int DMA_LOW = 0x518;
    /** Where the tests put DMA descriptors and buffers in the 16 MiB of RAM. */
    static final long DESC = 0x1000;
    static final long BUF = 0x2000;
    static final long UNMAPPED = 0xe000_0000L;

    private MachineHarness harness(Map<String, Object> props, Consumer<FwCfg> fill) {
        DeviceSpec spec = DeviceSpec.of("fw_cfg", FwCfgIo.TYPE).on("main-system-bus");
        for (Map.Entry<String, Object> p : props.entrySet()) spec = spec.with(p.getKey(), p.getValue());
        BoardDefinition board = BoardDefinition.builder().device(spec)
                .hook(Stage.BEFORE_DEVICES, ctx -> ctx.systemMemory().addSubregion(0, ctx.machine().ram()))
                .hook(Stage.AFTER_DEVICES, ctx -> {
                    FwCfg fw = (FwCfg) ctx.device("fw_cfg");
                    fill.accept(fw);
                })
                .build();
        return MachineHarness.builder().contribute(new PcDeviceTypes(), new PcDevices()).board(board, null).build();
    }

    private MachineHarness harness(Consumer<FwCfg> fill) {
        return harness(Map.of(), fill);
    }

    private static FwCfg fwCfg(MachineHarness h) {
        return (FwCfg) h.resolve("/machine/fw_cfg");
    }

    private static void select(MachineHarness h, int key) {
        h.io().write(SELECTOR, 2, key);
    }

    private static byte[] readData(MachineHarness h, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) h.io().read(DATA, 1);
        return b;
    }

    /** Puts a FWCfgDmaAccess at {@link #DESC}, writes its address the way SeaBIOS does, and returns the control word. */
    private static int dma(MachineHarness h, int control, int length, long address) {
        ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putInt(control).putInt(length).putLong(address);
        h.memory().write(DESC, d.array(), 0, 16);
        startDma(h, DESC);
        return controlAt(h, DESC);
    }

    /** Writes a descriptor address as two big-endian 32-bit halves; the low half starts the transfer. */
    private static void startDma(MachineHarness h, long descriptor) {
        h.io().write(DMA_HIGH, 4, Integer.reverseBytes((int) (descriptor >>> 32)) & 0xffffffffL);
        h.io().write(DMA_LOW, 4, Integer.reverseBytes((int) descriptor) & 0xffffffffL);
    }

    private static int controlAt(MachineHarness h, long descriptor) {
        return Integer.reverseBytes((int) h.memory().read(descriptor, 4));
    }

    private static byte[] ram(MachineHarness h, long address, int n) {
        byte[] b = new byte[n];
        h.memory().read(address, b, 0, n);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int be32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    }

    private static int be16(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 2).order(ByteOrder.BIG_ENDIAN).getShort() & 0xffff;
    }

    // ---- selector and data ports ----------------------------------------------------------------------------------

    @Test
    void signatureIsReadBytewiseAfterSelectingKeyZeroAndZeroPastItsEnd() {
        try (MachineHarness h = harness(fw -> { })) {
            select(h, FwCfg.SIGNATURE);

            assertArrayEquals(ascii("QEMU"), readData(h, 4));
            assertArrayEquals(new byte[2], readData(h, 2));
        }
    }

    @Test
    void selectingAgainRewindsTheItemAndTheWriteFlagIsIgnored() {
        try (MachineHarness h = harness(fw -> { })) {
            select(h, FwCfg.SIGNATURE);
            readData(h, 3);
            select(h, FwCfg.WRITE_CHANNEL | FwCfg.SIGNATURE);

            assertArrayEquals(ascii("QEMU"), readData(h, 4));
        }
    }

    @Test
    void idReportsTheTraditionalAndDmaInterfaces() {
        try (MachineHarness h = harness(fw -> { })) {
            select(h, FwCfg.ID);

            assertArrayEquals(new byte[] {3, 0, 0, 0}, readData(h, 4));
        }
    }

    @Test
    void withoutDmaIdHasOnlyBitZeroAndTheDmaPortsAreNotThere() {
        try (MachineHarness h = harness(Map.of("dma_enabled", false), fw -> { })) {
            select(h, FwCfg.ID);

            assertArrayEquals(new byte[] {1, 0, 0, 0}, readData(h, 4));
            assertEquals(0xff, h.io().read(DMA_HIGH, 1), "nothing answers at 0x514");
        }
    }

    @Test
    void dmaPortsReadTheSignatureQemuCfgInPortOrder() {
        try (MachineHarness h = harness(fw -> { })) {
            byte[] sig = new byte[8];
            for (int i = 0; i < 8; i++) sig[i] = (byte) h.io().read(DMA_HIGH + i, 1);

            assertArrayEquals(ascii("QEMU CFG"), sig);
            assertEquals(0x554d4551L, h.io().read(DMA_HIGH, 4), "a 32-bit read gives the first four bytes");
            assertEquals(0x47464320L, h.io().read(DMA_LOW, 4));
        }
    }

    @Test
    void architectureItemsAreSelectedWithBit15AndStoredLittleEndian() {
        try (MachineHarness h = harness(fw -> {
            fw.addI32(FwCfg.IRQ0_OVERRIDE, 1);
            fw.addI64(FwCfg.RAM_SIZE, 0x0102030405060708L);
            fw.addString(FwCfg.KERNEL_CMDLINE, "quiet");
        })) {
            select(h, FwCfg.IRQ0_OVERRIDE);
            assertArrayEquals(new byte[] {1, 0, 0, 0}, readData(h, 4));
            select(h, FwCfg.RAM_SIZE);
            assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, readData(h, 8));
            select(h, FwCfg.KERNEL_CMDLINE);
            assertArrayEquals(ascii("quiet\0"), readData(h, 6));
        }
    }

    @Test
    void unknownOrOutOfRangeSelectorsReadZero() {
        try (MachineHarness h = harness(fw -> { })) {
            select(h, FwCfg.INITRD_SIZE);
            assertArrayEquals(new byte[4], readData(h, 4), "a key nobody set");
            select(h, 0x3fff);
            assertArrayEquals(new byte[4], readData(h, 4), "beyond the file slots");
            select(h, 0xffff);
            assertArrayEquals(new byte[4], readData(h, 4), "the invalid selector");
        }
    }

    @Test
    void badAccessSizesAndDataWritesAreRefusedOrIgnoredWithoutThrowing() {
        try (MachineHarness h = harness(fw -> fw.addFile("etc/x", ascii("abcd")))) {
            select(h, FwCfg.SIGNATURE);

            assertEquals(0xffffffffL, h.io().read(SELECTOR, 4), "32-bit read: refused by the device, nothing at 0x512");
            assertEquals(0xffffL, h.io().read(SELECTOR, 2), "16-bit data read is refused");
            assertEquals(MemTxResult.OK, h.io().write(DATA, 1, 0x55), "data writes do nothing (QEMU 2.4+)");
            assertEquals(MemTxResult.ACCESS_ERROR, h.io().write(DMA_HIGH, 2, 0x1234), "16-bit DMA address write");
            assertEquals(MemTxResult.ACCESS_ERROR, h.io().write(DMA_LOW, 1, 0x12), "byte DMA address write");
            assertEquals(MemTxResult.ACCESS_ERROR, h.io().write(DMA_HIGH + 2, 4, 0x12), "misplaced DMA address write");
            assertEquals(0xffffL, h.io().read(DMA_HIGH + 1, 2), "unaligned signature read is refused");

            assertArrayEquals(ascii("QEMU"), readData(h, 4), "the selection and offset are untouched");
            select(h, FwCfg.FILE_FIRST);
            assertArrayEquals(ascii("abcd"), readData(h, 4));
        }
    }

    // ---- files ----------------------------------------------------------------------------------------------------

    @Test
    void fileDirectoryListsFilesSortedByNameWithSizesAndSelectors() {
        try (MachineHarness h = harness(fw -> {
            fw.addFile("etc/zeta", ascii("zzz"));
            fw.addFile("bootorder", new byte[0]);
            fw.addFile("etc/alpha", ascii("alpha"));
        })) {
            select(h, FwCfg.FILE_DIR);
            byte[] dir = readData(h, 4 + 3 * 64);

            assertEquals(3, be32(dir, 0));
            String[] names = {"bootorder", "etc/alpha", "etc/zeta"};
            int[] sizes = {0, 5, 3};
            for (int i = 0; i < 3; i++) {
                int at = 4 + 64 * i;
                assertEquals(sizes[i], be32(dir, at), names[i] + " size");
                assertEquals(FwCfg.FILE_FIRST + i, be16(dir, at + 4), names[i] + " selector");
                assertEquals(0, be16(dir, at + 6), "reserved");
                byte[] name = new byte[56];
                System.arraycopy(ascii(names[i]), 0, name, 0, names[i].length());
                assertArrayEquals(name, java.util.Arrays.copyOfRange(dir, at + 8, at + 64), names[i] + " name");
            }
            select(h, FwCfg.FILE_FIRST + 1);
            assertArrayEquals(ascii("alpha"), readData(h, 5));
            assertEquals(4 + 64 * 0x20, fwCfg(h).item(FwCfg.FILE_DIR).orElseThrow().length, "one entry per file slot");
        }
    }

    @Test
    void modifyFileKeepsTheSelectorUpdatesTheSizeAndAddsMissingFiles() {
        try (MachineHarness h = harness(fw -> {
            fw.addFile("b", ascii("old"));
            fw.addFile("c", ascii("c"));
        })) {
            FwCfg fw = fwCfg(h);

            byte[] old = fw.modifyFile("b", ascii("longer"));
            assertArrayEquals(ascii("old"), old);
            assertEquals(null, fw.modifyFile("a", ascii("new")));

            assertEquals(6, fw.fileSize("b").orElseThrow());
            assertTrue(fw.fileSize("nope").isEmpty());
            select(h, FwCfg.FILE_DIR);
            byte[] dir = readData(h, 4 + 3 * 64);
            assertEquals(3, be32(dir, 0));
            assertEquals(FwCfg.FILE_FIRST + 1, be16(dir, 4 + 64 + 4), "'b' moved up one slot when 'a' came before it");
            assertEquals(6, be32(dir, 4 + 64));
            select(h, FwCfg.FILE_FIRST + 1);
            assertArrayEquals(ascii("longer"), readData(h, 6));
        }
    }

    @Test
    void addingTheSameFileTwiceFailsNamingTheFile() {
        try (MachineHarness h = harness(fw -> fw.addFile("etc/e820", new byte[20]))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> fwCfg(h).addFile("etc/e820", new byte[20]));

            assertTrue(e.getMessage().contains("'etc/e820'"), e.getMessage());
            assertEquals(20, fwCfg(h).fileSize("etc/e820").orElseThrow(), "the first one stays");
        }
    }

    @Test
    void moreFilesThanSlotsFailsClearly() {
        try (MachineHarness h = harness(Map.of("x-file-slots", 0x10), fw -> {
            for (int i = 0; i < 0x10; i++) fw.addFile("f" + i, new byte[] {(byte) i});
        })) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> fwCfg(h).addFile("one-too-many", new byte[1]));

            assertTrue(e.getMessage().contains("'one-too-many'") && e.getMessage().contains("16 file slots"), e.getMessage());
        }
    }

    @Test
    void keysAreCheckedWhenItemsAreAdded() {
        try (MachineHarness h = harness(fw -> { })) {
            FwCfg fw = fwCfg(h);

            assertThrows(IllegalArgumentException.class, () -> fw.addI32(FwCfg.ID, 7), "the device's own item");
            assertThrows(IllegalArgumentException.class, () -> fw.addBytes(FwCfg.FILE_DIR, new byte[4]));
            assertThrows(IllegalArgumentException.class, () -> fw.addBytes(FwCfg.FILE_FIRST, new byte[4]));
            assertThrows(IllegalArgumentException.class, () -> fw.addBytes(FwCfg.WRITE_CHANNEL | FwCfg.UUID, new byte[4]));
            assertThrows(IllegalArgumentException.class, () -> fw.addFile("x".repeat(56), new byte[1]), "name too long");
            fw.addFile("x".repeat(55), new byte[1]);
        }
    }

    @Test
    void fileSlotsOutOfRangeAreRefusedNamingTheProperty() {
        QomException e = assertThrows(QomException.class, () -> harness(Map.of("x-file-slots", 8), fw -> { }));
        assertTrue(e.getMessage().contains("x-file-slots"), e.getMessage());
    }

    @Test
    void selectCallbackRunsBeforeTheGuestReadsAndMayReplaceTheContents() {
        List<String> calls = new ArrayList<>();
        try (MachineHarness h = harness(fw -> fw.addFile("etc/acpi/tables", ascii("stale"), new FwCfg.FileCallbacks() {
            @Override
            public void selected() {
                calls.add("selected");
                fw.modifyFile("etc/acpi/tables", ascii("fresh!"));
            }
        }, true))) {
            select(h, FwCfg.FILE_FIRST);

            assertEquals(List.of("selected"), calls);
            assertArrayEquals(ascii("fresh!"), readData(h, 6));
        }
    }

    // ---- DMA ------------------------------------------------------------------------------------------------------

    @Test
    void dmaReadWithSelectCopiesAFileIntoRamAndClearsControl() {
        try (MachineHarness h = harness(fw -> {
            fw.addFile("a", ascii("first"));
            fw.addFile("etc/e820", ascii("0123456789"));
        })) {
            int control = dma(h, (FwCfg.FILE_FIRST + 1) << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_READ, 10, BUF);

            assertEquals(0, control);
            assertArrayEquals(ascii("0123456789"), ram(h, BUF, 10));
        }
    }

    @Test
    void dmaReadPastTheEndFillsZerosAndLeavesTheOffsetAtTheEnd() {
        try (MachineHarness h = harness(fw -> fw.addFile("f", ascii("abcd")))) {
            h.memory().write(BUF, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9}, 0, 9);

            int control = dma(h, FwCfg.FILE_FIRST << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_READ, 8, BUF);

            assertEquals(0, control);
            assertArrayEquals(new byte[] {'a', 'b', 'c', 'd', 0, 0, 0, 0, 9}, ram(h, BUF, 9));
            assertEquals(0, h.io().read(DATA, 1));
        }
    }

    @Test
    void dmaSkipAdvancesAndLaterTransfersContinueTheSelectedItem() {
        try (MachineHarness h = harness(fw -> fw.addFile("f", ascii("abcdef")))) {
            assertEquals(0, dma(h, FwCfg.FILE_FIRST << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_SKIP, 2, 0));
            assertEquals(0, dma(h, FwCfgIo.DMA_READ, 2, BUF));

            assertArrayEquals(ascii("cd"), ram(h, BUF, 2));
            assertArrayEquals(ascii("ef"), readData(h, 2), "the data port continues where DMA stopped");
        }
    }

    @Test
    void dmaWithoutAnOperationTransfersNothing() {
        try (MachineHarness h = harness(fw -> fw.addFile("f", ascii("abcdef")))) {
            assertEquals(0, dma(h, FwCfg.FILE_FIRST << 16 | FwCfgIo.DMA_SELECT, 4, BUF));

            assertArrayEquals(new byte[4], ram(h, BUF, 4));
            assertArrayEquals(ascii("ab"), readData(h, 2));
        }
    }

    @Test
    void dmaWriteFillsAWritableFileAndTellsItsOwner() {
        List<String> written = new ArrayList<>();
        byte[] contents = new byte[8];
        try (MachineHarness h = harness(fw -> fw.addFile("etc/vmgenid_addr", contents, new FwCfg.FileCallbacks() {
            @Override
            public void written(int offset, int length) {
                written.add(offset + "+" + length);
            }
        }, false))) {
            h.memory().write(BUF, ascii("12345678"), 0, 8);

            assertEquals(0, dma(h, FwCfg.FILE_FIRST << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_SKIP, 2, 0));
            int control = dma(h, FwCfgIo.DMA_WRITE, 4, BUF);

            assertEquals(0, control);
            assertArrayEquals(new byte[] {0, 0, '1', '2', '3', '4', 0, 0}, fwCfg(h).fileContents("etc/vmgenid_addr").orElseThrow());
            assertEquals(List.of("2+4"), written);
        }
    }

    @Test
    void dmaWritesToReadOnlyItemsOrPastTheEndSetTheErrorBit() {
        try (MachineHarness h = harness(fw -> fw.addFile("w", new byte[4], null, false))) {
            h.memory().write(BUF, ascii("12345678"), 0, 8);

            assertEquals(FwCfgIo.DMA_ERROR, dma(h, FwCfg.SIGNATURE << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_WRITE, 4, BUF));
            assertEquals(FwCfgIo.DMA_ERROR, dma(h, FwCfg.FILE_FIRST << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_WRITE, 8, BUF));

            assertArrayEquals(new byte[4], fwCfg(h).fileContents("w").orElseThrow(), "a write that does not fit changes nothing");
            select(h, FwCfg.SIGNATURE);
            assertArrayEquals(ascii("QEMU"), readData(h, 4));
        }
    }

    @Test
    void dmaToAnUnmappedAddressSetsTheErrorBitAndTheDeviceKeepsWorking() {
        try (MachineHarness h = harness(fw -> fw.addFile("f", ascii("abcd")))) {
            int control = dma(h, FwCfg.FILE_FIRST << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_READ, 4, UNMAPPED);

            assertEquals(FwCfgIo.DMA_ERROR, control);
            assertEquals(0, dma(h, FwCfg.FILE_FIRST << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_READ, 4, BUF));
            assertArrayEquals(ascii("abcd"), ram(h, BUF, 4));
        }
    }

    @Test
    void aDescriptorOutsideMemoryIsDroppedAndTheDeviceKeepsWorking() {
        try (MachineHarness h = harness(fw -> fw.addFile("f", ascii("abcd")))) {
            startDma(h, UNMAPPED);
            startDma(h, 0xffff_ffff_ffff_fff8L);

            assertEquals(0, dma(h, FwCfg.FILE_FIRST << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_READ, 4, BUF));
            assertArrayEquals(ascii("abcd"), ram(h, BUF, 4));
        }
    }

    @Test
    void aSixtyFourBitAddressWriteStartsATransferToo() {
        try (MachineHarness h = harness(fw -> fw.addFile("f", ascii("abcd")))) {
            ByteBuffer d = ByteBuffer.allocate(16).putInt(FwCfg.FILE_FIRST << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_READ)
                    .putInt(4).putLong(BUF);
            h.memory().write(DESC, d.array(), 0, 16);

            h.io().write(DMA_HIGH, 8, Long.reverseBytes(DESC));

            assertEquals(0, controlAt(h, DESC));
            assertArrayEquals(ascii("abcd"), ram(h, BUF, 4));
        }
    }

    @Test
    void dmaOfAnInvalidSelectorReadsZeros() {
        try (MachineHarness h = harness(fw -> { })) {
            h.memory().write(BUF, ascii("xxxx"), 0, 4);

            assertEquals(0, dma(h, 0x3fff << 16 | FwCfgIo.DMA_SELECT | FwCfgIo.DMA_READ, 4, BUF));

            assertArrayEquals(new byte[4], ram(h, BUF, 4));
        }
    }

    // ---- reset and state ------------------------------------------------------------------------------------------

    @Test
    void resetSelectsTheSignatureAgain() {
        try (MachineHarness h = harness(fw -> { })) {
            select(h, FwCfg.ID);
            readData(h, 1);

            Reset.reset((FwCfgIo) fwCfg(h), ResetType.COLD);

            assertArrayEquals(ascii("QEMU"), readData(h, 4));
        }
    }

    @Test
    void stateRestoresTheSelectionAndOffset() {
        try (MachineHarness h = harness(fw -> fw.addFile("f", ascii("abcdef")))) {
            FwCfgIo dev = (FwCfgIo) fwCfg(h);
            select(h, FwCfg.FILE_FIRST);
            readData(h, 3);
            FwCfgIo.State saved = dev.state();
            select(h, FwCfg.SIGNATURE);

            dev.restore(saved);

            assertEquals(new FwCfgIo.State(FwCfg.FILE_FIRST, 3, 0), saved);
            assertArrayEquals(ascii("def"), readData(h, 3));
        }
    }
}
