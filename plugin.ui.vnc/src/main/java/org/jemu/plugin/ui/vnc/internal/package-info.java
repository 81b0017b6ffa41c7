/** Implementation of the plugin.ui.vnc bundle (not exported). */
package org.jemu.plugin.ui.vnc.internal;
