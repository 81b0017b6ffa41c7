/** Implementation of the plugin.storage bundle (not exported). */
package org.jemu.plugin.storage.internal;
