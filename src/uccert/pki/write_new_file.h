// Writing files that must not exist yet (a private key, a request, a profile): each is written
// whole to a temporary name in its own folder, then linked under its name, which fails rather than
// replace a file that appeared meanwhile. Several files are all written or none is left behind.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "uccert/pki/error.h"

namespace uccert::pki {

struct NewFile {
  std::string path;
  std::string_view data;
  bool private_file = false;  // mode 0600 from creation (a key); else 0644
};

// Writes every file or none: refuses when one of them exists (naming it), and removes the ones
// already written when a later one fails. Every error is one line naming the file.
Status write_new_files(const std::vector<NewFile>& files);

}  // namespace uccert::pki
