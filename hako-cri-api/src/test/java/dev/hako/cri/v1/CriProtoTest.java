package dev.hako.cri.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the generated descriptors against facts taken from upstream's
 * staging/src/k8s.io/cri-api/pkg/apis/runtime/v1/api.proto (Kubernetes release-1.36), so that a
 * dropped, added, renumbered or retyped element of the hand-written api.proto fails here.
 */
class CriProtoTest {

  private static final FileDescriptor FILE = CriApi.getDescriptor();

  // ---- file and services ----------------------------------------------------------------------

  @Test
  void fileIsProto3PackageRuntimeV1() {
    assertEquals("runtime.v1", FILE.getPackage());
    assertEquals("proto3", FILE.toProto().getSyntax());
    assertEquals("dev.hako.cri.v1", FILE.getOptions().getJavaPackage());
    assertTrue(FILE.getOptions().getJavaMultipleFiles());
    assertTrue(FILE.getDependencies().isEmpty(), "runtime.v1 imports nothing");
    assertEquals(Set.of("RuntimeService", "ImageService"), names(FILE.getServices()));
  }

  @Test
  void runtimeServiceHasExactlyTheUpstreamRpcs() {
    ServiceDescriptor svc = FILE.findServiceByName("RuntimeService");
    assertEquals(
        sorted(
            "Version",
            "RunPodSandbox", "StopPodSandbox", "RemovePodSandbox", "PodSandboxStatus",
            "ListPodSandbox", "StreamPodSandboxes",
            "CreateContainer", "StartContainer", "StopContainer", "RemoveContainer",
            "ListContainers", "StreamContainers", "ContainerStatus", "UpdateContainerResources",
            "ReopenContainerLog",
            "ExecSync", "Exec", "Attach", "PortForward",
            "ContainerStats", "ListContainerStats", "StreamContainerStats",
            "PodSandboxStats", "ListPodSandboxStats", "StreamPodSandboxStats",
            "UpdateRuntimeConfig", "Status", "CheckpointContainer", "GetContainerEvents",
            "ListMetricDescriptors", "ListPodSandboxMetrics", "StreamPodSandboxMetrics",
            "RuntimeConfig", "UpdatePodSandboxResources"),
        new TreeSet<>(names(svc.getMethods())));
    assertEquals(35, svc.getMethods().size());
  }

  @Test
  void imageServiceHasExactlyTheUpstreamRpcs() {
    ServiceDescriptor svc = FILE.findServiceByName("ImageService");
    assertEquals(
        sorted("ListImages", "StreamImages", "ImageStatus", "PullImage", "RemoveImage", "ImageFsInfo"),
        new TreeSet<>(names(svc.getMethods())));
  }

  @Test
  void onlyTheUpstreamStreamingRpcsStream() {
    Set<String> serverStreaming = new TreeSet<>();
    for (ServiceDescriptor svc : FILE.getServices()) {
      for (MethodDescriptor m : svc.getMethods()) {
        assertFalse(m.isClientStreaming(), m.getFullName() + " must not be client-streaming");
        if (m.isServerStreaming()) {
          serverStreaming.add(m.getName());
        }
      }
    }
    assertEquals(
        sorted("StreamPodSandboxes", "StreamContainers", "StreamContainerStats", "StreamPodSandboxStats",
            "GetContainerEvents", "StreamPodSandboxMetrics", "StreamImages"),
        serverStreaming);
  }

