package dev.messenger.gateway.privacy;

import dev.messenger.command.privacy.ChangePrivacySettings;
import dev.messenger.events.privacy.Visibility;
import dev.messenger.gateway.web.Commands;
import dev.messenger.gateway.web.RequestTime;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@Tag(name = "Blocking, privacy, presence")
public class PrivacyController {

    private static final String VISIBILITY = "everyone|contacts|nobody";

    private final Commands commands;

    public PrivacyController(Commands commands) {
        this.commands = commands;
    }

    public record PrivacyRequest(@NotNull Boolean readReceipts,
                                 @NotNull @Pattern(regexp = VISIBILITY, message = "everyone, contacts or nobody") String lastSeen,
                                 @NotNull @Pattern(regexp = VISIBILITY, message = "everyone, contacts or nobody") String presence,
                                 @Pattern(regexp = VISIBILITY, message = "everyone, contacts or nobody") String groupAdds) {
    }

    @PutMapping("/users/me/privacy")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Replace the caller's privacy settings (readReceipts, lastSeen, presence; groupAdds optional)",
            description = "readReceipts false: others see readUpTo null and get no receipt.read events (unread counts stay right). "
                    + "lastSeen / presence: everyone, contacts (people who share a conversation with the caller) or nobody. "
                    + "groupAdds (left out: unchanged): who may add the caller to a group; anyone else's add becomes an invitation "
                    + "the caller accepts or declines (GET /invitations).")
    public Mono<Void> change(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody PrivacyRequest request) {
        return commands.send(new ChangePrivacySettings(jwt.getSubject(), request.readReceipts(), visibility(request.lastSeen()),
                visibility(request.presence()), RequestTime.now(), request.groupAdds() == null ? null : visibility(request.groupAdds()))).then();
    }

    private static Visibility visibility(String value) {
        return Visibility.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
