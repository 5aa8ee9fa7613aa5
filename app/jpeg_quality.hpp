#pragma once
// How coarsely a JPEG file was quantised, from the quantisation tables in its header (the DQT
// segments): the compression error is part of what the deconvolution must not amplify.
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace deblur::app {

// One DQT table: 64 steps in zig-zag order, as stored.
using QuantisationTable = std::array<int, 64>;

// The tables of the JPEG file at `path`, in the order they are defined (the first is the luminance's
// in every common encoder); empty for a file that is not a JPEG or holds none before its first scan.
std::vector<QuantisationTable> read_quantisation_tables(const std::string& path);

// The RMS error that uniform quantisation with `table` leaves in a pixel, in units of full scale
// (255): √(mean of step²/12) / 255 — the DCT is orthonormal, so the coefficients' error variances
// average into the pixels'. An upper bound: coefficients quantised to zero err by less.
double quantisation_rms(const QuantisationTable& table);

}  // namespace deblur::app
