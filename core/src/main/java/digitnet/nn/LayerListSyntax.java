package digitnet.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the comma-separated layer list syntax ({@code conv:32:3,relu,maxpool:2,flatten,linear:10})
 * into {@link LayerSpec} items; {@link LayerList#tokens()} writes it back. Used by the command
 * line and by the model file, whose metadata records the list in this syntax. An item that cannot
 * be read is refused with an {@link LayerList.InvalidLayerException} naming it and its position.
 */
public final class LayerListSyntax {
    public static final String ITEMS = "conv:OUT:K[:STRIDE[:PAD]], maxpool:K, avgpool:K, batchnorm, relu, "
            + "dropout:P, flatten, linear:OUT";

    private LayerListSyntax() {}

    public static List<LayerSpec> parse(String list) {
        String[] tokens = list.split(",", -1);
        List<LayerSpec> items = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i].trim();
            try {
                items.add(item(token));
            } catch (IllegalArgumentException e) {
                throw new LayerList.InvalidLayerException(i + 1, tokens.length, token, null, e.getMessage());
            }
        }
        return items;
    }

    private static LayerSpec item(String token) {
        String[] f = token.split(":", -1);
        String name = f[0];
        return switch (name) {
            case "conv" -> {
                arity(f, 3, 5, "conv:OUT:K[:STRIDE[:PAD]]");
                yield LayerSpec.conv(integer(f[1]), integer(f[2]), f.length > 3 ? integer(f[3]) : 1,
                        f.length > 4 ? integer(f[4]) : 0);
            }
            case "maxpool" -> {
                arity(f, 2, 2, "maxpool:K");
                yield LayerSpec.maxPool(integer(f[1]));
            }
            case "avgpool" -> {
                arity(f, 2, 2, "avgpool:K");
                yield LayerSpec.avgPool(integer(f[1]));
            }
            case "batchnorm" -> {
                arity(f, 1, 1, "batchnorm");
                yield LayerSpec.batchNorm();
            }
            case "relu" -> {
                arity(f, 1, 1, "relu");
                yield LayerSpec.relu();
            }
            case "dropout" -> {
                arity(f, 2, 2, "dropout:P");
                yield LayerSpec.dropout(probability(f[1]));
            }
            case "flatten" -> {
                arity(f, 1, 1, "flatten");
                yield LayerSpec.flatten();
            }
            case "linear" -> {
                arity(f, 2, 2, "linear:OUT");
                yield LayerSpec.linear(integer(f[1]));
            }
            default -> throw new IllegalArgumentException("unknown item; items are " + ITEMS);
        };
    }

    private static void arity(String[] fields, int min, int max, String form) {
        if (fields.length < min || fields.length > max) {
            throw new IllegalArgumentException("expected " + form);
        }
    }

    private static int integer(String s) {
        if (!s.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("'" + s + "' is not a whole number");
        }
        return Integer.parseInt(s);
    }

    private static double probability(String s) {
        if (!s.matches("[0-9]*\\.?[0-9]+")) {
            throw new IllegalArgumentException("'" + s + "' is not a probability");
        }
        return Double.parseDouble(s);
    }
}
