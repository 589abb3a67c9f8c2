import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites, in place, the classes of a jar that are older than Java 6 (class file version 50) as
 * Java 8 classes, with the stack maps the newer format requires. The JDK's AOT cache skips classes
 * that old, and picocli ships as Java 5 bytecode: without this every `hako` command would load
 * and verify picocli from its jar. The code itself is unchanged.
 *
 * Run as: java scripts/tools/RaiseClassVersion.java JAR...
 */
public final class RaiseClassVersion {
    private static final int OLDEST_ARCHIVABLE = 50;

    public static void main(String[] jars) throws IOException {
        for (String jar : jars) {
            int raised = raise(Path.of(jar));
            if (raised > 0) {
                System.out.println(jar + ": " + raised + " classes raised to Java 8");
            }
        }
    }

    private static int raise(Path jar) throws IOException {
        Path tmp = Files.createTempFile(jar.getParent(), ".raise", ".jar");
        int raised = 0;
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            // Stack maps need the class hierarchy: the jar's own classes, then the JDK's.
            ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < OLDEST_ARCHIVABLE) {
                        bytes = classFile.transformClass(model,
                                ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen((builder, element) -> {
                                    if (element instanceof ClassFileVersion) {
                                        builder.with(ClassFileVersion.of(ClassFile.JAVA_8_VERSION, 0));
                                    } else {
                                        builder.with(element);
                                    }
                                }));
                        raised++;
                    }
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (raised == 0) {
            Files.delete(tmp);
        } else {
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        return raised;
    }
}