  @Test
  void rpcRequestAndResponseTypes() {
    ServiceDescriptor rt = FILE.findServiceByName("RuntimeService");
    rpc(rt, "GetContainerEvents", "GetEventsRequest", "ContainerEventResponse");
    rpc(rt, "RunPodSandbox", "RunPodSandboxRequest", "RunPodSandboxResponse");
    rpc(rt, "ListPodSandbox", "ListPodSandboxRequest", "ListPodSandboxResponse");
    rpc(rt, "StreamPodSandboxes", "StreamPodSandboxesRequest", "StreamPodSandboxesResponse");
    rpc(rt, "ExecSync", "ExecSyncRequest", "ExecSyncResponse");
    rpc(rt, "RuntimeConfig", "RuntimeConfigRequest", "RuntimeConfigResponse");
    rpc(rt, "UpdatePodSandboxResources", "UpdatePodSandboxResourcesRequest", "UpdatePodSandboxResourcesResponse");
    ServiceDescriptor img = FILE.findServiceByName("ImageService");
    rpc(img, "ImageFsInfo", "ImageFsInfoRequest", "ImageFsInfoResponse");
    rpc(img, "PullImage", "PullImageRequest", "PullImageResponse");
    rpc(img, "StreamImages", "StreamImagesRequest", "StreamImagesResponse");
  }

  // ---- enums ----------------------------------------------------------------------------------

  @Test
  void topLevelEnums() {
    assertEquals(
        sorted("Protocol", "MountPropagation", "NamespaceMode", "SupplementalGroupsPolicy", "PodSandboxState",
            "Signal", "ContainerState", "ContainerEventType", "MetricType", "CgroupDriver"),
        new TreeSet<>(names(FILE.getEnumTypes())));
  }

  @Test
  void enumValues() {
    enumValues("ContainerState",
        "CONTAINER_CREATED", 0, "CONTAINER_RUNNING", 1, "CONTAINER_EXITED", 2, "CONTAINER_UNKNOWN", 3);
    enumValues("PodSandboxState", "SANDBOX_READY", 0, "SANDBOX_NOTREADY", 1);
    enumValues("NamespaceMode", "POD", 0, "CONTAINER", 1, "NODE", 2, "TARGET", 3);
    enumValues("Protocol", "TCP", 0, "UDP", 1, "SCTP", 2);
    enumValues("MountPropagation",
        "PROPAGATION_PRIVATE", 0, "PROPAGATION_HOST_TO_CONTAINER", 1, "PROPAGATION_BIDIRECTIONAL", 2);
    enumValues("SupplementalGroupsPolicy", "Merge", 0, "Strict", 1);
    enumValues("ContainerEventType", "CONTAINER_CREATED_EVENT", 0, "CONTAINER_STARTED_EVENT", 1,
        "CONTAINER_STOPPED_EVENT", 2, "CONTAINER_DELETED_EVENT", 3);
    enumValues("MetricType", "COUNTER", 0, "GAUGE", 1);
    enumValues("CgroupDriver", "SYSTEMD", 0, "CGROUPFS", 1);
    EnumDescriptor profileType = message("SecurityProfile").findEnumTypeByName("ProfileType");
    assertNotNull(profileType);
    assertEquals(Map.of("RuntimeDefault", 0, "Unconfined", 1, "Localhost", 2), values(profileType));
  }

  @Test
  void signalEnum() {
    EnumDescriptor signal = FILE.findEnumTypeByName("Signal");
    assertEquals(66, signal.getValues().size());
    Map<String, Integer> v = values(signal);
    assertEquals(0, v.get("RUNTIME_DEFAULT"));
    assertEquals(1, v.get("SIGABRT"));
    assertEquals(13, v.get("SIGKILL"));
    assertEquals(15, v.get("SIGPOLL"));
    assertEquals(20, v.get("SIGSTKFLT"));
    assertEquals(23, v.get("SIGTERM"));
    assertEquals(34, v.get("SIGXFSZ"));
    assertEquals(35, v.get("SIGRTMIN"));
    assertEquals(50, v.get("SIGRTMINPLUS15"));
    assertEquals(51, v.get("SIGRTMAXMINUS14"));
    assertEquals(64, v.get("SIGRTMAXMINUS1"));
    assertEquals(65, v.get("SIGRTMAX"));
  }

  // ---- messages -------------------------------------------------------------------------------

  @Test
  void messageCount() {
    assertEquals(170, FILE.getMessageTypes().size());
  }

