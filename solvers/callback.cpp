#include "solvers/callback.hpp"

namespace deblur::solvers {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool callback_stops(const IterationCallback& callback, const IterationInfo& info, ScaleSummary& scale, Summary& summary) {
  if (!callback || callback(info) == CallbackResult::Continue) return false;
  summary.stopped_by_callback = true;
  scale.stop_reason = StopReason::Callback;
  return true;
}

}  // namespace deblur::solvers
