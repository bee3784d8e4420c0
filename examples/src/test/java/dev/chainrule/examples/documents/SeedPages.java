package dev.chainrule.examples.documents;

import dev.chainrule.nn.text.FrontMatter;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seed documents as text pages (resources/documents/00N.md): loading them, and their body against the seed. */
final class SeedPages {
    private SeedPages() {
    }

    /** The page of document {@code number} ("000"). */
    static String page(String number) throws IOException {
        try (InputStream in = SeedPages.class.getResourceAsStream("/documents/" + number + ".md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The page's body, after its notation, is the seed page verbatim (checked where the seeds are at hand). */
    static void assertBodyIsTheSeed(String number) throws IOException {
        Path seeds = Path.of("..", "..", "shared", "seeds");
        Assumptions.assumeTrue(Files.isDirectory(seeds), "the seed pages are beside the repository here only");
        Path seed;
        try (Stream<Path> s = Files.list(seeds)) {
            seed = s.filter(p -> p.getFileName().toString().startsWith(number + "_")).findFirst().orElseThrow();
        }
        String page = page(number);
        assertEquals(Files.readString(seed), page.substring(FrontMatter.read(number + ".md", page).bodyStart()));
    }
}
