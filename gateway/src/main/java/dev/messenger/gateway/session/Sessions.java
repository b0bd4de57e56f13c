package dev.messenger.gateway.session;

import dev.messenger.gateway.security.AuthProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.crypto.keygen.BytesKeyGenerator;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in sessions and their refresh tokens, in PostgreSQL (JDBC: call it off the event loop).
 *
 * <p>A refresh token is {@code <sessionId>.<secret>}: 256 random bits from Spring Security's key generator, of which
 * only the SHA-256 digest is stored (a secret that random needs no slow hash; a stolen table gives no usable token).
 * Each use rotates it: the digest is swapped in one conditional UPDATE, so of two uses of one token exactly one
 * succeeds, and the old digest is remembered; a remembered digest presented again means the token was copied, and the
 * session is revoked (the RFC 6819 / OAuth 2.0 Security BCP "refresh token rotation" with reuse detection).
 */
@Repository
public class Sessions {

    /** At most this many live sessions per account: signing in once more revokes the least recently used. */
    static final int MAX_PER_USER = 50;
    static final int MAX_USER_AGENT = 200;
    private static final int MAX_TOKEN_LENGTH = 200;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AuthProperties properties;
    private final BytesKeyGenerator secrets = KeyGenerators.secureRandom(32);

    public Sessions(NamedParameterJdbcTemplate jdbc, TransactionTemplate transactions, AuthProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
    }

    /** A session as its owner sees it. */
    public record Session(String sessionId, Instant createdAt, Instant lastUsedAt, String userAgent) {
    }

    /** A session and the refresh token just issued for it. */
    public record Issued(String sessionId, String userId, String refreshToken) {
    }

    /** What presenting a refresh token came to. */
    public sealed interface Refresh {
        record Rotated(Issued issued) implements Refresh {
        }

        /** The token was already exchanged once: its session is now revoked. */
        record Reused(String sessionId) implements Refresh {
        }

        record Invalid() implements Refresh {
        }
    }

