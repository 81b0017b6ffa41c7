/** Implementation of the plugin.example bundle (not exported). */
package org.jemu.plugin.example.internal;
