#pragma once
// Which gradients of the sharp estimate x the h-step sees. Weak gradients are mostly noise and
// ringing that pull h towards a delta, so only the strongest enter (Cho & Lee 2009).
#include "core/image.hpp"

namespace deblur::solvers {

// Zeroes all but the `count` entries of d of largest magnitude (ties at the cut kept); count ≤ 0 keeps all.
void keep_largest(Image& d, Index count);

// The gradients (∂_cols x, ∂_rows x) the h-step uses: all but the `count` largest |∂_d x| per
// direction zeroed (ties at the cut kept); count ≤ 0 keeps all.
struct EdgeGradients {
  Image cols, rows;
};
EdgeGradients select_edges(const Image& x, Index count);

// The count of select_edges for a k×k kernel and an m×n image: ratio·k·√(mn), about the number of
// pixels a set of edges whose blurred footprints cover the image needs (Cho & Lee; Xu & Jia 2010).
Index edge_count(double ratio, int k, Index m, Index n);

}  // namespace deblur::solvers
