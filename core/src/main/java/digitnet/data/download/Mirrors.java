package digitnet.data.download;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks mirror and file URLs: absolute http or https with a host, no user info, no fragment. */
public final class Mirrors {
    private Mirrors() {}

    /** The mirrors as folder URLs (a missing trailing '/' is added), in the same order. */
    public static List<URI> checked(List<URI> mirrors) {
        if (mirrors == null || mirrors.isEmpty()) {
            throw new IllegalArgumentException("at least one mirror is needed");
        }
        List<URI> out = new ArrayList<>();
        for (URI m : mirrors) {
            URI u = checkedUrl(m);
            if (u.getRawQuery() != null) {
                throw new IllegalArgumentException(m + ": a mirror URL is a folder; it takes no query");
            }
            String s = u.toString();
            out.add(s.endsWith("/") ? u : URI.create(s + "/"));
        }
        return List.copyOf(out);
    }

    /** The URL itself when it is an absolute http or https URL with a host; throws otherwise. */
    public static URI checkedUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(url + ": only http and https URLs are fetched");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException(url + ": the URL names no host");
        }
        if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException(url + ": a URL with user info or a fragment is not accepted");
        }
        return url;
    }
}
