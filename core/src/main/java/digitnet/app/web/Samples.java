package digitnet.app.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/samples?offset=0&limit=24&only=all|wrong}: a page of gallery digits with their
 * true label, the prediction and its probability, and the 784 pixels.
 */
final class Samples {
    static final int MAX_LIMIT = 100;

    private Samples() {}

    static Map<String, Object> page(ModelService.Gallery g, String rawQuery) {
        if (g == null) {
            throw new ApiError(404, "this server has no gallery");
        }
        Map<String, String> q = query(rawQuery);
        int offset = intParam(q, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(q, "limit", 24, 1, MAX_LIMIT);
        String only = q.getOrDefault("only", "all");
        if (!only.equals("all") && !only.equals("wrong")) {
            throw new ApiError(400, "only must be all or wrong, got '" + only + "'");
        }
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < g.images().count(); i++) {
            if (only.equals("all") || g.predicted()[i] != g.images().label(i)) {
                matching.add(i);
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int j = offset; j < Math.min(matching.size(), offset + (long) limit); j++) {
            int i = matching.get(j);
            byte[] px = g.images().image(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("index", i);
            item.put("label", g.images().label(i));
            item.put("predicted", g.predicted()[i]);
            item.put("confidence", g.confidence()[i]);
            item.put("pixels", Routes.unsigned(px));
            items.add(item);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", g.description());
        m.put("total", matching.size());
        m.put("offset", offset);
        m.put("items", items);
        return m;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                m.put(k, v);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "malformed query string");
            }
        }
        return m;
    }

    private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new ApiError(400, name + " must be " + min + ".." + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiError(400, name + " must be an integer, got '" + v + "'");
        }
    }
}
