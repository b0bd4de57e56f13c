package dev.messenger.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What springdoc cannot see, declared where it must be: an operation that builds its own {@code ResponseEntity} (and so
 * its status) lists its success answers with {@code @ApiResponse}, else the document says 200 where the API answers 201,
 * 202 or 204; and no two types the API reads or writes share a schema name, else springdoc describes both as one.
 */
class OpenApiConventionsTest {

    @Test
    void operationsThatChooseTheirStatusDeclareTheirSuccessAnswers() throws Exception {
        List<String> undeclared = new ArrayList<>();
        for (Method handler : handlers()) {
            boolean choosesStatus = handler.getGenericReturnType().getTypeName().contains("ResponseEntity");
            boolean declared = Arrays.stream(handler.getAnnotationsByType(ApiResponse.class))
                    .anyMatch(response -> response.responseCode().startsWith("2"))
                    || handler.isAnnotationPresent(ResponseStatus.class);
            if (choosesStatus && !declared) {
                undeclared.add(handler.getDeclaringClass().getSimpleName() + "." + handler.getName());
            }
        }
        assertThat(undeclared).as("handlers returning ResponseEntity without @ApiResponse for their 2xx").isEmpty();
    }

    @Test
    void noTwoTypesOfTheApiShareASchemaName() throws Exception {
        Map<String, Set<Class<?>>> byName = new HashMap<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Method handler : handlers()) {
            collect(handler.getGenericReturnType(), byName, seen);
            for (Parameter parameter : handler.getParameters()) {
                if (parameter.isAnnotationPresent(RequestBody.class)) {
                    collect(parameter.getParameterizedType(), byName, seen);
                }
            }
        }
        Set<String> clashes = new TreeSet<>();
        byName.forEach((name, types) -> {
            if (types.size() > 1) {
                clashes.add(name + ": " + types.stream().map(Class::getName).sorted().toList());
            }
        });
        assertThat(seen).as("the scan found the API's types").hasSizeGreaterThan(40);
        assertThat(clashes).as("give one of each a @Schema(name = ...)").isEmpty();
    }

    private static void collect(Type type, Map<String, Set<Class<?>>> byName, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), byName, seen);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, byName, seen);
            }
            return;
        }
        if (!(type instanceof Class<?> type1) || !type1.getName().startsWith("dev.messenger.") || !seen.add(type1)) {
            return;
        }
        Class<?> clazz = type1;
        if (clazz.isEnum()) {
            return;
        }
        Schema schema = clazz.getAnnotation(Schema.class);
        String name = schema != null && !schema.name().isEmpty() ? schema.name() : clazz.getSimpleName();
        byName.computeIfAbsent(name, n -> new HashSet<>()).add(clazz);
        if (clazz.isRecord()) {
            for (RecordComponent component : clazz.getRecordComponents()) {
                collect(component.getGenericType(), byName, seen);
            }
        }
    }

    private static List<Method> handlers() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<Method> handlers = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents("dev.messenger.gateway")) {
            for (Method method : Class.forName(candidate.getBeanClassName()).getDeclaredMethods()) {
                if (AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class)) {
                    handlers.add(method);
                }
            }
        }
        assertThat(handlers).as("the scan found the API's operations").hasSizeGreaterThan(80);
        return handlers;
    }
}
