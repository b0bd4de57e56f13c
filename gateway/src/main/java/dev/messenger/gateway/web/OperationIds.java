package dev.messenger.gateway.web;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Every operation's id is its controller's name and its method's ({@code messageSend}, {@code mediaUpload}): unique and
 * stable, where springdoc's default (the method's name) numbers clashes in the order it finds them ({@code remove_2}),
 * and those ids name the generated clients' methods.
 */
@Component
public class OperationIds implements OperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
        String method = handler.getMethod().getName();
        return operation.operationId(Character.toLowerCase(controller.charAt(0)) + controller.substring(1)
                + Character.toUpperCase(method.charAt(0)) + method.substring(1));
    }
}