  @Test
  void podSandboxConfig() {
    fields("PodSandboxConfig",
        f("metadata", 1, "PodSandboxMetadata"),
        f("hostname", 2, Type.STRING),
        f("log_directory", 3, Type.STRING),
        f("dns_config", 4, "DNSConfig"),
        repeated("port_mappings", 5, "PortMapping"),
        map("labels", 6),
        map("annotations", 7),
        f("linux", 8, "LinuxPodSandboxConfig"),
        f("windows", 9, "WindowsPodSandboxConfig"));
    fields("PodSandboxMetadata",
        f("name", 1, Type.STRING), f("uid", 2, Type.STRING), f("namespace", 3, Type.STRING),
        f("attempt", 4, Type.UINT32));
    fields("LinuxPodSandboxConfig",
        f("cgroup_parent", 1, Type.STRING),
        f("security_context", 2, "LinuxSandboxSecurityContext"),
        map("sysctls", 3),
        f("overhead", 4, "LinuxContainerResources"),
        f("resources", 5, "LinuxContainerResources"));
  }

  @Test
  void runPodSandboxRequestCarriesTheRuntimeHandler() {
    fields("RunPodSandboxRequest", f("config", 1, "PodSandboxConfig"), f("runtime_handler", 2, Type.STRING));
    fields("RunPodSandboxResponse", f("pod_sandbox_id", 1, Type.STRING));
  }

  @Test
  void podSandboxStatus() {
    fields("PodSandboxStatus",
        f("id", 1, Type.STRING),
        f("metadata", 2, "PodSandboxMetadata"),
        f("state", 3, "PodSandboxState"),
        f("created_at", 4, Type.INT64),
        f("network", 5, "PodSandboxNetworkStatus"),
        f("linux", 6, "LinuxPodSandboxStatus"),
        map("labels", 7),
        map("annotations", 8),
        f("runtime_handler", 9, Type.STRING));
    fields("PodSandboxStatusResponse",
        f("status", 1, "PodSandboxStatus"),
        map("info", 2),
        repeated("containers_statuses", 3, "ContainerStatus"),
        f("timestamp", 4, Type.INT64));
    fields("PodSandboxNetworkStatus", f("ip", 1, Type.STRING), repeated("additional_ips", 2, "PodIP"));
    fields("Namespace", f("options", 2, "NamespaceOption"));
  }

  @Test
  void containerConfig() {
    fields("ContainerConfig",
        f("metadata", 1, "ContainerMetadata"),
        f("image", 2, "ImageSpec"),
        repeated("command", 3, Type.STRING),
        repeated("args", 4, Type.STRING),
        f("working_dir", 5, Type.STRING),
        repeated("envs", 6, "KeyValue"),
        repeated("mounts", 7, "Mount"),
        repeated("devices", 8, "Device"),
        map("labels", 9),
        map("annotations", 10),
        f("log_path", 11, Type.STRING),
        f("stdin", 12, Type.BOOL),
        f("stdin_once", 13, Type.BOOL),
        f("tty", 14, Type.BOOL),
        f("linux", 15, "LinuxContainerConfig"),
        f("windows", 16, "WindowsContainerConfig"),
        repeated("CDI_devices", 17, "CDIDevice"),
        f("stop_signal", 18, "Signal"));
    // release-1.36 patch releases carry env values as bytes (kubernetes/kubernetes#139192).
    fields("KeyValue", f("key", 1, Type.STRING), f("value", 2, Type.BYTES));
    fields("Mount",
        f("container_path", 1, Type.STRING),
        f("host_path", 2, Type.STRING),
        f("readonly", 3, Type.BOOL),
        f("selinux_relabel", 4, Type.BOOL),
        f("propagation", 5, "MountPropagation"),
        repeated("uidMappings", 6, "IDMapping"),
        repeated("gidMappings", 7, "IDMapping"),
        f("recursive_read_only", 8, Type.BOOL),
        f("image", 9, "ImageSpec"),
        f("image_sub_path", 10, Type.STRING));
    fields("CreateContainerRequest",
        f("pod_sandbox_id", 1, Type.STRING), f("config", 2, "ContainerConfig"),
        f("sandbox_config", 3, "PodSandboxConfig"));
  }

