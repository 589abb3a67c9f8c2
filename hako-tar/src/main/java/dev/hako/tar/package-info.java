/**
 * The one tar library of hako: {@link dev.hako.tar.TarReader} reads ustar, PAX, GNU and v7
 * archives as image layers, image archives and {@code cp} uploads come (tolerant where Go's
 * archive/tar is, strict where a layer could be altered silently); {@link dev.hako.tar.TarWriter}
 * and {@link dev.hako.tar.TarHeaders} write ustar with PAX records for what ustar cannot hold.
 * Both speak {@link dev.hako.tar.TarEntry}. What an entry's name means on disk (escapes, links,
 * whiteouts) is for the extractors to judge: hako-archive's layer applier, the container copy,
 * the CLI's {@code cp}.
 *
 * <p>It depends on nothing but hako-errdefs, so the CLI can use it and still start fast.
 */
package dev.hako.tar;
