package digitnet.data.folder;

/**
 * A picture's format and size read from its first bytes, without ImageIO (whose reader lookup costs
 * more than the read for small pictures): PNG's IHDR, GIF's logical screen, BMP's info header, JPEG's
 * first start-of-frame marker. Null when the bytes are none of these or end too soon; the decoder then
 * decides.
 *
 * @param format the ImageIO format name: "png", "gif", "bmp" or "jpeg"
 */
record PictureHeader(String format, int width, int height) {

    static PictureHeader of(byte[] b, int length) {
        if (length >= 24 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R') {
            return new PictureHeader("png", be32(b, 16), be32(b, 20));
        }
        if (length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return new PictureHeader("gif", u8(b, 6) | u8(b, 7) << 8, u8(b, 8) | u8(b, 9) << 8);
        }
        if (length >= 26 && b[0] == 'B' && b[1] == 'M' && le32(b, 14) >= 40) {
            return new PictureHeader("bmp", le32(b, 18), Math.abs(le32(b, 22)));   // negative height: rows top-down
        }
        if (length >= 4 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8) {
            return jpeg(b, length);
        }
        return null;
    }

    /** The first SOFn marker's height and width; markers are walked by their lengths. */
    private static PictureHeader jpeg(byte[] b, int length) {
        int at = 2;
        while (at + 9 <= length) {
            if (u8(b, at) != 0xFF) {
                return null;
            }
            int marker = u8(b, at + 1);
            if (marker == 0xFF) {
                at++;                                   // fill byte
                continue;
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                return new PictureHeader("jpeg", u8(b, at + 7) << 8 | u8(b, at + 8), u8(b, at + 5) << 8 | u8(b, at + 6));
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                at += 2;                                // markers without a length
                continue;
            }
            at += 2 + (u8(b, at + 2) << 8 | u8(b, at + 3));
        }
        return null;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int be32(byte[] b, int i) {
        return u8(b, i) << 24 | u8(b, i + 1) << 16 | u8(b, i + 2) << 8 | u8(b, i + 3);
    }

    private static int le32(byte[] b, int i) {
        return u8(b, i) | u8(b, i + 1) << 8 | u8(b, i + 2) << 16 | u8(b, i + 3) << 24;
    }
}
