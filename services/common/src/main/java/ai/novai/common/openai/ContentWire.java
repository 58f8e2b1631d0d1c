package ai.novai.common.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.novai.proto.inference.v1.ContentPart;
import ai.novai.proto.inference.v1.ImageDetail;
import ai.novai.proto.inference.v1.ImageUrl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static ai.novai.common.openai.WireFields.required;
import static ai.novai.common.openai.WireFields.requiredString;
import static ai.novai.common.openai.WireFields.string;
import static ai.novai.common.openai.WireFields.text;

/**
 * A message's {@code content}: a string, or an array of {@code text} and {@code image_url} parts.
 */
public final class ContentWire {

    private ContentWire() {
    }

    /**
     * A client's content at {@code path}.
     *
     * @param imagesAllowed whether {@code image_url} parts may be used (user messages only)
     */
    public static List<ContentPart> readStrict(JsonNode content, String path, boolean imagesAllowed) {
        if (content.isTextual()) {
            return List.of(ContentPart.newBuilder().setText(content.asText()).build());
        }
        if (!content.isArray()) {
            throw OpenAiWireException.invalidType(path, "a string or an array of content parts");
        }
        if (content.isEmpty()) {
            throw OpenAiWireException.invalidValue(path, "an array of content parts must not be empty.");
        }
        ContentPart[] parts = new ContentPart[content.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = part(content.get(i), path + "[" + i + "]", imagesAllowed);
        }
        return List.of(parts);
    }

    private static ContentPart part(JsonNode part, String path, boolean imagesAllowed) {
        if (!part.isObject()) {
            throw OpenAiWireException.invalidType(path, "an object");
        }
        String type = requiredString(part, "type", path + ".type");
        return switch (type) {
            case "text" -> ContentPart.newBuilder().setText(requiredString(part, "text", path + ".text")).build();
            case "image_url" -> {
                if (!imagesAllowed) {
                    throw OpenAiWireException.invalidValue(path + ".type", "images are only allowed in user messages.");
                }
                yield ContentPart.newBuilder()
                        .setImageUrl(image(required(part, "image_url", path + ".image_url"), path + ".image_url"))
                        .build();
            }
            default -> throw OpenAiWireException.invalidValue(path + ".type", "expected 'text'"
                    + (imagesAllowed ? " or 'image_url'" : "") + ", got '" + type + "'.");
        };
    }

    private static ImageUrl image(JsonNode image, String path) {
        if (!image.isObject()) {
            throw OpenAiWireException.invalidType(path, "an object");
        }
        String url = requiredString(image, "url", path + ".url");
        if (!url.startsWith("https://") && !url.startsWith("http://") && !url.startsWith("data:image/")) {
            throw OpenAiWireException.invalidValue(path + ".url", "expected an http(s) URL or a data:image/... URI.");
        }
        ImageDetail detail = switch (string(image, "detail", path + ".detail").orElse("auto")) {
            case "auto" -> ImageDetail.IMAGE_DETAIL_AUTO;
            case "low" -> ImageDetail.IMAGE_DETAIL_LOW;
            case "high" -> ImageDetail.IMAGE_DETAIL_HIGH;
            default -> throw OpenAiWireException.invalidValue(path + ".detail", "expected 'auto', 'low' or 'high'.");
        };
        return ImageUrl.newBuilder().setUrl(url).setDetail(detail).build();
    }

    /**
     * Writes request content. One text part is sent as a plain string, which every OpenAI-compatible server
     * understands; parts only when there is more than that. No parts: {@code null} when the content is optional
     * (an assistant message that calls tools or refuses, as OpenAI itself writes it), else an empty string.
     */
    public static void write(List<ContentPart> parts, boolean optional, ObjectNode message) {
        if (parts.size() == 1 && parts.getFirst().hasText()) {
            message.put("content", parts.getFirst().getText());
        } else if (parts.isEmpty()) {
            if (optional) {
                message.putNull("content");
            } else {
                message.put("content", "");
            }
        } else {
            ArrayNode array = message.putArray("content");
            for (ContentPart part : parts) {
                if (part.hasText()) {
                    array.addObject().put("type", "text").put("text", part.getText());
                } else {
                    ObjectNode image = array.addObject().put("type", "image_url").putObject("image_url");
                    image.put("url", part.getImageUrl().getUrl());
                    detail(part.getImageUrl()).ifPresent(detail -> image.put("detail", detail));
                }
            }
        }
    }

    private static Optional<String> detail(ImageUrl image) {
        return switch (image.getDetail()) {
            case IMAGE_DETAIL_AUTO -> Optional.of("auto");
            case IMAGE_DETAIL_LOW -> Optional.of("low");
            case IMAGE_DETAIL_HIGH -> Optional.of("high");
            case IMAGE_DETAIL_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
        };
    }

    /** Writes an answer's content: its text as one string, {@code null} when it has none. */
    public static void writeAnswer(List<ContentPart> parts, ObjectNode message) {
        if (parts.isEmpty()) {
            message.putNull("content");
            return;
        }
        StringBuilder text = new StringBuilder();
        for (ContentPart part : parts) {
            text.append(part.getText());
        }
        message.put("content", text.toString());
    }

    /** An upstream answer's content, leniently: a string, or the text of an array's parts; "" is none. */
    public static List<ContentPart> readAnswer(JsonNode content) {
        if (content.isTextual()) {
            return content.asText().isEmpty() ? List.of()
                    : List.of(ContentPart.newBuilder().setText(content.asText()).build());
        }
        List<ContentPart> parts = new ArrayList<>();
        if (content.isArray()) {
            for (JsonNode part : content) {
                text(part.path("text")).ifPresent(text -> parts.add(ContentPart.newBuilder().setText(text).build()));
            }
        }
        return parts;
    }
}
