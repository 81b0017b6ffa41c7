package org.jemu.plugin.pc.internal;

import java.util.Arrays;
import java.util.HexFormat;

import org.jemu.core.i2c.SmbusDevice;
import org.jemu.core.qdev.ResetType;
import org.jemu.core.qom.ObjectType;
import org.jemu.core.qom.PropertyDef;
import org.jemu.core.qom.TypeInfo;

/**
 * QEMU's "smbus-eeprom" (hw/i2c/smbus_eeprom.c): a 256-byte EEPROM on the SMBus at its {@code address} (the pc and q35
 * boards put eight at 0x50..0x57, where memory modules keep their SPD data). The first byte of a write sets the
 * internal offset, further bytes are stored there, the offset advancing and wrapping at 256; every byte read returns
 * the byte at the offset and advances it, so a read byte data (command = offset) followed by receive bytes reads
 * sequentially. Block transactions work the same way (a block write's count byte is stored as data, as in QEMU).
 *
 * <p>Contents: QEMU 7.2's pc and q35 boards hand every EEPROM 256 zero bytes (their SPD data is a TODO there), which is
 * the default here. A board wanting real contents sets property {@code data} (a jemu extension standing in for QEMU's
 * init_data pointer): up to 256 bytes as hexadecimal text, the rest zero; no SPD generator is provided. As in QEMU a
 * reset restores those initial contents and the offset 0, so writes last until the next reset only (no backing file).
 */
public final class SmbusEeprom extends SmbusDevice {

    public static final String TYPE = "smbus-eeprom";
    public static final int SIZE = 256;
    static final String DATA = "data";

    /**
     * The saved state.
     *
     * @param smbus    the SMBus protocol state
     * @param data     the 256 bytes
     * @param offset   the internal offset
     * @param accessed whether the guest has read or written since realize (QEMU migrates the contents only then)
     */
    public record State(SmbusState smbus, byte[] data, int offset, boolean accessed) {
        public State {
            data = Arrays.copyOf(data, SIZE);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && smbus.equals(s.smbus) && offset == s.offset && accessed == s.accessed
                    && Arrays.equals(data, s.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data) * 31 + smbus.hashCode() + offset;
        }

        @Override
        public String toString() {
            return "State[" + smbus + ", offset=" + offset + ", accessed=" + accessed + ", data=" + HexFormat.of().formatHex(data) + "]";
        }
    }

    private final byte[] initial = new byte[SIZE];
    private final byte[] data = new byte[SIZE];
    private int offset;
    private boolean accessed;

    public SmbusEeprom(ObjectType type) {
        super(type);
    }

    public static TypeInfo typeInfo() {
        return TypeInfo.builder(TYPE).parent(SmbusDevice.TYPE).factory(SmbusEeprom::new)
                .description("256-byte SMBus EEPROM (SPD)")
                .classInit(c -> c.set(USER_CREATABLE, false)
                        .property(PropertyDef.string(DATA).defaultValue("")
                                .description("jemu: initial contents, up to 256 bytes in hex (default: all zero)")
                                .validator(v -> checkHex((String) v))))
                .build();
    }

    private static String checkHex(String s) {
        if (s.length() % 2 != 0 || s.length() > 2 * SIZE) return "expects up to " + SIZE + " bytes as an even number of hex digits";
        return s.chars().allMatch(ch -> Character.digit(ch, 16) >= 0) ? null : "expects hex digits 0-9, a-f";
    }

    @Override
    protected void realize() {
        Arrays.fill(initial, (byte) 0);
        byte[] given = HexFormat.of().parseHex(getString(DATA));
        System.arraycopy(given, 0, initial, 0, given.length);
        resetContents();
        accessed = false;
    }

    @Override
    public void resetHold(ResetType type) {
        resetContents();
    }

    private void resetContents() {
        System.arraycopy(initial, 0, data, 0, SIZE);
        offset = 0;
    }

    @Override
    protected int receiveByte() {
        int v = data[offset] & 0xff;
        offset = (offset + 1) & (SIZE - 1);
        accessed = true;
        return v;
    }

    @Override
    protected void writeData(byte[] buf, int length) {
        accessed = true;
        offset = buf[0] & 0xff;
        for (int i = 1; i < length; i++) {
            data[offset] = buf[i];
            offset = (offset + 1) & (SIZE - 1);
        }
    }

    public State state() {
        return new State(smbusState(), data, offset, accessed);
    }

    public void restore(State s) {
        restoreSmbusState(s.smbus());
        System.arraycopy(s.data(), 0, data, 0, SIZE);
        offset = s.offset() & (SIZE - 1);
        accessed = s.accessed();
    }
}
