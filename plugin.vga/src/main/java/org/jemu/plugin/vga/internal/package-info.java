/** Implementation of the plugin.vga bundle (not exported). */
package org.jemu.plugin.vga.internal;
