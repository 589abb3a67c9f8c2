package dev.hako.cli.format;

/** One line of `hako images`: what docker's image formatter shows for one repository:tag. */
public record ImageRow(String repository, String tag, String digest, String id, long createdUnix, long size) {}
