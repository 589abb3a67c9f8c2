/**
 * The Kubernetes streaming server, the part of a CRI runtime that kubelet's exec, attach and
 * port-forward go through (what containerd and CRI-O take from k8s.io/kubelet/pkg/cri/streaming).
 *
 * <p>The CRI calls do not carry the streams: Exec, Attach and PortForward only return a URL.
 * {@link dev.hako.streaming.StreamingServer} makes those URLs, each with a random single-use token
 * that expires after a minute, and serves them. The client (kubelet proxying kubectl, or crictl)
 * upgrades the HTTP request either to SPDY/3.1, negotiating the subprotocol with
 * {@code X-Stream-Protocol-Version}, or to a WebSocket, negotiating it as a WebSocket subprotocol:
 *
 * <ul>
 *   <li>remote command (exec, attach): SPDY {@code v5/v4/v3/v2.channel.k8s.io} and
 *       {@code channel.k8s.io}, the client opening one stream per {@code streamtype} (error, stdin,
 *       stdout, stderr, resize); WebSocket {@code v5.channel.k8s.io}, {@code v4.channel.k8s.io},
 *       {@code v4.base64.channel.k8s.io}, {@code channel.k8s.io}, {@code base64.channel.k8s.io},
 *       with channels 0-4 in that order and, in v5, the message {255, n} closing channel n;</li>
 *   <li>port forward: SPDY {@code portforward.k8s.io} with a "data" and an "error" stream per
 *       forwarded connection (headers {@code port} and {@code requestID}); WebSocket
 *       {@code v4.channel.k8s.io} with a data and an error channel per requested port.</li>
 * </ul>
 *
 * <p>From v4 on, how a command ended is written to the error stream as a JSON metav1.Status: a
 * non-zero exit is a Failure with reason NonZeroExitCode and the exit code as an ExitCode cause.
 *
 * <p>The runtime supplies the work through {@link dev.hako.streaming.ExecHandler},
 * {@link dev.hako.streaming.AttachHandler} and {@link dev.hako.streaming.PortForwardHandler}, which
 * see plain blocking streams ({@link dev.hako.streaming.StreamIo}) on virtual threads. Netty carries
 * the HTTP, WebSocket and SPDY framing; the SPDY session itself is this package's, because the Go
 * client (spdystream) does no SPDY flow control and a session that did would stall it.
 */
package dev.hako.streaming;
