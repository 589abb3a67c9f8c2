/**
 * The OCI runtime spec (config.json) of a container, built from the image's config and the user's
 * settings with docker's and containerd's defaults.
 *
 * <h2>Use from the container service</h2>
 *
 * <pre>{@code
 * HostLimits host = HostLimits.probe();                       // once, at hakod start; hako info shows it
 * SpecGenerator generator = SpecGenerator.defaults();         // once; thread-safe (stateless)
 *
 * // create: the API's ContainerConfig, checked (parse failures are INVALID_ARGUMENT)
 * ContainerSettings settings = ContainerSettings.builder()
 *         .entrypoint(c.getEntrypointSet() ? c.getEntrypointList() : null)
 *         .cmd(c.getCmdList()).env(c.getEnvList()).workingDir(c.getWorkingDir()).user(c.getUser())
 *         .volumes(c.getVolumesList().stream().map(Volume::parse).toList())
 *         .tmpfs(c.getTmpfsList().stream().map(Tmpfs::parse).toList())
 *         .readOnlyRoot(c.getReadOnly()).hostname(c.getHostname())
 *         .memoryBytes(c.getMemoryBytes()).nanoCpus(c.getNanoCpus()).pidsLimit(c.getPidsLimit())
 *         .capAdd(c.getCapAddList()).capDrop(c.getCapDropList()).privileged(c.getPrivileged())
 *         .seccomp(SeccompSetting.parse(c.getSeccomp())).noNewPrivileges(c.getNoNewPrivileges())
 *         .network(NetworkMode.parse(c.getNetwork())).tty(c.getTty()).labels(c.getLabelsMap())
 *         .build();
 * String hostname = settings.hostnameFor(id, hostHostname);   // write /etc/hostname and /etc/hosts with it
 * SpecContext ctx = SpecContext.builder(id, mountedRootfs, hostname)
 *         .nameFiles(NameFiles.in(bundle))
 *         .cgroupsPath(cgroupsPath).host(host)
 *         .hostDevices(settings.privileged() ? HostDevices.scan(Path.of("/dev")) : List.of())
 *         .build();
 * GeneratedSpec g = generator.generate(imageConfig.config(), settings, ctx);  // may mkdir the working dir
 * Files.write(bundle.resolve("config.json"), g.json());      // g.warnings() go to CreateContainerResponse
 *
 * // exec: the process for `runc exec --process FILE`
 * try (RootPath root = RootPath.open(mountedRootfs)) {
 *     Spec.Process p = ExecProcesses.build(Spec.fromJson(configJson),
 *             new ExecSettings(cmd, env, user, workingDir, tty, privileged), root, host);
 *     Files.write(processFile, p.toJson());
 * }
 * }</pre>
 *
 * <p>{@link dev.hako.spec.user.RootPath} reads and creates inside a container's root the way the
 * container would resolve its paths (symlinks and ".." stay inside), through hako-sys's
 * {@code RootDir}, which everything that touches a container's files uses.
 */
package dev.hako.spec;
