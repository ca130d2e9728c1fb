#pragma once
// The encoding fit lives in core/analysis with the ridge engine it calls (no LibTorch), so the thin front end can
// fit; this header keeps the includes of the LibTorch layers working unchanged.
#include "core/analysis/EncodingModel.h"
