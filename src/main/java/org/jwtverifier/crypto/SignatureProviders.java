package org.jwtverifier.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jwtverifier.config.JwsAlgorithm;
import org.jwtverifier.config.ProviderChoice;

/**
 * Which JCA provider verifies each JWS algorithm, decided once when the verifier is assembled and handed to JJWT
 * explicitly ({@code JwtParserBuilder.provider}), so that what {@link #byAlgorithm()} reports is what verifies.
 *
 * <p>JJWT asks for one JCA name per algorithm: {@code SHA256withRSA} for RS256, {@code RSASSA-PSS} for PS256
 * (RFC 7518 §3.5), {@code SHA256withECDSA} for ES256 (it turns the JWS signature, R and S concatenated as RFC 7518
 * §3.4 mandates, into DER first), the generic {@code EdDSA} for EdDSA whatever the key's curve (RFC 8037 §3.1),
 * and the {@code Mac} {@code HmacSHA256} for HS256. A parser takes one provider, yet the Amazon Corretto Crypto
 * Provider verifies Ed25519 and not Ed448: the parsers of signature algorithms therefore get
 * {@link #forSignatures()}, a provider of this application's own whose every {@code Signature} service is the chosen
 * provider's service for that JCA name, and whose {@code EdDSA} hands each key to the provider chosen for its curve
 * ({@link EdDsaByCurve}). It is registered nowhere, so nothing outside the verifier sees it. HMAC
 * parsers get the chosen {@code Mac} provider itself ({@link #forHmac()}): a provider that is not the JDK's own
 * would be remembered by the JDK's JCE code for the life of the JVM, and hold the application's class loader.
 */
public final class SignatureProviders {
    /** The JCA names JJWT asks for, by JWS algorithm; EdDSA's two follow the key's curve. */
    private static final Map<JwsAlgorithm, List<String>> JCA_NAMES = jcaNames();

    private final ProviderChoice choice;
    /** JCA name to provider, for every name of {@link #JCA_NAMES} that some provider offers. */
    private final Map<String, Provider> chosen;
    private final Optional<String> nativeUnusable;
    private final Provider forSignatures;
    private final Provider forHmac;

    private SignatureProviders(ProviderChoice choice, Map<String, Provider> chosen, Optional<String> nativeUnusable) {
        this.choice = choice;
        this.chosen = chosen;
        this.nativeUnusable = nativeUnusable;
        this.forSignatures = new VerificationProvider(chosen);
        List<Provider> macs = JwsAlgorithm.HMAC.stream()
                .map(alg -> chosen.get(JCA_NAMES.get(JwsAlgorithm.valueOf(alg)).get(0))).distinct().toList();
        this.forHmac = macs.size() == 1 ? macs.get(0) : null;
    }

    /**
     * @throws IllegalStateException when {@code choice} is {@link ProviderChoice#ACCP} and the Amazon Corretto
     *                               Crypto Provider is not installed or not healthy, with the reason
     */
    public static SignatureProviders resolve(ProviderChoice choice) {
        Optional<Provider> nativeProvider = NativeProvider.registered();
        Optional<String> unusable = nativeProvider.isEmpty() ? Optional.of("it is not installed")
                : NativeProvider.unhealthy(nativeProvider.get());
        if (choice == ProviderChoice.ACCP && unusable.isPresent()) {
            throw new IllegalStateException("crypto.provider is accp, but the " + NativeProvider.NAME
                    + " cannot be used: " + unusable.get());
        }
        Map<String, Provider> chosen = new LinkedHashMap<>();
        for (Map.Entry<JwsAlgorithm, List<String>> entry : JCA_NAMES.entrySet()) {
            String type = entry.getKey().isHmac() ? "Mac" : "Signature";
            for (String jcaName : entry.getValue()) {
                choose(choice, type, jcaName, unusable.isEmpty()).ifPresent(p -> chosen.put(jcaName, p));
            }
        }
        // Reported only where it matters: installed, and passed over for being unhealthy.
        Optional<String> passedOver = nativeProvider.isPresent() ? unusable : Optional.empty();
        return new SignatureProviders(choice, chosen, passedOver);
    }

    private static Optional<Provider> choose(ProviderChoice choice, String type, String jcaName, boolean nativeUsable) {
        List<Provider> offering = Arrays.stream(Security.getProviders())
                .filter(p -> p.getService(type, jcaName) != null).toList();
        return switch (choice) {
            case AUTO -> offering.stream().filter(p -> nativeUsable || !NativeProvider.is(p)).findFirst();
            case JDK -> offering.stream().filter(SignatureProviders::isJdks).findFirst();
            case ACCP -> offering.stream().filter(NativeProvider::is).findFirst()
                    .or(() -> offering.stream().filter(SignatureProviders::isJdks).findFirst());
        };
    }

