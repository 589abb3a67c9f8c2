package dev.hako.streaming;

/** What every connection of one server shares. */
record ServerContext(StreamingConfig config, RequestCache cache, ExecHandler exec, AttachHandler attach, PortForwardHandler portForward) {}
