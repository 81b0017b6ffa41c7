package org.jemu.cpu.x86.internal.apic;

import java.util.Arrays;

/**
 * A local APIC's three 256-bit vector tables: IRR (requested), ISR (in service) and TMR (level-triggered), each as
 * eight 32-bit words the way the registers at 0x100/0x180/0x200 show them.
 */
public final class VectorTables {

    /** The saved tables (eight words each). */
    public record State(int[] isr, int[] tmr, int[] irr) {
        public State {
            isr = isr.clone();
            tmr = tmr.clone();
            irr = irr.clone();
        }

        @Override public int[] isr() { return isr.clone(); }
        @Override public int[] tmr() { return tmr.clone(); }
        @Override public int[] irr() { return irr.clone(); }
    }

    private final int[] isr = new int[8];
    private final int[] tmr = new int[8];
    private final int[] irr = new int[8];

    void clear() {
        Arrays.fill(isr, 0);
        Arrays.fill(tmr, 0);
        Arrays.fill(irr, 0);
    }

    int isrWord(int n) {
        return isr[n];
    }

    int tmrWord(int n) {
        return tmr[n];
    }

    int irrWord(int n) {
        return irr[n];
    }

    /** A fixed interrupt arrives: IRR set, TMR set for level-triggered, cleared for edge-triggered. */
    void request(int vector, boolean level) {
        setBit(irr, vector);
        if (level) {
            setBit(tmr, vector);
        } else {
            clearBit(tmr, vector);
        }
    }

    /** A level-triggered request withdrawn before it was taken. */
    void withdraw(int vector) {
        clearBit(irr, vector);
    }

    /** The INTA cycle took {@code vector}: IRR to ISR. */
    void accept(int vector) {
        clearBit(irr, vector);
        setBit(isr, vector);
    }

    int highestRequested() {
        return highest(irr);
    }

    int highestInService() {
        return highest(isr);
    }

    /** EOI: clears the highest in-service vector; returns it, with bit 8 set if it was level-triggered, or -1. */
    int endOfInterrupt() {
        int vector = highest(isr);
        if (vector < 0) return -1;
        clearBit(isr, vector);
        return testBit(tmr, vector) ? vector | 0x100 : vector;
    }

    State state() {
        return new State(isr, tmr, irr);
    }

    void restore(State s) {
        copy(s.isr(), isr);
        copy(s.tmr(), tmr);
        copy(s.irr(), irr);
    }

    private static void copy(int[] from, int[] to) {
        Arrays.fill(to, 0);
        System.arraycopy(from, 0, to, 0, Math.min(from.length, to.length));
    }

    private static int highest(int[] table) {
        for (int i = 7; i >= 0; i--) {
            if (table[i] != 0) return i * 32 + 31 - Integer.numberOfLeadingZeros(table[i]);
        }
        return -1;
    }

    private static void setBit(int[] table, int bit) {
        table[bit >> 5] |= 1 << (bit & 31);
    }

    private static void clearBit(int[] table, int bit) {
        table[bit >> 5] &= ~(1 << (bit & 31));
    }

    private static boolean testBit(int[] table, int bit) {
        return (table[bit >> 5] & 1 << (bit & 31)) != 0;
    }
}