    /** Whether the provider is one of the JDK's own: defined in one of its modules. */
    static boolean isJdks(Provider provider) {
        String module = provider.getClass().getModule().getName();
        return module != null && (module.startsWith("java.") || module.startsWith("jdk."));
    }

    public ProviderChoice choice() {
        return choice;
    }

    /** @return the provider for JJWT's parsers of signature algorithms (RSA, RSASSA-PSS, ECDSA, EdDSA) */
    public Provider forSignatures() {
        return forSignatures;
    }

    /** @return the provider for JJWT's parsers of HMAC algorithms, or null for the JVM's preference */
    public Provider forHmac() {
        return forHmac;
    }

    /**
     * @return for each JWS algorithm, the provider that verifies it and its version, e.g.
     *         {@code RS256 -> AmazonCorrettoCryptoProvider 2.5.0}, {@code EdDSA -> Ed25519: ..., Ed448: SunEC 17};
     *         {@code none} where no provider offers it
     */
    public Map<String, String> byAlgorithm() {
        Map<String, String> result = new LinkedHashMap<>();
        JCA_NAMES.forEach((alg, names) -> {
            if (names.size() == 1) {
                result.put(alg.name(), describe(chosen.get(names.get(0))));
            } else {
                result.put(alg.name(), names.stream().map(n -> n + ": " + describe(chosen.get(n)))
                        .collect(Collectors.joining(", ")));
            }
        });
        return result;
    }

    /**
     * @return why the Amazon Corretto Crypto Provider, installed, verifies nothing (not healthy), or empty
     */
    public Optional<String> nativeProviderPassedOver() {
        return nativeUnusable;
    }

    /** @return the start-up line: the choice, and which provider verifies which algorithms */
    public String summary() {
        Map<String, List<String>> byProvider = new LinkedHashMap<>();
        byAlgorithm().forEach((alg, provider) -> byProvider.computeIfAbsent(provider, p -> new ArrayList<>()).add(alg));
        String line = "crypto.provider " + choice.configName() + "; " + byProvider.entrySet().stream()
                .map(e -> String.join(" ", e.getValue()) + " by " + e.getKey()).collect(Collectors.joining("; "));
        return nativeUnusable.map(why -> line + " (" + NativeProvider.NAME + " installed but not used: " + why + ")")
                .orElse(line);
    }

    private static String describe(Provider provider) {
        return provider == null ? "none" : provider.getName() + " " + provider.getVersionStr();
    }

    private static Map<JwsAlgorithm, List<String>> jcaNames() {
        Map<JwsAlgorithm, List<String>> names = new LinkedHashMap<>();
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            String bits = alg.name().substring(2);
            names.put(alg, switch (alg.name().substring(0, 2)) {
                case "RS" -> List.of("SHA" + bits + "withRSA");
                case "PS" -> List.of("RSASSA-PSS");
                case "ES" -> List.of("SHA" + bits + "withECDSA");
                case "HS" -> List.of("HmacSHA" + bits);
                default -> List.of("Ed25519", "Ed448");
            });
        }
        return names;
    }

    /**
     * One {@code Signature} service per JCA name, each the chosen provider's own service: {@code newInstance} is
     * that provider's, so the signature engine is its code, whatever provider object JJWT was handed.
     */
    private static final class VerificationProvider extends Provider {
        private static final long serialVersionUID = 1L;

        VerificationProvider(Map<String, Provider> chosen) {
            super("jwt-verifier", "1", "the signature providers jwt-verifier chose, by algorithm");
            chosen.forEach((jcaName, provider) -> {
                Service service = provider.getService("Signature", jcaName);
                if (service != null) {
                    putService(new Delegate(this, service));
                }
            });
            Provider ed25519 = chosen.get("Ed25519");
            Provider ed448 = chosen.get("Ed448");
            putService(new Service(this, "Signature", "EdDSA", EdDsaByCurve.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return new EdDsaByCurve(ed25519, ed448);
                }
            });
        }
    }

    private static final class Delegate extends Provider.Service {
        private final Provider.Service target;

        Delegate(Provider owner, Provider.Service target) {
            super(owner, target.getType(), target.getAlgorithm(), target.getClassName(), null, null);
            this.target = target;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            return target.newInstance(constructorParameter);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return target.supportsParameter(parameter);
        }
    }
}
