package org.jwtverifier.jwks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What an issuer's key store holds, for {@code /ready} and JMX.
 *
 * @param issuer           the issuer
 * @param source           where keys come from
 * @param keys             key ids held, with their types; empty when none
 * @param fetchedAt        when the held set was fetched, or null
 * @param age              how old the held set is, or null
 * @param usable           whether the held set may verify tokens now (held and younger than max-stale)
 * @param stale            whether it is past its TTL (refresh failing, still within max-stale)
 * @param lastAttempt      when the last fetch was attempted, or null
 * @param lastError        the last fetch error since the last success, or null
 */
public record KeyStoreStatus(String issuer, String source, Map<String, String> keys, Instant fetchedAt,
                             Duration age, boolean usable, boolean stale, Instant lastAttempt, String lastError) {
}
