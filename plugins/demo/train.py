"""Trains the demo model bundles on the VoxelLens stimulus bank and exports them as TorchScript bundles.

usage: /usr/bin/python3 plugins/demo/train.py BANK_DIR OUT_DIR [--threads N]
       /usr/bin/python3 plugins/demo/train.py BANK_DIR OUT_DIR --classifier-only [--threads N]

BANK_DIR is what `voxellens stimuli --out BANK_DIR` writes (BANK_DIR/stimuli/images.npy, captions.txt, tags.tsv).
OUT_DIR receives image-encoder/, text-encoder/, generator/ (model.json + model.pt, vocab.txt for text),
SHA256SUMS and metrics.json. Everything is seeded; the split is fixed: index % 10 == 9 is held out.

Models (small on purpose: they train in minutes on two CPU cores):
  image encoder  64x64 RGB -> 128-d unit vector (2x2 average, 4 strided conv blocks, a spatial flatten so position
                 survives)
  text encoder   "word" tokens (model.json tokenizer) -> 128-d unit vector (embeddings + 2 trigram convolutions,
                 masked mean and max pooling)
  both trained contrastively (symmetric InfoNCE, learnable temperature) = a mini CLIP
  generator      128-d image embedding -> 64x64 RGB in [0, 1] (sub-pixel convolutions 4 -> 64), trained with L1 + image
                 gradient L1 on the frozen image encoder's embeddings
  classifier     (--classifier-only: trains and exports ONLY image-classifier/, leaving the other bundles and their
                 checksums as they are) 64x64 RGB -> probabilities of the bank's 7 categories; its own architecture
                 (a 3x3 conv, then 3x3 conv pairs, each with max pooling; global average pooling) and seed, trained on the category tags
                 alone, so that it can judge synthesised images without sharing anything with the models that made
                 them
"""
import argparse
import hashlib
import json
import os
import platform
import re
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 2026
EMBED = 128
MAX_TOKENS = 16
VALUE_RANGE = [0.0, 1.0]
MEAN = [0.5, 0.5, 0.5]
STD = [0.25, 0.25, 0.25]
LICENCE = "CC0-1.0 (trained by VoxelLens on its synthetic stimulus bank)"


# ----------------------------------------------------------------------------------------------- data
def load_bank(folder):
    folder = Path(folder)
    stimuli = folder / "stimuli" if (folder / "stimuli").is_dir() else folder
    images = np.load(stimuli / "images.npy")
    captions = (stimuli / "captions.txt").read_text(encoding="utf-8").splitlines()
    categories = [line.split("\t")[1] for line in (stimuli / "tags.tsv").read_text(encoding="utf-8").splitlines()]
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[3] != 3:
        raise SystemExit(f"{stimuli / 'images.npy'}: expected uint8 (N, H, W, 3), got {images.dtype} {images.shape}")
    if len(captions) != len(images) or len(categories) != len(images):
        raise SystemExit(f"{stimuli}: {len(images)} images, {len(captions)} captions, {len(categories)} tag lines")
    return images, captions, categories


def preprocess(images_uint8, value_range=VALUE_RANGE, mean=MEAN, std=STD):
    """The image pipeline of the image-encoder bundle's model.json: uint8 -> value_range -> (x - mean) / std, NCHW.
    Written from the model.json fields so that the export check can run it from the saved JSON."""
    low, high = value_range
    x = torch.from_numpy(np.ascontiguousarray(images_uint8)).permute(0, 3, 1, 2).float()
    x = low + x * ((high - low) / 255.0)
    mean = torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1)
    std = torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1)
    return (x - mean) / std


def words(caption):
    """The contract's "word" tokenizer: lower case, maximal runs of ASCII letters and digits."""
    return re.findall(r"[a-z0-9]+", caption.lower())


def build_vocabulary(captions):
    vocab = sorted({w for c in captions for w in words(c)})
    return ["<pad>", "<unk>"] + vocab


def tokenize(captions, vocab):
    index = {w: i for i, w in enumerate(vocab)}
    out = np.zeros((len(captions), MAX_TOKENS), dtype=np.int64)  # pad_id 0
    for row, caption in enumerate(captions):
        ids = [index.get(w, 1) for w in words(caption)][:MAX_TOKENS]  # unknown_id 1
        out[row, :len(ids)] = ids
    return torch.from_numpy(out)


