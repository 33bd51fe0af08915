package org.jwtverifier.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.EdECKey;

/**
 * JCA {@code Signature.EdDSA} for verification: a key of curve Ed25519 is verified by one provider, a key of
 * curve Ed448 by another (RFC 8037 §3.1), each chosen by {@link SignatureProviders}. The curve is the key's
 * {@link EdECKey} parameters, else its algorithm name.
 */
final class EdDsaByCurve extends SignatureSpi {
    private final Provider ed25519;
    private final Provider ed448;
    private Signature engine;

    EdDsaByCurve(Provider ed25519, Provider ed448) {
        this.ed25519 = ed25519;
        this.ed448 = ed448;
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        String curve = publicKey instanceof EdECKey ed ? ed.getParams().getName() : publicKey.getAlgorithm();
        Provider provider = "Ed448".equalsIgnoreCase(curve) ? ed448
                : "Ed25519".equalsIgnoreCase(curve) ? ed25519 : null;
        if (provider == null) {
            throw new InvalidKeyException("not an Ed25519 or Ed448 key, or no provider verifies its curve");
        }
        try {
            engine = Signature.getInstance(curve.equalsIgnoreCase("Ed448") ? "Ed448" : "Ed25519", provider);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidKeyException("no " + curve + " signature in " + provider.getName(), e);
        }
        engine.initVerify(publicKey);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        throw new InvalidKeyException("verification only");
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        initialized().update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        initialized().update(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        throw new SignatureException("verification only");
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        return initialized().verify(sigBytes);
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new UnsupportedOperationException();
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new UnsupportedOperationException();
    }

    private Signature initialized() throws SignatureException {
        if (engine == null) {
            throw new SignatureException("not initialized for verification");
        }
        return engine;
    }
}
