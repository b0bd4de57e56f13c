package dev.messenger.gateway.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The problem types' documentation (docs/problems.md, packaged with the gateway), served without a token: the whole page
 * at {@code /problems}, one type's section at {@code /problems/<name>}, so that a type URI under a gateway resolves.
 */
@RestController
@Tag(name = "Problem types")
public class ProblemTypesController {

    static final String MARKDOWN = "text/markdown;charset=UTF-8";

    private final String page;
    private final Map<String, String> sections = new LinkedHashMap<>();

    public ProblemTypesController() {
        try (InputStream in = ProblemTypesController.class.getResourceAsStream("/problems.md")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("docs/problems.md, packaged as /problems.md", e);
        }
        for (String section : page.split("\n## ")) {
            int end = section.indexOf('\n');
            if (!section.startsWith("# ") && end > 0) {
                sections.put(section.substring(0, end).strip(), "# " + section.strip() + "\n");
            }
        }
    }

    /** The names of the documented types, in the page's order. */
    public java.util.Set<String> documented() {
        return sections.keySet();
    }

    @GetMapping(path = "/problems", produces = MARKDOWN)
    @Operation(summary = "Every problem type: its status, when it comes and what to do (Markdown)", security = {})
    public String all() {
        return page;
    }

    @GetMapping(path = "/problems/{name}", produces = MARKDOWN)
    @Operation(summary = "One problem type's section of the docs (Markdown); 404 for a name that is none", security = {})
    public String one(@PathVariable String name) {
        String section = sections.get(name);
        if (section == null) {
            throw ApiProblem.notFound("no such problem type");
        }
        return section;
    }
}
