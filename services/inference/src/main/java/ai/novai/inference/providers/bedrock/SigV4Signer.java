package ai.novai.inference.providers.bedrock;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import ai.novai.upstream.UpstreamRequest;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs a POST with AWS Signature Version 4 (the AWS SDK's {@link AwsV4HttpSigner}: the canonical request with
 * its doubly encoded path, the payload hash, the derived key), for one service and region. The signature covers
 * the exact URI, headers and body sent, so it is computed last, when the request is complete; the signer adds
 * {@code Host}, {@code X-Amz-Date}, {@code X-Amz-Content-Sha256}, {@code X-Amz-Security-Token} (session
 * credentials) and {@code Authorization}, all sent as signed: {@code Host} too, since the HTTP client's own would
 * name the port even when it is the scheme's default, which the signature leaves out. Pure apart from its clock,
 * which tests fix.
 */
final class SigV4Signer {

    /** The signing name of every Bedrock API, the runtime's included. */
    static final String BEDROCK = "bedrock";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String service;
    private final String region;
    private final Clock clock;

    SigV4Signer(String service, String region, Clock clock) {
        this.service = service;
        this.region = region;
        this.clock = clock;
    }

    /** The request to send: {@code headers} plus the signature's headers, for this body to this URI. */
    UpstreamRequest sign(URI uri, Map<String, String> headers, byte[] body, AwsCredentialsIdentity credentials) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(http::putHeader);
        SignedRequest signed = signer.sign(request -> request
                .identity(credentials)
                .request(http.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        UpstreamRequest request = UpstreamRequest.post(uri, body);
        signed.request().forEachHeader((name, values) -> request.header(name, String.join(",", values)));
        return request;
    }
}
