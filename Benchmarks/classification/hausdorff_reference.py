# An independent check of `gns classify --method hausdorff`: the official demo (brendenlake/omniglot,
# python/one-shot-classification/demo_classification.py) re-done with numpy and scipy, the PNGs decoded by hand
# (the demo used scipy.ndimage.imread, which scipy no longer has). Usage:
#   python3 Benchmarks/classification/hausdorff_reference.py ../shared/omniglot/all_runs.zip
# Prints each run's error and the average (the demo states 38.8 %).
import sys, zipfile, zlib, struct, numpy as np
from scipy.spatial.distance import cdist

def png_grey(data):
    assert data[:8] == b'\x89PNG\r\n\x1a\n'
    pos, idat, hdr = 8, b'', None
    while pos < len(data):
        n, = struct.unpack('>I', data[pos:pos+4]); kind = data[pos+4:pos+8]; body = data[pos+8:pos+8+n]; pos += 12 + n
        if kind == b'IHDR': hdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT': idat += body
    w, h, depth, ctype, _, _, interlace = hdr
    assert ctype == 0 and interlace == 0, hdr
    raw = zlib.decompress(idat)
    stride = (w * depth + 7) // 8
    bpp = max(1, depth // 8)
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
        for x in range(stride):
            a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(np.unpackbits(np.frombuffer(bytes(line), np.uint8))[:w] if depth == 1 else np.frombuffer(bytes(line), np.uint8)[:w])
        prev = line
    return np.array(rows)

def points(z, name):
    I = png_grey(z.read(name)) == 0   # ink is black (0)
    r, c = I.nonzero()
    D = np.array([r, c], float).T
    return D - D.mean(axis=0)

def mhd(A, B):
    D = cdist(A, B)
    return max(D.min(axis=1).mean(), D.min(axis=0).mean())

z = zipfile.ZipFile(sys.argv[1])
errs = []
for r in range(1, 21):
    pairs = [l.split() for l in z.read('run%02d/class_labels.txt' % r).decode().splitlines() if l.strip()]
    test = [p[0] for p in pairs]; train = [p[1] for p in pairs]; answers = list(train)
    test.sort(); train.sort()
    tr = [points(z, f) for f in train]; te = [points(z, f) for f in test]
    yhat = [int(np.argmin([mhd(t, c) for c in tr])) for t in te]
    err = 100 - 100 * sum(train[yhat[i]] == answers[i] for i in range(len(te))) / len(te)
    errs.append(err); print('run %d error %.1f%%' % (r, err))
print('average error %.2f%%' % np.mean(errs))
