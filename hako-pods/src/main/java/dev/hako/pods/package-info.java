/**
 * Pod sandboxes, as the CRI defines them: a group of containers sharing a network, IPC and UTS
 * namespace. hako pins those namespaces on files (no pause process), writes the pod's hostname,
 * hosts and resolv.conf, asks a {@link dev.hako.pods.PodNetwork} (CNI) for the network, and keeps
 * each pod in the metadata database so that pods survive a restart of hakod.
 */
package dev.hako.pods;