  @Test
  void linuxContainerSecurityContext() {
    fields("LinuxContainerSecurityContext",
        f("capabilities", 1, "Capability"),
        f("privileged", 2, Type.BOOL),
        f("namespace_options", 3, "NamespaceOption"),
        f("selinux_options", 4, "SELinuxOption"),
        f("run_as_user", 5, "Int64Value"),
        f("run_as_username", 6, Type.STRING),
        f("readonly_rootfs", 7, Type.BOOL),
        repeated("supplemental_groups", 8, Type.INT64),
        f("apparmor_profile", 9, Type.STRING),
        f("seccomp_profile_path", 10, Type.STRING),
        f("no_new_privs", 11, Type.BOOL),
        f("run_as_group", 12, "Int64Value"),
        repeated("masked_paths", 13, Type.STRING),
        repeated("readonly_paths", 14, Type.STRING),
        f("seccomp", 15, "SecurityProfile"),
        f("apparmor", 16, "SecurityProfile"),
        f("supplemental_groups_policy", 17, "SupplementalGroupsPolicy"));
    Descriptor d = message("LinuxContainerSecurityContext");
    assertTrue(d.findFieldByName("apparmor_profile").getOptions().getDeprecated());
    assertTrue(d.findFieldByName("seccomp_profile_path").getOptions().getDeprecated());
    assertFalse(d.findFieldByName("seccomp").getOptions().getDeprecated());
    fields("Capability",
        repeated("add_capabilities", 1, Type.STRING),
        repeated("drop_capabilities", 2, Type.STRING),
        repeated("add_ambient_capabilities", 3, Type.STRING));
    fields("NamespaceOption",
        f("network", 1, "NamespaceMode"), f("pid", 2, "NamespaceMode"), f("ipc", 3, "NamespaceMode"),
        f("target_id", 4, Type.STRING), f("userns_options", 5, "UserNamespace"));
  }

  @Test
  void linuxSandboxSecurityContext() {
    fields("LinuxSandboxSecurityContext",
        f("namespace_options", 1, "NamespaceOption"),
        f("selinux_options", 2, "SELinuxOption"),
        f("run_as_user", 3, "Int64Value"),
        f("readonly_rootfs", 4, Type.BOOL),
        repeated("supplemental_groups", 5, Type.INT64),
        f("privileged", 6, Type.BOOL),
        f("seccomp_profile_path", 7, Type.STRING),
        f("run_as_group", 8, "Int64Value"),
        f("seccomp", 9, "SecurityProfile"),
        f("apparmor", 10, "SecurityProfile"),
        f("supplemental_groups_policy", 11, "SupplementalGroupsPolicy"));
  }

  @Test
  void linuxContainerResources() {
    fields("LinuxContainerResources",
        f("cpu_period", 1, Type.INT64),
        f("cpu_quota", 2, Type.INT64),
        f("cpu_shares", 3, Type.INT64),
        f("memory_limit_in_bytes", 4, Type.INT64),
        f("oom_score_adj", 5, Type.INT64),
        f("cpuset_cpus", 6, Type.STRING),
        f("cpuset_mems", 7, Type.STRING),
        repeated("hugepage_limits", 8, "HugepageLimit"),
        map("unified", 9),
        f("memory_swap_limit_in_bytes", 10, Type.INT64));
  }

