package org.jwtverifier.testsupport;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A valid token with its signature broken in each way a signature arrives broken: bits flipped, the payload
 * changed under it, too short, too long, all zero, all ones, empty, and for ECDSA (RFC 7518 §3.4) R and S of the
 * wrong kind: DER instead of R||S, R or S zero, S equal to or beyond the curve order, R and S swapped, and the high
 * S (n − S) that verifies as S does. Shared by the provider contract test and the in-container differential test,
 * so both judge the same set.
 */
public final class BrokenSignatures {
    /** The variant that verifies although altered: ECDSA signatures are malleable. */
    public static final String HIGH_S = "S negated (high S)";

    private BrokenSignatures() {
    }

    /** @return each variant's name and token, in a fixed order; {@code key} is the key that signed {@code token} */
    public static Map<String, String> of(String token, PublicKey key) {
        int dot = token.lastIndexOf('.');
        String input = token.substring(0, dot);
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        Map<String, String> v = new LinkedHashMap<>();
        v.put("last bit flipped", with(input, flip(sig, sig.length - 1)));
        v.put("first bit flipped", with(input, flip(sig, 0)));
        v.put("payload changed", token.substring(0, dot - 2) + (token.charAt(dot - 2) == 'A' ? 'B' : 'A')
                + token.substring(dot - 1));
        v.put("one byte short", with(input, Arrays.copyOf(sig, sig.length - 1)));
        v.put("one byte long", with(input, Arrays.copyOf(sig, sig.length + 1)));
        v.put("all zero", with(input, new byte[sig.length]));
        byte[] ones = new byte[sig.length];
        Arrays.fill(ones, (byte) 0xff);
        v.put("all ones", with(input, ones));
        v.put("empty", input + ".");
        if (key instanceof ECPublicKey ec && sig.length == 64) {
            BigInteger n = ec.getParams().getOrder();
            byte[] r = Arrays.copyOfRange(sig, 0, 32);
            byte[] s = Arrays.copyOfRange(sig, 32, 64);
            v.put("DER instead of R and S", with(input, der(r, s)));
            v.put("R zero", with(input, concat(new byte[32], s)));
            v.put("S zero", with(input, concat(r, new byte[32])));
            v.put("S equal to the order", with(input, concat(r, fixed(n))));
            v.put("S plus the order", with(input, concat(r, fixed(new BigInteger(1, s).add(n)
                    .mod(BigInteger.ONE.shiftLeft(256))))));
            v.put("R and S swapped", with(input, concat(s, r)));
            v.put(HIGH_S, with(input, concat(r, fixed(n.subtract(new BigInteger(1, s))))));
        }
        return v;
    }

    private static String with(String input, byte[] signature) {
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 1;
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A 32-byte big-endian unsigned integer. */
    private static byte[] fixed(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    /** ASN.1 DER SEQUENCE { INTEGER r, INTEGER s }, as a JCA ECDSA signature is encoded. */
    private static byte[] der(byte[] r, byte[] s) {
        List<Byte> body = new ArrayList<>();
        for (byte[] part : new byte[][]{r, s}) {
            byte[] integer = new BigInteger(1, part).toByteArray();
            body.add((byte) 0x02);
            body.add((byte) integer.length);
            for (byte b : integer) {
                body.add(b);
            }
        }
        byte[] out = new byte[body.size() + 2];
        out[0] = 0x30;
        out[1] = (byte) body.size();
        for (int i = 0; i < body.size(); i++) {
            out[i + 2] = body.get(i);
        }
        return out;
    }
}
