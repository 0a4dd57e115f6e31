/**
 * Program images through the JDK's ImageIO: header-only facts, refusal of decompression bombs by
 * their declared size, and thumbnails decoded with source subsampling. Only
 * {@link dev.stowage.adapter.out.images.ImagesModule} and its settings are public.
 */
package dev.stowage.adapter.out.images;
