package dev.hako.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hako.oci.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI runtime spec (config.json), as far as hako writes it. Mutable on purpose, unlike the rest of
 * hako's data: customisers each edit a few fields of one document, and nested records would make every
 * edit a rebuild of the path down to it. Field names are the JSON names; absent optional parts are
 * null, and empty lists are left out of the JSON.
 *
 * <p>Sub-objects that are optional in the spec are created on first use through the accessor methods
 * ({@code linux.resources().memory().limit = ...}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Spec {
    /** runc 1.1 and crun 1.8 both accept it; nothing hako writes needs a newer spec. */
    public static final String OCI_VERSION = "1.0.2-dev";

    public String ociVersion = OCI_VERSION;
    public Process process = new Process();
    public Root root;
    public String hostname;
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public List<Mount> mounts = new ArrayList<>();
    public Linux linux = new Linux();
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public Map<String, String> annotations = new LinkedHashMap<>();

    public byte[] toJson() {
        return Json.write(this);
    }

    public static Spec fromJson(byte[] json) {
        return Json.read(json, Spec.class, "config.json");
    }

    /** A deep copy (through JSON: the model is plain data). */
    public Spec copy() {
        return fromJson(toJson());
    }

    public Optional<Mount> mount(String destination) {
        return mounts.stream().filter(m -> m.destination.equals(destination)).findFirst();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Process {
        public boolean terminal;
        public User user = new User();
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<String> args = new ArrayList<>();
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<String> env = new ArrayList<>();
        public String cwd = "/";
        public Capabilities capabilities;
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<Rlimit> rlimits = new ArrayList<>();
        public boolean noNewPrivileges;
        public Integer oomScoreAdj;
        public String apparmorProfile;
        public String selinuxLabel;

        public Capabilities capabilities() {
            if (capabilities == null) {
                capabilities = new Capabilities();
            }
            return capabilities;
        }

        /** This process as JSON, the form {@code runc exec --process FILE} reads. */
        public byte[] toJson() {
            return Json.write(this);
        }

        public Process copy() {
            return Json.read(toJson(), Process.class, "process");
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class User {
        public long uid;
        public long gid;
        public Integer umask;
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<Long> additionalGids = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Capabilities {
        public List<String> bounding = new ArrayList<>();
        public List<String> effective = new ArrayList<>();
        public List<String> inheritable = new ArrayList<>();
        public List<String> permitted = new ArrayList<>();
        public List<String> ambient = new ArrayList<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Rlimit {
        public String type;
        @JsonSerialize(using = Unsigned64.Serializer.class)
        @JsonDeserialize(using = Unsigned64.Deserializer.class)
        public long hard;
        @JsonSerialize(using = Unsigned64.Serializer.class)
        @JsonDeserialize(using = Unsigned64.Deserializer.class)
        public long soft;

        public Rlimit() {}

        public Rlimit(String type, long soft, long hard) {
            this.type = type;
            this.soft = soft;
            this.hard = hard;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Root {
        public String path;
        public boolean readonly;

        public Root() {}

        public Root(String path, boolean readonly) {
            this.path = path;
            this.readonly = readonly;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Mount {
        public String destination;
        public String type;
        public String source;
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<String> options = new ArrayList<>();

        public Mount() {}

        public Mount(String destination, String type, String source, List<String> options) {
            this.destination = destination;
            this.type = type;
            this.source = source;
            this.options = new ArrayList<>(options);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Linux {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<Namespace> namespaces = new ArrayList<>();
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<IdMapping> uidMappings = new ArrayList<>();
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<IdMapping> gidMappings = new ArrayList<>();
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public Map<String, String> sysctl = new LinkedHashMap<>();
        public Resources resources;
        public String cgroupsPath;
        public Seccomp seccomp;
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<String> maskedPaths = new ArrayList<>();
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<String> readonlyPaths = new ArrayList<>();
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<Device> devices = new ArrayList<>();
        public String rootfsPropagation;

        public Resources resources() {
            if (resources == null) {
                resources = new Resources();
            }
            return resources;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Namespace {
        public String type;
        public String path;

        public Namespace() {}

        public Namespace(String type) {
            this.type = type;
        }

        public Namespace(String type, String path) {
            this.type = type;
            this.path = path;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class IdMapping {
        @JsonProperty("containerID")
        public long containerId;
        @JsonProperty("hostID")
        public long hostId;
        public long size;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Resources {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<DeviceRule> devices = new ArrayList<>();
        public Memory memory;
        public Cpu cpu;
        public Pids pids;

        public Memory memory() {
            if (memory == null) {
                memory = new Memory();
            }
            return memory;
        }

        public Cpu cpu() {
            if (cpu == null) {
                cpu = new Cpu();
            }
            return cpu;
        }

        public Pids pids() {
            if (pids == null) {
                pids = new Pids();
            }
            return pids;
        }
    }

    /** An entry of the device cgroup: which device nodes the container may read, write or create. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class DeviceRule {
        public boolean allow;
        public String type;
        public Long major;
        public Long minor;
        public String access;

        public DeviceRule() {}

        public DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
            this.allow = allow;
            this.type = type;
            this.major = major;
            this.minor = minor;
            this.access = access;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Memory {
        public Long limit;
        public Long reservation;
        public Long swap;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Cpu {
        public Long shares;
        public Long quota;
        public Long period;
        public String cpus;
        public String mems;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Pids {
        public long limit;
    }

    /** A device node to create in the container's /dev. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Device {
        public String path;
        public String type;
        public long major;
        public long minor;
        public Integer fileMode;
        public Long uid;
        public Long gid;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Seccomp {
        public String defaultAction;
        public Integer defaultErrnoRet;
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<String> architectures = new ArrayList<>();
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<String> flags = new ArrayList<>();
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<Syscall> syscalls = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Syscall {
        public List<String> names = new ArrayList<>();
        public String action;
        public Integer errnoRet;
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<SyscallArg> args = new ArrayList<>();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class SyscallArg {
        public int index;
        @JsonSerialize(using = Unsigned64.Serializer.class)
        @JsonDeserialize(using = Unsigned64.Deserializer.class)
        public long value;
        @JsonSerialize(using = Unsigned64.Serializer.class)
        @JsonDeserialize(using = Unsigned64.Deserializer.class)
        public long valueTwo;
        public String op;

        public SyscallArg() {}

        public SyscallArg(int index, long value, long valueTwo, String op) {
            this.index = index;
            this.value = value;
            this.valueTwo = valueTwo;
            this.op = op;
        }
    }
}
