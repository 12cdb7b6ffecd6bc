package digitnet.app.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every path the server answers, matched exactly (no prefixes, no file system paths): the page's
 * own files, the report's files, and the API. Handlers parse, predict and answer; any failure
 * becomes a JSON error and the server goes on.
 */
final class Routes implements HttpHandler {
    private final ModelService model;
    private final StaticFiles files;
    private final int maxBody;

    Routes(ModelService model, StaticFiles files, int maxBody) {
        this.model = model;
        this.files = files;
        this.maxBody = maxBody;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            try {
                route(ex, ex.getRequestURI().getRawPath());
            } catch (ApiError e) {
                Exchanges.drain(ex);
                Exchanges.error(ex, e.status, e.getMessage());
            } catch (IOException e) {
                throw e;                                   // the client went away: nothing to answer
            } catch (RuntimeException e) {
                System.err.println("digitnet serve: internal error on " + ex.getRequestURI() + ": " + e);
                Exchanges.error(ex, 500, "internal error");
            }
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        switch (path) {
            case "/api/predict" -> {
                method(ex, "POST");
                byte[] body = Exchanges.body(ex, maxBody);
                PredictRequests.Parsed req = PredictRequests.parse(Exchanges.contentType(ex), body, model.model());
                Exchanges.json(ex, 200, prediction(model.predict(req.pixels()), req.preprocessed()));
            }
            case "/api/features" -> {
                method(ex, "POST");
                byte[] body = Exchanges.body(ex, maxBody);
                PredictRequests.Parsed req = PredictRequests.parse(Exchanges.contentType(ex), body, model.model());
                ModelService.Features f = model.features(req.pixels());
                Map<String, Object> m = prediction(f.prediction(), req.preprocessed());
                m.put("feature_maps", maps(f.maps()));
                Exchanges.json(ex, 200, m);
            }
            case "/api/health" -> {
                method(ex, "GET");
                Exchanges.json(ex, 200, Map.of("status", "ok"));
            }
            case "/api/model" -> {
                method(ex, "GET");
                Exchanges.json(ex, 200, modelDescription());
            }
            case "/api/samples" -> {
                method(ex, "GET");
                Exchanges.json(ex, 200, Samples.page(model.gallery(), ex.getRequestURI().getRawQuery()));
            }
            default -> {
                StaticFiles.File f = files.get(path);
                if (f == null) {
                    throw new ApiError(404, "no such path: " + path);
                }
                method(ex, "GET");
                f.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                Exchanges.send(ex, 200, f.type(), f.bytes());
            }
        }
    }

    private static void method(HttpExchange ex, String allowed) {
        if (!ex.getRequestMethod().equals(allowed)) {
            ex.getResponseHeaders().set("Allow", allowed);
            throw new ApiError(405, ex.getRequestMethod() + " is not allowed here; use " + allowed);
        }
    }

    private Map<String, Object> prediction(ModelService.Prediction p, boolean preprocessed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("digit", p.digit());
        m.put("label", model.model().labels().get(p.digit()));
        m.put("probabilities", p.probabilities());
        m.put("preprocessed", preprocessed);
        m.put("pixels", unsigned(p.pixels()));
        return m;
    }

    // each layer's maps: grey levels as base64 (channels x height x width bytes), a tenth of the JSON numbers' size
    private static List<Map<String, Object>> maps(List<FeatureMaps.LayerMaps> maps) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FeatureMaps.LayerMaps lm : maps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", lm.layer());
            m.put("kind", lm.kind());
            m.put("shape", List.of(lm.shape().channels(), lm.shape().height(), lm.shape().width()));
            m.put("channels", lm.channels());
            m.put("min", lm.min());
            m.put("max", lm.max());
            m.put("grey", Base64.getEncoder().encodeToString(lm.grey()));
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> modelDescription() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", model.model().architecture());
        m.put("channels", model.model().channels());
        m.put("pictures", model.model().readsMnistPictures() ? "mnist" : "resized");
        m.put("height", model.model().height());
        m.put("width", model.model().width());
        m.put("classes", model.model().labels());
        m.put("metrics", model.model().metrics());
        m.put("training", model.model().training());
        m.put("report", files.hasReport());
        m.put("feature_maps", model.hasFeatureMaps());
        ModelService.Gallery g = model.gallery();
        m.put("gallery", g == null ? null : Map.of("description", g.description(), "count", g.images().count()));
        return m;
    }

    static List<Integer> unsigned(byte[] pixels) {
        List<Integer> v = new ArrayList<>(pixels.length);
        for (byte b : pixels) {
            v.add(b & 0xFF);
        }
        return v;
    }
}
