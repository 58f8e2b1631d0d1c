package ai.novai.gateway.models;

import java.util.List;

import ai.novai.gateway.errors.ApiException;
import ai.novai.gateway.http.Json;
import ai.novai.gateway.keys.Authenticated;
import ai.novai.proto.common.v1.ModelInfo;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{model}} in OpenAI's format, showing a key only the models its
 * {@code allowed_models} let it use: any other is not listed and answers 404 {@code model_not_found}, as an
 * unknown one does (a key learns nothing of the models it cannot use). The admin token sees every model.
 */
public final class ModelsService implements HttpService {

    private final ModelCatalog catalog;

    public ModelsService(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{model}", this::retrieve);
    }

    private void list(ServerRequest request, ServerResponse response) {
        List<OpenAiModel> data = catalog.list().stream().filter(model -> mayUse(request, model))
                .map(ModelsService::toOpenAi).toList();
        Json.send(response, Status.OK_200, new OpenAiModel.Page(data));
    }

    private void retrieve(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("model");
        ModelInfo model = catalog.find(id).filter(found -> mayUse(request, found))
                .orElseThrow(() -> ApiException.notFound("The model '" + id
                        + "' does not exist or you do not have access to it.", "model", "model_not_found"));
        Json.send(response, Status.OK_200, toOpenAi(model));
    }

    private static boolean mayUse(ServerRequest request, ModelInfo model) {
        return Authenticated.keyIfPresent(request).map(key -> key.mayUse(ModelCatalog.names(model))).orElse(true);
    }

    private static OpenAiModel toOpenAi(ModelInfo model) {
        return new OpenAiModel(model.getId(), model.getCreated(), model.getOwnedBy());
    }
}
