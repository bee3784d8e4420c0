package dev.chainrule.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public type and member of the three modules is documented: javadoc's doclint, its missing-comment check
 * included, reports nothing on their sources (the build's javadoc goal cannot fail on these warnings alone, as
 * javadoc also warns that the Vector API is an incubator module, so this test is the gate).
 */
class ApiDocumentationTest {
    @Test
    void everyPublicTypeAndMemberIsDocumented(@TempDir Path out) {
        Path root = Path.of("").toAbsolutePath().getParent(); // the tests run in examples/
        List<String> sources = List.of("core", "nn", "examples").stream()
                .map(m -> root.resolve(m).resolve("src/main/java").toString()).toList();
        sources.forEach(s -> assertTrue(Files.isDirectory(Path.of(s)), s));
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        assertNotNull(javadoc, "a JDK, not a JRE, runs the tests");
        DiagnosticCollector<JavaFileObject> found = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        List<String> options = List.of("-Xdoclint:all", "-quiet", "--add-modules", "jdk.incubator.vector",
                "-d", out.toString(), "-sourcepath", String.join(File.pathSeparator, sources),
                "-classpath", System.getProperty("java.class.path"), "-subpackages", "dev.chainrule");
        boolean ok = javadoc.getTask(log, null, found, null, options, null).call();
        List<String> problems = found.getDiagnostics().stream()
                .filter(d -> !d.getMessage(Locale.ROOT).contains("incubating")
                        && !d.getMessage(Locale.ROOT).matches("\\d+ (errors?|warnings?)")) // the tallies
                .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                        + d.getMessage(Locale.ROOT))
                .toList();
        assertEquals(List.of(), problems, "javadoc's doclint:\n" + String.join("\n", problems) + "\n" + log);
        assertTrue(ok, log.toString());
    }
}
