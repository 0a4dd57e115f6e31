/**
 * Metrics through Micrometer: the application's metric ports ({@code QueueMetrics}) as meters in
 * the bound registry, the same for every database adapter. Only
 * {@link dev.stowage.adapter.out.micrometer.MicrometerModule} is public.
 */
package dev.stowage.adapter.out.micrometer;
