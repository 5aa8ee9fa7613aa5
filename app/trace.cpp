#include "app/trace.hpp"

#include "app/errors.hpp"

#include <fmt/format.h>

namespace deblur::app {

void TraceWriter::write(const solvers::IterationInfo& i) {
  if (!out_.is_open()) {
    out_.open(path_);
    if (!out_) throw RunFailure(fmt::format("{}: cannot create the trace file", path_));
    out_ << "scale,num_scales,iteration,objective,data_term,prior_term,step_x,step_h,kernel_change,seconds\n";
  }
  out_ << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", i.scale, i.num_scales, i.iteration, i.data_term + i.prior_term,
                      i.data_term, i.prior_term, i.step_x, i.step_h, i.kernel_change, i.seconds);
  out_.flush();
  if (!out_) throw RunFailure(fmt::format("{}: write failed", path_));
}

}  // namespace deblur::app
