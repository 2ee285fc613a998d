// The chains the differential test judges: one base chain (root -> intermediate -> leaf for
// www.example.com, valid now) and variations of it along independent axes (validity, names, EKU,
// key usage, basic constraints, name constraints, algorithms, chain shape, extensions).
//
// A variation is named by what it changes ("name=cn-only", "eku=any+shape=leaf-last"), so a
// name means the same chain from run to run and can key the list of known disagreements. The
// list holds the base, every value of every axis alone, and a deterministic sample of the
// two-axis combinations (chosen by a seeded hash of the combination's name, so adding a value to
// an axis adds combinations without reshuffling the others).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "uccert/lab/mint.h"

namespace uccert::testing::differential {

struct Axis {
  std::string_view name;
  std::vector<std::string_view> values;  // values[0] is the base chain's
};

const std::vector<Axis>& axes();

struct Variation {
  std::string name;                            // "base", or "axis=value[+axis=value]"
  std::map<std::string, std::string> changes;  // axis -> value, only the axes that differ from the base
  std::string value(std::string_view axis) const;  // the value on `axis` (the base's when unchanged)
};

// The base, every single change, and the sampled pairs; names unique, in a stable order.
std::vector<Variation> variations();

// A minted chain as a server would present it.
struct Chain {
  lab::Minted root;                  // the one trust anchor
  std::vector<lab::Minted> served;   // in the order the server sends them (may omit or add certificates)
  std::string dialled_name;          // the host name the client verifies
};

// Mints the chain of `variation` valid around `now` (validity windows are days away from now,
// so tools that read the clock themselves agree with the ones given `now`).
Chain build_chain(const Variation& variation, pki::UnixTime now);

}  // namespace uccert::testing::differential
