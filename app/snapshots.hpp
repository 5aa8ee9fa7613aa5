#pragma once
// --snapshots DIR: the current estimate and kernel as PNGs every N iterations (headless monitoring).
#include "solvers/blind_deconvolution.hpp"

#include <string>

namespace deblur::app {

class SnapshotWriter {
 public:
  // Creates `folder` if needed; throws BadInput if it cannot.
  SnapshotWriter(const std::string& folder, int every);
  // Writes scale<S>_iter<NNNN>_{estimate,kernel}.png when the iteration is a multiple of `every`.
  void write(const solvers::IterationInfo& info);

 private:
  std::string folder_;
  int every_;
};

}  // namespace deblur::app
