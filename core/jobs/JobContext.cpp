#include "core/jobs/JobContext.h"

namespace vl::core {

JobContext JobContext::slice(double begin, double end) const {
  if (!sink_) return JobContext(token_, nullptr);
  auto parent = sink_;
  return JobContext(token_, [parent, begin, end](const JobProgress& p) {
    parent({begin + (end - begin) * p.fraction, p.message});
  });
}

}  // namespace vl::core
