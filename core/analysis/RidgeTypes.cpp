#include "core/analysis/RidgeTypes.h"

#include <cmath>

namespace vl::core {

std::vector<double> defaultRidgeAlphas() {
  std::vector<double> alphas;
  for (int e = -2; e <= 5; ++e) alphas.push_back(std::pow(10.0, e));
  return alphas;
}

std::string toString(RidgeSelection selection) {
  switch (selection) {
    case RidgeSelection::LeaveOneOut: return "leave-one-out";
    case RidgeSelection::KFold: return "k-fold";
    case RidgeSelection::GroupKFold: return "grouped k-fold";
  }
  return "unknown";
}

}  // namespace vl::core
