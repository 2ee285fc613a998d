// Reading a certificate file whole, refused in one line naming the path when it is missing,
// unreadable, not a regular file, or larger than the limit (decided from its size before reading,
// so a hostile multi-gigabyte file costs nothing). Opening never waits: a FIFO is refused, not read.
#pragma once

#include <cstddef>
#include <string>

#include "uccert/pki/certificate.h"
#include "uccert/pki/error.h"

namespace uccert::pki {

// "10 MiB" for a whole number of mebibytes, else "N bytes": how size limits are said.
std::string mib_text(std::size_t bytes);

Result<Bytes> read_file(const std::string& path, std::size_t limit);

}  // namespace uccert::pki
