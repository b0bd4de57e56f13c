package dev.messenger.gateway.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One line that other people see as a name (a display name, a group title): no control characters (newlines,
 * tabs), no bidirectional embeddings, overrides or isolates (which make "evil.exe" read as "exe.live"), no
 * unassigned code points. Letters, marks, emoji and their joiners of every script are fine.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DisplayText.Validator.class)
public @interface DisplayText {

    String message() default "one line of text without control or bidirectional formatting characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<DisplayText, String> {

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            return text == null || text.codePoints().allMatch(Validator::allowed);
        }

        static boolean allowed(int codePoint) {
            int type = Character.getType(codePoint);
            if (type == Character.CONTROL || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return false;
            }
            byte direction = Character.getDirectionality(codePoint);
            return direction != Character.DIRECTIONALITY_LEFT_TO_RIGHT_EMBEDDING
                    && direction != Character.DIRECTIONALITY_RIGHT_TO_LEFT_EMBEDDING
                    && direction != Character.DIRECTIONALITY_LEFT_TO_RIGHT_OVERRIDE
                    && direction != Character.DIRECTIONALITY_RIGHT_TO_LEFT_OVERRIDE
                    && direction != Character.DIRECTIONALITY_POP_DIRECTIONAL_FORMAT
                    && direction != Character.DIRECTIONALITY_LEFT_TO_RIGHT_ISOLATE
                    && direction != Character.DIRECTIONALITY_RIGHT_TO_LEFT_ISOLATE
                    && direction != Character.DIRECTIONALITY_FIRST_STRONG_ISOLATE
                    && direction != Character.DIRECTIONALITY_POP_DIRECTIONAL_ISOLATE
                    // the invisible marks LRM, RLM and ALM only steer neighbours; in a name they are a disguise
                    && codePoint != 0x200E && codePoint != 0x200F && codePoint != 0x061C;
        }
    }
}
