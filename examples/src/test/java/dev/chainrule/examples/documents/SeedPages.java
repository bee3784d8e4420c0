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

    /**
     * A line's place as "line:col" in the seed page's own numbering (the page's body is the seed verbatim, so a
     * place does not move when the notation above it grows).
     */
    static String seedPosition(String number, dev.chainrule.nn.text.PageCheck.Line l) {
        String page;
        try {
            page = page(number);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int body = FrontMatter.read(number + ".md", page).bodyStart();
        long notationLines = page.substring(0, body).chars().filter(c -> c == '\n').count();
        String[] at = l.position().substring(l.position().lastIndexOf(':', l.position().lastIndexOf(':') - 1) + 1)
                .split(":");
        return (Integer.parseInt(at[0]) - notationLines) + ":" + at[1];
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