    /** Starts a session for a sign-in; beyond {@link #MAX_PER_USER} the least recently used ones are revoked. */
    public Issued start(String userId, String userAgent, List<String> revokedOut) {
        String sessionId = "s-" + UUID.randomUUID();
        String secret = newSecret();
        transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO user_session (session_id, user_id, user_agent, refresh_hash, refresh_expires_at) "
                            + "VALUES (:sessionId, :userId, :userAgent, :hash, now() + make_interval(secs => :ttl))",
                    new MapSqlParameterSource("sessionId", sessionId).addValue("userId", userId)
                            .addValue("userAgent", bounded(userAgent)).addValue("hash", digest(secret))
                            .addValue("ttl", properties.refreshTokenTtl().toSeconds()));
            // what is long over goes: revoked a day ago (every access token of it expired long since) or left unused
            jdbc.update("DELETE FROM user_session WHERE user_id = :userId AND (revoked_at < now() - interval '1 day' "
                    + "OR refresh_expires_at < now() - interval '1 day')", new MapSqlParameterSource("userId", userId));
            revokedOut.addAll(jdbc.queryForList("UPDATE user_session SET revoked_at = now() WHERE session_id IN ("
                            + "SELECT session_id FROM user_session WHERE user_id = :userId AND revoked_at IS NULL "
                            + "AND refresh_expires_at > now() ORDER BY last_used_at DESC, created_at DESC OFFSET :max) RETURNING session_id",
                    new MapSqlParameterSource("userId", userId).addValue("max", MAX_PER_USER), String.class));
        });
        return new Issued(sessionId, userId, sessionId + "." + secret);
    }

    /** Exchanges a refresh token for the next one of its session (see the class comment). */
    public Refresh refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.length() > MAX_TOKEN_LENGTH) {
            return new Refresh.Invalid();
        }
        int dot = refreshToken.indexOf('.');
        if (dot <= 0 || dot > 64 || dot == refreshToken.length() - 1) {
            return new Refresh.Invalid();
        }
        String sessionId = refreshToken.substring(0, dot);
        String presented = digest(refreshToken.substring(dot + 1));
        String next = newSecret();
        return transactions.execute(status -> {
            MapSqlParameterSource params = new MapSqlParameterSource("sessionId", sessionId).addValue("presented", presented)
                    .addValue("next", digest(next)).addValue("ttl", properties.refreshTokenTtl().toSeconds());
            List<String> owner = jdbc.queryForList("UPDATE user_session SET refresh_hash = :next, last_used_at = now(), "
                    + "refresh_expires_at = now() + make_interval(secs => :ttl) WHERE session_id = :sessionId "
                    + "AND refresh_hash = :presented AND revoked_at IS NULL AND refresh_expires_at > now() RETURNING user_id",
                    params, String.class);
            if (!owner.isEmpty()) {
                jdbc.update("INSERT INTO used_refresh_token (token_hash, session_id) VALUES (:presented, :sessionId) "
                        + "ON CONFLICT (token_hash) DO NOTHING", params);
                // a used token older than a token's whole lifetime could not be presented as valid anyway
                jdbc.update("DELETE FROM used_refresh_token WHERE session_id = :sessionId "
                        + "AND used_at < now() - make_interval(secs => :ttl)", params);
                return new Refresh.Rotated(new Issued(sessionId, owner.get(0), sessionId + "." + next));
            }
            Integer reused = jdbc.queryForObject("SELECT count(*) FROM used_refresh_token WHERE token_hash = :presented "
                    + "AND session_id = :sessionId", params, Integer.class);
            if (reused != null && reused > 0) {
                jdbc.update("UPDATE user_session SET revoked_at = now() WHERE session_id = :sessionId AND revoked_at IS NULL", params);
                return new Refresh.Reused(sessionId);
            }
            return new Refresh.Invalid();
        });
    }

    /** The account's live sessions, most recently used first. */
    public List<Session> live(String userId) {
        return jdbc.query("SELECT session_id, created_at, last_used_at, user_agent FROM user_session WHERE user_id = :userId "
                        + "AND revoked_at IS NULL AND refresh_expires_at > now() ORDER BY last_used_at DESC, created_at DESC",
                new MapSqlParameterSource("userId", userId),
                (rs, i) -> new Session(rs.getString("session_id"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_used_at").toInstant(), rs.getString("user_agent")));
    }

    /** A session as a personal export shows it: signed out ones too ({@code revokedAt}). */
    public record PastSession(String sessionId, Instant createdAt, Instant lastUsedAt, String userAgent, Instant revokedAt) {
    }

    /** Every session the account has had that is still stored, newest first. */
    public List<PastSession> all(String userId) {
        return jdbc.query("SELECT session_id, created_at, last_used_at, user_agent, revoked_at FROM user_session WHERE user_id = :userId "
                        + "ORDER BY created_at DESC", new MapSqlParameterSource("userId", userId),
                (rs, i) -> new PastSession(rs.getString("session_id"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_used_at").toInstant(), rs.getString("user_agent"),
                        rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant()));
    }

    /**
     * Revokes one of the account's sessions. Empty when the account has no such session (another account's is no
     * different); revoking a revoked session again changes nothing.
     */
    public Optional<String> revoke(String userId, String sessionId) {
        MapSqlParameterSource params = new MapSqlParameterSource("userId", userId).addValue("sessionId", sessionId);
        List<String> found = jdbc.queryForList("UPDATE user_session SET revoked_at = coalesce(revoked_at, now()) "
                + "WHERE session_id = :sessionId AND user_id = :userId RETURNING session_id", params, String.class);
        return found.stream().findFirst();
    }

    /** Revokes every live session of the account but {@code keep} (none kept when null); gives the ones revoked. */
    public List<String> revokeAllBut(String userId, String keep) {
        return jdbc.queryForList("UPDATE user_session SET revoked_at = now() WHERE user_id = :userId AND revoked_at IS NULL "
                        + "AND session_id IS DISTINCT FROM :keep RETURNING session_id",
                new MapSqlParameterSource("userId", userId).addValue("keep", keep), String.class);
    }

    /** Revokes every session of a deleted account and forgets what they were used from; gives them all. */
    public List<String> revokeAllOfDeleted(String userId) {
        return jdbc.queryForList("UPDATE user_session SET revoked_at = coalesce(revoked_at, now()), user_agent = NULL "
                + "WHERE user_id = :userId RETURNING session_id", new MapSqlParameterSource("userId", userId), String.class);
    }

    /** Sessions revoked at or after {@code since} (the database's clock), with the database's time now. */
    public record Revocations(List<String> sessionIds, Instant now) {
    }

    public Revocations revokedSince(Instant since) {
        return revocations("revoked_at >= :since", new MapSqlParameterSource("since", java.sql.Timestamp.from(since)));
    }

    /** Sessions revoked within {@code window} of the database's clock now. */
    public Revocations revokedWithin(java.time.Duration window) {
        return revocations("revoked_at >= now() - make_interval(secs => :window)",
                new MapSqlParameterSource("window", window.toSeconds()));
    }

    private Revocations revocations(String condition, MapSqlParameterSource params) {
        return transactions.execute(status -> {
            Instant now = jdbc.getJdbcTemplate().queryForObject("SELECT now()", java.sql.Timestamp.class).toInstant();
            return new Revocations(jdbc.queryForList("SELECT session_id FROM user_session WHERE " + condition, params, String.class), now);
        });
    }

    private String newSecret() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secrets.generateKey());
    }

    static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bounded(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        String stripped = userAgent.strip();
        return stripped.length() <= MAX_USER_AGENT ? stripped : stripped.substring(0, MAX_USER_AGENT);
    }
}
