#pragma once
// `voxellens select --study DIR --maps [--clusters K] --out DIR`: the caption map and the category selectivity maps
// of a whole study as GIfTI files per hemisphere, with maps.json (legend, categories, data used, agreement with the
// planted truth on a demo study, provenance). The caption map: every response column captioned by the BrainSCUBA
// projection, k-means of the projected embeddings into K clusters (default 7) named by the words of the nearest
// captions. Per bank category (its tags): d' predicted by the encoder and, from the measured training responses, d',
// a one-sided permutation p (1000 shuffles of the image labels) and d' where Benjamini-Hochberg q <= 0.05.
#include <string>
#include <vector>

namespace vl::app {

int runSelectMapsCommand(const std::vector<std::string>& arguments);

}  // namespace vl::app
