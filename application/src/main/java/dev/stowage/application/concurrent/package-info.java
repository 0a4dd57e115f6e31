/**
 * Small concurrency helpers shared by the services, the worker runtime and the adapters (which may
 * use this package, unlike {@code service}).
 */
package dev.stowage.application.concurrent;
