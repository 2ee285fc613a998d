#include "uccert/cli/app.h"

int main(int argc, char** argv) { return uccert::cli::run(argc, argv); }
