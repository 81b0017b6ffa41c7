/** Implementation of the plugin.i440fx bundle (not exported). */
package org.jemu.plugin.i440fx.internal;