  @Test
  void containerStatus() {
    fields("ContainerStatus",
        f("id", 1, Type.STRING),
        f("metadata", 2, "ContainerMetadata"),
        f("state", 3, "ContainerState"),
        f("created_at", 4, Type.INT64),
        f("started_at", 5, Type.INT64),
        f("finished_at", 6, Type.INT64),
        f("exit_code", 7, Type.INT32),
        f("image", 8, "ImageSpec"),
        f("image_ref", 9, Type.STRING),
        f("reason", 10, Type.STRING),
        f("message", 11, Type.STRING),
        map("labels", 12),
        map("annotations", 13),
        repeated("mounts", 14, "Mount"),
        f("log_path", 15, Type.STRING),
        f("resources", 16, "ContainerResources"),
        f("image_id", 17, Type.STRING),
        f("user", 18, "ContainerUser"),
        f("stop_signal", 19, "Signal"));
    fields("ContainerUser", f("linux", 1, "LinuxContainerUser"));
    fields("Container",
        f("id", 1, Type.STRING), f("pod_sandbox_id", 2, Type.STRING), f("metadata", 3, "ContainerMetadata"),
        f("image", 4, "ImageSpec"), f("image_ref", 5, Type.STRING), f("state", 6, "ContainerState"),
        f("created_at", 7, Type.INT64), map("labels", 8), map("annotations", 9), f("image_id", 10, Type.STRING));
  }

  @Test
  void execMessages() {
    fields("ExecSyncRequest",
        f("container_id", 1, Type.STRING), repeated("cmd", 2, Type.STRING), f("timeout", 3, Type.INT64));
    fields("ExecSyncResponse",
        f("stdout", 1, Type.BYTES), f("stderr", 2, Type.BYTES), f("exit_code", 3, Type.INT32));
    // audit_request_id arrived after 1.36 (KEP-6035): not part of this API.
    fields("ExecRequest",
        f("container_id", 1, Type.STRING), repeated("cmd", 2, Type.STRING), f("tty", 3, Type.BOOL),
        f("stdin", 4, Type.BOOL), f("stdout", 5, Type.BOOL), f("stderr", 6, Type.BOOL));
    fields("AttachRequest",
        f("container_id", 1, Type.STRING), f("stdin", 2, Type.BOOL), f("tty", 3, Type.BOOL),
        f("stdout", 4, Type.BOOL), f("stderr", 5, Type.BOOL));
    fields("PortForwardRequest", f("pod_sandbox_id", 1, Type.STRING), repeated("port", 2, Type.INT32));
    fields("ExecResponse", f("url", 1, Type.STRING));
  }

  @Test
  void imageMessages() {
    fields("ImageSpec",
        f("image", 1, Type.STRING),
        map("annotations", 2),
        f("user_specified_image", 18, Type.STRING),
        f("runtime_handler", 19, Type.STRING),
        f("image_ref", 20, Type.STRING));
    fields("Image",
        f("id", 1, Type.STRING), repeated("repo_tags", 2, Type.STRING), repeated("repo_digests", 3, Type.STRING),
        f("size", 4, Type.UINT64), f("uid", 5, "Int64Value"), f("username", 6, Type.STRING),
        f("spec", 7, "ImageSpec"), f("pinned", 8, Type.BOOL));
    fields("AuthConfig",
        f("username", 1, Type.STRING), f("password", 2, Type.STRING), f("auth", 3, Type.STRING),
        f("server_address", 4, Type.STRING), f("identity_token", 5, Type.STRING),
        f("registry_token", 6, Type.STRING));
    Descriptor auth = message("AuthConfig");
    for (String secret : List.of("password", "auth", "identity_token", "registry_token")) {
      assertTrue(auth.findFieldByName(secret).getOptions().getDebugRedact(), secret + " is debug_redact");
    }
    assertFalse(auth.findFieldByName("username").getOptions().getDebugRedact());
    fields("PullImageRequest",
        f("image", 1, "ImageSpec"), f("auth", 2, "AuthConfig"), f("sandbox_config", 3, "PodSandboxConfig"));
    fields("PullImageResponse", f("image_ref", 1, Type.STRING));
    fields("ImageFsInfoResponse",
        repeated("image_filesystems", 1, "FilesystemUsage"), repeated("container_filesystems", 2, "FilesystemUsage"));
  }

