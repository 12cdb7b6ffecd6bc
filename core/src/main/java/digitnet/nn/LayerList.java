package digitnet.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole network as a list of items on an input shape, ending in {@code linear:CLASSES}: the
 * network of {@code train --layers}. The constructor checks, before any weight exists, that every
 * item can work on the shape it is given; a list that cannot is refused with an
 * {@link InvalidLayerException} naming the item, its position and the shapes.
 */
public record LayerList(Shape input, List<LayerSpec> items, int classes) {
    public LayerList {
        items = List.copyOf(items);
        if (classes < 2 || classes > Architecture.MAX_UNITS) {
            throw new IllegalArgumentException("classes must be 2.." + Architecture.MAX_UNITS + ", got " + classes);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("the layer list is empty; it must end with linear:" + classes);
        }
        Shape shape = input;
        boolean flat = false;
        for (int i = 0; i < items.size(); i++) {
            LayerSpec item = items.get(i);
            try {
                shape = item.output(shape, flat);
            } catch (IllegalArgumentException e) {
                throw new InvalidLayerException(i + 1, items.size(), item.token(), shape, e.getMessage());
            }
            flat = item.flattens(flat);
        }
        LayerSpec last = items.get(items.size() - 1);
        if (!(last instanceof LayerSpec.Linear linear) || linear.out() != classes) {
            throw new InvalidLayerException(items.size(), items.size(), last.token(), shapeBefore(input, items),
                    "the last item must be linear:" + classes + ", one output per class, but it gives " + shape);
        }
    }

    public static LayerList of(Shape input, List<LayerSpec> items, int classes) {
        return new LayerList(input, items, classes);
    }

    /** The output shape of every item, in order (the last is (classes, 1, 1)). */
    public List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        Shape shape = input;
        boolean flat = false;
        for (LayerSpec item : items) {
            shape = item.output(shape, flat);
            flat = item.flattens(flat);
            shapes.add(shape);
        }
        return shapes;
    }

    /** Floats held by the weights and buffers of the network of this list (to bound a model file before building it). */
    public long stateFloats() {
        long floats = 0;
        Shape shape = input;
        List<Shape> shapes = shapes();
        for (int i = 0; i < items.size(); i++) {
            LayerSpec item = items.get(i);
            if (item instanceof LayerSpec.Conv c) {
                floats += (long) c.out() * shape.channels() * c.kernel() * c.kernel() + c.out();
            } else if (item instanceof LayerSpec.Linear l) {
                floats += (long) l.out() * shape.size() + l.out();
            } else if (item instanceof LayerSpec.BatchNormSpec) {
                floats += 4L * shape.channels() + 1;
            }
            shape = shapes.get(i);
        }
        return floats;
    }

    /** The list in its syntax: "conv:32:3,relu,maxpool:2,flatten,linear:10". */
    public String tokens() {
        StringBuilder b = new StringBuilder();
        for (LayerSpec item : items) {
            b.append(b.length() == 0 ? "" : ",").append(item.token());
        }
        return b.toString();
    }

    /** "1x28x28: conv:32:3,relu,...,linear:10". */
    @Override
    public String toString() {
        return input + ": " + tokens();
    }

    private static Shape shapeBefore(Shape input, List<LayerSpec> items) {
        Shape shape = input;
        boolean flat = false;
        for (int i = 0; i + 1 < items.size(); i++) {
            shape = items.get(i).output(shape, flat);
            flat = items.get(i).flattens(flat);
        }
        return shape;
    }

    /** An item that cannot work where it stands, with its 1-based position. */
    public static final class InvalidLayerException extends IllegalArgumentException {
        private final int position;
        private final String item;

        public InvalidLayerException(int position, int count, String item, Shape input, String reason) {
            super("layer " + position + " of " + count + " '" + item + "'"
                    + (input == null ? "" : " (input " + input + ")") + ": " + reason);
            this.position = position;
            this.item = item;
        }

        /** 1-based. */
        public int position() {
            return position;
        }

        public String item() {
            return item;
        }
    }
}
