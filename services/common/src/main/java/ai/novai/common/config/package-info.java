/**
 * Reading the services' configuration: one record per settings block ({@code BatchSettings.from(Config)}),
 * built with a {@link ai.novai.common.config.SettingsNode} so that each default is a named constant of its
 * record (not also a value in {@code application.yaml}) and every wrong value (a wrong type, a number out of
 * range, a name outside a closed set) stops start-up with a message naming the key and what it allows.
 */
package ai.novai.common.config;