# ----------------------------------------------------------------------------------------------- models
class ImageEncoder(nn.Module):
    """Sees the image at 32x32 (a 2x2 average first): the demo has two shared CPU cores to train on."""
    def __init__(self):
        super().__init__()
        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=2, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))
        self.features = nn.Sequential(nn.AvgPool2d(2), block(3, 32), block(32, 64), block(64, 96), block(96, 128))  # 32 -> 2
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(128 * 2 * 2, 256), nn.ReLU(inplace=True), nn.Linear(256, EMBED))

    def forward(self, x):
        return F.normalize(self.head(self.features(x)), dim=1)


class TextEncoder(nn.Module):
    def __init__(self, vocabulary_size):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary_size, 64, padding_idx=0)
        self.position = nn.Parameter(torch.zeros(1, MAX_TOKENS, 64))
        self.conv1 = nn.Conv1d(64, 128, 3, padding=1)
        self.conv2 = nn.Conv1d(128, 128, 3, padding=1)
        self.head = nn.Linear(2 * 128, EMBED)

    def forward(self, tokens):
        mask = (tokens != 0).float().unsqueeze(1)  # B x 1 x T
        x = (self.embedding(tokens) + self.position).transpose(1, 2)  # B x 64 x T
        x = F.relu(self.conv1(x)) * mask
        x = F.relu(self.conv2(x)) * mask
        mean = x.sum(dim=2) / mask.sum(dim=2).clamp(min=1.0)
        peak = (x - (1.0 - mask) * 1e4).amax(dim=2)
        return F.normalize(self.head(torch.cat([mean, peak], dim=1)), dim=1)


class Generator(nn.Module):
    """4x4 -> 64x64 by sub-pixel convolutions (conv to 4x the channels, then PixelShuffle): on CPU cheaper than
    transposed convolutions and without their checkerboard artefacts."""
    def __init__(self):
        super().__init__()
        self.project = nn.Sequential(nn.Linear(EMBED, 128 * 4 * 4), nn.ReLU(inplace=True))
        def up(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout * 4, 3, padding=1), nn.PixelShuffle(2), nn.BatchNorm2d(cout),
                                 nn.ReLU(inplace=True))
        self.decode = nn.Sequential(up(128, 64), up(64, 32), up(32, 16), nn.Conv2d(16, 3 * 4, 3, padding=1),
                                    nn.PixelShuffle(2))

    def forward(self, embedding):
        return torch.sigmoid(self.decode(self.project(embedding).view(-1, 128, 4, 4)))


CLASSIFIER_SEED = 3031
CATEGORIES = ["body", "face", "food", "object", "pattern", "place", "word"]


class CategoryClassifier(nn.Module):
    """Another family than the image encoder (max pooling and a global average instead of strided convolutions and
    a spatial flatten), so that its verdicts are not the encoder's in disguise."""
    def __init__(self, categories):
        super().__init__()
        def stage(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                                 nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                                 nn.MaxPool2d(2))
        first = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True), nn.MaxPool2d(2))
        self.features = nn.Sequential(first, stage(16, 24), stage(24, 48), stage(48, 64))  # 64 -> 4
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(64, categories))

    def forward(self, x):
        return torch.softmax(self.head(self.features(x)), dim=1)

    def logits(self, x):
        return self.head(self.features(x))


