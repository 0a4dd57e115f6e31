/**
 * The words settings records validate themselves with, so that every layer reports a bad setting
 * the same way: which component, what value, what is allowed.
 *
 * <p>A settings record (an adapter's or a service's) declares each range once, as a public
 * constant ({@link dev.stowage.application.settings.Allowed}), and checks its components in its
 * compact constructor with a {@link dev.stowage.application.settings.SettingsCheck}. A failure is an
 * {@link dev.stowage.application.settings.InvalidSettingsException} listing every bad component,
 * which the configuration loader turns into lines that name the configuration key and where its
 * value came from. Plain Java, like the rest of the application layer.
 */
package dev.stowage.application.settings;
