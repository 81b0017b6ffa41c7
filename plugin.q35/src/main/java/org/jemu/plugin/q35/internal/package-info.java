/** Implementation of the plugin.q35 bundle (not exported). */
package org.jemu.plugin.q35.internal;
