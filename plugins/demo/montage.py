"""Contact sheet of a stimulus bank: one row per category, the first `per_row` images of each.
usage: /usr/bin/python3 plugins/demo/montage.py BANK_DIR OUT.png [per_row] [scale]"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image

CATEGORIES = ["face", "place", "body", "word", "object", "food", "pattern"]


def main():
    bank = Path(sys.argv[1])
    stimuli = bank / "stimuli" if (bank / "stimuli").is_dir() else bank
    out = Path(sys.argv[2])
    per_row = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    scale = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    images = np.load(stimuli / "images.npy", mmap_mode="r")
    categories = [line.split("\t")[1] for line in (stimuli / "tags.tsv").read_text().splitlines()]
    n, h, w, _ = images.shape
    gap = 2
    sheet = np.full((len(CATEGORIES) * (h + gap), per_row * (w + gap), 3), 255, np.uint8)
    for row, category in enumerate(CATEGORIES):
        picks = [i for i, c in enumerate(categories) if c == category][:per_row]
        for col, i in enumerate(picks):
            sheet[row * (h + gap):row * (h + gap) + h, col * (w + gap):col * (w + gap) + w] = images[i]
    picture = Image.fromarray(sheet)
    if scale > 1:
        picture = picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)
    picture.save(out, optimize=True)


if __name__ == "__main__":
    main()
