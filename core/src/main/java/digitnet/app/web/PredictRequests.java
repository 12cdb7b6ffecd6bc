package digitnet.app.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import digitnet.data.InputException;
import digitnet.api.Model;
import digitnet.data.MnistImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns the body of {@code POST /api/predict} into the 28x28 image the network reads:
 * <ul>
 *   <li>{@code application/json} {@code {"pixels": [784 numbers 0..255]}}: a 28x28 image already in
 *       MNIST form (light ink on black, row-major), used as it is;</li>
 *   <li>{@code application/json} {@code {"ink": [w*h numbers 0..255], "width": w, "height": h}}: a
 *       drawing of any size (0 = paper, 255 = ink), preprocessed the MNIST way;</li>
 *   <li>{@code image/png} or {@code image/jpeg}: a picture, preprocessed the MNIST way (dark ink on
 *       light paper or the reverse; sides up to {@link #MAX_SIDE} pixels).</li>
 * </ul>
 */
final class PredictRequests {
    static final int PIXELS = MnistImage.SIZE * MnistImage.SIZE;
    /** Largest picture side accepted by the web API (MnistImage itself allows more). */
    static final int MAX_SIDE = 2048;
    /** Strict JSON: one value (nothing after it), no field given twice. */
    private static final ObjectReader JSON = Exchanges.JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** The image to predict, and whether it was preprocessed from a drawing or picture. */
    record Parsed(byte[] pixels, boolean preprocessed) {}

    private PredictRequests() {}

    static Parsed parse(String contentType, byte[] body) {
        return parse(contentType, body, null);
    }

    /**
     * The request for {@code model}: a model that reads pictures rather than MNIST digits (colour, or
     * classes with names: {@link Model#readsMnistPictures()} false) gets a PNG or JPEG resized to its size
     * in its channels, or JSON {@code pixels} of its channels x height x width; drawn ink is refused.
     */
    static Parsed parse(String contentType, byte[] body, Model model) {
        if (model != null && !model.readsMnistPictures()) {
            return switch (contentType) {
                case "application/json" -> pictureJson(body, model);
                case "image/png", "image/jpeg" -> new Parsed(model.pictureBytes(decoded(body)), true);
                case "" -> throw new ApiError(415, "Content-Type is missing; send image/png, image/jpeg or application/json");
                default -> throw new ApiError(415, "Content-Type " + contentType
                        + " is not supported; send image/png, image/jpeg or application/json");
            };
        }
        return switch (contentType) {
            case "application/json" -> json(body);
            case "image/png", "image/jpeg" -> new Parsed(picture(body), true);
            case "" -> throw new ApiError(415, "Content-Type is missing; send application/json, image/png or image/jpeg");
            default -> throw new ApiError(415, "Content-Type " + contentType
                    + " is not supported; send application/json, image/png or image/jpeg");
        };
    }

    private static Parsed pictureJson(byte[] body, Model model) {
        JsonNode root = tree(body);
        int n = model.channels() * model.height() * model.width();
        if (!root.has("pixels")) {
            throw new ApiError(400, "this model reads pictures of " + model.channels() + "x" + model.height() + "x"
                    + model.width() + "; send a PNG or JPEG, or a JSON field \"pixels\" of " + n + " numbers, channel-major");
        }
        float[] v = numbers(root.get("pixels"), "pixels", n);
        byte[] px = new byte[n];
        for (int i = 0; i < n; i++) {
            px[i] = (byte) Math.round(v[i]);
        }
        return new Parsed(px, false);
    }

    private static JsonNode tree(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (MismatchedInputException e) {
            throw new ApiError(400, "malformed JSON: more data after the end of the object");
        } catch (JacksonException e) {
            throw new ApiError(400, "malformed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new ApiError(400, "unreadable body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ApiError(400, "the body must be a JSON object with \"pixels\" or \"ink\"");
        }
        return root;
    }

    private static Parsed json(byte[] body) {
        JsonNode root = tree(body);
        if (root.has("pixels")) {
            float[] v = numbers(root.get("pixels"), "pixels", PIXELS);
            byte[] px = new byte[PIXELS];
            for (int i = 0; i < PIXELS; i++) {
                px[i] = (byte) Math.round(v[i]);
            }
            return new Parsed(px, false);
        }
        if (root.has("ink")) {
            int w = side(root, "width"), h = side(root, "height");
            float[] ink = numbers(root.get("ink"), "ink", w * h);
            return new Parsed(MnistImage.fromInk(ink, w, h), true);
        }
        throw new ApiError(400, "the body must have a field \"pixels\" (784 numbers) or \"ink\" with \"width\" and \"height\"");
    }

    private static float[] numbers(JsonNode node, String field, int expected) {
        if (node == null || !node.isArray()) {
            throw new ApiError(400, "field " + field + " must be an array of numbers 0..255");
        }
        if (node.size() != expected) {
            throw new ApiError(400, "field " + field + " has " + node.size() + " values, expected " + expected);
        }
        float[] v = new float[expected];
        for (int i = 0; i < expected; i++) {
            JsonNode n = node.get(i);
            if (!n.isNumber()) {
                throw new ApiError(400, "field " + field + "[" + i + "] is not a number: " + n);
            }
            double d = n.asDouble();
            if (!(d >= 0 && d <= 255)) {
                throw new ApiError(400, "field " + field + "[" + i + "] = " + n + " is outside 0..255");
            }
            v[i] = (float) d;
        }
        return v;
    }

    private static int side(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1 || n.intValue() > MAX_SIDE) {
            throw new ApiError(400, "field " + field + " must be an integer 1.." + MAX_SIDE);
        }
        return n.intValue();
    }

    /** Checks the picture's size from its header before decoding it, then preprocesses it. */
    private static byte[] picture(byte[] body) {
        checkHeader(body);
        try {
            return MnistImage.read("request body", new ByteArrayInputStream(body));
        } catch (InputException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    /** The picture decoded, its size checked from its header first. */
    private static BufferedImage decoded(byte[] body) {
        checkHeader(body);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(body));
            if (image == null) {
                throw new ApiError(400, "the body is not a PNG or JPEG image");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiError a) {
                throw a;
            }
            throw new ApiError(400, "unreadable image: " + e.getMessage());
        }
    }

    private static void checkHeader(byte[] body) {
        if (body.length == 0) {
            throw new ApiError(400, "empty image body");
        }
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(body))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new ApiError(400, "the body is not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE) {
                    throw new ApiError(413, "image of " + w + "x" + h + " pixels is over the limit of "
                            + MAX_SIDE + "x" + MAX_SIDE);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiError a) {
                throw a;
            }
            throw new ApiError(400, "unreadable image: " + e.getMessage());
        }
    }
}
