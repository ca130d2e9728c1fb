#pragma once
// The ridge engine lives in core/analysis (plain BLAS and LAPACK, no LibTorch), so the thin front end can fit;
// this header keeps the includes of the LibTorch layers working unchanged.
#include "core/analysis/RidgeCv.h"