  @Test
  void statusMessages() {
    fields("RuntimeCondition",
        f("type", 1, Type.STRING), f("status", 2, Type.BOOL), f("reason", 3, Type.STRING),
        f("message", 4, Type.STRING));
    fields("RuntimeStatus", repeated("conditions", 1, "RuntimeCondition"));
    fields("StatusRequest", f("verbose", 1, Type.BOOL));
    fields("StatusResponse",
        f("status", 1, "RuntimeStatus"), map("info", 2), repeated("runtime_handlers", 3, "RuntimeHandler"),
        f("features", 4, "RuntimeFeatures"));
    fields("RuntimeHandler", f("name", 1, Type.STRING), f("features", 2, "RuntimeHandlerFeatures"));
    fields("RuntimeHandlerFeatures", f("recursive_read_only_mounts", 1, Type.BOOL), f("user_namespaces", 2, Type.BOOL));
    fields("RuntimeFeatures",
        f("supplemental_groups_policy", 1, Type.BOOL), f("user_namespaces_host_network", 2, Type.BOOL));
    fields("VersionResponse",
        f("version", 1, Type.STRING), f("runtime_name", 2, Type.STRING), f("runtime_version", 3, Type.STRING),
        f("runtime_api_version", 4, Type.STRING));
    fields("LinuxRuntimeConfiguration", f("cgroup_driver", 1, "CgroupDriver"));
  }

  @Test
  void eventsStatsAndStreamingMessages() {
    fields("ContainerEventResponse",
        f("container_id", 1, Type.STRING), f("container_event_type", 2, "ContainerEventType"),
        f("created_at", 3, Type.INT64), f("pod_sandbox_status", 4, "PodSandboxStatus"),
        repeated("containers_statuses", 5, "ContainerStatus"));
    fields("GetEventsRequest");
    fields("ContainerStats",
        f("attributes", 1, "ContainerAttributes"), f("cpu", 2, "CpuUsage"), f("memory", 3, "MemoryUsage"),
        f("writable_layer", 4, "FilesystemUsage"), f("swap", 5, "SwapUsage"), f("io", 6, "IoUsage"));
    fields("PsiStats", f("Full", 1, "PsiData"), f("Some", 2, "PsiData"));
    fields("PsiData",
        f("Total", 1, Type.UINT64), f("Avg10", 2, Type.DOUBLE), f("Avg60", 3, Type.DOUBLE),
        f("Avg300", 4, Type.DOUBLE));
    fields("StreamPodSandboxesResponse", repeated("pod_sandboxes", 1, "PodSandbox"));
    fields("StreamContainersResponse", repeated("containers", 1, "Container"));
    fields("StreamContainerStatsResponse", repeated("container_stats", 1, "ContainerStats"));
    fields("StreamPodSandboxStatsResponse", repeated("pod_sandbox_stats", 1, "PodSandboxStats"));
    fields("StreamPodSandboxMetricsResponse", repeated("pod_sandbox_metrics", 1, "PodSandboxMetrics"));
    fields("StreamImagesResponse", repeated("images", 1, "Image"));
    fields("StreamPodSandboxMetricsRequest");
    fields("Metric",
        f("name", 1, Type.STRING), f("timestamp", 2, Type.INT64), f("metric_type", 3, "MetricType"),
        repeated("label_values", 4, Type.STRING), f("value", 5, "UInt64Value"));
    fields("UpdatePodSandboxResourcesRequest",
        f("pod_sandbox_id", 1, Type.STRING), f("overhead", 2, "LinuxContainerResources"),
        f("resources", 3, "LinuxContainerResources"));
    fields("CheckpointContainerRequest",
        f("container_id", 1, Type.STRING), f("location", 2, Type.STRING), f("timeout", 3, Type.INT64));
  }

