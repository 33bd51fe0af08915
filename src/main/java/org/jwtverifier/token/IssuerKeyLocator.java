package org.jwtverifier.token;

import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.LocatorAdapter;
import java.security.Key;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jwtverifier.jwks.IssuerKeyStore;
import org.jwtverifier.jwks.KeyLookup;
import org.jwtverifier.jwks.KeysUnavailableException;
import org.jwtverifier.jwks.VerificationKey;
import org.jwtverifier.verdict.Reason;

/**
 * JJWT's key seam, bound to one issuer's key store: a token is only ever verified with keys of the issuer it
 * names. Key material in the header ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) is never looked at
 * (RFC 8725 §3.10).
 *
 * <p>One instance serves every thread. The key handed to JJWT is also remembered for the calling thread until
 * {@link #takeLocated()}, so the verifier learns exactly which key checked the signature: looking it up again
 * after the parse could find other material if a refresh swapped the key set in between.
 */
final class IssuerKeyLocator extends LocatorAdapter<Key> {
    private final IssuerKeyStore keys;
    private final ThreadLocal<VerificationKey> located = new ThreadLocal<>();

    IssuerKeyLocator(IssuerKeyStore keys) {
        this.keys = keys;
    }

    /**
     * @return the key located for the calling thread's last parse, or null if none was; forgotten by this call,
     *         which must follow every parse so that no pooled request thread keeps a key (or this class) reachable
     */
    VerificationKey takeLocated() {
        VerificationKey key = located.get();
        located.remove();
        return key;
    }

    @Override
    protected Key locate(JwsHeader header) {
        String alg = header.getAlgorithm();
        KeyLookup lookup;
        try {
            lookup = keys.lookup(header.getKeyId(), alg);
        } catch (KeysUnavailableException e) {
            throw new KeysUnavailableDuringParse(e);
        }
        if (lookup instanceof KeyLookup.Found found) {
            located.set(found.key());
            Key key = found.key().key();
            if (key instanceof SecretKey secret && alg.startsWith("HS")) {
                // The JCA name must match the HMAC size the token asks for.
                return new SecretKeySpec(secret.getEncoded(), "HmacSHA" + alg.substring(2));
            }
            return key;
        }
        throw new RejectedTokenException(lookup instanceof KeyLookup.UnknownKey ? Reason.UNKNOWN_KID
                : Reason.KEY_MISMATCH);
    }

    @Override
    protected Key doLocate(io.jsonwebtoken.Header header) {
        throw new RejectedTokenException(Reason.UNSUPPORTED_ALGORITHM);
    }
}
