package ai.novai.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.BodySizeLimit;
import ai.novai.gateway.http.BodyStream;
import ai.novai.gateway.http.ClientConnections;
import ai.novai.gateway.http.ConnectionGuard;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.http.StreamedResponse;
import ai.novai.gateway.http.WriteTimeouts;
import ai.novai.gateway.keys.Authenticated;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * OpenAI's Files API, {@code /v1/files}, for batch files: upload (multipart, streamed into the
 * {@link FileLibrary} as it arrives), list, retrieve, download and delete. A key sees only its own files (another
 * key's answers 404, as one that does not exist); the admin token sees and deletes every key's but uploads none,
 * as files belong to keys.
 */
public final class FilesService implements HttpService {

    /** Where the service is registered. */
    public static final String PATH = "/v1/files";

    private final FileLibrary library;
    private final FileSettings settings;
    private final WriteTimeouts writeTimeouts;
    private final ClientConnections clientConnections;

    public FilesService(FileLibrary library, FileSettings settings, WriteTimeouts writeTimeouts,
                        ClientConnections clientConnections) {
        this.library = library;
        this.settings = settings;
        this.writeTimeouts = writeTimeouts;
        this.clientConnections = clientConnections;
    }

    /** The body cap of uploads, in place of the JSON endpoints' ({@link BodySizeLimit}). */
    public static BodySizeLimit.RouteCap uploadCap(FileSettings settings) {
        return new BodySizeLimit.RouteCap(Method.POST, PATH, settings.maxUploadBodyBytes(),
                                          () -> FileErrors.tooLarge(settings.maxBytes()));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::upload)
                .get("/", this::list)
                .get("/{file_id}", this::retrieve)
                .delete("/{file_id}", this::delete)
                .get("/{file_id}/content", this::content);
    }

    private void upload(ServerRequest request, ServerResponse response) {
        if (Authenticated.isAdmin(request)) {
            throw ApiException.forbidden("Files are uploaded with an API key, which owns them; the admin token "
                                                 + "lists, reads and deletes every key's files.", "api_key_required");
        }
        String keyId = Authenticated.key(request).id();
        UploadForm.Upload upload = readForm(request, MultipartBoundary.of(request.headers()));
        StoredFile file = library.publish(upload.content(), keyId, upload.filename(), upload.purpose(),
                                          Optional.of(upload.expiresAfter().orElse(settings.defaultExpiresAfter())));
        Json.send(response, Status.OK_200, FileJson.file(file));
    }

    private UploadForm.Upload readForm(ServerRequest request, String boundary) {
        try (ConnectionGuard.BodyRead read = ConnectionGuard.bodyRead()) {
            UploadBody body = new UploadBody(BodyStream.open(request), read, BodySizeLimit.of(request),
                                             settings.maxBytes());
            return UploadForm.read(new MultipartReader(body, boundary, MultipartLimits.UPLOAD_FORM), library,
                                   settings.maxBytes());
        } catch (MalformedMultipartException e) {
            throw ApiException.badRequest(e.getMessage(), null, "invalid_multipart");
        } catch (FileTooLargeException e) {
            throw FileErrors.tooLarge(settings.maxBytes());
        } catch (IOException e) {
            // reading the body fails as ClientGone (UploadBody); no other I/O is expected here
            throw new UncheckedIOException("reading an upload failed", e);
        }
    }

    private void list(ServerRequest request, ServerResponse response) {
        FileListQuery query = FileListQuery.from(request.query());
        Optional<StoredFile> after = query.after().map(id -> visible(request, id).orElseThrow(() -> FileListQuery
                .invalid("after", "'after' must be the id of a file of a previous page.")));
        List<StoredFile> files = library.page(owner(request), query.purpose(), after, query.ascending(),
                                              query.limit() + 1);
        boolean hasMore = files.size() > query.limit();
        Json.send(response, Status.OK_200, FileJson.page(hasMore ? files.subList(0, query.limit()) : files, hasMore));
    }

    private void retrieve(ServerRequest request, ServerResponse response) {
        Json.send(response, Status.OK_200, FileJson.file(named(request)));
    }

    private void delete(ServerRequest request, ServerResponse response) {
        StoredFile file = named(request);
        if (!library.delete(file.id())) {
            throw FileErrors.notFound(file.id());
        }
        Json.send(response, Status.OK_200, FileJson.deleted(file.id()));
    }

    private void content(ServerRequest request, ServerResponse response) {
        StoredFile file = named(request);
        response.header(HeaderValues.CONTENT_TYPE_OCTET_STREAM);
        response.header(HeaderNames.CONTENT_DISPOSITION, Filenames.attachment(file.filename()));
        try (ClientConnections.Watch client = clientConnections.watch(request, () -> { });
             InputStream content = library.open(file)) {
            StreamedResponse.send(response, content, file.bytes(), writeTimeouts, client::lastProgressNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the content of " + file.id() + " failed", e);
        }
    }

    // The file of the path, when the caller may see it; else 404, as for a file that does not exist
    private StoredFile named(ServerRequest request) {
        String id = request.path().pathParameters().get("file_id");
        return visible(request, id).orElseThrow(() -> FileErrors.notFound(id));
    }

    private Optional<StoredFile> visible(ServerRequest request, String id) {
        return library.find(id, owner(request));
    }

    // Whose files the caller sees: the key's own, or (the admin token) everybody's
    private static Optional<String> owner(ServerRequest request) {
        return Authenticated.isAdmin(request) ? Optional.empty() : Optional.of(Authenticated.key(request).id());
    }
}
