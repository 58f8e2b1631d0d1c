package ai.novai.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * A multipart/form-data body as httpx (the Python SDK's client) writes one: each field as
 * {@code --boundary CRLF headers CRLF CRLF value CRLF}, then {@code --boundary-- CRLF}; a file field with its
 * {@code filename} and a {@code Content-Type}.
 */
public final class MultipartForm {

    private final String boundary;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public MultipartForm(String boundary) {
        this.boundary = boundary;
    }

    /** A text field. */
    public MultipartForm field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"", value.getBytes(StandardCharsets.UTF_8));
    }

    /** A file field with {@code Content-Type: application/octet-stream}. */
    public MultipartForm file(String name, String filename, byte[] content) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                            + "\"\r\nContent-Type: application/octet-stream", content);
    }

    /** A part with these header lines (CRLF between them). */
    public MultipartForm part(String headers, byte[] content) {
        body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The parts written so far, without the closing boundary. */
    public byte[] open() {
        return body.toByteArray();
    }

    /** The whole body: the parts and the closing boundary. */
    public byte[] bytes() {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(body.toByteArray());
        whole.writeBytes(closing());
        return whole.toByteArray();
    }

    /** The closing boundary line. */
    public byte[] closing() {
        return ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code multipart/form-data; boundary=...}. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** A POST of the whole body with its Content-Type. */
    public HttpRequest.Builder post(HttpRequest.Builder request) {
        return request.setHeader("Content-Type", contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(bytes()));
    }
}
