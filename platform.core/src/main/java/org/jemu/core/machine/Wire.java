package org.jemu.core.machine;

/**
 * A GPIO/IRQ connection of a board definition: output {@code fromOutput[fromIndex]} of device {@code from} drives
 * input {@code toInput[toIndex]} of device {@code to}. Use "" for unnamed GPIO arrays.
 */
public record Wire(String from, String fromOutput, int fromIndex, String to, String toInput, int toIndex) {
}
