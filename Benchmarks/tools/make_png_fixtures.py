#!/usr/bin/env python3
"""Writes the PNG decoder fixtures in Tests/ImagesTests/Fixtures/.

Each fixture is a small image with odd dimensions (so Adam7's partial passes and sub-byte row padding occur),
written by the minimal PNG encoder below so that every colour type, bit depth, filter type (row r uses filter
r mod 5), interlacing and multi-chunk IDAT can be produced. The expected pixels are the source arrays themselves
(never a decoder's output), in the Swift `Raster` convention:
  * samples are 8-bit: depths 1, 2, 4 are scaled by 255 / (2^depth - 1); 16-bit samples keep their high byte;
  * palette images expand to RGB, or RGBA when a tRNS chunk is present;
  * a tRNS colour key adds an alpha channel (0 where the raw sample equals the key, else 255).
Pillow independently decodes every fixture and must agree (where its mode maps onto ours), so the fixtures
themselves are known to be valid PNGs. Also copies one real Omniglot PNG with its Pillow-decoded pixels.

Run: python3 Benchmarks/tools/make_png_fixtures.py   (needs numpy and pillow)
Writes NAME.png and NAME.pixels (raw expected samples), and manifest.txt: `NAME width height channels`.
"""
import os
import struct
import zipfile
import zlib

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ImagesTests", "Fixtures")
OMNIGLOT = os.path.join(HERE, "..", "..", "..", "shared", "omniglot", "images_background_small1.zip")
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def pack_row(samples, depth):
    """Packs one row of raw samples (already flattened over channels) at the given bit depth."""
    if depth == 8:
        return bytes(int(v) for v in samples)
    if depth == 16:
        return b"".join(struct.pack(">H", int(v)) for v in samples)
    out, acc, bits = bytearray(), 0, 0
    for v in samples:
        acc = (acc << depth) | int(v)
        bits += depth
        if bits == 8:
            out.append(acc)
            acc, bits = 0, 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_rows(rows, bpp, first_filter):
    out, previous = bytearray(), bytes(len(rows[0])) if rows else b""
    for index, row in enumerate(rows):
        kind = (first_filter + index) % 5
        filtered = bytearray()
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            filtered.append((x - predictor) & 0xFF)
        out += bytes([kind]) + filtered
        previous = row
    return bytes(out)


def encode(raw, color_type, depth, interlace=False, palette=None, trns=None, idat_chunk=None):
    """raw: (height, width, channels) array of raw samples at `depth`."""
    height, width, channels = raw.shape
    bpp = max(1, channels * depth // 8)
    data = b""
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for number, (x0, y0, dx, dy) in enumerate(passes):
        sub = raw[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        rows = [pack_row(sub[r].reshape(-1), depth) for r in range(sub.shape[0])]
        data += filter_rows(rows, bpp, first_filter=number)
    compressed = zlib.compress(data, 9)
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 1 if interlace else 0))
    png += chunk(b"tEXt", b"Comment\x00ancillary chunk, ignored")
    if palette is not None:
        png += chunk(b"PLTE", bytes(palette.reshape(-1).astype(np.uint8)))
    if trns is not None:
        png += chunk(b"tRNS", trns)
    step = idat_chunk or len(compressed)
    for start in range(0, len(compressed), step):
        png += chunk(b"IDAT", compressed[start:start + step])
    return png + chunk(b"IEND", b"")


def expected(raw, color_type, depth, palette=None, palette_alpha=None, key=None):
    if color_type == 3:
        table = palette if palette_alpha is None else np.concatenate([palette, palette_alpha[:, None]], axis=1)
        return table[raw[:, :, 0]].astype(np.uint8)
    scaled = raw >> 8 if depth == 16 else raw * 255 // ((1 << depth) - 1)
    scaled = scaled.astype(np.uint8)
    if key is not None:
        alpha = np.where(np.all(raw == np.array(key), axis=2), 0, 255).astype(np.uint8)
        scaled = np.concatenate([scaled, alpha[:, :, None]], axis=2)
    return scaled


