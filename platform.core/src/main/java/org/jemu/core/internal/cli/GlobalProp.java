package org.jemu.core.internal.cli;

/** One {@code -global DRIVER.PROP=VALUE}: a default for a property of every device of a type. */
public record GlobalProp(String driver, String property, String value) {
}