def degrade(x, generator):
    """The judge must read the generator's images, which are blurry and nearly colourless (README): half of each
    batch is blurred by a random amount and a random half of those loses most of its colour."""
    n = len(x)
    pick = torch.rand(n, generator=generator) < 0.5
    if pick.any():
        blurred = F.avg_pool2d(F.pad(x[pick], (1, 1, 1, 1), mode="replicate"), 3, stride=1)
        blurred = F.avg_pool2d(F.pad(blurred, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
        grey = blurred.mean(dim=1, keepdim=True)
        keep = torch.rand(len(blurred), 1, 1, 1, generator=generator).lt(0.5).float()
        x = x.clone()
        x[pick] = keep * blurred + (1 - keep) * (0.25 * blurred + 0.75 * grey)
    return x


def train_classifier(images, labels, epochs, log):
    torch.manual_seed(CLASSIFIER_SEED)
    model = CategoryClassifier(len(CATEGORIES))
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    steps = epochs * (len(images) // 128)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=steps, pct_start=0.2)
    shuffle = torch.Generator().manual_seed(CLASSIFIER_SEED + 1)
    for epoch in range(epochs):
        model.train()
        total, n, start = 0.0, 0, time.time()
        for batch in batches(len(images), 128, shuffle):
            loss = F.cross_entropy(model.logits(degrade(images[batch], shuffle)), labels[batch])
            optimiser.zero_grad(); loss.backward(); optimiser.step(); schedule.step()
            total += loss.item(); n += 1
        log(f"classifier epoch {epoch + 1}/{epochs}: loss {total / n:.4f}, {time.time() - start:.1f} s")
    model.eval()
    return model


def classifier_only(args, images, categories, log, started):
    """Trains and exports image-classifier/ alone; adds its lines to SHA256SUMS and its block to metrics.json,
    leaving every other bundle file and metric as it was."""
    out = Path(args.out)
    unknown = sorted(set(categories) - set(CATEGORIES))
    if unknown:
        raise SystemExit(f"{args.bank}: categories {unknown} are not among {CATEGORIES}")
    labels = torch.tensor([CATEGORIES.index(c) for c in categories], dtype=torch.int64)
    held = np.arange(len(images)) % 10 == 9
    train_idx, test_idx = np.where(~held)[0], np.where(held)[0]
    pixels = preprocess(images)
    model = train_classifier(pixels[train_idx], labels[train_idx], args.classifier_epochs, log)
    with torch.no_grad():
        probabilities = encode(model, pixels[test_idx])
        degraded = encode(model, degrade(pixels[test_idx], torch.Generator().manual_seed(CLASSIFIER_SEED + 2)))
    accuracy = (probabilities.argmax(1) == labels[test_idx]).float().mean().item()
    degraded_accuracy = (degraded.argmax(1) == labels[test_idx]).float().mean().item()
    per_category = {c: float((probabilities.argmax(1) == labels[test_idx])[labels[test_idx] == i].float().mean())
                    for i, c in enumerate(CATEGORIES)}
    log(f"held-out classifier accuracy {accuracy:.4f} (blurred/desaturated half: {degraded_accuracy:.4f}), "
        f"per category {per_category}")
    with torch.no_grad():
        traced = torch.jit.trace(model, pixels[test_idx[:4]])
    image_input = {"shape": [-1, 3, 64, 64], "dtype": "float32", "value_range": VALUE_RANGE, "mean": MEAN, "std": STD}
    write_bundle(out / "image-classifier", "demo-category-judge", "image_classifier", traced, image_input,
                 {"shape": [-1, len(CATEGORIES)], "labels": CATEGORIES},
                 "Category classifier (a conv and three conv-pair stages with max pooling, global average pooling) trained on the "
                 "stimulus bank's category tags only (seed 2026 bank, 9000 images, its own seed 3031); 64x64 RGB -> "
                 "probabilities of body, face, food, object, pattern, place, word. A judge of synthesised images that "
                 "shares no weights with the encoder or generator.")
    with torch.no_grad():
        reloaded = torch.jit.load(str(out / "image-classifier" / "model.pt"))
        difference = (encode(reloaded, pixels[test_idx]) - probabilities).abs().max().item()
    assert difference < 1e-4, f"classifier: reloaded TorchScript differs by {difference}"
    sums_file = out / "SHA256SUMS"
    lines = [l for l in (sums_file.read_text().splitlines() if sums_file.exists() else [])
             if not l.split("  ", 1)[-1].startswith("image-classifier/")]
    lines += [f"{sha256(out / f)}  {f}" for f in sorted(str(p.relative_to(out)) for p in (out / "image-classifier").glob("*"))]
    sums_file.write_text("\n".join(sorted(lines, key=lambda l: l.split("  ", 1)[-1])) + "\n")
    metrics_file = out / "metrics.json"
    metrics = json.loads(metrics_file.read_text()) if metrics_file.exists() else {}
    metrics["classifier"] = {
        "seed": CLASSIFIER_SEED, "epochs": args.classifier_epochs, "categories": CATEGORIES,
        "held_out_accuracy": accuracy, "held_out_accuracy_blurred_desaturated": degraded_accuracy,
        "held_out_per_category": per_category, "reload_max_abs_difference": difference,
        "seconds": round(time.time() - started, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores visible, torch.set_num_threads({args.threads}), "
                   f"torch {torch.__version__}, Python {platform.python_version()}",
        "size_bytes": (out / "image-classifier" / "model.pt").stat().st_size,
    }
    metrics_file.write_text(json.dumps(metrics, indent=2) + "\n")
    log(f"done: wrote {out / 'image-classifier'}")


# ----------------------------------------------------------------------------------------------- training
def batches(count, size, generator):
    order = torch.randperm(count, generator=generator)
    for start in range(0, count - size + 1, size):
        yield order[start:start + size]


def train_clip(images, tokens, vocab_size, epochs, log):
    image_encoder, text_encoder = ImageEncoder(), TextEncoder(vocab_size)
    logit_scale = nn.Parameter(torch.tensor(np.log(1 / 0.07), dtype=torch.float32))
    params = list(image_encoder.parameters()) + list(text_encoder.parameters()) + [logit_scale]
    optimiser = torch.optim.AdamW(params, lr=2e-3, weight_decay=1e-4)
    steps = epochs * (len(images) // 256)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=2e-3, total_steps=steps, pct_start=0.15)
    shuffle = torch.Generator().manual_seed(SEED + 1)
    for epoch in range(epochs):
        image_encoder.train(); text_encoder.train()
        total, n, start = 0.0, 0, time.time()
        for batch in batches(len(images), 256, shuffle):
            zi = image_encoder(images[batch])
            zt = text_encoder(tokens[batch])
            logits = logit_scale.exp().clamp(max=100) * zi @ zt.t()
            target = torch.arange(len(batch))
            loss = (F.cross_entropy(logits, target) + F.cross_entropy(logits.t(), target)) / 2
            optimiser.zero_grad(); loss.backward(); optimiser.step(); schedule.step()
            total += loss.item(); n += 1
        log(f"clip epoch {epoch + 1}/{epochs}: loss {total / n:.3f}, temperature {1 / logit_scale.exp().item():.4f}, "
            f"{time.time() - start:.1f} s")
    image_encoder.eval(); text_encoder.eval()
    return image_encoder, text_encoder, float(1 / logit_scale.exp().item())


def image_gradients(x):
    return x[:, :, :, 1:] - x[:, :, :, :-1], x[:, :, 1:, :] - x[:, :, :-1, :]


def train_generator(embeddings, targets, epochs, log):
    generator = Generator()
    optimiser = torch.optim.AdamW(generator.parameters(), lr=2e-3, weight_decay=1e-5)
    steps = epochs * (len(targets) // 128)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=2e-3, total_steps=steps, pct_start=0.15)
    shuffle = torch.Generator().manual_seed(SEED + 2)
    for epoch in range(epochs):
        generator.train()
        total, n, start = 0.0, 0, time.time()
        for batch in batches(len(targets), 128, shuffle):
            out = generator(embeddings[batch])
            target = targets[batch]
            gx, gy = image_gradients(out)
            tx, ty = image_gradients(target)
            loss = F.l1_loss(out, target) + 0.5 * (F.l1_loss(gx, tx) + F.l1_loss(gy, ty))
            optimiser.zero_grad(); loss.backward(); optimiser.step(); schedule.step()
            total += loss.item(); n += 1
        log(f"generator epoch {epoch + 1}/{epochs}: loss {total / n:.4f}, {time.time() - start:.1f} s")
    generator.eval()
    return generator


# ----------------------------------------------------------------------------------------------- evaluation
@torch.no_grad()
def encode(model, inputs, batch=500):
    return torch.cat([model(inputs[i:i + batch]) for i in range(0, len(inputs), batch)])


def retrieval(query, keys, query_captions, key_captions):
    """Top-1/top-5 accuracy of retrieving item i's partner among all held-out items. 'exact' needs the same index;
    'caption' also accepts another item with the identical caption text (the bank repeats some captions)."""
    similarity = query @ keys.t()
    top = similarity.topk(5, dim=1).indices
    exact1 = (top[:, 0] == torch.arange(len(query))).float().mean().item()
    exact5 = (top == torch.arange(len(query)).unsqueeze(1)).any(dim=1).float().mean().item()
    same1 = np.mean([key_captions[top[i, 0]] == query_captions[i] for i in range(len(query))])
    same5 = np.mean([any(key_captions[j] == query_captions[i] for j in top[i].tolist()) for i in range(len(query))])
    return {"top1": exact1, "top5": exact5, "top1_same_caption": float(same1), "top5_same_caption": float(same5)}


def pixel_correlation(a, b):
    a = a.flatten(1) - a.flatten(1).mean(dim=1, keepdim=True)
    b = b.flatten(1) - b.flatten(1).mean(dim=1, keepdim=True)
    return (a * b).sum(1) / (a.norm(dim=1) * b.norm(dim=1)).clamp(min=1e-8)


def ssim(a, b):
    """Mean SSIM of the luminance, 7x7 uniform windows, images in [0, 1]."""
    weights = torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)
    x, y = (a * weights).sum(1, keepdim=True), (b * weights).sum(1, keepdim=True)
    pool = lambda t: F.avg_pool2d(t, 7, stride=1)
    mx, my = pool(x), pool(y)
    vx, vy, cxy = pool(x * x) - mx * mx, pool(y * y) - my * my, pool(x * y) - mx * my
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    s = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return s.flatten(1).mean(1)


# ----------------------------------------------------------------------------------------------- export
def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def torch_version():
    return re.match(r"\d+\.\d+\.\d+", torch.__version__).group(0)


def write_bundle(folder, name, kind, traced, input_block, output_block, description):
    folder.mkdir(parents=True, exist_ok=True)
    model_file = folder / "model.pt"
    traced.save(str(model_file))
    manifest = {
        "format": "voxellens-model", "version": 1, "name": name, "kind": kind, "torchscript": "model.pt",
        "torch_version": torch_version(), "sha256": sha256(model_file), "input": input_block, "output": output_block,
        "licence": LICENCE, "description": description,
    }
    (folder / "model.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bank")
    parser.add_argument("out")
    # One thread by default: on a shared, loaded machine two OpenMP threads spin at every barrier and ran 4-7x
    # slower per step than one (measured: 4.4 s vs 1.0 s for an image-encoder step at load average 11).
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--clip-epochs", type=int, default=16)
    parser.add_argument("--generator-epochs", type=int, default=8)
    parser.add_argument("--classifier-only", action="store_true",
                        help="train and export only image-classifier/ (the other bundles stay byte-identical)")
    parser.add_argument("--classifier-epochs", type=int, default=5)
    args = parser.parse_args()
    torch.manual_seed(SEED); np.random.seed(SEED)
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    log_lines = []
    def log(message):
        line = f"[{time.time() - started:7.1f} s] {message}"
        print(line, flush=True); log_lines.append(line)

    images, captions, categories = load_bank(args.bank)
    if images.shape[1:3] != (64, 64):
        raise SystemExit(f"the demo models take 64x64 images; the bank has {images.shape[1]}x{images.shape[2]}")
    if args.classifier_only:
        classifier_only(args, images, categories, log, started)
        return
    held = np.arange(len(images)) % 10 == 9
    train_idx, test_idx = np.where(~held)[0], np.where(held)[0]
    vocab = build_vocabulary([captions[i] for i in train_idx])
    tokens = tokenize(captions, vocab)
    pixels = preprocess(images)
    log(f"bank {args.bank}: {len(images)} images, {len(train_idx)} train / {len(test_idx)} held out, "
        f"vocabulary {len(vocab)} words")

    image_encoder, text_encoder, temperature = train_clip(pixels[train_idx], tokens[train_idx], len(vocab),
                                                          args.clip_epochs, log)
    clip_seconds = time.time() - started
    test_captions = [captions[i] for i in test_idx]
    zi = encode(image_encoder, pixels[test_idx])
    zt = encode(text_encoder, tokens[test_idx])
    image_to_text = retrieval(zi, zt, test_captions, test_captions)
    text_to_image = retrieval(zt, zi, test_captions, test_captions)
    log(f"held-out image->caption {image_to_text}")
    log(f"held-out caption->image {text_to_image}")

    targets = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255.0
    train_embeddings = encode(image_encoder, pixels[train_idx])
    generator = train_generator(train_embeddings, targets[train_idx], args.generator_epochs, log)
    with torch.no_grad():
        reconstructed = encode(generator, zi)
    correlation = pixel_correlation(reconstructed, targets[test_idx])
    structural = ssim(reconstructed, targets[test_idx])
    mean_image = targets[train_idx].mean(0, keepdim=True).expand_as(targets[test_idx])
    baseline = pixel_correlation(mean_image, targets[test_idx])
    log(f"held-out generator: pixel r {correlation.mean():.3f} (mean-image baseline {baseline.mean():.3f}), "
        f"SSIM {structural.mean():.3f} (baseline {ssim(mean_image, targets[test_idx]).mean():.3f})")
    train_seconds = time.time() - started

    # Export, then check that what was saved is what was evaluated.
    example_images = pixels[test_idx[:4]]
    example_tokens = tokens[test_idx[:4]]
    with torch.no_grad():
        traced_image = torch.jit.trace(image_encoder, example_images)
        traced_text = torch.jit.trace(text_encoder, example_tokens)
        traced_generator = torch.jit.trace(generator, zi[:4])
    image_input = {"shape": [-1, 3, 64, 64], "dtype": "float32", "value_range": VALUE_RANGE, "mean": MEAN, "std": STD}
    write_bundle(out / "image-encoder", "demo-clip-image", "image_embedder", traced_image, image_input,
                 {"shape": [-1, EMBED], "normalized": True},
                 "Mini-CLIP image encoder (4 conv blocks) trained contrastively with demo-clip-text on the VoxelLens "
                 "stimulus bank (seed 2026, 9000 images); 64x64 RGB -> 128-d unit vector.")
    (out / "text-encoder").mkdir(parents=True, exist_ok=True)
    (out / "text-encoder" / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    write_bundle(out / "text-encoder", "demo-clip-text", "text_embedder", traced_text,
                 {"shape": [-1, MAX_TOKENS], "dtype": "int64",
                  "tokenizer": {"kind": "word", "vocabulary": "vocab.txt", "max_tokens": MAX_TOKENS, "lowercase": True,
                                "pad_id": 0, "unknown_id": 1}},
                 {"shape": [-1, EMBED], "normalized": True},
                 "Mini-CLIP caption encoder (word embeddings, two trigram convolutions, masked mean+max pooling) "
                 "paired with demo-clip-image; captions -> 128-d unit vector.")
    write_bundle(out / "generator", "demo-clip-generator", "generator", traced_generator,
                 {"shape": [-1, EMBED], "dtype": "float32"},
                 {"shape": [-1, 3, 64, 64], "value_range": [0.0, 1.0]},
                 "Sub-pixel convolution decoder from demo-clip-image embeddings back to 64x64 RGB images in [0, 1], "
                 "trained with L1 + gradient L1 on the frozen encoder's embeddings of the stimulus bank.")

    # Reload every bundle from disk and reproduce the evaluated outputs; run the image pipeline from the saved JSON.
    saved = json.loads((out / "image-encoder" / "model.json").read_text())
    from_json = preprocess(images[test_idx], saved["input"]["value_range"], saved["input"]["mean"], saved["input"]["std"])
    assert torch.equal(from_json, pixels[test_idx]), "model.json image pipeline differs from the training pipeline"
    with torch.no_grad():
        reloaded_image = torch.jit.load(str(out / "image-encoder" / "model.pt"))
        reloaded_text = torch.jit.load(str(out / "text-encoder" / "model.pt"))
        reloaded_generator = torch.jit.load(str(out / "generator" / "model.pt"))
        checks = {
            "image_encoder": (encode(reloaded_image, from_json) - zi).abs().max().item(),
            "text_encoder": (encode(reloaded_text, tokens[test_idx]) - zt).abs().max().item(),
            "generator": (encode(reloaded_generator, zi) - reconstructed).abs().max().item(),
        }
    vocab_back = (out / "text-encoder" / "vocab.txt").read_text().splitlines()
    assert vocab_back == vocab and vocab_back[0] == "<pad>" and vocab_back[1] == "<unk>"
    log(f"reloaded TorchScript max abs differences: {checks}")
    for name, difference in checks.items():
        assert difference < 1e-4, f"{name}: reloaded TorchScript differs by {difference}"

    files = sorted(str(p.relative_to(out)) for p in out.glob("*/*") if p.is_file())
    (out / "SHA256SUMS").write_text("".join(f"{sha256(out / f)}  {f}\n" for f in files))
    metrics = {
        "bank": {"images": int(len(images)), "train": int(len(train_idx)), "held_out": int(len(test_idx)),
                 "split": "index % 10 == 9 held out", "vocabulary": len(vocab)},
        "seeds": {"torch": SEED, "clip_shuffle": SEED + 1, "generator_shuffle": SEED + 2},
        "epochs": {"clip": args.clip_epochs, "generator": args.generator_epochs},
        "temperature": temperature,
        "retrieval_held_out_1000": {"image_to_caption": image_to_text, "caption_to_image": text_to_image},
        "generator_held_out": {"pixel_correlation": float(correlation.mean()), "ssim": float(structural.mean()),
                               "mean_image_baseline_correlation": float(baseline.mean())},
        "reload_max_abs_difference": checks,
        "seconds": {"clip": round(clip_seconds, 1), "total_training": round(train_seconds, 1),
                    "with_export": round(time.time() - started, 1)},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores visible, torch.set_num_threads({args.threads}), "
                   f"torch {torch.__version__}, Python {platform.python_version()}",
        "sizes_bytes": {f: (out / f).stat().st_size for f in files},
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    (out / "train.log").write_text("\n".join(log_lines) + "\n")
    log(f"done: wrote {out}")


if __name__ == "__main__":
    main()
