#pragma once
// Digital topology on a 3x3x3 neighbourhood, for growing a voxel set without changing its topology: foreground
// voxels connect through faces (6-connectivity), background voxels through faces, edges or corners (26). A voxel is
// simple when adding it to (or removing it from) the foreground changes neither the number of components, nor
// tunnels, nor cavities of either set. The set must also stay well-composed (no voxels that touch only along an edge
// or at a corner), so that the boundary faces of the voxels form a 2-manifold with the set's own topology.
#include <cstdint>

namespace vl::core {

// Bit (dx + 1) + 3 (dy + 1) + 9 (dz + 1) of a neighbourhood is set when the voxel at offset (dx, dy, dz) from the
// centre, each in -1..1, is foreground. The centre's own bit (13) is ignored.
using Neighbourhood = std::uint32_t;
constexpr int neighbourBit(int dx, int dy, int dz) { return (dx + 1) + 3 * (dy + 1) + 9 * (dz + 1); }

// Foreground voxels of the 18-neighbourhood that are 6-adjacent to the centre, counted as 6-connected components.
int foregroundComponents6(Neighbourhood neighbourhood);
// Background voxels of the 26-neighbourhood, counted as 26-connected components.
int backgroundComponents26(Neighbourhood neighbourhood);
// Simple under (6, 26) connectivity: exactly one of each.
bool isSimplePoint(Neighbourhood neighbourhood);
// True when making the centre foreground would create a critical configuration: in a 2x2 square, two diagonal
// foreground voxels beside two background ones; in a 2x2x2 cube, two opposite-corner voxels of one kind and the
// other six of the other kind.
bool addingCentreBreaksWellComposedness(Neighbourhood neighbourhood);

}  // namespace vl::core