def pillow_check(path, want, color_type, depth):
    """Pillow must decode the fixture to the same pixels, whenever its mode is directly comparable."""
    im = Image.open(path)
    im.load()
    if color_type == 3:
        got = np.array(im.convert("RGBA" if want.shape[2] == 4 else "RGB"))
    elif depth == 16 and color_type == 0 and want.shape[2] == 1:
        got = (np.array(im).astype(np.uint32) >> 8).astype(np.uint8)[:, :, None]
    elif depth == 16 or want.shape[2] != CHANNELS[color_type]:
        return  # Pillow reduces 16-bit colour and applies colour keys its own way; the source array is the truth
    else:
        got = np.array(im.convert({1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}[want.shape[2]]))
        if got.ndim == 2:
            got = got[:, :, None]
    assert np.array_equal(got, want), f"Pillow disagrees on {path}"


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20211121)
    width, height = 13, 11
    manifest = []

    def add(name, color_type, depth, interlace=False, palette=None, palette_alpha=None, key=None, idat_chunk=None, raw=None):
        channels = CHANNELS[color_type]
        if raw is None:
            top = (len(palette) if palette is not None else 1 << depth)
            raw = rng.integers(0, top, size=(height, width, channels))
            # Smooth regions as well as noise, so every filter predicts something useful somewhere.
            raw[: height // 2, : width // 2] = raw[0, 0]
        trns = None
        if palette_alpha is not None:
            trns = bytes(palette_alpha.astype(np.uint8))
        if key is not None:
            raw[3, 4] = key
            trns = b"".join(struct.pack(">H", k) for k in key)
        png = encode(raw, color_type, depth, interlace, palette, trns, idat_chunk)
        want = expected(raw, color_type, depth, palette, palette_alpha, key)
        path = os.path.join(OUT, name + ".png")
        with open(path, "wb") as f:
            f.write(png)
        with open(os.path.join(OUT, name + ".pixels"), "wb") as f:
            f.write(want.tobytes())
        pillow_check(path, want, color_type, depth)
        manifest.append(f"{name} {want.shape[1]} {want.shape[0]} {want.shape[2]}")

    for interlace in (False, True):
        suffix = "_adam7" if interlace else ""
        for depth in (1, 2, 4, 8, 16):
            add(f"grey{depth}{suffix}", 0, depth, interlace)
        for depth in (8, 16):
            add(f"greyalpha{depth}{suffix}", 4, depth, interlace)
            add(f"rgb{depth}{suffix}", 2, depth, interlace)
            add(f"rgba{depth}{suffix}", 6, depth, interlace)
        for depth in (1, 2, 4, 8):
            entries = min(1 << depth, 37)
            palette = rng.integers(0, 256, size=(entries, 3))
            add(f"palette{depth}{suffix}", 3, depth, interlace, palette=palette)
            alpha = rng.integers(0, 256, size=(max(1, entries - 1),))  # shorter than the palette: the rest are opaque
            full_alpha = np.concatenate([alpha, np.full(entries - len(alpha), 255)])
            add(f"palette{depth}_trns{suffix}", 3, depth, interlace, palette=palette, palette_alpha=full_alpha)
    add("grey8_key", 0, 8, key=[77])
    add("grey16_key", 0, 16, key=[4660])
    add("rgb8_key", 2, 8, key=[10, 20, 30])
    add("rgb8_split_idat", 2, 8, idat_chunk=20)

    with zipfile.ZipFile(OMNIGLOT) as archive:
        data = archive.read("images_background_small1/Balinese/character01/0108_01.png")
    with open(os.path.join(OUT, "omniglot_0108_01.png"), "wb") as f:
        f.write(data)
    im = Image.open(os.path.join(OUT, "omniglot_0108_01.png"))
    assert im.mode == "1"
    pixels = np.array(im.convert("L"))
    with open(os.path.join(OUT, "omniglot_0108_01.pixels"), "wb") as f:
        f.write(pixels.tobytes())
    manifest.append(f"omniglot_0108_01 {im.width} {im.height} 1")

    with open(os.path.join(OUT, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")
    print(f"wrote {len(manifest)} fixtures to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
