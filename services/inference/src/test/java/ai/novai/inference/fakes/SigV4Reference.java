package ai.novai.inference.fakes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 written out step by step from AWS's specification with {@code javax.crypto}, apart from
 * the AWS SDK the service signs with: what tests check the service's signatures against, and how the fake Bedrock
 * verifies the requests it receives, the way AWS does (recompute from what arrived, compare).
 */
public final class SigV4Reference {

    /** {@code AWS4-HMAC-SHA256 Credential=ID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex} */
    public static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request, "
                    + "SignedHeaders=([a-z0-9-]+(?:;[a-z0-9-]+)*), Signature=([0-9a-f]{64})");

    private SigV4Reference() {
    }

    /**
     * The signature of a POST.
     *
     * @param rawPath       the path as sent (percent-encoded once); every segment is encoded again for the
     *                      canonical request, as SigV4 does for every service but S3
     * @param signedHeaders the signed headers, names in lower case, values as sent
     * @param amzDate       the {@code X-Amz-Date} value, e.g. {@code 20261207T120000Z}
     */
    public static String signature(String rawPath, Map<String, String> signedHeaders, byte[] body, String secret,
                                   String amzDate, String region, String service) {
        String canonicalPath = Arrays.stream(rawPath.split("/", -1)).map(SigV4Reference::encode)
                .collect(Collectors.joining("/"));
        String canonicalHeaders = signedHeaders.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + ":" + entry.getValue().strip().replaceAll("\\s+", " ") + "\n")
                .collect(Collectors.joining());
        String names = signedHeaders.keySet().stream().sorted().collect(Collectors.joining(";"));
        String canonicalRequest = String.join("\n", "POST", canonicalPath, "", canonicalHeaders, names, hex(sha256(body)));
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope,
                                          hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    /**
     * Whether a request's {@code Authorization} header is a valid signature of what arrived, for this secret.
     *
     * @param headers every header of the request, names in lower case
     */
    public static boolean verifies(String rawPath, Map<String, String> headers, byte[] body, String secret) {
        Matcher authorization = AUTHORIZATION.matcher(headers.getOrDefault("authorization", ""));
        if (!authorization.matches()) {
            return false;
        }
        Map<String, String> signed = Arrays.stream(authorization.group(5).split(";"))
                .collect(Collectors.toMap(name -> name, name -> headers.getOrDefault(name, "")));
        String amzDate = headers.getOrDefault("x-amz-date", "");
        return amzDate.startsWith(authorization.group(2))
                && signature(rawPath, signed, body, secret, amzDate, authorization.group(3), authorization.group(4))
                .equals(authorization.group(6));
    }

    // RFC 3986 unreserved characters stay; everything else is %XX in upper case.
    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }
}