  @Test
  void noOneofsInTheApi() {
    for (Descriptor d : FILE.getMessageTypes()) {
      assertTrue(d.getRealOneofs().isEmpty(), d.getName() + " has no oneof upstream");
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** What a field should be: a scalar type, or a message/enum type by name; plus label / map. */
  private record Expect(String name, int number, Type type, String typeName, boolean repeated, boolean map) {}

  private static Expect f(String name, int number, Type type) {
    return new Expect(name, number, type, null, false, false);
  }

  private static Expect f(String name, int number, String typeName) {
    return new Expect(name, number, null, typeName, false, false);
  }

  private static Expect repeated(String name, int number, Type type) {
    return new Expect(name, number, type, null, true, false);
  }

  private static Expect repeated(String name, int number, String typeName) {
    return new Expect(name, number, null, typeName, true, false);
  }

  /** A map<string, string>, the only map type the CRI uses. */
  private static Expect map(String name, int number) {
    return new Expect(name, number, Type.MESSAGE, null, true, true);
  }

  /** Asserts that the message has exactly these fields (no more, no fewer) and that each matches. */
  private static void fields(String message, Expect... expected) {
    Descriptor d = message(message);
    Map<String, Integer> want = new LinkedHashMap<>();
    for (Expect e : expected) {
      want.put(e.name(), e.number());
    }
    Map<String, Integer> got = d.getFields().stream()
        .collect(Collectors.toMap(FieldDescriptor::getName, FieldDescriptor::getNumber, (a, b) -> a, LinkedHashMap::new));
    assertEquals(new TreeMap<>(want), new TreeMap<>(got), message + ": field names/numbers");
    for (Expect e : expected) {
      FieldDescriptor fd = d.findFieldByName(e.name());
      String where = message + "." + e.name();
      assertEquals(e.repeated(), fd.isRepeated(), where + " repeated");
      assertEquals(e.map(), fd.isMapField(), where + " map");
      if (e.map()) {
        Descriptor entry = fd.getMessageType();
        assertEquals(Type.STRING, entry.findFieldByName("key").getType(), where + " map key");
        assertEquals(Type.STRING, entry.findFieldByName("value").getType(), where + " map value");
      } else if (e.type() != null) {
        assertEquals(e.type(), fd.getType(), where + " type");
      } else if (fd.getType() == Type.MESSAGE) {
        assertEquals(e.typeName(), fd.getMessageType().getName(), where + " message type");
      } else {
        assertEquals(Type.ENUM, fd.getType(), where + " should be message or enum " + e.typeName());
        assertEquals(e.typeName(), fd.getEnumType().getName(), where + " enum type");
      }
      assertFalse(fd.hasPresence() && fd.getType() != Type.MESSAGE, where + " is not proto3 optional");
    }
  }

  private static Descriptor message(String name) {
    Descriptor d = FILE.findMessageTypeByName(name);
    assertNotNull(d, "message " + name);
    return d;
  }

  private static void rpc(ServiceDescriptor svc, String method, String in, String out) {
    MethodDescriptor m = svc.findMethodByName(method);
    assertNotNull(m, svc.getName() + "." + method);
    assertEquals(in, m.getInputType().getName(), method + " input");
    assertEquals(out, m.getOutputType().getName(), method + " output");
  }

  private static void enumValues(String name, Object... pairs) {
    EnumDescriptor e = FILE.findEnumTypeByName(name);
    assertNotNull(e, "enum " + name);
    Map<String, Integer> want = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      want.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    assertEquals(want, values(e), "enum " + name);
  }

  private static Map<String, Integer> values(EnumDescriptor e) {
    Map<String, Integer> m = new LinkedHashMap<>();
    e.getValues().forEach(v -> m.put(v.getName(), v.getNumber()));
    return m;
  }

  private static Set<String> names(List<?> descriptors) {
    Set<String> out = new TreeSet<>();
    for (Object o : descriptors) {
      out.add(((com.google.protobuf.Descriptors.GenericDescriptor) o).getName());
    }
    return out;
  }

  private static Set<String> sorted(String... names) {
    Set<String> s = new TreeSet<>(List.of(names));
    assertEquals(names.length, s.size(), "duplicate name in the expected list");
    return s;
  }
}
